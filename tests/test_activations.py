"""course_lib.activations: every g, g′ and g″ of the atlas against the project's mpmath
reference (course_tools.reference), tails, near-0 cancellation, float32, warnings, ±inf and
NaN, kinks, bad input, and the properties each function must have."""

from __future__ import annotations

import warnings

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import activations as A
from course_lib.activations import ACTIVATIONS, ATLAS
from course_lib.gradcheck import check_derivative
from course_tools import reference

NAMES = list(ATLAS)  # every activation of the atlas is tested, whoever adds it
ALL_FUNCS = [f for a in ATLAS.values() for f in (a.function, a.derivative, a.second_derivative)]
BY_NAME = {f.__name__: f for f in ALL_FUNCS}

mp.mp.dps = 40


# ---------------------------------------------------------------- accuracy against the reference
GRID = np.unique(np.concatenate([
    np.linspace(-745, 745, 299), np.linspace(-40, 40, 401), np.geomspace(1e-300, 1e-3, 16),
    -np.geomspace(1e-300, 1e-3, 16), [0.0, 1e-8, -1e-8, 0.5, -0.5],
]))
"""Both tails out to where e^z leaves float64, the middle in steps of 0.2, and tiny z where
cancellation threatens (z − tanh z, 1 − 2σ(z)); each activation adds its kinks and the
floats on both sides of them (:func:`_grid`)."""
TINY = np.finfo(np.float64).tiny
ULPS = 4
"""How far from the exact value a result may be, in units in the last place."""


def _grid(name: str) -> np.ndarray:
    kinks = np.array(ATLAS[name].kinks, dtype=float)
    near = [kinks, np.nextafter(kinks, -np.inf), np.nextafter(kinks, np.inf)]
    return np.unique(np.concatenate([GRID, *near]))


def _ulp(x: float) -> float:
    return float(np.spacing(abs(x))) if abs(x) >= TINY else 2.0**-1074


def _within(name: str, z: float, got: float, ulps: float = ULPS) -> bool:
    """A few ulps of the exact value; or else exact for an input within 4 ulps of z
    (backward stability: where the function itself magnifies the rounding of z, as next to
    its zeros or in a steep tail, no formula can do better). Subnormal results: within 1024
    steps of 2^-1074."""
    exact = reference.exact(name, z)
    if np.isinf(got):  # right only where the exact value is past the largest float
        return abs(exact) > np.finfo(np.float64).max and (got > 0) == (exact > 0)
    err = abs(mp.mpf(got) - exact)
    if abs(exact) < TINY:
        return err <= 1024 * 2.0**-1074
    if err <= ulps * _ulp(float(exact)):
        return True
    near = [reference.exact(name, float(mp.mpf(z) * (1 + s * 4 * 2.2e-16))) for s in (-1, 1)]
    lo, hi = min([*near, exact]), max([*near, exact])
    slack = ulps * _ulp(float(exact))
    return lo - slack <= mp.mpf(got) <= hi + slack


def test_every_function_has_a_reference_and_the_reference_nothing_else():
    assert set(reference.REFERENCES) == set(ATLAS)
    for f in ALL_FUNCS:
        assert reference.formula(f.__name__) is not None


def _finite_or_true_overflow(func, z: np.ndarray, out: np.ndarray) -> bool:
    """Every output is finite, except where the exact value is beyond the largest float of
    the dtype (SELU's λz near the top of the range): there inf is the rounded answer."""
    infinite = ~np.isfinite(out)
    if not infinite.any():
        return True
    biggest = mp.mpf(float(np.finfo(out.dtype).max))
    return all(np.isinf(o) and abs(reference.exact(func.__name__, float(x))) > biggest
               for x, o in zip(z[infinite], out[infinite], strict=True))


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_accurate_to_a_few_ulps_across_the_real_line(name):
    f = BY_NAME[name]
    record = name.removesuffix("_second_derivative").removesuffix("_derivative")
    grid = _grid(record)
    got = f(grid)
    bad = [(z, g) for z, g in zip(grid, got, strict=True) if not _within(name, float(z), float(g))]
    assert not bad, f"{name}: {len(bad)} points off, first {bad[:3]}"


