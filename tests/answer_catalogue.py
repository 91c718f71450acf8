"""Answers as learners write them, for every checker of the course, each with the verdict a
fair teacher would give (issue 22 §1, issue 26 item 5).

:data:`CATALOGUE` maps each checker's name to its :class:`Answer` s, in classes:

* ``equivalent`` – right, in another form, in place, with the learner's own parameter names,
  or (numbers) to more digits than asked;
* ``wrapper`` – the library's own answer, or a function that calls it: refused, kindly;
* ``parameters`` – a parameter, a test function or a step typed in where the prompt says
  "any": refused (several values are tried);
* ``hostile`` – text, the wrong shape, a dict, nothing returned, a function that raises:
  one line, never a traceback;
* ``slip`` – the predictable mistakes, each with a hint that names it;
* ``near miss`` – close, but not it (a percentage, a numerical estimate): named as such;
* ``grid`` – an answer that recognises the checker's points: refused.

:data:`REVEALING` lists, per checker, the forms of its answer that no wrong verdict may
contain. ``tests/test_exercises_robust.py`` proves the catalogue; run as a script
(``python -m tests.answer_catalogue``) it tallies, for whichever ``course_lib`` is imported,
the answers that get a wrong verdict or a hint that gives the answer away.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from scipy import optimize, special
from scipy.stats import norm

from course_lib.activations import (
    elu_derivative,
    gelu_derivative,
    leaky_relu_derivative,
    relu_derivative,
    selu_derivative,
    sigmoid,
    sigmoid_derivative,
    silu_derivative,
    softplus,
    softplus_derivative,
    tanh,
    tanh_derivative,
)
from course_lib.exercises import (
    backprop,
    core,
    floating_point,
    foundations,
    nb00,
    nb01,
    nb02,
    nb03,
    nb04,
    nb05,
    nb06,
    showdown,
    symmetry,
)
from course_lib.experiments.backprop import Problem, course_gradients, finite_difference_gradients
from course_lib.experiments.dead_units import prelu_alpha_derivative
from course_lib.experiments.depth_sweep import DepthSweep, depth_sweep
from course_lib.experiments.descent import TOY_X, TOY_Y, unit_gradient, unit_loss
from course_lib.experiments.descent import gradient_step as descent_gradient_step
from course_lib.experiments.showdown import Showdown, run_showdown
from course_lib.gradcheck import central_difference

LAMBDA, ALPHA = nb06.SELU_LAMBDA, nb06.SELU_ALPHA


@dataclass(frozen=True)
class Answer:
    """One answer: ``value`` (or ``cell()``, the learner's cell, which may raise as a learner's
    cell would) and the verdict it deserves; ``phrase``, when given, must be in the message."""

    label: str
    cls: str
    verdict: str            # "correct" or "wrong"
    value: Any = None
    phrase: str = ""
    cell: Callable[[], Any] | None = None


def _hostile(z_index: int = 0, arity: int = 1) -> list[Answer]:
    """Functions that return what is not an array of numbers, or raise."""
    def z_of(args):
        return np.asarray(args[z_index], dtype=float)

    def text(*args):
        return "0.25"

    def column(*args):
        return z_of(args).reshape(-1, 1)

    def wrong_length(*args):
        return z_of(args)[:-1]

    def mapping(*args):
        return {"z": z_of(args)}

    def boom(*args):
        raise ZeroDivisionError("division by zero")

    def complex_values(*args):
        return np.sqrt(z_of(args).astype(complex))

    def nested(*args):
        return [[1.0, 2.0], [3.0]]

    out = [Answer(f"returns {fn.__name__}", "hostile", "wrong", fn)
           for fn in (text, column, wrong_length, mapping, boom, complex_values, nested)]
    return out


def _forgot_return_1(z):
    np.where(z > 0, 1.0, 0.0)


def _forgot_return_2(z, p):
    z * p


def _forgot_return_3(z, p, q):
    z * p * q


def _forgot_return_diff(f, z, h):
    (f(z + h) - f(z - h)) / (2 * h)


FORGOT = {1: _forgot_return_1, 2: _forgot_return_2, 3: _forgot_return_3}


def _raising_on_one(right: Callable, z_index: int = 0) -> Callable:
    """Right, but raises for a one-element array (the checkers' extra probes must not let that
    escape)."""
    def answer(*args):
        if np.size(args[z_index]) == 1:
            raise ValueError("setting an array element with a sequence")
        return right(*args)
    return answer


def _grid_recogniser(right: Callable) -> Callable:
    """Right on the round grid of the checkers, wrong everywhere else."""
    grid = np.concatenate([np.linspace(-8, 8, 161), [-40.0, -20.0, 20.0, 40.0]])

    def answer(z, *params):
        z = np.asarray(z, dtype=float)
        return np.where(np.isin(z, grid), right(z, *params), 0.123)
    return answer


def _stateful(right: Callable) -> Callable:
    """Right on its first call only."""
    calls = []

    def answer(z, *params):
        calls.append(1)
        return right(z, *params) if len(calls) == 1 else 0 * np.asarray(z, dtype=float)
    return answer


def _function_common(right: Callable, arity: int, library: Callable,
                     wrapper: Callable | None = None) -> list[Answer]:
    """What every function checker must do: refuse the library and a wrapper, answer hostile
    functions in one line, name a missing return, catch a grid recogniser, survive a raise in
    an extra probe."""
    if wrapper is None:
        wrapper = {1: lambda z: library(z), 2: lambda z, a: library(z, a),
                   3: lambda z, a, b: library(z)}[arity]
    return [
        Answer("the library's own function", "wrapper", "wrong", library, "library's own"),
        Answer("a one-line wrapper of it", "wrapper", "wrong", wrapper, "library's own"),
        Answer("no return statement", "hostile", "wrong", FORGOT[arity], "`return`"),
        Answer("right, raises on a one-element array", "hostile", "correct",
               _raising_on_one(right)),
        Answer("right on the grid only", "grid", "wrong", _grid_recogniser(right)),
        Answer("right on the first call only", "grid", "wrong", _stateful(right)),
        *_hostile(0, arity),
    ]


# ------------------------------------------------------------------ notebook 00
def _d(f, z, h):
    return (f(z + h) - f(z - h)) / (2 * h)


CHAIN = [
    Answer("24", "equivalent", "correct", 24),
    Answer("the expression", "equivalent", "correct", 3 * (1 + 1**2) ** 2 * (2 * 1)),
    Answer("24 as text", "equivalent", "correct", "24"),
    Answer("outside only", "slip", "wrong", 12, "outside only"),
    Answer("inner only", "slip", "wrong", 2, "inner derivative"),
    Answer("a numerical chain rule", "near miss", "wrong", 24.000032, "numerical estimate"),
    Answer("minus 24", "slip", "wrong", -24, "wrong sign"),
    Answer("True", "hostile", "wrong", True, "not numbers"),
    Answer("a list", "hostile", "wrong", [24], "expected a number"),
    Answer("nan", "hostile", "wrong", float("nan"), "finite"),
]

CENTRAL = [
    Answer("the central difference", "equivalent", "correct", _d),
    Answer("halves", "equivalent", "correct", lambda f, z, h: (f(z + h) / 2 - f(z - h) / 2) / h),
    Answer("(h + h)", "equivalent", "correct", lambda f, z, h: (f(z + h) - f(z - h)) / (h + h)),
    Answer("0.5 times", "equivalent", "correct", lambda f, z, h: 0.5 * (f(z + h) - f(z - h)) / h),
    Answer("own names", "equivalent", "correct", lambda g, x, step: (g(x + step) - g(x - step)) / (2 * step)),
    Answer("the library's central_difference", "wrapper", "wrong", central_difference, "library's own"),
    Answer("a wrapper of it", "wrapper", "wrong", lambda f, z, h: central_difference(f, z, h),
           "library's own"),
    Answer("np.sin in place of f", "parameters", "wrong",
           lambda f, z, h: (np.sin(z + h) - np.sin(z - h)) / (2 * h), "the `f` it is given"),
    Answer("math.sin in place of f", "parameters", "wrong",
           lambda f, z, h: (math.sin(z + h) - math.sin(z - h)) / (2 * h), "the `f` it is given"),
    Answer("h typed in", "parameters", "wrong",
           lambda f, z, h: (f(z + 1e-3) - f(z - 1e-3)) / 2e-3, "`h`"),
    Answer("the exact derivative of sin", "parameters", "wrong", lambda f, z, h: np.cos(z), "cos z"),
    Answer("/ 2 * h", "slip", "wrong", lambda f, z, h: (f(z + h) - f(z - h)) / 2 * h, "brackets"),
    Answer("forward", "slip", "wrong", lambda f, z, h: (f(z + h) - f(z)) / h, "forward difference"),
    Answer("divided by h", "slip", "wrong", lambda f, z, h: (f(z + h) - f(z - h)) / h, "2h apart"),
    Answer("no return statement", "hostile", "wrong", _forgot_return_diff, "`return`"),
    *[Answer(a.label, a.cls, a.verdict, a.value) for a in _hostile(1, 3)],
]

BEST_STEP = [
    Answer("1e-5", "equivalent", "correct", 1e-5),
    Answer("6e-6", "equivalent", "correct", 6e-6),
    Answer("10 ** -5", "equivalent", "correct", 10 ** -5),
    Answer("1e-3", "slip", "wrong", 1e-3, "truncation"),
    Answer("the forward difference's best", "slip", "wrong", 1e-8, "forward"),
    Answer("1e-12", "slip", "wrong", 1e-12, "round-off"),
    Answer("negative", "hostile", "wrong", -1e-5, "positive"),
    Answer("text", "hostile", "wrong", "small", "expected a number"),
]

# ------------------------------------------------------------------ notebook 01
SIG_RIGHT = lambda z: sigmoid(z) * sigmoid(-z)  # noqa: E731

PRIME0 = [
    Answer("0.25", "equivalent", "correct", 0.25),
    Answer("1/4", "equivalent", "correct", 1 / 4),
    Answer("0.5 * 0.5", "equivalent", "correct", 0.5 * (1 - 0.5)),
    Answer("σ(0)", "slip", "wrong", 0.5, "σ(0)"),
    Answer("the numerator", "slip", "wrong", 1, "numerator"),
    Answer("a percentage", "near miss", "wrong", 25, "percentage"),
    Answer("True", "hostile", "wrong", True, "not numbers"),
    Answer("text", "hostile", "wrong", "a quarter", "expected a number"),
]

SIGMOID_DERIVATIVE = [
    Answer("σ(z)σ(−z)", "equivalent", "correct", SIG_RIGHT),
    Answer("σ − σ²", "equivalent", "correct", lambda z: sigmoid(z) - sigmoid(z) ** 2),
    Answer("σ(1 − σ), noted", "equivalent", "correct", lambda z: sigmoid(z) * (1 - sigmoid(z)), "z = 40"),
    Answer("one σ kept", "equivalent", "correct", lambda z: (lambda s: s * (1 - s))(sigmoid(z))),
    Answer("np.multiply", "equivalent", "correct", lambda z: np.multiply(sigmoid(z), sigmoid(-z))),
    Answer("with np.exp (not allowed)", "parameters", "wrong",
           lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "`exp`"),
    Answer("with expit (not allowed)", "parameters", "wrong",
           lambda z: special.expit(z) * special.expit(-z), "`expit`"),
    Answer("σ(1 + σ)", "slip", "wrong", lambda z: sigmoid(z) * (1 + sigmoid(z)), "sign inside"),
    Answer("sign flipped", "slip", "wrong", lambda z: -sigmoid(z) * sigmoid(-z), "sign"),
    Answer("σ(−z)²", "slip", "wrong", lambda z: sigmoid(-z) ** 2),
    Answer("σ itself", "slip", "wrong", sigmoid, "σ(z) itself"),
    Answer("scalar if", "hostile", "wrong", lambda z: 0.25 if z == 0 else 0.1, "element-wise"),
    *_function_common(SIG_RIGHT, 1, sigmoid_derivative),
]


# ------------------------------------------------------------------ notebook 02
TANH_RIGHT = lambda z: 1 - tanh(z) ** 2  # noqa: E731

TANH_DERIVATIVE = [
    Answer("1 − tanh², noted", "equivalent", "correct", TANH_RIGHT, "z = 20"),
    Answer("(1 − t)(1 + t)", "equivalent", "correct", lambda z: (1 - tanh(z)) * (1 + tanh(z))),
    Answer("t times t", "equivalent", "correct", lambda z: 1 - tanh(z) * tanh(z)),
    Answer("1/cosh² (not allowed)", "parameters", "wrong", lambda z: 1 / np.cosh(z) ** 2, "`cosh`"),
    Answer("with exp (not allowed)", "parameters", "wrong",
           lambda z: 4 / (np.exp(z) + np.exp(-z)) ** 2, "`exp`"),
    Answer("missing square", "slip", "wrong", lambda z: 1 - tanh(z), "square is missing"),
    Answer("tanh(2z)", "slip", "wrong", lambda z: 1 - tanh(2 * z), "power"),
    Answer("1 + tanh²", "slip", "wrong", lambda z: 1 + tanh(z) ** 2, "subtracts"),
    Answer("sign flipped", "slip", "wrong", lambda z: tanh(z) ** 2 - 1, "sign"),
    *_function_common(TANH_RIGHT, 1, tanh_derivative),
]

VIA_RIGHT = lambda z: 4 * sigmoid_derivative(2 * z)  # noqa: E731

TANH_VIA = [
    Answer("4σ′(2z)", "equivalent", "correct", VIA_RIGHT),
    Answer("2·σ′(2z)·2", "equivalent", "correct", lambda z: 2 * sigmoid_derivative(2 * z) * 2),
    Answer("with σ (not allowed)", "parameters", "wrong",
           lambda z: 4 * sigmoid(2 * z) * sigmoid(-2 * z), "`sigmoid`"),
    Answer("with tanh (not allowed)", "parameters", "wrong", lambda z: 1 - tanh(z) ** 2, "`tanh`"),
    Answer("one 2 missing", "slip", "wrong", lambda z: 2 * sigmoid_derivative(2 * z), "factor 2"),
    Answer("at z, not 2z", "slip", "wrong", lambda z: 4 * sigmoid_derivative(z), "2z"),
    Answer("constant kept", "slip", "wrong", lambda z: 4 * sigmoid_derivative(2 * z) - 1, "constant"),
    *_function_common(VIA_RIGHT, 1, tanh_derivative),
]

TANH0 = [
    Answer("1", "equivalent", "correct", 1),
    Answer("4 · 0.25", "equivalent", "correct", 4 * 0.25),
    Answer("tanh(0)", "slip", "wrong", 0, "tanh(0)"),
    Answer("σ′(0)", "slip", "wrong", 0.25, "σ′(0)"),
    Answer("4σ(0)", "slip", "wrong", 2, "uses σ instead of σ′"),
    Answer("True", "hostile", "wrong", True, "not numbers"),
]

# ------------------------------------------------------------------ notebook 03
RELU_RIGHT = lambda z: np.where(z > 0, 1.0, 0.0)  # noqa: E731


def _relu_in_place(z):
    z[z > 0] = 1
    z[z <= 0] = 0
    return z


RELU = [
    Answer("np.where", "equivalent", "correct", RELU_RIGHT),
    Answer("astype", "equivalent", "correct", lambda z: (z > 0).astype(float)),
    Answer("a boolean mask", "equivalent", "correct", lambda z: z > 0),
    Answer("heaviside", "equivalent", "correct", lambda z: np.heaviside(z, 0.0)),
    Answer("in place", "equivalent", "correct", _relu_in_place),
    Answer("scalar if", "slip", "wrong", lambda z: 1.0 if z > 0 else 0.0, "np.where(condition, a, b)"),
    Answer("kink on the right", "slip", "wrong", lambda z: np.where(z >= 0, 1.0, 0.0), "kink"),
    Answer("swapped", "slip", "wrong", lambda z: np.where(z > 0, 0.0, 1.0), "swapped"),
    Answer("ReLU itself", "slip", "wrong", lambda z: np.maximum(z, 0.0), "ReLU itself"),
    *_function_common(RELU_RIGHT, 1, relu_derivative),
]

DEAD03 = [
    Answer("a list", "equivalent", "correct", [0, 2, 3]),
    Answer("a set", "equivalent", "correct", {3, 0, 2}),
    Answer("a mask", "equivalent", "correct", [True, False, True, True, False, False]),
    Answer("numpy", "equivalent", "correct", np.array([0, 2, 3])),
    Answer("floats", "equivalent", "correct", [0.0, 2.0, 3.0]),
    Answer("z < 0 only", "slip", "wrong", [0, 3], "exactly 0"),
    Answer("all units", "slip", "wrong", [0, 1, 2, 3, 4, 5], "One negative input"),
    Answer("rows", "slip", "wrong", [4], "row"),
    Answer("1-based", "slip", "wrong", [1, 3, 4], "counts from 0"),
    Answer("how many", "hostile", "wrong", 3, "which"),
    Answer("text", "hostile", "wrong", "0, 2, 3", "text"),
    Answer("fractions", "hostile", "wrong", [1.5], "whole numbers"),
    Answer("no such unit", "hostile", "wrong", [0, 2, 3, 9], "no unit 9"),
]

EVERYWHERE = [
    Answer("1/16", "equivalent", "correct", 1 / 16),
    Answer("(1/2)**4", "equivalent", "correct", 0.5 ** 4),
    Answer("0.0625", "equivalent", "correct", 0.0625),
    Answer("15/16", "slip", "wrong", 15 / 16, "one negative input"),
    Answer("1/2", "slip", "wrong", 0.5, "four are independent"),
    Answer("three weights", "slip", "wrong", 1 / 8, "three weights"),
    Answer("a percentage", "near miss", "wrong", 6.25, "percentage"),
    Answer("rounded", "near miss", "wrong", 0.06, "rounded"),
    Answer("upside down", "slip", "wrong", 16, "upside down"),
    Answer("text", "hostile", "wrong", "one in sixteen", "expected a number"),
    Answer("True", "hostile", "wrong", True, "not numbers"),
]

# ------------------------------------------------------------------ notebook 04
LEAKY_RIGHT = lambda z, alpha: np.where(z > 0, 1.0, alpha)  # noqa: E731


def _leaky_in_place(z, alpha):
    z[z > 0] = 1
    z[z <= 0] = alpha
    return z


MAX_FORM = [
    Answer("(2, 1)", "equivalent", "correct", (2.0, 1.0)),
    Answer("a list", "equivalent", "correct", [3, -2]),
    Answer("numpy", "equivalent", "correct", np.array([1.5, 0.3])),
    Answer("α inside [0, 1]", "slip", "wrong", (0.5, -2.0), "each side"),
    Answer("α < 0", "slip", "wrong", (-0.5, -2.0), "still agrees"),
    Answer("z = 0", "slip", "wrong", (2.0, 0.0), "z ≠ 0"),
    Answer("one number", "hostile", "wrong", 2.0, "pair"),
    Answer("three numbers", "hostile", "wrong", (2.0, 1.0, 3.0), "pair"),
    Answer("nan", "hostile", "wrong", (float("nan"), 1.0), "finite"),
]

LEAKY = [
    Answer("np.where", "equivalent", "correct", LEAKY_RIGHT),
    Answer("own names", "equivalent", "correct", lambda x, slope: np.where(x > 0, 1.0, slope)),
    Answer("alpha first, by name", "equivalent", "correct", lambda alpha, z: np.where(z > 0, 1.0, alpha)),
    Answer("in place", "equivalent", "correct", _leaky_in_place),
    Answer("blend", "equivalent", "correct", lambda z, a: a + (1 - a) * (z > 0)),
    Answer("0.01 typed in", "parameters", "wrong", lambda z, alpha: np.where(z > 0, 1.0, 0.01), "0.01"),
    Answer("0.2 typed in", "parameters", "wrong", lambda z, alpha: np.where(z > 0, 1.0, 0.2), "`alpha`"),
    Answer("α on the wrong side", "slip", "wrong", lambda z, a: np.where(z > 0, a, 1.0), "wrong side"),
    Answer("ReLU′", "slip", "wrong", lambda z, a: np.where(z > 0, 1.0, 0.0), "ReLU's derivative"),
    Answer("kink", "slip", "wrong", lambda z, a: np.where(z >= 0, 1.0, a), "kink"),
    Answer("one argument", "hostile", "wrong", lambda z: np.where(z > 0, 1.0, 0.01), "2 arguments"),
    *_function_common(LEAKY_RIGHT, 2, leaky_relu_derivative),
]

_zs, _as = sp.symbols("z alpha")
PRELU_RIGHT = lambda z, alpha: np.minimum(z, 0.0)  # noqa: E731

PRELU = [
    Answer("np.minimum", "equivalent", "correct", PRELU_RIGHT),
    Answer("np.where", "equivalent", "correct", lambda z, a: np.where(z > 0, 0.0, z)),
    Answer("own names", "equivalent", "correct", lambda x, slope: np.minimum(x, 0.0)),
    Answer("SymPy Min", "equivalent", "correct", sp.Min(_zs, 0)),
    Answer("SymPy Piecewise", "equivalent", "correct", sp.Piecewise((0, _zs > 0), (_zs, True))),
    Answer("α itself", "slip", "wrong", lambda z, a: np.where(z > 0, 0.0, a), "differentiate by"),
    Answer("∂g/∂z", "slip", "wrong", lambda z, a: np.where(z > 0, 1.0, a), "other"),
    Answer("1 for z ≤ 0", "slip", "wrong", lambda z, a: np.where(z > 0, 0.0, 1.0), "not 1"),
    Answer("SymPy with x", "hostile", "wrong", sp.Symbol("x"), "contains x"),
    *_function_common(PRELU_RIGHT, 2, prelu_alpha_derivative,
                      wrapper=lambda z, alpha: prelu_alpha_derivative(z)),
]

# ------------------------------------------------------------------ notebook 05
SHRINK = [
    Answer("0.25 ** 5", "equivalent", "correct", 0.25 ** 5),
    Answer("two digits", "equivalent", "correct", 0.00098),
    Answer("three digits", "equivalent", "correct", 0.000977),
    Answer("third digit truncated", "equivalent", "correct", 0.000976),
    Answer("one digit", "slip", "wrong", 0.001, "rounded to 1"),
    Answer("σ(0)⁵", "slip", "wrong", 0.5 ** 5, "σ(0)"),
    Answer("added", "slip", "wrong", 1.25, "added"),
    Answer("four factors", "slip", "wrong", 0.25 ** 4, "four factors"),
    Answer("upside down", "slip", "wrong", 1024, "shrinks"),
    Answer("a percentage", "near miss", "wrong", 0.098, "percentage"),
    Answer("a list", "hostile", "wrong", [0.25] * 5, "expected a number"),
    Answer("inf", "hostile", "wrong", float("inf"), "finite"),
]

HE = [
    Answer("0.2", "equivalent", "correct", 0.2),
    Answer("np.sqrt(2 / 50)", "equivalent", "correct", np.sqrt(2 / 50)),
    Answer("0.200", "equivalent", "correct", 0.200),
    Answer("1/5", "equivalent", "correct", 1 / 5),
    Answer("the variance", "slip", "wrong", 0.04, "variance"),
    Answer("LeCun", "slip", "wrong", math.sqrt(1 / 50), "LeCun"),
    Answer("Glorot", "slip", "wrong", math.sqrt(2 / 80), "Glorot"),
    Answer("fan-out", "slip", "wrong", math.sqrt(2 / 30), "fan-out"),
    Answer("a percentage", "near miss", "wrong", 20, "percentage"),
    Answer("text", "hostile", "wrong", "sqrt(2/50)", "expected a number"),
]

# ------------------------------------------------------------------ notebook 06
SP_RIGHT = sigmoid

SOFTPLUS = [
    Answer("sigmoid", "equivalent", "correct", sigmoid),
    Answer("e^z/(1 + e^z), noted", "equivalent", "correct", lambda z: np.exp(z) / (1 + np.exp(z)), "±1000"),
    Answer("1/(1 + e^−z)", "equivalent", "correct", lambda z: 1 / (1 + np.exp(-z))),
    Answer("tanh form", "equivalent", "correct", lambda z: 0.5 * (1 + np.tanh(z / 2))),
    Answer("expit", "equivalent", "correct", special.expit),
    Answer("outer only", "slip", "wrong", lambda z: 1 / (1 + np.exp(z)), "outer factor"),
    Answer("σ(−z)", "slip", "wrong", lambda z: sigmoid(-z), "outer factor"),
    Answer("σ′", "slip", "wrong", sigmoid_derivative, "one derivative too many"),
    Answer("softplus itself", "slip", "wrong", softplus, "softplus itself"),
    *_function_common(sigmoid, 1, softplus_derivative),
]


def _bracket(a: float, b: float) -> Callable[[], Any]:
    """The learner's cell: nb06.brentq where it exists (it explains a bad bracket), else SciPy's
    brentq, which raises in the learner's cell."""
    def cell():
        finder = getattr(nb06, "brentq", optimize.brentq)
        return finder(silu_derivative, a, b)
    return cell


