"""The built book in a real browser: headless Chromium opens every chapter from localhost,
every <img> must have loaded, no glue key or error may be left unrendered; a full-page
screenshot per chapter is saved under _build/screenshots/."""
import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
from conftest import chapter_files

from fmnist_lib.runtime.memo import PROJECT_ROOT

# Debian's Chromium, or (Ubuntu, where it is a snap) Playwright's own download
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PLAYWRIGHT_CHROMIUM = sorted(Path.home().glob(".cache/ms-playwright/chromium-*/chrome-linux*/chrome"))
pytestmark = [pytest.mark.book,
              pytest.mark.skipif(CHROMIUM is None and not PLAYWRIGHT_CHROMIUM,
                                 reason="Chromium is not installed (apt-get install chromium, "
                                 "or playwright install chromium); .ci/run installs it")]
# Flags for a closed network (see BUILD-NOTES.md): no background connections at all.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LEFTOVERS = re.compile(r"\{glue[:a-z]*\}|Traceback \(most recent call last\)|"
                       r"Error: |Warning: some results")


@pytest.fixture(scope="module")
def server(built_book):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(built_book / "_build" / "html"))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=FLAGS, headless=True,  # None: Playwright's
            viewport={"width": 1280, "height": 900})
        yield context
        context.close()


@pytest.mark.parametrize("chapter", chapter_files())
def test_chapter_renders_in_chromium(server, browser, chapter):
    page = browser.new_page()
    response = page.goto(f"{server}/{chapter}.html", wait_until="load")
    assert response.ok, f"{chapter}: HTTP {response.status}"
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    broken = page.evaluate("Array.from(document.images)"
                           ".filter(i => i.naturalWidth === 0).map(i => i.src)")
    assert broken == [], f"{chapter}: images that did not load: {broken}"
    # every figure says what it shows: no missing alt text, none that is a file path
    alts = page.evaluate("Array.from(document.querySelectorAll('main img')).map(i => i.alt)")
    bad = [a for a in alts if not a or re.search(r"\.(png|svg|jpe?g)$|/_images/", a)]
    assert bad == [], f"{chapter}: images without a description: {bad}"
    text = page.inner_text("main")
    assert not LEFTOVERS.search(text), f"{chapter}: {LEFTOVERS.search(text).group(0)!r} left"
    shots = PROJECT_ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{Path(chapter).name}.png"), full_page=True)
    page.close()
