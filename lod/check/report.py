"""What `lod check` found: one Outcome per test, as a report people read (nl/en) and as EARL.

EARL (the W3C Evaluation and Report Language) is what conformance reports of the field are
written in (the SPARQL and RDF test suites collect implementation reports in it): one
earl:Assertion per test, asserted by `lod check`, about the deployment's URL, with an outcome
(passed, failed, inapplicable) and what was found, in Dutch and English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, serialize

from lod.terms import CHECK, DCT, EARL, FOAF, RDF, XSD
from lod.text import LANGS, Text

PASSED, FAILED, INAPPLICABLE = "passed", "failed", "inapplicable"
_SHOWN = Text({PASSED: "OK  ", FAILED: "FOUT", INAPPLICABLE: "n.v.t."},
              {PASSED: "OK  ", FAILED: "FAIL", INAPPLICABLE: "n/a "})
_SUMMARY = Text("{passed} geslaagd, {failed} mislukt, {inapplicable} niet van toepassing op {url}",
                "{passed} passed, {failed} failed, {inapplicable} not applicable at {url}")


@dataclass(frozen=True)
class Outcome:
    """One test of one check: `test` is 'check.case' (e.g. 'protocol.query_get')."""

    test: str
    outcome: str  # PASSED, FAILED or INAPPLICABLE
    message: Text[str]  # what was found
    source: str | None = None  # the test this one implements (a W3C test IRI), if any


def passed(test: str, nl: str, en: str, source: str | None = None) -> Outcome:
    return Outcome(test, PASSED, Text(nl, en), source)


def failed(test: str, nl: str, en: str, source: str | None = None) -> Outcome:
    return Outcome(test, FAILED, Text(nl, en), source)


def inapplicable(test: str, nl: str, en: str) -> Outcome:
    return Outcome(test, INAPPLICABLE, Text(nl, en))


def verdict(test: str, problem: tuple[str, str] | None, ok: tuple[str, str],
            source: str | None = None) -> Outcome:
    """Passed with `ok` when there is no `problem` (nl, en), else failed with it."""
    return failed(test, *problem, source) if problem else passed(test, *ok, source)


@dataclass
class Report:
    url: str
    outcomes: list[Outcome]

    @property
    def ok(self) -> bool:
        return not any(o.outcome == FAILED for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        counts = {PASSED: 0, FAILED: 0, INAPPLICABLE: 0}
        for outcome in self.outcomes:
            counts[outcome.outcome] += 1
        return counts

    def text(self, lang: str = "nl") -> str:
        """One line per test, failures last so they end up above the summary; then the summary."""
        order = {PASSED: 0, INAPPLICABLE: 1, FAILED: 2}
        shown = _SHOWN.pick(lang)
        lines = [f"{shown[o.outcome]}  {o.test}: {o.message.pick(lang)}"
                 for o in sorted(self.outcomes, key=lambda o: order[o.outcome])]
        lines.append(_SUMMARY.pick(lang).format(url=self.url, **self.counts()))
        return "\n".join(lines)

    def earl(self, *, version: str, when: datetime | None = None) -> bytes:
        """The report in EARL, as Turtle."""
        when = when or datetime.now(UTC)
        return serialize(earl_quads(self, version=version, when=when), format=RdfFormat.TURTLE,
                         prefixes={"earl": EARL.iri, "dct": DCT.iri, "foaf": FOAF.iri, "check": CHECK.iri,
                                   "xsd": XSD.iri})


def earl_quads(report: Report, *, version: str, when: datetime) -> Iterable[Quad]:
    tool, subject = CHECK["lod-check"], NamedNode(report.url)
    stamp = Literal(when.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    yield Quad(tool, RDF.type, EARL.Software)
    yield Quad(tool, RDF.type, EARL.Assertor)
    yield Quad(tool, DCT.title, Literal("lod check"))
    yield Quad(tool, DCT.hasVersion, Literal(version))
    yield Quad(subject, RDF.type, EARL.TestSubject)
    for outcome in report.outcomes:
        test = CHECK[quote(outcome.test, safe="._-")]
        assertion, result = BlankNode(), BlankNode()
        yield Quad(test, RDF.type, EARL.TestCase)
        if outcome.source:
            yield Quad(test, DCT.source, NamedNode(outcome.source))
        yield Quad(assertion, RDF.type, EARL.Assertion)
        yield Quad(assertion, EARL.assertedBy, tool)
        yield Quad(assertion, EARL.subject, subject)
        yield Quad(assertion, EARL.test, test)
        yield Quad(assertion, EARL.mode, EARL.automatic)
        yield Quad(assertion, EARL.result, result)
        yield Quad(result, RDF.type, EARL.TestResult)
        yield Quad(result, EARL.outcome, EARL[outcome.outcome])
        for lang in LANGS:
            yield Quad(result, DCT.description, Literal(outcome.message.pick(lang), language=lang))
        yield Quad(result, DCT.date, stamp)


__all__ = ["Outcome", "Report", "passed", "failed", "inapplicable", "verdict", "PASSED", "FAILED",
           "INAPPLICABLE"]
