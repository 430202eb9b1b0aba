"""What a city site's widget tag passes to the chat's frame (`/embed?color=&welcome=&suggest=`): validated here,
as anything in a URL may be typed by anyone. A colour too light for white text is darkened until it reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request

MAX_WELCOME_CHARS = 300
MAX_SUGGESTIONS = 6
MAX_SUGGESTION_CHARS = 200
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_READABLE = 4.5  # WCAG AA contrast for normal text, against white


@dataclass(frozen=True)
class EmbedOptions:
    accent: str | None = None  # '#rrggbb', readable on white
    welcome: str | None = None
    suggestions: tuple[str, ...] = ()


def embed_options(request: Request) -> EmbedOptions:
    """The options of an /embed request; a bad value is left out (the frame still works), never an error."""
    query = request.query_params
    color = query.get("color", "")
    welcome = " ".join(query.get("welcome", "").split())[:MAX_WELCOME_CHARS]
    suggestions = tuple(" ".join(s.split())[:MAX_SUGGESTION_CHARS] for s in query.getlist("suggest") if s.strip())
    return EmbedOptions(readable_accent(color) if _HEX.match(color) else None, welcome or None,
                        suggestions[:MAX_SUGGESTIONS])  # fmt: skip


def readable_accent(color: str) -> str:
    """`color` ('#abc' or '#aabbcc') as '#rrggbb', darkened in steps until white text on it reads (4.5:1)."""
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    rgb = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    while _contrast_with_white(rgb) < _READABLE:
        rgb = [int(c * 0.9) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _contrast_with_white(rgb: list[int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
    return 1.05 / (luminance + 0.05)
