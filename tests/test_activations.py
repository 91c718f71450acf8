"""course_lib.activations: shapes, dtypes, accuracy against an 60-digit reference, tails,
warnings, ±inf and NaN, kinks, bad input, and the properties each function must have."""

from __future__ import annotations

import warnings

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import activations as A
from course_lib.activations import ACTIVATIONS
from course_lib.gradcheck import check_derivative

NAMES = list(ACTIVATIONS)  # every registered activation is tested, whoever adds it
ALL_FUNCS = [f for n in NAMES for f in (getattr(A, n), getattr(A, f"{n}_derivative"))]

mp.mp.dps = 60


# ---------------------------------------------------------------- the high-precision reference
def _s(z):
    return 1 / (1 + mp.exp(-z))


def _sp(z):
    return mp.log1p(mp.exp(z))


REFERENCE = {
    "sigmoid": _s,
    "sigmoid_derivative": lambda z: _s(z) * _s(-z),
    "tanh": mp.tanh,
    "tanh_derivative": lambda z: mp.sech(z) ** 2,
    "relu": lambda z: max(z, 0),
    "relu_derivative": lambda z: 1 if z > 0 else 0,
    "leaky_relu": lambda z: z if z > 0 else mp.mpf("0.01") * z,
    "leaky_relu_derivative": lambda z: 1 if z > 0 else mp.mpf("0.01"),
    "softplus": _sp,
    "softplus_derivative": _s,
    "elu": lambda z: z if z > 0 else mp.expm1(z),
    "elu_derivative": lambda z: 1 if z > 0 else mp.exp(z),
    "silu": lambda z: z * _s(z),
    "silu_derivative": lambda z: _s(z) * (1 + z * _s(-z)),
    "gelu": lambda z: z * mp.ncdf(z),
    "gelu_derivative": lambda z: mp.ncdf(z) + z * mp.npdf(z),
    "mish": lambda z: z * mp.tanh(_sp(z)),
    "mish_derivative": lambda z: mp.tanh(_sp(z)) + z * mp.sech(_sp(z)) ** 2 * _s(z),
    # SELU with the library's constants (the float64 values Klambauer et al. give)
    "selu": lambda z: mp.mpf(1.0507009873554805) * (
        z if z > 0 else mp.mpf(1.6732632423543772) * mp.expm1(z)),
    "selu_derivative": lambda z: mp.mpf(1.0507009873554805) * (
        1 if z > 0 else mp.mpf(1.6732632423543772) * mp.exp(z)),
}
"""An independent 60-digit reference for each function; a new activation needs its two
entries here (test_every_activation_has_a_reference says so)."""

GRID = np.unique(np.concatenate([
    np.linspace(-745, 745, 1491), np.linspace(-40, 40, 1601), np.geomspace(1e-300, 1e-3, 30),
    -np.geomspace(1e-300, 1e-3, 30), [0.0],
]))
TINY = np.finfo(np.float64).tiny


def _ulp(x: float) -> float:
    return float(np.spacing(abs(x))) if abs(x) >= TINY else 2.0**-1074


def _within(name: str, z: float, got: float, ulps: float = 4) -> bool:
    """Few ulps of the exact value; or, next to a zero of the function (where no formula is
    accurate relative to a value near 0), exact for an input within 4 ulps of z
    (backward stability). Subnormal results: within 1024 steps of 2^-1074."""
    ref = REFERENCE[name]
    exact = ref(mp.mpf(z))
    err = abs(mp.mpf(got) - exact)
    if abs(exact) < TINY:
        return err <= 1024 * 2.0**-1074
    if err <= ulps * _ulp(float(exact)):
        return True
    near = [ref(mp.mpf(z) * (1 + s * 4 * 2.2e-16)) for s in (-1, 1)]
    lo, hi = min(near + [exact]), max(near + [exact])
    slack = ulps * _ulp(float(exact))
    return lo - slack <= mp.mpf(got) <= hi + slack


def test_every_activation_has_a_reference():
    missing = {f.__name__ for f in ALL_FUNCS} - set(REFERENCE)
    assert not missing, f"add a 60-digit reference for {sorted(missing)} to REFERENCE"
    assert not {f.__name__ for f in ALL_FUNCS} - set(LIMITS), "add its limits at ±inf to LIMITS"


