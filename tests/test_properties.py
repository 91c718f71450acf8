"""course_lib.properties: every property of every atlas activation agrees with its own g and g′
(hypothesis samples the real line) and with what is known of it independently — SymPy's
limits at ±∞ and its one-sided limits at the kinks, the pieces of the verified SymPy g′, values
known in closed form; the property table and the atlas table show them; the filters work and
refuse nonsense; bad input is refused naming the function; the cost table is a timing kept
apart from the deterministic tables."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special

from course_lib import properties as P
from course_lib.activations import ACTIVATIONS, ATLAS
from course_lib.expressions import parse
from course_lib.properties import (
    PROPERTY_CAPTION,
    Table,
    atlas_table,
    cost_table,
    number,
    properties,
    property_table,
    relative_cost,
    select,
)
from course_lib.symbolic import elementary, z

NAMES = list(ATLAS)
PROPS = {name: properties(name) for name in NAMES}


# ------------------------------------------------------------------ agreement with g and g′
@settings(max_examples=150, deadline=None)
@given(st.sampled_from(NAMES), st.floats(-60, 60, allow_nan=False))
def test_g_stays_inside_the_range_and_g_prime_below_its_maximum(name, x):
    act, p = ATLAS[name], PROPS[name]
    g, dg = float(act.function(x)), float(act.derivative(x))
    tol = 1e-9 * max(1.0, abs(g))
    assert p.lower - tol <= g <= p.upper + tol
    assert dg <= p.max_slope + 1e-9


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(NAMES), st.floats(-30, 30, allow_nan=False),
       st.floats(1e-3, 5, allow_nan=False))
def test_monotone_means_g_never_goes_down(name, x, step):
    act, p = ATLAS[name], PROPS[name]
    a, b = float(act.function(x)), float(act.function(x + step))
    if p.monotone:
        assert b >= a - 1e-12 * max(1.0, abs(a))
    else:  # g′ changes sign at each turning point, or g jumps back at a kink
        assert p.turning_points or len({np.sign(size) for _, size in p.jumps}) > 1 or \
            any(np.sign(size) != np.sign(p.max_slope) for _, size in p.jumps)
        for t in p.turning_points:
            assert float(act.derivative(t - 0.01)) * float(act.derivative(t + 0.01)) < 0
        for k, size in p.jumps:
            left, right = (float(act.function(k + h)) for h in (-1e-9, 1e-9))
            assert np.sign(right - left) == np.sign(size)


@pytest.mark.parametrize("name", NAMES)
def test_scalar_entries_are_the_functions_own_values(name):
    act, p = ATLAS[name], PROPS[name]
    assert p.slope_at_zero == float(act.derivative(0.0))
    # the largest slope is attained (or approached) and nothing on a fine grid beats it
    zs = np.linspace(-20, 20, 40_001)
    assert np.max(act.derivative(zs)) <= p.max_slope + 1e-12
    # the zero-centring number is E[g(Z)], Z ~ N(0, 1), by an independent quadrature
    mean = integrate.quad(lambda t: float(act.function(t)) * math.exp(-t * t / 2)
                          / math.sqrt(2 * math.pi), -12, 12, points=[0.0], limit=200)[0]
    assert p.mean_output == pytest.approx(mean, abs=1e-6)
    for t in p.turning_points:
        assert abs(float(act.derivative(t))) < 1e-9


# ------------------------------------------------------------------ known values
def test_known_values_come_out():
    phi = 1 / math.sqrt(2 * math.pi)
    sig, relu, elu = PROPS["sigmoid"], PROPS["relu"], PROPS["elu"]
    assert (sig.lower, sig.upper, sig.lower_closed, sig.upper_closed) == (0, 1, False, False)
    assert sig.max_slope == pytest.approx(0.25) and sig.max_slope_where == "at z = 0"
    assert sig.mean_output == pytest.approx(0.5, abs=1e-9)
    assert PROPS["tanh"].zero_centred and PROPS["tanh"].max_slope == pytest.approx(1)
    assert relu.mean_output == pytest.approx(phi, abs=1e-6)           # E[max(0, Z)] = 1/√(2π)
    assert (relu.lower, relu.lower_closed, relu.upper) == (0, True, math.inf)
    assert relu.flat_left and relu.saturates_text == "left (g′ = 0 exactly)"
    # E[ELU(Z)] = 1/√(2π) + e^{1/2} Φ(−1) − 1/2
    expected = phi + math.exp(0.5) * special.ndtr(-1) - 0.5
    assert elu.mean_output == pytest.approx(expected, abs=1e-6)
    assert elu.lower == pytest.approx(-1) and not elu.lower_closed
    assert elu.smoothness.startswith("C¹") and relu.smoothness.startswith("C⁰")
    assert PROPS["softplus"].max_slope_where == "as z → ∞"
    assert PROPS["leaky_relu"].saturates_text == "no"
    assert PROPS["mish"].slope_at_zero == pytest.approx(math.tanh(math.log(2)))


@pytest.mark.parametrize(("name", "bracket"), [("silu", (-3, -0.5)), ("gelu", (-2, -0.2)),
                                               ("mish", (-2, -0.5))])
def test_dips_are_found_where_the_derivative_vanishes(name, bracket):
    act, p = ACTIVATIONS[name], PROPS[name]
    root = optimize.brentq(act.derivative, *bracket, xtol=1e-14)
    assert p.turning_points == pytest.approx((root,), abs=1e-9)
    assert p.lower == pytest.approx(float(act.function(root)), rel=1e-9) and p.lower_closed
    assert f"z ≈ {number(root)}" in p.row()["monotonic"]


def test_a_learners_expression_gets_a_row_from_its_own_functions():
    e = parse("z*sigmoid(2*z)")
    p = properties(e)
    root = optimize.brentq(e.derivative_function, -2, -0.1, xtol=1e-14)
    assert p.turning_points == pytest.approx((root,), abs=1e-9)
    assert p.title == "z*sigmoid(2*z)"
    q = properties(parse("where(z > 0, z, 0.1*z)"))
    assert q.row() == {**properties("leaky_relu").row(), "activation": q.title,
                       "g′(0)": "0.1", "zero-centred": q.row()["zero-centred"]}


# ------------------------------------------------------------------ the tables
def test_property_table_has_one_row_per_activation_in_registry_order():
    t = property_table()
    assert [r[0] for r in t.rows] == [a.title for a in ACTIVATIONS.values()]
    assert t.columns == tuple(PROPS["relu"].row())
    for row, name in zip(t.rows, ACTIVATIONS, strict=True):
        assert row == tuple(PROPS[name].row().values())
    md = t._repr_markdown_()
    assert md.count("\n|") == len(ACTIVATIONS) + 1 and PROPERTY_CAPTION in md
    assert all(len(line.split("|")) == len(t.columns) + 2 for line in md.splitlines()
               if line.startswith("|"))
    assert repr(t).splitlines()[0].startswith("activation")


def test_property_table_is_deterministic():
    assert property_table(["gelu", "elu"]) == property_table(["gelu", "elu"])


def test_number_formatting():
    assert number(-0.27846) == "−0.2785"
    assert number(float("inf")) == "∞" and number(-float("inf")) == "−∞"
    assert number(1e-17) == "0" and number(0.25) == "0.25"


def test_cost_table_is_a_timing_relative_to_relu():
    t = cost_table(["relu", "gelu"], n=2_000, repeat=2)
    assert isinstance(t, Table) and len(t.rows) == 2
    assert t.rows[0] == ("ReLU", "1.0×")
    assert re.fullmatch(r"\d+\.\d×", t.rows[1][1])
    assert relative_cost("relu", n=1_000, repeat=1) > 0


@pytest.mark.parametrize(("call", "func"), [
    (lambda: properties(5), "properties"),
    (lambda: properties(None), "properties"),
    (lambda: property_table(5), "property_table"),
    (lambda: property_table("relu"), "property_table"),
    (lambda: property_table([1.5]), "property_table"),
    (lambda: cost_table("gelu"), "cost_table"),
    (lambda: cost_table(n="big"), "cost_table"),
    (lambda: cost_table(repeat=1.5), "cost_table"),
    (lambda: relative_cost(object()), "relative_cost"),
])
def test_bad_input_is_a_type_error_naming_the_function(call, func):
    with pytest.raises(TypeError, match=rf"^{func}\(\)"):
        call()


def test_unknown_names_and_bad_sizes_are_value_errors():
    with pytest.raises(ValueError, match="unknown activation 'swish2'"):
        properties("swish2")
    with pytest.raises(ValueError, match="n ≥ 1"):
        cost_table(n=0)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["silu", "gelu"]), st.floats(-30, 30, allow_nan=False))
def test_self_gated_slopes_mirror_to_one(name, x):
    """g(z) − g(−z) = z for z·σ(z) and z·Φ(z), so g′(z) + g′(−z) = 1: where the slope is 1
    mirrors the turning point (notebook 06 says so)."""
    act = ACTIVATIONS[name]
    assert float(act.derivative(x)) + float(act.derivative(-x)) == pytest.approx(1, abs=1e-12)
    t = PROPS[name].turning_points[0]
    assert float(act.derivative(-t)) == pytest.approx(1, abs=1e-9)


# ------------------------------------------------------------------ what SymPy knows of each record
def _plain(act, expr: sp.Expr) -> sp.Expr:
    values = {sp.Symbol(k, positive=True): v for k, v in {**act.params, **act.constants}.items()}
    return elementary(expr).subs(values)


def _piece_towards(expr: sp.Expr, side: int) -> sp.Expr:
    """The piece of a piecewise expression that holds far out on one side."""
    if not isinstance(expr, sp.Piecewise):
        return expr
    far = sp.Integer(side * 10**6)
    return next(e for e, cond in expr.args if cond is sp.true or bool(cond.subs(z, far)))


def _sympy_limit(act, order: int, side: int) -> float:
    expr = _plain(act, act.definition if order == 0 else act.derivative_expr(order))
    piece = _piece_towards(expr, side)
    if piece.has(sp.sech):  # written with exp, SymPy's limit is several times faster
        piece = piece.rewrite(sp.exp)
    return float(sp.limit(piece, z, side * sp.oo))


def _sympy_sides(act, order: int, at: float) -> tuple[float, float]:
    """SymPy's one-sided limits of g (order 0), g′ or g″ at a kink."""
    expr = _plain(act, act.definition if order == 0 else act.derivative_expr(order))
    t = sp.Symbol("t", positive=True)
    k = sp.nsimplify(at)
    return tuple(float(sp.limit(expr.subs(z, k + sign * t), t, 0, dir="+")) for sign in (-1, 1))


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_record_against_sympy(name):
    """Bounds, saturation, the largest slope as z → ±∞ and the smoothness of every atlas
    activation, against SymPy's limits of its definition and of its verified g′ and g″ (at
    ±∞, and from both sides of each kink), not against the numbers the module reads."""
    act, p = ATLAS[name], PROPS[name]
    g_far = [_sympy_limit(act, 0, side) for side in (-1, 1)]
    dg_far = [_sympy_limit(act, 1, side) for side in (-1, 1)]
    sides = {order: [_sympy_sides(act, order, k) for k in act.kinks] for order in (0, 1, 2)}
    # the bounds: the lowest (highest) of the limits, the one-sided values at the kinks and g
    # at its turning points; open where it is only a limit
    reached = [float(act.function(t)) for t in p.turning_points]
    reached += [float(act.function(np.float64(k))) for k in act.kinks]
    flat = [float(act.function(t)) for t in np.linspace(-20, 20, 4001)
            if float(act.derivative(t)) == 0]
    values = g_far + [v for pair in sides[0] for v in pair] + reached + flat
    for bound, closed, pick in ((p.lower, p.lower_closed, min), (p.upper, p.upper_closed, max)):
        want = pick(values)
        assert bound == pytest.approx(want, abs=1e-12, rel=1e-12), (name, bound, want)
        attained = any(abs(v - want) <= 1e-12 * max(1, abs(want)) for v in reached + flat)
        assert closed == (attained and np.isfinite(want)), name
    assert p.bounded == {(True, True): "both sides", (True, False): "below",
                         (False, True): "above", (False, False): "neither"}[
        (np.isfinite(p.lower), np.isfinite(p.upper))]
    assert (p.saturates_left, p.saturates_right) == (dg_far[0] == 0, dg_far[1] == 0), name
    if p.max_slope_where.startswith("as z → ∞") or p.max_slope_where.startswith("as z → −∞"):
        assert p.max_slope == pytest.approx(dg_far[0 if "−∞" in p.max_slope_where else 1])
    else:
        assert p.max_slope >= max(dg_far) - 1e-12
    # smoothness: which of g, g′, g″ jump at the least smooth kink
    levels = [4 if abs(g[0] - g[1]) > 1e-9 else 3 if abs(d[0] - d[1]) > 1e-9 else
              2 if abs(dd[0] - dd[1]) > 1e-9 else 1
              for g, d, dd in zip(sides[0], sides[1], sides[2], strict=True)]
    assert p.smoothness == P.SMOOTHNESS[max(levels, default=0)], name


