"""course_tools/notebooks.py: which notebooks the course has, their tags and pairing, and the
one way to run a notebook (in a fresh kernel, numerically pinned, outputs tidied)."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_tools import notebooks, numeric_env
from tests.samples import sample_notebooks


def test_kinds_and_their_order(tmp_path):
    for name in ("01_b.ipynb", "appendix_floats.ipynb", "atlas.ipynb", "00_a.ipynb",
                 "Untitled.ipynb", "1_x.ipynb"):
        nbformat.write(new_notebook(), tmp_path / name)
    assert [p.name for p in notebooks.course_notebooks(tmp_path)] == [
        "00_a.ipynb", "01_b.ipynb", "appendix_floats.ipynb", "atlas.ipynb"]
    assert [p.name for p in notebooks.lessons(tmp_path)] == ["00_a.ipynb", "01_b.ipynb"]
    assert [p.name for p in notebooks.course_notebooks(tmp_path, ("reference", "lesson"))] == [
        "00_a.ipynb", "01_b.ipynb", "atlas.ipynb"]
    assert notebooks.kind(tmp_path / "Untitled.ipynb") is None


def test_title_and_summary():
    nb = sample_notebooks()["00_start_here.ipynb"]
    assert notebooks.notebook_title(nb) == "00 · Start here"
    assert notebooks.notebook_summary(nb) == "We read a derivative as a slope."
    assert notebooks.notebook_title(new_notebook(), "fallback") == "fallback"


def test_tags_and_pairs():
    nb = sample_notebooks()["00_start_here.ipynb"]
    (ex, sol), = notebooks.exercise_pairs(nb)
    assert notebooks.has_tag(nb.cells[ex], notebooks.EXERCISE_TAG)
    assert "slope_at_zero.check(answer)" in notebooks.solution_code(nb.cells[sol])
    shorter = notebooks.without_tag(nb, notebooks.SOLUTION_TAG)
    assert len(shorter.cells) == len(nb.cells) - 1 and len(nb.cells) == 12  # a copy
    assert notebooks.exercise_pairs(new_notebook()) == []


def test_output_text_reads_streams_data_and_errors():
    cell = new_code_cell("x", outputs=[
        new_output("stream", name="stdout", text="printed"),
        new_output("execute_result", data={"text/plain": "plain", "text/html": "<b>html</b>"}),
        new_output("error", ename="ValueError", evalue="bad", traceback=[])])
    text = notebooks.output_text(cell)
    assert all(part in text for part in ("printed", "plain", "<b>html</b>", "ValueError: bad"))


@pytest.mark.builds
def test_run_pins_the_kernel_and_tidies_its_outputs(tmp_path, monkeypatch):
    """The kernel gets the numeric pin even from a process that is not pinned, works in the
    notebook's folder, and a live widget's view reference is not kept."""
    monkeypatch.delenv(numeric_env.VARIABLE, raising=False)
    monkeypatch.delenv(numeric_env.BLAS_VARIABLE, raising=False)
    (tmp_path / "here.txt").write_text("found")
    nb = new_notebook(cells=[
        new_markdown_cell("# 00 · A test"),
        new_code_cell("import os\nprint(os.environ.get('NPY_DISABLE_CPU_FEATURES', ''), "
                      "os.environ.get('OPENBLAS_CORETYPE', ''), sep='|')"),
        new_code_cell("print(open('here.txt').read())"),
        new_code_cell("import ipywidgets\nipywidgets.IntSlider(description='n')"),
        new_code_cell("import time\nprint('a', flush=True)\ntime.sleep(0.3)\nprint('b')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "00_a_test.ipynb"
    nbformat.write(nb, path)
    notebooks.execute(path)
    stored = nbformat.read(path, as_version=4)
    want = numeric_env.pinned({})
    assert stored.cells[1].outputs[0].text.strip() == (
        f"{want.get(numeric_env.VARIABLE, '')}|{want.get(numeric_env.BLAS_VARIABLE, '')}")
    assert stored.cells[2].outputs[0].text.strip() == "found"
    widget = stored.cells[3].outputs[0]
    assert "text/plain" in widget.data and notebooks.WIDGET_VIEW not in widget.data
    assert [(o.name, o.text) for o in stored.cells[4].outputs] == [("stdout", "a\nb\n")]
    assert [c.execution_count for c in stored.cells[1:]] == [1, 2, 3, 4]
    assert "widgets" not in stored.metadata
    assert all("execution" not in c.metadata for c in stored.cells)
