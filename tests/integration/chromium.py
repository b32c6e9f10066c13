"""Headless Chromium from the command line (--dump-dom, --screenshot), as the page tests run it.

One start can do both: the DOM on standard output and the screenshot of the same page load.

The path comes from the `chromium` fixture (tests/integration/conftest.py), which skips, or fails
in CI, when Chromium is not installed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def run_chromium(chromium: str, args: list[str], profile: Path) -> str:
    """Chromium's standard output (the DOM for --dump-dom); a failed run fails the test."""
    done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
