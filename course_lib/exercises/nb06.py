"""Exercises of notebooks 08 (smooth ReLUs) and 09 (self-gated activations), each with the
mistakes we expect and a hint for each.

Notebook 08 calls :func:`check_softplus_derivative`, :func:`check_elu_derivative` and
:func:`check_selu_derivative`; notebook 09 :func:`check_silu_turning_point`,
:func:`check_gelu_derivative` and :func:`check_sharper_softplus`.

* :func:`check_softplus_derivative` - softplus′ as a Python function (it is σ);
* :func:`check_silu_turning_point` - where SiLU′(z) = 0, found numerically;
* :func:`check_sharper_softplus` - an activation, typed as text, whose slope is σ(2z);
* :func:`check_elu_derivative`, :func:`check_gelu_derivative`, :func:`check_selu_derivative` -
  the derivatives of ELU (around 0), GELU (product rule) and SELU (the scale λ on both sides),
  as NumPy functions.

Each ``check_...`` takes the learner's answer and returns a
:class:`~course_lib.exercises.core.Feedback`, which shows as one line in the notebook.

>>> check_silu_turning_point(-1.28).message.startswith("Close, but")
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize, special

from course_lib.activations import (
    ACTIVATIONS,
    elu_derivative,
    gelu_derivative,
    mish_derivative,
    relu_derivative,
    selu_derivative,
    sigmoid,
    sigmoid_derivative,
    silu_derivative,
    softplus,
    softplus_derivative,
)
from course_lib.exercises.core import (
    Exercise,
    Feedback,
    Mistake,
    agrees_to_digits,
    one_line,
    significant_digits,
)
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
    library=softplus_derivative,
    success="softplus′(z) = e^z/(1 + e^z) = 1/(1 + e^(−z)) = σ(z): the sigmoid itself.",
    mistakes=[
        Mistake("1/(1 + e^z) is only the outer factor of the chain rule, d(log u)/du = 1/u with "
                "u = 1 + e^z (it equals σ(−z), a mirror image). Multiply by the inner "
                "derivative du/dz = e^z.", _outer_only),
        Mistake("e^z is only the inner derivative du/dz; the chain rule also needs the outer "
                "factor d(log u)/du = 1/u = 1/(1 + e^z).", _inner_only),
        Mistake("that is σ′(z), the slope of the sigmoid: one derivative too many. The chain "
                "rule on log(1 + e^z) brings no square into the denominator.",
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


@dataclass(frozen=True)
class NoRoot:
    """What :func:`brentq` returns instead of raising when SciPy cannot start: the reason, in
    words. It shows as that sentence, and the checker reads it out as its verdict."""

    message: str

    def __repr__(self) -> str:
        return f"no zero found: {self.message}"


def _value(f: Callable, x: float) -> str:
    try:
        return f"{float(np.asarray(f(x), dtype=float)):.3g}"
    except Exception:  # the learner's f may raise anything
        return "no number"


def brentq(f: Callable, a: float, b: float, **options: Any) -> float | NoRoot:
    """SciPy's :func:`scipy.optimize.brentq`, a zero of ``f`` between ``a`` and ``b``; when
    SciPy refuses (``f(a)`` and ``f(b)`` of the same sign, a value that is not a number), a
    :class:`NoRoot` that says why, in place of a traceback.

    >>> round(brentq(lambda z: z - 0.5, 0.0, 1.0), 12)
    0.5
    >>> brentq(silu_derivative, -1.0, 1.0)  # doctest: +ELLIPSIS
    no zero found: brentq(f, a, b) needs f(a) and f(b) of opposite signs, ...
    """
    name = getattr(f, "__name__", "f")
    name = "f" if name == "<lambda>" else name
    try:
        return float(optimize.brentq(f, a, b, **options))
    except ValueError as err:
        fa, fb = _value(f, a), _value(f, b)
        if "different signs" in str(err):
            return NoRoot(f"brentq(f, a, b) needs f(a) and f(b) of opposite signs, so that f "
                          f"crosses 0 in between; here {name}({a:g}) = {fa} and {name}({b:g}) = "
                          f"{fb} have the same sign. Read a new bracket off the figure: one end "
                          "where the curve slopes down, one where it slopes up.")
        return NoRoot(f"SciPy's brentq could not use the bracket [{a:g}, {b:g}] "
                      f"({name}({a:g}) = {fa}, {name}({b:g}) = {fb}): {one_line(err)}.")
    except Exception as err:  # the learner's f, or arguments that are not numbers
        return NoRoot(f"brentq(f, a, b) could not evaluate it: {type(err).__name__}: "
                      f"{one_line(err)}. Pass the function itself (no brackets after its name) "
                      "and two numbers.")


def check_silu_turning_point(answer: Any) -> Feedback:
    """Check the z at which SiLU′(z) = 0 (to about six digits).

    >>> check_silu_turning_point(-1.278464542761074).correct
    True
    >>> check_silu_turning_point(brentq(silu_derivative, -1.0, 1.0)).message[:31]
    'brentq(f, a, b) needs f(a) and '
    """
    if isinstance(answer, NoRoot):
        return Feedback("wrong", answer.message)
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

    def _values(self, f: Any, z: np.ndarray, params: dict[str, float] | None = None
                ) -> np.ndarray | None:
        return super()._values(parse(f).derivative_function if isinstance(f, str) else f, z,
                               params)


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
        Mistake("softplus(z) has slope σ(z): the right shape, but not as sharp. What must go "
                "inside the softplus for its slope to be a σ of 2z, and what does the chain "
                "rule then do?", "softplus(z)"),
        Mistake("That smooths the corner more (slope σ(z/2)): the argument inside the softplus "
                "sets the sharpness, and it should make it sharper, not softer.",
                "2*softplus(z/2)"),
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


# ------------------------------------------------------------------ 4. ELU′ around 0
ELU_ALPHA = 0.5
"""The first α the ELU checker passes (not 1, so that a hard-coded α = 1 shows)."""
MORE_ELU_ALPHAS = ({"alpha": 1.7}, {"alpha": 0.13})
"""Further values of α tried, so that any α typed in shows."""


def _elu_reference(z, alpha):
    return elu_derivative(z, alpha=alpha)


ELU_DERIVATIVE = Exercise(
    key="nb06.elu_derivative",
    kind="function",
    library=elu_derivative,
    reference=_elu_reference,
    params={"alpha": ELU_ALPHA},
    variations=MORE_ELU_ALPHAS,
    kinks=(0.0,),
    success="ELU′(z) = 1 for z > 0 and αe^z for z ≤ 0 (α at 0, the left-hand value). The "
            "two sides meet at 0 only when αe^0 = 1, that is α = 1: then ELU is C¹.",
    mistakes=[
        Mistake("for z ≤ 0 you kept the −α: multiplied out, α(e^z − 1) ends in the constant "
                "−α, and a constant has slope 0.",
                lambda z, alpha: np.where(z > 0, 1.0, alpha * (np.exp(z) - 1))),
        Mistake("α is missing on the left: a constant factor stays when you differentiate "
                "(with α = 1 the two would agree, which is why the checker tries other α).",
                lambda z, alpha: np.where(z > 0, 1.0, np.exp(z))),
        Mistake("the branches are swapped: for z > 0 ELU is z (slope 1); the exponential "
                "piece is for z ≤ 0.",
                lambda z, alpha: np.where(z > 0, alpha * np.exp(z), 1.0)),
        Mistake("right except at the kink: at z = 0 you return 1, the slope from the right. "
                "For α ≠ 1 the sides differ there, and the convention is the left-hand value "
                "αe^0 = α. Use z > 0, not z >= 0.",
                lambda z, alpha: np.where(z >= 0, 1.0, alpha * np.exp(z))),
        Mistake("that is ELU itself, not its slope.",
                lambda z, alpha: np.where(z > 0, z, alpha * (np.exp(z) - 1))),
        Mistake("that is ReLU′: ELU's left side is not flat, it curves down towards −α.",
                lambda z, alpha: np.where(z > 0, 1.0, 0.0)),
    ],
)


def check_elu_derivative(answer: Any) -> Feedback:
    """Check a Python function ``f(z, alpha)`` for ELU′ (1 for z > 0, αe^z for z ≤ 0).

    >>> check_elu_derivative(lambda z, alpha: np.where(z > 0, 1.0, alpha * np.exp(z))).correct
    True
    """
    return ELU_DERIVATIVE.check(answer)


# ------------------------------------------------------------------ 5. GELU′ by the product rule
def _Phi(z):
    return special.ndtr(z)


def _phi(z):
    return np.exp(-np.square(z) / 2) / np.sqrt(2 * np.pi)


def _gelu_tanh_derivative(z):
    """The derivative of GELU's tanh approximation ½z(1 + tanh(√(2/π)(z + 0.044715z³)))."""
    c = np.sqrt(2 / np.pi)
    u = c * (z + 0.044715 * z**3)
    t = np.tanh(u)
    return 0.5 * (1 + t) + 0.5 * z * (1 - t**2) * c * (1 + 3 * 0.044715 * z**2)


