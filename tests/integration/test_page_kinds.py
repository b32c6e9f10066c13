"""Every kind of page of the real release, served and static, Dutch and English, in one headless
Chromium (the session's `browser`): nothing scrolls sideways at 390 px, axe-core finds no violation,
the Nu Html Checker no error; and what the pages promise people (issue 12's "done means").

Set LOD_SCREENSHOTS to a folder to keep a desktop (1366x900) and a phone (390x844) screenshot of
each page kind there, to be looked at.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By

PHONE, DESKTOP = (390, 844), (1366, 900)

# kind -> (static path without ".html", server path); None where a kind exists in one mode only.
PAGE_KINDS: dict[str, tuple[str | None, str | None]] = {
    "landing": ("index", ""),
    "municipality": ("doc/gemeente/71016", "doc/gemeente/71016"),  # Genk: centre city, nothing yet
    "municipality-few-peers": ("doc/gemeente/73028", "doc/gemeente/73028"),  # Herstappe
    "municipality-merged": ("doc/gemeente/46030", "doc/gemeente/46030"),
    "measure": ("doc/maatregel/44021-2022-002", "doc/maatregel/44021-2022-002"),
    "organisation": ("doc/organisatie/sensoa", "doc/organisatie/sensoa"),
    "organisations": ("organisaties", "organisaties"),
    "concept": ("doc/concept/maatregeltype/vorming", "doc/concept/maatregeltype/vorming"),
    "code-list": ("doc/conceptscheme/maatregeltype", "doc/conceptscheme/maatregeltype"),
    "catalogue": ("doc/catalogus", "doc/catalogus"),
    "merger": ("doc/fusie/2025-46030", "doc/fusie/2025-46030"),
    "exchange": ("uitwisseling/index", "uitwisseling"),
    "partners": ("uitwisseling/partners/vorming", "uitwisseling/partners/vorming"),
    "data": ("data", "data"),
    "accessibility": ("toegankelijkheid", "toegankelijkheid"),
    "vocabulary": ("ontology/vu", "ns"),  # one bilingual document, no .en.html
    "code-list-document": ("ontology/codelists/maatregeltype", "ontology/codelists/maatregeltype.html"),
    "versions": ("versies", "versies"),
    "impact": ("impact", "impact"),
    "query": (None, "query"),
    "not-found": (None, "doc/maatregel/bestaat-niet"),
}
BILINGUAL_DOCUMENTS = {"vocabulary", "code-list-document"}  # Dutch and English on one page


def page_urls(release: Path, served_url: str, kind: str, mode: str) -> list[tuple[str, str]]:
    """(language, URL) of one page kind in one mode, both languages where the kind has two."""
    static, server = PAGE_KINDS[kind]
    langs = ["nl"] if kind in BILINGUAL_DOCUMENTS else ["nl", "en"]
    if mode == "static":
        if static is None:
            return []
        return [(lang, (release / (static + (".en.html" if lang == "en" else ".html"))).as_uri())
                for lang in langs]
    if server is None:
        return []
    sep = "&" if "?" in server else "?"
    return [(lang, served_url + server + (f"{sep}lang=en" if lang == "en" else "")) for lang in langs]


CASES = [(mode, kind) for mode in ("static", "served") for kind in PAGE_KINDS
         if PAGE_KINDS[kind][0 if mode == "static" else 1] is not None]


def _viewport(browser, size: tuple[int, int]) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size == PHONE})


def _overflow(browser) -> list[str]:
    """Elements reaching past the right edge of the viewport (what makes a page scroll sideways)."""
    return browser.execute_script("""
        const width = document.documentElement.clientWidth, found = [];
        if (document.documentElement.scrollWidth > width) {
          for (const e of document.body.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (r.width && r.right > width + 1 && !e.closest('.table-scroll'))
              found.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' '
                         + Math.round(r.right));
          }
          if (!found.length) found.push('scrollWidth ' + document.documentElement.scrollWidth);
        }
        return found.slice(0, 5);""")


@pytest.fixture(scope="module")
def axe(browser, axe_source: str) -> Iterator[None]:
    """axe-core in every page the browser loads while this module's tests run: Chromium keeps the
    script and evaluates it in each new document (before the page's own scripts, which it leaves
    alone), instead of half a megabyte sent over WebDriver for each page."""
    added = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe_source})
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", added)


AXE_RUN = """
    const done = arguments[arguments.length - 1];
    axe.run(document, {resultTypes: ['violations'], selectors: arguments[0]}).then(
      r => done(JSON.stringify(r.violations)),
      e => done(JSON.stringify([{id: 'axe-error', impact: String(e), nodes: []}])));"""


def _axe(browser) -> list[str]:
    """axe-core's violations on the loaded page: rule, impact and the first offending elements.

    Without CSS selectors first (axe spends a quarter of its time making one for each element it
    reports, passed ones included); only a page with violations is checked again with them, to name
    the elements."""
    violations = json.loads(browser.execute_async_script(AXE_RUN, False))
    if violations:
        violations = json.loads(browser.execute_async_script(AXE_RUN, True))
    return [f"{v['id']} ({v['impact']}): " + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
                                                       else json.dumps(n["target"]) for n in v["nodes"][:3])
            for v in violations]


@pytest.mark.parametrize(("mode", "kind"), CASES, ids=[f"{m}-{k}" for m, k in CASES])
def test_page_kind_fits_a_phone_and_axe_finds_no_violation(mode, kind, release, served_release, browser, axe):
    browser.set_script_timeout(60)
    problems = []
    shots = os.environ.get("LOD_SCREENSHOTS")
    for lang, url in page_urls(release, served_release.url, kind, mode):
        for size in (PHONE, DESKTOP) if shots else (PHONE,):  # the desktop load is for its screenshot
            _viewport(browser, size)
            browser.get(url)
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang, url
            if size == PHONE:
                problems += [f"{lang} overflows at 390 px: {e}" for e in _overflow(browser)]
                problems += [f"{lang} {v}" for v in _axe(browser)]
            if shots:
                height = browser.execute_script("return document.documentElement.scrollHeight")
                _viewport(browser, (size[0], min(height, 6000)))
                target = Path(shots) / f"{mode}-{kind}-{lang}-{'phone' if size == PHONE else 'desktop'}.png"
                target.parent.mkdir(parents=True, exist_ok=True)
                browser.save_screenshot(str(target))
    _viewport(browser, DESKTOP)
    assert not problems, "\n".join(problems)


def test_html_checker_finds_no_error_on_any_page_kind(release, served_release, vnu, tmp_path):
    """One run of the Nu Html Checker over every page kind: the static files and the served pages."""
    files = []
    for kind, (static, _) in PAGE_KINDS.items():
        if static is not None:
            files += [u.removeprefix("file://") for _, u in page_urls(release, "", kind, "static")]
    with httpx.Client(timeout=30) as client:
        for kind in PAGE_KINDS:
            for lang, url in page_urls(release, served_release.url, kind, "served"):
                answer = client.get(url, headers={"Accept": "text/html"}, follow_redirects=True)
                target = tmp_path / f"served-{kind}-{lang}.html"
                target.write_bytes(answer.content)
                files.append(str(target))
    done = subprocess.run([*vnu, "--errors-only", "--format", "gnu", *files], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-4000:] or done.stdout[-4000:]


@pytest.mark.parametrize("mode", ["static", "served"])
def test_genk_shows_practices_of_comparable_municipalities_each_with_a_way_to_reach_someone(
        mode, release, served_release, browser):
    _viewport(browser, DESKTOP)
    (_, url), *_ = page_urls(release, served_release.url, "municipality", mode)
    browser.get(url)
    practices = browser.find_elements(By.CSS_SELECTOR, "section.gap li.practice")
    reachable = [p for p in practices if p.find_elements(By.CSS_SELECTOR, "ul.reach a[href]")]
    assert len(reachable) >= 3, [p.text for p in practices]
    for practice in reachable:
        where = practice.find_element(By.CSS_SELECTOR, ".where a").text
        assert where != "Genk"  # a practice of another municipality
        href = practice.find_element(By.CSS_SELECTOR,
                                     "ul.reach li a[href^='http'], ul.reach li a[href^='mailto:']")
        assert href.get_attribute("href").startswith(("https://", "http://", "mailto:"))
    gaps = browser.find_elements(By.CSS_SELECTOR, "section.gap")
    assert gaps and all(g.find_elements(By.CSS_SELECTOR, "ul.partner-list li a") for g in gaps)
    assert "1970-01-01" not in browser.find_element(By.TAG_NAME, "body").text  # JSON-LD keeps the data


def test_herstappe_says_its_peers_are_too_few_and_labels_where_examples_come_from(release, browser):
    _viewport(browser, DESKTOP)
    browser.get((release / "doc/gemeente/73028.html").as_uri())
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Te weinig vergelijkbare gemeenten hebben gegevens (1; minstens 3 nodig)" in text
    assert "wat de meeste doen" in text and "van de 1 vergelijkbare" not in text
    labels = browser.find_elements(By.CSS_SELECTOR, "li.practice .label.origin")
    origins = {e.get_attribute("textContent") for e in labels}
    assert origins == {"zelfde provincie", "centrumstad"}


def test_landing_page_shows_coverage_once_with_a_skip_link_past_the_map(release, browser):
    _viewport(browser, PHONE)
    browser.get((release / "index.html").as_uri())
    assert len(browser.find_elements(By.ID, "dekking")) == 1
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "tripels" not in main and "URI" not in main and "SPARQL" not in main
    skip = browser.find_element(By.CSS_SELECTOR, "a.skip-map")
    assert skip.get_attribute("href").endswith("#na-kaart")
    links = browser.find_elements(By.CSS_SELECTOR, ".map-block svg a")
    assert len(links) == 285 and all(a.get_attribute("aria-label") for a in links[:5])
    assert not browser.find_elements(By.CSS_SELECTOR, ".map-block svg[role='img']")
    legend = browser.find_element(By.CSS_SELECTOR, "ul.legend")
    assert legend.size["height"] >= 20 and "geen maatregel (271)" in legend.text
    municipalities = browser.find_elements(By.CSS_SELECTOR, "#dekking .municipality-groups li a")
    assert len(municipalities) == 271


def test_every_page_has_the_help_block_and_the_footer_facts(release, browser):
    _viewport(browser, DESKTOP)
    for path in ("index.html", "doc/maatregel/44021-2022-002.en.html", "organisaties.html"):
        browser.get((release / path).as_uri())
        help_block = browser.find_element(By.CSS_SELECTOR, "footer .help").text
        assert "1712" in help_block and "Seksueel Geweld" in help_block
        footer = browser.find_element(By.CSS_SELECTOR, "footer .about").text
        assert "opendata@veilig-uitgaan.be" in footer and "CC BY 4.0" in footer


def test_trailing_slashes_lead_to_the_page(served_release):
    with httpx.Client(base_url=served_release.url, timeout=30) as client:
        for path in ("uitwisseling/", "doc/gemeente/71016/", "organisaties/"):
            answer = client.get(path, follow_redirects=True)
            assert answer.status_code == 200, path
            assert str(answer.url).rstrip("/") == served_release.url + path.rstrip("/")


def test_pages_below_start_have_breadcrumbs(release, browser):
    _viewport(browser, DESKTOP)
    for path, last in (("uitwisseling/partners/vorming.html", "Partners voor: Vorming en training"),
                       ("doc/gemeente/71016.html", "Genk"), ("doc/organisatie/sensoa.html", "Sensoa")):
        browser.get((release / path).as_uri())
        steps = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "nav.crumbs li")]
        assert steps[0] == "Start" and steps[-1] == last, (path, steps)
