"""Every number the prose quotes from a computation is checked against that computation.

Each test below names the markdown cell (by its id) and the figure as it is written there,
asserts the text is still in the cell (so a rewrite that drops or changes it fails here),
and recomputes the figure with the library, or reads it from the stored output of the cell
that computes it (whose output nbval checks in turn). Notebook 07's table has its own test
(``tests/test_widgets_showdown.py``).

A slip like "σ′(0)/σ′(8) = 0.25/0.00134" (0.00134 is tanh′(4); σ′(8) = 3.35e-4) fails here.
"""

from __future__ import annotations

import functools
import math
import re

import nbformat
import numpy as np
import pytest

from course_lib.activations import gelu, sigmoid, sigmoid_derivative, silu, silu_derivative
from tests.nbtools import NOTEBOOKS


@functools.cache
def _cells(name: str) -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return {c.get("id"): c for c in nb.cells}


def prose(name: str, cell_id: str, *quoted: str) -> str:
    """The source of a markdown cell, after checking that it still says each ``quoted``."""
    cell = _cells(name)[cell_id]
    assert cell.cell_type == "markdown"
    for text in quoted:
        assert text in cell.source, f"{name} cell {cell_id} no longer says {text!r}"
    return cell.source


def output(name: str, cell_id: str) -> str:
    """The stored text output of a code cell."""
    cell = _cells(name)[cell_id]
    return "".join(o.get("text", "") or "".join(o.get("data", {}).get("text/plain", ""))
                   for o in cell.outputs)


def gelu_tanh(z):
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))


# ------------------------------------------------------------------ notebook 01
def test_nb01_saturation_ratio():
    prose("01_sigmoid.ipynb", "c0bd931e", r"0.25 / 0.000335 \approx 750",
          r"$\sigma'(8) = 3.35 \times 10^{-4}$")
    s8 = float(sigmoid_derivative(8.0))
    assert f"{s8:.6f}" == "0.000335" and f"{s8:.2e}" == "3.35e-04"
    assert round(0.25 / s8, -1) == 750
    assert "σ′(z) = 3.35e-04" in output("01_sigmoid.ipynb", "003cd4a9")


def test_nb01_loss_section():
    from course_lib.losses import SQUARED_ERROR_PEAK_Z, squared_error_gradient
    from course_lib.widgets.loss import describe

    prose("01_sigmoid.ipynb", "nb01-loss-11", "About 400 times", "prints 405",
          r"$z = \ln\tfrac12 \approx -0.69$", r"$\sigma = \tfrac13$")
    assert "405× smaller" in describe(-6.0)
    assert f"{SQUARED_ERROR_PEAK_Z:.2f}" == "-0.69"
    assert float(sigmoid(SQUARED_ERROR_PEAK_Z)) == pytest.approx(1 / 3)
    peak = abs(float(squared_error_gradient(SQUARED_ERROR_PEAK_Z, 1.0)))
    assert peak == pytest.approx(4 / 27)
    assert "405× smaller" in output("01_sigmoid.ipynb", "nb01-loss-13")


# ------------------------------------------------------------------ notebook 04
def test_nb04_killed_units_summary_matches_the_count():
    prose("04_leaky_relu.ipynb", "nb04-43", "all 23 killed units were back within 50 steps",
          "8 of 23 were still dead with $\\alpha = 0.1$", "20 of 23 with\n  $\\alpha = 0.01$")
    table = output("04_leaky_relu.ipynb", "nb04-37")
    counts = {line.split("[")[0].strip(): [int(v) for v in line.split("[")[1].split("]")[0].split()]
              for line in table.splitlines() if "[" in line and "loss" in line}
    # checkpoints 0, 5, 10, 20, 50, 100
    assert counts["α = 0.3"][0] == 23 and counts["α = 0.3"][4] == 0
    assert counts["α = 0.1"][-1] == 8 and counts["α = 0.01"][-1] == 20


