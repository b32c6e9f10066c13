"""A SPARQL request read as the grammar reads it: tokens first, then the few facts the server
decides on before anything runs: the query form, the SERVICE calls it would make, the graphs its
FROM and FROM NAMED clauses name.

The tokens are the terminals of SPARQL 1.1 (§19.8): IRIs, strings, prefixed names, variables,
comments, words. A keyword is a word token, so `SERVICE` inside a string, an IRI, a prefixed name
or a comment is never taken for one (STYLE §7: never a substring test). pyoxigraph offers neither
a parser nor a hook on SERVICE to Python (its `ServiceHandler` is Rust-only), so this is where the
server learns what a query would do.

Where this reading and pyoxigraph's could differ, the difference may only ever make a query look
*more* dangerous: a string or an escape this lexer does not accept is not a string here, so its
text is read as code; a stray quote or backslash (invalid SPARQL anyway) refuses the request.

>>> text = read_query('PREFIX s: <http://e/> SELECT * { ?x s:p "SERVICE <http://a/> {}" } # SERVICE')
>>> text.form, text.services
('SELECT', ())
>>> read_query("select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }").services
(ServiceCall(iri='http://127.0.0.1:9/', silent=True),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin

from lod.errors import QueryError

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\\\"']"
_PN_CHARS = r"\w\-\u00B7\u0300-\u036F\u203F\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>'''(?:'{{0,2}}(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
              | \"\"\"(?:"{{0,2}}(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
              | '(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'
              | "(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*")
  | (?P<var>[?$][{_PN_CHARS}]+)
  | (?P<bnode>_:[{_PN_CHARS}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?:[^\W\d_](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:
               (?:(?:[{_PN_CHARS}:]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?)?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>.)
""", re.X | re.S)
# Characters no SPARQL production allows outside a string or an IRI: a lexer that met one has lost
# track of where strings end, so it cannot vouch for what the query does.
_STRAY = {'"', "'", "\\"}


@dataclass(frozen=True)
class Token:
    kind: str  # comment, iri, string, var, bnode, pname, langtag, number, word, punct
    text: str
    start: int

    def word(self) -> str | None:
        """A keyword's name in upper case (ASCII only, as SPARQL keywords are), else None."""
        return self.text.upper() if self.kind == "word" and self.text.isascii() else None


@dataclass(frozen=True)
class ServiceCall:
    """A SERVICE clause: the endpoint it calls (None when a variable names it) and SILENT."""

    iri: str | None
    silent: bool = False


@dataclass(frozen=True)
class QueryText:
    """What a request would do, read before it runs."""

    form: QueryForm | Literal["UPDATE"]
    services: tuple[ServiceCall, ...] = ()
    from_graphs: tuple[str, ...] = ()  # FROM <g>: the default graph
    from_named: tuple[str, ...] = ()  # FROM NAMED <g>


def tokens(query: str) -> list[Token]:
    """The query's tokens, whitespace left out, comments kept.

    >>> [t.kind for t in tokens('ex:a <b> "c" ?d # e')]
    ['pname', 'iri', 'string', 'var', 'comment']
    """
    found = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "punct"
        if kind != "space":
            found.append(Token(kind, match.group(), match.start()))
    return found


def normalised(query: str) -> str:
    """The query with every run of whitespace and comments between two tokens as one space, and
    none before the first token or after the last: the same tokens with the same adjacency, so two
    texts with the same normal form are read alike by any SPARQL lexer that treats comments as
    white space (§19.6). Nothing else changes (case, prefixes, IRIs stay as written).

    >>> normalised("SELECT *  # every row\\n WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    >>> normalised("ASK{?a<?b}") == normalised("ASK { ?a < ?b }")  # adjacency is kept
    False
    """
    parts: list[str] = []
    end = None
    for match in _TOKEN.finditer(query):
        if match.lastgroup in ("space", "comment"):
            continue
        if end is not None and match.start() > end:
            parts.append(" ")
        parts.append(match.group())
        end = match.end()
    return "".join(parts)