TURNING = [
    Answer("brentq", "equivalent", "correct", cell=_bracket(-3.0, -0.5)),
    Answer("six digits", "equivalent", "correct", -1.27846),
    Answer("seven digits", "equivalent", "correct", -1.278465),
    Answer("seven digits, truncated", "equivalent", "correct", -1.278464),
    Answer("eight digits", "equivalent", "correct", -1.2784645),
    Answer("as text", "equivalent", "correct", "-1.2784645"),
    Answer("read off the plot", "slip", "wrong", -1.28, "reading off the plot"),
    Answer("the lowest value", "slip", "wrong", -0.278465, "lowest *value*"),
    Answer("GELU's", "slip", "wrong", -0.751792, "GELU"),
    Answer("wrong side", "slip", "wrong", 1.278465, "wrong side"),
    Answer("last digit off", "near miss", "wrong", -1.27847, "last digit"),
    Answer("a bracket without a sign change", "hostile", "wrong", cell=_bracket(-1.0, 1.0),
           phrase="opposite signs"),
    Answer("the function called, not passed", "hostile", "wrong",
           cell=lambda: getattr(nb06, "brentq", optimize.brentq)(silu_derivative(-1.0), -3.0, -0.5),
           phrase="the function itself"),
    Answer("text", "hostile", "wrong", "left of zero", "expected a number"),
]

