"""The checkers of notebook 01: what is particular to each (the shared promises are in
test_exercises_all.py)."""

from __future__ import annotations

import numpy as np

from course_lib.activations import sigmoid
from course_lib.exercises import nb01


# ------------------------------------------------------------------ the checkers
def test_sign_slip_is_named() -> None:
    feedback = nb01.check_sigmoid_derivative(lambda z: -sigmoid(z) * sigmoid(-z))
    assert not feedback.correct
    assert "inner derivative" in feedback.message


def test_cancelling_form_is_accepted_with_a_note() -> None:
    feedback = nb01.check_sigmoid_derivative(lambda z: sigmoid(z) * (1 - sigmoid(z)))
    assert feedback.correct
    assert "z = 40" in feedback.message and "σ(−z)" in feedback.message


def test_stable_form_gets_no_note() -> None:
    feedback = nb01.check_sigmoid_derivative(lambda z: sigmoid(z) * sigmoid(-z))
    assert feedback.correct
    assert "One more thing" not in feedback.message


def test_overflowing_form_breaks_the_rule_and_says_so() -> None:
    def naive(z):
        e = np.exp(-z)
        return e / (1 + e) ** 2

    feedback = nb01.check_sigmoid_derivative(naive)
    assert feedback.status == "wrong" and "does give σ′" in feedback.message
    assert "`exp`" in feedback.message


def test_unanticipated_wrong_answers_are_wrong() -> None:
    assert not nb01.check_sigmoid_prime_at_zero(0.2)
    assert not nb01.check_sigmoid_derivative(lambda z: np.exp(-np.abs(z)))
    assert not nb01.check_sigmoid_prime_at_zero("a quarter")


def test_an_answer_using_np_exp_is_told_it_broke_the_rule() -> None:
    # Exercise 2 asks for σ′ from `sigmoid` and nothing else (issue 22: "nothing else" enforced)
    feedback = nb01.check_sigmoid_derivative(lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2)
    assert not feedback.correct and "calls `exp`" in feedback.message
    assert "exp" not in nb01.check_sigmoid_derivative(
        lambda z: sigmoid(z) * sigmoid(-z)).message
    from numpy import exp as e  # under another name too
    assert "`exp`" in nb01.check_sigmoid_derivative(lambda z: e(-z) / (1 + e(-z)) ** 2).message

