"""Why weights start random (course_lib.experiments.symmetry and its exercises): equal units
get equal gradients and stay equal whatever the learning rate, the duration or the
activation; a random start, even in the first layer alone, gives distinct units; the
choice checker reads letters and texts and explains each wrong option."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.exercises import symmetry as S
from course_lib.exercises.choice import ChoiceExercise
from course_lib.experiments.datasets import make_moons
from course_lib.experiments.nn import train
from course_lib.experiments.symmetry import (
    distinct_units,
    first_step_gradients,
    symmetric_model,
    symmetry_run,
)
from course_lib.widgets.symmetry import symmetry_figure


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "gelu"])
def test_equal_units_get_equal_gradients_and_stay_equal(activation):
    g = first_step_gradients("equal", activation)
    assert np.all(g == g[:, :1])
    run = symmetry_run("equal", activation, epochs=60)
    assert set(run.distinct.tolist()) == {1}
    assert np.all(run.weights[-1] == run.weights[-1][:, :1])
    assert not np.allclose(run.weights[-1], run.weights[0])   # they did learn, together


def test_the_options_the_breaker_question_rejects_really_keep_the_units_equal():
    X, y = make_moons(n=200, noise=0.1, seed=0)
    for lr, epochs in [(5.0, 50), (0.5, 3000)]:          # (a) a larger η, (b) far longer
        model = symmetric_model("equal", "tanh")
        train(model, X, y, epochs=epochs, lr=lr, batch_size=None)
        assert distinct_units(model) == 1, (lr, epochs)
    assert symmetry_run("equal", "relu", epochs=100).distinct[-1] == 1   # (d) ReLU


def test_random_weights_even_in_the_first_layer_alone_give_distinct_units():
    assert symmetry_run("random", "tanh", epochs=50).distinct[-1] == 8
    X, y = make_moons(n=200, noise=0.1, seed=0)
    model = symmetric_model("equal", "tanh")
    model.weights[0] = np.random.default_rng(0).normal(0, 0.5, size=model.weights[0].shape)
    train(model, X, y, epochs=50, lr=2.0, batch_size=None)
    assert distinct_units(model) == 8


def test_zero_start_with_tanh_moves_only_the_output_bias():
    run = symmetry_run("zero", "tanh", epochs=40)
    assert np.all(run.weights == 0) and run.accuracy[-1] == 0.5
    assert not np.any(first_step_gradients("zero", "tanh"))
    X, y = make_moons(n=200, noise=0.1, seed=0)
    model = symmetric_model("zero", "tanh")
    train(model, X, y, epochs=40, lr=2.0, batch_size=None)
    assert not any(np.any(W) for W in model.weights) and not np.any(model.biases[0])
    assert model.biases[1][0] != 0


def test_a_random_start_learns_the_moons_and_an_equal_one_cannot():
    equal, random = symmetry_run("equal", "tanh"), symmetry_run("random", "tanh")
    assert random.accuracy[-1] == 1.0 and equal.accuracy[-1] < 0.9
    assert "1 distinct hidden unit of 8" in equal.describe()


def test_bad_start_is_named():
    with pytest.raises(ValueError, match="start must be one of"):
        symmetric_model("ones")


def test_the_figure_says_in_words_that_equal_units_are_one_line():
    fig = symmetry_figure([symmetry_run("equal", "tanh", epochs=10),
                           symmetry_run("random", "tanh", epochs=10)])
    assert "equal start: 8 lines, 1 distinct, all ending at" in fig.alt
    assert "random start: 8 lines, 8 distinct, ending between" in fig.alt


# ------------------------------------------------------------------ the exercises
def test_distinct_units_reference_and_mistakes():
    assert S.check_distinct_units(1).correct
    for mistake in S.DISTINCT.mistakes:
        assert S.check_distinct_units(mistake.example).message == mistake.hint


@pytest.mark.parametrize("answer", ["c", "C", " (c) ", "c.", "Random initial weights"])
def test_the_breaker_accepts_the_letter_in_any_dress(answer):
    assert S.check_symmetry_breaker(answer).correct


@pytest.mark.parametrize(("answer", "status", "phrase"), [
    ("a", "wrong", "larger η"), ("b", "wrong", "any number of steps"), ("d", "wrong", "ReLU"),
    ("e", "wrong", "one of the letters"), (3, "wrong", "one of the letters"),
    (None, "unanswered", "letter of your choice"),
])
def test_each_wrong_choice_is_explained(answer, status, phrase):
    feedback = S.check_symmetry_breaker(answer)
    assert feedback.status == status and phrase in feedback.message


def test_a_choice_needs_a_hint_for_every_wrong_option():
    with pytest.raises(ValueError, match="every other option needs a hint"):
        ChoiceExercise("x", {"a": "yes", "b": "no"}, "a", {}, "right")
