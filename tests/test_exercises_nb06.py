"""Notebook 06's exercises: each reference passes its checker, each anticipated mistake gets
its own hint, the numbers behind the hints are what the library computes, and the notebook's
worked solutions pass while the starters stay unanswered."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from course_lib.activations import (
    gelu_derivative,
    mish_derivative,
    sigmoid,
    silu,
    silu_derivative,
)
from course_lib.exercises import nb06
from course_lib.exercises.core import agrees_to_digits
from course_lib.expressions import parse


# ------------------------------------------------------------------ 1. softplus′
@pytest.mark.parametrize("answer", [
    sigmoid,
    lambda z: np.exp(-np.logaddexp(0, -z)),
    lambda z: 0.5 * (1 + np.tanh(z / 2)),
])
def test_softplus_derivative_accepts_every_form_of_sigma(answer):
    fb = nb06.check_softplus_derivative(answer)
    assert fb.correct and "σ(z)" in fb.message


def test_softplus_derivative_right_formula_that_overflows_gets_a_note():
    fb = nb06.check_softplus_derivative(lambda z: np.exp(z) / (1 + np.exp(z)))
    assert fb.correct
    assert "±1000" in fb.message


def test_softplus_derivative_mistakes_get_their_hints():
    ex = nb06.SOFTPLUS_DERIVATIVE
    assert len(ex.mistakes) >= 4
    for mistake in ex.mistakes:
        fb = nb06.check_softplus_derivative(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint, mistake.hint
    # the hints say what the mistake is: check that the examples really are those functions
    z = np.linspace(-5, 5, 11)
    outer, inner, sq = (m.example for m in ex.mistakes[:3])
    np.testing.assert_allclose(outer(z), sigmoid(-z), rtol=1e-12)       # "it equals σ(−z)"
    np.testing.assert_allclose(inner(z), np.exp(z), rtol=1e-12)
    np.testing.assert_allclose(sq(z), np.exp(z) / (1 + np.exp(z)) ** 2, rtol=1e-10)


def test_softplus_derivative_other_answers():
    assert nb06.check_softplus_derivative(None).status == "unanswered"
    assert nb06.check_softplus_derivative(lambda z: None).status == "unanswered"
    assert "Python function" in nb06.check_softplus_derivative(0.5).message
    fb = nb06.check_softplus_derivative(lambda z: 2 * sigmoid(z))
    assert fb.status == "wrong" and "2 times" in fb.message
    fb = nb06.check_softplus_derivative(lambda z: 1 / 0)
    assert fb.status == "wrong" and "ZeroDivisionError" in fb.message


# ------------------------------------------------------------------ 2. SiLU′ = 0
def test_turning_point_is_a_zero_of_silu_derivative():
    t = nb06.SILU_TURNING_POINT
    assert abs(float(silu_derivative(t))) < 1e-15
    # and the bottom of SiLU: a minimum, found independently by a minimiser
    res = optimize.minimize_scalar(silu, bounds=(-3, 0), method="bounded",
                                   options={"xatol": 1e-10})
    assert t == pytest.approx(res.x, abs=1e-6)
    # the closed form 1 + zσ(−z) = 0 holds there too
    assert 1 + t * sigmoid(-t) == pytest.approx(0, abs=1e-14)


def test_turning_point_reference_and_mistakes():
    assert nb06.check_silu_turning_point(nb06.SILU_TURNING_POINT).correct
    assert nb06.check_silu_turning_point(optimize.brentq(silu_derivative, -3.0, -0.5)).correct
    assert nb06.check_silu_turning_point(f"{nb06.SILU_TURNING_POINT:.8f}").correct
    for mistake in nb06.TURNING_POINT.mistakes:
        fb = nb06.check_silu_turning_point(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint, mistake.hint


def test_turning_point_hint_numbers_are_what_the_library_computes():
    """The hints name SiLU's lowest value and GELU's and Mish's turning points: their examples
    must be exactly those numbers."""
    examples = [m.example for m in nb06.TURNING_POINT.mistakes]
    lowest, gelu_turn, mish_turn = examples[:3]
    assert lowest == pytest.approx(float(silu(nb06.SILU_TURNING_POINT)), rel=1e-12)
    assert gelu_turn == pytest.approx(optimize.brentq(gelu_derivative, -2, -0.2, xtol=1e-15),
                                      rel=1e-12)
    assert mish_turn == pytest.approx(optimize.brentq(mish_derivative, -2, -0.5, xtol=1e-15),
                                      rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(st.floats(-10, 10, allow_nan=False))
def test_turning_point_accepts_only_the_root(x):
    # "to six digits": right when x is the root correctly rounded to its own digits (six or
    # more), or agrees to six digits when computed (Exercise.digits)
    fb = nb06.check_silu_turning_point(x)
    assert fb.correct == agrees_to_digits(x, nb06.SILU_TURNING_POINT, 6)
    if fb.correct:
        assert abs(x - nb06.SILU_TURNING_POINT) <= 5e-6 * (1 + 1e-9)
    elif abs(x - nb06.SILU_TURNING_POINT) < 0.01:
        assert "close" in fb.message.lower()


def test_turning_point_other_answers():
    assert nb06.check_silu_turning_point(None).status == "unanswered"
    assert "expected a number" in nb06.check_silu_turning_point("left of zero").message
    assert "not it" in nb06.check_silu_turning_point(-5.0).message


# ------------------------------------------------------------------ 3. slope σ(2z)
@pytest.mark.parametrize("answer", ["softplus(2*z)/2", "log(1 + exp(2*z))/2",
                                    "0.5*softplus(2*z) + 3", "log1p(exp(2*z))/2",
                                    "z + softplus(-2*z)/2"])
def test_sharper_softplus_accepts_every_antiderivative(answer):
    assert nb06.check_sharper_softplus(answer).correct
    z = np.linspace(-8, 8, 33)
    np.testing.assert_allclose(parse(answer).derivative_function(z), sigmoid(2 * z),
                               rtol=1e-9, atol=1e-12)


def test_sharper_softplus_mistakes_get_their_hints():
    for mistake in nb06.SHARPER_SOFTPLUS.mistakes:
        fb = nb06.check_sharper_softplus(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint, mistake.example


def test_sharper_softplus_first_hint_is_right_about_the_factor_two():
    z = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(parse("softplus(2*z)").derivative_function(z),
                               2 * sigmoid(2 * z), rtol=1e-12)
    np.testing.assert_allclose(parse("2*softplus(z/2)").derivative_function(z),
                               sigmoid(z / 2), rtol=1e-12)


@pytest.mark.parametrize(("answer", "fragment"), [
    ("__import__('os').system('echo hi')", "cannot be used"),
    ("softplus(2*z", "cannot be used"),
    ("open('x')", "cannot be used"),
    ("sigmoid_derivative(z)", "cannot be used"),
    (lambda z: sigmoid(2 * z), "as text"),
    (0.5, "as text"),
])
def test_sharper_softplus_malformed_answers_get_one_line(answer, fragment):
    fb = nb06.check_sharper_softplus(answer)
    assert fb.status == "wrong" and fragment in fb.message and "\n" not in fb.message


def test_sharper_softplus_unanswered_and_generic():
    assert nb06.check_sharper_softplus(None).status == "unanswered"
    fb = nb06.check_sharper_softplus("z**2")
    assert fb.status == "wrong" and "the derivative is" in fb.message


# ------------------------------------------------------------------ all of them
def test_mistake_examples_differ_from_the_references():
    for ex in nb06.EXERCISES.values():
        assert not any(ex.same(m.example, ex.reference) for m in ex.mistakes), ex.key
        hints = [m.hint for m in ex.mistakes]
        assert len(set(hints)) == len(hints), ex.key


def test_every_exercise_is_listed_and_checked_by_its_function():
    assert len(nb06.EXERCISES) >= 3
    for name, ex in nb06.EXERCISES.items():
        check = getattr(nb06, name)
        reference = ex.reference
        verdict = check(reference)
        assert verdict.correct or "library's own" in verdict.message, name
        assert check(None).status == "unanswered", name