def _finite_or_true_overflow(func, z: np.ndarray, out: np.ndarray) -> bool:
    """Every output is finite, except where the exact value is beyond the largest float of
    the dtype (SELU's λz near the top of the range): there inf is the rounded answer."""
    infinite = ~np.isfinite(out)
    if not infinite.any():
        return True
    biggest = mp.mpf(float(np.finfo(out.dtype).max))
    ref = REFERENCE[func.__name__]
    return all(np.isinf(o) and abs(ref(mp.mpf(float(x)))) > biggest
               for x, o in zip(z[infinite], out[infinite], strict=True))


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_accurate_to_a_few_ulps_across_the_real_line(name):
    f = getattr(A, name)
    got = f(GRID)
    bad = [(z, g) for z, g in zip(GRID, got, strict=True) if not _within(name, float(z), float(g))]
    assert not bad, f"{name}: {len(bad)} points off, first {bad[:3]}"


@pytest.mark.parametrize(("func", "z", "expected"), [
    (A.sigmoid_derivative, 40.0, "4.248354255291589e-18"),
    (A.tanh_derivative, 20.0, "1.6993417021166355e-17"),
    (A.softplus, -700.0, "9.85967654375977e-305"),
    (A.gelu, -30.0, "-1.4720141781444561e-196"),
    (A.sigmoid, -740.0, "4.2e-322"),
])
def test_the_tails_the_issue_names(func, z, expected):
    exact = float(mp.mpf(expected))
    got = float(func(z))
    assert got != 0
    subnormal = abs(exact) < TINY
    assert abs(got - exact) <= 4 * _ulp(exact) or (subnormal and abs(got / exact - 1) < 1e-2)


def test_far_left_tail_is_kept_next_to_nan_and_in_any_shape():
    z = np.array([[np.nan, -720.0], [-5.0, np.nan]])
    out = A.sigmoid(z)
    assert np.isnan(out[0, 0]) and np.isnan(out[1, 1])
    assert out[0, 1] == np.exp(-720.0) > 0 and out[1, 0] == A.sigmoid(-5.0)
    assert A.sigmoid(np.float32(-95.0)) == np.exp(np.float32(-95.0)) > 0


def test_textbook_form_cancels_but_library_form_does_not():
    s = A.sigmoid(40.0)
    assert s * (1 - s) == 0.0  # what the textbook formula gives
    assert A.sigmoid_derivative(40.0) > 4e-18


# ---------------------------------------------------------------- shapes and dtypes
@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(0,), (3,), (2, 3), (2, 0, 4), (1, 1, 1, 5)])
def test_any_shape_in_same_shape_out(func, shape):
    z = np.linspace(-3, 3, int(np.prod(shape))).reshape(shape)
    out = func(z)
    assert isinstance(out, np.ndarray) and out.shape == shape and out.dtype == np.float64


@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
def test_scalar_in_scalar_out_and_dtypes(func):
    assert np.ndim(func(0.5)) == 0 and isinstance(func(0.5), np.float64)
    assert func(np.float64(0.5)).shape == ()
    assert np.asarray(func(2)).dtype == np.float64  # ints promoted
    assert func([1, 2, 3]).dtype == np.float64
    assert func(np.array([1, 2], dtype=np.int8)).dtype == np.float64
    for dt in (np.float32, np.float16):
        out = func(np.linspace(-3, 3, 7, dtype=dt))
        assert out.dtype == dt, f"{func.__name__} upcast {dt.__name__} to {out.dtype}"
        assert func(dt(0.5)).dtype == dt
    assert func([True, False]).dtype == np.float64


@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
def test_float32_agrees_with_float64_to_float32_precision(func):
    z64 = np.linspace(-60, 60, 2401)
    z32 = z64.astype(np.float32)
    want = func(z32.astype(np.float64)).astype(np.float32)
    got = func(z32)
    spacing = np.spacing(np.abs(want)).astype(np.float64)
    err = np.abs(got.astype(np.float64) - want.astype(np.float64))
    ok = (err <= 8 * spacing) | (np.abs(want) < np.finfo(np.float32).tiny * 2**10)
    if func in (A.silu_derivative, A.gelu_derivative, A.mish_derivative):
        ok |= err <= 1e-6  # near their zeros the value itself is ~0: absolute error
    assert ok.all(), (func.__name__, z32[~ok][:3], got[~ok][:3], want[~ok][:3])


