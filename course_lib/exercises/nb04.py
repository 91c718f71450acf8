"""Exercises of notebook 05 (Leaky ReLU and PReLU): the derivative with slope α, the
derivative of PReLU with respect to α, and a counterexample to the shorthand max(αz, z).

Each checker returns a :class:`~course_lib.exercises.core.Feedback`; ``None`` (the starter's
placeholder) gets "not answered yet".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy as sp

from course_lib.activations import leaky_relu, leaky_relu_derivative
from course_lib.exercises.core import NOT_VECTORISED as NOT_VECTORISED_HINT
from course_lib.exercises.core import Feedback, Mistake, VectorisedExercise, scalar_only
from course_lib.experiments.dead_units import prelu_alpha_derivative

CHECK_ALPHA = 0.2
"""The first α the checkers pass to a learner's function (not the default 0.01, so that a
hard-coded 0.01 shows)."""
MORE_ALPHAS = ({"alpha": 0.05}, {"alpha": 0.73})
"""Further values of α tried: a right answer is right for every α, whatever a hint names."""


def _scalar_only_with_alpha(f: Callable) -> bool:
    return scalar_only(f, alpha=CHECK_ALPHA)


# ---------------------------------------------------------------- 1. g′ with slope α
def _leaky_not_vectorised(z, alpha):
    return 1.0 if z > 0 else alpha


LEAKY_DERIVATIVE = VectorisedExercise(
    "04.leaky_relu_derivative", "function", leaky_relu_derivative,
    [
        Mistake(NOT_VECTORISED_HINT, _leaky_not_vectorised, detect=_scalar_only_with_alpha),
        Mistake("α is on the wrong side: which piece of g is αz, the one for z > 0 or the "
                "one for z ≤ 0?",
                lambda z, alpha: np.where(z > 0, alpha, 1.0)),
        Mistake("That is ReLU's derivative: for z < 0 Leaky ReLU is αz, not 0, so its slope "
                "there is not 0 either.",
                lambda z, alpha: np.where(z > 0, 1.0, 0.0)),
        Mistake("You used 0.01, the default α, but the function must use the α it is given, "
                "and the checker passes other values: write alpha, not 0.01.",
                lambda z, alpha: np.where(z > 0, 1.0, 0.01)),
        Mistake("For z < 0 you return αz, which is g(z) itself there: we want its slope, and "
                "the slope of a straight line does not change with z.",
                lambda z, alpha: np.where(z > 0, 1.0, alpha * z)),
        Mistake("That is Leaky ReLU itself, not its slope: on each side of 0, g is a straight "
                "line, and its slope does not depend on z.",
                lambda z, alpha: np.where(z > 0, z, alpha * z)),
        Mistake("Right everywhere except at the kink: at z = 0 you return 1, the slope from "
                "the right. The convention (as for ReLU) is the left-hand value, α. Use "
                "z > 0, not z >= 0.",
                lambda z, alpha: np.where(z >= 0, 1.0, alpha)),
    ],
    success="1 for z > 0 and α for z ≤ 0 (α at the kink, the left-hand value).",
    params={"alpha": CHECK_ALPHA},
    variations=MORE_ALPHAS,
    kinks=(0.0,),
    library=leaky_relu_derivative,
)


def check_leaky_relu_derivative(f: Callable | None) -> Feedback:
    """Check a learner's vectorised ``f(z, alpha)`` = g′(z) of Leaky ReLU: 1 for z > 0, α for
    z ≤ 0.

    >>> check_leaky_relu_derivative(lambda z, alpha: np.where(z > 0, 1.0, alpha)).correct
    True
    """
    return LEAKY_DERIVATIVE.check(f)


# ---------------------------------------------------------------- 2. ∂g/∂α of PReLU
def _prelu_reference(z, alpha):
    return prelu_alpha_derivative(z)


PRELU_ALPHA = VectorisedExercise(
    "04.prelu_alpha_derivative", "function", _prelu_reference,
    [
        Mistake(NOT_VECTORISED_HINT, lambda z, alpha: 0.0 if z > 0 else z, detect=_scalar_only_with_alpha),
        Mistake("α is what we differentiate by here, not the answer: α is ∂g/∂z on the "
                "negative side. For ∂g/∂α hold z fixed and let α vary: how fast does αz "
                "change then?",
                lambda z, alpha: np.where(z > 0, 0.0, alpha)),
        Mistake("That is g′(z) = ∂g/∂z, the slope in z. PReLU learns α, so we need the other "
                "partial derivative: hold z fixed and vary α.",
                lambda z, alpha: np.where(z > 0, 1.0, alpha)),
        Mistake("∂(αz)/∂α is not 1: z multiplies α like a constant coefficient (as "
                "∂(3α)/∂α = 3).",
                lambda z, alpha: np.where(z > 0, 0.0, 1.0)),
        Mistake("For z > 0, g = z does not contain α at all: what is its derivative with "
                "respect to α?",
                lambda z, alpha: z + 0.0 * alpha),
        Mistake("The branches are swapped: in which branch of g does α appear at all?",
                lambda z, alpha: np.where(z > 0, z, 0.0)),
        Mistake("αz is g itself on the negative side, not its derivative with respect to α: "
                "differentiate it by α, holding z fixed.",
                lambda z, alpha: np.where(z > 0, 0.0, alpha * z)),
    ],
    success="∂g/∂α = 0 for z > 0 and z for z ≤ 0, that is min(z, 0). It does not depend on "
            "α: g is linear in α.",
    params={"alpha": CHECK_ALPHA},
    variations=MORE_ALPHAS,
    library=prelu_alpha_derivative,
)


def _sympy_to_function(expr: sp.Basic) -> Callable | Feedback:
    """A SymPy expression in z (and alpha) as a NumPy function f(z, alpha)."""
    names = {s.name: s for s in expr.free_symbols}
    unknown = sorted(set(names) - {"z", "alpha", "α"})
    if unknown:
        return Feedback("wrong", f"your expression contains {', '.join(unknown)}: write it in "
                                 "terms of z (and alpha).")
    z_sym = names.get("z", sp.Symbol("z"))
    a_sym = names.get("alpha", names.get("α", sp.Symbol("alpha")))
    f = sp.lambdify((z_sym, a_sym), expr, modules="numpy")

    def as_function(z, alpha):
        return np.broadcast_to(np.asarray(f(z, alpha), dtype=float), np.shape(z))

    return as_function


def check_prelu_alpha_derivative(answer: Callable | sp.Basic | None) -> Feedback:
    """Check ∂g/∂α of PReLU, min(z, 0): a Python function ``f(z, alpha)`` or a SymPy
    expression in ``z`` (e.g. ``sp.Piecewise((0, z > 0), (z, True))``).

    >>> check_prelu_alpha_derivative(sp.Min(sp.Symbol("z"), 0)).correct
    True
    """
    if isinstance(answer, sp.Basic):
        converted = _sympy_to_function(answer)
        if isinstance(converted, Feedback):
            return converted
        answer = converted
    return PRELU_ALPHA.check(answer)


# ---------------------------------------------------------------- 3. when max(αz, z) fails
MAX_FORM_MISTAKES = (
    Mistake("For this α the shorthand is right for every z. Check each side of 0, as section 1 "
            "does: for z > 0, when does max(αz, z) pick z, and for z < 0, when does it pick "
            "αz?", (0.5, -2.0)),
    Mistake("A surprise: for α < 0 the shorthand still agrees (for z < 0, αz > 0 > z, so the "
            "max is αz; for z > 0 the max is z). What α < 0 breaks is that g is increasing: "
            "g(−2) > g(0). Look for another α.", (-0.5, -2.0)),
    Mistake("At z = 0 both sides are 0 for every α. Keep your α, choose z ≠ 0.", (2.0, 0.0)),
)


def check_max_form_counterexample(answer: Any) -> Feedback:
    """Check a pair ``(alpha, z)`` for which max(αz, z) differs from Leaky ReLU g(z) (any
    α > 1 with z ≠ 0).

    >>> check_max_form_counterexample((2.0, 1.0)).correct
    True
    """
    if answer is None or answer is Ellipsis:
        return Feedback("unanswered", "replace None by a pair (alpha, z), e.g. (0.3, -1.0), "
                                      "and run the cell again.")
    try:
        alpha, z = (float(v) for v in answer)
    except (TypeError, ValueError):
        return Feedback("wrong", "expected a pair of numbers (alpha, z), e.g. (0.3, -1.0).")
    if not (math.isfinite(alpha) and math.isfinite(z)):
        return Feedback("wrong", "α and z must be finite numbers.")
    shorthand, g = max(alpha * z, z), float(leaky_relu(z, alpha=alpha))
    if not math.isclose(shorthand, g, rel_tol=1e-12, abs_tol=1e-300):
        return Feedback("correct", f"at α = {alpha:g}, z = {z:g}: max(αz, z) = {shorthand:g} but "
                                   f"g(z) = {g:g}. For α > 1 the max picks the wrong branch on "
                                   "both sides of 0.")
    if z == 0:
        return Feedback("wrong", MAX_FORM_MISTAKES[2].hint)
    if alpha < 0:
        return Feedback("wrong", MAX_FORM_MISTAKES[1].hint)
    return Feedback("wrong", MAX_FORM_MISTAKES[0].hint)
