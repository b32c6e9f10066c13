"""Serialise query results ourselves, so a result cut at the cap is still a valid document.

pyoxigraph serialises a whole result iterator; the cap needs the first `limit` rows only, so
SELECT and ASK results are written here (SPARQL 1.1 Query Results JSON, XML, CSV and TSV) and
graphs go through `pyoxigraph.serialize`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, serialize

from lod.store.base import Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
TRUNCATION_NOTE = "Resultaat afgekapt op {limit} rijen (result truncated at {limit} rows)."


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def _tsv_value(term: Term | None) -> str:
    # TSV cells hold terms in Turtle/N-Triples syntax, tabs and newlines escaped.
    return "" if term is None else str(term).replace("\t", "\\t").replace("\n", "\\n")


def serialize_solutions(variables: Sequence[str], rows: Iterable[Sequence[Term | None]], media_type: str,
                        *, truncated_at: int | None = None) -> bytes:
    """SELECT results in one of the four SPARQL result formats.

    >>> serialize_solutions(["s"], [[NamedNode("http://e/a")]], "text/csv")
    b's\\r\\nhttp://e/a\\r\\n'
    """
    if media_type == "application/sparql-results+json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
                    for row in rows]
        doc: dict = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        if truncated_at is not None:
            doc["note"] = TRUNCATION_NOTE.format(limit=truncated_at)
        return json.dumps(doc, ensure_ascii=False).encode()
    if media_type == "application/sparql-results+xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        parts.append("</head>\n<results>")
        for row in rows:
            parts.append("<result>" + "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True) if t is not None) + "</result>")
        parts.append("</results>\n</sparql>\n")
        return "\n".join(parts).encode()
    if media_type == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buffer.getvalue().encode()
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_value(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"no SELECT serialiser for {media_type}")


def serialize_boolean(value: bool, media_type: str) -> bytes:
    """ASK results; CSV and TSV as a one-cell table, as Jena does."""
    text = "true" if value else "false"
    if media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == "application/sparql-results+xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{text}</boolean></sparql>\n").encode()
    if media_type == "text/csv":
        return f"_askResult\r\n{text}\r\n".encode()
    if media_type == "text/tab-separated-values":
        return f"?_askResult\n{text}\n".encode()
    raise ValueError(f"no ASK serialiser for {media_type}")


def serialize_graph(triples: Iterable[Triple], media_type: str,
                    prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE results and documents in an RDF syntax, with prefixes where it has them."""
    fmt = RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"no RDF serialiser for {media_type}")
    triples = list(triples)
    used = None
    if prefixes and fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML):
        # Only the prefixes the triples use, so a small document starts with a short header.
        iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
                if isinstance(t, NamedNode)}
        used = {p: ns for p, ns in prefixes.items() if any(iri.startswith(ns) for iri in iris)}
    return serialize(triples, format=fmt, prefixes=used)


def format_table(csv_text: str, *, width: int = 60) -> str:
    """SPARQL CSV results as an aligned text table for the terminal (cells cut at `width`).

    >>> print(format_table("n,name\\r\\n1,Gent\\r\\n"))
    n | name
    --+-----
    1 | Gent
    """
    rows = [[cell if len(cell) <= width else cell[: width - 1] + "…" for cell in row]
            for row in csv.reader(io.StringIO(csv_text))]
    if not rows:
        return ""
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


__all__ = ["serialize_solutions", "serialize_boolean", "serialize_graph", "format_table"]
