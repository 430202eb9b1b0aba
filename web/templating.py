"""The Jinja2 environment of the pages (autoescaping everything that is not marked safe; every page gets the
interface language and its messages)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.templating import Jinja2Templates

from bot.models import turn_url
from ingest import is_web_address
from web.i18n import template_context

# A path on this site; not '//host' or '/\host' (another site), no spaces (browsers drop tabs: '/\t/host').
_SITE_PATH = re.compile(r"/(?![/\\])[^\s\\]*")
templates = Jinja2Templates(directory=Path(__file__).parent / "templates", context_processors=[template_context])


def is_safe_link(url: object) -> bool:
    """Only http(s) addresses and paths on this site are rendered as links, whatever an index holds."""
    return isinstance(url, str) and (is_web_address(url) or _SITE_PATH.fullmatch(url) is not None)


templates.env.tests["safe_link"] = is_safe_link
templates.env.globals["turn_url"] = turn_url
