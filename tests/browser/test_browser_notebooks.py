"""Every notebook, run top to bottom in a real JupyterLab in headless Chromium.

For each notebook in notebooks/: no error output, every widget the notebook displays is
rendered (checked against the widget tree the kernel holds), every static figure and every
ipympl canvas shows a picture, and stepping a slider with the keyboard redraws its figure.
At 1280×800 with the left sidebar open, and in Presentation Mode, every figure and explorer
fits its output area (see tests/browser/fit.py). At 1280, 640 and 320 px (a laptop, 200 %
and 400 % zoom; tests/browser/reflow.py) no explorer is cut off and no control is nameless;
each explorer's description of its figure changes when its slider moves; the lab of
notebook 06 is typed into as learners do. A full-page screenshot of each notebook and
one of an explorer at 1280×800 and at 320 px are saved (paths printed at the end of the run).

    .venv/bin/python -m pytest tests/browser      # just these
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

import pytest

from course_tools import notebooks
from course_tools.browser_lab import BAD_CONSOLE, NOTEBOOK_DIR, LabServer, NotebookPage
from tests.browser.axe import AXE_HINT, AXE_JS, describe, run_axe, serious
from tests.browser.fit import CLASSROOM_VIEWPORT, fit_problems, open_left_sidebar, set_presentation_mode
from tests.browser.reflow import WIDTHS, controls, descriptions, explorer_problems, set_width
from tests.missing import skip_or_fail

pytestmark = pytest.mark.browser

# drafts (``_draft_*``) hold cells on their way into another notebook, and no widget: nbval
# and the other tests run them; the browser run waits for the notebook they join
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb") if not p.name.startswith("_"))
OPEN_TIMEOUT = 90.0
RUN_TIMEOUT = float(os.environ.get("BROWSER_RUN_TIMEOUT", "180"))
RENDER_TIMEOUT = 30.0
REDRAW_TIMEOUT = 15.0
ARROW_PRESSES = 3
#: the course's sliders (course_lib/widgets/controls.py): a native range input
SLIDER = ".course-range input[type=range]"


def _context(nb: NotebookPage) -> str:
    errors = "\n".join(nb.console_errors[-10:]) or "(none)"
    return f"\n-- browser console errors:\n{errors}"


def check_no_internet(nb: NotebookPage, notebook: Path) -> None:
    """The page asked the internet for nothing but addresses written in the notebook itself
    (the Binder badge): JupyterLab and the widgets load everything from the local server."""
    source = notebook.read_text(encoding="utf-8")
    foreign = sorted({url for url in nb.external_requests if url not in source})
    assert not foreign, f"{nb.name}: the page tried to fetch from the internet: {foreign}"


def check_no_errors(nb: NotebookPage, state: dict[str, Any]) -> None:
    """No error output and no traceback on stderr, in the notebook model or in the page."""
    assert not state.get("errors"), f"{nb.name}: error outputs:\n" + "\n".join(state["errors"])
    assert not state.get("stderr"), f"{nb.name}: tracebacks on stderr:\n" + "\n".join(state["stderr"])
    shown = nb.dom_errors()
    assert not shown, f"{nb.name}: the page shows errors:\n" + "\n".join(t[:2000] for t in shown)


def check_widgets(nb: NotebookPage, outputs: list[dict[str, Any]],
                  canvases: list[dict[str, Any]]) -> None:
    """Every displayed widget rendered completely, every figure drawn and not blank."""
    messages = nb.widget_messages()
    assert not messages, f"{nb.name}: widget messages left in the page: {messages}" + _context(nb)
    images = [o for o in outputs if o["kind"] == "image"]
    undrawn = [o["cell"] for o in images if not o.get("drawn")]
    assert not undrawn, f"{nb.name}: static figures not drawn in cells {undrawn}"
    views = [o for o in outputs if o["kind"] == "widget"]
    if not views:
        assert not canvases, f"{nb.name}: ipympl canvases outside any widget output"
        return
    trees = nb.kernel_widget_trees([o["model_id"] for o in views])
    expected_figures = 0
    for out, tree in zip(views, trees, strict=True):
        where = f"{nb.name}, cell {out['cell']}"
        assert out.get("attached"), f"{where}: widget output not in the page"
        assert not out["loading"] and not out["error"], f"{where}: {out['text']!r}" + _context(nb)
        assert tree, f"{where}: the kernel no longer has widget {out['model_id']}"
        sliders = sum(v.endswith("SliderView") or v == "NamedSlider" for v in tree)
        figures = sum(v == "MPLCanvasView" for v in tree)
        expected_figures += figures
        assert out["views"] >= len(tree), (
            f"{where}: {out['views']} widget views rendered, the kernel has {len(tree)}: {tree}"
            + _context(nb))
        assert out["sliders"] == sliders, (
            f"{where}: {out['sliders']} sliders rendered, the kernel has {sliders}: {tree}")
        assert out["figures"] == figures, (
            f"{where}: {out['figures']} figures rendered, the kernel has {figures}: {tree}")
    assert len(canvases) == expected_figures, (
        f"{nb.name}: {len(canvases)} canvases in the page, {expected_figures} figures displayed")
    blank = [i for i, c in enumerate(canvases) if c["colours"] < 2 or not c["w"] or not c["h"]]
    assert not blank, (f"{nb.name}: ipympl canvases {blank} are blank or 0×0: "
                       f"{[canvases[i] for i in blank]}" + _context(nb))


def slider_redraws(nb: NotebookPage, output: int) -> tuple[bool, list[str]]:
    """Press arrow keys on each slider of widget output ``output`` until one of them
    changes the figure's pixels. Returns (success, what was tried)."""
    page = nb.page
    handles = page.locator(f'[data-course-output="{output}"] {SLIDER}')
    tried = []
    for k in range(handles.count()):
        handle = handles.nth(k)
        before = nb.canvases(output)
        value = float(handle.input_value())
        top = float(handle.get_attribute("max") or "nan")
        key = "ArrowLeft" if value >= top else "ArrowRight"
        handle.focus()
        for _ in range(ARROW_PRESSES):
            handle.press(key)
        deadline = time.monotonic() + REDRAW_TIMEOUT
        while True:
            now = float(handle.input_value())
            after = nb.canvases(output)
            changed = any(a["hash"] != b["hash"] for a, b in zip(after, before, strict=True))
            if now != value and changed:
                tried.append(f"output {output}, slider {k}: {value} -> {now}, figure redrawn")
                return True, tried
            if time.monotonic() > deadline:
                tried.append(f"output {output}, slider {k}: {value} -> {now}, figure unchanged")
                break
            page.wait_for_timeout(100)
    return False, tried