SHARPER = [
    Answer("softplus(2z)/2", "equivalent", "correct", "softplus(2*z)/2"),
    Answer("log form", "equivalent", "correct", "log(1 + exp(2*z))/2"),
    Answer("plus a constant", "equivalent", "correct", "softplus(2*z)/2 + 3"),
    Answer("0.5 times", "equivalent", "correct", "0.5*softplus(2*z)"),
    Answer("not halved", "slip", "wrong", "softplus(2*z)", "twice too steep"),
    Answer("σ(2z) itself", "slip", "wrong", "sigmoid(2*z)", "σ(2z) itself"),
    Answer("softplus(z)", "slip", "wrong", "softplus(z)", "not as sharp"),
    Answer("a function", "hostile", "wrong", lambda z: softplus(2 * z) / 2, "as text"),
    Answer("invalid", "hostile", "wrong", "softplus(2*z", "cannot be used"),
    Answer("a number", "hostile", "wrong", 2.0, "as text"),
]

ELU_RIGHT = lambda z, alpha: np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))  # noqa: E731

ELU = [
    Answer("np.where", "equivalent", "correct", ELU_RIGHT),
    Answer("own names", "equivalent", "correct",
           lambda x, a: np.where(x > 0, 1.0, a * np.exp(np.minimum(x, 0.0)))),
    Answer("overflowing form, noted", "equivalent", "correct",
           lambda z, alpha: np.where(z > 0, 1.0, alpha * np.exp(z)), "±1000"),
    Answer("α typed in (0.5)", "parameters", "wrong",
           lambda z, alpha: np.where(z > 0, 1.0, 0.5 * np.exp(np.minimum(z, 0.0))), "`alpha`"),
    Answer("α typed in (1)", "parameters", "wrong",
           lambda z, alpha: np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0))), "α"),
    Answer("constant kept", "slip", "wrong",
           lambda z, alpha: np.where(z > 0, 1.0, alpha * (np.exp(z) - 1)), "constant"),
    Answer("kink", "slip", "wrong",
           lambda z, alpha: np.where(z >= 0, 1.0, alpha * np.exp(np.minimum(z, 0.0))), "kink"),
    *_function_common(ELU_RIGHT, 2, elu_derivative),
]


def _gelu_right(z):
    return norm.cdf(z) + z * norm.pdf(z)


GELU = [
    Answer("norm", "equivalent", "correct", _gelu_right),
    Answer("erf", "equivalent", "correct",
           lambda z: 0.5 * (1 + special.erf(z / np.sqrt(2))) + z * np.exp(-z**2 / 2) / np.sqrt(2 * np.pi)),
    Answer("ndtr", "equivalent", "correct", lambda z: special.ndtr(z) + z * norm.pdf(z)),
    Answer("Φ′ taken as Φ", "slip", "wrong", lambda z: norm.cdf(z) + z * norm.cdf(z), "Φ′ to be Φ"),
    Answer("Φ alone", "slip", "wrong", norm.cdf, "two terms"),
    Answer("sign flipped", "slip", "wrong", lambda z: norm.cdf(z) - z * norm.pdf(z), "sign"),
    Answer("z missing", "slip", "wrong", lambda z: norm.cdf(z) + norm.pdf(z), "keeps u = z"),
    Answer("SiLU′", "slip", "wrong", silu_derivative, "SiLU′"),
    Answer("the tanh approximation's", "near miss", "wrong",
           lambda z: (lambda c, t: 0.5 * (1 + t) + 0.5 * z * (1 - t**2) * c * (1 + 3 * 0.044715 * z**2))(
               np.sqrt(2 / np.pi), np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3))),
           "tanh approximation"),
    *_function_common(_gelu_right, 1, gelu_derivative),
]


def _selu_right(z, lam, alpha):
    return np.where(z > 0, lam, lam * alpha * np.exp(np.minimum(z, 0.0)))


SELU = [
    Answer("np.where", "equivalent", "correct", _selu_right),
    Answer("own names", "equivalent", "correct",
           lambda x, scale, a: scale * np.where(x > 0, 1.0, a * np.exp(np.minimum(x, 0.0)))),
    Answer("the prompt's rounded constants", "parameters", "wrong",
           lambda z, lam, alpha: np.where(z > 0, 1.0507, 1.0507 * 1.6733 * np.exp(np.minimum(z, 0.0))),
           "`lam` and `alpha`"),
    Answer("the exact constants typed in", "parameters", "wrong",
           lambda z, lam, alpha: _selu_right(z, LAMBDA, ALPHA), "`lam` and `alpha`"),
    Answer("λ dropped on the right", "slip", "wrong",
           lambda z, lam, alpha: np.where(z > 0, 1.0, lam * alpha * np.exp(np.minimum(z, 0.0))),
           "λ is missing"),
    Answer("constant kept", "slip", "wrong",
           lambda z, lam, alpha: np.where(z > 0, lam, lam * alpha * np.expm1(z)), "−1"),
    Answer("two arguments", "hostile", "wrong", lambda z, lam: z, "3 arguments"),
    *_function_common(_selu_right, 3, selu_derivative),
]

