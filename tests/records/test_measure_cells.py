"""The multi-value cells of a measure row: codes, partners with roles, outputs and the lead."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lod.config import Config
from lod.graph.codelists import code_index
from lod.records.measure_cells import (
    Lead,
    Output,
    Partner,
    code_lookup,
    parse_code,
    parse_lead,
    parse_output,
    parse_partner,
)
from lod.records.partners import load_organisations
from lod.records.territory import load_municipalities
from lod.sources.cells import CellError


@pytest.fixture(scope="module")
def lookup() -> dict:
    return code_lookup(code_index(Config()))


@pytest.fixture(scope="module")
def orgs():
    return load_organisations(Config().data_dir / "organisaties.csv")


@pytest.fixture(scope="module")
def towns():
    return load_municipalities(Config().data_dir)
@pytest.mark.parametrize(("text", "code"), [
    ("veilige-ruimte", "veilige-ruimte"), ("Veilige_Ruimte", "veilige-ruimte"),
    ("veilige ruimte", "veilige-ruimte"),
])
def test_codes_are_folded(lookup, text, code):
    assert parse_code(text, "maatregeltype", lookup) == code


def test_unknown_code_lists_the_valid_ones(lookup):
    with pytest.raises(CellError) as err:
        parse_code("feestje", "maatregeltype", lookup)
    assert err.value.code == "unknown-code" and "vorming" in err.value.problem.hint.nl


@pytest.mark.parametrize(("text", "partner"), [
    ("Sensoa", Partner("sensoa", "partner")),
    ("Sensoa (expertise)", Partner("sensoa", "expertise")),
    ("Trefpunt vzw (organisator)", Partner("trefpunt", "organisator")),
    ("Lokale politie Zele (partner)", Partner("lokale-politie-zele", "partner")),
])
def test_partner_with_an_optional_role(lookup, orgs, text, partner):
    assert parse_partner(text, lookup, orgs) == partner


def test_partner_with_a_bracket_that_is_no_role(lookup, orgs):
    with pytest.raises(CellError) as err:
        parse_partner("Sensoa (sponsor)", lookup, orgs)
    assert err.value.code == "unknown-code" and "partnerrol" in err.value.problem.message.nl


@pytest.mark.parametrize(("text", "output"), [
    ("meldingen ontvangen = 45 (2022)", Output("meldingen ontvangen", 45, "2022")),
    ("opgeleide personen: 1.000", Output("opgeleide personen", 1000, None)),
    ("budget = 2,5", Output("budget", Decimal("2.5"), None)),
])
def test_outputs(text, output):
    assert parse_output(text) == output


@pytest.mark.parametrize("text", ["veel meldingen", "meldingen = veel (2022)"])
def test_output_that_is_no_number(text):
    with pytest.raises(CellError) as err:
        parse_output(text)
    assert err.value.code == "bad-output"


def test_lead_is_an_organisation_or_a_municipality(orgs, towns):
    assert parse_lead("Pukkelpop", None, orgs, towns) == Lead(organisation="pukkelpop")
    assert parse_lead("Stad Gent", None, orgs, towns).municipality.nis_code == "44021"
    with pytest.raises(CellError) as err:
        parse_lead("Pukelpop", None, orgs, towns)
    assert err.value.code == "unknown-lead" and "Pukkelpop" in err.value.problem.hint.nl
