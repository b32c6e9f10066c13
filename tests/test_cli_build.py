"""`lod build` and `lod validate` from the command line, with the corpus of broken spreadsheets.

Each broken file must give the report (file, row, column, value), exit code 1 (data invalid) or
2 (unreadable), and leave the previous release exactly as it was, with no temporary directory.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from lod.cli import cli
from lod.errors import LodError

ROOT = Path(__file__).resolve().parents[1]  # the checkout

SHEETS = ROOT / "tests" / "data" / "spreadsheets"
VALID = SHEETS / "valid-semicolon-utf8.csv"
RELEASE_DATE = date(2026, 3, 1).isoformat()

# file -> (exit code, the column the report must name, a value the report must quote)
BROKEN = {
    "afgerond-zonder-einddatum.csv": (1, "einddatum", None),  # a rule of the shapes
    "bad-dates.csv": (1, "startdatum", "31/02/2023"),
    "bad-url.csv": (1, "bronnen", "www.mechelen.be/angela"),
    "duplicate-ids.csv": (1, "maatregel_id", "T-001"),
    "formula-cell.csv": (1, "bronnen", "=HYPERLINK"),
    "html-in-title.csv": (1, "titel", "<script>"),
    "missing-column.csv": (1, "bronnen", None),
    "missing-required.csv": (1, "titel", None),
    "municipality-not-valid-on-start.csv": (1, "gemeente", "46013"),
    "unknown-codes.csv": (1, "soorten", "feestje"),
    "unknown-municipality.csv": (1, "gemeente", "Mechlen"),
    "unknown-organisation.csv": (1, "partners", "Vzw Nachtwacht"),
    "wrong-separator.csv": (2, None, None),
}


@pytest.fixture(scope="module", autouse=True)
def small_data_dir(small_data):
    """Every command builds from data/ cut to the sheets' municipalities (LOD_DATA_DIR, as an
    operator would set it): the same checks, a third of the release's files."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOD_DATA_DIR", str(small_data))
        yield


def run(*args: str):
    """Invoke the CLI; a LodError's exit code is what `lod.cli.main` would exit with."""
    result = CliRunner().invoke(cli, ["--quiet", *args], env={"LOD_RELEASE_DATE": RELEASE_DATE})
    if isinstance(result.exception, LodError):
        return result.exception.exit_code, str(result.exception), result
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result


def snapshot(out: Path) -> dict[str, bytes]:
    root = out / "current"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "store" not in p.relative_to(root).parts}


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    code, text, _ = run("build", "--out", str(out), str(VALID))
    assert code == 0, text
    return out, os.readlink(out / "current"), snapshot(out)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_spreadsheet_is_reported_and_the_release_stays(good, name):
    out, link, before = good
    expected_code, column, value = BROKEN[name]
    code, report, _ = run("build", "--out", str(out), str(SHEETS / name))
    assert code == expected_code, report
    assert name in report
    if column:
        assert f"kolom {column}" in report
        assert "rij " in report
    if value:
        assert value in report
    assert os.readlink(out / "current") == link
    assert snapshot(out) == before
    assert not list(out.glob(".tmp-*"))


def test_validate_reports_the_same_problems_without_writing(tmp_path):
    code, report, _ = run("validate", str(SHEETS / "unknown-codes.csv"))
    assert code == 1 and "feestje" in report and "bezig" in report  # all problems, not the first
    code, text, _ = run("validate", str(VALID))
    assert code == 0 and text.startswith("OK: 2 maatregelen")


def test_english_report_with_lang_en(tmp_path):
    code, report, _ = run("build", "--lang", "en", "--out", str(tmp_path), str(SHEETS / "unknown-codes.csv"))
    assert code == 1
    assert "unknown code 'feestje'" in report and "onbekende code" not in report
    assert not (tmp_path / "current").exists()
    assert (tmp_path / "last-failed-validation-report.ttl").is_file()


def test_warnings_do_not_stop_the_build(tmp_path):
    code, text, result = run("build", "--out", str(tmp_path), str(SHEETS / "no-consent.csv"))
    assert code == 0, text
    assert "Release " in result.stdout and (tmp_path / "current" / "manifest.json").is_file()