# ------------------------------------------------------------------ the foundations (issue 21)
PARTIAL = [
    Answer("-2", "equivalent", "correct", -2),
    Answer("the expression", "equivalent", "correct", (2 * 0 + 0 - 1) * 2),
    Answer("as text", "equivalent", "correct", "-2"),
    Answer("a central difference", "equivalent", "correct",
           float(central_difference(lambda w: 0.5 * (w * 2 + 0 - 1) ** 2, 0.0))),
    Answer("a numpy number", "equivalent", "correct", np.float64(-2.0)),
    Answer("∂L/∂b", "slip", "wrong", -1, "∂L/∂b"),
    Answer("sign", "slip", "wrong", 2, "wrong sign"),
    Answer("the ½ forgotten", "slip", "wrong", -4, "twice"),
    Answer("L itself", "slip", "wrong", 0.5, "value of L"),
    Answer("∂L/∂x", "slip", "wrong", 0, "respect to x"),
    Answer("a forward difference", "near miss", "wrong", -1.99998, "numerical estimate"),
    Answer("True", "hostile", "wrong", True, "not numbers"),
    Answer("a list", "hostile", "wrong", [-2], "expected a number"),
    Answer("words", "hostile", "wrong", "minus two", "expected a number"),
    Answer("nan", "hostile", "wrong", float("nan"), "finite"),
]

UNIT_GRADIENT = [
    Answer("-0.25", "equivalent", "correct", -0.25),
    Answer("the expression", "equivalent", "correct",
           (sigmoid(0.0) - 1) * sigmoid_derivative(0.0) * 2),
    Answer("-1/4", "equivalent", "correct", -1 / 4),
    Answer("as text", "equivalent", "correct", "-0.25"),
    Answer("a numerical chain rule", "equivalent", "correct",
           float(central_difference(lambda w: 0.5 * (sigmoid(2 * w) - 1) ** 2, 0.0))),
    Answer("a one-element array", "equivalent", "correct", np.array([-0.25])),
    Answer("the middle link left out", "slip", "wrong", -1, "middle link"),
    Answer("δ, not ∂L/∂w", "slip", "wrong", -0.125, "∂L/∂b"),
    Answer("sign", "slip", "wrong", 0.25, "wrong sign"),
    Answer("σ′ at the output", "slip", "wrong", (0.5 - 1) * float(sigmoid_derivative(0.5)) * 2,
           "at the output"),
    Answer("the ½ forgotten", "slip", "wrong", -0.5, "twice"),
    Answer("the loss itself", "slip", "wrong", 0.125, "loss"),
    Answer("one digit", "near miss", "wrong", -0.3, "rounded to 1"),
    Answer("True", "hostile", "wrong", True, "not numbers"),
    Answer("words", "hostile", "wrong", "a quarter", "expected a number"),
]


def _unit_z(w, b, x):
    return w * x + b


def right_step(w, b, x, y, lr):
    """One step of gradient descent as the solution writes it (σ′ from the library)."""
    z = w * x + b
    a = sigmoid(z)
    delta = (a - y) * sigmoid_derivative(z)
    return w - lr * np.mean(delta * x), b - lr * np.mean(delta)


def step_with_a(w, b, x, y, lr):
    """The same step with σ′ as a(1 − a) and the mean as a sum over n."""
    a = 1 / (1 + np.exp(-(w * x + b)))
    delta = (a - y) * a * (1 - a)
    return w - lr * np.sum(delta * x) / len(x), b - lr * np.sum(delta) / len(x)


def _step_loop(w, b, x, y, lr):
    dw = db = 0.0
    for xi, yi in zip(x, y, strict=True):
        a = 1 / (1 + math.exp(-(w * xi + b)))
        dw += (a - yi) * a * (1 - a) * xi
        db += (a - yi) * a * (1 - a)
    return w - lr * dw / len(x), b - lr * db / len(x)


def _step_in_place(w, b, x, y, lr):
    x *= w
    x += b                              # x now holds z
    s = sigmoid(x)
    y -= s                              # y now holds y − a
    y *= s * (1 - s)                    # ... and now −δ
    x -= b
    x /= w                              # x again
    return w + lr * np.mean(y * x), b + lr * np.mean(y)


def _step_names(weight, bias, inputs, targets, eta):
    pre = weight * inputs + bias
    error = (sigmoid(pre) - targets) * sigmoid_derivative(pre)
    return weight - eta * (error * inputs).mean(), bias - eta * error.mean()


def _step_from(dw: Callable, db: Callable, lr_of: Callable = lambda lr, n: lr,
               sign: float = 1.0) -> Callable:
    """A step whose per-example partial derivatives are dw(z, a, x, y, w) and db(...)."""
    def step(w, b, x, y, lr):
        z = w * x + b
        a = sigmoid(z)
        eta = lr_of(lr, len(x))
        return (w - sign * eta * np.mean(dw(z, a, x, y, w)),
                b - sign * eta * np.mean(db(z, a, x, y, w)))
    return step


def _delta(z, a, y):
    return (a - y) * sigmoid_derivative(z)


def _dw(z, a, x, y, w):
    return _delta(z, a, y) * x


def _db(z, a, x, y, w):
    return _delta(z, a, y)


def _stale_b(w, b, x, y, lr):
    w = w - lr * np.mean(_delta(w * x + b, sigmoid(w * x + b), y) * x)
    return w, b - lr * np.mean(_delta(w * x + b, sigmoid(w * x + b), y))


def _mean_of_product(w, b, x, y, lr):
    z = w * x + b
    delta = _delta(z, sigmoid(z), y)
    return w - lr * np.mean(delta) * np.mean(x), b - lr * np.mean(delta)


def _forgot_return_step(w, b, x, y, lr):
    z = w * x + b
    delta = (sigmoid(z) - y) * sigmoid_derivative(z)
    w - lr * np.mean(delta * x), b - lr * np.mean(delta)


def _step_raises_on_one(w, b, x, y, lr):
    if len(x) == 1:
        raise IndexError("index 1 is out of bounds for axis 0 with size 1")
    return right_step(w, b, x, y, lr)


def _step_notebook_data(w, b, x, y, lr):
    return right_step(w, b, TOY_X.copy(), TOY_Y.copy(), lr)


def _step_first_call_only() -> Callable:
    calls = []

    def step(w, b, x, y, lr):
        calls.append(1)
        return right_step(w, b, x, y, lr) if len(calls) == 1 else (w, b)
    return step


def _step_scalar(w, b, x, y, lr):
    a = 1 / (1 + math.exp(-(w * x + b)))
    return w - lr * (a - y) * a * (1 - a) * x, b - lr * (a - y) * a * (1 - a)


def _numerical_step(w, b, x, y, lr):
    dw = central_difference(lambda v: unit_loss(v, b, x, y, "sigmoid"), w)
    db = central_difference(lambda v: unit_loss(w, v, x, y, "sigmoid"), b)
    return w - lr * float(dw), b - lr * float(db)


GRADIENT_STEP = [
    Answer("σ′ from the library", "equivalent", "correct", right_step),
    Answer("a(1 − a), a sum over n", "equivalent", "correct", step_with_a),
    Answer("a loop over the examples", "equivalent", "correct", _step_loop),
    Answer("in place", "equivalent", "correct", _step_in_place),
    Answer("own names", "equivalent", "correct", _step_names),
    Answer("a list", "equivalent", "correct", lambda w, b, x, y, lr: list(right_step(w, b, x, y, lr))),
    Answer("an array of two", "equivalent", "correct",
           lambda w, b, x, y, lr: np.array(right_step(w, b, x, y, lr))),
    Answer("np.dot", "equivalent", "correct",
           lambda w, b, x, y, lr: (w - lr * np.dot(_db(_unit_z(w, b, x), sigmoid(_unit_z(w, b, x)),
                                                        x, y, w), x) / x.size,
                                   b - lr * np.average(_db(_unit_z(w, b, x),
                                                           sigmoid(_unit_z(w, b, x)), x, y, w)))),
    Answer("the library's gradient_step", "wrapper", "wrong", descent_gradient_step,
           "library's own"),
    Answer("a wrapper of it, for the sigmoid", "wrapper", "wrong",
           lambda w, b, x, y, lr: descent_gradient_step(w, b, x, y, lr, "sigmoid"), "library's own"),
    Answer("the library's unit_gradient", "wrapper", "wrong",
           lambda w, b, x, y, lr: tuple(p - lr * g for p, g in zip(
               (w, b), unit_gradient(w, b, x, y, "sigmoid"), strict=True)), "library's own"),
    Answer("the checker's own reference", "wrapper", "wrong", foundations.finite_difference_step,
           "library's own"),
    Answer("central differences of the library's loss", "wrapper", "wrong", _numerical_step,
           "chain rule"),
    Answer("η typed in", "parameters", "wrong",
           lambda w, b, x, y, lr: right_step(w, b, x, y, 0.3), "`lr`"),
    Answer("the notebook's data typed in", "parameters", "wrong", _step_notebook_data, "`x` and `y`"),
    Answer("uphill", "slip", "wrong", _step_from(_dw, _db, sign=-1.0), "uphill"),
    Answer("y − a for a − y", "slip", "wrong",
           lambda w, b, x, y, lr: _step_from(lambda z, a, x, y, w: _dw(z, a, x, y, w) * -1,
                                             lambda z, a, x, y, w: -_db(z, a, x, y, w))(
                                                 w, b, x, y, lr), "uphill"),
    Answer("g′ missing", "slip", "wrong",
           _step_from(lambda z, a, x, y, w: (a - y) * x, lambda z, a, x, y, w: a - y),
           "no factor for the activation"),
    Answer("g′ at a", "slip", "wrong",
           _step_from(lambda z, a, x, y, w: (a - y) * sigmoid_derivative(a) * x,
                      lambda z, a, x, y, w: (a - y) * sigmoid_derivative(a)), "at the output a"),
    Answer("w for x (wrong variable)", "slip", "wrong",
           _step_from(lambda z, a, x, y, w: _delta(z, a, y) * w, _db), "*input* x"),
    Answer("x and 1 swapped", "slip", "wrong",
           _step_from(_db, lambda z, a, x, y, w: _delta(z, a, y) * x), "swapped"),
    Answer("x missing", "slip", "wrong", _step_from(_db, _db), "same as ∂L/∂b"),
    Answer("sum for the mean", "slip", "wrong",
           _step_from(_dw, _db, lr_of=lambda lr, n: lr * n), "*mean*"),
    Answer("the ½ forgotten", "slip", "wrong",
           _step_from(lambda *a: 2 * _dw(*a), lambda *a: 2 * _db(*a)), "twice too long"),
    Answer("η left out", "slip", "wrong", _step_from(_dw, _db, lr_of=lambda lr, n: 1.0), "η"),
    Answer("b's gradient at the new w", "slip", "wrong", _stale_b, "old"),
    Answer("the gradient returned", "slip", "wrong",
           lambda w, b, x, y, lr: (np.mean(_dw(_unit_z(w, b, x), sigmoid(_unit_z(w, b, x)), x, y, w)),
                                   np.mean(_db(_unit_z(w, b, x), sigmoid(_unit_z(w, b, x)), x, y, w))),
           "gradient"),
    Answer("one step per example", "slip", "wrong",
           lambda w, b, x, y, lr: (w - lr * _dw(_unit_z(w, b, x), sigmoid(_unit_z(w, b, x)), x, y, w),
                                   b - lr * _db(_unit_z(w, b, x), sigmoid(_unit_z(w, b, x)), x, y, w)),
           "one value per example"),
    Answer("b left where it was", "slip", "wrong",
           lambda w, b, x, y, lr: (right_step(w, b, x, y, lr)[0], b), "bias"),
    Answer("mean(δ)·mean(x)", "slip", "wrong", _mean_of_product, "example by example"),
    Answer("no return statement", "hostile", "wrong", _forgot_return_step, "`return`"),
    Answer("returns one number", "hostile", "wrong", lambda w, b, x, y, lr: w - lr, "two numbers"),
    Answer("returns three", "hostile", "wrong", lambda w, b, x, y, lr: (w, b, lr), "two numbers"),
    Answer("returns text", "hostile", "wrong", lambda w, b, x, y, lr: "w - lr * dw", "two numbers"),
    Answer("returns a dict", "hostile", "wrong",
           lambda w, b, x, y, lr: dict(zip("wb", right_step(w, b, x, y, lr), strict=True)), "two numbers"),
    Answer("returns (None, None)", "hostile", "wrong", lambda w, b, x, y, lr: (None, None),
           "not numbers yet"),
    Answer("raises", "hostile", "wrong", lambda w, b, x, y, lr: 1 / 0, "ZeroDivisionError"),
    Answer("two arguments", "hostile", "wrong", lambda w, b: (w, b), "5 arguments"),
    Answer("one example at a time (math.exp)", "hostile", "wrong", _step_scalar, "one example"),
    Answer("right, raises on a one-example data set", "hostile", "wrong", _step_raises_on_one,
           "IndexError"),
    Answer("right on the first call only", "grid", "wrong", _step_first_call_only(), "again"),
    Answer("not a function", "hostile", "wrong", "w - lr * dw", "expected a Python function"),
]


