"""course_lib.properties: every entry of the property table agrees with the activation's own
g and g′ (hypothesis samples the real line), the known values come out (computed here
independently, not copied from the table), bad input is refused naming the function, and the
cost table is a timing kept apart from the deterministic table."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special

from course_lib.activations import ACTIVATIONS
from course_lib.expressions import parse
from course_lib.properties import (
    FAR,
    PROPERTY_CAPTION,
    SATURATION,
    Table,
    cost_table,
    number,
    properties,
    property_table,
    relative_cost,
)

NAMES = list(ACTIVATIONS)
PROPS = {name: properties(name) for name in NAMES}


# ------------------------------------------------------------------ agreement with g and g′
@settings(max_examples=150, deadline=None)
@given(st.sampled_from(NAMES), st.floats(-60, 60, allow_nan=False))
def test_g_stays_inside_the_range_and_g_prime_below_its_maximum(name, x):
    act, p = ACTIVATIONS[name], PROPS[name]
    g, dg = float(act.function(x)), float(act.derivative(x))
    tol = 1e-9 * max(1.0, abs(g))
    assert p.lower - tol <= g <= p.upper + tol
    assert dg <= p.max_slope + 1e-9


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(NAMES), st.floats(-30, 30, allow_nan=False),
       st.floats(1e-3, 5, allow_nan=False))
def test_monotonic_means_g_never_goes_down(name, x, step):
    act, p = ACTIVATIONS[name], PROPS[name]
    a, b = float(act.function(x)), float(act.function(x + step))
    if p.monotonic:
        assert b >= a - 1e-12 * max(1.0, abs(a))
    else:  # between the turning points g moves against the trend somewhere
        t = p.turning_points[0]
        assert float(act.derivative(t - 0.5)) < 0 < float(act.derivative(t + 0.5))


@pytest.mark.parametrize("name", NAMES)
def test_scalar_entries_are_the_functions_own_values(name):
    act, p = ACTIVATIONS[name], PROPS[name]
    assert p.slope_at_zero == float(act.derivative(0.0))
    assert p.saturates_left == (abs(float(act.derivative(-FAR))) < SATURATION)
    assert p.saturates_right == (abs(float(act.derivative(FAR))) < SATURATION)
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
    for row, name in zip(t.rows, NAMES, strict=True):
        assert row == tuple(PROPS[name].row().values())
    md = t._repr_markdown_()
    assert md.count("\n|") == len(NAMES) + 1 and PROPERTY_CAPTION in md
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