@pytest.mark.parametrize(("func", "z", "expected"), [
    (A.sigmoid_derivative, 40.0, "4.248354255291589e-18"),
    (A.tanh_derivative, 20.0, "1.6993417021166355e-17"),
    (A.softplus, -700.0, "9.85967654375977e-305"),
    (A.gelu, -30.0, "-1.4720141781444561e-196"),
    (A.sigmoid, -740.0, "4.2e-322"),
    (A.sigmoid_second_derivative, 40.0, "-4.248354255291589e-18"),
    (A.gelu_second_derivative, 30.0, "-1.3233342291209357e-193"),
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


def test_sigmoid_is_computed_as_its_docstring_says():
    """1/(1 + e^(−z)) for every z down to −0.99·ln(largest float), e^z below it (where
    1 + e^z rounds to 1): bit for bit in float64; in float32 to 4 ulps (SciPy's float32 loop
    and NumPy's float32 exp round their last bits differently)."""
    for dtype, ulps in ((np.float64, 0), (np.float32, 4)):
        cut = np.log(np.finfo(dtype).max) * -0.99
        z = np.concatenate([np.linspace(cut, -cut, 20_001), [cut * 0.999]]).astype(dtype)
        with np.errstate(over="ignore"):
            textbook = dtype(1) / (dtype(1) + np.exp(-z))
        assert np.all(np.abs(A.sigmoid(z) - textbook) <= ulps * np.spacing(textbook))
        far = np.linspace(cut * 1.001, cut * 1.06, 1001).astype(dtype)
        np.testing.assert_array_equal(A.sigmoid(far), np.exp(far))


def test_textbook_forms_cancel_but_library_forms_do_not():
    s = A.sigmoid(40.0)
    assert s * (1 - s) == 0.0  # what the textbook formula gives
    assert A.sigmoid_derivative(40.0) > 4e-18
    s = A.sigmoid(1e-9)  # σ″ = σ′(1 − 2σ): 1 − 2σ keeps about 7 digits of its 16 here
    textbook = float(A.sigmoid_derivative(1e-9) * (1 - 2 * s))
    exact = float(reference.exact("sigmoid_second_derivative", 1e-9))
    assert abs(textbook / exact - 1) > 1e-9
    assert abs(float(A.sigmoid_second_derivative(1e-9)) / exact - 1) < 1e-15


# ---------------------------------------------------------------- shapes and dtypes
@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
def test_any_shape_in_same_shape_out(func):
    for shape in [(0,), (3,), (2, 3), (2, 0, 4), (1, 1, 1, 5)]:
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
    """Computed in float32, a function gives its float64 value rounded to float32, to a few
    float32 ulps (or, next to a zero or kink of it, to a few float32 ulps of the function's
    scale)."""
    z64 = np.linspace(-60, 60, 2401)
    z32 = z64.astype(np.float32)
    exact = func(z32.astype(np.float64))
    want = exact.astype(np.float32)
    got = func(z32)
    spacing = np.spacing(np.abs(want)).astype(np.float64)
    err = np.abs(got.astype(np.float64) - exact)
    scale = max(1.0, float(np.max(np.abs(exact[np.abs(z64) <= 10]))))
    ok = (err <= 8 * spacing) | (np.abs(want) < np.finfo(np.float32).tiny * 2**10)
    ok |= err <= 8 * float(np.spacing(np.float32(scale)))
    assert ok.all(), (func.__name__, z32[~ok][:3], got[~ok][:3], want[~ok][:3])


# ---------------------------------------------------------------- warnings, inf and NaN
@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
def test_no_floating_point_warning_for_any_finite_input(func):
    for dtype in (np.float64, np.float32, np.float16):
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
        assert _finite_or_true_overflow(func, z, out), dtype


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


@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
def test_infinities_give_the_limits_and_nan_gives_nan(func):
    limits = reference.formula(func.__name__).limits
    for dtype in (np.float64, np.float32):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(all="raise", under="ignore"):
                out = func(np.array([-np.inf, np.inf, np.nan], dtype=dtype))
        want = np.array(limits, dtype=dtype)
        assert out[0] == want[0] and out[1] == want[1], (dtype, out, limits)
        assert np.isnan(out[2])
    assert np.isnan(func(np.nan))


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
    assert A.elu_second_derivative(0) == 1.0 and A.elu_second_derivative(1e-300) == 0
    assert A.selu_second_derivative(0) == A.selu_derivative(0)


@pytest.mark.parametrize("name", [n for n in NAMES if ATLAS[n].kinks])
def test_kinks_have_both_one_sided_values_and_the_left_one_is_taken(name):
    """At each kink, g′ and g″ give the value from the left (the function just below the
    kink agrees with it), and :meth:`Activation.sides` reports both sides; at least one of
    g, g′, g″ differs between them (else it is no kink: test_derivations checks g‴ too)."""
    act = ATLAS[name]
    for k in act.kinks:
        sides = act.sides(k)
        for label, f in (("g′", act.derivative), ("g″", act.second_derivative)):
            left, _ = sides[label]
            assert abs(float(f(k)) - left) <= 1e-9 * max(1.0, abs(left)), (label, k)
        assert act.jumps(k) or name == "isrlu", (name, k, sides)  # (ISRLU: only g‴ jumps)


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
    with pytest.raises(TypeError, match="elu_second_derivative.*alpha"):
        A.elu_second_derivative(1.0, alpha=[1])


@pytest.mark.parametrize("name", [n for n in NAMES if ATLAS[n].params])
def test_every_parameter_of_every_activation_is_checked(name):
    act = ATLAS[name]
    for f in (act.function, act.derivative, act.second_derivative):
        for p in act.params:
            with pytest.raises(TypeError, match=rf"{f.__name__}\(\).*{p}"):
                f(1.0, **{p: "1"})
            with pytest.raises(ValueError, match=rf"{f.__name__}\(\).*{p}"):
                f(1.0, **{p: float("inf")})


# ---------------------------------------------------------------- bad input
BAD = ["1.0", None, ["a", "b"], b"1", 1 + 2j, [1, "a"], {"z": 1}, object()]


@pytest.mark.parametrize("func", ALL_FUNCS, ids=lambda f: f.__name__)
def test_non_numeric_input_raises_type_error_naming_the_function(func):
    for bad in BAD:
        with pytest.raises(TypeError) as info:
            func(bad)
        assert f"{func.__name__}()" in str(info.value), bad


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
    """g′ against central differences of g, and g″ against those of g′ (kinks skipped)."""
    act = ATLAS[name]
    z = np.linspace(-8, 8, 401)
    for f, df in ((act.function, act.derivative), (act.derivative, act.second_derivative)):
        report = check_derivative(f, df, z, kinks=act.kinks, tolerance=1e-7)
        assert report.passed, str(report)


@pytest.mark.parametrize("alpha", [0.05, 0.5, 2.0])
def test_parametrised_derivatives_match_central_differences(alpha):
    for name in ("leaky_relu", "elu"):
        act = ATLAS[name]
        for f, df in ((act.function, act.derivative), (act.derivative, act.second_derivative)):
            report = check_derivative(lambda z, f=f: f(z, alpha), lambda z, df=df: df(z, alpha),
                                      kinks=(0.0,), tolerance=1e-7)
            assert report.passed, str(report)


def test_registry_in_course_order_with_functions_and_latex():
    assert list(ACTIVATIONS) == ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu",
                                 "silu", "gelu", "mish", "selu"]
    assert list(ATLAS)[:10] == list(ACTIVATIONS)
    assert all(ATLAS[n] is ACTIVATIONS[n] for n in ACTIVATIONS)
    for name, act in ATLAS.items():
        assert act.name == name
        assert act.function is getattr(A, name)
        assert act.derivative is getattr(A, f"{name}_derivative")
        assert act.second_derivative is getattr(A, f"{name}_second_derivative")
        assert act.latex and act.derivative_latex and act.second_derivative_latex and act.title
        assert act(0.5) == act.function(0.5)
        assert act.family in A.FAMILIES and act.paper
    assert ACTIVATIONS["leaky_relu"].params == {"alpha": 0.01}
    assert ACTIVATIONS["elu"].params == {"alpha": 1.0}


def test_the_atlas_is_large_and_each_look_is_its_own():
    assert len(ATLAS) >= 40
    assert sum(not a.paper.startswith("no paper") for a in ATLAS.values()) >= 30
    looks = [(a.colour, a.linestyle, a.marker) for a in ATLAS.values()]
    assert len(set(looks)) == len(looks)


def test_aliases_are_a_field_of_the_record_and_lookup_knows_them():
    assert ATLAS["silu"].aliases == ("swish",)
    assert A.lookup("swish", "demo") is ATLAS["silu"]
    aliases = [a for act in ATLAS.values() for a in act.aliases]
    assert len(aliases) == len(set(aliases)) and not set(aliases) & set(ATLAS)
    with pytest.raises(ValueError, match="demo.*unknown activation 'swoosh'"):
        A.lookup("swoosh", "demo")


finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@given(finite)
def test_sigmoid_properties(z):
    s = A.sigmoid(z)
    assert 0 <= s <= 1
    assert abs(A.sigmoid(-z) - (1 - s)) <= 2e-16
    assert 0 <= A.sigmoid_derivative(z) <= 0.25
    assert abs(A.softplus_derivative(z) - s) == 0
    assert abs(A.sigmoid_second_derivative(z)) <= 1 / (6 * np.sqrt(3)) + 1e-17
    assert A.sigmoid_second_derivative(-z) == -A.sigmoid_second_derivative(z)


@given(finite)
def test_tanh_properties(z):
    assert A.tanh(-z) == -A.tanh(z)
    assert 0 <= A.tanh_derivative(z) <= 1
    assert abs(A.tanh(z) - (2 * A.sigmoid(2 * z) - 1)) <= 4e-16
    assert abs(A.tanh_second_derivative(z)) <= 4 / (3 * np.sqrt(3)) + 1e-15


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
