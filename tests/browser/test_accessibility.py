"""axe-core (WCAG 2.x A and AA) over every page of the built site and every slide deck.

The site and the slides are built once per run (``built_site`` / ``built_slides`` in
tests/conftest.py) and opened from disk in headless Chromium; axe-core comes from
``node_modules/`` (``npm ci``), never from a CDN. A page passes with **no serious or
critical violation**: everything on these pages comes from the course's templates and CSS
(course_tools/templates/), so nothing is excused as upstream. The decks are checked in reveal.js's
print layout (``?print-pdf``), where every slide is laid out at once (in the normal view
axe would only see the current slide), and once in the normal view for reveal's controls.

The notebooks in JupyterLab are checked by test_browser_notebooks.py, which runs them.

    .venv/bin/python -m pytest tests/browser/test_accessibility.py
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from course_tools import notebooks
from course_tools.browser_lab import EXTERNAL_URL
from tests.browser.axe import AXE_HINT, AXE_JS, describe, run_axe, serious
from tests.missing import skip_or_fail

pytestmark = pytest.mark.browser

SITE_PAGES = ["index.html"] + [p.stem + ".html" for p in notebooks.course_notebooks()] + [
    "atlas/index.html", "atlas/hardswish.html", "atlas/leaky_relu.html"]  # (the atlas pages)
DECKS = ["index.html"] + [p.stem + ".slides.html" for p in notebooks.taught()]


@pytest.fixture(scope="module")
def axe_ready() -> None:
    if not AXE_JS.is_file():
        skip_or_fail(AXE_HINT)


def open_page(context: Any, path: Path, query: str = "") -> tuple[Any, list[str]]:
    """``path`` opened from disk, and the internet addresses it tried (refused)."""
    page = context.new_page()
    refused: list[str] = []
    page.route(EXTERNAL_URL, lambda route: (refused.append(route.request.url),
                                            route.abort("blockedbyclient")))
    page.goto(path.as_uri() + query, wait_until="load")
    # MathJax typesets after load; wait until it has (or there is none)
    page.wait_for_function("() => !window.MathJax || !MathJax.Hub || "
                           "MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running",
                           timeout=60_000)
    return page, refused


def check_page(page: Any, where: str, selector: str | None = None) -> None:
    nodes = serious(run_axe(page, selector))
    assert not nodes, (f"{where}: {len(nodes)} serious/critical accessibility violations "
                       f"(axe-core):\n{describe(nodes)}")


@pytest.mark.parametrize("name", SITE_PAGES)
def test_site_page_has_no_serious_violations(name: str, built_site, browser_context,
                                             axe_ready) -> None:
    folder, _ = built_site
    page, refused = open_page(browser_context, folder / name)
    try:
        check_page(page, f"site/{name}")
        assert not refused, f"site/{name} tried to fetch {refused}"
    finally:
        page.close()


@pytest.mark.parametrize("name", DECKS)
def test_slide_deck_has_no_serious_violations(name: str, built_slides, browser_context,
                                              axe_ready) -> None:
    folder, _ = built_slides
    if name == "index.html":
        page, _ = open_page(browser_context, folder / name)
        try:
            check_page(page, f"slides/{name}")
        finally:
            page.close()
        return
    page, _ = open_page(browser_context, folder / name, "?print-pdf")
    try:
        page.wait_for_selector(".reveal .pdf-page", state="attached")
        slides = page.locator(".reveal .pdf-page").count()
        assert slides > 1, f"slides/{name}: the print layout shows {slides} slides"
        check_page(page, f"slides/{name} (all {slides} slides, print layout)")
    finally:
        page.close()
    if name == DECKS[1]:  # reveal's own controls, progress bar and slide number, once
        page, _ = open_page(browser_context, folder / name)
        try:
            check_page(page, f"slides/{name} (normal view)")
        finally:
            page.close()
