"""course_lib.exercises.core: the checker machinery every notebook's exercises use."""

from __future__ import annotations

import doctest
import importlib
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.activations import relu_derivative, sigmoid, sigmoid_derivative
from course_lib.exercises import core
from course_lib.exercises.core import Exercise, Feedback, Mistake

number = Exercise("n", "number", 0.25, [Mistake("That is σ(0), not σ′(0).", 0.5)],
                  success="σ′(0) = 1/4.")
function = Exercise("f", "function", sigmoid_derivative,
                    [Mistake("You wrote σ(1+σ): the sign inside is wrong.",
                             lambda z: sigmoid(z) * (1 + sigmoid(z)))])
kinked = Exercise("k", "function", relu_derivative, kinks=(0.0,))


def test_unanswered_is_friendly_not_wrong():
    for ex in (number, function):
        fb = ex.check(None)
        assert fb.status == "unanswered" and not fb and "Not answered" in repr(fb)
    assert function.check(lambda z: None).status == "unanswered"


def test_number_answers():
    assert number.check(0.25).correct and number.check("0.25").correct
    assert number.check(1 / 4).message == "σ′(0) = 1/4."
    assert "σ(0)" in number.check(0.5).message
    assert "wrong sign" in number.check(-0.25).message
    assert "not it" in number.check(3.0).message
    assert "expected a number" in number.check([1, 2]).message


def test_function_answers_anticipated_and_generic():
    assert function.check(lambda z: sigmoid(z) * sigmoid(-z)).correct
    assert "σ(1+σ)" in function.check(lambda z: sigmoid(z) * (1 + sigmoid(z))).message
    assert "wrong sign" in function.check(lambda z: -sigmoid(z) * sigmoid(-z)).message
    assert "constant factor" in function.check(lambda z: 2 * sigmoid_derivative(z)).message


def test_non_vectorised_answers_are_explained():
    def scalar_only(z):
        return 1.0 if z > 0 else 0.0  # raises on arrays
    fb = kinked.check(scalar_only)
    assert fb.status == "wrong" and fb.message == core.NOT_VECTORISED
    assert "ambiguous" not in fb.message
    fb = kinked.check(lambda z: np.array([1.0, 2.0]))
    assert "element-wise" in fb.message


def test_kink_and_one_sided_diagnoses():
    fb = kinked.check(lambda z: np.heaviside(z, 1.0))
    assert "except at the kink z = 0" in fb.message
    fb = kinked.check(lambda z: np.where(z > 0, 1.0, 0.5 * np.sign(z) ** 2))
    assert "z < 0" in fb.message
    assert kinked.check(lambda z: (np.asarray(z) > 0).astype(float)).correct


def test_overflowing_but_right_answer_is_correct_with_a_note():
    naive = lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2  # noqa: E731
    fb = function.check(naive)
    assert fb.correct and "z = ±1000" in fb.message


def test_answers_that_raise_never_escape():
    def broken(z):
        raise NameError("name 'sigmoud' is not defined")
    fb = function.check(broken)
    assert fb.status == "wrong" and "NameError" in fb.message and "sigmoud" in fb.message
    assert "Python function" in function.check(3).message


def test_sympy_answers():
    z = sp.Symbol("z")
    ex = Exercise("s", "sympy", sp.exp(-z) / (1 + sp.exp(-z)) ** 2,
                  [Mistake("missing square", sp.exp(-z) / (1 + sp.exp(-z)))])
    assert ex.check(1 / (1 + sp.exp(-z)) * (1 - 1 / (1 + sp.exp(-z)))).correct
    assert ex.check(sp.exp(-z) / (1 + sp.exp(-z))).message == "missing square"
    assert "not equal" in ex.check(sp.exp(z)).message


def test_feedback_renders():
    fb = Feedback("correct", "well done.")
    assert repr(fb) == "✔ Correct: well done." and "<div" in fb._repr_html_()
    assert bool(fb) is True


@pytest.mark.parametrize("name", ["core", "inspection", "nb01", "nb02", "nb03", "nb04", "nb06"])
def test_the_examples_in_the_docstrings_hold(name):
    """The checkers' docstrings show calls and their results: they are run, so they stay true."""
    module = importlib.import_module(f"course_lib.exercises.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, result


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=1e-12, max_value=1e12), st.integers(1, 6), st.integers(0, 8),
       st.booleans())
def test_more_digits_than_asked_pass_and_a_wrong_digit_fails(x, digits, extra, negative):
    """Issue 22: a value correct to more digits than the prompt asks was refused. Any rounding
    of the reference to `digits` digits or more passes; a value off by one and a half units in
    the last digit asked does not."""
    x = -x if negative else x
    k = digits + extra
    typed = float(f"{x:.{k - 1}e}")
    assert core.agrees_to_digits(typed, x, digits)
    rounded = float(f"{x:.{digits - 1}e}")   # the unit of its last digit, after rounding
    off = rounded + math.copysign(1.5, x) * 10.0 ** (math.floor(math.log10(abs(rounded)))
                                                     - digits + 1)
    assert not core.agrees_to_digits(off, x, digits)
