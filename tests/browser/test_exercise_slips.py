"""The usual slips typed into the exercises in real JupyterLab, and the feedback read in the page.

Issue 26 ("feedback that speaks to the slip"): a function without ``return``, the ``/ 2 * h``
precedence slip, ``math.sin`` in place of ``f``. Each is typed into the exercise cell of the
notebook that calls its checker, the cell is run, and the page must show a verdict that names
the slip, formatted (code as code, *emphasis* in italics: no backticks, no asterisks outside
code), in one line, with no traceback. The cells are found by the checker they call, not by
the notebook's name or the cell's number (the series is being renumbered); the starter's own
``return None`` stays "Not answered yet" where a missing ``return`` is named (the checker
reads the learner's function from the cell's source, which only a real kernel keeps).

    .venv/bin/python -m pytest tests/browser/test_exercise_slips.py
"""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

from course_tools.browser_lab import NOTEBOOK_DIR, LabServer, NotebookPage

pytestmark = pytest.mark.browser

OPEN_TIMEOUT = 90.0
RUN_TIMEOUT = 180.0
VERDICT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Slip:
    """A learner's function, typed into the exercise cell that calls ``checker``: ``{name}``
    is the name the cell's call passes; the verdict must say ``status`` and every phrase in
    ``says`` and none in ``never``."""

    label: str
    checker: str
    code: str
    status: str
    says: tuple[str, ...]
    never: tuple[str, ...] = ()


SLIPS = (
    Slip("no return", "check_central_difference",
         "def {name}(f, z, h):\n    (f(z + h) - f(z - h)) / (2 * h)\n",
         "✘ Not yet", ("has no return",)),
    Slip("/ 2 * h", "check_central_difference",
         "def {name}(f, z, h):\n    return (f(z + h) - f(z - h)) / 2 * h\n",
         "✘ Not yet", ("a / 2 * h", "multiplies", "brackets"), ("constant factor",)),
    Slip("math.sin for f", "check_central_difference",
         "import math\n\n\ndef {name}(f, z, h):\n"
         "    return (math.sin(z + h) - math.sin(z - h)) / (2 * h)\n",
         "✘ Not yet", ("instead of the f it is given",), ("np.where", "if z > 0")),
    Slip("no return, below the starter's own lines", "check_gradient_step",
         "def {name}(w, b, x, y, lr):\n    z = w * x + b\n    a = sigmoid(z)\n"
         "    delta = (a - y) * sigmoid_derivative(z)\n"
         "    w - lr * np.mean(delta * x), b - lr * np.mean(delta)\n",
         "✘ Not yet", ("has no return",)),
)


RIGHT = {
    "check_central_difference": "def {name}(f, z, h):\n    return (f(z + h) - f(z - h)) / (2 * h)\n",
    "check_gradient_step": "def {name}(w, b, x, y, lr):\n    z = w * x + b\n    a = sigmoid(z)\n"
                           "    delta = (a - y) * sigmoid_derivative(z)\n"
                           "    return w - lr * np.mean(delta * x), b - lr * np.mean(delta)\n",
}
"""The right answer for each checker, typed last: accepted, so the verdicts above are not
any text the page happens to show."""


def exercise_cells(checker: str) -> list[tuple[str, int, str]]:
    """(notebook, cell index, starter source) of every exercise cell that calls ``checker``:
    a code cell (the solutions are Markdown) of a notebook JupyterLab shows (no draft)."""
    found = []
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        if path.name.startswith("_"):
            continue
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and re.search(rf"\b{checker}\(", cell.source):
                found.append((path.name, i, cell.source))
    return found


def slip_source(slip: Slip, starter: str) -> str:
    """The starter cell with the learner's function replaced by the slip: the cell's own
    call of the checker (with whatever module name the series gives it) is kept."""
    return cell_with(slip.checker, slip.code, starter)


def cell_with(checker: str, code: str, starter: str) -> str:
    """``code`` (a function named ``{name}``) in place of the starter's function, followed
    by the starter's own call of ``checker``."""
    call = next(line for line in starter.splitlines() if f"{checker}(" in line)
    name = re.search(rf"{checker}\((\w+)", call).group(1)
    return code.format(name=name) + "\n\n" + call + "\n"


# ---------------------------------------------------------------------------- in the page
JS_MARK = """([index, mark]) => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  document.querySelectorAll(`[data-course-slip]`).forEach((e) => e.removeAttribute('data-course-slip'));
  const cell = notebook.widgets[index];
  notebook.activeCellIndex = index;
  notebook.scrollToItem(index);
  cell.node.setAttribute('data-course-slip', mark);
  if (mark === 'typed') {  // what it showed before (the stored output) goes
    cell.model.outputs.clear();
    cell.model.executionCount = null;
  }
  return {source: cell.model.sharedModel.getSource(), count: cell.model.executionCount};
}"""

JS_CELL = """(index) => {
  const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
  const area = document.createElement('div');  // the outputs, without the prompt [n]:
  cell.outputArea.node.querySelectorAll('.jp-OutputArea-output')
    .forEach((o) => area.appendChild(o.cloneNode(true)));
  document.body.appendChild(area);  // (innerText needs a rendered node)
  const clone = area.cloneNode(true);
  clone.querySelectorAll('code').forEach((c) => c.remove());
  return {source: cell.model.sharedModel.getSource(), count: cell.model.executionCount,
          text: area.innerText.trim(), outside_code: clone.innerText,
          code: Array.from(area.querySelectorAll('code')).map((c) => c.innerText),
          emphasis: Array.from(area.querySelectorAll('em, strong')).map((c) => c.innerText),
          traceback: area.querySelectorAll(
            '[data-mime-type="application/vnd.jupyter.error"], '
            + '[data-mime-type="application/vnd.jupyter.stderr"]').length,
          _: area.remove()};
}"""

