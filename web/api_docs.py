"""`/api/docs`: the API's documentation page (Swagger UI), served whole from this server so that it works offline
and under the app's Content-Security-Policy: the Swagger UI 5 assets (OpenAPI 3.1) come from the installed
`fastapi-offline` package (only its files are used), the page starts it with a script file of ours (no inline
script), and no CDN is asked for anything."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)
SWAGGER_UI = str(files("fastapi_offline") / "static")  # swagger-ui-bundle.js and swagger-ui.css
DOCS_PATH = "/api/docs"
ASSETS = f"{DOCS_PATH}/assets"
PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>cityqa API</title>
  <link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="/api/openapi.json"></div>
  <script src="{ASSETS}/swagger-ui-bundle.js"></script>
  <script src="/static/api-docs.js"></script>
</body>
</html>
"""


def install_api_docs(app: FastAPI) -> None:
    """The page and its assets (the app is made with `docs_url=None`)."""
    app.mount(ASSETS, StaticFiles(directory=SWAGGER_UI), name="api-docs-assets")
    app.include_router(router)


@router.get(DOCS_PATH, response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    return HTMLResponse(PAGE)
