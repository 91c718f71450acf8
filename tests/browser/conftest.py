"""Fixtures for the browser tests: one JupyterLab server, one Chromium per session.

Chromium is found on PATH (or via $CHROMIUM). Without it the tests skip, except under CI
(``CI=true``), where a missing browser is a failure. Screenshots go to
``test-artifacts/screenshots/`` (override with $BROWSER_SCREENSHOTS).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from course_tools.browser_lab import INSTALL_HINT, ROOT, LabServer, find_chromium, launch_chromium
from tests.missing import skip_or_fail

SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS") or ROOT / "test-artifacts" / "screenshots")
_saved: list[Path] = []


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the Chromium to drive; skips (fails under CI) when there is none."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("the playwright package is missing: make install")
    path = find_chromium()
    if path is None:
        skip_or_fail(f"browser tests need Chromium: {INSTALL_HINT}")
    return str(path)


# The server and the browser live for one test module, not the session: while Playwright's
# sync API is started it marks an asyncio loop as running in the main thread, and every later
# test that calls asyncio.run() (nbclient, course_tools.notebooks.run) would fail.
@pytest.fixture(scope="module")
def lab_server(chromium_executable: str) -> Iterator[LabServer]:
    """A JupyterLab serving a temporary copy of notebooks/, shut down after the module."""
    with LabServer() as server:
        yield server


@pytest.fixture(scope="module")
def browser_context(chromium_executable: str) -> Iterator[Any]:
    """One headless Chromium for the module; one context, so JupyterLab's files are
    cached between the pages of the notebooks."""
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        browser = launch_chromium(manager, chromium_executable)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.set_default_timeout(60_000)
            yield context
            context.close()
        finally:
            browser.close()
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def screenshot_path() -> Any:
    """``screenshot_path(name)`` gives the file to write a screenshot to (listed at the end)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def make(name: str) -> Path:
        path = (SCREENSHOTS / name).resolve()
        _saved.append(path)
        return path

    return make


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _saved:
        terminalreporter.write_sep("-", "browser screenshots")
        for path in _saved:
            terminalreporter.write_line(str(path))
