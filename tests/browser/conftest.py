"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Playwright's own browser download does not work here, so we point it at the system
Chromium with the flags this machine needs (no sandbox as root, no background
networking: the network is closed and Chromium would stall on look-ups).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("BRIDGES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop; Django must allow ORM use from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def frozen_now():
    # Not pinned here: Chromium reads the real clock (check-in scans carry its time), so the
    # live server must too; these tests count their dates from the real now.
    yield None


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make services` (scripts/ensure-services.sh)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh phone-sized page (375 px wide) with ``page.base_url`` set to the live server."""
    context = chromium.new_context(viewport={"width": 375, "height": 812}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    browser_page = context.new_page()
    browser_page.base_url = live_server.url
    yield browser_page
    context.close()