@pytest.mark.parametrize("name", NAMES)
def test_can_die_is_a_zero_piece_of_the_verified_derivative(name):
    """The numeric test (g′ exactly 0 on a stretch) and the symbolic one (a piece of the
    SymPy g′ is the constant 0) agree for every activation."""
    expr = ATLAS[name].derivative_expr(1)
    pieces = [e for e, _ in expr.args] if isinstance(expr, sp.Piecewise) else [expr]
    assert PROPS[name].can_die == any(piece == 0 for piece in pieces)


def test_what_each_property_is_known_to_be():
    e = PROPS.__getitem__
    assert [e(n).smoothness for n in ("tanh", "relu", "elu", "isrlu", "hardshrink")] == \
        ["C∞", "C⁰", "C¹", "C²", "jump"]
    assert e("isrlu").smoothness_text == "C² (g″ continuous at 0)"
    assert e("sigmoid").monotone and not e("silu").monotone and not e("lisht").monotone
    assert e("hardshrink").monotone and not e("threshold").monotone   # 1/2, then z > 0
    assert e("threshold").row()["monotonic"] == "no: jumps down at z = 0"
    assert (e("tanh").bounded, e("relu").bounded, e("logsigmoid").bounded,
            e("leaky_relu").bounded) == ("both sides", "below", "above", "neither")
    assert e("tanh").zero_centred and e("selu").zero_centred and not e("relu").zero_centred
    assert e("relu").can_die and e("hardsigmoid").can_die and not e("leaky_relu").can_die
    assert all(e(n).self_gated for n in ("silu", "gelu", "mish", "hardswish", "relu"))
    assert not any(e(n).self_gated for n in ("softplus", "elish", "lisht", "leaky_relu",
                                             "squared_relu"))
    # the slow tails: squareplus ≈ b/(4|z|) and the exponential still have their limit 0
    assert e("squareplus").range_text == e("exponential").range_text == "(0, ∞)"
    assert e("threshold").range_text == "(0, ∞)"          # z > 0 comes down to 0, never at it
    assert e("tanh").range_text == "(−1, 1)"               # tanh(20) rounds to 1: not reached
    assert e("squared_relu").max_slope_text == "→ ∞ as z → ∞"
    assert e("penalized_tanh").max_slope_text == "→ 1 as z → 0⁺"
    assert e("nlrelu").saturates_text == "both sides"      # 1/(1 + z) → 0 too