# ------------------------------------------------------------------ the backward pass (issue 21)
def forward_pass(X, W1, b1, W2, b2):
    """(Z1, A1, Z2) of the exercise's network, as a learner computes them."""
    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    return Z1, A1, A1 @ W2 + b2


def _bw(slope=None, combine=np.multiply, dW1=None, dW2=None, delta2=None, sums=None,
        back=None) -> Callable:
    """A backward pass written as a learner writes it, with one part replaced."""
    def backward(X, y, W1, b1, W2, b2):
        Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
        n = X.shape[0]
        d2 = (sigmoid(Z2) - y) / n if delta2 is None else delta2(X, y, Z1, A1, Z2, n)
        to_hidden = d2 @ W2.T if back is None else back(d2, W1, W2)
        g = sigmoid_derivative(Z1) if slope is None else slope(Z1, A1, Z2)
        d1 = combine(to_hidden, g)
        total = (lambda d: d.sum(axis=0)) if sums is None else sums
        return ((X.T @ d1) if dW1 is None else dW1(X, A1, d1), total(d1),
                (A1.T @ d2) if dW2 is None else dW2(A1, Z1, d2), total(d2))
    return backward


def backward_with_a(X, y, W1, b1, W2, b2):
    """The backward pass with σ′ as A1(1 − A1)."""
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / len(X)
    delta1 = (delta2 @ W2.T) * A1 * (1 - A1)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def backward_by_columns(X, y, W1, b1, W2, b2):
    """One example at a time, column vectors, as textbooks write it."""
    n = X.shape[0]
    g = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
    for x_i, y_i in zip(X, y, strict=True):
        x = x_i[:, None]
        z1 = W1.T @ x + b1[:, None]
        a1 = sigmoid(z1)
        d2 = (sigmoid(W2.T @ a1 + b2[:, None]) - y_i) / n
        d1 = (W2 @ d2) * a1 * (1 - a1)
        g[0] += x @ d1.T
        g[1] += d1[:, 0]
        g[2] += a1 @ d2.T
        g[3] += d2[:, 0]
    return tuple(g)


def backward_in_place(X, y, W1, b1, W2, b2):
    """The backward pass written into its inputs (y becomes δ2, A1 becomes δ1)."""
    Z1 = X @ W1
    Z1 += b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    y *= -1
    y += sigmoid(Z2)
    y /= X.shape[0]                    # y now holds δ2
    dW2 = A1.T @ y
    A1 *= 1 - A1
    A1 *= y @ W2.T                     # A1 now holds δ1
    return X.T @ A1, A1.sum(axis=0), dW2, y.sum(axis=0)


def _bw_names(inputs, labels, w_hidden, b_hidden, w_out, b_out):
    hidden = sigmoid(inputs @ w_hidden + b_hidden)
    err_out = (sigmoid(hidden @ w_out + b_out) - labels) / inputs.shape[0]
    err_hidden = np.multiply(np.dot(err_out, w_out.T), hidden * (1 - hidden))
    return (np.dot(inputs.T, err_hidden), np.sum(err_hidden, axis=0, keepdims=True),
            np.dot(hidden.T, err_out), np.sum(err_out, axis=0, keepdims=True))


def _bw_course_network(X, y, W1, b1, W2, b2):
    g = course_gradients(Problem(X, y, W1, b1, W2, b2))
    return g["dW1"], g["db1"], g["dW2"], g["db2"]


def _bw_mlp(X, y, W1, b1, W2, b2):
    model = Problem(X, y, W1, b1, W2, b2).model()
    (dW1, db1), (dW2, db2) = model.gradients(X, y[:, 0])
    return dW1, db1, dW2, db2


def _bw_numerical(X, y, W1, b1, W2, b2):
    g = finite_difference_gradients(Problem(X, y, W1, b1, W2, b2))
    return g["dW1"], g["db1"], g["dW2"], g["db2"]


def _bw_forgot_return(X, y, W1, b1, W2, b2):
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / len(X)
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def _bw_flat_y(X, y, W1, b1, W2, b2):
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y.ravel()) / len(X)
    delta1 = (delta2 @ W2.T) * sigmoid_derivative(Z1)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def _bw_w2_not_turned(X, y, W1, b1, W2, b2):
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / len(X)
    delta1 = (delta2 @ W2) * sigmoid_derivative(Z1)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def _bw_w1_for_w2(X, y, W1, b1, W2, b2):
    Z1, A1, Z2 = forward_pass(X, W1, b1, W2, b2)
    delta2 = (sigmoid(Z2) - y) / len(X)
    delta1 = (delta2 @ W1.T) * sigmoid_derivative(Z1)
    return X.T @ delta1, delta1.sum(axis=0), A1.T @ delta2, delta2.sum(axis=0)


def _bw_square_only() -> Callable:
    """The square network's gradients, typed in (right there, and only there)."""
    fixed = tuple(np.array(g) for g in backprop.REFERENCE(*backprop.SQUARE.arrays()))
    return lambda X, y, W1, b1, W2, b2: fixed


def _bw_first_call_only() -> Callable:
    calls = []

    def backward(X, y, W1, b1, W2, b2):
        calls.append(1)
        grads = _bw()(X, y, W1, b1, W2, b2)
        return grads if len(calls) == 1 else tuple(0 * g for g in grads)
    return backward


