"""The negotiation room in a real browser: the distribution's Chromium (/usr/bin/chromium) driven by Playwright.

The server runs in a thread on a free loopback port; the test moves a licence's chance on its slider as a user
would, reads the new shares off the page and checks them against ``ipshare whatif`` with the same ``--set``
(rounded cents compared as strings), types a hostile value and reads the CLI's error line on the page, and keeps
a screenshot (tmp_path). Skipped only where /usr/bin/chromium or Playwright is missing, and never in CI: .ci/run
sets IPSHARE_CI=1, which turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BATTERY = ROOT / "scenarios" / "battery-alliance.yaml"
CHROMIUM = Path("/usr/bin/chromium")


def _need(condition, reason):
    if not condition:
        if os.environ.get("IPSHARE_CI"):
            pytest.fail(f"{reason}: CI must run the browser test (.ci/run installs chromium and the test extra)")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser_page():
    _need(CHROMIUM.exists(), f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "playwright is not installed")
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        from room_screenshot import CHROMIUM_ARGS, start
    finally:
        sys.path.pop(0)
    url, server = start(BATTERY)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # bypass_csp: the page's policy forbids evaluated strings, which Playwright's waits are.
            page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
            page.goto(url)
            yield page
            browser.close()
    finally:
        server.should_exit = True


def _wait_for_new_view(page, version):
    page.wait_for_function(f"document.getElementById('view').dataset.version !== {json.dumps(version)}",
                           timeout=30_000)


def _version(page):
    return page.locator("#view").get_attribute("data-version") or "0"


def _shares(page, rule):
    cells = page.locator(f'#view .share[data-rule="{rule}"]')
    return {cells.nth(i).get_attribute("data-member"): cells.nth(i).inner_text().replace(",", "")
            for i in range(cells.count())}


def test_moving_a_slider_gives_the_shares_of_ipshare_whatif(browser_page, tmp_path):
    page = browser_page
    slider = page.locator('.term[data-path="revenue.L1.probability"] input[type=range]')
    version = _version(page)
    slider.fill("0.8")  # a range input: Playwright sets its value and fires input and change, as a drag does
    _wait_for_new_view(page, version)
    page.wait_for_function("!document.getElementById('view').classList.contains('busy')")
    assert page.locator('input[name="set:revenue.L1.probability"]').input_value() == "0.8"
    shown = _shares(page, "shapley")
    result = CliRunner().invoke(cli, ["whatif", str(BATTERY), "--set", "revenue.L1.probability=0.8", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert shown == json.loads(result.stdout)["whatif"]["rounded"]["shapley"]
    assert "--set revenue.L1.probability=0.8" in page.locator("#command").inner_text()
    page.screenshot(path=str(tmp_path / "room.png"), full_page=True)
    assert (tmp_path / "room.png").stat().st_size > 10_000


def test_a_hostile_value_typed_in_shows_the_cli_line(browser_page):
    page = browser_page
    box = page.locator('input[name="set:revenue.L2.probability"]')
    version = _version(page)
    box.fill("<script>window.hacked=1</script>")
    _wait_for_new_view(page, version)
    line = page.locator("#view .error[role=alert]").inner_text()
    result = CliRunner().invoke(cli, ["whatif", str(BATTERY), "--set", "revenue.L1.probability=0.8",
                                      "--set", "revenue.L2.probability=<script>window.hacked=1</script>"])
    assert result.exit_code == 2 and line == result.stderr.strip()
    assert page.evaluate("window.hacked === undefined")
    version = _version(page)
    box.fill("0.7")
    _wait_for_new_view(page, version)
    assert page.locator("#view .error[role=alert]").count() == 0


def test_the_breakpoints_are_marked_on_the_slider(browser_page):
    page = browser_page
    marks = page.locator('.term[data-path="revenue.L2.probability"] .marks')
    marks.locator(".marks-text").wait_for(timeout=30_000)
    assert re.search(r"exact breakpoints \(shapley\): ≈ 0\.26832", marks.inner_text())
    assert page.locator("#l1 option").count() == 2


def test_the_breakpoints_follow_the_other_changes(browser_page):
    """Changing L2's upfront and the chances moves the crossings along L2's chance: the page shows those of
    ``ipshare sweep --symbolic`` with the same other changes, computed in the background after the view."""
    page = browser_page
    version = _version(page)
    page.locator('textarea[name="more"]').fill("revenue.L2.upfront=3500000")
    _wait_for_new_view(page, version)
    version = _version(page)
    page.locator('input[name="set:revenue.L1.probability"]').fill("0.3")
    _wait_for_new_view(page, version)
    args = ["sweep", str(BATTERY), "--symbolic", "--param", "revenue.L2.probability", "--from", "0", "--to", "1",
            "--set", "revenue.L1.probability=0.3", "--set", "revenue.L2.upfront=3500000", "-f", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    expected = [b["at"] for b in json.loads(result.stdout)["breakpoints"]]
    assert expected and all(at.endswith("/1026769290") for at in expected)  # not the file's /1002854445
    marks = page.locator('.term[data-path="revenue.L2.probability"] .marks')
    page.wait_for_function("document.querySelector('.term[data-path=\"revenue.L2.probability\"] .marks')"
                           ".innerText.includes('1026769290')", timeout=30_000)
    text = marks.inner_text()
    assert all(f"({at})" in text for at in expected) and "1002854445" not in text


def test_the_language_switch(browser_page):
    page = browser_page
    page.locator("nav.languages a", has_text="中文").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("谈判室")
    assert "lang=zh" in page.locator('img[src^="plot/split.svg"]').get_attribute("src")
    assert "lang=zh" in page.locator('a[href^="annex.pdf"]').get_attribute("href")
