"""InputError in Dutch and English, and `lod.cli.main` printing it in the language of the config."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lod.cli import main
from lod.errors import InputError, Problem
from lod.text import LANGS, Text
from lod.validate.report import format_report

ROOT = Path(__file__).resolve().parents[1]  # the checkout

WRONG_SEPARATOR = ROOT / "tests" / "data" / "spreadsheets" / "wrong-separator.csv"
def test_english_falls_back_to_dutch_where_none_is_given():
    err = InputError(Text("kolom ontbreekt", ""), file="a.csv", column="titel", hint=Text("voeg ze toe", ""))
    assert err.text("en") == "a.csv, column titel: kolom ontbreekt. Fix: voeg ze toe."
    assert str(err) == err.text("nl") == "a.csv, kolom titel: kolom ontbreekt. Oplossing: voeg ze toe."


def test_english_message_and_hint():
    err = InputError(Text("leeg", "empty"), hint=Text("vul in", "fill in"), row=2)
    assert err.text("en") == "row 2: empty. Fix: fill in." and str(err) == "rij 2: leeg. Oplossing: vul in."


def test_an_input_error_and_a_report_line_are_one_format():
    """InputError.text is the Problem's line, the same line format_report prints for a finding."""
    problem = Problem(Text("bestand niet gevonden", "file not found"), file="x.csv", row=3,
                      hint=Text("geef het pad", "give the path"))
    err = InputError(problem.message, file="x.csv", row=3, hint=problem.hint)
    assert err.problem == problem
    for lang in LANGS:
        assert err.text(lang) == problem.line(lang) == format_report([problem], lang).splitlines()[0]


def test_a_language_outside_langs_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        Text("ja", "yes").pick("fr")


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """Run the real entry point as the shell would; exit code, stdout and stderr."""
    monkeypatch.setattr(sys, "argv", ["lod", *args])
    monkeypatch.delenv("LOD_LANG", raising=False)
    with CliRunner().isolation() as (out, err, _):
        with pytest.raises(SystemExit) as exited:
            main()
        return exited.value.code, out.getvalue().decode(), err.getvalue().decode()


@pytest.mark.parametrize("args", [
    ["--lang", "en", "validate", "--quiet"],  # the group option: ctx.obj.lang
    ["validate", "--lang", "en", "--quiet"],  # the command's own option
])
def test_main_prints_an_input_error_in_english_with_lang_en(monkeypatch, args):
    code, out, err = run_main(monkeypatch, *args, str(WRONG_SEPARATOR))
    assert code == 2 and out == ""
    assert err.startswith("Error: wrong-separator.csv, row 1: the header row splits into known columns "
                          "with neither ';' nor ','"), err
    assert "save the file as CSV" in err and "kopregel" not in err and "Fout" not in err


def test_main_prints_dutch_by_default(monkeypatch):
    code, _, err = run_main(monkeypatch, "--quiet", "validate", str(WRONG_SEPARATOR))
    assert code == 2
    assert err.startswith("Fout: wrong-separator.csv, rij 1: de kopregel splitst met ';' noch ','"), err


def test_main_exits_0_for_help_and_2_for_a_usage_error(monkeypatch):
    code, out, _ = run_main(monkeypatch, "--help")
    assert code == 0 and "Usage: lod" in out
    code, _, err = run_main(monkeypatch, "no-such-command")
    assert code == 2 and "No such command" in err
