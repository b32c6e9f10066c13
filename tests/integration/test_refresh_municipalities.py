"""`lod refresh-municipalities` against a REFNIS file served over HTTP from 127.0.0.1."""

import csv
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from lod.cli import cli
from lod.sources.refnis import REFNIS_COLUMNS

ROOT = Path(__file__).resolve().parents[2]  # the checkout

DATA = ROOT / "data"


def _statbel(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else "31/12/9999"


def write_refnis(path, rows):
    """A TU_COM_REFNIS file as Statbel writes it: pipe-separated, DD/MM/YYYY, 31/12/9999 = open."""
    lines = ["|".join(REFNIS_COLUMNS),
             "2|02000|01000|Flämische Region|Région flamande|Vlaams Gewest|01/01/1970|31/12/9999"]
    for prov in sorted({r["provincie_nis"] for r in rows}):
        lines.append(f"3|{prov}|02000|P|P|Provincie {prov}|01/01/1970|31/12/9999")
    for arr, prov in sorted({(r["arrondissement_nis"], r["provincie_nis"]) for r in rows}):
        lines.append(f"4|{arr}|{prov}|A|A|Arrondissement {arr}|01/01/1970|31/12/9999")
    for r in rows:
        lines.append(f"5|{r['nis_code']}|{r['arrondissement_nis']}|{r['naam']}|{r['naam']}|{r['naam']}|"
                     f"{_statbel(r['geldig_vanaf'])}|{_statbel(r['geldig_tot'])}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # CliRunner captures stderr: keep the access log out of it
        pass


@pytest.fixture
def served(tmp_path):
    """An HTTP server on 127.0.0.1 (a free port) serving tmp_path/www in a thread."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield www, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    for name in ("gemeenten.csv", "provincies.csv", "fusies.csv"):
        shutil.copy(DATA / name, target / name)
    return target


def _read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_refresh_from_http_shows_the_changes_and_rewrites_the_table(served, data_dir):
    www, url = served
    rows = _read(data_dir / "gemeenten.csv")
    for r in rows:
        if r["nis_code"] == "44021":
            r["naam"] = "Gent-Stad"                               # renamed in the new REFNIS
        if r["nis_code"] == "11001":
            r["geldig_tot"] = "2030-12-31"                        # ends, successor not in REFNIS
    rows.append({**rows[0], "nis_code": "11099", "naam": "Nieuwegem", "geldig_vanaf": "2031-01-01",
                 "geldig_tot": ""})
    write_refnis(www / "TU_COM_REFNIS.txt", rows)

    result = CliRunner().invoke(cli, ["refresh-municipalities", "--source", f"{url}/TU_COM_REFNIS.txt"],
                                env={"LOD_DATA_DIR": str(data_dir)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "44021 nieuwe naam: Gent -> Gent-Stad" in lines
    assert "11001 beëindigd: - -> 2030-12-31" in lines
    assert any(line.startswith("11001 beëindigd zonder bekende opvolger") for line in lines)
    assert "11099 nieuw: - -> Nieuwegem (2031-01-01)" in lines
    assert lines[-1] == f"Geschreven: {data_dir / 'gemeenten.csv'}"
    assert len(lines) == 5

    table = {r["nis_code"]: r for r in _read(data_dir / "gemeenten.csv")}
    assert len(table) == 328
    assert table["44021"]["naam"] == "Gent-Stad"
    assert table["11001"]["geldig_tot"] == "2030-12-31"
    assert table["11099"]["provincie_nis"] == "10000"
    assert table["11007"]["opgevolgd_door"] == "11002"  # successors kept: REFNIS has none
    assert table["45068"]["lblod_bestuurseenheid"]      # LBLOD columns kept
    assert [p.name for p in data_dir.iterdir() if p.name.startswith(".")] == []


def test_unchanged_source_and_dry_run_write_nothing(served, data_dir):
    www, url = served
    before = (data_dir / "gemeenten.csv").read_bytes()
    rows = _read(data_dir / "gemeenten.csv")
    write_refnis(www / "same.txt", rows)
    runner = CliRunner()
    result = runner.invoke(cli, ["--lang", "en", "refresh-municipalities", "--source", f"{url}/same.txt"],
                           env={"LOD_DATA_DIR": str(data_dir)}, catch_exceptions=False)
    assert result.exit_code == 0 and result.output.strip() == "No changes."
    rows[0]["naam"] = "Anders"
    write_refnis(www / "other.txt", rows)
    result = runner.invoke(cli, ["refresh-municipalities", "--dry-run", "--source", f"{url}/other.txt"],
                           env={"LOD_DATA_DIR": str(data_dir)}, catch_exceptions=False)
    assert "11001 nieuwe naam: Aartselaar -> Anders" in result.output
    assert (data_dir / "gemeenten.csv").read_bytes() == before


def test_unreachable_source_is_an_input_error(served, data_dir):
    _, url = served
    result = CliRunner().invoke(cli, ["refresh-municipalities", "--source", f"{url}/missing.txt"],
                                env={"LOD_DATA_DIR": str(data_dir)})
    assert result.exit_code != 0
    assert "REFNIS niet opgehaald" in str(result.exception) and "404" in str(result.exception)
