"""Measures -> quads, exactly as docs/rdf-model.md draws them: the one place a column becomes a triple.

`FIELDS` is the mapping table, one named row per (field, predicate), like ckanext-dcat's list.
Nested resources (period, partner roles, outputs, contact) get hash IRIs under the measure, so
there are no blank nodes and dumps stay byte-reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from lod.config import Config
from lod.graph.territory import unit_node
from lod.records.columns import BY_FIELD
from lod.records.measures import Lead, Measure, Output, Partner
from lod.sources.cells import PartialDate
from lod.sources.table import Cell
from lod.terms import (
    ADMS,
    DCAT,
    DCT,
    PROV,
    RDF,
    SCHEMA,
    XSD,
    concept_iri,
    measure_iri,
    organisation_iri,
    part_iri,
    publisher_iri,
    source_row_iri,
    territory_iri,
    vocab,
)

REDACTIE = "redactie"  # gemeld_door: the project itself, published as the catalogue's publisher


@dataclass
class _Ctx:
    """What a converter may need: the configuration, the measure, and nested quads it adds."""

    cfg: Config
    measure: Measure
    subject: NamedNode
    nested: list[Quad] = field(default_factory=list)
    origins: dict[str, dict[str, Cell]] = field(default_factory=dict)

    def add(self, s: NamedNode, p: NamedNode, o: Any) -> None:
        self.nested.append(Quad(s, p, o))

    def put(self, s: NamedNode, part: Part, o: Any) -> None:
        """A property of a nested resource, remembered with the cell its value came from."""
        predicate = part.iri(self.cfg)
        self.add(s, predicate, o)
        cell = self.measure.cells.get(part.source)
        if cell is not None:
            self.origins.setdefault(s.value, {}).setdefault(predicate.value, cell)


Convert = Callable[[Any, _Ctx], Iterable[Any]]


@dataclass(frozen=True)
class Field:
    """One row of the mapping: the Measure field, its predicate (vu: terms by local name), a converter."""

    field: str
    predicate: NamedNode | str
    convert: Convert
    source: str | None = None  # the column whose cell is the origin; default: the field's own

    def iri(self, cfg: Config) -> NamedNode:
        return vocab(cfg)[self.predicate] if isinstance(self.predicate, str) else self.predicate

    @property
    def column_field(self) -> str:
        return self.source or self.field


@dataclass(frozen=True)
class Part:
    """A property of a nested resource (#periode, #rol-…, #output-n, #contact) and the column its
    value comes from: the nested rows of the mapping, so a finding on them names that column."""

    predicate: NamedNode | str
    source: str

    def iri(self, cfg: Config) -> NamedNode:
        return vocab(cfg)[self.predicate] if isinstance(self.predicate, str) else self.predicate


PARTS: dict[str, Part] = {
    "start": Part(DCAT.startDate, "start"),
    "end": Part(DCAT.endDate, "end"),
    "agent": Part(PROV.agent, "partners"),
    "role": Part(PROV.hadRole, "partners"),
    "contact_role": Part(SCHEMA.contactType, "contact_role"),
    "contact_email": Part(SCHEMA.email, "contact_email"),
    "indicator": Part("indicator", "outputs"),
    "value": Part(RDF.value, "outputs"),
    "period": Part("referentieperiode", "outputs"),
}


# --- converters: value -> object terms ---------------------------------------------------------


def _plain(value: str, ctx: _Ctx) -> Iterable[Literal]:
    yield Literal(value)


def _nl(value: str, ctx: _Ctx) -> Iterable[Literal]:
    yield Literal(value, language="nl")


def _en(value: str, ctx: _Ctx) -> Iterable[Literal]:
    yield Literal(value, language="en")


def _boolean(value: bool, ctx: _Ctx) -> Iterable[Literal]:
    yield Literal("true" if value else "false", datatype=XSD.boolean)


def _iri(value: str, ctx: _Ctx) -> Iterable[NamedNode]:
    yield NamedNode(value)


def _territory(value: Any, ctx: _Ctx) -> Iterable[NamedNode]:
    yield territory_iri(value.nis_code)


def _concept(scheme: str) -> Convert:
    def convert(code: str, ctx: _Ctx) -> Iterable[NamedNode]:
        yield concept_iri(ctx.cfg, scheme, code)

    return convert


def date_literal(value: PartialDate) -> Literal:
    """The precision the editor wrote: xsd:date, xsd:gYearMonth or xsd:gYear."""
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[value.precision]
    return Literal(value.iso(), datatype=datatype)


def _date(value: PartialDate, ctx: _Ctx) -> Iterable[Literal]:
    yield date_literal(value)


def lead_iri(lead: Lead, cfg: Config) -> NamedNode:
    """The lead's agent: the organisation, or the municipality's Bestuurseenheid."""
    if lead.organisation is not None:
        return organisation_iri(cfg, lead.organisation)
    return unit_node(lead.municipality, cfg)


def _lead(value: Lead, ctx: _Ctx) -> Iterable[NamedNode]:
    yield lead_iri(value, ctx.cfg)


def _partner_agent(value: Partner, ctx: _Ctx) -> Iterable[NamedNode]:
    yield organisation_iri(ctx.cfg, value.organisation)


def _association_fragments(partners: list[Partner]) -> list[str]:
    """'rol-sensoa'; an organisation listed twice (two roles) gets 'rol-sensoa-expertise'."""
    slugs = [p.organisation for p in partners]
    return [f"rol-{p.organisation}" + (f"-{p.role}" if slugs.count(p.organisation) > 1 else "")
            for p in partners]


def _associations(partners: list[Partner], ctx: _Ctx) -> Iterable[NamedNode]:
    for partner, fragment in zip(partners, _association_fragments(partners), strict=True):
        node = part_iri(ctx.subject, fragment)
        ctx.add(node, RDF.type, PROV.Association)
        ctx.put(node, PARTS["agent"], organisation_iri(ctx.cfg, partner.organisation))
        ctx.put(node, PARTS["role"], concept_iri(ctx.cfg, "partnerrol", partner.role))
        yield node


def _period(m: Measure, ctx: _Ctx) -> Iterable[NamedNode]:
    if m.start is None and m.end is None:  # no period: the shapes report the missing start date
        return
    node = part_iri(ctx.subject, "periode")
    ctx.add(node, RDF.type, DCT.PeriodOfTime)
    if m.start is not None:
        ctx.put(node, PARTS["start"], date_literal(m.start))
    if m.end is not None:
        ctx.put(node, PARTS["end"], date_literal(m.end))
    yield node


def _outputs(outputs: list[Output], ctx: _Ctx) -> Iterable[NamedNode]:
    for number, output in enumerate(outputs, start=1):
        node = part_iri(ctx.subject, f"output-{number}")
        ctx.add(node, RDF.type, vocab(ctx.cfg).Output)
        ctx.put(node, PARTS["indicator"], Literal(output.indicator, language="nl"))
        datatype = XSD.integer if isinstance(output.value, int) else XSD.decimal
        ctx.put(node, PARTS["value"], Literal(str(output.value), datatype=datatype))
        if output.period:
            ctx.put(node, PARTS["period"], Literal(output.period))
        yield node


def _contact(m: Measure, ctx: _Ctx) -> Iterable[NamedNode]:
    if m.contact_role is None and m.contact_email is None:
        return
    node = part_iri(ctx.subject, "contact")
    ctx.add(node, RDF.type, SCHEMA.ContactPoint)
    if m.contact_role:
        ctx.put(node, PARTS["contact_role"], Literal(m.contact_role, language="nl"))
    if m.contact_email:
        ctx.put(node, PARTS["contact_email"], Literal(m.contact_email))
    yield node


def _reporter(value: Any, ctx: _Ctx) -> Iterable[NamedNode]:
    """The project (redactie), an organisation (slug) or a municipality's administrative unit."""
    if not isinstance(value, str):
        yield unit_node(value, ctx.cfg)
    else:
        yield publisher_iri(ctx.cfg) if value == REDACTIE else organisation_iri(ctx.cfg, value)


def _row(m: Measure, ctx: _Ctx) -> Iterable[NamedNode]:
    yield source_row_iri(ctx.cfg, m.file, m.row)


_WHOLE = "*"  # a Field whose converter takes the whole Measure

FIELDS: tuple[Field, ...] = (
    Field("measure_id", DCT.identifier, _plain),
    Field("title", DCT.title, _nl),
    Field("title_en", DCT.title, _en),
    Field("description", DCT.description, _nl),
    Field("kinds", DCT.type, _concept("maatregeltype")),
    Field("sgg_specific", "specifiekSGG", _boolean),
    Field("good_practice", "goedePraktijk", _boolean),
    Field("municipality", DCT.spatial, _territory),
    Field("other_municipalities", DCT.spatial, _territory),
    Field("current_municipalities", "huidigeGemeente", _territory, source="municipality"),
    Field("settings", "omgeving", _concept("omgeving")),
    Field("target_groups", DCT.audience, _concept("doelgroep")),
    Field("event", "evenement", _plain),
    Field("status", ADMS.status, _concept("status")),
    Field(_WHOLE, DCT.temporal, _period, source="start"),
    Field("recurrence", "herhaling", _concept("herhaling")),
    Field("budget_class", "budgetklasse", _concept("budgetklasse")),
    Field("funding", "financiering", _concept("financiering")),
    Field("lead", "trekker", _lead),
    Field("lead", PROV.wasAssociatedWith, _lead),
    Field("partners", PROV.wasAssociatedWith, _partner_agent),
    Field(_WHOLE, PROV.qualifiedAssociation, lambda m, ctx: _associations(m.partners, ctx), "partners"),
    Field(_WHOLE, "output", lambda m, ctx: _outputs(m.outputs, ctx), source="outputs"),
    Field("evaluation", "evaluatie", _nl),
    Field("evaluation_reports", "evaluatierapport", _iri),
    Field("sources", DCT.source, _iri),
    Field(_WHOLE, SCHEMA.contactPoint, _contact, source="contact_role"),
    Field("licence", DCT.license, _iri),
    Field("reported_by", PROV.wasAttributedTo, _reporter),
    Field("reported_on", DCT.modified, _date),
    Field(_WHOLE, PROV.wasDerivedFrom, _row, source="measure_id"),
)

# A withdrawn measure keeps its URI as a tombstone (410 Gone): identifier, title, reason, date.
TOMBSTONE_FIELDS: tuple[Field, ...] = (
    Field("measure_id", DCT.identifier, _plain),
    Field("title", DCT.title, _nl),
    Field("withdrawn", "intrekkingsreden", _nl),
    Field("reported_on", DCT.modified, _date),
)


def _values(f: Field, m: Measure) -> list[Any]:
    value = m if f.field == _WHOLE else getattr(m, f.field)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _measure(m: Measure, cfg: Config) -> tuple[list[Quad], _Ctx]:
    subject = measure_iri(cfg, m.measure_id)
    ctx = _Ctx(cfg, m, subject)
    vu = vocab(cfg)
    withdrawn = m.withdrawn is not None
    quads = [Quad(subject, RDF.type, vu.IngetrokkenMaatregel if withdrawn else vu.Maatregel)]
    for f in TOMBSTONE_FIELDS if withdrawn else FIELDS:
        predicate = f.iri(cfg)
        cell = m.cells.get(f.column_field)
        for value in _values(f, m):
            for obj in f.convert(value, ctx):
                quads.append(Quad(subject, predicate, obj))
                if cell is not None:
                    ctx.origins.setdefault(subject.value, {}).setdefault(predicate.value, cell)
    return quads + ctx.nested, ctx


def measure_quads(measures: Iterable[Measure], cfg: Config) -> Iterator[Quad]:
    """All quads of the measures (default graph), in a stable order.

    >>> from lod.records.measures import Lead
    >>> from lod.sources.cells import PartialDate
    >>> m = Measure("x-1", "Vraag naar Angela", PartialDate(2026, 11, 27), withdrawn="dubbel")
    >>> len(list(measure_quads([m], Config())))  # a tombstone: type, identifier, title, reason, date
    5
    """
    for m in sorted(measures, key=lambda m: m.measure_id):
        yield from _measure(m, cfg)[0]


def origins(measures: Iterable[Measure], cfg: Config) -> dict[str, dict[str, Cell]]:
    """Subject IRI -> {predicate IRI: the Cell it came from}; nested resources (#periode, …) too."""
    return mapped(measures, cfg)[1]


def mapped(measures: Iterable[Measure], cfg: Config) -> tuple[list[Quad], dict[str, dict[str, Cell]]]:
    """`measure_quads` and `origins` from one pass: mapping a measure builds both."""
    found: dict[str, dict[str, Cell]] = {}
    return list(mapped_into(measures, cfg, found)), found


def mapped_into(measures: Iterable[Measure], cfg: Config,
                origins: dict[str, dict[str, Cell]]) -> Iterator[Quad]:
    """`measure_quads`, filling `origins` as it goes (streamed into a store, no list is kept)."""
    # Sorted and stable: for an id used twice, the last row wins in `origins`, as in origins().
    for m in sorted(measures, key=lambda m: m.measure_id):
        some, ctx = _measure(m, cfg)
        origins.update(ctx.origins)
        yield from some


def field_predicates(cfg: Config) -> dict[str, str]:
    """Predicate IRI -> the column header an editor fixes when a finding names that predicate."""
    table: dict[str, str] = {}
    for row in (*FIELDS, *TOMBSTONE_FIELDS, *PARTS.values()):
        source = row.column_field if isinstance(row, Field) else row.source
        table.setdefault(row.iri(cfg).value, BY_FIELD[source].header)
    return table


__all__ = ["Field", "FIELDS", "PARTS", "Part", "field_predicates", "measure_quads", "origins", "mapped",
           "mapped_into", "date_literal", "lead_iri"]