# ---------------------------------------------------------------- warnings, inf and NaN
@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_no_floating_point_warning_for_any_finite_input(func, dtype):
    info = np.finfo(dtype)
    z = np.concatenate([
        [info.max, info.min, info.tiny, -info.tiny, info.smallest_subnormal, 0.0, -0.0],
        np.linspace(float(info.min) / 2, float(info.max) / 2, 101),
        np.linspace(-800, 800, 3201), np.linspace(-120, 120, 2401),
    ]).astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            out = func(z)
    assert _finite_or_true_overflow(func, z, out)


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 20), elements=st.floats(allow_nan=False,
                                                                       allow_infinity=False)),
       st.sampled_from(ALL_FUNCS))
def test_no_warning_property_float64(z, func):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            out = func(z)
    assert _finite_or_true_overflow(func, z, np.asarray(out))


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(np.float32, st.integers(0, 20),
                  elements=st.floats(allow_nan=False, allow_infinity=False, width=32)),
       st.sampled_from(ALL_FUNCS))
def test_no_warning_property_float32(z, func):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            out = func(z)
    assert out.dtype == np.float32 and _finite_or_true_overflow(func, z, out)


LIMITS = {  # (value at -inf, value at +inf)
    "sigmoid": (0, 1), "sigmoid_derivative": (0, 0), "tanh": (-1, 1), "tanh_derivative": (0, 0),
    "relu": (0, np.inf), "relu_derivative": (0, 1),
    "leaky_relu": (-np.inf, np.inf), "leaky_relu_derivative": (0.01, 1),
    "softplus": (0, np.inf), "softplus_derivative": (0, 1),
    "elu": (-1, np.inf), "elu_derivative": (0, 1),
    "silu": (0, np.inf), "silu_derivative": (0, 1),
    "gelu": (0, np.inf), "gelu_derivative": (0, 1),
    "mish": (0, np.inf), "mish_derivative": (0, 1),
    "selu": (-1.0507009873554805 * 1.6732632423543772, np.inf),
    "selu_derivative": (0, 1.0507009873554805),
}


@pytest.mark.parametrize("name", sorted(LIMITS))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_infinities_give_the_limits_and_nan_gives_nan(name, dtype):
    f = getattr(A, name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            out = f(np.array([-np.inf, np.inf, np.nan], dtype=dtype))
    assert out[0] == LIMITS[name][0] and out[1] == LIMITS[name][1]
    assert np.isnan(out[2])
    assert np.isnan(f(np.nan))


def test_leaky_relu_with_alpha_zero_at_minus_infinity():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert A.leaky_relu(-np.inf, alpha=0.0) == 0.0
        assert np.isnan(A.leaky_relu(np.nan, alpha=0.0))


# ---------------------------------------------------------------- kinks and parameters
def test_left_hand_derivative_at_the_kinks():
    assert A.relu_derivative(0) == 0
    assert A.relu_derivative(-0.0) == 0
    assert A.leaky_relu_derivative(0) == 0.01
    assert A.leaky_relu_derivative(0, alpha=0.2) == 0.2
    assert A.elu_derivative(0, alpha=2.5) == 2.5
    assert A.elu_derivative(0) == 1.0
    assert A.selu_derivative(0) == 1.0507009873554805 * 1.6732632423543772


@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.3, 1.0, 2.0, -0.5])
def test_leaky_relu_branches(alpha):
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_array_equal(A.leaky_relu(z, alpha), np.where(z > 0, z, alpha * z))
    np.testing.assert_array_equal(A.leaky_relu_derivative(z, alpha), np.where(z > 0, 1, alpha))
    if 0 <= alpha <= 1:  # only then is max(αz, z) the same function
        np.testing.assert_array_equal(A.leaky_relu(z, alpha), np.maximum(alpha * z, z))


def test_parameters_keep_float32_and_are_checked():
    z = np.ones(3, dtype=np.float32)
    assert A.leaky_relu(z, alpha=np.float64(0.1)).dtype == np.float32
    assert A.elu(-z, alpha=np.float64(2.0)).dtype == np.float32
    with pytest.raises(TypeError, match="leaky_relu.*alpha"):
        A.leaky_relu(1.0, alpha="0.1")
    with pytest.raises(ValueError, match="elu.*alpha"):
        A.elu(1.0, alpha=float("nan"))
    with pytest.raises(TypeError, match="elu_derivative.*alpha"):
        A.elu_derivative(1.0, alpha=None)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", ["1.0", None, ["a", "b"], b"1", 1 + 2j, [1, "a"], {"z": 1},
                                 object()])
