"""Makes the README's screenshots in docs/: the chat on a desktop and a phone, a citation, the widget on a city's
page and /exchanges. Run `make screenshots` (needs Chromium and the bench extra, whose Pillow shrinks the PNGs)."""

from __future__ import annotations

import sys
import tempfile
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot import open_bot  # noqa: E402
from index import Embedder, build_index  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, SEED_CORPUS, free_port, serving, write_corpus  # noqa: E402
from tests.test_pages_browser import council_corpus  # noqa: E402
from tests.test_widget_browser import _HostPage  # noqa: E402
from web.app import create_app  # noqa: E402
from web.settings import Settings  # noqa: E402

DOCS = REPO / "docs"
COLOURS = 96  # a palette this size keeps text crisp and a screenshot near 50 kB
CITY_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>City of Example</title><style>
body {{ margin: 0; font: 18px/1.6 Georgia, serif; color: #222; background: #fdfaf3; }}
header {{ background: #14532d; color: #fff; padding: 1rem 2rem; }} main {{ padding: 1rem 2rem; max-width: 40rem; }}
</style></head><body><header><h1>City of Example</h1></header><main><h2>Public hearings</h2>
<p>The council holds public hearings every month. Ask our assistant what was said, with the record quoted.</p>
</main><script src="{url}/widget.js" data-title="Ask the hearings" data-color="#14532d" data-open="true"
data-welcome="Hello! Ask me what was said at the hearings." data-suggestions="Which health forum will Qingdao host?"
defer></script></body></html>"""


def shrink(path: Path) -> None:
    image = Image.open(path).convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    print(f"{path.relative_to(REPO)}: {path.stat().st_size // 1024} kB")


def ask(page: Page, question: str) -> None:
    count = page.locator("#conversation .exchange").count()
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")
    page.locator("#conversation .exchange").nth(count).wait_for()


def app_for(corpus: Path, root: Path, embedder: Embedder, **settings: object) -> object:
    build_index(corpus, root / "index", embedder)
    config = Settings(corpus=corpus, index=root / "index", data=root / "data", rate_limit="", **settings)
    return create_app(config, bot=open_bot(root / "index", embedder))


def main() -> None:
    embedder = Embedder().load()
    host_port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        seed = app_for(SEED_CORPUS, root / "seed", embedder, allowed_origins=[f"http://127.0.0.1:{host_port}"])
        council = app_for(write_corpus(root / "council" / "corpus", council_corpus()), root / "council", embedder)
        with serving(seed) as url, serving(council) as council_url, sync_playwright() as playwright:
            city = {"/": CITY_PAGE.format(url=url).encode()}
            host = ThreadingHTTPServer(("127.0.0.1", host_port), partial(_HostPage, city))
            threading.Thread(target=host.serve_forever, daemon=True).start()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)

            page = browser.new_page(viewport={"width": 1280, "height": 820})
            page.goto(url)
            ask(page, "What did Lin Qing ask about?")
            ask(page, "What did Sun Lijie say?")
            page.locator("#conversation .exchange").last.locator("details.chip > summary").first.hover()
            page.screenshot(path=DOCS / "screenshot-chat-desktop.png")

            phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
            page = phone.new_page()
            page.goto(url)
            ask(page, "Which health forum will Qingdao host?")
            page.locator("details.chip > summary").first.tap()
            page.screenshot(path=DOCS / "screenshot-chat-phone.png")
            page.locator(".chip .preview a").first.click()
            page.wait_for_url("**/documents/**")
            page.screenshot(path=DOCS / "screenshot-citation-phone.png")

            page = browser.new_page(viewport={"width": 1280, "height": 820})
            page.goto(f"http://127.0.0.1:{host_port}/")
            chat = page.frame_locator("cityqa-widget iframe")
            chat.get_by_role("link", name="Which health forum will Qingdao host?").click()
            chat.locator("#conversation .exchange").wait_for()
            page.screenshot(path=DOCS / "screenshot-widget.png")

            page = browser.new_page(viewport={"width": 1280, "height": 820})
            page.goto(council_url + "/exchanges")
            page.screenshot(path=DOCS / "screenshot-exchanges.png")
            browser.close()
            host.shutdown()
    for name in ("chat-desktop", "chat-phone", "citation-phone", "widget", "exchanges"):
        shrink(DOCS / f"screenshot-{name}.png")


if __name__ == "__main__":
    main()
