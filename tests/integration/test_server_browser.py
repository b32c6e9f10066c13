"""Headless Chromium (Debian chromium + chromedriver via selenium, the session's `browser` of
tests/integration/conftest.py) on a real server.

Screenshots go to $LOD_SCREENSHOTS (default: the test's temporary directory) to be looked at.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.integration.server_fixture import serve_small_release


@pytest.fixture(scope="session")  # once a worker, not again each time xdist comes back to the module
def served(tmp_path_factory):
    with serve_small_release(tmp_path_factory.mktemp("served")) as running:
        yield running


def test_measure_page_shows_a_script_title_as_text(served, browser, shots):
    alerts = []
    browser.get(served.url + "doc/maatregel/46013-2023-001")
    try:
        alerts.append(browser.switch_to.alert.text)
    except Exception:  # no alert is what we want  # noqa: BLE001
        pass
    assert alerts == []
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading == "Kruibeke: <script>alert('x')</script> & veilige fuiven"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    assert browser.execute_script("return document.querySelectorAll('script:not([type])').length") == 0
    browser.save_screenshot(str(shots / "measure-hostile.png"))


@pytest.mark.parametrize(("path", "heading"), [
    ("doc/maatregel/44021-2022-001", "Gentse Feesten: 360°-aanpak"),
    ("doc/maatregel/44021-2022-001?lang=en", "Ghent Festivities: 360° approach"),
    ("doc/gemeente/46030", "Beveren-Kruibeke-Zwijndrecht"),
    ("doc/organisatie/sensoa", "Sensoa"),
    ("doc/concept/maatregeltype/vorming", "Vorming"),
    ("", "Lokale maatregelen tegen seksueel geweld in het uitgaansleven"),
])
def test_pages_render(served, browser, shots, path, heading):
    browser.get(served.url + path)
    assert browser.find_element(By.TAG_NAME, "h1").text == heading
    skip = browser.find_element(By.CSS_SELECTOR, "a.skip")
    assert skip.get_attribute("href").endswith("#inhoud")
    name = (path or "landing").replace("/", "-").replace("?", "-").replace("=", "-")
    browser.save_screenshot(str(shots / f"{name}.png"))


def test_municipality_page_lists_predecessor_measures(served, browser):
    browser.get(served.url + "doc/gemeente/46030")
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "dl.per-kind dd > a")]
    assert "Kruibeke: <script>alert('x')</script> & veilige fuiven" in titles
    assert "Beveren-Kruibeke-Zwijndrecht: meldpunt op fuiven" in titles


def test_query_page_runs_a_query(served, browser, shots):
    browser.get(served.url + "query")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=query]").text
    browser.find_element(By.ID, "run").click()
    wait = WebDriverWait(browser, 30)
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#results table tbody tr")))
    rows = browser.find_elements(By.CSS_SELECTOR, "#results table tbody tr")
    titles = [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows]
    assert "Kruibeke: <script>alert('x')</script> & veilige fuiven" in titles
    assert len(rows) == 3
    link = rows[0].find_element(By.TAG_NAME, "a")  # its label shown, the canonical IRI on hover
    WebDriverWait(browser, 30).until(lambda b: not link.text.startswith("https://"))  # labels asked after
    assert link.text in titles
    assert link.get_attribute("title").startswith("https://w3id.org/veilig-uitgaan/id/maatregel/")
    assert link.get_attribute("href").startswith(served.url + "id/maatregel/")
    browser.save_screenshot(str(shots / "query-result.png"))


def test_query_page_shows_a_syntax_error(served, browser):
    browser.get(served.url + "query?lang=en")
    area = browser.find_element(By.ID, "query")
    area.clear()
    area.send_keys("SELECT ?x WHERE { ?x ")
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 30).until(
        expected_conditions.text_to_be_present_in_element((By.ID, "status"), "400"))
    assert "syntax" in browser.find_element(By.ID, "results").text


def test_query_page_example_picker_loads_the_example(served, browser):
    browser.get(served.url + "query")
    picker = Select(browser.find_element(By.ID, "examples"))
    assert len(picker.options) >= 2
    picker.select_by_index(len(picker.options) - 1)
    expected = picker.options[-1].get_attribute("value")
    assert browser.find_element(By.ID, "query").get_attribute("value") == expected