def read_query(query: str, *, base_iri: str | None = None,
               prefixes: dict[str, str] | None = None) -> QueryText:
    """The form, SERVICE calls and FROM graphs of a request; IRIs resolved as pyoxigraph would
    resolve them with `base_iri` and the predeclared `prefixes`. Raises QueryError when the text
    is not a query or an update."""
    code = [t for t in tokens(query) if t.kind != "comment"]
    stray = next((t for t in code if t.kind == "punct" and t.text in _STRAY), None)
    if stray is not None:
        raise QueryError(
            f"SPARQL-syntaxfout (syntax error): {stray.text!r} op positie {stray.start + 1} staat buiten "
            f"een string of IRI (stands outside a string or an IRI)")
    names = dict(prefixes or {})
    base, at = base_iri, 0
    while at < len(code):  # the prologue: BASE, PREFIX and (SPARQL 1.2) VERSION declarations
        word = code[at].word()
        if word == "BASE" and at + 1 < len(code) and code[at + 1].kind == "iri":
            base = _resolve(_iri_text(code[at + 1].text), base)
            at += 2
        elif word == "PREFIX" and at + 2 < len(code) and code[at + 1].kind == "pname" \
                and code[at + 2].kind == "iri":
            names[code[at + 1].text[:-1]] = _resolve(_iri_text(code[at + 2].text), base)
            at += 3
        elif word == "VERSION" and at + 1 < len(code) and code[at + 1].kind == "string":
            at += 2
        else:
            break
    form = _form(query, code, at)
    services, from_graphs, from_named = [], [], []
    def after(i: int, option: str) -> tuple[bool, Token | None]:
        """Whether the keyword at `i` is followed by `option` (SILENT, NAMED), and the token then."""
        given = i + 1 < len(code) and code[i + 1].word() == option
        at = i + 2 if given else i + 1
        return given, code[at] if at < len(code) else None

    for i, token in enumerate(code):
        word = token.word()
        if word == "SERVICE":
            silent, target = after(i, "SILENT")
            services.append(ServiceCall(_term_iri(target, base, names), silent))
        elif word == "FROM":
            named, target = after(i, "NAMED")
            iri = _term_iri(target, base, names)
            if iri is not None:  # an unknown prefix: pyoxigraph reports the syntax error
                (from_named if named else from_graphs).append(iri)
    return QueryText(form, tuple(services), tuple(from_graphs), tuple(from_named))


def query_form(query: str) -> QueryForm | Literal["UPDATE"]:
    """The form of a SPARQL request: its first keyword after the prologue; updates say "UPDATE".

    >>> query_form("PREFIX ex: <http://e/#select> # ASK?\\n  construct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("INSERT DATA { <a:s> <a:p> <a:o> }")
    'UPDATE'
    """
    return read_query(query).form


def _form(query: str, code: list[Token], at: int) -> QueryForm | Literal["UPDATE"]:
    word = code[at].word() if at < len(code) else None
    if word in FORMS:
        return word  # type: ignore[return-value]
    if word in UPDATE_WORDS:
        return "UPDATE"
    start = code[at].start if at < len(code) else len(query)
    shown = query[start:start + 30].strip() or "(leeg)"
    raise QueryError(
        f"Geen SPARQL-query: verwacht SELECT, ASK, CONSTRUCT of DESCRIBE, maar gevonden: {shown!r} "
        f"(not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE)")


def _term_iri(token: Token | None, base: str | None, names: dict[str, str]) -> str | None:
    """The IRI an IRI or prefixed-name token stands for; None for a variable or anything else."""
    if token is None:
        return None
    if token.kind == "iri":
        return _resolve(_iri_text(token.text), base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = names.get(prefix)
        return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
    return None


def _iri_text(token: str) -> str:
    """The text between < and >, its \\u and \\U escapes applied (SPARQL 1.1 §19.2)."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


__all__ = ["QueryForm", "QueryText", "ServiceCall", "Token", "read_query", "query_form", "tokens", "FORMS"]
