"""Make docs/room.png: the negotiation room on scenarios/battery-alliance.yaml in headless Chromium, after moving
licence L1's chance to 0.8 and adding the nucleolus as a comparison rule.

    PYTHONPATH=. python3 docs/room_screenshot.py [OUT.png]

Needs Playwright (pip install playwright; no `playwright install`) and the distribution's /usr/bin/chromium.
"""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def start(path, lang="en"):
    """The room for ``path`` served on a free loopback port in a thread; returns (url, server)."""
    import uvicorn

    from ipshare.room.app import create_app
    from ipshare.room.engine import Room

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(Room(path, lang=lang)), log_level="warning", access_log=False,
                            lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.05)
    return f"http://127.0.0.1:{listener.getsockname()[1]}/", server


def move(page, path, value):
    """Set the slider of ``path`` to ``value`` as a user would (input event), and wait for the new view."""
    version = page.locator("#view").get_attribute("data-version") or "0"
    page.locator(f'.term[data-path="{path}"] input[type=range]').evaluate(
        "(slider, value) => { slider.value = value; slider.dispatchEvent(new Event('input', {bubbles: true})); }",
        str(value))
    page.wait_for_function(f"document.getElementById('view').dataset.version !== '{version}'")


def main(out):
    import os

    from playwright.sync_api import sync_playwright

    os.chdir(ROOT)  # the page names the file as given: scenarios/battery-alliance.yaml
    url, server = start(Path("scenarios") / "battery-alliance.yaml")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 900}, bypass_csp=True)  # for wait_for_function
            page.goto(url)
            page.locator('input[name=rule][value=nucleolus]').check()
            page.wait_for_function("document.getElementById('view').dataset.version === '1'")
            move(page, "revenue.L1.probability", "0.8")
            page.wait_for_load_state("networkidle")
            page.locator(".marks-text").first.wait_for()
            height = page.evaluate("document.querySelector('#view h2:nth-of-type(1)') && "
                                   "document.body.scrollHeight")
            # The controls, the shares, the clauses and the plots (the alliance's tables and graph follow).
            page.screenshot(path=str(out), full_page=True,
                            clip={"x": 0, "y": 0, "width": 1600, "height": min(int(height), 1900)})
            browser.close()
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "room.png")
