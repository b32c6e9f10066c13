"""A build that draws its pages in forked processes, stopped as users and kernels stop it: Ctrl-C
(SIGINT to the terminal's process group) and a kill of the build alone (the out-of-memory killer).
Real processes and signals, so an integration test (tests/test_build.py has the in-process ones)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.test_embedded import wait_until

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "data" / "spreadsheets" / "valid-semicolon-utf8.csv"


SLOW_BUILD = '''
import os, sys, time
from pathlib import Path
import lod.release.site as site_module
from lod.build import build
from lod.config import Config
from lod.pages.site import Site

site_module.PARALLEL_FROM = 0  # this small release, too


def slow(self, doc, links):  # a page that takes forever, in each forked process
    (Path(sys.argv[2]) / str(os.getpid())).touch()
    time.sleep(600)


Site.render = slow
build([Path(sys.argv[1])], config=Config(page_processes=2, data_dir=Path(sys.argv[3])), out=Path(sys.argv[4]))
'''


def _running(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead and not yet reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads process states from /proc (Linux)")
@pytest.mark.parametrize("stop", ["killed alone", "ctrl-c"])
def test_the_processes_drawing_pages_stop_with_the_build(tmp_path, small_data, stop):
    """The out-of-memory killer may stop the build alone: its forked processes must not draw on into
    a folder nobody will publish. Ctrl-C stops them all, and the build leaves no folder behind."""
    script, pids, out = tmp_path / "slow_build.py", tmp_path / "pids", tmp_path / "out"
    script.write_text(SLOW_BUILD, encoding="utf-8")
    pids.mkdir()
    build_process = subprocess.Popen(
        [sys.executable, str(script), str(VALID), str(pids), str(small_data), str(out)], cwd=ROOT,
        start_new_session=True, stderr=subprocess.DEVNULL,  # a group of its own, as a terminal gives it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wait_until(lambda: len(list(pids.iterdir())) == 2, "both forked processes draw a page", bound=120)
        drawers = [int(p.name) for p in pids.iterdir()]
        assert all(_running(pid) for pid in drawers) and build_process.pid not in drawers
        if stop == "ctrl-c":
            os.killpg(build_process.pid, signal.SIGINT)
        else:
            build_process.kill()
        build_process.wait(60)
        wait_until(lambda: not any(_running(pid) for pid in drawers), "the drawers stopped with the build")
        if stop == "ctrl-c":
            assert not list(out.glob(".tmp-*")) and not (out / "current").exists()
    finally:
        build_process.kill()
        for pid in [int(p.name) for p in pids.iterdir()]:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
