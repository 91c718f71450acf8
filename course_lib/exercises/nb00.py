"""Exercises of notebook 00: the chain rule by hand, a central difference, the sweet spot of h."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from course_lib.exercises.core import Exercise, Feedback, Mistake

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
_POINTS = np.linspace(-2.0, 2.0, 9)
_H = 1e-3


def _as_function(difference: Callable) -> Callable:
    """Turn a learner's difference(f, z, h) into a function of z (f = sin, h = 1e-3)."""
    return lambda z: difference(np.sin, z, _H)


def _central(f, z, h):
    return (f(z + h) - f(z - h)) / (2 * h)


CENTRAL = Exercise(
    "00.central_difference", "function", _as_function(_central),
    [
        Mistake("That is the forward difference (f(z+h) − f(z))/h: it is only first-order "
                "accurate. The central difference steps to both sides: f(z+h) − f(z−h).",
                _as_function(lambda f, z, h: (f(z + h) - f(z)) / h)),
        Mistake("The two points z − h and z + h are 2h apart: divide by 2h, not h.",
                _as_function(lambda f, z, h: (f(z + h) - f(z - h)) / h)),
        Mistake("(f(z+h) − f(z))/(2h) is half a forward difference: use f(z+h) − f(z−h) "
                "on top.", _as_function(lambda f, z, h: (f(z + h) - f(z)) / (2 * h))),
        Mistake("The sign is flipped: it is f(z+h) − f(z−h), the later point first.",
                _as_function(lambda f, z, h: (f(z - h) - f(z + h)) / (2 * h))),
        Mistake("That is the backward difference (f(z) − f(z−h))/h: one-sided like the "
                "forward one, and only first-order accurate. The central difference steps to "
                "both sides: (f(z+h) − f(z−h))/(2h).",
                _as_function(lambda f, z, h: (f(z) - f(z - h)) / h)),
        Mistake("That is the exact derivative cos z, not a difference quotient: the checker "
                "passes f = sin, but your function must work for any f it is given, using "
                "only values of f: (f(z+h) − f(z−h))/(2h). (The two differ by about "
                "h²/6 · |cos z| ≈ 1e-7 here.)",
                _as_function(lambda f, z, h: np.cos(z))),
    ],
    success="the central difference (f(z+h) − f(z−h)) / (2h); its error shrinks like h².",
    grid=_POINTS,
    rtol=1e-9, atol=1e-12,
)


def check_central_difference(difference: Callable | None) -> Feedback:
    """Check a learner's ``difference(f, z, h)`` against the central difference."""
    if difference is not None and not callable(difference):
        return Feedback("wrong", "expected a Python function difference(f, z, h).")
    return CENTRAL.check(None if difference is None else _as_function(difference))


# ---------------------------------------------------------------- 3. the sweet spot of h
BEST_STEP_WINDOW = (np.finfo(float).eps ** (1 / 3) / 10 ** 0.5,
                    np.finfo(float).eps ** (1 / 3) * 10 ** 0.5)
"""The steps accepted: within half a decade of ε^(1/3) ≈ 6.1e-6, where the central
difference's error on the figure of section 2 (σ at z = 1) is smallest. Of the powers of
ten only 1e-5 lies inside; 1e-4 and 1e-6 give errors about thirty times larger."""


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
    errors = f"(error {central_error(h):.1e} at h = {h:g}, against {central_error(1e-5):.1e} " \
             "at h = 1e-5)"
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
