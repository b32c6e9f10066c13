"""The instant check in headless Chromium (the session's `browser` of tests/integration/conftest.py) on a
real server: a person chooses a broken sheet, presses the button and reads row and column in the report.

Screenshots go to `shots` ($LOD_SCREENSHOTS, default: a temporary directory).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.server_fixture import serve_small_release

ROOT = Path(__file__).resolve().parents[2]  # the checkout
BROKEN = ROOT / "tests" / "data" / "spreadsheets" / "bad-dates.csv"


@pytest.fixture(scope="session")  # once a worker, not again each time xdist comes back to the module
def served(tmp_path_factory):
    with serve_small_release(tmp_path_factory.mktemp("served")) as running:
        yield running


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
