"""The suite's own rules (tests/conftest.py, tests/integration/conftest.py), run as a user would:
a missing reference folder or program skips with what to do about it, in CI it fails and no skip
passes, and `make test-fast` leaves every test under tests/integration/ out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NEEDS = '''
import pytest


def test_reads_the_reference(reference):
    assert (reference / "DOMAIN-NOTES.md").is_file()


def test_starts_a_program(program):
    program("no-such-program")


def test_skips_itself():
    pytest.skip("only on Tuesdays")


def test_runs_anywhere():
    pass
'''


def pytest_in(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """pytest in `project`, in an environment without CI, LOD_REFERENCE or the outer run's PYTEST_*.

    Without the installed plugins (xdist, hypothesis, anyio...): the rules under test are the
    suite's own conftest hooks, and loading the plugins was a third of each run (0.6 of 1.6 s)."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("CI", "LOD_REFERENCE") and not k.startswith("PYTEST_")}
    clean["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfEs", *args],
                          cwd=project, env={**clean, **env}, capture_output=True, text=True, timeout=300)


def project_with_needs(tmp_path: Path) -> Path:
    """A checkout with the suite's conftest, a test of each need, and a program list of its own."""
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "conftest.py", project / "tests" / "conftest.py")
    (project / "tests" / "test_needs.py").write_text(NEEDS, encoding="utf-8")
    (project / ".ci").mkdir()
    (project / ".ci" / "programs").write_text("no-such-program  no-such-package\n", encoding="utf-8")
    return project


def test_without_the_reference_folder_or_a_program_the_tests_are_skipped_with_what_to_do(tmp_path):
    project = project_with_needs(tmp_path)
    done = pytest_in(project, "tests")
    assert done.returncode == 0, done.stdout + done.stderr
    # The default is a folder beside the checkout (tmp_path holds the checkout), and the variable is named.
    beside = re.escape(str(tmp_path))
    assert re.search(rf"no reference folder at {beside}/\S+: set LOD_REFERENCE", done.stdout), done.stdout
    assert "no-such-program is not installed: apt-get install no-such-package" in done.stdout
    assert re.search(r"\b1 passed, 3 skipped\b", done.stdout), done.stdout


def test_in_ci_a_skip_fails_the_run_and_lists_the_skipped_tests(tmp_path):
    project = project_with_needs(tmp_path)
    reference = tmp_path / "elsewhere"  # LOD_REFERENCE is where the reference folder is read
    reference.mkdir()
    (reference / "DOMAIN-NOTES.md").write_text("# notes\n", encoding="utf-8")
    done = pytest_in(project, "tests", "-k", "not program", CI="true", LOD_REFERENCE=str(reference))
    assert re.search(r"\b2 passed, 1 skipped, 1 deselected\b", done.stdout), done.stdout
    assert done.returncode == 1, done.stdout + done.stderr  # nothing failed, yet the run fails
    listed = done.stdout.split("skipped in CI", 1)[1]
    assert "SKIPPED tests/test_needs.py::test_skips_itself: only on Tuesdays" in listed, done.stdout


def test_in_ci_a_missing_reference_folder_or_program_is_a_failure(tmp_path):
    project = project_with_needs(tmp_path)
    done = pytest_in(project, "tests", "-k", "reference or program", CI="true")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"\b1 failed, 2 deselected, 1 error\b", done.stdout), done.stdout  # a fixture errs
    assert ("FAILED tests/test_needs.py::test_starts_a_program - Failed: "
            "no-such-program is not installed: apt-get install no-such-package") in done.stdout, done.stdout
    assert re.search(r"ERROR tests/test_needs\.py::test_reads_the_reference - Failed: no reference folder at "
                     rf"{re.escape(str(tmp_path))}/\S+: set LOD_REFERENCE", done.stdout), done.stdout


def test_the_fast_run_leaves_out_every_integration_test():
    """`make test-fast` selects with -m "not integration": nothing of tests/integration/ may remain."""
    done = pytest_in(ROOT, "--collect-only", "-q", "-m", "not integration", "tests/integration")
    assert done.returncode == 5, done.stdout + done.stderr  # 5: no test collected
    deselected = re.search(r"no tests collected \((\d+) deselected\)", done.stdout)
    assert deselected and int(deselected.group(1)) > 50, done.stdout