def _gelu_reference(z):
    return gelu_derivative(z)


GELU_DERIVATIVE = Exercise(
    key="nb06.gelu_derivative",
    kind="function",
    library=gelu_derivative,
    reference=_gelu_reference,
    success="GELU′(z) = Φ(z) + z·φ(z): the product rule on z·Φ(z), with Φ′ = φ.",
    mistakes=[
        Mistake("that is Φ(z) alone: the product rule on z·Φ(z) has two terms, one for each "
                "factor differentiated. You have the one where z is differentiated.", _Phi),
        Mistake("that is the second term of the product rule alone: the first, where the "
                "factor z is differentiated, is missing.",
                lambda z: z * _phi(z)),
        Mistake("the factor z is missing in the second term: in (uv)′ = u′v + uv′, the "
                "second term keeps u = z.", lambda z: _Phi(z) + _phi(z)),
        Mistake("the sign of the second term is flipped: the product rule adds its two terms.",
                lambda z: _Phi(z) - z * _phi(z)),
        Mistake("in the second term you took Φ′ to be Φ: the derivative of the normal CDF Φ is "
                "the normal density φ (the bell curve), `norm.pdf`.",
                lambda z: _Phi(z) + z * _Phi(z)),
        Mistake("that is the derivative of GELU's tanh approximation, off by up to a few "
                "parts in ten thousand: the exercise asks for the exact GELU, z·Φ(z), with "
                "Φ from `norm.cdf`.", _gelu_tanh_derivative),
        Mistake("that is GELU itself, z·Φ(z), not its slope.", lambda z: z * _Phi(z)),
        Mistake("that is SiLU′, σ(z)(1 + zσ(−z)): GELU gates with Φ, not σ.",
                silu_derivative),
        Mistake("the second term is off by a factor √2: φ(z) = e^(−z²/2)/√(2π). Via erf, "
                "d/dz erf(z/√2) = (2/√π)·e^(−z²/2) · 1/√2: the chain rule's inner factor 1/√2 "
                "is missing.",
                lambda z: _Phi(z) + z * np.exp(-np.square(z) / 2) / np.sqrt(np.pi)),
    ],
)


