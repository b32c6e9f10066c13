"""Every error path of every command: exit code 2 (usage, unreadable input, a store or port that is
not there) or 1 (invalid data), a message that says what and how to fix it, never a traceback.

Each case runs `lod.cli.main` in this process, as the console script does (sys.argv, SystemExit),
so the mapping of errors to exit codes is the one users get.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from lod.cli import main
from lod.config import Config
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]  # the checkout
SHEETS = ROOT / "tests" / "data" / "spreadsheets"


def lod(args: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["lod", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsys.readouterr()
    return exited.value.code, captured.err


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory, small_data: Path) -> Path:
    """A release of the two-row sheet, built from the small reference data (as operators would)."""
    from lod.build import build

    out = tmp_path_factory.mktemp("dist")
    build([SHEETS / "valid-semicolon-utf8.csv"], config=Config(data_dir=small_data, quiet=True), out=out)
    return out


@pytest.fixture
def busy_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


# (name, arguments, files to write first {name: text}, exit code, what the message must say)
CASES = [
    ("config file missing", ["--config", "nope.toml", "build"], {}, 2,
     "configuration file not found: nope.toml"),
    ("config not TOML", ["--config", "lod.toml", "build"], {"lod.toml": 'base_uri = "x\n'}, 2,
     "not valid TOML"),
    ("config unknown key", ["build"], {"lod.toml": 'base_url = "https://e.org/"\n'}, 2,
     "did you mean 'base_uri'"),
    ("config bad value", ["build"], {"lod.toml": 'port = "eighty"\n'}, 2, "setting 'port'"),
    ("config base without slash", ["--base-uri", "https://e.org/x", "build"], {}, 2, "must end with '/'"),
    ("build: no sheet here", ["build"], {}, 2, "lod init"),
    ("build: sheet missing", ["build", "weg.csv"], {}, 2, "weg.csv: bestand niet gevonden"),
    ("build: unreadable sheet", ["-q", "build", str(SHEETS / "wrong-separator.csv")], {}, 2,
     "wrong-separator.csv"),
    ("build: invalid data", ["-q", "build", str(SHEETS / "unknown-codes.csv")], {}, 1, "feestje"),
    ("build: out not writable", ["-q", "build", "--out", "/proc/lod-kan-hier-niet",
                                 str(SHEETS / "valid-semicolon-utf8.csv")], {}, 2, "/proc/lod-kan-hier-niet"),
    ("build: bad language", ["build", "--lang", "fr"], {}, 2, "'fr' is not one of"),
    ("validate: no sheet here", ["validate"], {}, 2, "lod init"),
    ("validate: invalid data", ["-q", "validate", str(SHEETS / "unknown-codes.csv")], {}, 1, "feestje"),
    ("serve: no release", ["serve", "--release", "weg"], {}, 2, "geen release met een store gevonden in weg"),
    ("serve: graph without store", ["serve", "--graph", "https://e.org/g"], {}, 2, "go with --store"),
    ("serve: unknown host", ["serve", "--host", "geen-host.invalid", "--release", "{release}"], {}, 2,
     "onbekend adres"),
    ("serve: port taken", ["serve", "--port", "{busy}", "--release", "{release}"], {}, 2,
     "kan niet luisteren"),
    ("serve: store unreachable", ["serve", "--port", "{free}", "--store", "http://127.0.0.1:{free}/sparql"],
     {}, 2, "onbereikbaar"),
    ("query: no release", ["query", "ASK {}", "--release", "weg"], {}, 2, "geen release"),
    ("query: syntax error", ["query", "SELECT * { ?s ?p", "--release", "{release}"], {}, 2, "syntaxfout"),
    ("query: an update", ["query", "DROP ALL", "--release", "{release}"], {}, 2, "niet toegestaan"),
    ("compare: no release", ["compare", "44021", "--release", "weg"], {}, 2, "geen release"),
    ("compare: unknown NIS", ["compare", "99999", "--release", "{release}"], {}, 2,
     "onbekende NIS-code '99999'"),
    ("compare: peers table missing", ["compare", "44021", "--release", "{release}"],
     {"lod.toml": 'data_dir = "leeg"\n', "leeg/gemeenten.csv": ""}, 2, "peers.csv: bestand ontbreekt"),
    ("partners: unknown kind", ["partners", "feestje", "--release", "{release}"], {}, 2, "onbekende soort"),
    ("partners: no release", ["partners", "vorming", "--release", "weg"], {}, 2, "geen release"),
    ("push: no release", ["push", "--endpoint", "http://127.0.0.1:1/sparql", "--release", "weg"], {}, 2,
     "manifest.json ontbreekt"),
    ("push: not a URL", ["push", "--endpoint", "geen-url", "--release", "{release}"], {}, 2,
     "geen http(s)-adres"),
    ("push: store unreachable", ["push", "--endpoint", "http://127.0.0.1:{free}/sparql", "--retries", "0",
                                 "--release", "{release}"], {}, 2, "store onbereikbaar"),
    ("push: bad store kind", ["push", "--endpoint", "http://127.0.0.1:1/", "--store-kind", "mongo"], {}, 2,
     "'mongo' is not one of"),
    ("refresh: source missing", ["refresh-municipalities", "--source", "weg.txt", "--dry-run"], {}, 2,
     "weg.txt: REFNIS-bestand niet gevonden"),
    ("init: a publication is here", ["init", "."], {"lod.toml": ""}, 2, "lod init overschrijft niets"),
    ("init: not a mailbox", ["init", "nieuw", "--contact", "jan"], {}, 2,
     "contact_email moet een e-mailadres"),
    ("init: base without slash", ["init", "nieuw", "--base-uri", "https://e.org/x"], {}, 2, "base_uri moet"),
    ("init: onto a file", ["init", "bestand"], {"bestand": "x"}, 2, "is een bestand, geen map"),
    ("check: unknown check", ["check", "http://127.0.0.1:1/", "--only", "snelheid"], {}, 2, "snelheid"),
    ("unknown command", ["publiceer"], {}, 2, "No such command 'publiceer'"),
    ("unknown option", ["build", "--snel"], {}, 2, "No such option '--snel'"),
]


@pytest.mark.parametrize("name, args, files, code, message", CASES, ids=[c[0] for c in CASES])
def test_each_error_exits_with_its_code_and_a_message(name, args, files, code, message, tmp_path, release,
                                                     busy_port, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.startswith("LOD_")]:
        monkeypatch.delenv(key)
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    port = free_port()
    fill = {"{release}": str(release), "{busy}": str(busy_port), "{free}": str(port)}
    for key, value in fill.items():
        args = [a.replace(key, value) for a in args]
    exit_code, stderr = lod(args, capsys, monkeypatch)
    assert exit_code == code, stderr
    assert message in stderr, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith(("Fout: ", "Error: ", "Usage: ")), stderr


def test_the_success_paths_exit_0(release, tmp_path, capsys, monkeypatch):
    """The same commands, given what they need, exit 0 (so the cases above fail for their reason)."""
    monkeypatch.chdir(tmp_path)
    assert lod(["query", "ASK {}", "--release", str(release)], capsys, monkeypatch)[0] == 0
    assert lod(["compare", "44021", "--release", str(release)], capsys, monkeypatch)[0] == 0
    assert lod(["partners", "vorming", "--release", str(release)], capsys, monkeypatch)[0] == 0
    assert lod(["init", "nieuw", "--contact", "opendata@stad.be"], capsys, monkeypatch)[0] == 0