# ------------------------------------------------------------------ notebook 05
def test_nb05_saturation_arithmetic():
    prose("05_why_activations_fail.ipynb", "1b747049", r"\sqrt{64 \cdot 0.3} \approx 4.4",
          r"$|z| > 4.6$", r"\sqrt{0.3} \approx 0.55",
          r"U\bigl[\pm\sqrt6/\sqrt{n_\text{in} + n_\text{out}}\bigr]")
    assert f"{math.sqrt(64 * 0.3):.1f}" == "4.4" and f"{math.sqrt(0.3):.2f}" == "0.55"
    assert float(sigmoid_derivative(4.6)) < 0.01 < float(sigmoid_derivative(4.5))
    # the normalised initialisation U[±√6/√(n_in + n_out)] has variance 2/(n_in + n_out)
    a = math.sqrt(6) / math.sqrt(64 + 64)
    assert a**2 / 3 == pytest.approx(2 / (64 + 64))


def test_nb05_first_layer_cannot_die_on_the_moons():
    """No half-plane through 0 holds every moons point: for every direction w some point has
    w·x > 0, so no zero-bias first-layer unit is dead."""
    from course_lib.experiments.datasets import make_moons

    prose("05_why_activations_fail.ipynb", "dfb8b4e9", "one half-plane whose edge passes",
          "the moons surround the origin", "$w = (-1, 0)$")
    X, _ = make_moons(n=200, noise=0.1, seed=0)
    angles = np.linspace(0, 2 * np.pi, 20_001)
    w = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    reach = (X @ w.T).max(axis=0)  # the largest w·x over the data, for each direction
    # reach is Lipschitz in the angle with constant max|x|: the grid's step cannot hide a zero
    step = angles[1] - angles[0]
    assert reach.min() > np.linalg.norm(X, axis=1).max() * step
    # and the counterexample in the prose: both signs, yet all in one half-plane
    points = np.array([[1.0, -2.0], [3.0, -0.5]])
    assert (points[:, 0] > 0).all() and (points[:, 1] < 0).all()
    assert (points @ np.array([-1.0, 0.0]) <= 0).all()


# ------------------------------------------------------------------ notebook 06
def test_nb06_gelu_approximation_errors():
    prose("06_tweak_and_combine.ipynb", "ff99c150", "a few parts in ten thousand",
          "5 % off at\n$z = -2.7$", "10 % at $-3$", "45 % at $-4$", "84 % at $-5$")
    prose("06_tweak_and_combine.ipynb", "2ccb06b9", "at most 4.7e-4",
          "45 % of the (tiny) value at $z = -4$")
    zs = np.linspace(-6, 6, 2401)
    error = np.abs(gelu_tanh(zs) - gelu(zs))
    assert f"{error.max():.1e}" == "4.7e-04" and 1e-4 <= error.max() < 1e-3
    for z0, percent in [(-2.7, 5), (-3.0, 10), (-4.0, 45), (-5.0, 84)]:
        rel = abs(gelu_tanh(z0) - gelu(z0)) / abs(float(gelu(z0)))
        assert round(100 * rel) == percent
    assert "relative to GELU(z): 45%" in output("06_tweak_and_combine.ipynb", "882a35a9")


def test_nb06_silu_dip():
    from course_lib.exercises.nb06 import SILU_TURNING_POINT

    prose("06_tweak_and_combine.ipynb", "2ccb06b9", "about $-0.28$", r"$z \approx -1.2785$")
    assert abs(float(silu_derivative(SILU_TURNING_POINT))) < 1e-12
    assert f"{SILU_TURNING_POINT:.4f}" == "-1.2785"
    assert f"{float(silu(SILU_TURNING_POINT)):.2f}" == "-0.28"


def test_nb06_zero_centring_is_sent_to_notebook_02():
    for cell_id in ("fa6f1eca", "1694017d"):
        source = prose("06_tweak_and_combine.ipynb", cell_id, "(notebook 02)")
        assert not re.search(r"mean output.*notebook 05|zero-centred.*notebook 05", source)


# ------------------------------------------------------------------ notebook 07
def test_nb07_ratio_answer_names_the_layer_inputs():
    prose("07_training_showdown.ipynb", "d5cb7e17", r"\delta = \partial L/\partial z",
          r"\partial L/\partial W = \delta\,a^\top", "(0.11)")
    assert "0.11" in prose("07_training_showdown.ipynb", "468226ef")