BACKWARD = [
    Answer("σ′ from the library", "equivalent", "correct", _bw()),
    Answer("a(1 − a)", "equivalent", "correct", backward_with_a),
    Answer("column vectors, one example at a time", "equivalent", "correct", backward_by_columns),
    Answer("in place", "equivalent", "correct", backward_in_place),
    Answer("own names, np.dot, keepdims", "equivalent", "correct", _bw_names),
    Answer("einsum", "equivalent", "correct",
           _bw(combine=lambda a, b: np.einsum("nh,nh->nh", a, b),
               dW1=lambda X, A1, d1: np.einsum("nd,nh->dh", X, d1))),
    Answer("a list", "equivalent", "correct", lambda *a: list(_bw()(*a))),
    Answer("the course network's gradients", "wrapper", "wrong", _bw_course_network,
           "library's own"),
    Answer("the MLP's own gradients", "wrapper", "wrong", _bw_mlp, "library's own"),
    Answer("central differences of the library", "wrapper", "wrong", _bw_numerical,
           "library's own"),
    Answer("the checker's reference", "wrapper", "wrong", backprop.REFERENCE, "library's own"),
    Answer("a wrapper of the checker's reference", "wrapper", "wrong",
           lambda X, y, W1, b1, W2, b2: backprop.REFERENCE(X, y, W1, b1, W2, b2), "library's own"),
    Answer("g′ at the activation", "slip", "wrong",
           _bw(slope=lambda Z1, A1, Z2: sigmoid_derivative(A1)), "applied twice"),
    Answer("a(1 − a) applied twice", "slip", "wrong",
           _bw(slope=lambda Z1, A1, Z2: sigmoid(A1) * (1 - sigmoid(A1))), "applied twice"),
    Answer("a(1 − a) at Z1", "slip", "wrong", _bw(slope=lambda Z1, A1, Z2: Z1 * (1 - Z1)),
           "needs σ's output"),
    Answer("the wrong layer's g′", "slip", "wrong",
           _bw(slope=lambda Z1, A1, Z2: sigmoid_derivative(Z2)), "output layer's slope"),
    Answer("⊙ replaced by @", "slip", "wrong", _bw(combine=np.matmul), "element-wise"),
    Answer("X not turned (missing transpose)", "slip", "wrong",
           _bw(dW1=lambda X, A1, d1: X @ d1), "missing transpose"),
    Answer("W2 not turned (missing transpose)", "slip", "wrong", _bw_w2_not_turned,
           "missing transpose"),
    Answer("dW2 turned the other way", "slip", "wrong",
           _bw(dW2=lambda A1, Z1, d2: d2.T @ A1), "shape of its weights"),
    Answer("W1 where W2 belongs", "slip", "wrong", _bw_w1_for_w2, "not W1"),
    Answer("no g′", "slip", "wrong", _bw(slope=lambda Z1, A1, Z2: 1.0), "no factor"),
    Answer("the 1/n forgotten", "slip", "wrong",
           _bw(delta2=lambda X, y, Z1, A1, Z2, n: sigmoid(Z2) - y), "n times too large"),
    Answer("σ′ at the output too", "slip", "wrong",
           _bw(delta2=lambda X, y, Z1, A1, Z2, n: (sigmoid(Z2) - y) * sigmoid_derivative(Z2) / n),
           "cancels"),
    Answer("sign", "slip", "wrong", _bw(delta2=lambda X, y, Z1, A1, Z2, n: (y - sigmoid(Z2)) / n),
           "wrong sign"),
    Answer("biases averaged", "slip", "wrong", _bw(sums=lambda d: d.mean(axis=0)), "too small"),
    Answer("biases per example", "slip", "wrong", _bw(sums=lambda d: d.sum(axis=1)),
           "one entry per example"),
    Answer("y flattened", "slip", "wrong", _bw_flat_y, "(n, 1)"),
    Answer("no return statement", "hostile", "wrong", _bw_forgot_return, "`return`"),
    Answer("returns a dict", "hostile", "wrong", lambda *a: {"dW1": 0}, "four arrays"),
    Answer("returns three", "hostile", "wrong", lambda *a: _bw()(*a)[:3], "four arrays"),
    Answer("returns text", "hostile", "wrong", lambda *a: ("dW1", "db1", "dW2", "db2"),
           "not an array of numbers"),
    Answer("raises", "hostile", "wrong", lambda *a: 1 / 0, "ZeroDivisionError"),
    Answer("five arguments", "hostile", "wrong", lambda X, y, W1, b1, W2: (W1, b1, W2, b1),
           "6 arguments"),
    Answer("not a function", "hostile", "wrong", "dW1, db1, dW2, db2", "expected a Python function"),
    Answer("the square network's numbers typed in", "grid", "wrong", _bw_square_only()),
    Answer("right on the first call only", "grid", "wrong", _bw_first_call_only(), "again"),
]

# ------------------------------------------------------------------ the floating-point appendix
_F64_MAX = float(np.finfo(np.float64).max)

OVERFLOW = [
    Answer("709.78", "equivalent", "correct", 709.78),
    Answer("the expression", "equivalent", "correct", float(np.log(np.finfo(np.float64).max))),
    Answer("ln of the printed 1.79e308", "equivalent", "correct", math.log(1.79e308)),
    Answer("seven digits", "equivalent", "correct", 709.7827),
    Answer("six digits, truncated", "equivalent", "correct", 709.782),
    Answer("as text", "equivalent", "correct", "709.78"),
    Answer("log₁₀", "slip", "wrong", 308.25, "log₁₀"),
    Answer("float32's", "slip", "wrong", 88.72, "float32"),
    Answer("where exp(−z) underflows", "slip", "wrong", 744.44, "underflows"),
    Answer("2's exponent", "slip", "wrong", 1024, "power of 2"),
    Answer("the largest float64 itself", "slip", "wrong", _F64_MAX, "e^z"),
    Answer("the largest whole number", "slip", "wrong", 709, "whole number"),
    Answer("three digits", "near miss", "wrong", 710, "give more digits"),
    Answer("last digit off", "near miss", "wrong", 709.79, "last digit"),
    Answer("True", "hostile", "wrong", True, "not numbers"),
    Answer("inf", "hostile", "wrong", float("inf"), "finite"),
    Answer("a list", "hostile", "wrong", [709.78], "expected a number"),
]

SAFE_GRID = np.concatenate([np.linspace(-30, 30, 121), [-700.0, -100.0, 100.0, 700.0]])


def _stable_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _stable_sigmoid_masks(z):
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out


def _stable_sigmoid_in_place(z):
    neg = z < 0
    e = np.exp(-np.abs(z))
    z[...] = 1 / (1 + e)
    z[neg] = e[neg] / (1 + e[neg])
    return z


def _grid_recogniser_of(grid: np.ndarray, right: Callable) -> Callable:
    def answer(z, *params):
        z = np.asarray(z, dtype=float)
        return np.where(np.isin(z, grid), right(z, *params), 0.123)
    return answer


STABLE_SIGMOID = [
    Answer("e^(−|z|) and np.where", "equivalent", "correct", _stable_sigmoid),
    Answer("masks, each branch on its own part", "equivalent", "correct", _stable_sigmoid_masks),
    Answer("np.piecewise", "equivalent", "correct",
           lambda z: np.piecewise(z, [z >= 0], [lambda v: 1 / (1 + np.exp(-v)),
                                                lambda v: np.exp(v) / (1 + np.exp(v))])),
    Answer("logaddexp", "equivalent", "correct", lambda z: np.exp(-np.logaddexp(0.0, -z))),
    Answer("in place", "equivalent", "correct", _stable_sigmoid_in_place),
    Answer("own name", "equivalent", "correct", lambda x: _stable_sigmoid(x)),
    Answer("the library's sigmoid", "wrapper", "wrong", sigmoid, "library's own"),
    Answer("a wrapper of it", "wrapper", "wrong", lambda z: sigmoid(z), "library's own"),
    Answer("SciPy's expit", "wrapper", "wrong", special.expit, "expit"),
    Answer("a wrapper of expit", "wrapper", "wrong", lambda z: special.expit(z), "expit"),
    Answer("np.where over both branches", "slip", "wrong",
           lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))),
           "*both* branches"),
    Answer("the textbook formula", "slip", "wrong", lambda z: 1 / (1 + np.exp(-z)), "overflow"),
    Answer("e^z/(1 + e^z): NaN for large z", "slip", "wrong",
           lambda z: np.exp(z) / (1 + np.exp(z)), "overflow"),
    Answer("clipped", "slip", "wrong", lambda z: 1 / (1 + np.exp(-np.clip(z, -500, 500))),
           "clip"),
    Answer("through tanh (cancels on the left)", "slip", "wrong",
           lambda z: 0.5 * (1 + np.tanh(z / 2)), "nearly equal"),
    Answer("σ(−z), branches swapped", "slip", "wrong",
           lambda z: np.where(z >= 0, np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))),
                              1 / (1 + np.exp(-np.abs(z)))), "σ(−z)"),
    Answer("one form for every z", "slip", "wrong",
           lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))), "one side of 0"),
    Answer("σ′ instead", "slip", "wrong",
           lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2, "σ′"),
    Answer("scalar if", "hostile", "wrong",
           lambda z: 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z)),
           "np.where(condition, a, b)"),
    Answer("no return statement", "hostile", "wrong", _forgot_return_1, "`return`"),
    Answer("right, raises on a one-element array", "hostile", "correct",
           _raising_on_one(_stable_sigmoid)),
    Answer("right, warns, and raises on a one-element array", "hostile", "wrong",
           _raising_on_one(lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)),
                                              np.exp(z) / (1 + np.exp(z)))), "*both* branches"),
    Answer("right on the checker's grid only", "grid", "wrong",
           _grid_recogniser_of(SAFE_GRID, _stable_sigmoid), "σ(z) is"),
    Answer("right on the first call only", "grid", "wrong", _stateful(_stable_sigmoid)),
    *_hostile(),
]


def _stable_tanh_prime(z):
    e = np.exp(-2 * np.abs(z))
    return 4 * e / (1 + e) ** 2


def _sech_squared(z):
    e = np.exp(-np.abs(z))
    return (2 * e / (1 + e * e)) ** 2


STABLE_TANH_PRIME = [
    Answer("4σ(2z)σ(−2z)", "equivalent", "correct", lambda z: 4 * sigmoid(2 * z) * sigmoid(-2 * z)),
    Answer("4σ′(2z)", "equivalent", "correct", lambda z: 4 * sigmoid_derivative(2 * z)),
    Answer("4e/(1 + e)² with e = e^(−2|z|)", "equivalent", "correct", _stable_tanh_prime),
    Answer("sech² from e^(−|z|)", "equivalent", "correct", _sech_squared),
    Answer("logs", "equivalent", "correct",
           lambda z: np.exp(np.log(4) - 2 * np.abs(z) - 2 * np.log1p(np.exp(-2 * np.abs(z))))),
    Answer("in place", "equivalent", "correct",
           lambda z: np.multiply(4 * sigmoid(2 * z), sigmoid(-2 * z), out=z)),
    Answer("the library's tanh_derivative", "wrapper", "wrong", tanh_derivative, "library's own"),
    Answer("a wrapper of it", "wrapper", "wrong", lambda z: tanh_derivative(z), "library's own"),
    Answer("1 − tanh² (cancels)", "slip", "wrong", lambda z: 1 - np.tanh(z) ** 2, "cancels"),
    Answer("(1 − t)(1 + t) (cancels)", "slip", "wrong",
           lambda z: (1 - np.tanh(z)) * (1 + np.tanh(z)), "still cancels"),
    Answer("1 − tanh (square missing)", "slip", "wrong", lambda z: 1 - np.tanh(z), "square"),
    Answer("1/cosh² (overflows)", "slip", "wrong", lambda z: 1 / np.cosh(z) ** 2, "overflow"),
    Answer("4/(e^z + e^−z)² (overflows)", "slip", "wrong",
           lambda z: 4 / (np.exp(z) + np.exp(-z)) ** 2, "overflow"),
    Answer("e^(−2z) without |z| (overflows)", "slip", "wrong",
           lambda z: 4 * np.exp(-2 * z) / (1 + np.exp(-2 * z)) ** 2, "overflow"),
    Answer("at z, not 2z", "slip", "wrong", lambda z: 4 * sigmoid(z) * sigmoid(-z), "2z"),
    Answer("the 2 of the inner derivative dropped", "slip", "wrong",
           lambda z: 2 * sigmoid(2 * z) * sigmoid(-2 * z), "constant factor"),
    Answer("no return statement", "hostile", "wrong", _forgot_return_1, "`return`"),
    Answer("right, raises on a one-element array", "hostile", "correct",
           _raising_on_one(_stable_tanh_prime)),
    Answer("right on the checker's grid only", "grid", "wrong",
           _grid_recogniser_of(np.concatenate([np.linspace(-30, 30, 121),
                                               [-300.0, -100.0, 100.0, 300.0]]),
                               _stable_tanh_prime)),
    Answer("right on the first call only", "grid", "wrong", _stateful(_stable_tanh_prime)),
    *_hostile(),
]

