"""Exchange between local governments on a fixture graph (tests/data/exchange-graph.ttl + code lists).

The fixture: 13 of today's municipalities; Kruibeke (46013) merged into 46030 and the old Hasselt
(71022) into 71072, each with a measure recorded before the merger; Genk, Lokeren, Rotselaar and
Aalst without measures (Aalst has a withdrawn one).
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from lod.config import Config
from lod.errors import InputError
from lod.insight.exchange import Reach, compare, coverage, partner_suggestions, read_peer_groups
from lod.insight.named import named_queries, run_query
from lod.pages.exchange import comparison_fragment, landing_fragments, partners_fragment
from lod.pages.site import Site
from lod.release.site import write_exchange_files
from lod.store.memory import MemoryStore
from lod.terms import dataset_iri

G = "https://data.vlaanderen.be/id/gemeente/"


@pytest.fixture(scope="module")
def cfg() -> Config:
    return Config()


@pytest.fixture(scope="module")
def store(cfg, exchange_graph) -> MemoryStore:
    return MemoryStore(exchange_graph(cfg))


def test_coverage_counts_todays_municipalities_and_ignores_withdrawn_measures(store, cfg):
    cov = coverage(store, cfg)
    assert (cov.municipalities, cov.with_measures, cov.without_measures, cov.measures) == (13, 9, 4, 9)
    east = next(p for p in cov.provinces if p.nis == "40000")
    assert (east.municipalities, east.with_measures, east.without_measures, east.measures) == (6, 4, 2, 4)
    assert {r.nis for r in cov.rows if r.measures == 0} == {"41002", "46029", "24094", "71016"}
    assert cov.kind("vorming").municipalities == 5
    assert cov.kind("spiking").municipalities == 0  # code-list kinds nobody uses are listed too
    assert cov.province_kinds[("40000", "sensibilisering")] == 3  # Gent, Evergem, 46030


def test_merged_measures_count_under_todays_municipality_with_history(store, cfg):
    rows = {r.nis: r for r in coverage(store, cfg).rows}
    assert "46013" not in rows and "71022" not in rows
    assert rows["46030"].measures == 1 and rows["46030"].in_predecessors == 1
    assert rows["46030"].predecessors == ("46013",)
    assert rows["71072"].predecessors == ("71022",)


def test_merged_municipality_shows_its_predecessors_measures(store, cfg):
    cmp = compare(store, cfg, "46030")
    refs = [m for ms in cmp.measures_by_kind.values() for m in ms]
    assert {m.iri.rsplit("/", 1)[-1] for m in refs} == {"46013-2022-001"}
    assert {(m.recorded_nis, m.recorded_name) for m in refs} == {("46013", "Kruibeke")}
    assert [(p["nis"], p["maatregelen"]) for p in cmp.predecessors] == [("46013", 1)]
    html = comparison_fragment(store, cfg, "46030")
    assert "geregistreerd in Kruibeke" in html and "Kruibeke (tot 2024-12-31)" in html


def test_a_predecessors_code_leads_to_todays_municipality(store, cfg):
    cmp = compare(store, cfg, "71022")
    assert (cmp.nis, cmp.asked_nis, cmp.name) == ("71072", "71022", "Hasselt")


def test_fragments_follow_the_page_language(store, cfg):
    from lod.pages.exchange import ExchangeLinks

    en = ExchangeLinks(cfg, lambda path, asset=False: "/" + path, "en")
    html = comparison_fragment(store, cfg, "71016", links=en)
    assert "What Genk does" in html and "the centre cities" in html
    assert "Training" in html and "Vorming en training" not in html  # the kind's English label
    assert "van de" not in html and "vergelijkbare" not in html
    nl = comparison_fragment(store, cfg, "46029")
    assert "de andere gemeenten van de provincie Oost-Vlaanderen" in nl
    coverage_en = landing_fragments(store, cfg, links=en)["coverage"]
    assert "Who is already doing something?" in coverage_en and "East Flanders" in coverage_en
    assert "Expertise partner" in partners_fragment(store, cfg, "vorming", links=en)


def test_unknown_code_is_an_input_error_in_dutch_and_english(store, cfg):
    with pytest.raises(InputError, match="onbekende NIS-code '99999'.*bv. 44021 voor Gent") as err:
        compare(store, cfg, "99999")
    assert err.value.text("en").startswith("unknown NIS code '99999'")
    with pytest.raises(InputError) as err:
        partners_fragment(store, cfg.replace(lang="en"), "xyz")
    assert re.match(r"unknown measure kind 'xyz'\. Fix: choose from: .*vorming", err.value.text("en"))


def test_centre_city_without_measures_gets_suggestions_from_its_peers(store, cfg):
    cmp = compare(store, cfg, "71016")  # Genk: a centre city, nothing recorded
    assert cmp.criterion == "centrumsteden" and not cmp.measures_by_kind and not cmp.thin
    assert "41002" in [p for p, _, _ in cmp.peers]  # Aalst is a peer, without measures
    gaps = {g.kind.code: g for g in cmp.gaps}
    # 6 peers with measures; vorming in 5 (more than half); veilige-ruimte in 3 (half: not "most")
    assert set(gaps) == {"vorming"}
    assert (gaps["vorming"].peers_with_kind, gaps["vorming"].peers_with_measures) == (5, 6)
    rows = {r.kind.code: r for r in cmp.kinds}
    assert (rows["veilige-ruimte"].peers_with_kind, rows["veilige-ruimte"].gap) == (3, False)
    assert all(e.origin == "peer" for e in gaps["vorming"].examples)
    gent = next(e for e in gaps["vorming"].examples if e.nis == "44021" and e.contact_role)
    assert (gent.contact_role, gent.email) == ("preventiecoördinator", "preventie@stad.gent")
    assert gent.reach[0] == Reach("contact", "preventiecoördinator", "mailto:preventie@stad.gent")
    assert gent.sources == ("https://www.vvsg.be/kennis/praktijken/praktijkendatabank/gentse-feesten",)
    flags = [e.reachable for e in gaps["vorming"].examples]  # a way to reach someone first
    assert flags == sorted(flags, reverse=True) and flags[0]


def test_other_municipalities_are_compared_within_their_province(store, cfg):
    cmp = compare(store, cfg, "46029")  # Lokeren: no group, Oost-Vlaanderen
    assert cmp.criterion == "provincie Oost-Vlaanderen"
    assert {p for p, _, _ in cmp.peers} == {"41002", "42028", "44019", "44021", "46030"}
    # 4 peers with data (Zele, Evergem, Gent, 46030): "most" is 3 or more of them
    assert cmp.peers_with_data == 4 and not cmp.thin
    rows = {r.kind.code: r for r in cmp.kinds}
    for code, row in rows.items():
        assert row.gap == (row.peers_with_kind >= 3), code
    # melden-digitaal: Gent and Zele do it, half of four: not what most do
    assert rows["melden-digitaal"].peers_with_kind == 2 and not rows["melden-digitaal"].gap
    sens = next(g for g in cmp.gaps if g.kind.code == "sensibilisering")
    assert {n for n, _ in sens.peers_doing} == {"44021", "44019", "46030"}


def test_with_fewer_than_three_peers_with_data_the_page_says_so_and_labels_its_examples(cfg,
                                                                                     exchange_graph):
    graph = exchange_graph(cfg)
    new = ox.NamedNode(G + "73001")  # a Limburg municipality: its province has one with measures
    for p, o in ((ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  ox.NamedNode(cfg.vocab_ns + "Gemeente")),
                 (ox.NamedNode(cfg.vocab_ns + "nisCode"), ox.Literal("73001")),
                 (ox.NamedNode(cfg.vocab_ns + "provincie"), ox.NamedNode(
                     "https://data.vlaanderen.be/id/provincie/70000"))):
        graph.add(ox.Quad(new, p, o))
    store = MemoryStore(graph)
    cmp = compare(store, cfg, "73001")
    assert cmp.thin and not cmp.gaps and cmp.peers_with_data < 3 and cmp.min_peers == 3
    assert cmp.suggestions and all(not s.gap for s in cmp.suggestions)
    origins = {e.origin for s in cmp.suggestions for e in s.examples}
    assert origins == {"province", "centre"}  # Hasselt (its province), the other centre cities
    assert all(e.nis == "71072" for s in cmp.suggestions for e in s.examples if e.origin == "province")
    html = comparison_fragment(store, cfg, "73001")
    assert "Te weinig vergelijkbare gemeenten hebben gegevens" in html and "zelfde provincie" in html
    assert "de meeste doen dit" not in html


def test_most_means_more_than_half_of_at_least_three_peers_with_data():
    from lod.insight.exchange import _is_most

    cases = ((1, 1), (1, 2), (2, 2), (2, 3), (2, 4), (3, 4), (3, 6), (4, 6))
    assert [_is_most(h, n) for h, n in cases] == [False, False, False, True, False, True, False, True]


def test_partner_suggestions_per_kind_with_role_and_counts(store, cfg):
    found = partner_suggestions(store, cfg, "vorming")
    assert found[0].name == "Sensoa" and found[0].role == "expertise"
    assert (found[0].measures, found[0].municipalities) == (3, 3)
    assert found[0].municipality_nis == ("11002", "24062", "44021")
    # the municipality's own administration is the lead, not a partner to suggest
    assert not any("bestuurseenheden" in p.iri for p in found)
    assert {p.name for p in found} == {"Sensoa", "VAD", "Trefpunt vzw", "LOKO", "Horeca Brugge vzw"}
    html = partners_fragment(store, cfg, "vorming")
    assert 'href="/doc/organisatie/sensoa"' in html and 'href="/doc/gemeente/24062"' in html


def test_the_partners_of_every_kind_from_one_query_are_those_of_each_kind_asked_alone(store, cfg):
    """Exchange cuts one query without ?soort bound by kind: the same suggestions, in the same order,
    as the query with the kind bound (and none for a kind nobody did with a partner)."""
    from lod.insight.exchange import Exchange

    data = Exchange(store, cfg)
    asked = {k.code: partner_suggestions(store, cfg, k.iri, data.organisations) for k in data.coverage.kinds}
    assert sum(map(len, asked.values())) > 5 and asked["spiking"] == []
    assert {k.code: data.partners(k) for k in data.coverage.kinds} == asked


class _Figures(HTMLParser):
    """Collects (query, key, column, text) of every element with data-q."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list[str]] = []
        self._open: list[list[str] | None] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        item = [a["data-q"], a.get("data-key", ""), a["data-col"], ""] if "data-q" in a else None
        if item:
            self.found.append(item)
        self._open.append(item)

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for item in self._open:
            if item is not None:
                item[3] += data.strip()