def test_a_typed_slow_tail_is_read_before_it_overflows():
    """(z + sqrt(z**2 + 4))/2 is squareplus typed by a learner: z² overflows at 10²⁰⁰, where
    the formula turns into inf (g) and 1/2 (g′); the limits are read before that."""
    p = properties(parse("(z + sqrt(z**2 + 4))/2"))
    assert p.range_text == "(0, ∞)" and p.saturates_text == "left"
    assert p.max_slope_text == "→ 1 as z → ∞"
    assert P.limit(parse("exp(z)/(1 + exp(z))").function, 1) == 1.0   # NaN from 10³ on
    assert np.isnan(P.limit(np.sin, 1))                                # no limit at all


def test_filters_select_and_refuse():
    assert [x.name for x in select(family="shrink")] == ["hardshrink", "softshrink",
                                                         "tanhshrink"]
    smooth_safe = select(monotone=True, smoothness="C∞", can_die=False)
    assert smooth_safe and all(x.monotone and x.smoothness == "C∞" for x in smooth_safe)
    assert len(atlas_table().rows) == len(ATLAS)
    assert atlas_table(family="relu", bounded="both sides").rows[0][0] == "ReLU6"
    assert tuple(atlas_table().columns) == tuple(PROPS["relu"].atlas_row())
    with pytest.raises(ValueError, match="unknown filter 'colour'"):
        atlas_table(colour="blue")
    with pytest.raises(ValueError, match="smoothness must be one of"):
        atlas_table(smoothness="C3")
    with pytest.raises(ValueError, match="unknown activation 'swoosh'"):
        properties("swoosh")


def test_one_computation_for_the_registry():
    """A record of the atlas is computed once, by name or by record; every table reads the
    same object."""
    assert properties("silu") is properties(ATLAS["silu"]) is properties("swish")
    assert select(family="gated")[0] is properties("silu")
