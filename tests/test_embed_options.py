"""What the widget's tag passes to /embed: a readable colour, a welcome, suggested questions; bad values left out."""

from __future__ import annotations

import pytest

from web.embed_options import _contrast_with_white, readable_accent


def test_the_frame_takes_the_widget_options_and_keeps_them_in_its_form(client):
    page = client.get("/embed", params=[("lang", "en"), ("color", "#14532d"), ("welcome", "Hello <b>there</b>"),
                                        ("suggest", "Who is Li Suman?"), ("suggest", "  ")]).text  # fmt: skip
    assert '<body class="embedded" data-embedded="true" data-accent="#14532d">' in page
    assert '<li class="welcome"><p>Hello &lt;b&gt;there&lt;/b&gt;</p></li>' in page
    assert '<a class="suggestion" href="/embed?lang=en&amp;color=%2314532d&amp;welcome=Hello+%3Cb%3Ethere%3C%2Fb%3E' \
           '&amp;suggest=Who+is+Li+Suman%3F&amp;q=Who%20is%20Li%20Suman%3F">Who is Li Suman?</a>' in page
    assert page.count('class="suggestion"') == 1  # the blank one is left out, the index's are replaced
    assert 'action="/embed?lang=en&amp;color=%2314532d&amp;welcome=' in page


@pytest.mark.parametrize("color", ["red", "#12345", "#ggg", "javascript:alert(1)", "#fff;background:url(x)"])
def test_a_colour_that_is_not_hex_is_left_out(client, color):
    assert "data-accent" not in client.get("/embed", params={"color": color}).text


@pytest.mark.parametrize(("color", "kept"), [("#0b5cad", "#0b5cad"), ("#14532d", "#14532d"), ("#000", "#000000")])
def test_a_dark_colour_is_kept(color, kept):
    assert readable_accent(color) == kept


@pytest.mark.parametrize("color", ["#ffd700", "#fff", "#7fdbff"])
def test_a_light_colour_is_darkened_until_white_text_reads(color):
    darker = readable_accent(color)
    rgb = [int(darker[i : i + 2], 16) for i in (1, 3, 5)]
    assert 4.5 <= _contrast_with_white(rgb) < 5.5  # readable, and not darker than it needs to be (within a step)
