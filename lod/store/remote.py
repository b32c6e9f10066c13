"""A remote SPARQL 1.1 endpoint behind the `Store` protocol (`lod serve --store URL`, `lod push`).

The web front and the triple store scale separately: this client forwards read-only queries with
the same protections as the embedded store (client- and store-side timeout, result cap, refusal
of updates before anything is sent). Readers see the pushed release as their default graph: every
query carries `default-graph-uri=<the release's graph>` (the one `lod push` recorded in
<graph>-meta, else <graph>), so `SELECT * { ?s ?p ?o }` means the same here as on the embedded
store, whatever else the store holds.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    parse,
    parse_query_results,
)
from pyoxigraph import Literal as RdfLiteral
from pyoxigraph import (
    Store as OxStore,
)

from lod.errors import QueryError, QueryTimeout, StoreError
from lod.store.base import (
    DEFAULT_DATASET,
    Cancellation,
    Dataset,
    QueryAnswer,
    QueryForm,
    Term,
    media_types,
    query_form,
)
from lod.store.results import serialize_boolean, serialize_graph, serialize_solutions
from lod.terms import DCT, push_record_graph_iri

KINDS = ("generic", "virtuoso", "fuseki", "oxigraph", "graphdb")
SELECT_JSON = "application/sparql-results+json"
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_ASK = re.compile(r"\bASK\b(?!:)", re.I)


@dataclass(frozen=True)
class Endpoints:
    """Where a store answers queries, updates and the Graph Store Protocol (None: it has none)."""

    query: str
    update: str
    graph_store: str | None
    kind: str = "generic"

    @property
    def digest_auth(self) -> bool:
        return self.kind == "virtuoso"  # Virtuoso's *-auth endpoints only speak HTTP Digest


def endpoints_for(url: str, kind: str = "generic") -> Endpoints:
    """The three service URLs of a store, from the one URL users know.

    >>> endpoints_for("http://localhost:8890/sparql", "virtuoso").graph_store
    'http://localhost:8890/sparql-graph-crud-auth'
    >>> endpoints_for("http://localhost:3030/ds", "fuseki").update
    'http://localhost:3030/ds/update'
    """
    if kind not in KINDS:
        raise StoreError(f"onbekend soort store {kind!r}; kies uit {', '.join(KINDS)}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url!r} is geen http(s)-adres van een SPARQL-endpoint (not an http(s) URL of a "
                         "SPARQL endpoint), bv. http://localhost:7878 of http://localhost:8890/sparql")
    root = f"{parts.scheme}://{parts.netloc}"
    base = url.rstrip("/")
    if kind == "virtuoso":
        return Endpoints(f"{root}/sparql", f"{root}/sparql-auth", f"{root}/sparql-graph-crud-auth", kind)
    if kind == "fuseki":
        base = re.sub(r"/(sparql|query|update|data|get)$", "", base)
        return Endpoints(f"{base}/query", f"{base}/update", f"{base}/data", kind)
    if kind == "oxigraph":
        base = re.sub(r"/(query|update|store)$", "", base)
        return Endpoints(f"{base}/query", f"{base}/update", f"{base}/store", kind)
    if kind == "graphdb":
        base = re.sub(r"/(statements|rdf-graphs/service)$", "", base)
        return Endpoints(base, f"{base}/statements", f"{base}/rdf-graphs/service", kind)
    return Endpoints(url, url, None, kind)


def store_auth(endpoints: Endpoints) -> requests.auth.AuthBase | None:
    """Credentials from LOD_STORE_USER/LOD_STORE_PASSWORD, else ~/.netrc (never the command line)."""
    user, password = os.environ.get("LOD_STORE_USER"), os.environ.get("LOD_STORE_PASSWORD")
    if not user:
        found = requests.utils.get_netrc_auth(endpoints.update)
        if not found:
            return None
        user, password = found
    if endpoints.digest_auth:
        return requests.auth.HTTPDigestAuth(user, password or "")
    return requests.auth.HTTPBasicAuth(user, password or "")


def _code(query: str, *, keep_iris: bool = False) -> str:
    """The query with strings, IRIs and comments blanked out, same length, so offsets still hold."""
    out, i, n = [], 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            end = n if end < 0 else end
        elif ch == "<" and (m := _IRI.match(query, i)):
            end = m.end()
            if keep_iris:
                out.append(query[i:end])
                i = end
                continue
        elif ch in "\"'":
            quote = query[i:i + 3] if query[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            end = min(j + len(quote), n)
        else:
            out.append(ch)
            i += 1
            continue
        out.append(" " * (end - i))
        i = end
    return "".join(out)


def check_query(query: str) -> QueryForm:
    """The form of a read-only query, its syntax checked here (pyoxigraph), before the store sees it.

    >>> check_query("PREFIX ex: <http://ex/> # a comment\\nask { ex:a ?p ?o }")
    'ASK'
    """
    form = query_form(query)
    if form == "UPDATE":
        raise QueryError("Updates zijn niet toegestaan (updates are not allowed): read-only endpoint")
    # pyoxigraph parses at once and evaluates lazily; ASK would run (and could call SERVICEs), so
    # check an ASK's syntax as the equivalent SELECT *.
    text = query
    if form == "ASK":
        at = _ASK.search(_code(query)).start()
        text = query[:at] + "SELECT *" + query[at + 3:]
    try:
        OxStore().query(text)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL-syntaxfout (syntax error): {str(exc).splitlines()[0]}") from exc
    return form


def render_term(term: Term) -> str:
    """A term in SPARQL syntax, escaped as N-Triples (pyoxigraph validates IRIs on construction)."""
    if isinstance(term, BlankNode):
        raise QueryError("een blank node kan niet als waarde gebonden worden")
    return str(term)


def bind_values(query: str, bindings: dict[str, Term]) -> str:
    """Bind variables as pyoxigraph's substitutions do, for any store: in the WHERE clause each
    `?name` becomes the term, rendered in N-Triples syntax (escaped, never raw text), and a
    `VALUES` block at its start keeps the variable in the results.

    >>> bind_values("SELECT ?p WHERE { ?s ?p ?o }", {"s": NamedNode("http://ex/a")})
    'SELECT ?p WHERE { VALUES (?s) { (<http://ex/a>) } <http://ex/a> ?p ?o }'
    """
    if not bindings:
        return query
    code = _code(query)
    brace = code.find("{")
    if brace < 0:
        raise QueryError("query zonder WHERE-blok")
    rendered = {name: render_term(term) for name, term in bindings.items()}
    pattern = re.compile(r"[?$](" + "|".join(re.escape(n) for n in rendered) + r")\b")
    body, end = [], len(query)
    for match in reversed(list(pattern.finditer(code, brace))):
        body[:0] = [rendered[match.group(1)], query[match.end():end]]
        end = match.start()
    body.insert(0, query[brace + 1:end])
    names = " ".join(f"?{name}" for name in rendered)
    values = " ".join(rendered.values())
    return f"{query[:brace + 1]} VALUES ({names}) {{ ({values}) }}{''.join(body)}"


GRAPH_TTL = 2.0  # seconds a looked-up release graph is used before asking again
XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_BOOLEANS = {"1": "true", "0": "false"}


def canonical(term: Term | None) -> Term | None:
    """Virtuoso's JSON results write xsd:boolean as 1/0: give the canonical true/false, as the dump has."""
    if isinstance(term, RdfLiteral) and term.datatype == XSD_BOOLEAN and term.value in _BOOLEANS:
        return RdfLiteral(_BOOLEANS[term.value], datatype=XSD_BOOLEAN)
    return term


