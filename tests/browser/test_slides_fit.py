"""Every slide of the decks that ``make slides`` builds fits its frame, in headless Chromium.

At 1280×800 (a projector or a laptop), each deck is stepped through slide by slide, every
fragment shown; on each, everything the slide holds must lie inside reveal.js's frame,
shrunk (by the deck's own fitting) to no less than ``MIN_SCALE``. Headings keep the
notebook's case (σ must not turn into Σ), and → alone reaches every slide.

By default the decks most at risk are checked, found by what their notebooks hold (not by
file name: notebooks are renamed): the one with the longest Markdown output (a derivation
continued over sub-slides), the one with the longest Markdown table in an output (the cheat
sheet) and the one whose fullest slide carries the most words a room reads;
``COURSE_SLIDE_DECKS=all`` (``make test-slides``) checks every deck, or name them:
``COURSE_SLIDE_DECKS=00_start_here,04_relu``. Screenshots of the derivation's slides go to
test-artifacts/screenshots/. The speaker view draws the notes' formulas (MathML).
"""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from course_tools import notebook_meta, notebooks, speaker_notes
from course_tools import slides as build_slides
from course_tools.browser_lab import launch_chromium
from tests.browser.slides_fit import MIN_SCALE, misfits, open_deck, serve, step_through

pytestmark = pytest.mark.browser


VIEWPORT = {"width": 1280, "height": 800}


def _markdown_outputs(nb: nbformat.NotebookNode) -> list[str]:
    return [str(o.get("data", {}).get("text/markdown", "")) for c in nb.cells
            if c.cell_type == "code" for o in c.get("outputs", [])]


def longest_output(nb: nbformat.NotebookNode) -> int:
    """Steps (blocks with a formula on a line of its own) of the notebook's longest
    Markdown output: a derivation."""
    return max((sum(build_slides.block_cost(k, b) == 3 and k == "block"
                    for k, b in build_slides.markdown_blocks(m))
                for m in _markdown_outputs(nb)), default=0)


def longest_table(nb: nbformat.NotebookNode) -> int:
    """Rows of the longest Markdown table in the notebook's outputs."""
    return max((sum(k == "row" for k, _ in build_slides.markdown_blocks(m))
                for m in _markdown_outputs(nb)), default=0)


def fullest_slide(nb: nbformat.NotebookNode) -> int:
    """Words a room reads on the notebook's fullest slide, by the build's own rules."""
    nb = copy.deepcopy(nb)
    notebook_meta.apply(nb, "notebook.ipynb")
    used, most = 0, 0
    for cell in nb.cells:
        kind = cell.metadata["slideshow"]["slide_type"]
        if kind in ("skip", "notes"):
            continue
        used = (0 if kind in ("slide", "subslide") else used) + notebook_meta.cell_words(cell)
        most = max(most, used)
    return most


def default_decks(paths: list[Path]) -> list[Path]:
    """The decks most at risk of not fitting (see this module's docstring)."""
    nbs = {p: nbformat.read(p, as_version=4) for p in paths}
    return sorted({max(paths, key=lambda p: measure(nbs[p]))
                   for measure in (longest_output, longest_table, fullest_slide)})


def chosen_notebooks() -> list[Path]:
    """The decks $COURSE_SLIDE_DECKS names (``all``, or stems separated by commas), by default
    :func:`default_decks`; a name that is no course notebook is an error, not a smaller run."""
    wanted = os.environ.get("COURSE_SLIDE_DECKS", "").strip()
    paths = notebooks.taught()
    if wanted == "all":
        return paths
    names = [n.strip() for n in wanted.split(",") if n.strip()]
    if not names:
        return default_decks(paths)
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
        shown = [s["headingShown"] for s in slides if s["headingShown"]]
        if "σ′ from σ" in notebook.read_text(encoding="utf-8"):
            assert any("σ′ from σ" in h for h in shown), shown  # not "Σ′ FROM Σ"
        derivation = nbformat.read(notebook, as_version=4)
        if longest_output(derivation) == max(longest_output(nbformat.read(p, as_version=4))
                                             for p in notebooks.taught()):
            steps = [s for s in slides if "derivative" in s["title"] and (
                "step by step" in s["title"] or "continued" in s["title"])]
            assert len(steps) >= 2, [s["title"] for s in slides]
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


JS_NOTES = """() => Reveal.getSlides().map((slide) => {
  const where = Reveal.getIndices(slide);
  return {h: where.h, v: where.v || 0, notes: Reveal.getSlideNotes(slide) || ''};
})"""


def test_speaker_view_draws_the_notes_formulas(decks: Path, page: Any) -> None:
    """The speaker view (S) gets the notes with their formulas as MathML, which it draws
    (it has no MathJax), never MathJax's HTML or bare TeX."""
    with serve(decks) as base:
        for notebook in NOTEBOOKS:
            open_deck(page, base + notebook.stem + build_slides.SUFFIX)
            page.evaluate("() => new Promise((done) => MathJax.Hub.Queue(done))")
            notes = [n for n in page.evaluate(JS_NOTES) if n["notes"]]
            assert notes, f"{notebook.stem}: no speaker notes"
            for n in notes:
                assert "MathJax" not in n["notes"] and "math/tex" not in n["notes"], n["notes"][:300]
            with_math = [n for n in notes if "<math" in n["notes"]]
            if with_math:
                break
        assert with_math, "no notes with a formula in the decks checked"
        target = with_math[0]
        page.evaluate(f"() => Reveal.slide({target['h']}, {target['v']})")
        with page.context.expect_page() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_selector(".speaker-controls-notes .value math", state="attached")
        drawn = speaker.evaluate("""() => Array.from(document.querySelectorAll(
            '.speaker-controls-notes .value math')).map((m) => m.getBoundingClientRect().width)""")
        text = speaker.evaluate("() => document.querySelector('.speaker-controls-notes .value').innerText")
        speaker.close()
        assert drawn and min(drawn) > 0, drawn
        assert "\\\\" not in text and "$" not in text, text[:300]
        words = speaker_notes.words(text)
        assert words > 5, text