def _query_value(results: dict, cfg, name: str, key: str, col: str):
    rows = results[name]
    if not key:
        return rows[0][col]
    if name == "partners-per-soort":
        iri, role = key.split(" ")
        return next(r[col] for r in rows if r["partner"] == iri and r["rol"].endswith("/" + role))
    parts = key.split(" ")  # a row is named by one value, or two (province and kind)
    return next(r[col] for r in rows if all(p in r.values() for p in parts))


def check_page_figures(html: str, store: MemoryStore, cfg, release: Path, **bindings) -> int:
    """Every data-q figure equals the published query (read from the release) run on the graph itself."""
    parser = _Figures()
    parser.feed(str(html))
    results = {}
    for name in {f[0] for f in parser.found}:
        text = (release / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        sub = {ox.Variable(k): v for k, v in bindings.items() if f"?{k}" in text}
        result = store.graph.query(text, substitutions=sub)
        cols = [v.value for v in result.variables]
        results[name] = [{c: s[c].value for c in cols if s[c] is not None} for s in result]
    for name, key, col, text in parser.found:
        assert text == str(_query_value(results, cfg, name, key, col)), (name, key, col, text)
    return len(parser.found)


def test_every_figure_on_the_coverage_page_equals_its_published_query(store, cfg, tmp_path):
    write_exchange_files(Site(store, cfg), tmp_path)
    html = landing_fragments(store, cfg)["coverage"]
    cov = coverage(store, cfg)
    used = sum(1 for k in cov.kinds if k.measures or k.planned or k.stopped)
    # 6 totals + 5 provinces x 6 + 3 per kind in use
    assert check_page_figures(html, store, cfg, tmp_path) == 6 + 5 * 6 + 3 * used
    index = (tmp_path / "uitwisseling" / "index.html").read_text(encoding="utf-8")
    assert check_page_figures(index, store, cfg, tmp_path) == 16  # the (province, kind) pairs that occur
    page = (tmp_path / "uitwisseling" / "partners" / "vorming.html").read_text(encoding="utf-8")
    from lod.insight.exchange import kind_iri
    assert check_page_figures(page, store, cfg, tmp_path, soort=kind_iri(cfg, "vorming")) == 1 + 2 * 5


def test_release_files(store, cfg, tmp_path):
    written = write_exchange_files(Site(store, cfg), tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"coverage.csv", "coverage.json", "kaart.svg", "queries/dekking-totaal.rq",
            "vergelijking/71016.json", "uitwisseling/index.html", "uitwisseling/partners/vorming.html",
            "uitwisseling/partners/vorming.en.html"} <= names
    assert not any(n.startswith("uitwisseling/gemeente/") for n in names)  # on the municipality page
    with (tmp_path / "coverage.csv").open(encoding="utf-8") as fh:
        rows = {r["nis"]: r for r in csv.DictReader(fh)}
    assert len(rows) == 13 and rows["46030"]["voorgangers"] == "46013" and rows["71016"]["maatregelen"] == "0"
    doc = json.loads((tmp_path / "coverage.json").read_text(encoding="utf-8"))
    assert doc["without_measures"] == 4 and doc["queries"]["totaal"] == "queries/dekking-totaal.rq"
    genk = json.loads((tmp_path / "vergelijking" / "71016.json").read_text(encoding="utf-8"))
    assert {g["kind"]["code"] for g in genk["gaps"]} == {"vorming"} and genk["min_peers"] == 3


def test_named_queries_have_headers_and_follow_the_base(cfg):
    queries = named_queries(cfg)
    assert len(queries) >= 10
    for q in queries:
        assert q.title_nl and q.title_en and q.answers and q.parameters, q.name
    other = named_queries(Config(base_uri="https://example.org/vu/"))
    assert all("w3id.org" not in q.text for q in other)
    assert all("https://example.org/vu/ns#" in q.text for q in other)


def test_bound_query_equals_the_unbound_rows_for_that_value(store, cfg):
    gent = ox.NamedNode(G + "44021")
    bound = run_query(store, cfg, "gemeente-soorten", gemeente=gent)
    unbound = [r for r in run_query(store, cfg, "gemeente-soorten") if r["gemeente"] == gent.value]
    assert bound == unbound and len(bound) == 5


def test_peer_groups_are_todays_codes(cfg):
    groups = read_peer_groups(cfg)
    assert len(groups["centrumsteden"]) == 13 and groups["studentensteden"] <= groups["centrumsteden"]
    with (cfg.data_dir / "gemeenten-punten.csv").open(encoding="utf-8") as fh:
        today = {r["nis"] for r in csv.DictReader(fh)}
    assert groups["centrumsteden"] <= today and "71072" in groups["centrumsteden"]


@pytest.fixture(scope="module")
def release_dir(cfg, tmp_path_factory, exchange_graph) -> Path:
    from lod.store.embedded import build_store

    root = tmp_path_factory.mktemp("release")
    build_store(root / "store", list(exchange_graph(cfg)), graph=dataset_iri(cfg))
    return root


def test_cli_compare_prints_the_same_answer(release_dir, store, cfg):
    from click.testing import CliRunner

    from lod.cli import cli

    result = CliRunner().invoke(cli, ["compare", "71016", "--release", str(release_dir)])
    assert result.exit_code == 0, result.output
    assert "vergeleken met centrumsteden (7 gemeenten, 6 met maatregelen)" in result.output
    assert "Vorming en training (vorming): 5/6: Antwerpen, Mechelen, Leuven, Brugge, Gent" in result.output
    assert "vraag: preventiecoördinator <preventie@stad.gent>" in result.output
    merged = CliRunner().invoke(cli, ["compare", "46013", "--release", str(release_dir)])
    assert "(geregistreerd in Kruibeke 46013)" in merged.output


def test_cli_partners_table_and_unknown_kind(release_dir):
    from click.testing import CliRunner

    from lod.cli import cli

    result = CliRunner().invoke(cli, ["partners", "vorming", "--release", str(release_dir)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^Sensoa +Expertisecentrum +Expertisepartner +3 +3 +Antwerpen, Leuven, Gent$",
                     result.output, re.M), result.output
    bad = CliRunner().invoke(cli, ["partners", "xyz", "--release", str(release_dir)])
    assert bad.exit_code != 0 and "onbekende soort maatregel 'xyz'" in str(bad.exception or bad.output)


# --- the shipped dataset (data/maatregelen.csv), built as `lod build` builds it -----------------

@pytest.fixture(scope="module")
def real_store(cfg):
    from lod.build import check

    return MemoryStore(check([cfg.data_dir / "maatregelen.csv"], config=cfg).store)


def test_real_coverage_counts_all_285_municipalities(real_store, cfg):
    cov = coverage(real_store, cfg)
    assert cov.municipalities == 285 and cov.with_measures + cov.without_measures == 285
    assert [p.municipalities for p in cov.provinces] == [67, 63, 62, 55, 38]  # geo/SOURCES.md
    assert sum(p.with_measures for p in cov.provinces) == cov.with_measures
    assert sum(r.measures > 0 for r in cov.rows) == cov.with_measures
    rows = {r.nis: r for r in cov.rows}
    assert rows["46030"].predecessors == ("11056", "46003", "46013") and rows["46030"].in_predecessors >= 1


def test_real_municipality_without_measures_gets_suggestions_from_its_peers(real_store, cfg):
    cmp = compare(real_store, cfg, "71016")  # Genk: a centre city without recorded measures
    assert not cmp.measures_by_kind and cmp.criterion == "centrumsteden" and cmp.gaps
    peers = {p for p, _, _ in cmp.peers}
    for gap in cmp.gaps:
        assert gap.peers_with_kind * 2 > gap.peers_with_measures >= 3
        assert gap.examples and all(e.nis in peers and e.sources for e in gap.examples)
        assert gap.partners  # whom to call for this kind
    shown = [e for gap in cmp.gaps for e in gap.examples[:3]]
    assert sum(1 for e in shown if any(r.href for r in e.reach)) >= 3
    lokeren = compare(real_store, cfg, "46029")  # no group: its province
    assert lokeren.criterion == "provincie Oost-Vlaanderen" and lokeren.gaps
    herstappe = compare(real_store, cfg, "73028")  # Limburg: one municipality with data
    assert herstappe.thin and not herstappe.gaps and herstappe.suggestions


def test_real_merged_municipality_shows_its_predecessors_measures(real_store, cfg):
    cmp = compare(real_store, cfg, "46030")
    recorded = {m.recorded_nis for ms in cmp.measures_by_kind.values() for m in ms}
    assert recorded == {"46013"}  # Kruibeke, before the 2025 merger
    assert {p["nis"] for p in cmp.predecessors} == {"11056", "46003", "46013"}
    assert compare(real_store, cfg, "46013").nis == "46030"


def test_real_coverage_page_figures_equal_the_published_queries(real_store, cfg, tmp_path):
    write_exchange_files(Site(real_store, cfg), tmp_path)
    html = (tmp_path / "uitwisseling" / "index.html").read_text(encoding="utf-8")
    pairs = len(coverage(real_store, cfg).province_kinds)
    assert check_page_figures(html, real_store, cfg, tmp_path) == pairs  # the kind x province table
    cov = coverage(real_store, cfg)
    used = sum(1 for k in cov.kinds if k.measures or k.planned or k.stopped)
    fragment = landing_fragments(real_store, cfg)["coverage"]
    assert check_page_figures(fragment, real_store, cfg, tmp_path) == 6 + 5 * 6 + 3 * used
    with (tmp_path / "coverage.csv").open(encoding="utf-8") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == 285


def test_choropleth_when_a_geometry_file_is_given(store, cfg, tmp_path, reference):
    geo = reference / "geo" / "flemish-municipalities-2025.geojson"
    write_exchange_files(Site(store, cfg), tmp_path, geometry=geo)
    svg = (tmp_path / "kaart.svg").read_text(encoding="utf-8")
    assert svg.count("data-nis=") == 285 and "<circle" not in svg
    assert svg.count('class="borders"') == 1  # the province borders, one path over the municipalities
    assert re.search(r'<path d="[^"]+" fill="#1f5c99"[^>]*data-nis="44021"', svg)  # Gent: 2 measures
    assert "<path " in landing_fragments(store, cfg, geometry=geo)["map"]
def test_cli_compare_and_partners_follow_lang_en(release_dir):
    from click.testing import CliRunner

    from lod.cli import cli

    result = CliRunner().invoke(cli, ["--lang", "en", "compare", "71016", "--release", str(release_dir)])
    assert result.exit_code == 0, result.output
    assert "compared with centrumsteden (7 municipalities, 6 with measures)" in result.output
    assert "What more than half of the comparable municipalities with data do:" in result.output
    assert "ask: preventiecoördinator <preventie@stad.gent>" in result.output
    assert "vergeleken" not in result.output and "vraag:" not in result.output
    merged = CliRunner().invoke(cli, ["--lang", "en", "compare", "46013", "--release", str(release_dir)])
    assert "46013 no longer exists; it merged into" in merged.output
    assert "(recorded in Kruibeke 46013)" in merged.output
    partners = CliRunner().invoke(cli, ["--lang", "en", "partners", "vorming", "--release", str(release_dir)])
    assert partners.exit_code == 0, partners.output
    assert re.search(r"^Sensoa +\S.* +Expertise partner +3 +3 +Antwerpen, Leuven, Gent$",
                     partners.output, re.M), partners.output
    assert "municipalities" in partners.output and "gemeenten" not in partners.output


def test_a_gap_shows_at_most_five_examples_and_links_to_all_of_them(store, cfg):
    from dataclasses import replace

    from lod.pages.exchange import MAX_EXAMPLES, ExchangeLinks, render_comparison

    cmp = compare(store, cfg, "71016")  # Genk: gaps vorming and veilige-ruimte
    gap = next(g for g in cmp.gaps if g.kind.code == "vorming")
    many = tuple(replace(gap.examples[0], iri=f"{gap.examples[0].iri}-{i}", title=f"Voorbeeld {i}")
                 for i in range(12))
    rows = [replace(r, examples=many) if r is gap else r for r in cmp.kinds]
    html = str(render_comparison(replace(cmp, kinds=rows, gaps=[r for r in rows if r.gap]),
                                 ExchangeLinks(cfg, lambda path, asset=False: "/" + path)))
    shown = re.findall(r">Voorbeeld (\d+)<", html)
    assert shown == [str(i) for i in range(MAX_EXAMPLES)] and MAX_EXAMPLES == 5
    assert "Nog 2 voorbeelden" in html
    assert 'href="/uitwisseling/partners/vorming">Alle voorbeelden en partners voor vorming' in html


def test_a_comparison_is_computed_once_per_exchange(store, cfg):
    from lod.insight.exchange import Exchange

    data = Exchange(store, cfg)
    assert data.compare("71016") is data.compare("71016")


def test_a_comparisons_digest_follows_every_part_of_its_value(store, cfg):
    """The key a rebuild reuses a municipality page and its comparison file by: equal values give
    equal digests, in another Exchange too; a change deep inside (a partner's name, one example
    less) gives another, although the parts that did not change are hashed once and kept."""
    from dataclasses import replace

    from lod.insight.exchange import Exchange

    first, second = Exchange(store, cfg), Exchange(store, cfg)
    codes = [r.nis for r in first.coverage.rows]
    digests = {nis: first.comparison_digest(nis) for nis in codes}
    assert digests == {nis: second.comparison_digest(nis) for nis in codes}
    assert len(set(digests.values())) == len(codes)  # every municipality's comparison is its own
    nis, cmp = next((n, first.compare(n)) for n in codes if any(r.partners for r in first.compare(n).kinds))
    row = next(r for r in cmp.kinds if r.partners)
    renamed = replace(row, partners=(replace(row.partners[0], name=row.partners[0].name + "x"),
                                     *row.partners[1:]))
    changed = replace(cmp, kinds=[renamed if r is row else r for r in cmp.kinds])
    first.__dict__["_compared"]["changed"] = changed
    assert first.comparison_digest("changed") != digests[nis]
    first.__dict__["_compared"]["same"] = replace(cmp)  # an equal copy, not the same object
    assert first.comparison_digest("same") == digests[nis]


def test_the_partners_to_call_are_those_jinjas_two_sorts_gave(store, cfg):
    """A municipality page lists the first partners of a kind with a website, then by the
    municipalities they worked with: lod.pages.exchange.top_partners, kept per tuple, gives what
    the template's `|sort(attribute="municipalities", reverse=true)|sort(attribute="website",
    reverse=true)` gave, for every kind, including ties and websites in other case."""
    from dataclasses import replace

    from lod.insight.exchange import Exchange
    from lod.pages.env import environment
    from lod.pages.exchange import MAX_PARTNERS, top_partners

    data = Exchange(store, cfg)
    sort = environment().from_string(
        '{% for p in (ps|sort(attribute="municipalities", reverse=true)|sort(attribute="website", '
        'reverse=true))[:n] %}{{ p.iri }}|{% endfor %}')
    kinds = [data.partners_of(k) for k in data.coverage.kinds]
    assert any(len(k) > 1 for k in kinds)
    first = next(k for k in kinds if len(k) > 1)
    tied = tuple(replace(p, municipalities=1, website="https://B.be" if i % 2 else "https://b.be")
                 for i, p in enumerate(first))
    cache: dict = {}
    for partners in [*kinds, tied]:
        expected = sort.render(ps=partners, n=MAX_PARTNERS)
        assert "".join(p.iri + "|" for p in top_partners(partners, cache)) == expected
        assert top_partners(partners, cache) is top_partners(partners, cache)  # made once
