"""Every notebook, run top to bottom in a real JupyterLab in headless Chromium.

For each notebook in notebooks/: no error output, every widget the notebook displays is
rendered (checked against the widget tree the kernel holds), every static figure and every
ipympl canvas shows a picture, and stepping a slider with the keyboard redraws its figure.
A full-page screenshot of each notebook is saved (path printed at the end of the run).

    .venv/bin/python -m pytest tests/browser      # just these
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

import pytest
from browser_lab import BAD_CONSOLE, NOTEBOOK_DIR, LabServer, NotebookPage

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
OPEN_TIMEOUT = 90.0
RUN_TIMEOUT = float(os.environ.get("BROWSER_RUN_TIMEOUT", "180"))
RENDER_TIMEOUT = 30.0
REDRAW_TIMEOUT = 15.0
ARROW_PRESSES = 3


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
        sliders = sum(v.endswith("SliderView") for v in tree)
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
    handles = page.locator(f'[data-course-output="{output}"] .noUi-handle[role=slider]')
    tried = []
    for k in range(handles.count()):
        handle = handles.nth(k)
        before = nb.canvases(output)
        value = float(handle.get_attribute("aria-valuenow") or "nan")
        top = float(handle.get_attribute("aria-valuemax") or "nan")
        key = "ArrowLeft" if value >= top else "ArrowRight"
        handle.focus()
        for _ in range(ARROW_PRESSES):
            handle.press(key)
        deadline = time.monotonic() + REDRAW_TIMEOUT
        while True:
            now = float(handle.get_attribute("aria-valuenow") or "nan")
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
    if any(o["kind"] == "widget" for o in outputs):
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
        check_no_errors(nb, nb.state())
        check_no_internet(nb, notebook)
        bad = [m for m in nb.console_errors if BAD_CONSOLE.search(m)]
        assert not bad, f"{notebook.name}: errors in the browser console:\n" + "\n".join(bad)
    finally:
        with contextlib.suppress(Exception):
            nb.full_screenshot(shot)
            print(f"screenshot: {shot}")
        page.close()
        lab_server.shutdown_kernels(wait=False)
