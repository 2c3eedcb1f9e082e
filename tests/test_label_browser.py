"""The labelling page in a real browser (headless Chromium): keyboard only, then the file line by line.

Needs Debian's chromium and chromium-driver and selenium; skipped, with the
reason, when they are missing. Run with ``pytest -m browser``.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTICLES = Path(__file__).resolve().parent / "data" / "labelling" / "articles"
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists() and not shutil.which(Path(path).name):
            return f"{path} is missing (apt-get install -y chromium chromium-driver)"
    return None


@pytest.fixture
def browser():
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in FLAGS.split():
        options.add_argument(flag)
    options.add_argument("--window-size=1280,1000")
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def server(tmp_path):
    into = tmp_path / "answers.jsonl"
    cmd = [sys.executable, "-c", "from classifier.cli import main; main()", "label", str(ARTICLES),
           "--into", str(into), "--no-browser", "--retrain-every", "0", "--order", "sequential"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    url = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and url is None:
        line = proc.stderr.readline()
        if "labelling page:" in line:
            url = line.split("labelling page:")[1].split()[0]
        elif not line and proc.poll() is not None:
            break
    if url is None:
        proc.kill()
        pytest.fail(f"the server did not start: {proc.stderr.read()}")
    yield url, into
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait(driver, condition, timeout=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def _text(driver) -> str:
    return driver.find_element("id", "text").text


def _set_and_accept(driver, wanted: set[str]):
    """Switch the toggles to exactly ``wanted`` with their keys, then press Enter."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    before = _text(driver)
    keys = []
    for button in driver.find_elements("css selector", ".sector"):
        on = "on" in button.get_attribute("class").split()
        if on != (button.get_attribute("data-id") in wanted):
            keys.append(button.find_element("css selector", ".key").text)
    chain = ActionChains(driver)
    for k in keys:
        chain.send_keys(k)
    chain.perform()
    on = {b.get_attribute("data-id") for b in driver.find_elements("css selector", ".sector.on")}
    assert on == wanted
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    _wait(driver, lambda d: _text(d) != before)
    return before


def test_label_three_paragraphs_go_back_and_change_one(browser, server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    url, into = server
    browser.get(url)
    _wait(browser, lambda d: _text(d).strip() != "")
    assert len(browser.find_elements("css selector", ".sector")) == 15

    first = _set_and_accept(browser, {"diplomacy"})
    second = _text(browser)
    ActionChains(browser).send_keys("x").perform()  # no sector
    _wait(browser, lambda d: _text(d) != second)
    third = _set_and_accept(browser, {"economy", "energy"})
    fourth = _text(browser)
    assert len({first, second, third, fourth}) == 4

    ActionChains(browser).send_keys(Keys.BACKSPACE).perform()  # back to the third answer
    _wait(browser, lambda d: _text(d) == third)
    on = {b.get_attribute("data-id") for b in browser.find_elements("css selector", ".sector.on")}
    assert on == {"economy", "energy"}  # shows the answer given
    _set_and_accept(browser, {"transport"})
    assert _text(browser) == fourth  # and goes on where it was

    lines = into.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    got = [json.loads(line) for line in lines]
    assert [g["text"] for g in got] == [first, second, third]
    assert [g["sectors"] for g in got] == [["diplomacy"], [], ["transport"]]
    assert all(g["source"] == "labelled" and g["article"] for g in got)
    progress = browser.find_element("id", "progress").text
    assert progress.startswith("3 répondus")
