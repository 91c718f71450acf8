"""Exercises of notebook 01 (the sigmoid), each with the mistakes we expect and a hint for each.

* :func:`check_sigmoid_prime_at_zero` - σ′(0) by hand (a number);
* :func:`check_sigmoid_derivative` - σ′ as a Python function that uses only ``sigmoid``;
* :func:`check_depth_factor` - the best-case factor (1/4)^10 after ten sigmoid layers;
* :func:`check_squared_error_gradient` - ∂L/∂z of a sigmoid output under squared error.

Each ``check_...`` takes the learner's answer and returns a
:class:`~course_lib.exercises.core.Feedback`, which shows as one line in the notebook.

>>> check_sigmoid_prime_at_zero(0.25)
✔ Correct: σ′(0) = σ(0)(1 − σ(0)) = ½ · ½ = ¼, the steepest the sigmoid ever gets.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import Any

import numpy as np

from course_lib.activations import sigmoid, sigmoid_derivative
from course_lib.exercises.core import Exercise, Feedback, Mistake

# ------------------------------------------------------------------ 1. σ′(0) by hand
SIGMOID_PRIME_AT_ZERO = Exercise(
    key="nb01.sigmoid_prime_at_zero",
    kind="number",
    reference=0.25,
    success="σ′(0) = σ(0)(1 − σ(0)) = ½ · ½ = ¼, the steepest the sigmoid ever gets.",
    mistakes=[
        Mistake("0.5 is σ(0), the height of the curve at 0, not its slope. (It is also what "
                "e^(−z)/(1 + e^(−z)) gives at 0 when the square in the denominator is "
                "forgotten.) Use σ′ = σ(1 − σ) with σ(0) = ½.", 0.5),
        Mistake("0.75 = ½ · (1 + ½) is σ(1 + σ): the bracket is 1 − σ(z), because "
                "e^(−z)/(1 + e^(−z)) = 1 − σ(z).", 0.75),
        Mistake("σ′ is not 0 at z = 0: the sigmoid is at its steepest there. It is the slope "
                "of σ′ (the second derivative) that is 0 at z = 0, where σ′ has its maximum.",
                0.0),
        Mistake("1 is e^(−0), the numerator alone: divide by (1 + e^(−0))² = 4.", 1.0),
    ],
)


def check_sigmoid_prime_at_zero(answer: Any) -> Feedback:
    """Check a number for σ′(0) (exactly 1/4).

    >>> check_sigmoid_prime_at_zero(0.5).correct
    False
    """
    return SIGMOID_PRIME_AT_ZERO.check(answer)


# ------------------------------------------------------------------ 2. σ′ from σ
SIGMOID_DERIVATIVE = Exercise(
    key="nb01.sigmoid_derivative",
    kind="function",
    reference=sigmoid_derivative,
    success="σ′(z) = σ(z)(1 − σ(z)): one multiplication, once σ(z) is known.",
    mistakes=[
        Mistake("that is σ(z)(1 + σ(z)): the second factor is 1 − σ(z), because "
                "e^(−z)/(1 + e^(−z)) = 1 − 1/(1 + e^(−z)).",
                lambda z: sigmoid(z) * (1 + sigmoid(z))),
        Mistake("the sign is flipped. The inner derivative d/dz(1 + e^(−z)) = −e^(−z) brings a "
                "minus sign that cancels the one from the power rule (−u^(−2)): σ′ is "
                "positive everywhere, σ only ever increases.",
                lambda z: -sigmoid(z) * (1 - sigmoid(z))),
        Mistake("that is σ(z) itself; we want its slope, σ′(z) = σ(z)(1 − σ(z)).",
                lambda z: sigmoid(z)),
        Mistake("that is 1 − σ(z) = e^(−z)/(1 + e^(−z)): one factor is missing. The square in "
                "(1 + e^(−z))² gives a second factor 1/(1 + e^(−z)) = σ(z).",
                lambda z: 1 - sigmoid(z)),
        Mistake("that is σ(z)²: the second factor is 1 − σ(z), not σ(z). (At z = 0 both are ½, "
                "so test another z.)",
                lambda z: sigmoid(z) ** 2),
        Mistake("that is −σ(z)²: the inner derivative is missing. The power rule gives "
                "−(1 + e^(−z))^(−2) = −σ²; the chain rule then multiplies by the derivative "
                "of the inside, d/dz(1 + e^(−z)) = −e^(−z), which turns the sign and brings "
                "in the factor e^(−z)/(1 + e^(−z)) = 1 − σ(z).",
                lambda z: -sigmoid(z) ** 2),
        Mistake("that is σ(z)(1 − σ(z))²: the square belongs to the denominator (1 + e^(−z))², "
                "and it is used up in splitting it into two factors.",
                lambda z: sigmoid(z) * (1 - sigmoid(z)) ** 2),
    ],
)

_TAIL_Z = 40.0
_TAIL_NOTE = (" One more thing: at z = 40 your function returns exactly 0, where σ′(40) ≈ "
              "4.2e-18: 1 − σ(40) cancels to 0 in floating point. Writing 1 − σ(z) as σ(−z) "
              "keeps every digit (section 5).")


def check_sigmoid_derivative(answer: Any) -> Feedback:
    """Check a Python function ``f(z)`` for σ′, compared with the library on a grid.

    A right formula that returns 0 at z = 40 (the cancellation in 1 − σ(z)) is accepted,
    with a note about σ(z)σ(−z).

    >>> check_sigmoid_derivative(lambda z: sigmoid(z) * sigmoid(-z)).correct
    True
    """
    feedback = SIGMOID_DERIVATIVE.check(answer)
    if feedback.correct and _uses_exp(answer):
        return Feedback("correct", "your function is σ′, but it uses `np.exp`, which the "
                                   "exercise asked you to leave out: the point is that σ′ "
                                   "can be written with `sigmoid(...)` alone. Try that too. "
                                   f"({feedback.message})")
    if feedback.correct and "One more thing" not in feedback.message:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            tail = float(np.asarray(answer(np.array([_TAIL_Z])), dtype=float).ravel()[0])
        if tail == 0.0:
            return Feedback("correct", feedback.message + _TAIL_NOTE)
    return feedback


def _code_names(code: Any) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _code_names(const)
    return names


def _uses_exp(f: Any) -> bool:
    """Does the function ``f`` call exp (``np.exp``, ``math.exp``, ``exp``) anywhere?"""
    code = getattr(f, "__code__", None)
    return code is not None and bool({"exp", "expm1", "exp2"} & _code_names(code))


# ------------------------------------------------------------------ 3. ten layers
DEPTH_FACTOR = Exercise(
    key="nb01.depth_factor",
    kind="number",
    reference=0.25**10,
    digits=2,  # the prompt: "rounded to two significant digits" (9.5e-7) or exact
    success="(1/4)^10 = 1/1,048,576 ≈ 9.5e-07: even in the best case, less than a millionth "
            "of the gradient gets through ten sigmoid layers.",
    mistakes=[
        Mistake("2.5 = 10 × 0.25 adds the factors. The chain rule multiplies them: one factor "
                "σ′ ≤ 1/4 per layer, so (1/4) × (1/4) × … ten times.", 2.5),
        Mistake("0.25 is the factor of one layer. The gradient passes through ten, and each "
                "multiplies it by σ′(0) = 1/4 again.", 0.25),
        Mistake("0.5^10 uses σ(0) = ½, the value of the sigmoid. The chain rule multiplies "
                "derivatives: σ′(0) = ¼ per layer.", 0.5**10),
        Mistake("4^10 is upside down: each layer multiplies the gradient by σ′ ≤ 1/4, so it "
                "shrinks.", 4.0**10),
        Mistake("(1/4)^9 ≈ 3.8e-06 counts nine factors: with ten layers there are ten σ′ "
                "factors, one per layer, so (1/4)^10.", 0.25**9),
    ],
)


def check_depth_factor(answer: Any) -> Feedback:
    """Check the best-case activation factor after ten sigmoid layers, (1/4)^10 ≈ 9.54e-07.

    >>> check_depth_factor(2.5).correct
    False
    """
    return DEPTH_FACTOR.check(answer)


# ------------------------------------------------------------------ 4. σ′ meets the loss
def _se_gradient(z, y):
    return (sigmoid(z) - y) * sigmoid(z) * sigmoid(-z)


SQUARED_ERROR_GRADIENT = Exercise(
    key="nb01.squared_error_gradient",
    kind="function",
    reference=_se_gradient,
    params={"y": 1.0},
    success="∂L/∂z = (σ(z) − y)·σ(z)(1 − σ(z)): the outer slope σ(z) − y times σ′(z), "
            "which nothing cancels. For y = 1 and z ≪ 0 both σ(z) and σ′(z) are tiny: the "
            "more confidently wrong the output, the slower it learns.",
    mistakes=[
        Mistake("that is σ(z) − y, the cross-entropy's gradient. With squared error the "
                "factor σ′(z) from the chain rule stays: nothing cancels it.",
                lambda z, y: sigmoid(z) - y),
        Mistake("the sign is flipped: d/da ½(a − y)² = a − y, not y − a. (Gradient descent "
                "then subtracts the gradient, which moves a towards y.)",
                lambda z, y: (y - sigmoid(z)) * sigmoid(z) * sigmoid(-z)),
        Mistake("that is twice the gradient: with L = ½(σ(z) − y)² the ½ cancels the 2 "
                "of the power rule. (Without the ½, 2(σ − y)σ′ would be right.)",
                lambda z, y: 2 * (sigmoid(z) - y) * sigmoid(z) * sigmoid(-z)),
        Mistake("one factor of σ′ is missing: σ′(z) = σ(z)(1 − σ(z)), and you have only "
                "σ(z). The chain rule multiplies (σ(z) − y) by all of σ′(z).",
                lambda z, y: (sigmoid(z) - y) * sigmoid(z)),
        Mistake("that is σ′(z) alone, the inner derivative: the outer slope "
                "d/da ½(a − y)² = a − y must multiply it.",
                lambda z, y: sigmoid(z) * sigmoid(-z)),
        Mistake("that is the loss ½(σ(z) − y)² itself, not its slope in z.",
                lambda z, y: 0.5 * (sigmoid(z) - y) ** 2),
    ],
)


def check_squared_error_gradient(answer: Any) -> Feedback:
    """Check a Python function ``f(z, y)`` for ∂L/∂z of L = ½(σ(z) − y)², a sigmoid output
    under squared error. It is tried with y = 1 and then with y = 0, so a hard-coded label
    shows.

    >>> check_squared_error_gradient(lambda z, y: (sigmoid(z) - y) * sigmoid(z) * sigmoid(-z)).correct
    True
    """
    first = SQUARED_ERROR_GRADIENT.check(answer)
    if not first.correct:
        return first
    second = replace(SQUARED_ERROR_GRADIENT, params={"y": 0.0}).check(answer)
    if not second.correct:
        return Feedback("wrong", "right for y = 1 but not for y = 0: use the argument y in "
                                 "your formula, not a fixed label.")
    return first


EXERCISES: dict[str, Exercise] = {
    "check_sigmoid_prime_at_zero": SIGMOID_PRIME_AT_ZERO,
    "check_sigmoid_derivative": SIGMOID_DERIVATIVE,
    "check_depth_factor": DEPTH_FACTOR,
    "check_squared_error_gradient": SQUARED_ERROR_GRADIENT,
}
"""Each checker's name with the :class:`Exercise` behind it (the tests walk this)."""