def check_a_slider_redraws(nb: NotebookPage, outputs: list[dict[str, Any]]) -> None:
    """Some slider of some explorer (trying them in order) redraws its figure. A notebook
    that displays widgets must have one whose slider moves a figure."""
    movable = [o["index"] for o in outputs
               if o["kind"] == "widget" and o.get("handles") and o.get("figures")]
    lesson = nb.name not in notebooks.REFERENCES  # (the atlas: dropdowns, no figure)
    if lesson and any(o["kind"] == "widget" for o in outputs):
        assert movable, f"{nb.name}: no displayed widget has both a slider and a figure"
    tried: list[str] = []
    for output in movable:
        ok, attempts = slider_redraws(nb, output)
        tried += attempts
        if ok:
            print("\n".join(tried))
            return
    if movable:
        raise AssertionError(f"{nb.name}: no slider step changed a figure: {tried}" + _context(nb))


def check_fits_the_classroom_screen(nb: NotebookPage, outputs: list[dict[str, Any]],
                                    screenshot_path: Any) -> None:
    """At 1280×800 with the left sidebar open, and again in Presentation Mode, every canvas
    and figure lies inside its output area, drawn at its own size (not shrunk, so its text
    stays at least ~10 px) and cut off by nothing. One explorer is photographed."""
    page = nb.page
    size = page.viewport_size
    page.set_viewport_size(CLASSROOM_VIEWPORT)
    try:
        open_left_sidebar(page)
        page.wait_for_timeout(500)
        for presenting in (False, True):
            set_presentation_mode(page, presenting)
            found = fit_problems(page)
            mode = "Presentation Mode" if presenting else "sidebar open"
            print(f"{nb.name}, 1280×800, {mode}: narrowest output area "
                  f"{found['narrowest']} px, widest figure {found['widest']:.0f} px")
            assert found["problems"] == [], (f"{nb.name} at 1280×800, {mode}:\n"
                                             + "\n".join(found["problems"]))
        set_presentation_mode(page, False)
        explorers = [o for o in outputs if o["kind"] == "widget" and o.get("figures")]
        if explorers:
            page.locator(f'[data-course-output="{explorers[0]["index"]}"]').scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            page.screenshot(path=str(screenshot_path(f"{Path(nb.name).stem}-explorer-1280x800.png")))
    finally:
        set_presentation_mode(page, False)
        page.set_viewport_size(size)


