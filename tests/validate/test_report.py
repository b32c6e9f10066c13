"""Findings become Problems at the editor's cell, and the printed report reads like the README says."""

import pyoxigraph as ox

from lod.sources.table import Cell
from lod.terms import SH
from lod.validate.findings import Finding
from lod.validate.report import explain, format_report

M = "https://w3id.org/veilig-uitgaan/id/maatregel/44021-2022-001"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
SHAPES = "https://w3id.org/veilig-uitgaan/shapes#"
COLUMNS = {f"{DCT}title": "titel_nl", f"{DCAT}endDate": "einddatum", f"{DCAT}startDate": "startdatum",
           f"{DCT}type": "soort", f"{DCT}spatial": "gemeente"}
ORIGINS = {
    M: {f"{DCT}title": Cell("Gentse Feesten", "maatregelen.csv", 14, "titel_nl"),
        f"{DCT}type": Cell("sensibilisering; kermis", "maatregelen.csv", 14, "soort"),
        f"{DCT}spatial": Cell("44021", "maatregelen.csv", 14, "gemeente")},
    f"{M}#periode": {f"{DCAT}startDate": Cell("2022-07-15", "maatregelen.csv", 14, "startdatum"),
                     f"{DCAT}endDate": Cell("2021-01-01", "maatregelen.csv", 14, "einddatum")},
    f"{M[:-3]}002": {f"{DCT}title": Cell("Andere", "maatregelen.xlsx", 3, "titel_nl")},
}


def finding(focus, path, component, *, value=None, severity=SH.Violation, shape="maatregel-x", messages=None):
    return Finding(ox.NamedNode(focus), path, value, ox.NamedNode(SHAPES + shape), SH[component], severity,
                   messages or {})


