"""Notebook 04's exercises: each reference passes, each anticipated mistake gets exactly its
hint, answers in SymPy are accepted where promised, and the worked solutions in the notebook
pass their checkers while the starters stay unanswered."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from course_lib.activations import leaky_relu_derivative
from course_lib.exercises import nb04


# ---------------------------------------------------------------- 1. g′ with slope α
def test_leaky_derivative_references_pass():
    assert "library's own" in nb04.check_leaky_relu_derivative(leaky_relu_derivative).message
    assert nb04.check_leaky_relu_derivative(lambda z, alpha: np.where(z > 0, 1.0, alpha)).correct


def test_leaky_derivative_mistakes_get_their_hints():
    for mistake in nb04.LEAKY_DERIVATIVE.mistakes:
        fb = nb04.check_leaky_relu_derivative(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint


def test_leaky_derivative_uses_the_alpha_it_is_given():
    assert nb04.CHECK_ALPHA != 0.01  # so that a hard-coded default shows
    assert all(v["alpha"] not in (0.01, nb04.CHECK_ALPHA) for v in nb04.MORE_ALPHAS)
    assert nb04.check_leaky_relu_derivative(None).status == "unanswered"
    one = lambda z: np.where(z > 0, 1.0, 0.01)  # noqa: E731
    assert "must take 2 arguments, z, alpha" in nb04.check_leaky_relu_derivative(one).message
    assert "must take 2 arguments" in nb04.check_prelu_alpha_derivative(one).message
    # the learner's own names are fine (issue 22: keyword parameters broke them)
    assert nb04.check_leaky_relu_derivative(lambda z, a: np.where(z > 0, 1.0, a)).correct
    assert nb04.check_prelu_alpha_derivative(lambda x, slope: np.minimum(x, 0.0)).correct
    # and a fixed α shows, without the hint saying which α the checker uses
    fixed = nb04.check_leaky_relu_derivative(lambda z, alpha: np.where(z > 0, 1.0, 0.2))
    assert not fixed.correct and "0.2" not in fixed.message


# ---------------------------------------------------------------- 2. ∂g/∂α of PReLU
z, alpha = sp.symbols("z alpha")


@pytest.mark.parametrize("answer", [
    lambda z, alpha: np.minimum(z, 0.0),
    lambda z, alpha: np.where(z > 0, 0.0, z),
    sp.Piecewise((0, z > 0), (z, True)),
    sp.Min(z, 0),
    sp.Piecewise((0, sp.Symbol("z", real=True) > 0), (sp.Symbol("z", real=True), True)),
])
def test_prelu_alpha_references_pass(answer):
    assert nb04.check_prelu_alpha_derivative(answer).correct


def test_prelu_alpha_mistakes_get_their_hints():
    for mistake in nb04.PRELU_ALPHA.mistakes:
        fb = nb04.check_prelu_alpha_derivative(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint


@pytest.mark.parametrize(("answer", "mistake"), [
    (sp.Piecewise((0, z > 0), (alpha, True)), 1),
    (sp.Piecewise((1, z > 0), (alpha, True)), 2),
    (sp.Piecewise((0, z > 0), (1, True)), 3),
    (z, 4),
])
def test_prelu_alpha_mistakes_in_sympy_get_the_same_hints(answer, mistake):
    assert nb04.check_prelu_alpha_derivative(answer).message == nb04.PRELU_ALPHA.mistakes[mistake].hint


def test_prelu_alpha_other_answers():
    assert "contains x" in nb04.check_prelu_alpha_derivative(sp.Symbol("x")).message
    assert nb04.check_prelu_alpha_derivative(None).status == "unanswered"


# ---------------------------------------------------------------- 3. a counterexample
@pytest.mark.parametrize("pair", [(2.0, 1.0), (2.0, -1.0), (1.5, 0.3), [3, -2]])
def test_counterexamples_with_alpha_above_one_pass(pair):
    fb = nb04.check_max_form_counterexample(pair)
    assert fb.correct and "max(αz, z)" in fb.message


def test_counterexample_mistakes_get_their_hints():
    for mistake in nb04.MAX_FORM_MISTAKES:
        fb = nb04.check_max_form_counterexample(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint


@pytest.mark.parametrize(("pair", "index"), [((1.0, 3.0), 0), ((0.0, -1.0), 0),
                                             ((-3.0, 2.0), 1), ((0.5, 0.0), 2)])
def test_counterexample_hints_cover_every_failing_region(pair, index):
    assert nb04.check_max_form_counterexample(pair).message == nb04.MAX_FORM_MISTAKES[index].hint


@pytest.mark.parametrize(("answer", "phrase"), [
    (None, "Not answered"), ((1.0,), "pair of numbers"), ("ab", "pair of numbers"),
    ((float("nan"), 1.0), "finite"),
])
def test_counterexample_other_answers(answer, phrase):
    assert phrase in repr(nb04.check_max_form_counterexample(answer))


def test_max_form_holds_exactly_for_alpha_up_to_one():
    from course_lib.activations import leaky_relu
    zs = np.linspace(-5, 5, 1001)
    for a in np.linspace(-2, 3, 51):
        same = np.array_equal(np.maximum(a * zs, zs), leaky_relu(zs, alpha=float(a)))
        assert same == (a <= 1), a