# ---------------------------------------------------------------------------- accessibility
# axe-core runs over what the course puts in the notebook: rendered Markdown and every
# output (figures, explorers). JupyterLab's own chrome (editors, toolbar, the cell list) is
# JupyterLab's; docs/accessibility.md lists what axe finds there, with the upstream issues.
COURSE_PARTS = ".jp-NotebookPanel .jp-Cell-outputArea, .jp-NotebookPanel .jp-MarkdownOutput"
# one notebook is checked again in JupyterLab's dark theme
DARK_THEME_NOTEBOOK = "02_sigmoid.ipynb"
MIN_ALT = 60  # characters: more than a title


def check_axe(nb: NotebookPage, theme: str = "light") -> None:
    """No serious/critical violation in the course's parts of the page, slider handles
    included (no exemption: the course's sliders are named, course_lib/widgets/controls.py).
    Without axe-core it does nothing: the other checks still run, and the test then skips
    naming it (see the test)."""
    if not AXE_JS.is_file():
        return
    nodes = serious(run_axe(nb.page, COURSE_PARTS))
    print(f"{nb.name} ({theme} theme): axe: {len(nodes)} serious or critical")
    assert not nodes, (f"{nb.name} ({theme} theme): {len(nodes)} serious/critical accessibility "
                       f"violations in the course's outputs:\n{describe(nodes)}")


JS_FIGURE_ALTS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel .jp-Cell-outputArea img')).map((img) => img.getAttribute('alt'))"""


def check_figure_alts(nb: NotebookPage) -> None:
    """Every image in the outputs has alternative text longer than a title (what JupyterLab
    puts in the DOM, read back from the page)."""
    alts = nb.page.evaluate(JS_FIGURE_ALTS)
    short = [a for a in alts if not a or len(a) < MIN_ALT]
    assert not short, f"{nb.name}: figures without a real alternative text: {short}"


# The route notebook 00 gives a keyboard user: Esc, the arrows to the explorer's cell (here:
# that cell made active in command mode, as the arrows leave it), then Tab.
JS_SELECT_CELL = """(cell) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const notebook = panel.content;
  notebook.mode = 'command';
  notebook.activeCellIndex = cell;
  notebook.activeCell.node.focus();
  return document.activeElement === notebook.activeCell.node;
}"""

JS_FOCUS = """(n) => {
  const el = document.activeElement;
  const out = document.querySelector(`[data-course-output="${n}"]`);
  return {inside: !!el && out.contains(el),
          control: !!el && el.matches('input, select, textarea, button'),
          slider: !!el && el.matches('input[type=range]'),
          value: el && el.matches('input[type=range]') ? el.getAttribute('aria-valuetext') : null,
          outline: el ? getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth : '',
          hidden: document.querySelectorAll('.jp-Notebook .jp-Cell.jp-mod-hidden, '
                                            + '.jp-Notebook .jp-Cell[hidden]').length,
          live: Array.from(out.querySelectorAll('[role=status][aria-live=polite]'))
                     .map((e) => e.textContent).join(' | ')};
}"""
TAB_LIMIT = 3  # the cell's own toolbar may come first
LEAVE_LIMIT = 12  # Tabs from the first control out of the explorer (no keyboard trap)


