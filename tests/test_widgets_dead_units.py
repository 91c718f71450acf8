"""The explorers of notebooks 03 and 04 (course_lib.widgets.dead_units) and their static
twins: they update in place by blitting, read out what they show, keep a stable text form,
and turn a bad setting into a one-line message instead of a traceback."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.activations import leaky_relu, leaky_relu_derivative
from course_lib.experiments import dead_units as du
from course_lib.plots import CourseFigure
from course_lib.widgets.dead_units import (
    BiasShiftExplorer,
    LeakyTangentExplorer,
    LearningRateExplorer,
    RevivalExplorer,
    bias_shift_figure,
    leaky_tangent_figure,
    learning_rate_figure,
    revival_figure,
    subgradient_figure,
)


def _bar_tops(bars) -> np.ndarray:
    return np.array([seg[1, 1] for seg in bars.get_segments()])


def _no_full_redraw(explorer, slider, value):
    draws = []
    cid = explorer.canvas.mpl_connect("draw_event", lambda event: draws.append(event))
    slider.value = value
    explorer.canvas.mpl_disconnect(cid)
    return draws == []


def _shows_a_message(explorer, slider, bad):
    slider.value = bad
    text = explorer.readout.value
    return "⚠" in text and "Traceback" not in text and "\n" not in text


# ---------------------------------------------------------------- bias shift
def test_bias_explorer_counts_dead_units_like_dead_mask():
    ex = BiasShiftExplorer(bias=0.0)
    x = du.toy_inputs()
    for b in (0.0, -1.0, -2.5):
        ex.bias.value = b
        z = du.random_layer(4, 64, bias=b).pre_activations(x)
        n_dead = int(du.dead_mask(z).sum())
        assert f"{n_dead} of 64 units dead" in ex.readout.value
        assert np.sum(_bar_tops(ex.bars) <= 0) == n_dead
        assert ex.dead_point.get_data()[1][0] == pytest.approx(n_dead / 64)
        assert ex.inactive_point.get_data()[1][0] == pytest.approx(du.inactive_fraction(z))
    assert repr(ex) == "BiasShiftExplorer(bias=-2.5) [interactive: run the cell to use it]"


def test_bias_explorer_blits_and_explains_bad_values():
    ex = BiasShiftExplorer(bias=0.0)
    before = ex.readout.value
    assert _no_full_redraw(ex, ex.bias, -1.5)
    assert ex.readout.value != before and ex.last_update_seconds > 0
    assert all(a.get_animated() for a in ex.moving)
    assert _shows_a_message(ex, ex.bias, float("nan"))
    ex.bias.value = 0.5
    assert "⚠" not in ex.readout.value


# ---------------------------------------------------------------- learning rate
def test_learning_rate_explorer_follows_the_slider():
    ex = LearningRateExplorer(lr=0.5)
    assert "4 of 64 units dead" in ex.readout.value
    assert _no_full_redraw(ex, ex.lr, 5.0)
    assert "23 of 64 units dead" in ex.readout.value and "19 killed" in ex.readout.value
    assert ex.point.get_data() == ([5.0], [23])
    killed = du.killed_layer(du.toy_regression(), 5.0)
    lo, hi = du.unit_ranges(killed.pre_activations(du.toy_inputs()))
    assert np.allclose(_bar_tops(ex.bars), hi)
    assert repr(ex) == ("LearningRateExplorer(learning rate=5.0, steps=1) "
                        "[interactive: run the cell to use it]")


def test_learning_rate_explorer_explains_bad_values():
    ex = LearningRateExplorer(lr=0.5)
    assert _shows_a_message(ex, ex.lr, float("nan"))
    ex.lr.value = 1.0
    assert "⚠" not in ex.readout.value


# ---------------------------------------------------------------- Leaky ReLU tangent
def test_leaky_tangent_explorer_follows_both_sliders():
    ex = LeakyTangentExplorer(z0=-1.0, alpha=0.1)
    assert "<b>0.1000</b>" in ex.readout.value and "for every z" in ex.readout.value
    assert _no_full_redraw(ex, ex.alpha, 0.3)
    zs = ex.g_line.get_xdata()
    assert np.allclose(ex.g_line.get_ydata(), leaky_relu(zs, alpha=0.3))
    tz, ty = ex.tangent.get_data()
    assert (ty[1] - ty[0]) / (tz[1] - tz[0]) == pytest.approx(0.3)
    assert ex.slope_point.get_data() == ([-1.0], [pytest.approx(0.3)])
    ex.z.value = 2.0
    assert "<b>1.0000</b>" in ex.readout.value
    ex.z.value = 0.0  # at the kink: the left-hand value α
    assert ex.slope_point.get_data()[1][0] == pytest.approx(float(leaky_relu_derivative(0.0, 0.3)))
    assert repr(ex) == ("LeakyTangentExplorer(leaky_relu, z=0.0, alpha=0.3) "
                        "[interactive: run the cell to use it]")


def test_leaky_tangent_explorer_says_when_the_max_form_fails():
    ex = LeakyTangentExplorer(z0=1.0, alpha=0.5)
    ex.alpha.value = 1.5
    assert "not</b> Leaky ReLU" in ex.readout.value
    zs = ex.max_line.get_xdata()
    assert not np.allclose(ex.max_line.get_ydata(), ex.g_line.get_ydata())
    ex.alpha.value = -0.4
    assert "still equals g" in ex.readout.value and "increasing" in ex.readout.value
    assert np.allclose(ex.max_line.get_ydata(), np.maximum(-0.4 * zs, zs))
    assert _shows_a_message(ex, ex.alpha, float("nan"))
    ex.alpha.value = 0.2
    assert _shows_a_message(ex, ex.z, float("nan"))


# ---------------------------------------------------------------- revival
def test_revival_explorer_follows_the_slider():
    ex = RevivalExplorer(alpha=0.0)
    assert "ReLU (no leak)" in ex.readout.value and "23 still dead" in ex.readout.value
    assert np.all(ex.curve.get_ydata() == 23)
    assert _no_full_redraw(ex, ex.alpha, 0.3)
    assert "0 still dead after 100 steps" in ex.readout.value
    run = du.train_layer(du.toy_regression(), lr=0.5, steps=100, start=ex.killed,
                   activation="leaky_relu", alpha=0.3)
    assert np.array_equal(ex.curve.get_ydata(), run.dead)
    ex.alpha.value = 0.1
    ex.alpha.value = 0.3  # cached: the same run comes back
    assert np.array_equal(ex.curve.get_ydata(), run.dead)
    assert repr(ex) == "RevivalExplorer(alpha=0.3, lr=0.5, steps=100) [interactive: run the cell to use it]"
    assert _shows_a_message(ex, ex.alpha, float("nan"))


# ---------------------------------------------------------------- static twins
@pytest.mark.parametrize(("figure", "text", "panels"), [
    (lambda: bias_shift_figure((0.0, -1.5)), "at b = 0, -1.5", 3),
    (lambda: learning_rate_figure((0.5, 5.0)), "1 gradient step at η = 0.5, 5", 3),
    (lambda: leaky_tangent_figure((0.1, 1.5)), "α = 0.1, 1.5, tangent at z = -1", 2),
    (lambda: revival_figure((0.1, 0.3)), "(α = 0.1, 0.3)", 1),
    (subgradient_figure, "slope 0, 0.25, 0.5, 0.75, 1", 1),
])
def test_static_twins_render_with_a_stable_text_form(figure, text, panels):
    fig = figure()
    assert isinstance(fig, CourseFigure) and text in repr(fig)
    assert len(fig.axes) == panels
    assert fig.png().startswith(b"\x89PNG")


def test_static_twins_show_the_same_numbers_as_the_explorers():
    fig = bias_shift_figure((-1.0,))
    assert "36 of 64 dead" in fig.axes[0].get_title()
    fig = learning_rate_figure((5.0,))
    assert "23 of 64 dead" in fig.axes[0].get_title()
    fig = leaky_tangent_figure((0.5, 1.5, -0.5))
    titles = [ax.get_title() for ax in fig.axes]
    assert "\\neq" not in titles[0] and "\\neq" in titles[1] and "\\neq" not in titles[2]
