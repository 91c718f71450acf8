"""The floating-point appendix's exercises: right values that make NumPy warn are not enough,
and the np.where trap, the cosh overflow and the cancellation of 1 − tanh² are each named."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit

from course_lib.activations import sigmoid, tanh_derivative
from course_lib.exercises import floating_point as F


def test_np_where_over_both_branches_is_caught_and_explained():
    feedback = F.check_stable_sigmoid(
        lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))))
    assert feedback.status == "wrong"
    assert "overflow encountered in exp" in feedback.message
    assert "computes *both* branches" in feedback.message


@pytest.mark.parametrize("answer", [lambda z: np.exp(-np.logaddexp(0.0, -z)),
                                    lambda z: np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))])
def test_stable_sigmoids_pass(answer):
    assert F.check_stable_sigmoid(answer).correct


def test_the_library_is_refused_and_the_reference_is_its_equal():
    assert "library's own" in F.check_stable_sigmoid(sigmoid).message
    # the prompt: "Do not call sigmoid or expit"
    assert "SciPy's `expit`" in F.check_stable_sigmoid(expit).message
    assert "SciPy's `expit`" in F.check_stable_sigmoid(lambda z: expit(z)).message
    assert "library's own" in F.check_stable_tanh_prime(tanh_derivative).message
    z = np.concatenate([np.linspace(-50, 50, 1001), F.TAILS])
    assert np.allclose(F.STABLE_SIGMOID.reference(z), sigmoid(z), rtol=1e-15, atol=0)
    assert np.allclose(F.STABLE_TANH_PRIME.reference(z), tanh_derivative(z), rtol=1e-13, atol=0)


@pytest.mark.parametrize(("answer", "phrase"), [
    (lambda z: 1 / np.cosh(z) ** 2, "overflow encountered in cosh"),
    (lambda z: 1 - np.tanh(z) ** 2, "it cancels"),
    (lambda z: (1 - np.tanh(z)) * (1 + np.tanh(z)), "still cancels"),
    (lambda z: 2 * sigmoid(2 * z) * sigmoid(-2 * z), "constant factor"),
])
def test_tanh_prime_slips_are_named(answer, phrase):
    feedback = F.check_stable_tanh_prime(answer)
    assert feedback.status == "wrong" and phrase in feedback.message, feedback


def test_overflow_limit_is_where_exp_overflows():
    limit = F.OVERFLOW_LIMIT.reference
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(limit - 1e-9)) and np.isinf(np.exp(np.nextafter(limit, 800)))
    assert F.check_overflow_limit(709.78).correct
    assert "rounded to 2 significant digits" in F.check_overflow_limit(710).message