def check_keyboard(nb: NotebookPage, outputs: list[dict[str, Any]]) -> None:
    """One explorer driven by the keyboard alone, by the route notebook 00 gives: from its
    cell, Tab reaches its first control without folding the notebook; the focused slider
    shows an outline; arrow keys move it and its live region (role=status,
    aria-live=polite) says the new readout; Page Up/Down take a coarse step; Tab goes on and
    leaves the explorer (no keyboard trap)."""
    movable = [o for o in outputs
               if o["kind"] == "widget" and o.get("handles") and o.get("figures")]
    if not movable:
        return
    page, n, cell = nb.page, movable[0]["index"], movable[0]["cell"]
    assert page.evaluate(JS_SELECT_CELL, cell)
    state = page.evaluate(JS_FOCUS, n)
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        state = page.evaluate(JS_FOCUS, n)
        if state["inside"] and state["control"]:
            break
    assert state["inside"] and state["control"] and not state["hidden"], (
        f"{nb.name}: Tab from explorer {n}'s cell does not reach its first control: {state}")
    for _ in range(6):  # on to its first slider
        if state["slider"]:
            break
        page.keyboard.press("Tab")
        state = page.evaluate(JS_FOCUS, n)
    assert state["slider"] and state["inside"], f"{nb.name}: no slider in explorer {n}: {state}"
    assert state["outline"].startswith("solid") and not state["outline"].endswith(" 0px"), (
        f"{nb.name}: the focused slider shows no outline: {state['outline']}")
    assert state["live"].strip(), f"{nb.name}: explorer output {n} has no live readout"
    before = state
    for key in ("ArrowRight", "ArrowLeft", "PageUp", "PageDown"):
        for _ in range(ARROW_PRESSES if key.startswith("Arrow") else 1):
            page.keyboard.press(key)
        deadline = time.monotonic() + REDRAW_TIMEOUT
        while True:
            state = page.evaluate(JS_FOCUS, n)
            if state["value"] != before["value"] and state["live"] != before["live"]:
                print(f"{nb.name}: keyboard {key}: slider {before['value']} -> {state['value']}, "
                      f"announced: {state['live'][:100]!r}")
                break
            if time.monotonic() > deadline:
                break
            page.wait_for_timeout(100)
        if state["value"] != before["value"]:
            break
    assert state["value"] != before["value"] and state["live"] != before["live"], (
        f"{nb.name}: keys on the focused slider of output {n} did not change it and its "
        f"live readout: {before} -> {state}")
    assert not state["hidden"], f"{nb.name}: the keys folded the notebook: {state}"
    for _ in range(LEAVE_LIMIT):
        page.keyboard.press("Tab")
        state = page.evaluate(JS_FOCUS, n)
        if not state["inside"]:
            break
    assert not state["inside"], f"{nb.name}: Tab never leaves explorer {n} (a keyboard trap)"


# ---------------------------------------------------------------------------- any width
def check_any_width(nb: NotebookPage, outputs: list[dict[str, Any]],
                    screenshot_path: Any) -> dict[int, tuple[int, int]]:
    """At 1280, 640 and 320 px: no explorer reaches past its output area or is cut off, every
    control has a name, and every slider says the value it shows. Returns, per width,
    (cut-off explorers, nameless controls)."""
    page = nb.page
    size = page.viewport_size
    counts, failures = {}, []
    explorers = sum(o["kind"] == "widget" for o in outputs)
    try:
        for width in WIDTHS:
            set_width(page, width)
            cut, measured = explorer_problems(page)
            found = controls(page)
            if measured != explorers:
                failures.append(f"{width} px: {measured} of {explorers} explorers on screen to "
                                 f"measure (is the notebook hidden?)")
            nameless = [c for c in found if not c["name"]]
            counts[width] = (len(cut), len(nameless))
            print(f"{nb.name} at {width} px: {len(cut)} explorers cut off, {len(nameless)} of "
                  f"{len(found)} controls without a name")
            failures += [f"{width} px: explorer {c['output']}: {c['problems']}" for c in cut]
            failures += [f"{width} px: a {c['tag']} ({c['type']}) without a name" for c in nameless]
            failures += [f"{width} px: slider {c['name']!r} says {c['spoken']!r}, shows {c['shown']!r}"
                         for c in found if c["slider"] and c["spoken"] != c["shown"]]
            if width == WIDTHS[-1] and page.locator(SLIDER).count():
                page.locator(SLIDER).first.scroll_into_view_if_needed()
                page.wait_for_timeout(200)
                page.screenshot(path=str(screenshot_path(
                    f"{Path(nb.name).stem}-explorer-{width}px.png")))
    finally:
        page.set_viewport_size(size)
        page.wait_for_timeout(300)
    assert not failures, f"{nb.name}:\n" + "\n".join(failures[:20])
    return counts