# ------------------------------------------------------------------ why weights start random
DISTINCT = [
    Answer("1", "equivalent", "correct", 1),
    Answer("1.0", "equivalent", "correct", 1.0),
    Answer("as text", "equivalent", "correct", "1"),
    Answer("a numpy integer", "equivalent", "correct", np.int64(1)),
    Answer("all eight", "slip", "wrong", 8, "drift apart"),
    Answer("none", "slip", "wrong", 0, "do learn"),
    Answer("the inputs", "slip", "wrong", 2, "inputs"),
    Answer("half of them", "slip", "wrong", 4, "gradient"),
    Answer("more units than there are", "hostile", "wrong", 16, "8 hidden units"),
    Answer("a fraction", "hostile", "wrong", 1.5, "whole number"),
    Answer("negative", "hostile", "wrong", -1, "whole number"),
    Answer("True", "hostile", "wrong", True, "not numbers"),
    Answer("a word", "hostile", "wrong", "one", "expected a number"),
]

BREAKER = [
    Answer("c", "equivalent", "correct", "c"),
    Answer("C", "equivalent", "correct", "C"),
    Answer("(c)", "equivalent", "correct", "(c)"),
    Answer("the option's text", "equivalent", "correct", "random initial weights"),
    Answer("the option's text, with a full stop", "equivalent", "correct",
           "Random initial weights."),
    Answer("a larger learning rate", "slip", "wrong", "a", "equal gradients"),
    Answer("longer training", "slip", "wrong", "b", "same kind"),
    Answer("ReLU", "slip", "wrong", "d", "activation"),
    Answer("no such option", "hostile", "wrong", "e", "one of the letters"),
    Answer("two options", "hostile", "wrong", "c and d", "one of the letters"),
    Answer("a number", "hostile", "wrong", 3, "one of the letters"),
    Answer("a list", "hostile", "wrong", ["c"], "one of the letters"),
]

# ------------------------------------------------------------------ predict, then check
FAILURES = [
    Answer("the two that fail", "equivalent", "correct", ["sigmoid", "softplus"]),
    Answer("another order, a tuple", "equivalent", "correct", ("softplus", "sigmoid")),
    Answer("titles, a set", "equivalent", "correct", {"Sigmoid", "Softplus"}),
    Answer("one text, with a comma", "equivalent", "correct", "sigmoid, softplus"),
    Answer("one text, with 'and'", "equivalent", "correct", "Sigmoid and Softplus"),
    Answer("capitals and spaces", "equivalent", "correct", ["SIGMOID ", " softplus"]),
    Answer("only the sigmoid", "slip", "wrong", ["sigmoid"], "small in every layer"),
    Answer("none", "slip", "wrong", [], "σ′ ≤ 1/4"),
    Answer("the sigmoid and tanh", "slip", "wrong", ["sigmoid", "tanh"], "Did not fail: Tanh"),
    Answer("ReLU (dead units)", "slip", "wrong", ["relu"], "Did not fail: ReLU"),
    Answer("every saturating one", "slip", "wrong", ["sigmoid", "tanh", "softplus"],
           "output layer's gradient"),
    Answer("one more than failed", "slip", "wrong", ["sigmoid", "softplus", "selu"],
           "Did not fail: SELU"),
    Answer("Swish by its other name", "slip", "wrong", ["sigmoid", "softplus", "swish"],
           "Did not fail: SiLU"),
    Answer("no such activation", "hostile", "wrong", ["cubic"], "not an activation"),
    Answer("a number", "hostile", "wrong", 3, "list of activation names"),
    Answer("a list of numbers", "hostile", "wrong", [1, 2], "not an activation"),
]

SEEDS = [
    Answer("c", "equivalent", "correct", "c"),
    Answer("(C)", "equivalent", "correct", "(C)"),
    Answer("the option's text", "equivalent", "correct", "three seeds cannot tell them apart"),
    Answer("ReLU is better", "slip", "wrong", "a", "spread between seeds"),
    Answer("GELU is better", "slip", "wrong", "b", "lower"),
    Answer("no such option", "hostile", "wrong", "d", "one of the letters"),
    Answer("a number", "hostile", "wrong", 3, "one of the letters"),
    Answer("a list", "hostile", "wrong", ["c"], "one of the letters"),
]

DEPTH6 = [
    Answer("0.3 per extra layer", "equivalent", "correct", 0.15 * 0.3 ** 4),
    Answer("σ′'s bound per extra layer", "equivalent", "correct", 0.15 * 0.25 ** 4),
    Answer("a round guess", "equivalent", "correct", 0.002),
    Answer("as text", "equivalent", "correct", "2e-3"),
    Answer("depth does not matter", "slip", "wrong", 0.15, "every extra layer"),
    Answer("σ′ ≤ 1/4 for all six layers, weights ignored", "slip", "wrong", 0.25 ** 6,
           "He's weights"),
    Answer("a linear fall", "slip", "wrong", 0.15 * 2 / 6, "compound"),
    Answer("nothing arrives", "slip", "wrong", 0, "positive"),
    Answer("negative", "hostile", "wrong", -0.01, "positive"),
    Answer("words", "hostile", "wrong", "very small", "a number"),
    Answer("True", "hostile", "wrong", True, "a number"),
    Answer("nan", "hostile", "wrong", float("nan"), "positive"),
]


@functools.cache
def spirals_showdown() -> Showdown:
    """The showdown of the notebook's prediction cells (spirals, seeds 0, 1, 2), trained once."""
    return run_showdown(datasets=("spirals",), seeds=(0, 1, 2))


@functools.cache
def sigmoid_depth_sweep() -> DepthSweep:
    """The depth sweep of the notebook's third prediction, trained once."""
    return depth_sweep(dataset="moons", depths=(1, 2, 3, 4, 6))


CHECKERS: dict[str, Callable[[Any], core.Feedback]] = {
    "nb00.check_chain_rule": nb00.check_chain_rule,
    "nb00.check_central_difference": nb00.check_central_difference,
    "nb00.check_best_step": nb00.check_best_step,
    "nb01.check_sigmoid_prime_at_zero": nb01.check_sigmoid_prime_at_zero,
    "nb01.check_sigmoid_derivative": nb01.check_sigmoid_derivative,
    "nb02.check_tanh_derivative": nb02.check_tanh_derivative,
    "nb02.check_tanh_via_sigmoid": nb02.check_tanh_via_sigmoid,
    "nb02.check_tanh_prime_at_zero": nb02.check_tanh_prime_at_zero,
    "nb03.check_relu_derivative": nb03.check_relu_derivative,
    "nb03.check_dead_units": nb03.check_dead_units,
    "nb03.check_dead_everywhere": nb03.check_dead_everywhere,
    "nb04.check_max_form_counterexample": nb04.check_max_form_counterexample,
    "nb04.check_leaky_relu_derivative": nb04.check_leaky_relu_derivative,
    "nb04.check_prelu_alpha_derivative": nb04.check_prelu_alpha_derivative,
    "nb05.check_shrink_factor": nb05.check_shrink_factor,
    "nb05.check_he_std": nb05.check_he_std,
    "nb06.check_softplus_derivative": nb06.check_softplus_derivative,
    "nb06.check_silu_turning_point": nb06.check_silu_turning_point,
    "nb06.check_sharper_softplus": nb06.check_sharper_softplus,
    "nb06.check_elu_derivative": nb06.check_elu_derivative,
    "nb06.check_gelu_derivative": nb06.check_gelu_derivative,
    "nb06.check_selu_derivative": nb06.check_selu_derivative,
    "foundations.check_partial_derivative": foundations.check_partial_derivative,
    "foundations.check_unit_gradient": foundations.check_unit_gradient,
    "foundations.check_gradient_step": foundations.check_gradient_step,
    "backprop.check_backward": backprop.check_backward,
    "floating_point.check_overflow_limit": floating_point.check_overflow_limit,
    "floating_point.check_stable_sigmoid": floating_point.check_stable_sigmoid,
    "floating_point.check_stable_tanh_prime": floating_point.check_stable_tanh_prime,
    "symmetry.check_distinct_units": symmetry.check_distinct_units,
    "symmetry.check_symmetry_breaker": symmetry.check_symmetry_breaker,
    "showdown.check_failure_prediction":
        lambda answer: showdown.check_failure_prediction(answer, spirals_showdown()),
    "showdown.check_seed_prediction":
        lambda answer: showdown.check_seed_prediction(answer, spirals_showdown()),
    "showdown.check_depth_prediction":
        lambda answer: showdown.check_depth_prediction(answer, sigmoid_depth_sweep()),
}
"""Every checker a notebook calls, by the name the notebook calls it (the predictions with the
result of the training the notebook runs before them)."""

CATALOGUE: dict[str, list[Answer]] = {
    "nb00.check_chain_rule": CHAIN,
    "nb00.check_central_difference": CENTRAL,
    "nb00.check_best_step": BEST_STEP,
    "nb01.check_sigmoid_prime_at_zero": PRIME0,
    "nb01.check_sigmoid_derivative": SIGMOID_DERIVATIVE,
    "nb02.check_tanh_derivative": TANH_DERIVATIVE,
    "nb02.check_tanh_via_sigmoid": TANH_VIA,
    "nb02.check_tanh_prime_at_zero": TANH0,
    "nb03.check_relu_derivative": RELU,
    "nb03.check_dead_units": DEAD03,
    "nb03.check_dead_everywhere": EVERYWHERE,
    "nb04.check_max_form_counterexample": MAX_FORM,
    "nb04.check_leaky_relu_derivative": LEAKY,
    "nb04.check_prelu_alpha_derivative": PRELU,
    "nb05.check_shrink_factor": SHRINK,
    "nb05.check_he_std": HE,
    "nb06.check_softplus_derivative": SOFTPLUS,
    "nb06.check_silu_turning_point": TURNING,
    "nb06.check_sharper_softplus": SHARPER,
    "nb06.check_elu_derivative": ELU,
    "nb06.check_gelu_derivative": GELU,
    "nb06.check_selu_derivative": SELU,
    "foundations.check_partial_derivative": PARTIAL,
    "foundations.check_unit_gradient": UNIT_GRADIENT,
    "foundations.check_gradient_step": GRADIENT_STEP,
    "backprop.check_backward": BACKWARD,
    "floating_point.check_overflow_limit": OVERFLOW,
    "floating_point.check_stable_sigmoid": STABLE_SIGMOID,
    "floating_point.check_stable_tanh_prime": STABLE_TANH_PRIME,
    "symmetry.check_distinct_units": DISTINCT,
    "symmetry.check_symmetry_breaker": BREAKER,
    "showdown.check_failure_prediction": FAILURES,
    "showdown.check_seed_prediction": SEEDS,
    "showdown.check_depth_prediction": DEPTH6,
}

