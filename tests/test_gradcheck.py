"""course_lib.gradcheck: finite differences, derivative checks, the error-versus-h curve."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import activations as A
from course_lib.gradcheck import (
    CENTRAL_STEP,
    FORWARD_STEP,
    central_difference,
    check_derivative,
    forward_difference,
    step_size_curve,
)


def test_differences_of_a_polynomial_have_the_textbook_truncation_error():
    f = lambda z: z**3  # noqa: E731
    h = 1e-3
    # forward: (f(z+h)-f(z))/h = 3z² + 3zh + h², central: 3z² + h²
    assert forward_difference(f, 2.0, h) == pytest.approx(12 + 6e-3 + 1e-6, rel=1e-9)
    assert central_difference(f, 2.0, h) == pytest.approx(12 + 1e-6, rel=1e-9)


def test_central_is_second_order_forward_first_order():
    errs_f, errs_c = [], []
    for h in (1e-2, 1e-3):
        errs_f.append(abs(float(forward_difference(np.exp, 0.0, h)) - 1))
        errs_c.append(abs(float(central_difference(np.exp, 0.0, h)) - 1))
    assert errs_f[0] / errs_f[1] == pytest.approx(10, rel=0.05)
    assert errs_c[0] / errs_c[1] == pytest.approx(100, rel=0.05)


def test_vectorised_and_scaled_steps():
    z = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])
    np.testing.assert_allclose(central_difference(np.sin, z), np.cos(z), rtol=1e-9, atol=1e-10)
    # far out, the step grows with |z| so that z ± h are still different floats
    big = np.array([-1e12, 1e12])
    np.testing.assert_allclose(central_difference(A.softplus, big), [0.0, 1.0], atol=1e-9)
    assert (forward_difference(A.softplus, big) == [0.0, 1.0]).all()
    assert CENTRAL_STEP == pytest.approx(6.06e-6, rel=1e-2)
    assert FORWARD_STEP == pytest.approx(1.49e-8, rel=1e-2)


@pytest.mark.parametrize("h", [0.0, -1e-3, float("nan"), float("inf")])
def test_bad_step_is_refused(h):
    with pytest.raises(ValueError, match="step h"):
        central_difference(np.sin, 1.0, h)


def test_bad_points_are_refused_with_the_function_name():
    with pytest.raises(TypeError, match="central_difference"):
        central_difference(np.sin, "1.0")


def test_check_derivative_passes_the_right_and_fails_the_wrong_derivative():
    good = check_derivative(A.sigmoid, A.sigmoid_derivative)
    assert good.passed and good.max_rel_error < 1e-8 and good.points == 241
    bad = check_derivative(A.sigmoid, lambda z: A.sigmoid(z) * (1 + A.sigmoid(z)))
    assert not bad.passed and bad.max_rel_error > 0.5
    assert "DISAGREES" in str(bad) and "agrees" in str(good)


def test_check_derivative_skips_kinks_and_says_so():
    report = check_derivative(A.relu, A.relu_derivative, [-1.0, 0.0, 1.0], kinks=(0.0,))
    assert report.passed and report.skipped == 1 and report.points == 2
    assert "on 2 points, 1 point next to a kink skipped;" in str(report)
    two = check_derivative(A.relu, A.relu_derivative, [-1.0, 0.0, 1.0, 2.0], kinks=(0.0, 2.0))
    assert two.skipped == 2 and "on 2 points, 2 points next to kinks skipped;" in str(two)
    assert "skipped" not in str(check_derivative(A.sigmoid, A.sigmoid_derivative))
    straddling = check_derivative(A.relu, A.relu_derivative, [-1.0, 0.0, 1.0])
    assert not straddling.passed  # at 0 the quotient measures (0 + 1)/2
    assert straddling.worst_z == 0.0
    with pytest.raises(ValueError, match="away from the kinks"):
        check_derivative(A.relu, A.relu_derivative, [0.0], kinks=(0.0,))


def test_step_size_curve_has_a_sweet_spot():
    curve = step_size_curve(A.sigmoid, A.sigmoid_derivative, 1.0)
    assert curve.h.shape == curve.forward_error.shape == curve.central_error.shape
    # truncation regime (large h): errors fall as h shrinks, central faster than forward
    big = curve.h > 1e-3
    assert np.all(np.diff(curve.forward_error[big]) > 0)
    # the best steps sit near sqrt(eps) and cbrt(eps); round-off dominates below them
    assert 1e-10 < curve.best_forward_h < 1e-6
    assert 1e-7 < curve.best_central_h < 1e-3
    assert curve.forward_error[0] > 100 * curve.forward_error.min()
    assert curve.central_error.min() < curve.forward_error.min()