JS_STEP = """(n) => {
  const input = document.querySelector(
    `[data-course-output="${n}"] .course-range input[type=range]:not(:disabled)`);
  if (!input) return null;
  return {value: Number(input.value), max: Number(input.max)};
}"""
FOLLOW_TIMEOUT = 45.0  # the showdown trains a setting it has not seen


def check_descriptions_follow(nb: NotebookPage, outputs: list[dict[str, Any]]) -> None:
    """Each explorer's description of its figure changes when its first slider that can be
    moved moves (it says what is drawn now), and so does its live region. (The lab in its
    expression mode has none: its text box is typed into by :func:`check_lab_slips`.)"""
    page = nb.page
    for out in outputs:
        if out["kind"] != "widget" or not out.get("figures"):
            continue
        n = out["index"]
        slider = page.evaluate(JS_STEP, n)
        if slider is None:
            continue
        before = {d["output"]: d for d in descriptions(page)}[n]
        assert before["figure"].startswith("Figure:"), f"{nb.name}: explorer {n} has no description"
        handle = page.locator(f'[data-course-output="{n}"] {SLIDER}:not(:disabled)').first
        handle.focus()
        handle.press("ArrowLeft" if slider["value"] >= slider["max"] else "ArrowRight")
        deadline = time.monotonic() + FOLLOW_TIMEOUT
        while True:
            now = {d["output"]: d for d in descriptions(page)}[n]
            if now["figure"] != before["figure"] and now["live"] != before["live"]:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{nb.name}: explorer {n}'s description did not follow its "
                                     f"slider:\n before: {before}\n after: {now}")
            page.wait_for_timeout(100)


# ---------------------------------------------------------------------------- the lab's slips
LAB_NOTEBOOK = "09_self_gated.ipynb"
JS_LAB = """(n) => {
  const out = document.querySelector(`[data-course-output="${n}"]`);
  const text = (sel) => Array.from(out.querySelectorAll(sel)).map((e) => e.innerText).join(' | ');
  return {readout: text('.widget-htmlmath'), train: text('.widget-hbox .widget-html'),
          properties: out.querySelectorAll('.course-properties').length,
          live: text('[role=status]'),
          disabled: out.querySelector('.widget-text input').disabled};
}"""


JS_SAYS = """([n, words]) => document.querySelector(`[data-course-output="${n}"]`)
  .innerText.includes(words)"""


def check_lab_slips(nb: NotebookPage, outputs: list[dict[str, Any]]) -> None:
    """Notebook 06's lab, typed into as learners do: `z**` and `softplus(2z)/2` get plain
    words with the column, and nothing of the old expression stays on screen; a stale
    "fix the expression first" goes with the slip; switching mode shows the blend."""
    page = nb.page
    lab = next(o["index"] for o in outputs if o["kind"] == "widget"
               and page.locator(f'[data-course-output="{o["index"]}"] .widget-text input').count())
    box = page.locator(f'[data-course-output="{lab}"] .widget-text input')

    def typed(text: str, expect: str) -> dict[str, Any]:
        box.fill(text)
        box.press("Enter")
        deadline = time.monotonic() + REDRAW_TIMEOUT
        while True:
            state = page.evaluate(JS_LAB, lab)
            if expect in state["readout"]:
                return state
            if time.monotonic() > deadline:
                raise AssertionError(f"{nb.name}: the lab shows {state} after {text!r}, "
                                     f"expected {expect!r}")
            page.wait_for_timeout(100)

    described = {d["output"]: d for d in descriptions(page)}[lab]["figure"]
    state = typed("z**", "ends with **")
    now = {d["output"]: d for d in descriptions(page)}[lab]["figure"]
    assert now != described and "line, from" not in now, f"{nb.name}: {now}"  # nothing drawn
    assert "(column 2)" in state["readout"] and "last valid one was z*sigmoid(2*z)" in state["readout"]
    assert not state["properties"] and "gradient check" not in state["readout"], state
    assert "ends with **" in state["live"], state
    page.locator(f'[data-course-output="{lab}"] button', has_text="train it").click()
    page.wait_for_function(JS_SAYS, arg=[lab, "fix the expression first"])
    state = typed("softplus(2z)/2", "write 2*z for 2z (column 11)")
    assert "decimal literal" not in state["readout"], state
    state = typed("z*sigmoid(z)", "gradient check")
    assert "fix the expression first" not in state["train"] and state["properties"], state
    page.locator(f'[data-course-output="{lab}"] button', has_text="combine").click()
    deadline = time.monotonic() + REDRAW_TIMEOUT
    while not (state := page.evaluate(JS_LAB, lab))["disabled"] or "relu" not in state["readout"]:
        assert time.monotonic() < deadline, f"{nb.name}: combine mode not shown: {state}"
        page.wait_for_timeout(100)
    print(f"{nb.name}: the lab's slips: {state['readout'][:120]!r}")


