"""What changed between two dumps (lod/release/changes.py): the merge diff and the changelog's words."""

from __future__ import annotations

from lod.config import Config
from lod.release.changes import changelog, diff_lines, parse_line, shown

M = "https://w3id.org/veilig-uitgaan/id/maatregel/"
VU = "https://w3id.org/veilig-uitgaan/ns#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
STATUS = "http://www.w3.org/ns/adms#status"
ROW = "http://www.w3.org/ns/prov#wasDerivedFrom"
GENT = "https://data.vlaanderen.be/id/gemeente/44021"
LEUVEN = "https://data.vlaanderen.be/id/gemeente/24062"


def line(s: str, p: str, o: str) -> bytes:
    return f"<{s}> <{p}> {o} .\n".encode()


def iri(value: str) -> str:
    return f"<{value}>"


def names(value: str) -> str | None:
    return {GENT: "Gent", LEUVEN: "Leuven"}.get(value)


def test_the_merge_finds_what_each_side_has_alone():
    old = [b"a\n", b"b\n", b"d\n"]
    new = [b"a\n", b"c\n", b"d\n", b"e\n"]
    assert diff_lines(iter(old), iter(new)) == ([b"c\n", b"e\n"], [b"b\n"])
    assert diff_lines(iter([]), iter(new)) == (new, [])
    assert diff_lines(iter(old), iter([])) == ([], old)


def test_lines_are_read_back_with_their_escapes():
    s, p, o = parse_line(line(M + "x", DCT + "title", '"Vraag \\"naar\\" Angela\\nbis"@nl'))
    assert (s, p) == (M + "x", DCT + "title") and shown(o) == 'Vraag "naar" Angela\nbis'
    assert shown(iri("https://w3id.org/veilig-uitgaan/id/concept/status/lopend")) == "lopend"


def test_each_kind_of_change_is_named_with_its_place_and_what_became_what():
    cfg = Config()
    a, w, c, r, moved = (M + x for x in ("a", "w", "c", "r", "m"))
    added = [
        line(a, TYPE, iri(VU + "Maatregel")),
        line(a, DCT + "title", '"Nieuw"@nl'),
        line(a, DCT + "spatial", iri(GENT)),
        line(w, TYPE, iri(VU + "IngetrokkenMaatregel")),
        line(c, STATUS, iri("https://w3id.org/veilig-uitgaan/id/concept/status/afgerond")),
        line(moved, ROW, iri("https://w3id.org/veilig-uitgaan/doc/bron/m.csv#rij-3")),
        line("https://example.org/org", DCT + "title", '"x"'),
    ]
    removed = [
        line(w, TYPE, iri(VU + "Maatregel")),
        line(w, DCT + "spatial", iri(LEUVEN)),
        line(c, STATUS, iri("https://w3id.org/veilig-uitgaan/id/concept/status/lopend")),
        line(r, TYPE, iri(VU + "Maatregel")),
        line(r, DCT + "title", '"Weg"@nl'),
        line(moved, ROW, iri("https://w3id.org/veilig-uitgaan/doc/bron/m.csv#rij-2")),
    ]
    log = changelog(sorted(added), sorted(removed), cfg, names, {c: ("Ander", (GENT,))})
    kinds = {m.measure_id: m.kind for m in log.measures}
    assert kinds == {"a": "added", "w": "withdrawn", "c": "changed", "r": "removed", "m": "moved"}
    assert [m.measure_id for m in log.versioned] == ["a", "c", "r", "w"]  # a move is no new version
    assert log.summary("nl") == (
        "1 maatregel toegevoegd in Gent, 1 ingetrokken in Leuven, 1 gewijzigd in Gent: "
        "status lopend → afgerond, 1 verwijderd in onbekende gemeente, 1 alleen "
        "verplaatst (andere rij of ander bestand), 1 andere tripels gewijzigd "
        "(gemeenten, organisaties, codelijsten)."
    )
    assert log.summary("en").startswith(
        "1 measure added in Gent, 1 withdrawn in Leuven, 1 changed in Gent: "
        "status lopend → afgerond, 1 removed"
    )
    assert "- gewijzigd: c Ander (Gent): status lopend → afgerond" in log.lines("nl")
    assert log.counts() == {"added": 1, "withdrawn": 1, "changed": 1, "removed": 1, "moved": 1}


def test_no_difference_says_so():
    log = changelog([], [], Config(), names)
    assert log.empty and log.summary("nl") == "Geen wijzigingen." and log.summary("en") == "No changes."


def test_many_places_are_summed_up_with_the_busiest_first():
    """A first release adds measures in many municipalities: one count, the five busiest places,
    then how many more (each measure still has its own line)."""
    towns = [f"https://data.vlaanderen.be/id/gemeente/{n}" for n in range(10000, 10007)]
    added = []
    for n, town in enumerate([towns[0]] * 3 + [towns[1]] * 2 + towns[2:]):
        added += [
            line(M + f"m{n}", TYPE, iri(VU + "Maatregel")),
            line(M + f"m{n}", DCT + "spatial", iri(town)),
        ]
    log = changelog(sorted(added), [], Config(), lambda value: f"G{value[-1]}")
    assert log.summary("nl") == (
        "10 maatregelen toegevoegd (3 in G0, 2 in G1, 1 in G2, 1 in G3, 1 in G4, nog 2 andere gemeenten)."
    )
    assert log.summary("en").startswith("10 measures added (3 in G0, 2 in G1,")
    assert len(log.lines("nl")) == 11
    six = changelog(sorted(added[:-2]), [], Config(), lambda value: f"G{value[-1]}")  # one town fewer
    assert six.summary("nl").endswith("1 in G4, nog 1 andere gemeente).")
    assert six.summary("en").endswith("1 in G4, 1 other municipality).")
