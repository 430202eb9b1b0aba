"""HTML to the marked-up plain text that cleaning understands: headings as '#', list items as '-'."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

_DROP = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg"]
_BLOCKS = {"p", "div", "blockquote", "pre", "dd", "dt", "td", "th", "section", "article", "main"}


def html_to_text(html: str) -> tuple[str, str | None]:
    """The page's text as paragraphs separated by blank lines, and its title if it has one."""
    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title") or soup.find("h1")
    title = _text(title_tag) if title_tag else None
    for tag in soup(_DROP):
        tag.decompose()
    body = soup.body or soup
    lines: list[str] = []
    for element in body.find_all(True):
        if element.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(element.name[1])
            lines.append("#" * level + " " + _text(element))
        elif element.name == "li":
            lines.append("- " + _text(element))
        elif element.name in _BLOCKS and not element.find(list(_BLOCKS) + ["li", "h1", "h2", "h3", "ul", "ol"]):
            lines.append(_text(element))
        elif element.name == "br":
            lines.append("")
    if not lines:
        lines = [body.get_text("\n", strip=True)]
    return "\n\n".join(line for line in lines if line.strip()), title or None


def _text(element: Tag) -> str:
    return " ".join(element.get_text().split())
