"""The ASGI app through Starlette's TestClient: dereferencing, the SPARQL protocol, hostile input."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, QueryResultsFormat, RdfFormat, parse, parse_query_results
from starlette.testclient import TestClient

from lod.config import Config
from lod.store.embedded import WorkerLimits, build_store, open_store
from lod.terms import dataset_iri, prefixes
from lod.web.app import create_app

TWO = WorkerLimits(workers=2, long_queries=1)  # two query workers: enough for these tests

BASE = "https://w3id.org/veilig-uitgaan/"
MEASURE = "maatregel/44021-2022-001"
WITHDRAWN = "maatregel/44021-2019-009"
HOSTILE = "maatregel/46013-2023-001"


def test_id_redirects_303_to_doc(client):
    response = client.get(f"/id/{MEASURE}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"http://testserver/doc/{MEASURE}"


def test_unknown_id_is_404(client):
    assert client.get("/id/maatregel/bestaat-niet", follow_redirects=False).status_code == 404


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", RdfFormat.TURTLE), ("application/n-triples", RdfFormat.N_TRIPLES),
    ("application/ld+json", RdfFormat.JSON_LD), ("application/rdf+xml", RdfFormat.RDF_XML),
])
def test_doc_negotiates_rdf_with_canonical_iris(client, accept, fmt):
    response = client.get(f"/doc/{MEASURE}", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    triples = list(parse(response.content, format=fmt))
    subjects = {t.subject for t in triples}
    assert NamedNode(BASE + "id/" + MEASURE) in subjects
    assert NamedNode(BASE + "id/" + MEASURE + "#periode") in subjects  # hash parts come along


@pytest.mark.parametrize(("url", "media"), [
    (f"/doc/{MEASURE}.ttl", "text/turtle"), (f"/doc/{MEASURE}.jsonld", "application/ld+json"),
    (f"/doc/{MEASURE}.nt", "application/n-triples"), (f"/doc/{MEASURE}.rdf", "application/rdf+xml"),
    (f"/doc/{MEASURE}.html", "text/html"), (f"/doc/{MEASURE}?format=turtle", "text/turtle"),
    (f"/doc/{MEASURE}?format=json-ld", "application/ld+json"),
])
def test_suffix_and_format_parameter_choose_the_format(client, url, media):
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


def test_an_iri_ending_in_a_suffix_is_found_as_itself(client):
    # Distributions are named after their file: …/distributie/veilig-uitgaan.ttl
    path = "/doc/dataset/maatregelen/distributie/veilig-uitgaan.ttl"
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<h1>Turtle-dump</h1>" in page.text
    turtle = client.get(path + ".ttl", headers={"Accept": "text/html"})
    assert turtle.headers["content-type"].startswith("text/turtle") and "Distribution" in turtle.text


def test_406_lists_what_is_available(client):
    response = client.get(f"/doc/{MEASURE}", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.text and "application/ld+json" in response.text


def test_link_headers_etag_and_304(client):
    response = client.get(f"/doc/{MEASURE}", headers={"Accept": "text/turtle"})
    link = response.headers["link"]
    assert f'<{BASE}id/{MEASURE}>; rel="canonical"' in link
    assert f'<http://testserver/doc/{MEASURE}.jsonld>; rel="alternate"; type="application/ld+json"' in link
    etag = response.headers["etag"]
    again = client.get(f"/doc/{MEASURE}", headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get(f"/doc/{MEASURE}", headers={"Accept": "application/ld+json", "If-None-Match": etag})
    assert other.status_code == 200


def test_gzip_when_asked(client):
    response = client.get(f"/doc/{MEASURE}", headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "<h1>Gentse Feesten" in response.text


def test_withdrawn_measure_is_410_with_its_reason(client):
    html = client.get(f"/doc/{WITHDRAWN}", headers={"Accept": "text/html"})
    assert html.status_code == 410
    assert "Dubbel ingevoerd; zie 44021-2022-001." in html.text
    ttl = client.get(f"/doc/{WITHDRAWN}.ttl")
    assert ttl.status_code == 410
    assert "intrekkingsreden" in ttl.text


def test_language_by_parameter_and_header(client):
    assert '<html lang="en">' in client.get(f"/doc/{MEASURE}?lang=en").text
    english = client.get(f"/doc/{MEASURE}", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert "Ghent Festivities: 360° approach" in english
    assert '<html lang="nl">' in client.get(f"/doc/{MEASURE}").text


def test_script_in_a_title_is_text_and_cannot_leave_the_jsonld_block(client):
    html = client.get(f"/doc/{HOSTILE}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    block = html[start:html.index("</script>", start)]
    data = json.loads(block)  # the whole block parses: no early </script>
    assert "<script>alert('x')</script>" in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("path", [
    "/doc/../../etc/passwd", "/doc/%2e%2e/%2e%2e/etc/passwd", "/doc/..%2f..%2fetc%2fpasswd",
    "/dumps/../../../etc/passwd", "/dumps/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fconfig.py",
    "/doc/gemeente/..%2f..%2f..%2fetc%2fpasswd", "/id/..%2f..%2fetc%2fpasswd",
])
def test_path_traversal_finds_nothing(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code in (404, 400)
    assert "root:" not in response.text


def test_municipality_page_lists_its_predecessors_measures(client):
    html = client.get("/doc/gemeente/46030").text
    assert "Beveren-Kruibeke-Zwijndrecht: meldpunt op fuiven" in html
    assert "veilige fuiven" in html  # recorded in Kruibeke (46013), merged into 46030 in 2025
    assert "Gentse Feesten" not in html


def test_municipality_page_carries_the_comparison_in_its_language(client):
    assert "Wat vergelijkbare gemeenten doen" in client.get("/doc/gemeente/46030").text
    assert "What comparable municipalities do" in client.get("/doc/gemeente/46030?lang=en").text


def test_landing_and_query_page(client):
    assert "dumps/veilig-uitgaan.ttl" in client.get("/data").text  # downloads: the data page
    query = client.get("/query").text
    assert '<textarea id="query"' in query and "static/query.js" in query
    assert "http://testserver/sparql" in query


def test_release_files(client):
    assert client.get("/dumps/veilig-uitgaan.ttl").status_code == 200
    void = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert void.status_code == 200 and "void#Dataset" in void.text
    assert client.get("/catalogus").status_code == 404  # not in this small release




@pytest.mark.parametrize(("path", "anchor"), [("/ns", 'id="Maatregel"'),
                                              ("/.well-known/void", 'id="maatregelen"')])
def test_file_documents_have_an_html_view_with_anchors(client, path, anchor):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200 and anchor in response.text
    ttl = client.get(path, headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")


def test_vocabulary_page_of_the_release_is_reached_by_303(store, release_dir, tmp_path):
    release = tmp_path / "release"
    (release / "ontology").mkdir(parents=True)
    (release / "ontology" / "vu.ttl").write_bytes((release_dir / "ontology" / "vu.ttl").read_bytes())
    (release / "ontology" / "vu.html").write_text("<h1>vu</h1>", encoding="utf-8")
    client = TestClient(create_app(Config(), store, release_dir=release))
    response = client.get("/ns", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "http://testserver/ontology/vu.html"
    assert client.get("/ns", headers={"Accept": "text/html"}).text == "<h1>vu</h1>"
    assert client.get("/ns", headers={"Accept": "text/turtle"}).status_code == 200


def test_public_base(store, release_dir):
    app = create_app(Config(public_base="https://data.example.org/vu"), store, release_dir=release_dir)
    client = TestClient(app)
    response = client.get(f"/id/{MEASURE}", follow_redirects=False)
    assert response.headers["location"] == f"https://data.example.org/vu/doc/{MEASURE}"
    html = client.get(f"/doc/{MEASURE}").text
    assert 'href="https://data.example.org/vu/doc/concept/maatregeltype/vorming"' in html
    assert 'href="https://data.example.org/vu/doc/gemeente/44021"' in html
    ttl = client.get(f"/doc/{MEASURE}.ttl").text
    assert "data.example.org" not in ttl  # RDF keeps the canonical IRIs


# --- SPARQL protocol ------------------------------------------------------------------------

SELECT = "SELECT ?m WHERE { ?m a vu:Maatregel } ORDER BY ?m"
SRJ = "application/sparql-results+json"
SRX = "application/sparql-results+xml"


def results(response) -> list[dict[str, str]]:
    """Rows of variable -> value, read by pyoxigraph (CSV, lossy, by the csv module)."""
    media = response.headers["content-type"].split(";")[0]
    if media == "text/csv":
        return list(csv.DictReader(io.StringIO(response.text)))
    rows = parse_query_results(response.content, format=QueryResultsFormat.from_media_type(media))
    return [{v.value: row[v].value for v in rows.variables if row[v] is not None} for row in rows]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_select_in_each_results_format(client, accept):
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    rows = results(response)
    assert [r["m"].rsplit("/", 1)[1] for r in rows] == ["44021-2022-001", "46013-2023-001",
                                                              "46030-2025-001"]


def test_post_form_and_post_query(client):
    form = client.post("/sparql", data={"query": SELECT}, headers={"Accept": SRJ})
    direct = client.post("/sparql", content=SELECT.encode(),
                         headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert len(results(form)) == len(results(direct)) == 3


def test_construct_and_describe(client):
    query = "CONSTRUCT { ?g ?p ?o } WHERE { ?g a vu:Gemeente ; ?p ?o }"
    construct = client.get("/sparql", params={"query": query}, headers={"Accept": "application/n-triples"})
    assert construct.status_code == 200
    assert len(list(parse(construct.content, format=RdfFormat.N_TRIPLES))) > 10
    describe = client.get("/sparql", params={"query": f"DESCRIBE <{BASE}id/{MEASURE}>", "format": "json-ld"})
    assert describe.headers["content-type"].startswith("application/ld+json")


def test_ask(client):
    response = client.get("/sparql", params={"query": "ASK { ?m a vu:IngetrokkenMaatregel }"})
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(("param", "value", "media"), [
    ("format", "json", SRJ), ("output", "xml", SRX), ("results", "csv", "text/csv"), ("format", SRX, SRX),
])
def test_sparqlwrapper_format_parameters(client, param, value, media):
    response = client.get("/sparql", params={"query": SELECT, param: value}, headers={"Accept": "*/*"})
    assert response.headers["content-type"].startswith(media)


def test_syntax_error_is_400_with_a_readable_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?m WHERE { ?m a vu:Maatregel "})
    assert response.status_code == 400
    assert "syntax" in response.text and "^" in response.text


@pytest.mark.parametrize("request_kwargs", [
    {"params": {"query": "INSERT DATA { <a:s> <a:p> <a:o> }"}},
    {"data": {"update": "DELETE WHERE { ?s ?p ?o }"}},
    {"content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
])
def test_updates_are_refused(client, request_kwargs):
    method = client.post if "params" not in request_kwargs else client.get
    response = method("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "updates" in response.text
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_service_description_without_query(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    triples = list(parse(response.content, format=RdfFormat.TURTLE))
    assert any(t.object == NamedNode("http://www.w3.org/ns/sparql-service-description#Service")
               for t in triples)
    browser = client.get("/sparql", headers={"Accept": "text/html"})
    assert '<textarea id="query"' in browser.text


def test_result_cap_says_it_truncated(store, release_dir):
    client = TestClient(create_app(Config(result_limit=2), store, release_dir=release_dir))
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": SRJ})
    assert response.headers["x-result-truncated"] == "2"
    assert len(response.json()["results"]["bindings"]) == 2
    assert "afgekapt" in response.json()["note"]
    full = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert "x-result-truncated" not in full.headers


def test_cors_and_preflight(client):
    simple = client.get("/sparql", params={"query": SELECT}, headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_oversized_body_is_413(store, release_dir):
    client = TestClient(create_app(Config(max_body_bytes=1000), store, release_dir=release_dir))
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2000
    assert client.post("/sparql", content=big.encode(),
                       headers={"Content-Type": "application/sparql-query"}).status_code == 413
    chunks = (b"x" * 600 for _ in range(3))  # no Content-Length: counted while reading
    assert client.post("/sparql", content=io.BytesIO(b"".join(chunks)),
                       headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert client.post("/sparql", content=SELECT.encode(),
                       headers={"Content-Type": "application/sparql-query"}).status_code == 200


def test_unsupported_body_type(client):
    assert client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}).status_code == 415


# Words only the Dutch texts of the exchange pages use; an English page shows none of them outside
# elements marked lang="nl" (measure titles and contact roles are data, kept as recorded).
DUTCH_WORDS = re.compile(r"\b(voor|gemeenten|gemeente|naast|vergelijk\w*|soort\w*|maatregel\w*|wie|wat|"
                         r"provincie|partners voor|zonder|rol|met|nog|geen)\b", re.I)
HEADINGS = re.compile(r"<(h[1-4]|th|caption|summary|figcaption)\b[^>]*>(.*?)</\1>", re.S)


def _texts(html: str) -> list[str]:
    """Heading, table-header and caption texts, without the parts marked lang="nl" and the svg."""
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    html = re.sub(r'<(?!html)(\w+)[^>]*\blang="nl"[^>]*>.*?</\1>', "", html, flags=re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", inner).strip() for _, inner in HEADINGS.findall(html)]


def _exchange_paths(client: TestClient) -> list[str]:
    index = client.get("/uitwisseling").text
    kinds = sorted(set(re.findall(r'/uitwisseling/partners/([\w-]+)', index)))
    assert kinds, "the index links no partner page"
    return ["/uitwisseling", *(f"/uitwisseling/partners/{k}" for k in kinds), "/doc/gemeente/46030", "/"]


@pytest.mark.parametrize("how", ["parameter", "header"])
def test_exchange_pages_follow_the_page_language(client, how):
    for path in _exchange_paths(client):
        if how == "parameter":
            page = client.get(path + "?lang=en")
        else:
            page = client.get(path, headers={"Accept-Language": "en-GB,en;q=0.8,nl;q=0.5"})
        assert page.status_code == 200, path
        assert '<html lang="en">' in page.text, path
        texts = _texts(page.text)
        assert texts, path
        dutch = [t for t in texts if DUTCH_WORDS.search(t)]
        assert not dutch, f"{path}: Dutch text on an English page: {dutch}"
    partners = client.get(_exchange_paths(client)[1] + "?lang=en").text
    assert "<h1>Partners for: " in partners and ">Organisations and their role</h2>" in partners
    # the h1 and the breadcrumb's last step, not repeated as h2
    assert partners.count("Partners for: ") == partners.count("<title>") + 2


def test_exchange_pages_stay_dutch_by_default(client):
    for path in _exchange_paths(client):
        page = client.get(path)
        assert '<html lang="nl">' in page.text, path
        assert any(DUTCH_WORDS.search(t) for t in _texts(page.text)), path


@pytest.mark.parametrize("url", [f"/doc/{MEASURE}?format=xyz", f"/doc/{MEASURE}?format=image/png",
                                 "/.well-known/void?format=xyz"])
def test_unknown_format_parameter_is_406_listing_the_formats(client, url):
    response = client.get(url, headers={"Accept": "text/html"})  # ?format= wins over Accept, even unknown
    assert response.status_code == 406
    for media, name in [("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("text/html", "html")]:
        assert f"{media} (?format={name})" in response.text


def test_weak_etag_serves_gzip_and_identity_alike(client):
    """RFC 9110 8.8.1: a strong ETag may not name both codings; the weak one names the representation."""
    url = f"/doc/{MEASURE}"
    plain = client.get(url, headers={"Accept": "text/html", "Accept-Encoding": "identity"})
    zipped = client.get(url, headers={"Accept": "text/html", "Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers and zipped.headers["content-encoding"] == "gzip"
    assert plain.headers["etag"].startswith('W/"') and plain.headers["etag"] == zipped.headers["etag"]
    assert "Accept-Encoding" in zipped.headers["vary"]
    for coding in ("identity", "gzip"):
        for tag in (plain.headers["etag"], plain.headers["etag"].removeprefix("W/")):
            again = client.get(url, headers={"Accept": "text/html", "Accept-Encoding": coding,
                                             "If-None-Match": tag})
            assert again.status_code == 304 and again.content == b"", (coding, tag)
    changed = client.get(url + "?lang=en", headers={"Accept": "text/html", "Accept-Encoding": "gzip",
                                                    "If-None-Match": plain.headers["etag"]})
    assert changed.status_code == 200


EVERY_PROPERTY = Path(__file__).parent.parent / "data" / "measure-every-property.ttl"
P = {"dct": "http://purl.org/dc/terms/", "vu": "https://w3id.org/veilig-uitgaan/ns#",
     "adms": "http://www.w3.org/ns/adms#", "prov": "http://www.w3.org/ns/prov#", "schema": "https://schema.org/"}
READER_ORDER = [
    "dct:type", "adms:status", "dct:temporal", "dct:spatial", "vu:huidigeGemeente", "vu:omgeving",
    "dct:audience", "vu:trekker", "prov:wasAssociatedWith", "vu:evenement", "vu:herhaling",
    "vu:budgetklasse", "vu:financiering", "vu:output", "vu:evaluatie", "vu:evaluatierapport",
    "schema:contactPoint", "dct:source"]
PROVENANCE = ["dct:identifier", "prov:wasAttributedTo", "dct:modified", "prov:wasDerivedFrom", "dct:license"]


def _iri(name: str) -> str:
    prefix, local = name.split(":")
    return P[prefix] + local


@pytest.fixture(scope="module")
def every_property(tmp_path_factory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("every")
    build_store(root / "store", parse(path=str(EVERY_PROPERTY)), graph=dataset_iri(Config()))
    with open_store(root / "store", prefixes=prefixes(Config()), limits=TWO) as opened:
        yield TestClient(create_app(Config(), opened))


def _top_level_rows(section: str) -> list[str]:
    """The property IRIs of a section's outer <dl>, nested tables (period, output, contact) left out."""
    section = re.sub(r'<dl class="props nested">.*?</dl>', "", section, flags=re.S)
    return re.findall(r'<dt title="([^"]+)"', section)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_measure_page_reads_in_a_readers_order_with_provenance_last(every_property, lang):
    html = every_property.get(f"/doc/maatregel/11002-2023-004?lang={lang}").text
    data, _, rest = html.partition('id="herkomst"')
    assert rest, "no provenance block"
    assert _top_level_rows(data.split('id="gegevens"', 1)[1]) == [_iri(n) for n in READER_ORDER]
    assert _top_level_rows(rest.split("</section>", 1)[0]) == [_iri(n) for n in PROVENANCE]
    assert ">Herkomst</h2>" in rest[:40] if lang == "nl" else ">Provenance</h2>" in rest[:40]
    assert f'title="{_iri("prov:qualifiedAssociation")}"' not in html  # shown as the partners' roles
    # an English page marks a Dutch title as Dutch
    heading = r'<h1( lang="nl")?>Antwerpen: opleiding barpersoneel</h1>'
    assert re.search(heading + r'.*?<p class="lead"[^>]*>Opleiding', html, re.S)


@pytest.mark.parametrize("lang, role, expertise, delivery", [
    ("nl", "rol", "Expertise", "Uitvoering"), ("en", "role", "Expertise", "Delivery")])
def test_measure_page_shows_each_partner_with_its_role(every_property, lang, role, expertise, delivery):
    html = every_property.get(f"/doc/maatregel/11002-2023-004?lang={lang}").text
    partners = html.split(f'<dt title="{_iri("prov:wasAssociatedWith")}">', 1)[1].split("<dt", 1)[0]
    items = [" ".join(re.sub(r"<[^>]+>", "", dd).split()) for dd in re.findall(r"<dd>(.*?)</dd>", partners,
                                                                                  re.S)]
    assert sorted(items) == [f"Politiezone Antwerpen ({role}: {delivery})", f"Sensoa ({role}: {expertise})"]
    assert "Gemeente Antwerpen" not in partners  # the lead has its own row
