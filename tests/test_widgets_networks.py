"""course_lib.widgets.networks: the gradient-flow explorer updates in place and reads out what
it shows, keeps a stable text form, turns a bad value into a one-line message; the static
figures and the float32 thresholds are right."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.activations import ACTIVATIONS, sigmoid_derivative
from course_lib.experiments.datasets import make_moons
from course_lib.experiments.gradients import (
    first_exact_zero,
    float_zero_table,
    gradient_profile,
    nearly_flat_fraction,
    saturation_table,
    textbook_sigmoid_derivative,
)
from course_lib.experiments.nn import MLP, born_dead, train
from course_lib.widgets.networks import (
    GradientFlowExplorer,
    activation_histograms_figure,
    born_dead_figure,
    dead_training_figure,
    float_zero_figure,
    gradient_flow_figure,
)


def test_gradient_profile_matches_the_model():
    p = gradient_profile("tanh", 4, "he", 0.7, width=8, seed=3)
    X, y = make_moons(n=200, noise=0.1, seed=0)
    model = MLP.deep(4, 8, activation="tanh", init="he", scale=0.7, seed=3)
    np.testing.assert_allclose(p.norms, model.gradient_norms(X, y), rtol=1e-12)
    slopes = [np.mean(model.dg(z)) for z in model.pre_activations(X)]
    np.testing.assert_allclose(p.mean_slope, slopes, rtol=1e-12)
    np.testing.assert_array_equal(p.dead, model.dead_fraction(X))


def test_explorer_follows_its_controls_and_blits():
    ex = GradientFlowExplorer(depth=6, activation="sigmoid", init="xavier")
    assert repr(ex) == ("GradientFlowExplorer(sigmoid, depth=6, init=xavier, scale=1.0) "
                        "[interactive: run the cell to use it]")
    x, y = ex.norm_line.get_data()
    assert list(x) == list(range(1, 8))
    np.testing.assert_allclose(y, gradient_profile("sigmoid", 6, "xavier").norms)
    assert f"{gradient_profile('sigmoid', 6, 'xavier').norms[0]:.1e}" in ex.readout.value
    ex.depth.value = 8
    assert len(ex.norm_line.get_data()[0]) == 9
    assert len(ex.slope_line.get_data()[0]) == 8
    draws = []
    ex.canvas.mpl_connect("draw_event", lambda event: draws.append(event))
    limits = ex.ax_norm.get_ylim()
    ex.scale.value = 1.05     # a small change keeps the axes: blitted, no full draw
    assert ex.ax_norm.get_ylim() == limits
    assert draws == []
    ex.activation.value = "relu"
    ex.init.value = "gaussian"
    ex.scale.value = 5.0       # gradients far above the old limits: the axes must change
    assert draws  # the limits changed: a full redraw, not a blit
    lo, hi = ex.ax_norm.get_ylim()
    norms = gradient_profile("relu", 8, "gaussian", 5.0).norms
    assert lo <= norms.min() and norms.max() <= hi
    assert repr(ex).startswith("GradientFlowExplorer(relu, depth=8, init=gaussian, scale=")


def test_explorer_handles_every_activation():
    ex = GradientFlowExplorer(depth=3, init="he")
    for name in ACTIVATIONS:
        ex.activation.value = name
        assert "⚠" not in ex.readout.value and "‖∂L/∂W‖" in ex.readout.value, name
        assert ex.readout.value.startswith(f"{name}, depth 3")


def test_explorer_turns_a_bad_value_into_one_line():
    ex = GradientFlowExplorer(depth=4)
    ex.scale.value = float("nan")
    assert "⚠" in ex.readout.value and "scale must be a positive finite number" in ex.readout.value
    assert "\n" not in ex.readout.value and "Traceback" not in ex.readout.value
    ex.scale.value = 1.0
    assert "⚠" not in ex.readout.value


def test_static_figures_have_stable_text_forms():
    assert repr(gradient_flow_figure(("relu",), depth=3, settings=(("he", 2.0),))) == (
        "<figure: gradient norm per layer, depth 3: relu; he × 2>")
    fig = activation_histograms_figure("tanh", settings=(("xavier", 1.0),), depth=2, width=8)
    assert repr(fig) == "<figure: activation histograms per layer, tanh: xavier × 1>"
    assert len(fig.axes) == 2
    X, y = make_moons(n=60, seed=0)
    h = train(MLP([2, 4, 1], seed=0), X, y, epochs=3)
    assert "ReLU" in repr(dead_training_figure({"ReLU": h}))
    r = born_dead([2], 4, X, n_nets=10)
    assert repr(born_dead_figure(r)) == ("<figure: born-dead ReLU nets against depth, widths 2, "
                                         "10 nets each>")
    assert repr(float_zero_figure()) == "<figure: sigma' in float32 and float64, two formulas>"
    assert gradient_flow_figure(("sigmoid",), depth=2, settings=(("he", 1.0),)).png()[:4] == (
        b"\x89PNG")


def test_saturation_numbers():
    model = MLP.deep(3, 64, activation="sigmoid", init="gaussian", seed=0)
    X, _ = make_moons(n=300, seed=0)
    flat = nearly_flat_fraction(model, X)
    assert flat[0] < 0.05 and np.all(flat[1:] > 0.2)   # N(0, 1): the layers above saturate
    xavier = MLP.deep(3, 64, activation="sigmoid", init="xavier", seed=0)
    assert np.all(nearly_flat_fraction(xavier, X) == 0)
    text = saturation_table("sigmoid", depth=2, width=16)
    assert "layer 2" in text and "gaussian × 1" in text and "he × 1" in text


def test_exact_zero_thresholds():
    # textbook σ(1 − σ) dies once e^(−z) < half an ulp of 1: z > 24 ln 2 (f32), 53 ln 2 (f64)
    assert first_exact_zero(textbook_sigmoid_derivative, np.float32) == pytest.approx(
        24 * np.log(2), abs=0.01)
    assert first_exact_zero(textbook_sigmoid_derivative, np.float64) == pytest.approx(
        53 * np.log(2), abs=0.01)
    # σ(z)σ(−z) lives until e^(−z) is below half the smallest subnormal
    for dtype in (np.float32, np.float64):
        z0 = first_exact_zero(sigmoid_derivative, dtype)
        tiny = float(np.finfo(dtype).smallest_subnormal)
        assert z0 == pytest.approx(np.log(2) - np.log(tiny), abs=0.02)
        assert float(sigmoid_derivative(np.asarray(z0, dtype))) == 0
        below = np.nextafter(np.asarray(z0, dtype), dtype(0))
        assert float(sigmoid_derivative(below)) > 0
    assert "16.64" in float_zero_table() and "745.13" in float_zero_table()
    with pytest.raises(ValueError, match="exactly 0 at hi"):
        first_exact_zero(sigmoid_derivative, np.float64, hi=10.0)
