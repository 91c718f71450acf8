"""Beyond scalars: softmax (its Jacobian diag(s) − ssᵀ, and s − y with cross-entropy), GLU
and SwiGLU — SymPy's derivations verify, NumPy agrees with SymPy and with finite
differences, and the edges (infinities, NaN, float32, bad input) behave."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib.activations import ATLAS
from course_lib.activations import glu as G
from course_lib.activations import softmax as M
from course_lib.gradcheck import central_difference

rows = hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)),
                  elements=st.floats(-800, 800))


@pytest.mark.parametrize("derivation", [*M.DERIVATIONS.values(), *G.DERIVATIONS.values()],
                         ids=lambda d: d.name)
def test_every_derivation_verifies(derivation):
    assert derivation.verify().ok


def test_the_jacobian_is_diag_minus_outer_for_every_entry():
    assert M.jacobian_is_diag_minus_outer()


def test_numpy_softmax_and_jacobian_are_sympys():
    z = np.array([0.3, -1.2, 2.0])
    values = dict(zip(M.Z, z, strict=True))
    s = [float(si.subs(values)) for si in M.S]
    np.testing.assert_allclose(M.softmax(z), s, rtol=1e-15)
    jac = [[float(sp.diff(M.S[i], M.Z[j]).subs(values)) for j in range(3)] for i in range(3)]
    np.testing.assert_allclose(M.softmax_jacobian(z), jac, rtol=1e-14, atol=1e-16)
    y = np.array([0.2, 0.5, 0.3])
    loss = float(M.LOSS.subs({**values, M.Y[0]: y[0], M.Y[1]: y[1]}))
    assert abs(float(M.softmax_cross_entropy(z, y)) - loss) < 1e-14


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(2, 6), elements=st.floats(-30, 30)))
def test_jacobian_vjp_and_gradient_match_finite_differences(z):
    n = z.size
    jac = M.softmax_jacobian(z)
    numeric = np.empty((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = 1.0
        numeric[:, j] = central_difference(lambda t, e=e: M.softmax(z + t * e), 0.0)
    np.testing.assert_allclose(jac, numeric, atol=1e-7)
    np.testing.assert_allclose(jac.sum(axis=1), 0, atol=1e-15)   # rows sum to 0
    v = np.linspace(-1, 1, n)
    np.testing.assert_allclose(M.softmax_vjp(z, v), jac.T @ v, atol=1e-15)
    y = np.full(n, 1 / n)
    grad = M.softmax_cross_entropy_gradient(z, y)
    np.testing.assert_allclose(grad, M.softmax(z) - y, atol=1e-15)
    fd = [central_difference(lambda t, j=j: M.softmax_cross_entropy(z + t * np.eye(n)[j], y), 0.0)
          for j in range(n)]
    np.testing.assert_allclose(grad, fd, atol=1e-7)


def test_two_classes_are_the_sigmoid_of_the_difference():
    z = np.linspace(-40, 40, 81)
    pair = np.stack([z, np.zeros_like(z)], axis=-1)
    np.testing.assert_allclose(M.softmax(pair)[:, 0], ATLAS["sigmoid"].function(z), rtol=1e-14)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_softmax_sums_to_one_without_warnings_and_shifts_freely(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            s = M.softmax(z)
            log_s = M.log_softmax(z)
    assert np.all(s >= 0) and np.allclose(s.sum(axis=-1), 1, rtol=1e-14)
    assert np.all(np.isfinite(log_s)) and np.all(log_s <= 0)
    np.testing.assert_allclose(M.softmax(z + 123.0), s, rtol=1e-9, atol=1e-300)


def test_the_limits_at_infinity_and_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            out = M.softmax([[0.0, np.inf, 1.0], [-np.inf, 0.0, 0.0], [np.inf, np.inf, 0.0],
                             [-np.inf, -np.inf, -np.inf], [np.nan, 0.0, 0.0]])
    assert out[0].tolist() == [0.0, 1.0, 0.0] and out[1].tolist() == [0.0, 0.5, 0.5]
    assert np.isnan(out[2:]).all()
    assert float(M.log_softmax([0.0, 800.0])[0]) == -800.0   # log(softmax) would be −inf


def test_float32_axis_and_bad_input():
    z = np.ones((2, 3), dtype=np.float32)
    assert M.softmax(z).dtype == np.float32 and M.softmax(z, axis=0).shape == (2, 3)
    assert M.softmax_jacobian(np.zeros((4, 3))).shape == (4, 3, 3)
    with pytest.raises(TypeError, match=r"softmax\(\)"):
        M.softmax("1, 2")
    with pytest.raises(ValueError, match=r"softmax\(\) needs an array with an axis"):
        M.softmax(1.0)
    with pytest.raises(TypeError, match=r"softmax_vjp\(\) expects axis"):
        M.softmax_vjp([1.0], [1.0], axis=1.5)


# ---------------------------------------------------------------- GLU and SwiGLU
@pytest.mark.parametrize(("f", "grad", "hess", "gate"), [
    (G.glu, G.glu_gradient, G.glu_hessian, ATLAS["sigmoid"]),
    (G.swiglu, G.swiglu_gradient, G.swiglu_hessian, ATLAS["silu"]),
])
def test_gradients_and_hessians_match_finite_differences(f, grad, hess, gate):
    a, b = np.meshgrid(np.linspace(-3, 3, 13), np.linspace(-6, 6, 25))
    da, db = grad(a, b)
    np.testing.assert_allclose(da, central_difference(lambda t: f(a + t, b), 0.0), atol=1e-8)
    np.testing.assert_allclose(db, central_difference(lambda t: f(a, b + t), 0.0), atol=1e-8)
    haa, hab, hbb = hess(a, b)
    assert np.all(haa == 0)
    np.testing.assert_allclose(hab, central_difference(lambda t: grad(a, b + t)[0], 0.0), atol=1e-8)
    np.testing.assert_allclose(hbb, central_difference(lambda t: grad(a, b + t)[1], 0.0), atol=1e-8)
    np.testing.assert_array_equal(f(a, b), a * gate.function(b))


@pytest.mark.parametrize(("f", "symbolic"), [(G.glu, G.A * G._sigma(G.B)),
                                              (G.swiglu, G.A * G._silu_f(G.B))])
def test_numpy_gates_are_sympys(f, symbolic):
    from course_lib.symbolic import elementary

    expr = elementary(symbolic)
    grid = [(0.7, -2.5), (-1.3, 0.4), (2.0, 3.0)]
    for a, b in grid:
        assert abs(float(f(a, b)) - float(expr.subs({G.A: a, G.B: b}))) < 1e-15


def test_glu_edges_broadcast_and_split():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            out = G.glu([np.inf, -np.inf, 1.0, np.nan], [-np.inf, 0.0, np.inf, 0.0])
    assert out[0] == 0 and out[1] == -np.inf and out[2] == 1 and np.isnan(out[3])
    assert G.swiglu(np.ones((3, 1)), np.ones(4)).shape == (3, 4)
    assert G.swiglu(np.float32([1.0]), np.float32([2.0])).dtype == np.float32
    np.testing.assert_array_equal(G.glu_split([[1.0, 2.0, 3.0, 4.0]]),
                                  G.glu([[1.0, 2.0]], [[3.0, 4.0]]))
    with pytest.raises(ValueError, match="even length"):
        G.glu_split([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"swiglu\(\) needs a and b of shapes that broadcast"):
        G.swiglu([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match=r"glu_gradient\(\)"):
        G.glu_gradient(None, 1.0)
