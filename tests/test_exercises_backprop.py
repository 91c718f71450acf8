"""The learner's backward pass (course_lib.exercises.backprop) and what it is graded against
(course_lib.experiments.backprop): the formulas are the chain rule (SymPy), the course network
agrees with them and with central differences, every correct way of writing the backward pass
passes, every slip of the catalogue is named, and shape errors are explained with the shapes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_lib.activations import sigmoid, sigmoid_derivative
from course_lib.exercises import backprop as B
from course_lib.experiments.backprop import (
    GRADIENT_NAMES,
    course_gradients,
    finite_difference_gradients,
    make_problem,
    symbolic_check,
)
from course_lib.gradcheck import RELATIVE_ERROR_AGREE, RELATIVE_ERROR_WRONG, relative_error
from tests.answer_catalogue import (
    backward_by_columns,
    backward_in_place,
    backward_with_a,
    forward_pass,
)


# ------------------------------------------------------------------ the reference
def test_the_formulas_are_the_chain_rule_and_the_classic_slip_is_not():
    assert symbolic_check(2, 2, 2).ok and symbolic_check(3, 1, 2).ok
    refuted = symbolic_check(2, 2, 2, slope_at="A1")
    assert not refuted.ok and repr(refuted).startswith("✘")


@pytest.mark.parametrize("index", range(len(B.PROBLEMS)))
def test_reference_course_network_and_central_differences_agree(index):
    problem = B.PROBLEMS[index]
    mine = dict(zip(GRADIENT_NAMES, B.REFERENCE(*problem.arrays()), strict=True))
    course = course_gradients(problem)
    numeric = finite_difference_gradients(problem)
    for name in GRADIENT_NAMES:
        assert relative_error(mine[name], course[name]) < 1e-12, name
        assert relative_error(course[name], numeric[name]) < RELATIVE_ERROR_AGREE, name


NORMAL = st.floats(-1e3, 1e3).map(lambda v: 0.0 if abs(v) < 1e-100 else v)
"""Entries that stay normal floats when scaled by 1e-3 (a subnormal loses digits, and 5e-324
times 0.5 is 0: scaling would change the relative error for a reason that is not its own)."""


@given(a=arrays(float, 5, elements=NORMAL), b=arrays(float, 5, elements=NORMAL),
       scale=st.floats(1e-3, 1e3))
def test_relative_error_is_symmetric_scale_free_and_zero_only_when_equal(a, b, scale):
    assert relative_error(a, b) == relative_error(b, a)
    assert relative_error(a * scale, b * scale) == pytest.approx(relative_error(a, b), abs=1e-12)
    assert (relative_error(a, b) == 0) == bool(np.all(a == b))
    assert 0 <= relative_error(a, b) <= 2


def test_relative_error_thresholds_and_bad_input():
    assert relative_error([1.0, 2.0], [1.0, 2.0 * (1 + 1e-9)]) < RELATIVE_ERROR_AGREE
    assert relative_error([1.0], [-1.0]) == 2.0 > RELATIVE_ERROR_WRONG
    with pytest.raises(ValueError, match="one shape"):
        relative_error([1.0, 2.0], [1.0])
    with pytest.raises(TypeError, match="relative_error"):
        relative_error("a", [1.0])


# ------------------------------------------------------------------ right answers pass
def _stable_slope_and_row_biases(X, y, W1, b1, W2, b2):
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / X.shape[0]
    delta1 = np.multiply(delta2 @ W2.T, sigmoid(Z1) * sigmoid(-Z1))
    return (np.dot(X.T, delta1), delta1.sum(axis=0, keepdims=True), np.dot(A1.T, delta2),
            np.sum(delta2, axis=0, keepdims=True))


def _einsum(X, y, W1, b1, W2, b2):
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / X.shape[0]
    delta1 = np.einsum("nk,hk->nh", delta2, W2) * sigmoid_derivative(Z1)
    return (np.einsum("nd,nh->dh", X, delta1), delta1.sum(0), np.einsum("nh,nk->hk", A1, delta2),
            delta2.sum(0))


def _reference(X, y, W1, b1, W2, b2):
    """The backward pass as a learner writes it (the module's own REFERENCE is refused)."""
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / X.shape[0]
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


EQUIVALENTS = [_reference, backward_with_a, _stable_slope_and_row_biases, backward_by_columns,
               _einsum, backward_in_place]


@pytest.mark.parametrize("answer", EQUIVALENTS, ids=lambda f: f.__name__)
def test_every_correct_backward_pass_passes(answer):
    feedback = B.check_backward(answer)
    assert feedback.correct, feedback
    assert "central differences" in feedback.message


# ------------------------------------------------------------------ slips are named
@pytest.mark.parametrize("mistake", B.MISTAKES, ids=lambda m: m.hint[:40])
def test_each_slip_gets_its_hint_and_the_cmp_summary(mistake):
    feedback = B.check_backward(mistake.example)
    assert feedback.status == "wrong" and not feedback.generic
    assert feedback.message.startswith(mistake.hint)
    assert "dW2" in feedback.message and "db1" in feedback.message


def test_hints_are_distinct_and_carry_no_code():
    hints = [m.hint for m in B.MISTAKES]
    assert len(set(hints)) == len(hints)
    for hint in hints:
        assert " @ " not in hint and ".T" not in hint and "np." not in hint


def _dW2_turned(X, y, W1, b1, W2, b2):
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / X.shape[0]
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    return X.T @ delta1, delta1.sum(0), delta2.T @ A1, delta2.sum(0)


def _biases_per_example(X, y, W1, b1, W2, b2):
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / X.shape[0]
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    return X.T @ delta1, delta1.sum(axis=1), A1.T @ delta2, delta2.sum(axis=1)


def test_missing_transposes_are_explained_with_the_shapes():
    def forgot(X, y, W1, b1, W2, b2):
        Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
        delta2 = (sigmoid(Z2) - y) / X.shape[0]
        delta1 = (delta2 @ W2) * sigmoid_derivative(Z1)
        return X.T @ delta1, delta1.sum(0), A1.T @ delta2, delta2.sum(0)
    message = B.check_backward(forgot).message
    assert "`delta2 @ W2` multiplies shapes (3, 1) and (3, 1)" in message
    assert "missing transpose" in message
    turned = B.check_backward(_dW2_turned).message
    assert "dW2 has shape (1, 3), its weights W2 have (3, 1)" in turned


def test_a_matrix_product_for_the_slopes_is_named_where_the_shapes_do_not_fit():
    def matmul(X, y, W1, b1, W2, b2):
        Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
        delta2 = (sigmoid(Z2) - y) / X.shape[0]
        delta1 = (delta2 @ W2.T) @ sigmoid_derivative(Z1)
        return X.T @ delta1, delta1.sum(0), A1.T @ delta2, delta2.sum(0)
    # on the square network it is recognised by its numbers; the slip's own hint
    assert "element-wise product" in B.check_backward(matmul).message


def test_shapes_of_biases_and_broadcasts_are_explained():
    per_example = B.check_backward(_biases_per_example)
    assert "one entry per example" in per_example.message
    def broadcast(X, y, W1, b1, W2, b2):
        Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
        delta2 = (sigmoid(Z2) - y) / X.shape[0]
        delta1 = (delta2 * W1) * sigmoid_derivative(Z1)
        return X.T @ delta1, delta1.sum(0), A1.T @ delta2, delta2.sum(0)
    message = B.check_backward(broadcast).message
    assert message.startswith("an element-wise operation failed in `delta1 = (delta2 * W1)")


def test_a_constant_factor_is_named():
    def doubled(*args):
        return tuple(2 * g for g in _reference(*args))
    feedback = B.check_backward(doubled)
    assert "every gradient is 2 times the right one" in feedback.message and not feedback.generic


@pytest.mark.parametrize(("answer", "status", "phrase"), [
    (None, "unanswered", "fill in"),
    (lambda *a: None, "unanswered", "returns None"),
    (lambda *a: (None, None, None, None), "unanswered", "from the output back"),
    (lambda *a: (None, None, *_reference(*a)[2:]), "unanswered", "dW2 ✔, db2 ✔, dW1 not yet"),
    (lambda *a: {"dW1": 0}, "wrong", "four arrays"),
    (lambda *a: 1 / 0, "wrong", "ZeroDivisionError"),
    ("backward", "wrong", "expected a Python function"),
    (lambda *a: tuple(g + 1e-3 for g in _reference(*a)), "wrong", "relative error"),
    (B.REFERENCE, "wrong", "library's own"),
    (lambda *a: B.REFERENCE(*a), "wrong", "library's own"),
])
def test_answers_that_are_not_a_backward_pass(answer, status, phrase):
    feedback = B.check_backward(answer)
    assert feedback.status == status and phrase in feedback.message, feedback
    assert "\n" not in feedback.message


def test_no_answer_changes_a_later_verdict():
    def vandal(X, y, W1, b1, W2, b2):
        for a in (X, y, W1, b1, W2, b2):
            a[...] = 0.0
        return X, b1, W2, b2
    before = [B.check_backward(a).message for a in (_reference, *[m.example for m in B.MISTAKES])]
    B.check_backward(vandal)
    after = [B.check_backward(a).message for a in (_reference, *[m.example for m in B.MISTAKES])]
    assert before == after


def test_make_problem_is_seeded_and_has_both_labels():
    a, b = make_problem(seed=5), make_problem(seed=5)
    assert np.array_equal(a.W1, b.W1) and set(a.y[:, 0]) == {0.0, 1.0}
