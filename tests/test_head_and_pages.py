"""HEAD is answered wherever GET is, the favicon is served, and the README lists every page."""

from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def routes(client) -> list[object]:
    """The app's routes, those of its included routers too (FastAPI keeps them as a router each)."""
    found = []
    for route in client.app.routes:
        included = getattr(route, "original_router", None)
        found.extend(included.routes if included is not None else [route])
    return found


def get_paths(client) -> list[str]:
    return sorted({route.path for route in routes(client) if "GET" in (getattr(route, "methods", None) or set())
                   and not route.path.startswith("/static")})  # fmt: skip


def concrete(path: str, client, seed_bot) -> str:
    answer = client.post("/api/ask", json={"question": "Which textile park is mentioned?"}).json()
    values = {"document_id": next(iter(seed_bot.index.store.document_infos())), "slug": "sun-lijie",
              "answer_id": answer["id"], "code": "en", "name": "none.txt"}  # fmt: skip
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def test_head_is_answered_wherever_get_is(client, seed_bot):
    paths = get_paths(client)
    assert {"/", "/exchanges", "/documents/{document_id}", "/a/{answer_id}", "/favicon.ico", "/widget.js"} <= set(paths)
    for path in [*paths, "/static/style.css"]:
        url = concrete(path, client, seed_bot)
        got = client.get(url, follow_redirects=False)
        head = client.head(url, follow_redirects=False)
        assert (url, head.status_code) == (url, got.status_code)
        assert head.content == b"" and head.headers.get("content-type") == got.headers.get("content-type")
    assert client.head("/api/ask").status_code == 405  # POST only: no GET, so no HEAD either
    client.cookies.clear()  # /language/en set one; the session's other tests start without


def test_the_favicon_is_an_icon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert '<link rel="icon" href="http://testserver/static/favicon.svg"' in client.get("/").text


def test_the_readme_lists_every_page(client):
    """Every GET path (the JSON API's too), but FastAPI's own OAuth helper of the API docs page."""
    paths = [path for path in get_paths(client) if path != "/docs/oauth2-redirect"]
    assert [path for path in paths if f"`{path}" not in README] == []


def test_the_readme_shows_the_screenshots_and_they_are_small():
    linked = re.findall(r"\((docs/screenshot-[\w-]+\.png)\)", README)
    assert {"docs/screenshot-chat-desktop.png", "docs/screenshot-chat-phone.png", "docs/screenshot-widget.png",
            "docs/screenshot-exchanges.png"} <= set(linked)
    for name in linked:
        path = Path(__file__).resolve().parent.parent / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size < 100_000, name
