"""The foundations' unit (course_lib.experiments.descent) and its explorer: the chain-rule
gradient agrees with central differences for any activation, a small step goes downhill, the
derivations are proved, and the explorer draws what it reads out and survives bad settings."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib.experiments import descent
from course_lib.experiments.descent import (
    TOY_X,
    TOY_Y,
    UNIT_DERIVATIONS,
    descent_path,
    gradient_step,
    loss_surface,
    minimum,
    unit_gradient,
    unit_loss,
)
from course_lib.gradcheck import central_difference
from course_lib.widgets.descent import GradientStepExplorer, describe_step, gradient_step_figure

finite = st.floats(-3, 3, allow_nan=False)
ACTIVATIONS = ["linear", "sigmoid", "tanh", "softplus", "gelu"]


@given(w=finite, b=finite, x=st.lists(finite, min_size=1, max_size=6),
       activation=st.sampled_from(ACTIVATIONS), data=st.data())
def test_chain_rule_gradient_agrees_with_central_differences(w, b, x, activation, data):
    y = data.draw(st.lists(st.floats(0, 1), min_size=len(x), max_size=len(x)))
    dw, db = (float(v) for v in unit_gradient(w, b, x, y, activation))
    num_w = float(central_difference(lambda v: unit_loss(v, b, x, y, activation), w))
    num_b = float(central_difference(lambda v: unit_loss(w, v, x, y, activation), b))
    assert dw == pytest.approx(num_w, rel=1e-5, abs=1e-8)
    assert db == pytest.approx(num_b, rel=1e-5, abs=1e-8)


@given(w=finite, b=finite, activation=st.sampled_from(ACTIVATIONS))
def test_a_small_step_goes_downhill(w, b, activation):
    dw, db = (float(v) for v in unit_gradient(w, b, TOY_X, TOY_Y, activation))
    if math.hypot(dw, db) < 1e-6:
        return   # at (or next to) a flat point a step changes nothing measurable
    w1, b1 = gradient_step(w, b, TOY_X, TOY_Y, 1e-3, activation)
    assert unit_loss(w1, b1, TOY_X, TOY_Y, activation) < unit_loss(w, b, TOY_X, TOY_Y, activation)


def test_the_derivations_are_proved_and_end_in_delta_times_the_inner_slope():
    for name, derivation in UNIT_DERIVATIONS.items():
        assert derivation.verify().ok, name
    assert "x" in UNIT_DERIVATIONS["w"].result_latex
    assert UNIT_DERIVATIONS["b"].result_latex.endswith("1")


def test_the_linear_minimum_is_least_squares_and_descent_finds_it():
    w, b = minimum("linear")
    assert (w, b) == pytest.approx((0.2, 0.28))
    end = descent_path(-0.5, 1.5, lr=0.3, steps=400).points[-1]
    assert end == pytest.approx((w, b), abs=1e-6)
    sig = minimum("sigmoid")
    dw, db = unit_gradient(*sig, TOY_X, TOY_Y, "sigmoid")
    assert abs(float(dw)) < 1e-6 and abs(float(db)) < 1e-6


def test_learning_rate_past_two_over_the_largest_curvature_diverges():
    # linear unit: L is quadratic with Hessian [[mean x², mean x], [mean x, 1]]; gradient
    # descent converges exactly when η < 2/λ_max (λ_max = 2 + √2 here)
    hessian = np.array([[np.mean(TOY_X ** 2), np.mean(TOY_X)], [np.mean(TOY_X), 1.0]])
    limit = 2 / np.linalg.eigvalsh(hessian).max()
    assert limit == pytest.approx(2 / (2 + math.sqrt(2)))
    below = descent_path(-0.5, 1.5, lr=0.97 * limit, steps=300)
    above = descent_path(-0.5, 1.5, lr=1.03 * limit, steps=300)
    assert below.losses[-1] < below.losses[0] and not below.diverged
    assert above.diverged or above.losses[-1] > 1e3 * above.losses[0]


def test_loss_surface_matches_unit_loss_and_bad_input_is_named():
    W, B, L = loss_surface("sigmoid", n=7)
    assert L[3, 5] == pytest.approx(float(unit_loss(W[3, 5], B[3, 5], TOY_X, TOY_Y, "sigmoid")))
    with pytest.raises(TypeError, match="unit_loss"):
        unit_loss("one", 0.0, TOY_X, TOY_Y)
    with pytest.raises(ValueError, match="same length"):
        unit_loss(1.0, 0.0, [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="positive"):
        gradient_step(1.0, 0.0, TOY_X, TOY_Y, lr=-0.1)
    with pytest.raises(ValueError, match="unknown|relu7"):
        unit_loss(1.0, 0.0, TOY_X, TOY_Y, "relu7")
    assert math.isnan(float(unit_loss(np.nan, 0.0, TOY_X, TOY_Y)))


def test_toy_data_is_read_only():
    with pytest.raises(ValueError):
        descent.TOY_X[0] = 5.0


# ------------------------------------------------------------------ the explorer
def test_the_explorer_draws_the_step_it_reads_out():
    ex = GradientStepExplorer(w0=-0.5, b0=1.5, lr=0.3)
    assert "L = 0.626" in ex.readout.value and "down 38%" in ex.readout.value
    (w,), (b,) = ex.point.get_data()
    assert (w, b) == (-0.5, 1.5)
    w1, b1 = (float(v) for v in gradient_step(-0.5, 1.5, TOY_X, TOY_Y, 0.3))
    posA, posB = ex.step._posA_posB
    assert posA == (-0.5, 1.5) and posB == pytest.approx((w1, b1))
    uA, uB = ex.uphill._posA_posB
    dw, db = (float(v) for v in unit_gradient(-0.5, 1.5, TOY_X, TOY_Y))
    direction = np.subtract(uB, uA)
    assert direction[0] * db - direction[1] * dw == pytest.approx(0, abs=1e-9)  # parallel
    assert np.dot(direction, (dw, db)) > 0   # the dashed arrow points uphill


def test_taking_steps_descends_and_leaves_a_trail():
    ex = GradientStepExplorer(w0=-0.5, b0=1.5, lr=0.3)
    losses = []
    for _ in range(5):
        ex._take_step()
        losses.append(float(unit_loss(ex.w.value, ex.b.value, TOY_X, TOY_Y)))
    assert losses == sorted(losses, reverse=True)
    xs, _ = ex.trail.get_data()
    assert len(xs) == 6
    ex.w.value = 1.0            # moving a slider by hand starts a new trail
    assert len(ex.trail.get_data()[0]) == 1


def test_the_pages_rounding_of_a_slider_does_not_move_the_unit(monkeypatch):
    # ipywidgets' slider (Colab's) shows w = -0.236 at its nearest step, -0.25, and may send
    # that back: an echo
    from course_lib.widgets import controls

    monkeypatch.setenv(controls.CONTROLS_ENV, "ipywidgets")
    ex = GradientStepExplorer(w0=-0.5, b0=1.5, lr=0.3)
    ex._take_step()
    exact = ex.position
    ex.w.value = round(ex.w.value / ex.w.step) * ex.w.step
    assert ex.position == exact and len(ex.trail.get_data()[0]) == 2
    ex.w.value = exact[0] + 3 * ex.w.step      # a move by hand
    assert ex.position[0] == pytest.approx(exact[0] + 3 * ex.w.step)


def test_a_step_that_overshoots_is_said_and_the_activation_switch_redraws_the_map():
    ex = GradientStepExplorer(w0=-0.5, b0=1.5, lr=2.0)
    assert "up" in ex.readout.value and "overshot" in ex.readout.value
    levels = list(ex.contours.levels)
    ex.activation.value = "sigmoid"
    assert list(ex.contours.levels) != levels
    assert "0.99" in ex.star.get_label()
    assert repr(ex).startswith("GradientStepExplorer(a=sigmoid, w=-0.5, b=1.5, η=2.0)")


def test_bad_settings_give_a_message_not_a_traceback():
    with pytest.raises(ValueError, match="activation"):
        GradientStepExplorer(activation="cubic")
    with pytest.raises(ValueError, match="learning rate"):
        describe_step(0.0, 0.0, -1.0)
    with pytest.raises(ValueError, match="finite"):
        describe_step(float("nan"), 0.0, 0.1)


def test_the_static_twin_tells_each_learning_rate_in_words():
    fig = gradient_step_figure(rates=(0.05, 0.3, 0.65))
    assert "η = 0.65 the loss goes from 0.626 to" in fig.alt
    assert "lowest at w = 0.20, b = 0.28" in fig.alt
    assert repr(fig).startswith("<figure: 8 steps of gradient descent")
