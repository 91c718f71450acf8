"""Notebook 03's exercises: each reference passes, each anticipated mistake gets exactly its
hint, other wrong answers get a specific message, and the worked solutions in the notebook
pass their checkers while the starters stay unanswered."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.activations import relu_derivative
from course_lib.exercises import nb03
from course_lib.experiments.dead_units import dead_mask


# ---------------------------------------------------------------- 1. ReLU′
def test_relu_derivative_references_pass():
    assert "library's own" in nb03.check_relu_derivative(relu_derivative).message
    assert nb03.check_relu_derivative(lambda z: (z > 0).astype(float)).correct
    assert nb03.check_relu_derivative(lambda z: np.where(z > 0, 1.0, 0.0)).correct


def test_relu_derivative_mistakes_get_their_hints():
    for mistake in nb03.RELU_DERIVATIVE.mistakes:
        fb = nb03.check_relu_derivative(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint


def test_any_scalar_only_answer_is_recognised():
    import math

    def with_math(z):
        return float(math.copysign(1.0, z) > 0)

    for f in (lambda z: 1.0 if z > 0 else 0.0, with_math, lambda z: 1 if z >= 0 else 0):
        assert nb03.check_relu_derivative(f).message == nb03.NOT_VECTORISED_HINT


def test_relu_derivative_other_wrong_answers():
    assert nb03.check_relu_derivative(None).status == "unanswered"
    assert nb03.check_relu_derivative(lambda z: None).status == "unanswered"
    assert "constant factor" in nb03.check_relu_derivative(lambda z: 2.0 * (z > 0)).message
    assert "expected a Python function" in nb03.check_relu_derivative(1.0).message
    assert "raised ZeroDivisionError" in nb03.check_relu_derivative(lambda z: 1 / 0).message


# ---------------------------------------------------------------- 2. which units are dead
@pytest.mark.parametrize("answer", [[0, 2, 3], (3, 2, 0), {0, 2, 3}, np.array([0, 2, 3]),
                                    dead_mask(nb03.PRE_ACTIVATIONS), [0.0, 2.0, 3.0],
                                    [True, False, True, True, False, False]])
def test_dead_units_reference_in_any_form(answer):
    assert nb03.check_dead_units(answer).correct


def test_dead_units_reference_is_what_dead_mask_says():
    assert nb03.DEAD_UNITS.reference == set(np.flatnonzero(dead_mask(nb03.PRE_ACTIVATIONS)))


def test_dead_units_mistakes_get_their_hints():
    for mistake in nb03.DEAD_UNITS.mistakes:
        fb = nb03.check_dead_units(sorted(mistake.example))
        assert fb.status == "wrong" and fb.message == mistake.hint


def test_dead_units_mistake_examples_are_distinct_and_wrong():
    examples = [frozenset(m.example) for m in nb03.DEAD_UNITS.mistakes]
    assert len(set(examples)) == len(examples)
    assert nb03.DEAD_UNITS.reference not in examples


class _Unreadable:
    """An answer that raises when the checker iterates over it."""

    def __iter__(self):
        raise RuntimeError("no")


@pytest.mark.parametrize(("answer", "phrase"), [
    (3, "not how many"),
    ([0, 2, 3, 1], "[1] are positive on at least one example"),
    ([0, 2], "but 1 more is"),
    ([1, 4], "Also, 3 dead units are missing"),
    ([0, 2, 3, 5], "unit 5 is not dead: on example 3 its pre-activation is 2.2"),
    ([0, 7], "there is no unit 7"),
    ("0, 2, 3", "got the text"),
    ([0.5], "whole numbers"),
    (np.array([True, False]), "one True/False per unit"),
    ([True, False], "one entry per unit"),
    (["a"], "expected a list of unit indices"),
    (3.5, "expected a list of unit indices"),
    (_Unreadable(), "could not read"),
])
def test_dead_units_other_answers(answer, phrase):
    fb = nb03.check_dead_units(answer)
    assert fb.status == "wrong" and phrase in fb.message


def test_dead_units_unanswered_and_empty():
    fb = nb03.check_dead_units(None)
    assert fb.status == "unanswered" and "dead units, e.g." in fb.message
    assert nb03.check_dead_units([]).status == "wrong"


def test_the_placeholders_example_does_not_reveal_the_answer():
    # the starter's comment suggests [1, 4]: its verdict must not list the dead units
    message = nb03.check_dead_units([1, 4]).message
    assert "0, 2, 3" not in message and "[0, 2" not in message


# ---------------------------------------------------------------- 3. dead everywhere
def test_dead_everywhere_reference_and_mistakes():
    assert nb03.check_dead_everywhere(1 / 16).correct
    assert nb03.check_dead_everywhere(0.0625).correct
    for mistake in nb03.DEAD_EVERYWHERE.mistakes:
        fb = nb03.check_dead_everywhere(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint
    assert nb03.check_dead_everywhere(0.3).status == "wrong"
    assert nb03.check_dead_everywhere("a half").status == "wrong"
    assert nb03.check_dead_everywhere(None).status == "unanswered"


def test_dead_everywhere_reference_by_simulation():
    w = np.random.default_rng(0).normal(size=(4, 200_000))
    assert np.mean(np.all(w <= 0, axis=0)) == pytest.approx(nb03.DEAD_EVERYWHERE.reference,
                                                            abs=0.003)