# ------------------------------------------------------------------ what a hint must not say
_NUMBER = r"(?<![\d.])"
REVEALING: dict[str, list[str]] = {
    "nb00.check_chain_rule": [rf"re:{_NUMBER}24(?![\d.])"],
    "nb00.check_central_difference": ["(f(z+h)-f(z-h))/(2h)", "(f(z+h)-f(z-h))/(2*h)"],
    "nb00.check_best_step": [r"re:(?<![\d.])1e-0?5(?!\d)", "10^-5", "10⁻⁵"],
    "nb01.check_sigmoid_prime_at_zero": [rf"re:{_NUMBER}0\.25(?!\d)", "1/4", "¼"],
    "nb01.check_sigmoid_derivative": ["σ(z)(1-σ(z))", "σ(1-σ)", "σ(z)σ(-z)",
                                      "sigmoid(z)(1-sigmoid(z))", "sigmoid(z)sigmoid(-z)"],
    "nb02.check_tanh_derivative": ["1-tanh2(z)", "1-tanh(z)2", "sech2(z)", "1/cosh2(z)",
                                   "1/cosh(z)2"],
    "nb02.check_tanh_via_sigmoid": ["4σ'(2z)", "4sigmoid_derivative(2z)", "2σ'(2z)2",
                                    "4σ(2z)σ(-2z)"],
    "nb02.check_tanh_prime_at_zero": ["4¼", "4/4", "1-0=1", "=1."],
    "nb03.check_relu_derivative": ["where(z>0,1.0,0.0)", "where(z>0,1,0)", "(z>0).astype",
                                   "heaviside(z,0"],
    "nb03.check_dead_units": ["[0,2,3]", "0,2and3", "units0,2"],
    "nb03.check_dead_everywhere": ["1/16", "(1/2)4", "(½)4", "0.0625"],
    "nb04.check_max_form_counterexample": ["α>1", "alpha>1", "outside[0,1]"],
    "nb04.check_leaky_relu_derivative": ["where(z>0,1.0,alpha)", "where(z>0,1,alpha)",
                                         "αforz≤0", "αforz<0"],
    "nb04.check_prelu_alpha_derivative": ["min(z,0)", "minimum(z,0", "where(z>0,0,z)",
                                          "where(z>0,0.0,z)", "zforz≤0", "∂g/∂α=z"],
    "nb05.check_shrink_factor": ["(1/4)5", "(1/4)^5", "1/1024", "0.00098", "0.000977", "1/45", "0.255"],
    "nb05.check_he_std": ["√(2/50)", "sqrt(2/50)", rf"re:{_NUMBER}0\.2(?!\d)",
                          rf"re:{_NUMBER}1/5(?!\d)"],
    "nb06.check_softplus_derivative": ["1/(1+e^(-z))", "e^z/(1+e^z)", "sigmoid(z)",
                                       "softplus'=σ"],
    "nb06.check_silu_turning_point": [r"re:1\.2784"],
    "nb06.check_sharper_softplus": ["softplus(2z)/2", "softplus(2*z)/2", "log(1+exp(2z))/2",
                                    "½softplus(2z)", "dividedby2outside"],
    "nb06.check_elu_derivative": ["αe^z", "alphaexp(z)", "alpha*exp", "αe^zforz≤0"],
    "nb06.check_gelu_derivative": ["Φ(z)+zφ(z)", "cdf(z)+zpdf(z)"],
    "nb06.check_selu_derivative": ["λαe^z", "lamalphaexp", "λforz>0", "lam*alpha*exp"],
    "foundations.check_partial_derivative": [rf"re:{_NUMBER}[-−]2(?![\d.])",
                                             r"re:\(0 ?[-−] ?1\) ?[·*×] ?2",
                                             r"re:\([-−]1\) ?[·*×] ?2", "(wx+b-y)x", "ux="],
    "foundations.check_unit_gradient": [rf"re:{_NUMBER}[-−]0\.25(?!\d)", "-1/4", "-¼",
                                        "(0.5-1)0.252", "-0.1252", "(a-y)σ'(z)x", "δx="],
    "foundations.check_gradient_step": ["(a-y)sigmoid_derivative(z)", "(a-y)σ'(z)x",
                                        "mean(deltax)", "mean(δx)", "sigmoid_derivative(z)x",
                                        "a(1-a)x"],
    "backprop.check_backward": ["(sigmoid(Z2)-y)/n", "A1.T@delta2", "X.T@delta1",
                                "(delta2@W2.T)sigmoid_derivative(Z1)", "sum(axis=0)",
                                "δ2W2ᵀ⊙σ'(Z1)", "(δ2W2ᵀ)⊙σ'(Z1)"],
    "floating_point.check_overflow_limit": [r"re:709\.78", "ln(1.8", "ln(1.797", "log(1.8",
                                            "log(1.797", "log(finfo", "e^z=1.8", "e^z=1.797"],
    "floating_point.check_stable_sigmoid": ["e/(1+e)", "exp(-abs(z))/(1+exp(-abs(z)))",
                                            "logaddexp", "e^z/(1+e^z)forz<0",
                                            "e^z/(1+e^z)wherez<0", "exp(z)/(1+exp(z))forz<0"],
    "floating_point.check_stable_tanh_prime": ["4σ(2z)σ(-2z)", "4sigmoid(2z)sigmoid(-2z)",
                                               "4σ'(2z)", "4sigmoid_derivative(2z)",
                                               "4e/(1+e)2", "4e^(-2|z|)/(1+e^(-2|z|))2"],
    "symmetry.check_distinct_units": ["onedistinct", "1distinct", "oneunit", "asingleunit",
                                      rf"re:{_NUMBER}1(?![\d.])"],
    "symmetry.check_symmetry_breaker": ["random", "answeris(c)", "answerisc"],
    "showdown.check_failure_prediction": [],
    "showdown.check_seed_prediction": [],
    "showdown.check_depth_prediction": [],
}
"""Per checker: its answer's forms, normalised by :func:`normalise` (no spaces, "·" and "*"
dropped, "−" as "-", "²" as "2", no "np."); "re:" marks a regular expression."""


def normalise(text: str) -> str:
    for a, b in (("−", "-"), ("·", ""), ("*", ""), ("²", "2"), ("′", "'"), ("⁴", "4"),
                 ("⁵", "5"), ("np.", ""), ("numpy.", ""), ("`", ""), (" ", "")):
        text = text.replace(a, b)
    return text


def reveals(name: str, message: str, typed: Any = None) -> str | None:
    """The first form of the answer of checker ``name`` that ``message`` contains, once the
    learner's own answer, ``typed``, which a message may quote back, is taken out."""
    for echo in _echoes(typed):
        message = message.replace(echo, "…")
    flat = normalise(message)
    for pattern in REVEALING[name]:
        if pattern.startswith("re:"):
            if re.search(pattern[3:], message) or re.search(pattern[3:], flat):
                return pattern
        elif normalise(pattern) in flat:
            return pattern
    return None


def _echoes(typed: Any) -> list[str]:
    if typed is None or callable(typed):
        return []
    texts = {str(typed), repr(typed)}
    try:
        texts.add(f"{float(typed):g}")
    except (TypeError, ValueError):
        pass
    return sorted((t for t in texts if t), key=len, reverse=True)


@dataclass
class Verdict:
    name: str
    answer: Answer
    status: str
    message: str
    problem: str | None
    """None when the verdict is fair: else what is wrong with it."""


def judge(name: str, answer: Answer) -> Verdict:
    """Run one answer through its checker, as the learner's cell would."""
    check = CHECKERS[name]
    try:
        value = answer.cell() if answer.cell is not None else answer.value
    except Exception as err:  # the learner's cell itself raised: a traceback on the page
        return Verdict(name, answer, "raised", f"{type(err).__name__}: {err}",
                       "the learner's cell raised before the checker ran")
    try:
        with warnings.catch_warnings(record=True) as shown:
            warnings.simplefilter("always")
            fb = check(value)
    except Exception as err:  # the checker raised: a traceback on the page
        return Verdict(name, answer, "raised", f"{type(err).__name__}: {err}", "checker raised")
    message = fb.message
    problem = None
    if fb.status != answer.verdict:
        problem = f"verdict {fb.status}, deserves {answer.verdict}"
    elif shown:   # a warning box on the learner's page, beside the verdict
        problem = f"warned: {shown[0].category.__name__}: {str(shown[0].message)[:80]}"
    elif "\n" in repr(fb) or len(repr(fb)) > 600:
        problem = "not one line"
    elif answer.phrase and answer.phrase not in message:
        problem = f"message does not say {answer.phrase!r}"
    if fb.status == "wrong":
        shown = reveals(name, message, value)
        if shown is not None:
            problem = (problem + "; " if problem else "") + f"reveals the answer ({shown})"
    return Verdict(name, answer, fb.status, message, problem)


def tally() -> tuple[int, int, int, list[Verdict]]:
    """(answers, wrong verdicts, answer-revealing hints, every unfair verdict)."""
    verdicts = [judge(name, a) for name, answers in CATALOGUE.items() for a in answers]
    unfair = [v for v in verdicts if v.problem]
    wrong = sum(1 for v in unfair if "verdict" in v.problem or "raised" in v.problem)
    revealing = sum(1 for v in unfair if "reveals" in v.problem)
    return len(verdicts), wrong, revealing, unfair


if __name__ == "__main__":
    n, wrong, revealing, unfair = tally()
    for v in unfair:
        print(f"{v.name:38} {v.answer.cls:11} {v.answer.label:38} {v.problem}")
    print(f"{n} answers; {wrong} wrong verdicts (or raised); {revealing} revealing hints; "
          f"{len(unfair)} unfair in all")
