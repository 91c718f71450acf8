"""The checkers of notebook 02: what is particular to each (the shared promises are in
test_exercises_all.py)."""

from __future__ import annotations

import numpy as np

from course_lib.activations import sigmoid, sigmoid_derivative, tanh
from course_lib.exercises import nb02


# ------------------------------------------------------------------ the checkers
def test_missing_square_is_named() -> None:
    feedback = nb02.check_tanh_derivative(lambda z: 1 - np.tanh(z))
    assert not feedback.correct
    assert "square is missing" in feedback.message


def test_other_correct_forms_pass() -> None:
    assert nb02.check_tanh_derivative(lambda z: (1 - tanh(z)) * (1 + tanh(z)))
    assert nb02.check_tanh_via_sigmoid(lambda z: 2 * sigmoid_derivative(2 * z) * 2)
    assert nb02.check_tanh_prime_at_zero(4 * 0.25)


def test_nothing_else_is_enforced() -> None:
    """The prompts say "tanh and nothing else" and "sigmoid_derivative and nothing else"."""
    fb = nb02.check_tanh_derivative(lambda z: 1 / np.cosh(z) ** 2)
    assert not fb.correct and "does give tanh′" in fb.message and "`cosh`" in fb.message
    fb = nb02.check_tanh_via_sigmoid(lambda z: 4 * sigmoid(2 * z) * sigmoid(-2 * z))
    assert not fb.correct and "`sigmoid`" in fb.message


def test_cancelling_forms_are_accepted_with_a_note() -> None:
    feedback = nb02.check_tanh_derivative(lambda z: 1 - tanh(z) ** 2)
    assert feedback.correct and "z = 20" in feedback.message
    feedback = nb02.check_tanh_via_sigmoid(lambda z: 4 * sigmoid_derivative(2 * z) + 0 * z)
    assert feedback.correct and "One more thing" not in feedback.message


def test_library_forms_get_no_note() -> None:
    feedback = nb02.check_tanh_via_sigmoid(lambda z: 4 * sigmoid_derivative(2 * z))
    assert feedback.correct and "One more thing" not in feedback.message


def test_unanticipated_wrong_answers_are_wrong() -> None:
    assert not nb02.check_tanh_prime_at_zero(0.9)
    assert not nb02.check_tanh_derivative(lambda z: np.exp(-np.abs(z)))
    assert not nb02.check_tanh_via_sigmoid(lambda z: 3 * sigmoid_derivative(2 * z))
    assert not nb02.check_tanh_derivative(42)
