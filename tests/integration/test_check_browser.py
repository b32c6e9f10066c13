"""The instant check in headless Chromium (Debian chromium + chromedriver via selenium) on a real
server: a person chooses a broken sheet, presses the button and reads row and column in the report.

Screenshots go to $LOD_SCREENSHOTS (default: the test's temporary directory).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.server_fixture import serve_small_release

ROOT = Path(__file__).resolve().parents[2]  # the checkout
BROKEN = ROOT / "tests" / "data" / "spreadsheets" / "bad-dates.csv"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve_small_release(tmp_path_factory.mktemp("served")) as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory, chromium, program):
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1200,1000", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.add_argument("--lang=nl-BE")
    options.add_experimental_option("prefs", {"intl.accept_languages": "nl-BE,nl"})
    driver = webdriver.Chrome(options=options, service=Service(program("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = Path(os.environ.get("LOD_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.mark.parametrize(("query", "heading", "column_title"), [
    ("", "Controleer een bestand met maatregelen", "Kolom"),
    ("?lang=en", "Check a file of measures", "Column"),
])
def test_the_check_page_answers_a_broken_sheet_with_row_and_column(served, browser, shots, query, heading,
                                                                   column_title):
    browser.get(served.url + "controle" + query)
    assert browser.find_element(By.TAG_NAME, "h1").text == heading
    browser.find_element(By.ID, "bestand").send_keys(str(BROKEN))
    browser.find_element(By.ID, "check").click()
    WebDriverWait(browser, 60).until(expected_conditions.presence_of_element_located((By.ID, "problems")))
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#problems th")]
    assert column_title in headers
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in browser.find_elements(By.CSS_SELECTOR, "#problems tbody tr.problem-error")]
    where = {(r[1], r[2], r[3], r[4]) for r in rows}
    assert ("bad-dates.csv", "2", "startdatum", "31/02/2023") in where
    assert ("bad-dates.csv", "3", "startdatum", "juni 2023") in where
    assert browser.find_element(By.ID, "report").get_attribute("data-ok") == "false"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == ("en" if query else "nl")
    browser.save_screenshot(str(shots / f"check-broken{query.replace('?lang=', '-')}.png"))
