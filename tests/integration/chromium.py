"""A page as headless Chromium builds it, in the session's `browser` (tests/integration/conftest.py):
the DOM once the page has loaded (what `chromium --dump-dom` prints) and a screenshot of the same load.

The session's one browser, not a `chromium` command per page: each start of the program cost a
second and a half of CPU, 13 of them in the exchange pages' tests alone.
"""

from __future__ import annotations

from pathlib import Path

DOM = "return document.documentElement.outerHTML"  # what --dump-dom prints of the loaded page


def rendered(browser, url: str, *, size: tuple[int, int] = (1366, 900), shot: Path | None = None) -> str:
    """The DOM of `url` loaded in a viewport of `size` (width, height), and its screenshot in `shot`;
    the viewport is the window's again afterwards, as the other tests expect it."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False})
    try:
        browser.get(url)
        dom = browser.execute_script(DOM)
        if shot is not None:
            browser.save_screenshot(str(shot))
        return dom
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
