"""Notebook 00's exercises: references pass, each anticipated mistake gets its hint, and the
worked solutions in the notebook pass their checkers while the starters stay unanswered."""

from __future__ import annotations

import pytest

from course_lib.exercises import nb00


def test_chain_rule_reference_and_mistakes():
    assert nb00.check_chain_rule(24).correct
    for mistake in nb00.CHAIN_RULE.mistakes:
        fb = nb00.check_chain_rule(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint


def test_central_difference_reference_and_mistakes():
    assert nb00.check_central_difference(lambda f, z, h: (f(z + h) - f(z - h)) / (2 * h)).correct
    wrongs = [
        (lambda f, z, h: (f(z + h) - f(z)) / h, "forward difference"),
        (lambda f, z, h: (f(z + h) - f(z - h)) / h, "2h apart"),
        (lambda f, z, h: (f(z + h) - f(z)) / (2 * h), "half a forward"),
        (lambda f, z, h: (f(z - h) - f(z + h)) / (2 * h), "sign is flipped"),
    ]
    for answer, phrase in wrongs:
        assert phrase in nb00.check_central_difference(answer).message
    assert nb00.check_central_difference(3).status == "wrong"
    assert nb00.check_central_difference(None).status == "unanswered"


@pytest.mark.parametrize(("h", "status", "phrase"), [
    (1e-5, "correct", "ε^(1/3)"), (6e-6, "correct", ""), (3e-6, "correct", ""),
    (1e-3, "wrong", "truncation"), (1e-4, "wrong", "truncation"), (1e-6, "wrong", "round-off"),
    (1e-2, "wrong", "truncation"), (1e-8, "wrong", "forward"),
    (1e-14, "wrong", "round-off"), (0.1, "wrong", "truncation"), (-1.0, "wrong", "positive"),
    ("x", "wrong", "expected a number"), (None, "unanswered", ""),
])
def test_best_step(h, status, phrase):
    fb = nb00.check_best_step(h)
    assert fb.status == status and phrase in fb.message


def test_best_step_window_holds_the_measured_minimum():
    """The accepted window is where the figure's central-difference error is smallest:
    the measured best step lies inside it, and the powers of ten either side (1e-4, 1e-6)
    give errors more than ten times the error at 1e-5."""
    from course_lib.activations import sigmoid, sigmoid_derivative
    from course_lib.gradcheck import step_size_curve

    curve = step_size_curve(sigmoid, sigmoid_derivative, z=1.0)
    low, high = nb00.BEST_STEP_WINDOW
    assert low <= curve.best_central_h <= high
    assert nb00.central_error(1e-4) > 10 * nb00.central_error(1e-5)
    assert nb00.central_error(1e-6) > 10 * nb00.central_error(1e-5)


def test_named_slips_of_the_central_difference():
    import numpy as np

    backward = nb00.check_central_difference(lambda f, z, h: (f(z) - f(z - h)) / h)
    assert "backward difference" in backward.message
    exact = nb00.check_central_difference(lambda f, z, h: np.cos(z))
    assert "exact derivative of sin, cos z" in exact.message
    # issue 26: the precedence slip, a hard-coded sin, a missing return, the library
    assert "brackets" in nb00.check_central_difference(
        lambda f, z, h: (f(z + h) - f(z - h)) / 2 * h).message
    assert "the `f` it is given" in nb00.check_central_difference(
        lambda f, z, h: (np.sin(z + h) - np.sin(z - h)) / (2 * h)).message

    def forgot(f, z, h):
        (f(z + h) - f(z - h)) / (2 * h)

    assert "`return`" in nb00.check_central_difference(forgot).message
    assert "library's own" in nb00.check_central_difference(nb00.central_difference).message
