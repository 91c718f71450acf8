"""Every slide of the decks that ``make slides`` builds fits its frame, in headless Chromium.

At 1280×800 (a projector or a laptop), each deck is stepped through slide by slide, every
fragment shown; on each, everything the slide holds must lie inside reveal.js's frame,
shrunk (by the deck's own fitting) to no less than ``MIN_SCALE``. Headings keep the
notebook's case (σ must not turn into Σ), and → alone reaches every slide.

By default two decks are checked: 02 (the long derivation) and 10 (the cheat sheet table);
``COURSE_SLIDE_DECKS=all`` (``make test-slides``) checks every deck, or name them:
``COURSE_SLIDE_DECKS=00_start_here,04_relu``. Screenshots of the 01 derivation slides go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from course_tools import notebooks
from course_tools import slides as build_slides
from course_tools.browser_lab import launch_chromium
from tests.browser.slides_fit import MIN_SCALE, misfits, open_deck, serve, step_through

pytestmark = pytest.mark.browser


DEFAULT_DECKS = ("02_sigmoid", "10_training_showdown")
VIEWPORT = {"width": 1280, "height": 800}


def chosen_notebooks() -> list[Path]:
    """The decks $COURSE_SLIDE_DECKS names (``all``, or stems separated by commas), by default
    :data:`DEFAULT_DECKS`; a name that is no course notebook is an error, not a smaller run."""
    wanted = os.environ.get("COURSE_SLIDE_DECKS", "").strip()
    paths = notebooks.taught()
    if wanted == "all":
        return paths
    names = [n.strip() for n in wanted.split(",") if n.strip()] or list(DEFAULT_DECKS)
    missing = set(names) - {p.stem for p in paths}
    if missing:
        raise LookupError(f"no course notebook for the deck(s) {sorted(missing)}")
    return [p for p in paths if p.stem in names]


NOTEBOOKS = chosen_notebooks()


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> Path:
    """The chosen decks, built as `make slides` builds them (from copies of the notebooks,
    their exercise cells checked as placeholders)."""
    folder = tmp_path_factory.mktemp("notebooks")
    for path in NOTEBOOKS:
        nb = notebooks.learner_version(nbformat.read(path, as_version=4), path)
        nbformat.write(nb, folder / path.name)
        for image in path.parent.glob("*.png"):
            shutil.copy(image, folder / image.name)
    out = tmp_path_factory.mktemp("slides")
    assert build_slides.build(out, folder) == []
    return out


@pytest.fixture(scope="module")
def page(chromium_executable: str) -> Any:
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        browser = launch_chromium(manager, chromium_executable)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.set_default_timeout(60_000)
            yield context.new_page()
            context.close()
        finally:
            browser.close()
    finally:
        manager.stop()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_fits_its_frame(notebook: Path, decks: Path, page: Any,
                                    screenshot_path: Any) -> None:
    with serve(decks) as base:
        slides = step_through(page, base + notebook.stem + build_slides.SUFFIX)
        assert len(slides) >= 2
        problems = misfits(slides)
        print(f"{notebook.stem}: {len(slides)} slides, "
              f"{sum(s['scale'] < 1 for s in slides)} shrunk (smallest ×"
              f"{min(s['scale'] for s in slides):.2f}), smallest text "
              f"{min(s['smallestText'] for s in slides):.1f} px")
        assert problems == [], "\n".join(problems)
        small = [s for s in slides if s["smallestText"] < 12]
        assert not small, f"text under 12 px on slides {[s['number'] for s in small]}"
        cased = [(s["number"], s["transforms"]) for s in slides if s["transforms"]]
        assert not cased, f"headings with a text-transform: {cased}"
        if notebook.stem == "02_sigmoid":
            steps = [s for s in slides if "derivative" in s["title"] and (
                "step by step" in s["title"] or "continued" in s["title"])]
            assert len(steps) >= 2, [s["title"] for s in slides]
            shown = [s["headingShown"] for s in slides if s["headingShown"]]
            assert any("σ′ from σ" in h for h in shown), shown  # not "Σ′ FROM Σ"
            for k, s in enumerate(steps):
                page.goto(f"{base}{notebook.stem}{build_slides.SUFFIX}#/{s['h']}/{s['v']}")
                open_deck(page, page.url)
                page.wait_for_timeout(500)
                page.screenshot(path=str(screenshot_path(f"slides-01-derivation-{k + 1}.png")))


def test_right_arrow_reaches_every_slide(decks: Path, page: Any) -> None:
    """Pressing → alone steps through every slide of a deck, sub-slides included, and the
    title slide says so."""
    notebook = NOTEBOOKS[0]
    with serve(decks) as base:
        open_deck(page, base + notebook.stem + build_slides.SUFFIX)
        total = page.evaluate("() => Reveal.getTotalSlides()")
        title = page.evaluate("() => Reveal.getCurrentSlide().innerText")
        assert "Space" in title and "→" in title
        seen = set()
        for _ in range(total + 40):  # fragments take a press each
            seen.add(page.evaluate("() => Reveal.getSlidePastCount()"))
            if page.evaluate("() => Reveal.isLastSlide() && !Reveal.availableFragments().next"):
                break
            page.keyboard.press("ArrowRight")
        assert seen == set(range(total)), f"→ reached {len(seen)} of {total} slides"


def test_min_scale_is_a_real_limit() -> None:
    """The check is not blind: content past the frame, or shrunk too far, is reported."""
    fine = {"number": 1, "h": 0, "v": 0, "title": "t", "below": 0, "after": 0, "before": 0,
            "above": 0, "scale": 1.0}
    assert misfits([fine]) == []
    assert "by {'below': 812}" in misfits([{**fine, "below": 812}])[0]
    assert "shrunk" in misfits([{**fine, "scale": MIN_SCALE - 0.05}])[0]
