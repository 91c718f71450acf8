"""Exercises of notebook 06 (tweak and combine), each with the mistakes we expect and a hint
for each.

* :func:`check_softplus_derivative` - softplus′ as a Python function (it is σ);
* :func:`check_silu_turning_point` - where SiLU′(z) = 0, found numerically;
* :func:`check_sharper_softplus` - an activation, typed as text, whose slope is σ(2z).

Each ``check_...`` takes the learner's answer and returns a
:class:`~course_lib.exercises.core.Feedback`, which shows as one line in the notebook.

>>> check_silu_turning_point(-1.28).message.startswith("Close, but")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize

from course_lib.activations import (
    gelu_derivative,
    mish_derivative,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    silu_derivative,
    softplus,
    softplus_derivative,
)
from course_lib.exercises.core import Exercise, Feedback, Mistake, agrees_to_digits, significant_digits
from course_lib.expressions import ExpressionError, parse


# ------------------------------------------------------------------ 1. softplus′
def _outer_only(z):
    return 1 / (1 + np.exp(z))


def _inner_only(z):
    return np.exp(z)


SOFTPLUS_DERIVATIVE = Exercise(
    key="nb06.softplus_derivative",
    kind="function",
    reference=softplus_derivative,
    success="softplus′(z) = e^z/(1 + e^z) = 1/(1 + e^(−z)) = σ(z): the sigmoid itself.",
    mistakes=[
        Mistake("1/(1 + e^z) is only the outer factor of the chain rule, d(log u)/du = 1/u with "
                "u = 1 + e^z (it equals σ(−z), a mirror image). Multiply by the inner "
                "derivative du/dz = e^z.", _outer_only),
        Mistake("e^z is only the inner derivative du/dz; the chain rule also needs the outer "
                "factor d(log u)/du = 1/u = 1/(1 + e^z).", _inner_only),
        Mistake("e^z/(1 + e^z)² is σ′(z), the slope of the sigmoid: one derivative too many. "
                "softplus′ = e^z/(1 + e^z) has no square in the denominator.",
                sigmoid_derivative),
        Mistake("That is softplus itself, log(1 + e^z), not its slope.", softplus),
        Mistake("That is ReLU′, the step. Softplus is a smooth ReLU, and its slope climbs "
                "smoothly from 0 to 1: differentiate log(1 + e^z) with the chain rule.",
                relu_derivative),
    ],
)


def check_softplus_derivative(answer: Any) -> Feedback:
    """Check a Python function for softplus′(z) (it equals σ(z)).

    >>> check_softplus_derivative(lambda z: 1 / (1 + np.exp(z))).correct
    False
    """
    return SOFTPLUS_DERIVATIVE.check(answer)


# ------------------------------------------------------------------ 2. SiLU′ = 0
SILU_TURNING_POINT = float(optimize.brentq(silu_derivative, -3.0, -0.5, xtol=1e-15))
"""Where SiLU′(z) = σ(z)(1 + zσ(−z)) = 0: z ≈ −1.278465 (the bottom of SiLU's dip)."""


SILU_MINIMUM = float(SILU_TURNING_POINT * sigmoid(SILU_TURNING_POINT))
"""SiLU's lowest value, z*·σ(z*) ≈ −0.278465."""
GELU_TURNING_POINT = float(optimize.brentq(gelu_derivative, -3.0, -0.3, xtol=1e-15))
"""Where GELU′(z) = 0: z ≈ −0.751792."""
MISH_TURNING_POINT = float(optimize.brentq(mish_derivative, -3.0, -0.3, xtol=1e-15))
"""Where Mish′(z) = 0: z ≈ −1.192431."""


def _near_turning_point(answer: Any) -> bool:
    """A reading off the plot: fewer than six digits, and the turning point rounded (or
    within 0.02 of it)."""
    value = float(answer)
    return significant_digits(value) < 6 and (
        agrees_to_digits(value, SILU_TURNING_POINT, 1, coarse=True)
        or abs(value - SILU_TURNING_POINT) < 0.02)


TURNING_POINT = Exercise(
    key="nb06.silu_turning_point",
    kind="number",
    reference=SILU_TURNING_POINT,
    success=f"SiLU′(z) = 0 at z ≈ −{-SILU_TURNING_POINT:.6f}: there SiLU reaches its lowest value, "
            "z·σ(z) ≈ −0.2785, and for every z further left it rises back towards 0.",
    mistakes=[
        Mistake("−0.2785 is the lowest *value* of SiLU, g at the bottom of the dip. The question "
                "asks where the bottom is: the z at which g′(z) = 0.", SILU_MINIMUM),
        Mistake("That is where GELU′ = 0 (GELU's dip is narrower). For SiLU, solve "
                "σ(z)(1 + zσ(−z)) = 0, that is 1 + zσ(−z) = 0.", GELU_TURNING_POINT),
        Mistake("That is where Mish′ = 0. For SiLU = z·σ(z), solve σ(z)(1 + zσ(−z)) = 0.",
                MISH_TURNING_POINT),
        Mistake("SiLU′(0) = σ(0) = 1/2, not 0: at z = 0 SiLU is rising. The bottom of the dip "
                "lies further left.", 0.0),
        Mistake("Right distance, wrong side: for z > 0 both factors of σ(z)(1 + zσ(−z)) are "
                "positive. The dip is at negative z.", -SILU_TURNING_POINT),
        Mistake("Close, but that is a reading off the plot: let a root finder "
                "(scipy.optimize.brentq, or a bisection loop) pin it down to six digits.",
                -1.28, detect=_near_turning_point),
    ],
    digits=6,  # the prompt: "to six digits", so −1.27846 (or the root finder's value)
)


def check_silu_turning_point(answer: Any) -> Feedback:
    """Check the z at which SiLU′(z) = 0 (to about six digits).

    >>> check_silu_turning_point(-1.278464542761074).correct
    True
    """
    return TURNING_POINT.check(answer)


# ------------------------------------------------------------------ 3. slope σ(2z)
@dataclass
class ExpressionExercise(Exercise):
    """A ``"function"`` exercise whose answer is an activation typed as text (parsed safely by
    :func:`course_lib.expressions.parse`): its derivative, derived by SymPy, is compared with
    the reference. Reference and mistake examples may be text too."""

    def check(self, answer: Any) -> Feedback:
        if answer is None or answer is Ellipsis:
            return super().check(None)
        if not isinstance(answer, str):
            return Feedback("wrong", "type the activation as text in quotes, e.g. "
                                     "\"softplus(z)\".")
        try:
            expr = parse(answer)
        except ExpressionError as err:
            return Feedback("wrong", f"that expression cannot be used: {err}.")
        return super().check(expr.derivative_function)

    def _values(self, f: Any, z: np.ndarray) -> np.ndarray | None:
        return super()._values(parse(f).derivative_function if isinstance(f, str) else f, z)


SHARPER_SOFTPLUS = ExpressionExercise(
    key="nb06.sharper_softplus",
    kind="function",
    reference="softplus(2*z)/2",
    success="softplus(2z)/2 = log(1 + e^(2z))/2 has slope ½ · σ(2z) · 2 = σ(2z): a sharper "
            "smooth ReLU. With β in place of 2, softplus(βz)/β tends to ReLU as β grows (any "
            "constant added to it has the same slope).",
    mistakes=[
        Mistake("Its slope is 2σ(2z), twice too steep: the chain rule multiplies by the inner "
                "derivative 2. Divide by 2.", "softplus(2*z)"),
        Mistake("That is σ(2z) itself. We want a function whose *slope* is σ(2z): go one step "
                "up, to the function whose derivative is a sigmoid.", "sigmoid(2*z)"),
        Mistake("softplus(z) has slope σ(z): the right shape, but not as sharp. Put 2z inside, "
                "and undo the chain rule's factor 2.", "softplus(z)"),
        Mistake("That smooths the corner more (slope σ(z/2)). The slope σ(2z) needs 2z inside "
                "the softplus, divided by 2 outside.", "2*softplus(z/2)"),
        Mistake("That is ReLU, whose slope is the sharp step. σ(2z) is a smooth step: its "
                "antiderivative is a smooth ReLU.", "relu(z)"),
    ],
)


def check_sharper_softplus(answer: Any) -> Feedback:
    """Check an activation typed as text whose derivative should be σ(2z).

    >>> check_sharper_softplus("log(1 + exp(2*z))/2").correct
    True
    """
    return SHARPER_SOFTPLUS.check(answer)


EXERCISES: dict[str, Exercise] = {
    "check_softplus_derivative": SOFTPLUS_DERIVATIVE,
    "check_silu_turning_point": TURNING_POINT,
    "check_sharper_softplus": SHARPER_SOFTPLUS,
}
"""Each checker's name with the :class:`Exercise` behind it (the tests walk this)."""

__all__ = ["EXERCISES", "SILU_TURNING_POINT", "check_sharper_softplus",
           "check_silu_turning_point", "check_softplus_derivative"]
