"""The editors' template: an XLSX that the reader reads back exactly (`lod template`).

Everything in it comes from the facts the reader itself uses, so the two cannot drift apart:
the measures sheet has the columns of `records/columns.py` (header comments with what each means,
its format, an example, whether it is required and how long it may be), dropdowns from the code
lists (`ontology/codelists`), yes/no and the licences; the reference sheets list every
municipality since 2019 (an old code with today's municipality beside it) and every organisation.
Row 2 is the example row (`maatregel_id` `voorbeeld`), which the reader skips. Data cells are
formatted as text, so Excel keeps '2022-07' as typed instead of making it a day.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from lod.config import Config
from lod.graph.codelists import CODELIST_NAMES, code_index, concept_labels
from lod.records.columns import COLUMNS, KINDS, KINDS_EN, MAX_CHARS, Column, sample_row
from lod.records.partners import load_organisations
from lod.records.territory import load_municipalities
from lod.sources.xlsx import SHEET_NAME
from lod.text import Text

ROWS = 1_000  # rows below the header that get the dropdowns and the text format
CODES_SHEET, MUNICIPALITIES_SHEET, ORGANISATIONS_SHEET, INSTRUCTIONS_SHEET = (
    "codelijsten", "gemeenten", "organisaties", "instructies")
# The spellings the dropdowns offer; the reader accepts more (records/columns.py LICENCES, TRUE_WORDS).
YES_NO = ("ja", "nee")
LICENCE_NAMES = ("CC BY 4.0", "CC0", "Modellicentie Gratis Hergebruik")

_BOLD = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="F2D7DF")
_OPTIONAL = PatternFill("solid", fgColor="EDEDED")
_EXAMPLE = Font(italic=True, color="595959")

_WORDS = Text(
    {"required": "verplicht", "optional": "niet verplicht", "format": "vorm", "example": "voorbeeld",
     "at_most": "hoogstens {n} tekens", "list": "meerdere waarden gescheiden door ; of |",
     "code": "code", "label_nl": "naam (nl)", "label_en": "naam (en)", "nis": "nis_code", "name": "naam",
     "province": "provincie", "from": "geldig_vanaf", "to": "geldig_tot", "today_nis": "nu_nis_code",
     "today_name": "nu_naam", "slug": "slug", "alt": "alternatieve_namen", "kind": "partnertype",
     "column": "kolom", "meaning": "betekenis", "max": "max. tekens"},
    {"required": "required", "optional": "optional", "format": "format", "example": "example",
     "at_most": "at most {n} characters", "list": "several values separated by ; or |",
     "code": "code", "label_nl": "label (nl)", "label_en": "label (en)", "nis": "nis_code", "name": "name",
     "province": "province", "from": "valid_from", "to": "valid_to", "today_nis": "today_nis_code",
     "today_name": "today_name", "slug": "slug", "alt": "other_names", "kind": "partner_type",
     "column": "column", "meaning": "meaning", "max": "max. characters"},
)
_STEPS = Text(
    ["Zo vult u dit sjabloon in",
     "1. Vul op het blad 'maatregelen' één rij per maatregel in, vanaf rij 3. Rij 2 is een voorbeeld "
     "(maatregel_id 'voorbeeld') en wordt nooit gelezen.",
     "2. Roze kolommen zijn verplicht. Beweeg over een kolomtitel voor wat erin hoort, de vorm en een "
     "voorbeeld. Kolommen met een keuzelijst nemen een code uit het blad 'codelijsten'; waar meer "
     "waarden mogen, scheidt u ze met ';'.",
     "3. Een gemeente schrijft u als NIS-code of naam (blad 'gemeenten': ook de gemeenten van vóór de "
     "fusies van 2019 en 2025, met de gemeente van nu). Een partner als naam uit het blad 'organisaties', "
     "met de rol tussen haakjes: 'Sensoa (expertise)'.",
     "4. Nooit een persoonsnaam of persoonlijk e-mailadres: een functie ('preventiecoördinator') en een "
     "gedeelde mailbox ('preventie@gemeente.be'). Zonder 'ja' bij toestemming_publicatie wordt een rij niet "
     "gepubliceerd.",
     "5. Controleer het bestand met de snelle controle (/controle op de website) en bezorg het daarna; "
     "het verslag noemt elke cel die niet klopt, met rij, kolom en wat te doen."],
    ["How to fill in this template",
     "1. On the sheet 'maatregelen', fill in one row per measure, from row 3. Row 2 is an example "
     "(maatregel_id 'voorbeeld') and is never read.",
     "2. Pink columns are required. Hover over a column title for what goes in it, its format and an "
     "example. Columns with a dropdown take a code from the sheet 'codelijsten'; where several values "
     "are allowed, separate them with ';'.",
     "3. Write a municipality as its NIS code or name (sheet 'gemeenten': also the municipalities before "
     "the 2019 and 2025 mergers, with today's municipality). A partner as a name from the sheet "
     "'organisaties', with its role in brackets: 'Sensoa (expertise)'.",
     "4. Never a person's name or personal e-mail address: a role ('preventiecoördinator') and a shared "
     "mailbox ('preventie@gemeente.be'). Without 'ja' in toestemming_publicatie a row is not published.",
     "5. Check the file with the instant check (/controle on the website), then send it in; the report "
     "names every cell that is not right, with row, column and what to do."],
)


def write_template(cfg: Config, path: Path | IO[bytes], *, lang: str = "nl") -> Path | IO[bytes]:
    """Write the editors' template to `path` (an .xlsx, or a binary file object) in `lang`
    (comments and instructions).

    >>> import tempfile
    >>> from openpyxl import load_workbook
    >>> with tempfile.TemporaryDirectory() as d:
    ...     book = load_workbook(write_template(Config(), Path(d) / "sjabloon.xlsx"))
    >>> book.sheetnames
    ['maatregelen', 'instructies', 'codelijsten', 'gemeenten', 'organisaties']
    >>> sheet = book["maatregelen"]
    >>> sheet.freeze_panes, sheet["A1"].value, sheet["A2"].value
    ('A2', 'maatregel_id', 'voorbeeld')
    """
    book = Workbook()
    measures = book.active
    measures.title = SHEET_NAME
    instructions = book.create_sheet(INSTRUCTIONS_SHEET)
    codes_sheet = book.create_sheet(CODES_SHEET)
    ranges = _write_codes(codes_sheet, cfg, lang)
    _write_municipalities(book.create_sheet(MUNICIPALITIES_SHEET), cfg, lang)
    _write_organisations(book.create_sheet(ORGANISATIONS_SHEET), cfg, lang)
    _write_measures(measures, ranges, lang)
    _write_instructions(instructions, lang)
    book.properties.creator = cfg.publisher_name
    book.properties.title = cfg.dataset_title.pick(lang)
    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _comment(column: Column, lang: str) -> Comment:
    words = _WORDS.pick(lang)
    kind = Text(KINDS, KINDS_EN).pick(lang)[column.kind]
    lines = [
        Text(column.nl, column.en).pick(lang),
        f"{words['format']}: {kind}" + (f" ({words['list']})" if column.many else ""),
        f"{words['example']}: {column.example}",
        f"{words['required'] if column.required else words['optional']}; "
        + words["at_most"].format(n=MAX_CHARS[column.header]),
    ]
    comment = Comment("\n".join(lines), "veilig-uitgaan")
    comment.width, comment.height = 320, 140
    return comment


def _write_measures(sheet: Worksheet, ranges: dict[str, str], lang: str) -> None:
    example = sample_row()
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index, value=column.header)
        head.font, head.comment = _BOLD, _comment(column, lang)
        head.fill = _REQUIRED if column.required else _OPTIONAL
        cell = sheet.cell(row=2, column=index, value=example[column.header] or None)
        cell.font = _EXAMPLE
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.example) + 4))
        for row in range(2, ROWS + 2):  # text, so Excel keeps '2022-07' and '01/06/2023' as typed
            sheet.cell(row=row, column=index).number_format = "@"
        validation = _validation(column, ranges)
        if validation is not None:
            validation.add(f"{letter}3:{letter}{ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"


def _validation(column: Column, ranges: dict[str, str]) -> DataValidation | None:
    """The dropdown of a column: a code list, yes/no or the licences. A list cell ('a; b') is not
    one item of the list, so there the list helps without refusing (showErrorMessage off)."""
    if column.kind == "code" and column.scheme in ranges:
        formula = ranges[column.scheme]
    elif column.kind == "bool":
        formula = '"' + ",".join(YES_NO) + '"'
    elif column.kind == "licence":
        formula = '"' + ",".join(LICENCE_NAMES) + '"'
    else:
        return None
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.showErrorMessage = not column.many
    validation.errorTitle, validation.error = column.header, Text(column.nl, column.en).pick("nl")
    validation.promptTitle, validation.prompt = column.header, column.example
    validation.showInputMessage = True
    return validation


def _header(sheet: Worksheet, names: list[str]) -> None:
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = _BOLD
    sheet.freeze_panes = "A2"


def _write_codes(sheet: Worksheet, cfg: Config, lang: str) -> dict[str, str]:
    """Each code list as three columns (code, Dutch, English label); returns scheme -> the range of
    its codes, for the dropdowns."""
    words = _WORDS.pick(lang)
    index = code_index(cfg)
    labels = concept_labels(cfg)
    ranges: dict[str, str] = {}
    for n, scheme in enumerate(CODELIST_NAMES):
        first = n * 4 + 1
        codes = sorted(set(index[scheme].values()))
        header = [f"{scheme}: {words['code']}", words["label_nl"], words["label_en"]]
        for offset, title in enumerate(header):
            sheet.cell(row=1, column=first + offset, value=title).font = _BOLD
        for row, code in enumerate(codes, start=2):
            label = labels.get(f"{cfg.id_base}concept/{scheme}/{code}", Text("", ""))
            sheet.cell(row=row, column=first, value=code)
            sheet.cell(row=row, column=first + 1, value=label.nl)
            sheet.cell(row=row, column=first + 2, value=label.en)
        letter = get_column_letter(first)
        ranges[scheme] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(codes) + 1}"
        for offset in range(3):
            sheet.column_dimensions[get_column_letter(first + offset)].width = 24
    sheet.freeze_panes = "A2"
    return ranges


def _write_municipalities(sheet: Worksheet, cfg: Config, lang: str) -> None:
    """Every municipality since 2019 (valid on 2018-12-31 or later), today's beside an old one."""
    words = _WORDS.pick(lang)
    towns = load_municipalities(cfg.data_dir)
    _header(sheet, [words[k] for k in ("nis", "name", "province", "from", "to", "today_nis", "today_name")])
    for town in towns:
        today = towns.current(town)
        province = towns.provinces.get(town.province_nis)
        sheet.append([town.nis_code, town.name, province.name if province else "",
                      town.valid_from.isoformat(), town.valid_to.isoformat() if town.valid_to else "",
                      "" if today is town else today.nis_code, "" if today is town else today.name])
    for letter, width in zip("ABCDEFG", (10, 28, 18, 13, 13, 13, 28), strict=True):
        sheet.column_dimensions[letter].width = width


