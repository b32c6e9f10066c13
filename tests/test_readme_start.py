"""The top of the README, as a newcomer reads it: the Debian packages the tests need, `make run`'s
address, and the commands it says to run next."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout
README = (ROOT / "README.md").read_text(encoding="utf-8")
START = README.split("## Contents", 1)[0]


def ci_packages() -> set[str]:
    lines = (ROOT / ".ci" / "programs").read_text(encoding="utf-8").splitlines()
    return {line.split()[1] for line in lines if line.strip() and not line.startswith("#")}


def test_the_readme_names_every_debian_package_the_tests_need():
    (listed,) = re.findall(r"`apt-get install ([a-z0-9 .+-]+)`", START)
    assert set(listed.split()) == ci_packages()


def test_make_run_serves_where_the_readme_says():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    host = re.search(r"^HOST\s*\?=\s*(\S+)", makefile, re.M).group(1)
    port = re.search(r"^PORT\s*\?=\s*(\S+)", makefile, re.M).group(1)
    assert f"http://{host}:{port}/" in START
    assert "make run HOST=" in START and "PORT=" in START


def test_the_lod_command_is_made_available_before_it_is_used():
    # Every `lod …` command of the README is run as a bare `lod`: the activation comes first.
    assert START.index("source .venv/bin/activate") < START.index("`lod ")
