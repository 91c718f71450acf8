"""course_lib.losses and its explorer: σ′ meets the loss (notebook 01, section 7)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from course_lib.activations import sigmoid, sigmoid_derivative
from course_lib.derivations import DERIVATIONS, with_step_replaced, z
from course_lib.gradcheck import central_difference
from course_lib.losses import (
    LOSS_DERIVATIONS,
    SQUARED_ERROR_PEAK_Z,
    cross_entropy,
    cross_entropy_gradient,
    squared_error,
    squared_error_gradient,
)

finite_z = st.floats(-30, 30, allow_nan=False)
label = st.sampled_from([0.0, 1.0])


# ------------------------------------------------------------------ the derivations
@pytest.mark.parametrize("name", list(LOSS_DERIVATIONS))
def test_every_step_is_proved(name):
    verification = LOSS_DERIVATIONS[name].verify()
    assert verification.ok, verification


def test_a_wrong_step_is_caught():
    wrong = with_step_replaced(LOSS_DERIVATIONS["squared_error"], 2,
                               sp.Function("sigma")(z) - sp.Symbol("y", real=True))
    assert not wrong.verify().ok


def test_a_step_sympy_cannot_prove_is_not_called_wrong():
    # e^{−|z|}/(1 + e^{−|z|})² is σ′(z) (σ′ is even), but SymPy cannot prove it: the report
    # must say so, not that the step "does not follow"
    step = sp.exp(-sp.Abs(z)) / (1 + sp.exp(-sp.Abs(z))) ** 2
    report = repr(with_step_replaced(DERIVATIONS["sigmoid"], 4, step).verify())
    assert "SymPy could not prove this step" in report and "does not follow" not in report


def test_the_markdown_shows_each_step():
    text = LOSS_DERIVATIONS["cross_entropy"].to_markdown()
    assert text.count("$\\displaystyle") == len(LOSS_DERIVATIONS["cross_entropy"].steps)


# ------------------------------------------------------------------ the NumPy versions
@given(finite_z, label)
def test_gradients_are_the_slopes_of_the_losses(z0, y0):
    for loss, grad in ((cross_entropy, cross_entropy_gradient),
                       (squared_error, squared_error_gradient)):
        numeric = float(central_difference(lambda t, loss=loss: loss(t, y0), z0, 1e-5))
        assert float(grad(z0, y0)) == pytest.approx(numeric, rel=1e-5, abs=1e-9)


@given(finite_z, label)
def test_sigma_prime_cancels_for_cross_entropy_only(z0, y0):
    assert float(cross_entropy_gradient(z0, y0)) == pytest.approx(float(sigmoid(z0)) - y0)
    assert float(squared_error_gradient(z0, y0)) == pytest.approx(
        (float(sigmoid(z0)) - y0) * float(sigmoid_derivative(z0)), rel=1e-12, abs=1e-300)


def test_a_confidently_wrong_output_learns_slowest_under_squared_error():
    zs = np.array([-10.0, -6.0, -3.0])
    ce, se = np.abs(cross_entropy_gradient(zs, 1.0)), np.abs(squared_error_gradient(zs, 1.0))
    assert (ce > 0.95).all() and np.all(np.diff(se) > 0)   # se grows as z comes back
    assert ce[1] / se[1] > 400


def test_squared_errors_gradient_peaks_at_ln_one_half():
    zs = np.linspace(-8, 8, 160_001)
    g = np.abs(squared_error_gradient(zs, 1.0))
    assert zs[np.argmax(g)] == pytest.approx(SQUARED_ERROR_PEAK_Z, abs=1e-3)
    assert g.max() == pytest.approx(4 / 27, rel=1e-6)


def test_tails_are_finite_and_nan_passes_through():
    big = np.array([-1000.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isfinite(cross_entropy(big, 1.0)).all()
        assert np.isfinite(squared_error_gradient(big, 1.0)).all()
    assert cross_entropy(-1000.0, 1.0) == pytest.approx(1000.0)
    assert np.isnan(cross_entropy_gradient(np.nan, 1.0))


@pytest.mark.parametrize("f", [cross_entropy, cross_entropy_gradient, squared_error,
                               squared_error_gradient])
def test_non_numeric_input_names_the_function(f):
    with pytest.raises(TypeError, match=f.__name__):
        f("one", 1.0)


# ------------------------------------------------------------------ explorer and twin
def test_explorer_and_static_twin():
    from course_lib.plots import CourseFigure
    from course_lib.widgets.loss import LossExplorer, describe, loss_figure

    explorer = LossExplorer(z0=-6.0)
    assert repr(explorer) == "LossExplorer(z=-6.0, y=1) [interactive: run the cell to use it]"
    assert "405× smaller" in explorer.readout.value
    explorer.z.value = 4.0
    assert "confidently right" in explorer.readout.value and "⚠" not in explorer.readout.value
    assert isinstance(loss_figure(), CourseFigure)
    with pytest.raises(ValueError):
        describe(float("nan"))
