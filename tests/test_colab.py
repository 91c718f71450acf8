"""Google Colab: the picture fallback of the explorers, the first cell's install, the badges,
and (slow) one notebook plus every explorer in a Colab-like environment (ipywidgets 7.7, no
ipympl; ``course_tools/colab_check.py``, all notebooks: ``make colab-check``)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

from course_tools import colab_check, course_meta, notebook_meta, notebooks

ROOT = Path(__file__).resolve().parent.parent


def test_explorer_draws_a_picture_that_follows_its_controls(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_CANVAS", "picture")
    from course_lib.widgets.base import PictureCanvas, ipympl_usable
    from course_lib.widgets.calculus import SecantExplorer

    assert not ipympl_usable()
    explorer = SecantExplorer()
    assert isinstance(explorer.canvas, PictureCanvas)
    first = bytes(explorer.canvas.value)
    assert first.startswith(b"\x89PNG")
    h = next(c for c in explorer.controls if c.description.startswith("h"))
    h.value = h.min + (h.max - h.min) * 0.7
    assert bytes(explorer.canvas.value) != first
    assert "⚠" not in explorer.readout.value


def test_ipympl_is_chosen_where_it_works(monkeypatch):
    from course_lib.widgets.base import ipympl_usable

    monkeypatch.delenv("COURSE_LIB_CANVAS", raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    assert ipympl_usable()
    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    assert not ipympl_usable()


def test_colab_gets_ipywidgets_sliders_on_the_same_values(monkeypatch):
    """On Colab (no third-party widgets) the factories give ipywidgets' sliders; a log
    slider is still a list of round values, and the value a notebook names is one of them."""
    import ipywidgets as widgets

    from course_lib.widgets import controls

    monkeypatch.delenv(controls.CONTROLS_ENV, raising=False)
    assert controls.named_controls_usable()
    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    assert not controls.named_controls_usable()
    lr = controls.log_slider("learning rate η", 0.5, 0.01, 100.0)
    assert isinstance(lr, widgets.SelectionSlider) and lr.value == 0.5
    assert ("0.5", 0.5) in lr.options and ("5", 5.0) in lr.options
    assert isinstance(controls.slider("z", 0.05, -1, 1, 0.05), widgets.FloatSlider)
    assert isinstance(controls.int_slider("depth", 3, 1, 10), widgets.IntSlider)
    monkeypatch.setenv(controls.CONTROLS_ENV, "named")
    assert isinstance(controls.log_slider("h", 1.0, 1e-3, 2.0), controls.NamedSlider)


@pytest.mark.parametrize("path", notebooks.course_notebooks(), ids=lambda p: p.name)
def test_first_code_cell_installs_course_lib_on_colab_only(path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    first = next(c.source for c in nb.cells if c.cell_type == "code")
    assert first.startswith(notebook_meta.colab_block())
    assert course_meta.pip_install_url() in first
    calls = []
    import subprocess

    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    exec(notebook_meta.colab_block(), {})  # not on Colab: no network, nothing installed
    assert calls == []
    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    exec(notebook_meta.colab_block(), {})
    assert calls and course_meta.pip_install_url() in calls[0][0]


def test_colab_badge_beside_every_binder_badge():
    for path in [*notebooks.course_notebooks(), ROOT / "README.md"]:
        text = path.read_text(encoding="utf-8")
        assert text.count("colab.research.google.com/github/") >= text.count(
            "](https://mybinder.org/v2/") >= 1, path
    assert course_meta.colab_url("04_relu.ipynb") == (
        f"https://colab.research.google.com/github/{course_meta.REPOSITORY}/blob/"
        f"{course_meta.BRANCH}/notebooks/04_relu.ipynb")
    assert (ROOT / course_meta.COLAB_BADGE_IMAGE).is_file()


@pytest.mark.slow
@pytest.mark.environment  # builds a venv: make colab-check runs it on every notebook
def test_colab_like_environment_runs_a_notebook_and_every_explorer_redraws(capsys):
    """ipywidgets 7.7.1, no ipympl, course_lib installed by pip with its dependencies."""
    code = colab_check.main(["00_start_here.ipynb"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.strip().splitlines()[-1].startswith("colab: 1/1 notebooks clean; 14/14")
