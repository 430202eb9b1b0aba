"""The Jinja2 environment of the pages (autoescaping everything that is not marked safe; every page gets the
interface language and its messages)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from web.i18n import template_context

templates = Jinja2Templates(directory=Path(__file__).parent / "templates", context_processors=[template_context])