JS_RUN_ABOVE = """() => window.jupyterapp.commands.execute('notebook:run-all-above')"""
JS_ABOVE_RAN = """(index) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.slice(0, index)
    .filter((c) => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  return kernel.status === 'idle' && cells.every((c) => c.model.executionCount !== null);
}"""


def run_above(nb: NotebookPage, index: int) -> None:
    """Run every cell above the exercise cell (what it needs: the setup, and any experiment
    a prediction is checked against), and wait until each has run."""
    nb.page.evaluate(JS_MARK, [index, "above"])
    nb.page.evaluate(JS_RUN_ABOVE)
    nb.page.wait_for_function(JS_ABOVE_RAN, arg=index, timeout=RUN_TIMEOUT * 1000)
    state = nb.state()
    assert not state.get("errors"), f"{nb.name}: the cells above the exercise failed: {state}"


def type_and_run(nb: NotebookPage, index: int, source: str) -> dict[str, Any]:
    """Replace the cell's text by ``source`` as a learner does (click into it, select all,
    type: one edit, as a paste, so the editor's auto-indent adds nothing), run it with
    Shift+Enter, and return what its output area shows once it has run."""
    page = nb.page
    page.evaluate(JS_MARK, [index, "typed"])
    editor = page.locator('[data-course-slip="typed"] .cm-content')
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(source)
    page.keyboard.press("Shift+Enter")
    deadline = time.monotonic() + VERDICT_TIMEOUT
    while True:
        shown = page.evaluate(JS_CELL, index)
        if shown["count"] is not None and shown["text"]:
            break
        assert time.monotonic() < deadline, f"{nb.name}: cell {index} did not run: {shown}"
        page.wait_for_timeout(100)
    assert shown["source"] == source, (f"{nb.name}: the cell holds {shown['source']!r}, "
                                       f"not what was typed")
    return shown


def check_verdict(nb: NotebookPage, slip: Slip, shown: dict[str, Any]) -> None:
    where = f"{nb.name}, {slip.checker}, {slip.label!r}"
    text = " ".join(shown["text"].split())
    assert not shown["traceback"], f"{where}: a traceback in the page: {text}"
    assert text.startswith(slip.status), f"{where}: the page says {text!r}"
    assert "\n" not in shown["text"].strip(), f"{where}: more than one line: {shown['text']!r}"
    for phrase in slip.says:
        assert phrase in text, f"{where}: the page does not say {phrase!r}: {text!r}"
    for phrase in slip.never:
        assert phrase not in text, f"{where}: the page says {phrase!r}: {text!r}"
    # formatted: the marks of Markdown never show; code is code and emphasis is italic
    assert "`" not in shown["text"], f"{where}: raw backticks on the page: {text!r}"
    assert "*" not in shown["outside_code"], f"{where}: raw asterisks on the page: {text!r}"
    assert shown["code"], f"{where}: no code formatted as code: {text!r}"


SLIP_CELLS = [pytest.param(notebook, index, starter, id=f"{Path(notebook).stem}-cell{index}")
              for notebook, index, starter in sorted({
                  cell for slip in SLIPS for cell in exercise_cells(slip.checker)})]


def test_the_cells_are_found_by_their_checker():
    for slip in SLIPS:
        assert exercise_cells(slip.checker), f"no exercise cell calls {slip.checker}"
    assert "/ 2 * h" in slip_source(SLIPS[1], "def f(f, z, h):\n    return None\n\n"
                                              "nb00.check_central_difference(f)")


@pytest.mark.parametrize(("notebook", "index", "starter"), SLIP_CELLS)
def test_slips_typed_into_the_exercise(notebook: str, index: int, starter: str,
                                       lab_server: LabServer, browser_context: Any,
                                       screenshot_path: Any) -> None:
    """The untouched starter says "Not answered yet"; each slip typed into the cell gets a
    formatted verdict in one line that names it; the right answer, typed last, is
    accepted (so a verdict is not just any text)."""
    page = browser_context.new_page()
    nb = NotebookPage(page, lab_server, notebook)
    try:
        nb.open(OPEN_TIMEOUT)
        run_above(nb, index)
        untouched = type_and_run(nb, index, starter)
        assert untouched["text"].startswith("… Not answered yet"), (
            f"{notebook}: the starter of cell {index} says {untouched['text']!r}")
        slips = [s for s in SLIPS if re.search(rf"\b{s.checker}\(", starter)]
        for slip in slips:
            shown = type_and_run(nb, index, slip_source(slip, starter))
            check_verdict(nb, slip, shown)
            print(f"{notebook}, cell {index}, {slip.label!r}: {shown['text']!r}")
        page.screenshot(path=str(screenshot_path(f"{Path(notebook).stem}-slip-cell{index}.png")))
        checker = slips[0].checker
        right = type_and_run(nb, index, cell_with(checker, RIGHT[checker], starter))
        assert right["text"].startswith("✔ Correct"), f"{notebook}: {right['text']!r}"
    finally:
        with contextlib.suppress(Exception):
            page.close()
        lab_server.shutdown_kernels(wait=False)