def _write_organisations(sheet: Worksheet, cfg: Config, lang: str) -> None:
    words = _WORDS.pick(lang)
    _header(sheet, [words[k] for k in ("slug", "name", "alt", "kind")])
    for org in load_organisations(cfg.organisations_table):
        sheet.append([org.slug, org.name, "; ".join(org.alt_names), org.partner_type])
    for letter, width in zip("ABCD", (28, 40, 40, 22), strict=True):
        sheet.column_dimensions[letter].width = width


def _write_instructions(sheet: Worksheet, lang: str) -> None:
    words = _WORDS.pick(lang)
    steps = _STEPS.pick(lang)
    sheet.append([steps[0]])
    sheet["A1"].font = Font(bold=True, size=14)
    for step in steps[1:]:
        sheet.append([step])
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([])
    sheet.append([words["column"], words["required"], words["format"], words["meaning"], words["example"],
                  words["max"]])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    for column in COLUMNS:
        kind = Text(KINDS, KINDS_EN).pick(lang)[column.kind]
        sheet.append([column.header, words["required"] if column.required else words["optional"], kind,
                      Text(column.nl, column.en).pick(lang), column.example, MAX_CHARS[column.header]])
    sheet.column_dimensions["A"].width = 90
    for letter, width in zip("BCDEF", (14, 40, 50, 30, 12), strict=True):
        sheet.column_dimensions[letter].width = width


__all__ = ["LICENCE_NAMES", "YES_NO", "write_template"]
