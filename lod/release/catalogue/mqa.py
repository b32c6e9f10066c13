"""The catalogue's score by data.europa.eu's Metadata Quality Assessment (MQA): a pure function of
the catalogue graph, nl/en messages for every point lost.

The indicators and their points are those of the MQA methodology (405 points in five dimensions;
data.europa.eu data provider manual, "Metadata quality dashboard"; table in README.md, "The
catalogue"). Three cannot be judged from the files and are reported apart, never counted as won:
whether the access and download URLs answer (checked by `lod check` against a deployment) and
DCAT-AP compliance (checked with the official shapes by the test suite,
tests/integration/test_catalogue_shapes.py). A distribution indicator scores the share of
distributions that meet it; interoperability scores the best distribution, as the methodology says
("identical content with several distributions").

>>> score = mqa_score([])
>>> score.earned, score.possible
(0, 295)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad

from lod.terms import DCAT, DCT, RDF
from lod.text import Text

EU = "http://publications.europa.eu/resource/authority/"
IANA_PREFIXES = ("http://www.iana.org/assignments/media-types/",
                 "https://www.iana.org/assignments/media-types/")
# File types data.europa.eu counts as non-proprietary and as machine-readable (its own EDP
# vocabularies); only the open formats a release is likely to use are known here, any other one
# loses the point with a message saying so.
NON_PROPRIETARY = {"CSV", "GEOJSON", "JSON", "JSON_LD", "RDF_N_QUADS", "RDF_N_TRIPLES", "RDF_TRIG",
                   "RDF_TURTLE", "RDF_XML", "TSV", "TXT", "XML"}
MACHINE_READABLE = NON_PROPRIETARY - {"TXT"} | {"XLSX", "ODS"}


@dataclass(frozen=True)
class Indicator:
    dimension: str
    key: str  # the property, as the methodology names it
    points: int
    earned: float
    judged: bool = True  # False: not judgeable from the files (reachability, compliance)
    lost_nl: str = ""
    lost_en: str = ""

    @property
    def lost(self) -> float:
        return self.points - self.earned if self.judged else 0

    @property
    def why(self) -> Text[str]:
        """Why points are lost, or where an indicator not judged here is checked."""
        return Text(self.lost_nl, self.lost_en)


@dataclass(frozen=True)
class Quality:
    indicators: tuple[Indicator, ...]

    @property
    def earned(self) -> int | float:
        return _round(sum(i.earned for i in self.indicators if i.judged))

    @property
    def possible(self) -> int:
        return sum(i.points for i in self.indicators if i.judged)

    @property
    def total(self) -> int:
        return sum(i.points for i in self.indicators)

    def report(self, lang: str = "nl") -> str:
        """The score, each point lost and what was not judged, in Dutch or English."""
        lines = [Text(f"MQA (data.europa.eu): {self.earned} van {self.possible} punten op de indicatoren "
                      f"die uit de bestanden te beoordelen zijn (van {self.total} in totaal)",
                      f"MQA (data.europa.eu): {self.earned} of {self.possible} points on the indicators "
                      f"judged from the files (of {self.total} in all)").pick(lang)]
        for i in self.indicators:
            if i.judged and i.lost:
                lines.append(f"  -{_round(i.lost)} {i.dimension} {i.key}: {i.why.pick(lang)}")
        skipped = [i for i in self.indicators if not i.judged]
        if skipped:
            head = Text("  niet uit de bestanden te beoordelen: ", "  not judged from the files: ").pick(lang)
            lines.append(head + "; ".join(f"{i.key} ({i.points}): {i.why.pick(lang)}" for i in skipped))
        return "\n".join(lines)


def _round(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


class _Graph:
    def __init__(self, quads: Iterable[Quad]) -> None:
        self.by_subject: dict[NamedNode, list[Quad]] = {}
        for q in quads:
            self.by_subject.setdefault(q.subject, []).append(q)

    def of_type(self, cls: NamedNode) -> list[NamedNode]:
        found = (s for s, qs in self.by_subject.items()
                 if any(q.predicate == RDF.type and q.object == cls for q in qs))
        return sorted(found, key=lambda n: n.value)

    def values(self, s: NamedNode, p: NamedNode) -> list:
        return [q.object for q in self.by_subject.get(s, ()) if q.predicate == p]


def _iri_in(values: list, prefix: str | tuple[str, ...]) -> bool:
    return any(isinstance(v, NamedNode) and v.value.startswith(prefix) for v in values)


def _code(values: list, table: str) -> set[str]:
    return {v.value[len(EU + table) + 1:] for v in values
            if isinstance(v, NamedNode) and v.value.startswith(f"{EU}{table}/")}


def mqa_score(quads: Iterable[Quad]) -> Quality:
    """Score the datasets of a catalogue graph (averaged over datasets; our catalogue has one)."""
    g = _Graph(quads)
    # What a portal harvests: the catalogues' datasets. A dataset's versions (dcat:hasVersion,
    # lod/release/catalogue/versions.py) are typed dcat:Dataset too but are not harvested apart.
    listed = sorted({d for c in g.of_type(DCAT.Catalog) for d in g.values(c, DCAT.dataset)
                     if isinstance(d, NamedNode)}, key=lambda n: n.value)
    datasets = listed or g.of_type(DCAT.Dataset)
    distributions = {d: [x for x in g.values(d, DCAT.distribution) if isinstance(x, NamedNode)]
                     for d in datasets}

    def dataset(dimension: str, key: str, points: int, test: Callable[[NamedNode], bool],
                nl: str, en: str) -> Indicator:
        share = sum(test(d) for d in datasets) / len(datasets) if datasets else 0
        return Indicator(dimension, key, points, points * share, True, nl, en)

    def per_distribution(dimension: str, key: str, points: int, test: Callable[[NamedNode], bool],
                         nl: str, en: str, *, best: bool = False) -> Indicator:
        shares = []
        for d in datasets:
            dists = distributions[d]
            hits = [test(x) for x in dists]
            shares.append((max(hits) if best else sum(hits) / len(hits)) if hits else 0)
        share = sum(shares) / len(shares) if shares else 0
        return Indicator(dimension, key, points, points * share, True, nl, en)

    def has(p: NamedNode) -> Callable[[NamedNode], bool]:
        return lambda s: bool(g.values(s, p))

    def format_in_vocabulary(x: NamedNode) -> bool:
        return (_iri_in(g.values(x, DCT.format), EU + "file-type/")
                and _iri_in(g.values(x, DCAT.mediaType), IANA_PREFIXES))

    def listed(codes: set[str]) -> Callable[[NamedNode], bool]:
        return lambda x: bool(_code(g.values(x, DCT.format), "file-type") & codes)

    f, a, i, r, c = "Findability", "Accessibility", "Interoperability", "Reusability", "Contextuality"
    indicators = (
        dataset(f, "dcat:keyword", 30, has(DCAT.keyword), "de dataset heeft geen trefwoorden",
                "the dataset has no keywords"),
        dataset(f, "dcat:theme", 30, has(DCAT.theme), "de dataset heeft geen thema",
                "the dataset has no theme"),
        dataset(f, "dct:spatial", 20, has(DCT.spatial), "de dataset zegt niet over welk gebied hij gaat",
                "the dataset names no spatial coverage"),
        dataset(f, "dct:temporal", 20, has(DCT.temporal), "de dataset zegt niet over welke periode hij gaat",
                "the dataset names no temporal coverage"),
        Indicator(a, "dcat:accessURL code=200", 50, 0, False, "lod check tegen een installatie",
                  "lod check against a deployment"),
        per_distribution(a, "dcat:downloadURL", 20, has(DCAT.downloadURL),
                         "niet elke distributie heeft een downloadURL",
                         "not every distribution has a downloadURL"),
        Indicator(a, "dcat:downloadURL code=200", 30, 0, False, "lod check tegen een installatie",
                  "lod check against a deployment"),
        per_distribution(i, "dct:format", 20, has(DCT.format), "een distributie zonder dct:format",
                         "a distribution without dct:format", best=True),
        per_distribution(i, "dcat:mediaType", 10, has(DCAT.mediaType),
                         "een distributie zonder dcat:mediaType", "a distribution without dcat:mediaType",
                         best=True),
        per_distribution(i, "dct:format/dcat:mediaType from vocabulary", 10, format_in_vocabulary,
                         "formaat niet uit de EU-lijst van bestandstypes of mediatype niet van IANA",
                         "format not from the EU file-type table or media type not from IANA", best=True),
        per_distribution(i, "dct:format non-proprietary", 20, listed(NON_PROPRIETARY),
                         "geen formaat dat deze controle als niet-propriëtair kent",
                         "no format this check knows as non-proprietary", best=True),
        per_distribution(i, "dct:format machine-readable", 20, listed(MACHINE_READABLE),
                         "geen formaat dat deze controle als machineleesbaar kent",
                         "no format this check knows as machine-readable", best=True),
        Indicator(i, "DCAT-AP compliance", 30, 0, False,
                  "de officiële SHACL-vormen, in de tests (tests/integration/test_catalogue_shapes.py)",
                  "the official SHACL shapes, in the tests (tests/integration/test_catalogue_shapes.py)"),
        per_distribution(r, "dct:license", 20, has(DCT.license), "een distributie zonder licentie",
                         "a distribution without a licence"),
        per_distribution(r, "dct:license from vocabulary", 10,
                         lambda x: _iri_in(g.values(x, DCT.license), EU + "licence/"),
                         "licentie niet uit de EU-lijst van licenties (publications.europa.eu/resource/"
                         "authority/licence)", "licence not from the EU licence table"),
        dataset(r, "dct:accessRights", 10, has(DCT.accessRights), "de dataset zegt niet wie er toegang heeft",
                "the dataset has no access rights"),
        dataset(r, "dct:accessRights from vocabulary", 5,
                lambda d: _iri_in(g.values(d, DCT.accessRights), EU + "access-right/"),
                "toegangsrechten niet uit de EU-lijst", "access rights not from the EU table"),
        dataset(r, "dcat:contactPoint", 20, has(DCAT.contactPoint), "de dataset heeft geen contactpunt",
                "the dataset has no contact point"),
        dataset(r, "dct:publisher", 10, has(DCT.publisher), "de dataset heeft geen uitgever",
                "the dataset has no publisher"),
        per_distribution(c, "dct:rights", 5, has(DCT.rights), "een distributie zonder dct:rights",
                         "a distribution without dct:rights"),
        per_distribution(c, "dcat:byteSize", 5, has(DCAT.byteSize), "een distributie zonder bestandsgrootte",
                         "a distribution without byte size"),
        dataset(c, "dct:issued", 5, has(DCT.issued), "de dataset heeft geen uitgiftedatum",
                "the dataset has no issue date"),
        dataset(c, "dct:modified", 5, has(DCT.modified), "de dataset heeft geen wijzigingsdatum",
                "the dataset has no modification date"),
    )
    return Quality(indicators)


__all__ = ["Indicator", "Quality", "mqa_score", "MACHINE_READABLE", "NON_PROPRIETARY"]