def test_non_numeric_input_raises_type_error_naming_the_function(func, bad):
    with pytest.raises(TypeError) as info:
        func(bad)
    assert f"{func.__name__}()" in str(info.value)


def test_type_error_says_what_it_got():
    with pytest.raises(TypeError, match=r"sigmoid\(\).*got str '1\.0'"):
        A.sigmoid("1.0")
    with pytest.raises(TypeError, match=r"tanh\(\).*NoneType"):
        A.tanh(None)


def test_object_arrays_of_numbers_are_accepted():
    from fractions import Fraction
    out = A.sigmoid(np.array([Fraction(1, 2), 0], dtype=object))
    assert out.dtype == np.float64 and out[1] == 0.5


# ---------------------------------------------------------------- derivatives and properties
@pytest.mark.parametrize("name", NAMES)
def test_every_derivative_matches_central_differences(name):
    act = ACTIVATIONS[name]
    z = np.linspace(-8, 8, 401)
    report = check_derivative(act.function, act.derivative, z, kinks=act.kinks, tolerance=1e-7)
    assert report.passed, str(report)


@pytest.mark.parametrize("alpha", [0.05, 0.5, 2.0])
def test_parametrised_derivatives_match_central_differences(alpha):
    for f, df in [(A.leaky_relu, A.leaky_relu_derivative), (A.elu, A.elu_derivative)]:
        report = check_derivative(lambda z, f=f: f(z, alpha), lambda z, df=df: df(z, alpha),
                                  kinks=(0.0,), tolerance=1e-7)
        assert report.passed, str(report)


def test_registry_in_course_order_with_function_derivative_and_latex():
    assert list(ACTIVATIONS)[:9] == ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu",
                                     "silu", "gelu", "mish"]
    assert len(set(ACTIVATIONS)) == len(ACTIVATIONS) >= 10
    for name, act in ACTIVATIONS.items():
        assert act.name == name
        assert act.function is getattr(A, name)
        assert act.derivative is getattr(A, f"{name}_derivative")
        assert act.latex and act.derivative_latex and act.title
        assert act(0.5) == act.function(0.5)
    assert ACTIVATIONS["leaky_relu"].params == {"alpha": 0.01}
    assert ACTIVATIONS["elu"].params == {"alpha": 1.0}


finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@given(finite)
def test_sigmoid_properties(z):
    s = A.sigmoid(z)
    assert 0 <= s <= 1
    assert abs(A.sigmoid(-z) - (1 - s)) <= 2e-16
    assert 0 <= A.sigmoid_derivative(z) <= 0.25
    assert abs(A.softplus_derivative(z) - s) == 0


@given(finite)
def test_tanh_properties(z):
    assert A.tanh(-z) == -A.tanh(z)
    assert 0 <= A.tanh_derivative(z) <= 1
    assert abs(A.tanh(z) - (2 * A.sigmoid(2 * z) - 1)) <= 4e-16


@given(finite)
def test_relu_family_properties(z):
    assert A.relu(z) >= 0 and A.relu(z) >= z
    assert 0 <= A.softplus(z) - A.relu(z) <= np.log(2) + 1e-15
    assert A.silu(z) <= A.relu(z) + 1e-300
    assert A.silu(z) >= -0.2785  # SiLU's minimum is about −0.2785
    assert A.gelu(z) >= -0.17  # GELU's minimum is about −0.1700
    assert A.mish(z) >= -0.30885  # Mish's minimum is about −0.30884
    assert A.elu(z) >= -1


@given(hnp.arrays(np.float64, st.integers(2, 50), elements=finite))
def test_monotonic_activations_are_non_decreasing(z):
    z = np.sort(z)
    for name in ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu"]:
        assert (np.diff(ACTIVATIONS[name].function(z)) >= 0).all(), name
        assert (ACTIVATIONS[name].derivative(z) >= 0).all(), name


def test_dips_of_the_non_monotonic_ones():
    z = np.linspace(-6, 0, 600001)
    for name, root in [("silu", -1.278464542761074), ("gelu", -0.751791524693564),
                       ("mish", -1.192431214515495)]:
        d = ACTIVATIONS[name].derivative(z)
        changes = np.flatnonzero(np.diff(np.sign(d)) != 0)  # g' goes from − to + once
        assert len(changes) == 1, (name, z[changes])
        assert abs(z[changes[0]] - root) < 1e-4, (name, z[changes[0]])
