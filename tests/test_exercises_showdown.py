"""Predict, then check (course_lib.exercises.showdown, course_lib.experiments.depth_sweep): the
verdicts follow the trained networks, each surprise is explained with the run's numbers, and
the claims the explanations make are checked here."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.exercises import showdown as P
from course_lib.experiments.depth_sweep import DepthSweep, depth_sweep
from course_lib.experiments.nn import MLP, Snapshot, TrainingHistory
from course_lib.experiments.showdown import Run, Showdown, ShowdownSettings, run_showdown


@pytest.fixture(scope="module")
def spirals() -> Showdown:
    return run_showdown(datasets=("spirals",), seeds=(0, 1, 2))


@pytest.fixture(scope="module")
def sweep() -> DepthSweep:
    return depth_sweep(dataset="moons", depths=(1, 2, 3, 4, 6))


# ------------------------------------------------------------------ which activations fail
def test_the_failures_are_those_below_the_line(spirals):
    failed = P.failures(spirals)
    assert set(failed) == {"sigmoid", "softplus"}
    assert all(v < P.FAIL_BELOW for v in failed.values())
    for name in spirals.activations:
        if name not in failed:
            assert np.nanmean(spirals.final("spirals", name)) >= P.FAIL_BELOW


@pytest.mark.parametrize(("prediction", "status", "phrases"), [
    (["sigmoid", "softplus"], "correct", ["as you predicted", "σ′ ≤ 1/4"]),
    (["Softplus", "Sigmoid"], "correct", ["as you predicted"]),
    ("sigmoid", "wrong", ["Also failed: Softplus"]),
    (["sigmoid", "tanh"], "wrong", ["Also failed: Softplus", "Did not fail: Tanh (0.82;",
                                    "enough gradient reached every layer"]),
    ("sigmoid, softplus", "correct", ["as you predicted"]),
    (["sigmoid", "softplus", "swish"], "wrong", ["Did not fail: SiLU / Swish"]),
    ([], "wrong", ["Also failed: Sigmoid"]),
    (["leaky relu", "sigmoid", "softplus"], "wrong", ["Did not fail: Leaky ReLU"]),
    (["cubic"], "wrong", ["not an activation of the course"]),
    (3, "wrong", ["list of activation names"]),
    (None, "unanswered", ["list of activations"]),
])
def test_failure_predictions(spirals, prediction, status, phrases):
    feedback = P.check_failure_prediction(prediction, spirals)
    assert feedback.status == status, feedback
    for phrase in phrases:
        assert phrase in feedback.message


def test_the_explanations_quote_the_runs_own_measurements(spirals):
    message = P.check_failure_prediction(["sigmoid", "softplus"], spirals).message
    share = np.exp(np.mean(np.log(spirals.gradient_ratio("spirals", "sigmoid"))))
    assert f"Sigmoid ({np.nanmean(spirals.final('spirals', 'sigmoid')):.2f}" in message
    assert f"first layer {share:.2g} of the output layer's gradient" in message
    assert P.check_failure_prediction(["sigmoid"], "result").status == "wrong"


# ------------------------------------------------------------------ depth
def test_the_share_falls_geometrically_and_the_deep_sigmoid_learns_less(sweep):
    shares = [sweep.share(d) for d in sweep.depths]
    assert shares == sorted(shares, reverse=True)
    assert 0.2 < sweep.factor_per_layer < 0.5
    assert sweep.accuracy[-1].mean() < sweep.accuracy[0].mean()
    with pytest.raises(ValueError, match="was not trained"):
        sweep.share(5)


def test_he_weights_of_the_showdown_have_norm_above_one():
    # the explanation "He's weights are larger (than norm 1) and give part of it back"
    W = MLP.deep(2, 16, activation="sigmoid", init="he", seed=0).weights[1]
    assert np.linalg.norm(W, 2) > 1


@pytest.mark.parametrize(("factor", "status", "phrase"), [
    (1.0, "correct", "falls geometrically"), (3.9, "correct", ""), (1 / 3.9, "correct", ""),
    (4.2, "wrong", "more than arrives"), (1 / 4.2, "wrong", "less than arrives"),
])
def test_depth_predictions_within_a_factor_of_four(sweep, factor, status, phrase):
    feedback = P.check_depth_prediction(sweep.share(6) * factor, sweep)
    assert feedback.status == status and phrase in feedback.message


@pytest.mark.parametrize(("prediction", "status", "phrase"), [
    (None, "unanswered", "estimate"), (-1, "wrong", "positive"), ("x", "wrong", "a number"),
    (float("nan"), "wrong", "positive"),
])
def test_depth_prediction_bad_input(sweep, prediction, status, phrase):
    feedback = P.check_depth_prediction(prediction, sweep)
    assert feedback.status == status and phrase in feedback.message


def test_the_sweep_is_seeded():
    settings = ShowdownSettings(epochs=3)
    a = depth_sweep(depths=(1, 2), seeds=(0,), settings=settings)
    b = depth_sweep(depths=(1, 2), seeds=(0,), settings=settings)
    assert np.array_equal(a.ratios, b.ratios)


# ------------------------------------------------------------------ seeds
def _fake(accuracies: dict[str, list[float]]) -> Showdown:
    """A showdown on the spirals whose runs end at the given accuracies."""
    runs = {}
    for name, values in accuracies.items():
        for seed, value in enumerate(values):
            snap = Snapshot(0.7, 0.5, np.ones(3), np.zeros(2))
            history = TrainingHistory(np.array([0.5]), np.array([value]), np.ones((1, 3)),
                                      np.zeros((1, 2)), snap, 1.0, 200)
            runs["spirals", name, seed] = Run(history, MLP([2, 4, 1]))
    seeds = tuple(range(len(next(iter(accuracies.values())))))
    return Showdown(ShowdownSettings(), ("spirals",), tuple(accuracies), seeds, {}, runs)


@pytest.mark.parametrize(("accuracies", "right"), [
    ({"relu": [0.96, 0.97, 0.96], "gelu": [0.98, 0.88, 0.96]}, "c"),
    ({"relu": [0.96, 0.97, 0.96], "gelu": [0.80, 0.82, 0.81]}, "a"),
    ({"relu": [0.70, 0.72, 0.71], "gelu": [0.90, 0.91, 0.92]}, "b"),
])
def test_seed_predictions_follow_the_spread(accuracies, right):
    result = _fake(accuracies)
    for letter in "abc":
        feedback = P.check_seed_prediction(letter, result)
        assert feedback.correct == (letter == right), (letter, feedback)
        assert "± " in feedback.message


def test_seed_prediction_on_the_real_showdown(spirals):
    assert P.check_seed_prediction("c", spirals).correct
    assert "cannot rank them" in P.check_seed_prediction("a", spirals).message
    assert P.check_seed_prediction("e", spirals).status == "wrong"
    assert P.check_seed_prediction(None, spirals).status == "unanswered"