def check_gelu_derivative(answer: Any) -> Feedback:
    """Check a Python function ``f(z)`` for GELU′ = Φ(z) + zφ(z).

    >>> from scipy.stats import norm
    >>> check_gelu_derivative(lambda z: norm.cdf(z) + z * norm.pdf(z)).correct
    True
    """
    return GELU_DERIVATIVE.check(answer)


# ------------------------------------------------------------------ 6. SELU′
SELU_LAMBDA = float(ACTIVATIONS["selu"].constants["lambda"])
"""λ, SELU's scale, as the checker passes it (the library's constant)."""
SELU_ALPHA = float(ACTIVATIONS["selu"].constants["alpha"])
"""α, SELU's saturation, as the checker passes it (the library's constant)."""


def _selu_reference(z, lam, alpha):
    """λ for z > 0, λαe^z for z ≤ 0 (at SELU's constants this is the library's SELU′)."""
    return np.where(z > 0, lam, lam * alpha * np.exp(np.minimum(z, 0.0)))


SELU_DERIVATIVE = Exercise(
    key="nb06.selu_derivative",
    kind="function",
    library=selu_derivative,
    reference=_selu_reference,
    params={"lam": SELU_LAMBDA, "alpha": SELU_ALPHA},
    variations=({"lam": 1.3, "alpha": 0.6}, {"lam": 0.8, "alpha": 2.2}),
    kinks=(0.0,),
    success="SELU′(z) = λ for z > 0 and λαe^z for z ≤ 0 (λα ≈ "
            f"{SELU_LAMBDA * SELU_ALPHA:.3f} at 0, the left-hand value): ELU′ scaled by λ. "
            "The slope is above 1 on both sides near 0, which is how SELU can stretch a "
            "variance that has shrunk.",
    mistakes=[
        Mistake("λ is missing for z > 0: SELU is λz there, so its slope is λ, not 1.",
                lambda z, lam, alpha: np.where(z > 0, 1.0, lam * alpha * np.exp(z))),
        Mistake("λ is missing for z ≤ 0: SELU is λ times ELU on both sides, so λ multiplies "
                "both slopes.",
                lambda z, lam, alpha: np.where(z > 0, lam, alpha * np.exp(z))),
        Mistake("that is ELU′ with SELU's α: the scale λ multiplies both pieces, so it "
                "multiplies both slopes.",
                lambda z, lam, alpha: np.where(z > 0, 1.0, alpha * np.exp(z))),
        Mistake("α is missing on the left: a constant factor stays when you differentiate "
                "λα(e^z − 1).",
                lambda z, lam, alpha: np.where(z > 0, lam, lam * np.exp(z))),
        Mistake("for z ≤ 0 you kept the −1 of λα(e^z − 1): the constant −λα has slope 0.",
                lambda z, lam, alpha: np.where(z > 0, lam, lam * alpha * np.expm1(z))),
        Mistake("the branches are swapped: for z > 0 SELU is λz (slope λ); the exponential "
                "piece is for z ≤ 0.",
                lambda z, lam, alpha: np.where(z > 0, lam * alpha * np.exp(z), lam)),
        Mistake("right except at the kink: at z = 0 you return λ, the slope from the right. "
                "The sides differ there (λ against λα), and the convention is the left-hand "
                "value λα. Use z > 0, not z >= 0.",
                lambda z, lam, alpha: np.where(z >= 0, lam, lam * alpha * np.exp(z))),
        Mistake("that is SELU itself, not its slope.",
                lambda z, lam, alpha: np.where(z > 0, lam * z, lam * alpha * np.expm1(z))),
    ],
)


