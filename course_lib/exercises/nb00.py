"""Exercises of notebook 00 (start here): the chain rule by hand, a central difference, the
sweet spot of h."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from course_lib.exercises.core import Exercise, Feedback, Mistake, as_numbers
from course_lib.exercises.inspection import functions_used
from course_lib.gradcheck import central_difference

# ---------------------------------------------------------------- 1. the chain rule by hand
CHAIN_RULE = Exercise(
    "00.chain_rule", "number", 24.0,
    [
        Mistake("You differentiated the outside only: (1 + z²)³ → 3(1 + z²)² = 12 at z = 1. "
                "The chain rule multiplies by the derivative of the inside, 2z.", 12.0),
        Mistake("8 is (1 + z²)² · 2z at z = 1: the power rule's factor 3 is missing "
                "(d/du u³ = 3u²). (It is also h(1) itself, the value rather than the slope.)",
                8.0),
        Mistake("That is only the inner derivative 2z at z = 1; it still has to be multiplied "
                "by the outer derivative 3u² at u = 1 + z² = 2.", 2.0),
    ],
    success="h′(z) = 3(1 + z²)² · 2z, so h′(1) = 3 · 4 · 2 = 24.",
)


def check_chain_rule(answer: float | None) -> Feedback:
    """Check h′(1) for h(z) = (1 + z²)³."""
    return CHAIN_RULE.check(answer)


# ---------------------------------------------------------------- 2. a central difference
def _cubic(z):
    return z**3 - 2 * z


CASES = ((np.sin, 1e-3), (np.exp, 0.05), (_cubic, 0.0137), (np.tanh, 0.21))
"""The functions f and steps h the checker hands a learner's ``difference(f, z, h)``: several
of each, so that an answer written for sin, or for one h, shows."""
_N = 9
_POINTS = np.concatenate([np.linspace(-2.0, 2.0, _N) + 0.1 * k for k in range(len(CASES))])


def _as_function(difference: Callable) -> Callable:
    """A learner's difference(f, z, h) as one function of z: each block of the checker's points
    is differenced with its own f and h (:data:`CASES`)."""
    def values(z):
        z = np.asarray(z, dtype=float)
        if z.shape != _POINTS.shape:   # points of the checker's own choosing: sin, h = 1e-3
            return difference(np.sin, z, 1e-3)
        out = np.empty(z.shape)
        for k, (f, h) in enumerate(CASES):
            block = slice(k * _N, (k + 1) * _N)
            result = difference(f, z[block].copy(), h)
            if result is None:
                return None
            out[block] = as_numbers(result, (_N,))
        return out
    return values


def _central(f, z, h):
    return (f(z + h) - f(z - h)) / (2 * h)


def _ignores(argument: str) -> Callable[[Callable], bool]:
    """A detector: does the learner's difference give the same numbers whatever ``argument``
    ("f" or "h") it is passed?"""
    def detect(difference: Callable) -> bool:
        z = np.array([-0.7, 0.4, 1.3])
        with np.errstate(all="ignore"):
            if argument == "f":
                a, b = difference(np.sin, z.copy(), 1e-3), difference(np.exp, z.copy(), 1e-3)
            else:
                a, b = difference(np.sin, z.copy(), 1e-3), difference(np.sin, z.copy(), 0.05)
        return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                                rtol=1e-12, atol=0.0))
    return detect


def _calls_a_fixed_function(difference: Callable) -> bool:
    """Written with math.sin (or np.sin, np.exp, ...) in place of the f it is given."""
    return bool(functions_used(difference) & {"sin", "cos", "exp", "tan", "tanh", "log"})


FIXED_FUNCTION_HINT = (
    "your function works out the difference of one particular function (it calls `sin` or "
    "the like itself) instead of the `f` it is given. The checker passes several functions as "
    "`f` (not only sin), and the same difference must work for each: write it with `f(...)` "
    "only.")

CENTRAL = Exercise(
    "00.central_difference", "function", _as_function(_central),
    [
        Mistake("That is the exact derivative of sin, cos z, not a difference quotient: the "
                "checker passes several functions as f, and your function must work for each, "
                "using only values of f (and the difference of sin is not exactly cos z "
                "either: it is off by about h²/6 · |cos z|).",
                (lambda f, z, h: np.cos(z))),
        Mistake(FIXED_FUNCTION_HINT, lambda f, z, h: (np.sin(z + h) - np.sin(z - h)) / (2 * h),
                detect=_calls_a_fixed_function),
        Mistake("your function gives the same numbers whatever `f` it is passed: it must "
                "difference the `f` it is given (the checker passes several functions).",
                lambda f, z, h: 0.5 + 0 * z, detect=_ignores("f")),
        Mistake("your function gives the same numbers whatever step `h` it is passed: use the "
                "argument `h`, not a step typed in (the checker tries several).",
                lambda f, z, h: (f(z + 1e-3) - f(z - 1e-3)) / 2e-3, detect=_ignores("h")),
        Mistake("That is the forward difference (f(z+h) − f(z))/h: it is only first-order "
                "accurate, because it steps to one side only. The central difference steps to "
                "both sides of z.",
                (lambda f, z, h: (f(z + h) - f(z)) / h)),
        Mistake("The two points z − h and z + h are 2h apart, not h: divide by the distance "
                "between them.",
                (lambda f, z, h: (f(z + h) - f(z - h)) / h)),
        Mistake("Python reads `a / 2 * h` as (a / 2) · h: it divides by 2 and then "
                "*multiplies* by h. Division and multiplication go left to right, so the whole "
                "denominator needs its own brackets.",
                (lambda f, z, h: (f(z + h) - f(z - h)) / 2 * h)),
        Mistake("(f(z+h) − f(z))/(2h) is half a forward difference: the central difference "
                "takes its two points on both sides of z, one step each way.",
                (lambda f, z, h: (f(z + h) - f(z)) / (2 * h))),
        Mistake("The sign is flipped: the later point comes first in the numerator, as in the "
                "forward difference.",
                (lambda f, z, h: (f(z - h) - f(z + h)) / (2 * h))),
        Mistake("That is the backward difference (f(z) − f(z−h))/h: one-sided like the "
                "forward one, and only first-order accurate. The central difference steps to "
                "both sides of z.",
                (lambda f, z, h: (f(z) - f(z - h)) / h)),
    ],
    success="the central difference (f(z+h) − f(z−h)) / (2h); its error shrinks like h².",
    grid=_POINTS, probe=False, arity=3, adapt=_as_function,
    rtol=1e-9, atol=1e-12,
    library=central_difference,
    library_hint="write the difference quotient yourself, from values of `f`.",
)


def check_central_difference(difference: Callable | None) -> Feedback:
    """Check a learner's ``difference(f, z, h)`` against the central difference, for several
    functions f and steps h (:data:`CASES`)."""
    if difference is not None and not callable(difference):
        return Feedback("wrong", "expected a Python function difference(f, z, h).")
    return CENTRAL.check(difference)


# ---------------------------------------------------------------- 3. the sweet spot of h
BEST_STEP_WINDOW = (np.finfo(float).eps ** (1 / 3) / 10 ** 0.5,
                    np.finfo(float).eps ** (1 / 3) * 10 ** 0.5)
"""The steps accepted: within half a decade of ε^(1/3) ≈ 6.1e-6, where the central
difference's error on the figure of section 2 (σ at z = 1) is smallest. Of the powers of
ten only 1e-5 lies inside; 1e-4 and 1e-6 give errors about thirty times larger."""


BEST_STEP = 1e-5
"""The power of ten inside :data:`BEST_STEP_WINDOW` (never named in a hint: it is the answer)."""


def central_error(h: float) -> float:
    """The central difference's absolute error for σ′(1) with step ``h`` (the figure's
    orange curve)."""
    from course_lib.activations import sigmoid, sigmoid_derivative
    from course_lib.gradcheck import central_difference

    return abs(float(central_difference(sigmoid, 1.0, h)) - float(sigmoid_derivative(1.0)))


def check_best_step(h: float | None) -> Feedback:
    """Roughly which step h gives the smallest central-difference error (double precision)?

    Right answers lie within half a decade of ε^(1/3) ≈ 6e-6 (so 1e-5 of the powers of ten).
    """
    if h is None:
        return Feedback("unanswered", "replace None by a step size such as 1e-2 and run the "
                                      "cell again.")
    try:
        h = float(h)
    except (TypeError, ValueError):
        return Feedback("wrong", f"expected a number such as 1e-2, got {h!r}.")
    if not (h > 0 and math.isfinite(h)):
        return Feedback("wrong", "a step size is a positive number.")
    low, high = BEST_STEP_WINDOW
    if low <= h <= high:
        return Feedback("correct", "the error is smallest near h ≈ ε^(1/3) ≈ 6e-6, where "
                                   "truncation (≈ h²) and round-off (≈ ε/h) are about equal.")
    ratio = central_error(h) / central_error(BEST_STEP)
    errors = (f"(error {central_error(h):.1e} at h = {h:g}, about {float(f'{ratio:.1g}'):g} "
              "times the smallest error on the curve)")
    if high < h <= 1e-3:
        return Feedback("wrong", f"close, but still on the straight right-hand part of the "
                                 f"orange curve {errors}: there truncation (≈ h²·f‴/6) "
                                 "dominates, and a smaller h still helps. Follow the curve "
                                 "down to its lowest point.")
    if 1e-7 <= h < low:
        return Feedback("wrong", f"close, but already left of the lowest point {errors}: "
                                 "round-off (≈ ε/h) has started to grow. Look for the bottom "
                                 "of the orange curve.")
    if 1e-10 <= h < 1e-7:
        return Feedback("wrong", "that is where the *forward* difference is best (h ≈ √ε ≈ "
                                 "1e-8). The central difference's truncation error is smaller "
                                 "(∝ h²), so it can afford a larger h: look at the orange curve.")
    if h < 1e-10:
        return Feedback("wrong", "that small, round-off dominates: f(z+h) and f(z−h) agree in "
                                 "almost every digit and their difference is mostly noise.")
    return Feedback("wrong", "that large, the truncation error (≈ h²·f‴/6) dominates: the "
                             "curve is still falling there as h shrinks.")