# the corner pixel of every figure (drawn into a canvas): white, whatever the theme
JS_FIGURE_CORNERS = """() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel img.course-figure')).map((img) => {
  const c = document.createElement('canvas');
  c.width = 4; c.height = 4;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0, 4, 4, 0, 0, 4, 4);
  return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
})"""

JS_THEME = "(t) => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})"


def check_dark_theme(nb: NotebookPage, shot: Path) -> None:
    """In JupyterLab Dark: the same axe checks (contrast of readouts and messages against
    the dark background), and every figure keeps its own white background."""
    nb.page.evaluate(JS_THEME, "JupyterLab Dark")
    nb.page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
    nb.page.wait_for_timeout(1000)
    check_axe(nb, "dark")
    corners = nb.page.evaluate(JS_FIGURE_CORNERS)
    assert corners and all(min(px) >= 250 for px in corners), (
        f"{nb.name}: in the dark theme some figures lost their white background: {corners}")
    nb.full_screenshot(shot)
    nb.page.evaluate(JS_THEME, "JupyterLab Light")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_in_jupyterlab(notebook: Path, lab_server: LabServer, browser_context: Any,
                                screenshot_path: Any) -> None:
    """Run all cells in JupyterLab; check outputs, widgets, figures and one slider."""
    page = browser_context.new_page()
    nb = NotebookPage(page, lab_server, notebook.name)
    shot = screenshot_path(f"{notebook.stem}.png")
    try:
        nb.open(OPEN_TIMEOUT)
        result = nb.run_all(RUN_TIMEOUT)
        print(f"{notebook.name}: ran {result.state['total']} code cells in {result.seconds:.1f} s")
        check_no_errors(nb, result.state)
        outputs, canvases = nb.wait_for_widgets(RENDER_TIMEOUT)
        check_widgets(nb, outputs, canvases)
        check_a_slider_redraws(nb, outputs)
        check_fits_the_classroom_screen(nb, outputs, screenshot_path)
        check_figure_alts(nb)
        check_axe(nb)
        check_any_width(nb, outputs, screenshot_path)
        check_descriptions_follow(nb, outputs)
        check_keyboard(nb, outputs)
        if notebook.name == LAB_NOTEBOOK:
            check_lab_slips(nb, outputs)
        if notebook.name == DARK_THEME_NOTEBOOK:
            check_dark_theme(nb, screenshot_path(f"{notebook.stem}-dark.png"))
        check_no_errors(nb, nb.state())
        check_no_internet(nb, notebook)
        bad = [m for m in nb.console_errors if BAD_CONSOLE.search(m)]
        assert not bad, f"{notebook.name}: errors in the browser console:\n" + "\n".join(bad)
        if not AXE_JS.is_file():
            skip_or_fail(f"{AXE_HINT}: every other check of {notebook.name} passed, its "
                         "accessibility checks did not run")
    finally:
        with contextlib.suppress(Exception):
            nb.full_screenshot(shot)
            print(f"screenshot: {shot}")
        page.close()
        lab_server.shutdown_kernels(wait=False)
