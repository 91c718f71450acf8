"""The foundations' exercises: ∂L/∂w by hand, and the learner's gradient step.

The step is graded against central differences of the loss, so any correct way of writing it
passes (σ′ as ``sigmoid_derivative`` or as a(1 − a), the mean as ``np.mean`` or a sum over n,
in place or not); each slip of the catalogue gets its own hint, and no hint contains the
formula of the step."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.activations import sigmoid, sigmoid_derivative
from course_lib.exercises import foundations as F
from course_lib.experiments import descent
from tests.answer_catalogue import right_step, step_with_a


def _loop(w, b, x, y, lr):
    dw = db = 0.0
    for xi, yi in zip(x, y, strict=True):
        a = 1 / (1 + np.exp(-(w * xi + b)))
        dw += (a - yi) * a * (1 - a) * xi / len(x)
        db += (a - yi) * a * (1 - a) / len(x)
    return w - lr * dw, b - lr * db


def _in_place(w, b, x, y, lr):
    x *= w
    x += b                       # x now holds z
    a = sigmoid(x)
    y -= a                       # y now holds y − a
    y *= a * (1 - a)             # −δ
    return w + lr * np.mean(y * (x - b) / w) if w else w, b + lr * np.mean(y)


EQUIVALENTS = [right_step, step_with_a, _loop,
               lambda w, b, x, y, lr: tuple(np.array(right_step(w, b, x, y, lr)).tolist())]


@pytest.mark.parametrize("answer", EQUIVALENTS)
def test_equivalent_steps_pass(answer):
    assert F.check_gradient_step(answer).correct


def test_an_answer_that_writes_into_its_inputs_is_judged_on_its_own_values():
    # the checker hands every call fresh arrays, so an in-place answer changes nothing for the
    # next probe or the next answer
    F.check_gradient_step(_in_place)
    assert F.check_gradient_step(right_step).correct


@pytest.mark.parametrize("mistake", F.STEP_MISTAKES, ids=lambda m: m.hint[:30])
def test_each_slip_gets_its_own_hint(mistake):
    feedback = F.check_gradient_step(mistake.example)
    assert feedback.status == "wrong"
    assert feedback.message == mistake.hint


def test_hints_are_distinct_and_never_give_the_formula():
    hints = [m.hint for m in F.STEP_MISTAKES] + [F.SUM, F.PER_EXAMPLE]
    assert len(set(hints)) == len(hints)
    for hint in hints:
        assert "np.mean(delta" not in hint and "(a - y) *" not in hint and "lr *" not in hint


@pytest.mark.parametrize(("answer", "phrase"), [
    (lambda w, b, x, y, lr: None, "returns None"),
    (lambda w, b, x, y, lr: w, "should return two numbers"),
    (lambda w, b, x, y, lr: (w, b, lr), "should return two numbers"),
    (lambda w, b, x, y, lr: 1 / 0, "ZeroDivisionError"),
    (lambda w, b: (w, b), "must take 5 arguments"),
    (lambda w, b, x, y, lr: (w - lr if x > 0 else w, b), "works on one example"),
    (lambda w, b, x, y, lr: (w - lr * np.sum((sigmoid(w * x + b) - y) * sigmoid_derivative(
        w * x + b) * x), b - lr * np.sum((sigmoid(w * x + b) - y) * sigmoid_derivative(
            w * x + b))), "mean"),
    (lambda w, b, x, y, lr: (w - lr * (sigmoid(w * x + b) - y) * x, b), "one value per example"),
    (lambda w, b, x, y, lr: (w + 0.1, b), "whatever learning rate and examples"),
    (lambda w, b, x, y, lr: (w + 0.1 * lr * np.mean(x), b), "gradient descent leads to"),
    ("w - lr * dw", "expected a Python function"),
    (descent.gradient_step, "library's own"),
])
def test_what_is_not_a_step_is_told_in_one_line(answer, phrase):
    feedback = F.check_gradient_step(answer)
    assert feedback.status in ("wrong", "unanswered")
    assert phrase in feedback.message
    assert "\n" not in feedback.message


def test_the_reference_is_central_differences_not_the_formula():
    # at a probe, the finite-difference reference and the chain-rule formula agree to ~1e-9
    for probe in F.PROBES:
        fd = F.finite_difference_step(probe.w, probe.b, probe.x, probe.y, probe.lr)
        exact = right_step(probe.w, probe.b, np.array(probe.x), np.array(probe.y), probe.lr)
        assert fd == pytest.approx(exact, abs=1e-8)
    assert len({len(p.x) for p in F.PROBES}) >= 3 and len({p.lr for p in F.PROBES}) >= 2


def test_partial_derivative_reference_and_mistakes():
    assert F.check_partial_derivative(-2).correct
    assert F.check_partial_derivative(None).status == "unanswered"
    for mistake in F.PARTIAL.mistakes:
        assert F.check_partial_derivative(mistake.example).message == mistake.hint


def test_unit_gradient_reference_and_mistakes():
    assert F.check_unit_gradient(-0.25).correct
    assert F.check_unit_gradient((sigmoid(0.0) - 1) * sigmoid_derivative(0.0) * 2).correct
    for mistake in F.UNIT_GRADIENT.mistakes:
        assert F.check_unit_gradient(mistake.example).message == mistake.hint
    assert F.check_unit_gradient(-0.235).status == "wrong"
