"""THE column table of the measures spreadsheet: Dutch header -> field, format, required, list.

One row per column; `records/measures.py` parses by `kind`, `graph/measures.py` maps the field
to a predicate, and the README's table is checked against this one (tests/records/test_columns.py).
Headers match tolerantly: case, spaces, underscores, accents and the English field names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lod.errors import Problem
from lod.sources.read import read_table
from lod.sources.table import Table
from lod.text import Text


@dataclass(frozen=True)
class Column:
    header: str  # as in the template, Dutch
    field: str  # attribute of records.measures.Measure
    kind: str  # how the cell is parsed: see KINDS
    required: bool  # the shapes' sh:minCount for its predicate (tests/test_rules.py checks)
    many: bool  # a list cell: items separated by ';', '|' or line breaks
    nl: str
    en: str
    example: str
    scheme: str | None = None  # code list for kind "code"
    aliases: tuple[str, ...] = ()  # English names (DOMAIN-NOTES §6) and other spellings

    @property
    def meaning(self) -> Text[str]:
        """What the column holds, to read on in a sentence: 'vul in: gemeente waar …'."""
        return Text(self.nl[:1].lower() + self.nl[1:], self.en[:1].lower() + self.en[1:])


# What each kind accepts, as the README's "format" column says it.
KINDS: dict[str, str] = {
    "id": "letters, cijfers, '-', '_' of '.'",
    "text": "tekst (geen HTML, geen formule)",
    "municipality": "NIS-code of naam van de gemeente",
    "code": "code of Nederlandse naam uit de codelijst",
    "bool": "ja/nee",
    "lead": "organisatie (naam of slug) of gemeente (naam, 'Stad X', NIS-code)",
    "partner": "organisatie, optioneel met rol tussen haakjes",
    "date": "2023-06-16, 16/06/2023, 2023-06 of 2023",
    "day": "volledige datum: 2023-06-16 of 16/06/2023",
    "output": "indicator = getal (periode)",
    "url": "webadres (http/https)",
    "role": "functie of dienst, geen persoonsnaam",
    "email": "gedeelde mailbox",
    "reporter": "slug van een organisatie, NIS-code van een gemeente, of 'redactie'",
    "licence": "licentie-URI, 'CC BY 4.0' of 'Modellicentie Gratis Hergebruik'",
}

# The same in English (the template's comments and instructions in English).
KINDS_EN: dict[str, str] = {
    "id": "letters, digits, '-', '_' or '.'", "text": "text (no HTML, no formula)",
    "municipality": "NIS code or name of the municipality", "code": "code or label from the code list",
    "bool": "ja/nee (yes/no)",
    "lead": "organisation (name or slug) or municipality (name, 'Stad X', NIS code)",
    "partner": "organisation, optionally with its role in brackets",
    "date": "2023-06-16, 16/06/2023, 2023-06 or 2023", "day": "full date: 2023-06-16 or 16/06/2023",
    "output": "indicator = number (period)",
    "url": "web address (http/https)", "role": "role or service, never a person's name",
    "email": "shared mailbox",
    "reporter": "slug of an organisation, NIS code of a municipality, or 'redactie'",
    "licence": "licence URI, 'CC BY 4.0' or 'Modellicentie Gratis Hergebruik'",
}

C = Column
COLUMNS: tuple[Column, ...] = (
    C("maatregel_id", "measure_id", "id", True, False, "Vaste, unieke code van de maatregel; bepaalt de URI",
      "Stable unique code of the measure; makes its URI", "44021-2022-001", aliases=("measure_id", "id")),
    C("gemeente", "municipality", "municipality", True, False,
      "Gemeente waar de maatregel loopt, geldig op de startdatum",
      "Municipality of the measure, valid on the start date", "44021",
      aliases=("municipality_nis", "municipality", "nis")),
    C("andere_gemeenten", "other_municipalities", "municipality", False, True,
      "Andere betrokken gemeenten (intergemeentelijk, politiezone)",
      "Other municipalities involved (intermunicipal, police zone)", "44019; 46013",
      aliases=("other_municipalities_nis", "other_municipalities")),
    C("titel", "title", "text", True, False, "Korte naam van de maatregel", "Short name of the measure",
      "Vraag naar Angela", aliases=("title_nl", "title")),
    C("titel_en", "title_en", "text", False, False, "Naam in het Engels", "Name in English",
      "Ask for Angela", aliases=("title_english",)),
    C("beschrijving", "description", "text", True, False, "Wat er gebeurde, in 2 tot 10 zinnen",
      "What was done, in 2 to 10 sentences", "Vijftien cafés doen mee ...",
      aliases=("description_nl", "description")),
    C("soorten", "kinds", "code", True, True, "Soorten maatregel", "Kinds of measure",
      "sensibilisering; vorming", "maatregeltype", ("measure_kinds", "soort", "maatregeltype", "kinds")),
    C("specifiek_sgg", "sgg_specific", "bool", True, False,
      "Richt zich specifiek op seksueel grensoverschrijdend gedrag",
      "Targets sexually transgressive behaviour specifically", "ja", aliases=("sgg_specific",)),
    C("goede_praktijk", "good_practice", "bool", False, False, "Opgenomen als goede praktijk",
      "Listed as a good practice", "nee", aliases=("good_practice",)),
    C("omgevingen", "settings", "code", True, True, "Uitgaansomgevingen", "Nightlife settings",
      "cafe; studentenbuurt", "omgeving", ("settings", "omgeving")),
    C("doelgroepen", "target_groups", "code", True, True, "Doelgroepen", "Target groups",
      "horecapersoneel; omstaanders", "doelgroep", ("target_groups", "doelgroep")),
    C("trekker", "lead", "lead", True, False, "Initiatiefnemer: organisatie of gemeentebestuur",
      "Lead: an organisation or a municipal government", "Stad Mechelen",
      aliases=("lead_organisation", "lead", "initiatiefnemer")),
    C("partners", "partners", "partner", False, True, "Partnerorganisaties, met rol tussen haakjes",
      "Partner organisations, with their role in brackets", "Sensoa (expertise); VAD",
      scheme="partnerrol"),
    C("evenement", "event", "text", False, False, "Evenement waaraan de maatregel vastzit",
      "Event the measure is tied to", "Gentse Feesten", aliases=("event_name", "event")),
    C("status", "status", "code", True, False, "Stand van zaken", "Status", "lopend", "status"),
    C("startdatum", "start", "date", True, False, "Begin (zo precies als bekend)",
      "Start (as precise as known)", "2022-07", aliases=("start_date", "start")),
    C("einddatum", "end", "date", False, False, "Einde; leeg als de maatregel loopt",
      "End; empty while ongoing", "2022-07-24", aliases=("end_date", "end")),
    C("herhaling", "recurrence", "code", False, False, "Hoe vaak de maatregel terugkomt",
      "How often the measure recurs", "jaarlijks", "herhaling", ("recurrence",)),
    C("budgetklasse", "budget_class", "code", False, False, "Budget als klasse",
      "Budget range", "50000-250000", "budgetklasse", ("budget_range", "budget")),
    C("financiering", "funding", "code", False, True, "Financieringsbronnen", "Sources of funding",
      "eigen-middelen", "financiering", ("funding",)),
    C("outputs", "outputs", "output", False, True, "Meetbare resultaten: indicator = getal (periode)",
      "Measurable results: indicator = number (period)", "meldingen ontvangen = 45 (2022)",
      aliases=("resultaten",)),
    C("evaluatie", "evaluation", "text", False, False, "Of en hoe de maatregel geëvalueerd werd",
      "Whether and how the measure was evaluated", "Bevraging bij 40 cafés",
      aliases=("evaluation",)),
    C("evaluatierapport", "evaluation_reports", "url", False, True, "Webadres van een evaluatierapport",
      "Web address of an evaluation report", "https://stad.gent/evaluatie.pdf",
      aliases=("evaluation_report", "evaluation_url")),
    C("bronnen", "sources", "url", True, True, "Bronnen: raadsbesluit, stadspagina, persartikel",
      "Sources: council decision, city page, press article", "https://www.vvsg.be/...",
      aliases=("source_urls", "sources", "bron")),
    C("contactrol", "contact_role", "role", False, False, "Functie om te contacteren, nooit een naam",
      "Role to contact, never a person's name", "preventiecoördinator", aliases=("contact_role",)),
    C("contactmailbox", "contact_email", "email", False, False, "Gedeelde mailbox van die functie",
      "Shared mailbox of that role", "preventie@stad.gent",
      aliases=("contact_mailbox", "contact_email")),
    C("gemeld_door", "reported_by", "reporter", True, False, "Wie de maatregel meldde (organisatie)",
      "Who reported the measure (an organisation)", "redactie", aliases=("reported_by",)),
    C("gemeld_op", "reported_on", "day", True, False, "Datum van de melding of laatste wijziging",
      "Date reported or last changed", "2026-11-27", aliases=("reported_on",)),
    C("toestemming_publicatie", "publication_consent", "bool", True, False,
      "Het bestuur stemt in met open publicatie", "The government agrees to open publication", "ja",
      aliases=("publication_consent", "toestemming")),
    C("licentie", "licence", "licence", True, False, "Licentie van de gegevens", "Licence of the data",
      "CC BY 4.0", aliases=("licence", "license")),
    C("ingetrokken", "withdrawn", "text", False, False,
      "Reden van intrekking; de URI blijft en antwoordt 410 Gone",
      "Reason for withdrawal; the URI stays and answers 410 Gone", "dubbel ingevoerd",
      aliases=("withdrawn",)),
)
del C

# The most characters a cell of each column may hold (README, "Bounds"): far above what a real
# cell needs, low enough that a page, a dump and a search index stay readable and a pasted
# document or a 1 MB cell is refused at its row and column rather than published.
MAX_CHARS: dict[str, int] = {
    "maatregel_id": 100, "gemeente": 100, "andere_gemeenten": 2_000, "titel": 200, "titel_en": 200,
    "beschrijving": 5_000, "soorten": 500, "specifiek_sgg": 10, "goede_praktijk": 10, "omgevingen": 500,
    "doelgroepen": 500, "trekker": 200, "partners": 2_000, "evenement": 200, "status": 50,
    "startdatum": 30, "einddatum": 30, "herhaling": 50, "budgetklasse": 50, "financiering": 500,
    "outputs": 2_000, "evaluatie": 2_000, "evaluatierapport": 4_000, "bronnen": 4_000, "contactrol": 100,
    "contactmailbox": 254, "gemeld_door": 200, "gemeld_op": 30, "toestemming_publicatie": 10,
    "licentie": 200, "ingetrokken": 1_000,
}

# The template's example row (lod template) has this id; the reader skips that row, and says so
# when it was changed, so an example is never published and a real row is never lost in silence.
SAMPLE_ID = "voorbeeld"


def sample_row() -> dict[str, str]:
    """The example row of the template: every column's example, the reserved id, not withdrawn."""
    row = {c.header: c.example for c in COLUMNS}
    row.update(maatregel_id=SAMPLE_ID, ingetrokken="")
    return row