def test_a_finding_on_a_nested_node_lands_on_its_column_in_the_parent_row():
    f = finding(f"{M}#periode", ox.NamedNode(f"{DCAT}endDate"), "LessThanOrEqualsConstraintComponent",
                value=ox.Literal("2021-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
                messages={"nl": "De einddatum ligt voor de startdatum.",
                          "en": "The end date is before the start."})
    [p] = explain([f], origins=ORIGINS, columns=COLUMNS)
    assert (p.file, p.row, p.column, p.value) == ("maatregelen.csv", 14, "einddatum", "2021-01-01")
    assert p.message.nl == "De einddatum ligt voor de startdatum."
    assert p.message.en == "The end date is before the start."
    assert p.severity == "error" and p.code == "maatregel-x"


def test_a_sequence_path_from_the_measure_maps_by_its_last_step():
    path = ("sequence", (ox.NamedNode(f"{DCT}temporal"), ox.NamedNode(f"{DCAT}startDate")))
    [p] = explain([finding(M, path, "MaxCountConstraintComponent")], origins=ORIGINS, columns=COLUMNS)
    assert (p.row, p.column, p.value) == (14, "startdatum", "2022-07-15")


def test_a_missing_value_names_the_column_from_the_table_and_says_fill_it_in():
    # no cell for dct:description: the measure was mapped from row 14, the column comes from `columns`
    columns = {**COLUMNS, f"{DCT}description": "beschrijving_nl"}
    [p] = explain([finding(M, ox.NamedNode(f"{DCT}description"), "MinCountConstraintComponent")],
                  origins=ORIGINS, columns=columns)
    assert (p.file, p.row, p.column, p.value) == ("maatregelen.csv", 14, "beschrijving_nl", None)
    assert "beschrijving_nl" in p.hint.nl and "beschrijving_nl" in p.hint.en
    assert p.message.nl == "er ontbreekt een waarde"  # the component's words when the shape has none


def test_the_editors_text_is_shown_rather_than_the_graph_value():
    f = finding(M, ox.NamedNode(f"{DCT}type"), "InConstraintComponent",
                value=ox.NamedNode("https://w3id.org/veilig-uitgaan/id/concept/maatregeltype/kermis"))
    [p] = explain([f], origins=ORIGINS, columns=COLUMNS)
    assert p.value == "sensibilisering; kermis" and p.column == "soort"
    assert "codelijst" in p.hint.nl and "code list" in p.hint.en


def test_findings_off_the_spreadsheet_still_name_the_resource():
    town = "https://data.vlaanderen.be/id/gemeente/99999"
    [p] = explain([finding(town, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                           "MinCountConstraintComponent", messages={"nl": "Geen naam.", "en": "No name."})],
                  origins=ORIGINS, columns=COLUMNS)
    assert p.file is None and p.row is None
    assert p.message.nl == f"{town}: Geen naam." and p.message.en == f"{town}: No name."
    # an organisation's dct:type is not the measures' column for dct:type ('soorten')
    organisation = "https://w3id.org/veilig-uitgaan/id/organisatie/x"
    [p] = explain([finding(organisation, ox.NamedNode(f"{DCT}type"), "InConstraintComponent")],
                  origins=ORIGINS, columns={**COLUMNS, f"{DCT}type": "soorten"})
    assert (p.file, p.row, p.column) == (None, None, None)


def test_node_shape_findings_keep_the_row_and_warnings_stay_warnings():
    f = finding(M, None, "SPARQLConstraintComponent", severity=SH.Warning,
                messages={"nl": "Aanbevolen: geef een Engelse titel.",
                          "en": "Recommended: an English title."})
    [p] = explain([f], origins=ORIGINS, columns=COLUMNS)
    assert (p.file, p.row, p.column) == ("maatregelen.csv", 14, None)
    assert p.severity == "warning"


def test_duplicate_findings_give_one_problem():
    f = finding(M, ox.NamedNode(f"{DCT}title"), "MinCountConstraintComponent")
    g = finding(M, ox.NamedNode(f"{DCT}title"), "MinCountConstraintComponent", shape="other")
    assert len(explain([f, f], origins=ORIGINS, columns=COLUMNS)) == 1
    assert len(explain([f, g], origins=ORIGINS, columns=COLUMNS)) == 1  # same words at the same cell


def test_format_report_sorts_by_file_and_row_and_counts_in_dutch_and_english():
    problems = explain([
        finding(f"{M[:-3]}002", ox.NamedNode(f"{DCT}title"), "UniqueLangConstraintComponent"),
        finding(f"{M}#periode", ox.NamedNode(f"{DCAT}endDate"), "LessThanOrEqualsConstraintComponent",
                value=ox.Literal("2021-01-01"), messages={"nl": "De einddatum ligt voor de startdatum.",
                                                          "en": "The end date is before the start date."}),
        finding(M, None, "SPARQLConstraintComponent", severity=SH.Warning,
                messages={"nl": "Aanbevolen: geef een evaluatie.", "en": "Recommended: give an evaluation."}),
        finding("https://data.vlaanderen.be/id/gemeente/99999", None, "ClassConstraintComponent"),
    ], origins=ORIGINS, columns=COLUMNS)
    nl = format_report(problems, "nl").splitlines()
    assert nl[0].startswith("maatregelen.csv, rij 14, kolom einddatum: '2021-01-01' — de einddatum ligt voor "
                            "de startdatum. Oplossing: ")
    assert nl[1].startswith("maatregelen.csv, rij 14 (waarschuwing): Aanbevolen: geef een evaluatie.")
    assert nl[2].startswith("maatregelen.xlsx, rij 3, kolom titel_nl: 'Andere' — er staat meer dan één tekst")
    assert nl[3].startswith("https://data.vlaanderen.be/id/gemeente/99999: de waarde verwijst")
    assert nl[-1] == "3 fouten, 1 waarschuwing."
    en = format_report(problems, "en").splitlines()
    assert en[0].startswith(
        "maatregelen.csv, row 14, column einddatum: '2021-01-01' — the end date is before")
    assert "Fix: " in en[0]
    assert en[-1] == "3 errors, 1 warning."


def test_an_empty_report_says_zero():
    assert format_report([], "nl") == "0 fouten, 0 waarschuwingen."
    assert format_report([], "en") == "0 errors, 0 warnings."


def test_a_rule_whose_value_is_the_focus_shows_no_value_and_no_generic_hint():
    f = finding(M, None, "SPARQLConstraintComponent", value=ox.NamedNode(M),
                messages={"nl": "Een afgeronde maatregel heeft een einddatum; vul einddatum in.",
                          "en": "A completed measure has an end date; fill in einddatum."})
    [p] = explain([f], origins=ORIGINS, columns=COLUMNS)
    assert p.value is None and p.hint is None
    assert format_report([p], "nl").splitlines()[0] == (
        "maatregelen.csv, rij 14: Een afgeronde maatregel heeft een einddatum; vul einddatum in.")


def test_names_keep_their_capital_after_a_value():
    f = finding(M, ox.NamedNode(f"{DCT}spatial"), "SPARQLConstraintComponent",
                value=ox.NamedNode("https://data.vlaanderen.be/id/gemeente/46013"),
                messages={"nl": "Kruibeke bestond niet op de startdatum."})
    line = format_report(explain([f], origins=ORIGINS, columns=COLUMNS), "nl").splitlines()[0]
    assert line == ("maatregelen.csv, rij 14, kolom gemeente: '44021' — "
                    "Kruibeke bestond niet op de startdatum.")
class _ReferencePlaces:
    """'Where is this finding's cell', the plain way: the cells of each subject, and for every
    resource and predicate the first of its hash-IRI parts (…/X#periode) in sorted order that
    holds one. Indexed by (resource, predicate) in one pass, where the report keeps a list of
    parts per resource and scans it."""

    def __init__(self, origins):
        self.origins = origins
        self.first_part = {}
        for subject, cells in origins.items():
            resource, hash_mark, _ = subject.partition("#")
            if hash_mark:
                for predicate in cells:
                    key = (resource, predicate)
                    self.first_part[key] = min(self.first_part.get(key, subject), subject)

    def cell(self, focus: str, predicate):
        if predicate is None:
            return None
        owners = [focus, focus.split("#", 1)[0]] if "#" in focus else [focus]
        for subject in owners:
            if predicate in self.origins.get(subject, {}):
                return self.origins[subject][predicate]
        part = self.first_part.get((owners[-1], predicate))
        return self.origins[part][predicate] if part else None

    def place(self, focus: str, predicate):
        """(file, row, column, value) as the report must place a finding."""
        cell = self.cell(focus, predicate)
        row_cell = cell
        if row_cell is None:
            for subject in ([focus.split("#", 1)[0], focus] if "#" in focus else [focus]):
                if self.origins.get(subject):
                    row_cell = min(self.origins[subject].values(), key=lambda c: (c.row, c.column))
                    break
        return (row_cell.file if row_cell else None, row_cell.row if row_cell else None,
                cell.column if cell else None, cell.value if cell and not cell.empty else None)


def test_many_findings_are_placed_where_an_independent_lookup_places_them():
    # 5k measures, each with a period part and up to two output parts; 20k findings across them, on the
    # measure, on a part, through a sequence path, and on predicates no cell holds.
    origins, findings = {}, []
    preds = [f"{DCT}title", f"{DCT}type", f"{DCAT}startDate", f"{DCAT}endDate",
             "https://w3id.org/veilig-uitgaan/ns#indicator", f"{DCT}source"]
    for i in range(5000):
        m = f"https://w3id.org/veilig-uitgaan/id/maatregel/m{i:05d}"
        row = i + 2
        origins[m] = {f"{DCT}title": Cell(f"titel {i}", "m.csv", row, "titel_nl"),
                      f"{DCT}type": Cell("", "m.csv", row, "soort")}
        origins[f"{m}#periode"] = {f"{DCAT}startDate": Cell("2022", "m.csv", row, "startdatum")}
        if i % 3:
            origins[f"{m}#output-1"] = {preds[4]: Cell("meldingen", "m.csv", row, "output_indicator")}
        if i % 5 == 0:  # a second part with the same predicate: the first in sorted order holds the cell
            origins[f"{m}#output-2"] = {preds[4]: Cell("deelnemers", "m.csv", row, "output_indicator_2")}
        if i % 7 == 0:
            origins[f"{m}#periode"][f"{DCAT}endDate"] = Cell("2021", "m.csv", row, "einddatum")
    for n in range(20000):
        m = f"https://w3id.org/veilig-uitgaan/id/maatregel/m{(n * 7919) % 5000:05d}"
        focus = m + ("", "#periode", "#output-1", "#elders")[n % 4]
        pred = preds[n % len(preds)]
        path = (ox.NamedNode(pred) if n % 5 else
                ("sequence", (ox.NamedNode(f"{DCT}temporal"), ox.NamedNode(pred))))
        if n % 11 == 0:
            path = None
        findings.append(finding(focus, path, "MinCountConstraintComponent", shape=f"s{n % 13}",
                                severity=SH.Warning if n % 2 else SH.Violation,
                                messages={"nl": f"bericht {n % 13}", "en": f"message {n % 13}"}))
    problems = explain(findings, origins=origins, columns={})
    places = _ReferencePlaces(origins)
    expected = set()
    for f in findings:
        pred = None if f.result_path is None else (
            f.result_path.value if isinstance(f.result_path, ox.NamedNode) else f.result_path[1][-1].value)
        file, row, column, value = places.place(f.focus_node.value, pred)
        nl = f.messages["nl"] if file else f"{f.focus_node.value}: {f.messages['nl']}"
        expected.add((file, row, column, value, nl, "error" if f.severity == SH.Violation else "warning"))
    got = {(p.file, p.row, p.column, p.value, p.message.nl, p.severity) for p in problems}
    assert got == expected
    assert len(problems) == len(expected) > 1000
    placed = [p for p in problems if p.column == "einddatum"]
    assert placed and all(p.value == "2021" and p.file == "m.csv" for p in placed)


def test_a_sparql_rule_with_a_result_path_lands_on_the_cell_of_its_part_with_the_editors_value():
    # einddatum-na-startdatum selects ?path dcat:endDate: the finding is on the measure, the cell on #periode.
    f = finding(M, ox.NamedNode(f"{DCAT}endDate"), "SPARQLConstraintComponent",
                shape="einddatum-na-startdatum", value=ox.Literal("2021-01-01"),
                messages={"nl": "De einddatum (2021-01-01) ligt voor de startdatum; verbeter een van beide.",
                          "en": "The end date (2021-01-01) is before the start date; correct one of them."})
    [p] = explain([f], origins=ORIGINS, columns=COLUMNS)
    assert format_report([p], "nl").splitlines()[0] == (
        "maatregelen.csv, rij 14, kolom einddatum: '2021-01-01' — de einddatum (2021-01-01) ligt voor de "
        "startdatum; verbeter een van beide.")
    assert format_report([p], "en").splitlines()[0] == (
        "maatregelen.csv, row 14, column einddatum: '2021-01-01' — the end date (2021-01-01) is before the "
        "start date; correct one of them.")