def test_a_build_prints_the_count_of_warnings_and_writes_the_list_to_a_file(tmp_path):
    sheet = str(SHEETS / "no-contact.csv")
    env = {"LOD_RELEASE_DATE": RELEASE_DATE}
    loud = CliRunner().invoke(cli, ["build", "--out", str(tmp_path), sheet], env=env)
    assert loud.exit_code == 0, loud.output
    report = (tmp_path / "last-build-report.txt").read_text(encoding="utf-8").splitlines()
    count = int(re.fullmatch(r"0 fouten, (\d+) waarschuwingen\.", report[-1]).group(1))
    listed = [line for line in report if "(waarschuwing)" in line]  # the sheet's, at their cells
    assert listed and count >= len(listed) and count == len(report) - 1
    # Not the list on the terminal: its count and where it is.
    assert not any(line in loud.stderr for line in report[:-1])
    where = tmp_path / "last-build-report.txt"
    assert f"{count} waarschuwingen, elk met rij, kolom en oplossing: {where}" in loud.stderr
    # By rule instead: each rule once, with its count; the same findings as JSON beside the text.
    data = json.loads((tmp_path / "last-build-report.json").read_text(encoding="utf-8"))
    assert data["warnings"] == count == len(data["findings"]) and data["errors"] == 0
    assert sum(rule["count"] for rule in data["rules"]) == count
    for rule in data["rules"]:
        assert loud.stderr.count(f"{rule['count']} × waarschuwing {rule['code']}") == 1, rule
    assert str(tmp_path / "last-build-report.json") in loud.stderr
    quiet = CliRunner().invoke(cli, ["build", "--quiet", "--out", str(tmp_path), sheet], env=env)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert f"({count} waarschuwingen)" in quiet.stdout


@pytest.mark.parametrize("args, expected", [
    ([str(VALID)], 0),
    ([str(SHEETS / "unknown-municipality.csv")], 1),
    ([str(SHEETS / "wrong-separator.csv")], 2),
    (["does-not-exist.csv"], 2),
])
def test_exit_codes_of_the_real_command(tmp_path, args, expected):
    env = {**os.environ, "LOD_RELEASE_DATE": RELEASE_DATE}
    proc = subprocess.run([sys.executable, "-m", "lod", "--quiet", "build", "--out", str(tmp_path), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert proc.returncode == expected, proc.stderr
    if expected:
        assert proc.stderr.startswith("Fout: ")


@pytest.mark.parametrize("lang, expected", [
    ("nl", "afgerond-zonder-einddatum.csv, rij 2, kolom einddatum: Een afgeronde maatregel heeft een "
           "einddatum; vul de kolom einddatum in of kies een andere status."),
    ("en", "afgerond-zonder-einddatum.csv, row 2, column einddatum: A completed measure has an end date; "
           "fill in the column einddatum or choose another status."),
])
def test_a_problem_only_shacl_catches_names_its_column_and_the_fix(tmp_path, lang, expected):
    # The rule is the shapes' alone (tests/test_rules.py); its finding carries dcat:endDate as
    # result path, so the report can name the Dutch header.
    code, report, _ = run("validate", "--lang", lang, str(SHEETS / "afgerond-zonder-einddatum.csv"))
    assert code == 1
    assert expected in report, report
    assert "end_date" not in report



def test_an_empty_contact_role_recommends_a_role_and_a_shared_mailbox(tmp_path):
    code, _, result = run("validate", str(SHEETS / "no-contact.csv"))
    report = result.output
    assert code == 0, report
    assert ("no-contact.csv, rij 2, kolom contactrol (waarschuwing): Aanbevolen: geef een contactrol (een "
            "functie of dienst, bv. preventiecoördinator) en een gedeelde mailbox") in report
    assert "zodat andere gemeenten vragen over de maatregel kunnen stellen" in report
    assert "persoon" not in report  # nothing personal was given: no privacy warning
    code, _, result = run("validate", "--lang", "en", str(SHEETS / "no-contact.csv"))
    report = result.output
    assert "Recommended: give a contact role (a function or service" in report
    assert "so that other municipalities can ask about the measure" in report


def test_a_contact_role_that_looks_like_a_name_is_a_privacy_warning_only(tmp_path):
    # The records stage leaves the name out; the shared mailbox alone is a valid contact point.
    code, _, result = run("validate", str(SHEETS / "contact-role-is-a-name.csv"))
    report = result.output
    assert code == 0, report
    assert ("contact-role-is-a-name.csv, rij 2, kolom contactrol (waarschuwing): 'Jan Peeters' — "
            "'Jan Peeters' lijkt een persoonsnaam en wordt niet gepubliceerd. "
            "Oplossing: geef een functie") in report
    assert "Aanbevolen: geef een contactrol" not in report


def test_options_several_commands_share_are_declared_once():
    """--release, --lang, --quiet and --store-kind mean the same on every command that has them."""
    import lod.cli

    text = Path(lod.cli.__file__).read_text(encoding="utf-8")
    for flag in ('"--release"', '"--lang"', '"--quiet"', '"--store-kind"'):
        assert text.count(flag) == 1, flag
    helps = {}
    for command in lod.cli.cli.commands.values():
        for param in command.params:
            if param.name in ("release_dir", "lang", "quiet", "store_kind"):
                helps.setdefault(param.name, set()).add((param.help, repr(param.default)))
    assert set(helps) == {"release_dir", "lang", "quiet", "store_kind"}
    assert all(len(v) == 1 for v in helps.values()), helps
