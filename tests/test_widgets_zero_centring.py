"""course_lib.widgets.zero_centring: the zig-zag experiment, its explorer and static twin."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib.activations import sigmoid
from course_lib.experiments.sgd import (
    START,
    TARGET,
    sgd_path,
    shifted_inputs,
)
from course_lib.plots import CourseFigure
from course_lib.widgets.zero_centring import (
    ZigZagExplorer,
    zigzag_figure,
)


# ------------------------------------------------------------------ the experiment
def test_inputs_at_mean_one_half_are_sigmoid_outputs() -> None:
    g = np.random.default_rng(0).normal(size=(400, 2))
    np.testing.assert_allclose(shifted_inputs(0.5), sigmoid(g), rtol=0, atol=1e-15)
    assert (shifted_inputs(0.5) > 0).all()


def test_inputs_at_mean_zero_are_centred_with_the_same_spread() -> None:
    centred, shifted = shifted_inputs(0.0), shifted_inputs(0.5)
    assert np.abs(centred.mean(axis=0)).max() < 0.05
    assert (centred < 0).any() and (centred > 0).any()
    np.testing.assert_allclose(shifted - centred, 0.5)


def test_inputs_are_reproducible() -> None:
    np.testing.assert_array_equal(shifted_inputs(0.3, seed=7), shifted_inputs(0.3, seed=7))
    assert not np.array_equal(shifted_inputs(0.3, seed=7), shifted_inputs(0.3, seed=8))


def test_positive_inputs_make_every_step_move_both_weights_the_same_way() -> None:
    for lr in (0.5, 1.0, 2.0, 3.0):
        run = sgd_path(0.5, lr, 80)
        assert run.moving_steps > 0
        assert run.same_sign_steps == run.moving_steps


def test_centred_inputs_give_mixed_steps() -> None:
    run = sgd_path(0.0, 2.0, 80)
    assert 0.2 < run.same_sign_steps / run.moving_steps < 0.8


def test_path_starts_at_start_and_converges_to_target() -> None:
    run = sgd_path(0.5, 2.0, 80)
    np.testing.assert_array_equal(run.path[0], START)
    assert run.path.shape == (81, 2)
    assert run.final_distance < 0.01
    assert run.distance[0] == pytest.approx(math.dist(START, TARGET))


def test_centred_inputs_take_a_larger_learning_rate() -> None:
    assert sgd_path(0.5, 4.0, 80).diverged
    fast = sgd_path(0.0, 12.0, 80)
    assert not fast.diverged
    assert fast.steps_to_reach(0.01) < sgd_path(0.5, 2.0, 80).steps_to_reach(0.01)


def test_divergence_is_stopped_quietly() -> None:
    run = sgd_path(0.5, 16.0, 80)  # pytest turns any floating-point warning into an error
    assert run.diverged
    assert np.isnan(run.path[-1]).all()
    assert run.steps_to_reach(0.01) is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"mean": math.nan, "lr": 1.0}, "finite"),
    ({"mean": 0.5, "lr": 0.0}, "positive"),
    ({"mean": 0.5, "lr": math.nan}, "positive"),
    ({"mean": 0.5, "lr": 1.0, "steps": 0}, "whole number"),
])
def test_bad_settings_are_refused(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        sgd_path(**kwargs)


# ------------------------------------------------------------------ the explorer
@pytest.fixture
def explorer() -> ZigZagExplorer:
    return ZigZagExplorer(mean=0.5, lr=2.0)


def test_repr_is_short_and_stable() -> None:
    a, b = ZigZagExplorer(mean=0.5, lr=2.0), ZigZagExplorer(mean=0.5, lr=2.0)
    assert repr(a) == repr(b) == ("ZigZagExplorer(m=0.5, η=2.0, steps=80) "
                                  "[interactive: run the cell to use it]")


def test_initial_readout(explorer: ZigZagExplorer) -> None:
    text = explorer.readout.value
    assert "sigmoid outputs" in text and "80 of 80" in text


def test_moving_the_mean_updates_path_readout_and_repr(explorer: ZigZagExplorer) -> None:
    before_text = explorer.readout.value
    before_path = np.array(explorer.path.get_data())
    explorer.mean.value = 0.0
    assert explorer.readout.value != before_text
    assert "zero-centred" in explorer.readout.value
    after_path = np.array(explorer.path.get_data())
    assert not np.allclose(after_path, before_path)
    assert repr(explorer).startswith("ZigZagExplorer(m=0.0, η=2.0")


def test_grey_reference_follows_the_learning_rate(explorer: ZigZagExplorer) -> None:
    explorer.lr.value = 12.0
    x, y = explorer.ref_path.get_data()
    expected = sgd_path(0.0, 12.0, 80).path
    np.testing.assert_allclose(x, expected[:, 0])
    np.testing.assert_allclose(y, expected[:, 1])


def test_divergence_is_reported_in_the_readout(explorer: ZigZagExplorer) -> None:
    explorer.lr.value = 6.0
    assert "diverged" in explorer.readout.value
    assert "⚠" not in explorer.readout.value


def test_update_blits_instead_of_redrawing(explorer: ZigZagExplorer, monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(explorer.canvas, "draw", lambda *a, **k: calls.append(1))
    explorer.mean.value = 0.25
    explorer.lr.value = 1.0
    assert calls == []


def test_bad_value_gives_a_one_line_message(explorer: ZigZagExplorer) -> None:
    explorer.mean.value = math.nan
    text = explorer.readout.value
    assert "⚠" in text and "finite" in text and "\n" not in text
    explorer.mean.value = 0.5
    assert "⚠" not in explorer.readout.value


# ------------------------------------------------------------------ the static twin
def test_zigzag_figure_is_the_static_twin() -> None:
    fig = zigzag_figure([(0.5, 2.0), (0.0, 12.0)], steps=40)
    assert isinstance(fig, CourseFigure)
    assert repr(fig) == "<figure: SGD paths to w* = (1, -1) for (m, lr) = (0.5, 2), (0, 12)>"
    weights, distance = fig.axes
    assert distance.get_yscale() == "log"
    assert fig.png().startswith(b"\x89PNG")