BY_FIELD: dict[str, Column] = {c.field: c for c in COLUMNS}
BY_HEADER: dict[str, Column] = {c.header: c for c in COLUMNS}


def normalise_header(text: str) -> str:
    """Case, accents, spaces and punctuation do not count.

    >>> normalise_header(" Start Datum "), normalise_header("Toestemming-publicatie")
    ('startdatum', 'toestemmingpublicatie')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


_INDEX: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.field, *_column.aliases):
        _INDEX.setdefault(normalise_header(_name), _column)


def match_header(header: str) -> Column | None:
    """The column a header in a file means, or None.

    >>> match_header("Municipality NIS").header
    'gemeente'
    """
    return _INDEX.get(normalise_header(header))


def is_known_header(header: str) -> bool:
    return match_header(header) is not None


def nearest_header(header: str) -> str | None:
    """The known header closest to an unknown one, for 'did you mean'."""
    near = difflib.get_close_matches(normalise_header(header), list(_INDEX), n=1, cutoff=0.6)
    return _INDEX[near[0]].header if near else None


def column_fields(table: Table, problems: list[Problem]) -> dict[str, str]:
    """field -> header as written in the file; unknown headers are warnings naming the nearest one,
    a missing required column is an error (once, not on every row)."""
    found: dict[str, str] = {}
    for header in table.headers:
        column: Column | None = match_header(header)
        if column is None:
            near = nearest_header(header)
            problems.append(Problem(
                Text(f"onbekende kolom '{header}' wordt genegeerd"
                     + (f"; bedoelde u '{near}'?" if near else ""),
                     f"unknown column '{header}' is ignored" + (f"; did you mean '{near}'?" if near else "")),
                file=table.path.name, row=1, column=header, value=header, severity="warning",
                code="unknown-column",
                hint=Text("zie de kolommentabel in de README",
                          "see the column table in the README")))
        elif column.field in found:
            problems.append(Problem(
                Text(f"de kolommen '{found[column.field]}' en '{header}' betekenen hetzelfde",
                     f"the columns '{found[column.field]}' and '{header}' mean the same"),
                file=table.path.name, row=1, column=header, value=header, code="duplicate-column",
                hint=Text("verwijder een van beide",
                          "remove one of them")))
        else:
            found[column.field] = header
    missing = [c for c in COLUMNS if c.required and c.field not in found]
    for column in missing:
        problems.append(Problem(
            Text(f"de verplichte kolom '{column.header}' ontbreekt",
                 f"the required column '{column.header}' is missing"),
            file=table.path.name, row=1, column=column.header, code="missing-column",
            hint=Text(f"voeg een kolom '{column.header}' toe ({column.meaning.nl})",
                      f"add a column '{column.header}' ({column.meaning.en})")))
    return found


CC_BY_4 = "http://creativecommons.org/licenses/by/4.0/"
LICENCES = {  # the licence column's spellings (letters and digits only) -> licence IRI
    "ccby40": CC_BY_4, "ccby": CC_BY_4, "creativecommonsnaamsvermelding40": CC_BY_4,
    "cc0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "modellicentiegratishergebruik":
        "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0",
}


def licence_iri(text: str) -> str | None:
    """The licence IRI for a name or IRI in the licentie column, None if unknown.

    >>> licence_iri("CC BY 4.0") == licence_iri("https://creativecommons.org/licenses/by/4.0") == CC_BY_4
    True
    """
    value = text.strip()
    if value.startswith("https://creativecommons.org/"):
        value = "http://" + value[len("https://"):]
    known = set(LICENCES.values())
    for candidate in (value, value.rstrip("/") + "/"):
        if candidate in known:
            return candidate
    return LICENCES.get(re.sub(r"[^a-z0-9]", "", value.lower()))


def read_measure_table(path: Path) -> Table:
    """Read a measures spreadsheet (.csv or .xlsx); the CSV separator is the one giving known columns."""
    return read_table(path, known=is_known_header)


__all__ = [
    "Column", "COLUMNS", "KINDS", "KINDS_EN", "MAX_CHARS", "SAMPLE_ID", "sample_row", "BY_FIELD", "BY_HEADER",
    "normalise_header", "match_header",
    "is_known_header", "nearest_header", "column_fields", "read_measure_table", "licence_iri", "LICENCES",
]