def check_selu_derivative(answer: Any) -> Feedback:
    """Check a Python function ``f(z, lam, alpha)`` for SELU′ (λ for z > 0, λαe^z for z ≤ 0).

    >>> check_selu_derivative(
    ...     lambda z, lam, alpha: np.where(z > 0, lam, lam * alpha * np.exp(np.minimum(z, 0)))
    ... ).correct
    True
    """
    return SELU_DERIVATIVE.check(answer)


EXERCISES: dict[str, Exercise] = {
    "check_softplus_derivative": SOFTPLUS_DERIVATIVE,
    "check_silu_turning_point": TURNING_POINT,
    "check_sharper_softplus": SHARPER_SOFTPLUS,
    "check_elu_derivative": ELU_DERIVATIVE,
    "check_gelu_derivative": GELU_DERIVATIVE,
    "check_selu_derivative": SELU_DERIVATIVE,
}
"""Each checker's name with the :class:`Exercise` behind it (the tests walk this)."""

__all__ = [
    "EXERCISES",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "SILU_TURNING_POINT",
    "NoRoot",
    "brentq",
    "check_elu_derivative",
    "check_gelu_derivative",
    "check_selu_derivative",
    "check_sharper_softplus",
    "check_silu_turning_point",
    "check_softplus_derivative",
]
