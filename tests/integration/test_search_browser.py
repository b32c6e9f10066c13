"""Search, facets, the municipality picker and the query page in headless Chromium, on the real
release (the session's `release`), three ways: served by `lod serve`, opened from file://, and
from a plain static HTTP server (python -m http.server). The session's `browser` (conftest.py).

The expected measures come from the release's dumps through SPARQL (pyoxigraph), never from the
search index the page uses. Waits are for a state of the page (WebDriverWait), never for a time.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import free_port, missing

VU = "https://w3id.org/veilig-uitgaan/ns#"
MODES = ("served", "file", "static-http")
WAIT = 30  # the most a page state is waited for before the test fails (not a speed check)


def _answering(url: str, process: subprocess.Popen) -> None:
    """Wait until `url` answers (a bounded number of tries), or fail with the server's output."""
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            try:
                process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass
    raise RuntimeError(f"{url} did not answer")


@pytest.fixture(scope="session")  # once a worker, not again each time xdist comes back to the module
def roots(release: Path, tmp_path_factory) -> Iterator[dict[str, str]]:
    """The release's root URL in each mode: `lod serve`, file:// and a plain static server."""
    if not (release / "zoeken" / "index.html").is_file():
        pytest.fail("the release has no search page (zoeken/index.html)")
    serve_port, static_port = free_port(), free_port()
    served = subprocess.Popen([sys.executable, "-m", "lod", "serve", "--release", str(release),
                               "--port", str(serve_port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, cwd=tmp_path_factory.mktemp("serve"))
    static = subprocess.Popen([sys.executable, "-m", "http.server", str(static_port), "--bind", "127.0.0.1",
                               "--directory", str(release)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _answering(f"http://127.0.0.1:{serve_port}/zoeken", served)
        _answering(f"http://127.0.0.1:{static_port}/zoeken/index.html", static)
        yield {"served": f"http://127.0.0.1:{serve_port}/", "file": release.as_uri() + "/",
               "static-http": f"http://127.0.0.1:{static_port}/"}
    finally:
        for process in (served, static):
            process.terminate()
            process.wait(10)


@pytest.fixture(scope="session")
def graph(release: Path) -> Store:
    store = Store()
    store.load(path=str(release / "dumps" / "veilig-uitgaan.nt"), format=RdfFormat.N_TRIPLES)
    return store


def page(mode: str, path: str, *, lang: str = "nl", query: str = "") -> str:
    """The address of a site path ('zoeken/index', '') in a mode and language."""
    if mode == "served":
        path = "" if path == "index" else path
        params = [p for p in (query, "lang=en" if lang == "en" else "") if p]
        return path + ("?" + "&".join(params) if params else "")
    suffix = ".en.html" if lang == "en" else ".html"
    return (path or "index") + suffix + ("?" + query if query else "")


def results(browser) -> list[str]:
    """The measure ids of the result cards, once the search has drawn them."""
    WebDriverWait(browser, WAIT).until(
        lambda b: b.find_element(By.ID, "zoek-status").text not in ("", "De zoekindex laadt…",
                                                                    "Loading the search index…"))
    # one script for every card's link, not a WebDriver round trip per card (0.3 s -> 0.01 s for 30)
    hrefs = browser.execute_script(
        "return [...document.querySelectorAll('#resultaten li.card h3 a')].map(a => a.href)")
    return [href.split("/doc/maatregel/")[1].split(".")[0].split("?")[0] for href in hrefs]


def measures_where(graph: Store, pattern: str) -> set[str]:
    rows = graph.query(f"PREFIX vu: <{VU}> PREFIX dct: <http://purl.org/dc/terms/> "
                       f"SELECT DISTINCT ?id WHERE {{ ?m a vu:Maatregel ; dct:identifier ?id . {pattern} }}")
    return {r["id"].value for r in rows}


def other_hosts(browser, root: str) -> list[str]:
    """Resources the page loaded from anywhere but the release itself."""
    names = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return [n for n in names if not n.startswith(root)]


@pytest.mark.parametrize("mode", MODES)
def test_typing_angela_finds_the_ask_for_angela_measures(mode, roots, browser, graph, shots):
    browser.get(roots[mode] + page(mode, "zoeken/index"))
    box = browser.find_element(By.ID, "zoek-q")
    box.send_keys("Angela", Keys.ENTER)
    found = results(browser)
    angela = measures_where(graph, '?m dct:title ?t FILTER(CONTAINS(LCASE(STR(?t)), "angela"))')
    assert angela and angela <= set(found), (angela, found)
    assert found[0] in angela  # the title matches first
    assert other_hosts(browser, roots[mode]) == []
    # MiniSearch ran (the release carries it), not the fallback matcher
    assert browser.execute_script("return typeof window.MiniSearch") == "function"
    browser.save_screenshot(str(shots / f"search-angela-{mode}.png"))


@pytest.mark.parametrize("mode", MODES)
def test_a_province_facet_narrows_the_results_to_that_province(mode, roots, browser, graph):
    browser.get(roots[mode] + page(mode, "zoeken/index"))
    everything = results(browser)
    assert set(everything) == measures_where(graph, "")
    browser.find_element(By.CSS_SELECTOR, "label[for='f-provincie-70000']").click()  # Limburg
    WebDriverWait(browser, WAIT).until(lambda b: len(results(b)) < len(everything))
    limburg = measures_where(
        graph, "?m vu:huidigeGemeente/vu:provincie <https://data.vlaanderen.be/id/provincie/70000>")
    assert limburg and set(results(browser)) == limburg
    if mode != "file":  # the address keeps the choice (file:// pages may not rewrite theirs)
        assert "provincie=70000" in browser.current_url


@pytest.mark.parametrize("mode", MODES)
def test_the_picker_turns_kruibeke_into_46030(mode, roots, browser, shots):
    browser.get(roots[mode] + page(mode, "index"))
    box = browser.find_element(By.ID, "gemeente-kiezer")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.send_keys("Kruibeke")
    listbox = browser.find_element(By.ID, "gemeente-opties")
    WebDriverWait(browser, WAIT).until(lambda b: listbox.is_displayed())
    assert box.get_attribute("aria-expanded") == "true"
    options = [o.text for o in listbox.find_elements(By.CSS_SELECTOR, "[role=option]")]
    assert any("46013" in o and "Beveren-Kruibeke-Zwijndrecht (46030)" in o for o in options), options
    box.send_keys(Keys.ARROW_DOWN)
    active = box.get_attribute("aria-activedescendant")
    chosen = browser.find_element(By.ID, active)
    assert chosen.get_attribute("aria-selected") == "true" and "Kruibeke" in chosen.text
    browser.save_screenshot(str(shots / f"picker-{mode}.png"))
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, WAIT).until(lambda b: "/doc/gemeente/" in b.current_url)
    assert "/doc/gemeente/46030" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "Beveren-Kruibeke-Zwijndrecht"


@pytest.mark.parametrize("mode", MODES)
def test_the_picker_knows_nis_codes_and_escape_closes_it(mode, roots, browser):
    browser.get(roots[mode] + page(mode, "index"))
    box = browser.find_element(By.ID, "gemeente-kiezer")
    box.send_keys("71016")
    listbox = browser.find_element(By.ID, "gemeente-opties")
    WebDriverWait(browser, WAIT).until(lambda b: listbox.is_displayed())
    first = listbox.find_elements(By.CSS_SELECTOR, "[role=option]")[0]
    assert first.text.startswith("Genk (71016)")
    box.send_keys(Keys.ESCAPE)
    assert not listbox.is_displayed() and box.get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("mode", MODES)
def test_search_works_in_english(mode, roots, browser, graph):
    browser.get(roots[mode] + page(mode, "zoeken/index", lang="en", query="q=ask+for+angela"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    found = results(browser)
    english = measures_where(
        graph, '?m dct:title ?t FILTER(LANG(?t) = "en" && CONTAINS(STR(?t), "Ask for Angela"))')
    assert english and english <= set(found)
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#resultaten h3 a")]
    assert "Ask for Angela" in titles
    legends = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "fieldset.facet legend")]
    assert "Province" in legends and "Kind of measure" in legends


@pytest.mark.parametrize("mode", MODES)
def test_the_header_search_box_on_a_measure_page_leads_to_the_results(mode, roots, browser, graph):
    browser.get(roots[mode] + page(mode, "doc/maatregel/44021-2022-001"))
    box = browser.find_element(By.ID, "site-zoek")
    box.send_keys("Kruibeke", Keys.ENTER)
    WebDriverWait(browser, WAIT).until(lambda b: "zoeken" in b.current_url)
    found = results(browser)
    # Kruibeke merged into Beveren-Kruibeke-Zwijndrecht: its measures are found by the old name
    kruibeke = measures_where(graph, "?m dct:spatial <https://data.vlaanderen.be/id/gemeente/46013>")
    assert kruibeke and kruibeke <= set(found), found


def test_query_links_open_the_query_page_filled_in_with_labels_and_csv(roots, browser, shots, release):
    root = roots["served"]
    browser.get(root + "data")  # the queries behind the figures: the data and developers page
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.PARTIAL_LINK_TEXT, "SPARQL-query")]
    assert hrefs and all("/query/" in h and not h.endswith(".rq") for h in hrefs), hrefs
    browser.get(root + "query/dekking-provincie")
    text = browser.find_element(By.ID, "query").get_attribute("value")
    published = (release / "queries" / "dekking-provincie.rq").read_text(encoding="utf-8")
    assert text.strip() == published.strip()
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, WAIT).until(
        lambda b: b.execute_script("return [...document.querySelectorAll('#results a')]"
                                   ".some(a => a.textContent === 'Limburg')"))
    first = browser.find_element(By.CSS_SELECTOR, "#results a[data-iri]")
    assert first.get_attribute("title").startswith("https://")  # the IRI, on hover
    csv = browser.find_element(By.ID, "csv")
    assert csv.is_displayed() and csv.get_attribute("download")
    with urllib.request.urlopen(csv.get_attribute("href"), timeout=30) as answer:
        assert answer.headers["Content-Type"].startswith("text/csv")
        header = answer.read().decode().splitlines()[0]
    assert "provincie" in header
    browser.save_screenshot(str(shots / "query-results.png"))


def test_static_query_links_open_a_page_not_a_download(roots, browser):
    browser.get(roots["file"] + "data.html")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "SPARQL-query")
    assert link.get_attribute("href").endswith(".html")
    link.click()
    WebDriverWait(browser, WAIT).until(lambda b: "/query/" in b.current_url)
    assert "PREFIX" in browser.find_element(By.ID, "query").get_attribute("value")


def test_the_release_carries_minisearch(release):
    if not (release / "zoeken" / "minisearch.js").is_file():
        missing("MiniSearch is not installed: run `npm ci` in the project folder (make does)")
    assert b"MiniSearch" in (release / "zoeken" / "minisearch.js").read_bytes()