class RemoteStore:
    """The `Store` protocol over HTTP: a SPARQL 1.1 endpoint, reading the named graph `graph`."""

    def __init__(self, endpoint: str, graph: str, *, kind: str = "generic", timeout: float = 10.0,
                 session: requests.Session | None = None) -> None:
        self.endpoints = endpoints_for(endpoint, kind)
        self.graph = NamedNode(graph).value  # validates the IRI
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.auth = self.session.auth or store_auth(self.endpoints)
        self._store_timeout = kind in ("virtuoso", "fuseki")  # learnt from `Server:` for generic ones
        self._release_graph: tuple[str, float] | None = None

    # --- the Store protocol -----------------------------------------------------------------

    @property
    def graph_name(self) -> str:
        return self.graph

    def run_query(self, query: str, *, media_type: str, timeout: float, limit: int,
                  base_iri: str | None = None, dataset: Dataset = DEFAULT_DATASET,
                  cancel: Cancellation | None = None) -> QueryAnswer:
        """Forward a read-only query; stopped at `timeout` here and at the store, cut at `limit`.
        The store sees the release's graph as its default graph only: a request naming it as a
        named graph is refused here. `cancel` is not needed: the store's own timeout ends the query."""
        if dataset != DEFAULT_DATASET:
            raise QueryError("named-graph-uri wordt niet ondersteund met een externe store (lod serve "
                             "--store); de standaardgraaf bevat alle gegevens (not supported with an "
                             "external store; the default graph holds all the data)")
        if base_iri:  # a BASE of the query's own, later in the prologue, still wins
            query = f"BASE <{NamedNode(base_iri).value}>\n{query}"
        form = check_query(query)
        if media_type not in media_types(form):
            raise QueryError(f"{form} cannot be answered as {media_type}")
        deadline = time.monotonic() + timeout
        if form == "SELECT":
            return self._run_select(query, media_type, timeout, deadline, limit)
        if form == "ASK":
            response = self._post(query, SELECT_JSON, timeout)
            answer = parse_query_results(response.content, format=QueryResultsFormat.JSON)
            return QueryAnswer(serialize_boolean(bool(answer), media_type), media_type, form)
        triples, truncated = [], False
        response = self._post(query, "application/n-triples, text/turtle;q=0.9", timeout, stream=True)
        content_type = response.headers.get("Content-Type", "text/turtle").split(";")[0].strip()
        with response:
            for quad in parse(response.raw, format=RdfFormat.from_media_type(content_type)
                              or RdfFormat.TURTLE):
                if len(triples) == limit:
                    truncated = True  # closing the response stops the store sending the rest
                    break
                triples.append(quad.triple)
                self._check_deadline(deadline, timeout)
        return QueryAnswer(serialize_graph(triples, media_type), media_type, form, truncated)

    def select(self, query: str, *, bindings: dict[str, Term] | None = None,
               timeout: float | None = None) -> list[dict[str, Term]]:
        response = self._post(bind_values(query, bindings or {}), SELECT_JSON, timeout or self.timeout)
        answer = parse_query_results(response.content, format=QueryResultsFormat.JSON)
        names = [v.value for v in answer.variables]
        return [{n: canonical(s[n]) for n in names if s[n] is not None} for s in answer]

    def describe(self, iri: str) -> list[Quad]:
        # The model links every hash-IRI part (…#periode, …#rol-x) from its parent: follow those links
        # instead of scanning every subject for a prefix.
        query = """SELECT ?s ?p ?o WHERE {
            { ?iri ?p ?o BIND(?iri AS ?s) }
            UNION { ?iri ?link ?s . ?s ?p ?o FILTER(STRSTARTS(STR(?s), CONCAT(STR(?iri), "#"))) } }"""
        try:
            subject = NamedNode(iri)
        except ValueError:  # not an IRI ('a b', '%00'): nothing is described, the page is a 404
            return []
        rows = self.select(query, bindings={"iri": subject})
        quads = {Quad(r["s"], r["p"], r["o"], DefaultGraph()) for r in rows}
        return sorted(quads, key=lambda q: (q.subject.value, q.predicate.value, str(q.object)))

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"].value)

    def close(self) -> None:
        self.session.close()

    # --- HTTP -----------------------------------------------------------------------------

    def _run_select(self, query: str, media_type: str, timeout: float, deadline: float,
                    limit: int) -> QueryAnswer:
        response = self._post(query, SELECT_JSON, timeout, stream=True)
        with response:
            solutions = parse_query_results(response.raw, format=QueryResultsFormat.JSON)
            names = [v.value for v in solutions.variables]
            rows, truncated = [], False
            for solution in solutions:
                if len(rows) == limit:
                    truncated = True  # closing the response stops the store sending the rest
                    break
                rows.append([canonical(solution[n]) for n in names])
                self._check_deadline(deadline, timeout)
        body = serialize_solutions(names, rows, media_type, truncated_at=limit if truncated else None)
        return QueryAnswer(body, media_type, "SELECT", truncated)

    @staticmethod
    def _check_deadline(deadline: float, timeout: float) -> None:
        if time.monotonic() > deadline:
            raise QueryTimeout(f"de query duurde langer dan {timeout:g} s en is gestopt")

    def release_graph(self) -> str:
        """The graph holding the current release: the one `lod push` recorded, else `graph` itself.

        Looked up again after GRAPH_TTL seconds; during a pointer swap both named graphs are complete.
        """
        known = self._release_graph
        if known and time.monotonic() - known[1] < GRAPH_TTL:
            return known[0]
        record = push_record_graph_iri(self.graph).value
        query = (f"SELECT ?g WHERE {{ GRAPH <{record}> {{ ?g {DCT.isVersionOf} <{self.graph}> }} }} "
                 "ORDER BY ?g LIMIT 1")
        response = self._post(query, SELECT_JSON, self.timeout, dataset=False)
        rows = list(parse_query_results(response.content, format=QueryResultsFormat.JSON))
        graph = rows[0]["g"].value if rows else self.graph
        self._release_graph = (graph, time.monotonic())
        return graph

    def _post(self, query: str, accept: str, timeout: float, *, stream: bool = False,
              dataset: bool = True) -> requests.Response:
        data = {"query": query}
        if dataset:
            data["default-graph-uri"] = self.release_graph()
        if self._store_timeout and self.endpoints.kind == "fuseki":
            data["timeout"] = f"{timeout:g}"
        elif self._store_timeout:
            data["timeout"] = str(int(timeout * 1000))  # Virtuoso: store-side limit, in milliseconds
        try:
            response = self.session.post(self.endpoints.query, data=data, headers={"Accept": accept},
                                         timeout=(min(timeout, 5.0), timeout), stream=stream)
        except requests.Timeout as exc:
            raise QueryTimeout(f"de store antwoordde niet binnen {timeout:g} s") from exc
        except requests.RequestException as exc:
            raise StoreError(f"store {self.endpoints.query} onbereikbaar: {exc}") from exc
        if response.headers.get("Server", "").startswith("Virtuoso"):
            self._store_timeout = True  # `lod serve --store` does not say which store it is
        if stream:
            response.raw.decode_content = True  # parsers read raw: undo gzip (Virtuoso sends it)
        # Virtuoso's anytime queries answer 200 with a partial result and this header: not an answer.
        if response.headers.get("X-SQL-State", "").startswith("S1T"):
            response.close()
            raise QueryTimeout(f"de store stopte de query na {timeout:g} s")
        if response.status_code >= 400:
            text = response.text[:500]
            if "S1T00" in text:  # Virtuoso: "Transaction timed out"
                raise QueryTimeout(f"de store stopte de query na {timeout:g} s")
            if "estimated execution time" in text:  # Virtuoso refuses what it expects to run too long
                raise QueryTimeout("de store weigert de query: die zou te lang duren (query too expensive)")
            if response.status_code < 500:
                raise QueryError(f"de store weigert de query ({response.status_code}): {text}")
            raise StoreError(f"store-fout {response.status_code} van {self.endpoints.query}: {text}")
        return response



__all__ = ["RemoteStore", "Endpoints", "endpoints_for", "store_auth", "check_query", "bind_values",
           "render_term", "KINDS"]
