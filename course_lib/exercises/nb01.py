"""Exercises of notebook 02 (the sigmoid), each with the mistakes we expect and a hint for each.

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

from typing import Any

from course_lib.activations import sigmoid, sigmoid_derivative
from course_lib.exercises.core import Exercise, Feedback, Mistake
from course_lib.losses import squared_error_gradient

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
        Mistake("1 is e^(−0), the numerator alone: the denominator (1 + e^(−z))², at z = 0, "
                "still divides it.", 1.0),
    ],
)


def check_sigmoid_prime_at_zero(answer: Any) -> Feedback:
    """Check a number for σ′(0) (exactly 1/4).

    >>> check_sigmoid_prime_at_zero(0.5).correct
    False
    """
    return SIGMOID_PRIME_AT_ZERO.check(answer)


# ------------------------------------------------------------------ 2. σ′ from σ
_TAIL_Z = 40.0
_TAIL_NOTE = ("One more thing: at z = 40 your function returns exactly 0, where σ′(40) ≈ "
              "4.2e-18: 1 − σ(40) cancels to 0 in floating point. Writing 1 − σ(z) as σ(−z) "
              "keeps every digit (section 5).")

SIGMOID_DERIVATIVE = Exercise(
    key="nb01.sigmoid_derivative",
    kind="function",
    reference=sigmoid_derivative,
    library=sigmoid_derivative,
    only=("sigmoid",),
    only_hint=("your function does give σ′, but it calls `{used}`, and the exercise asks for σ′ "
               "from `{only}` alone. Look at the last steps of the derivation: e^(−z)/(1 + e^(−z)) "
               "can itself be written with the sigmoid."),
    zero_tail=(_TAIL_Z, _TAIL_NOTE),
    success="σ′(z) = σ(z)(1 − σ(z)): one multiplication, once σ(z) is known.",
    mistakes=[
        Mistake("that is σ(z)(1 + σ(z)): the sign inside the second factor is wrong. Go back to "
                "the step that rewrites e^(−z)/(1 + e^(−z)): add and subtract 1 in its "
                "numerator.",
                lambda z: sigmoid(z) * (1 + sigmoid(z))),
        Mistake("the sign is flipped. The inner derivative d/dz(1 + e^(−z)) = −e^(−z) brings a "
                "minus sign that cancels the one from the power rule (−u^(−2)): σ′ is "
                "positive everywhere, σ only ever increases.",
                lambda z: -sigmoid(z) * (1 - sigmoid(z))),
        Mistake("that is σ(z) itself; we want its slope. Start from the derivation's last "
                "line and write each of its factors with sigmoid(...).",
                lambda z: sigmoid(z)),
        Mistake("that is 1 − σ(z) = e^(−z)/(1 + e^(−z)): one factor is missing. The square in "
                "(1 + e^(−z))² splits into two factors, and you kept only one of them.",
                lambda z: 1 - sigmoid(z)),
        Mistake("that is σ(z)²: the second factor is not σ(z) again. (At z = 0 the two "
                "factors are both ½, so test another z.)",
                lambda z: sigmoid(z) ** 2),
        Mistake("that is −σ(z)²: the inner derivative is missing. The power rule gives "
                "−(1 + e^(−z))^(−2) = −σ²; the chain rule then multiplies by the derivative "
                "of the inside, 1 + e^(−z), which turns the sign and brings in one more "
                "factor.",
                lambda z: -sigmoid(z) ** 2),
        Mistake("one factor too many: your function has a second 1 − σ(z). The square "
                "belongs to the denominator (1 + e^(−z))², and it is used up in splitting it "
                "into two factors.",
                lambda z: sigmoid(z) * (1 - sigmoid(z)) ** 2),
    ],
)

def check_sigmoid_derivative(answer: Any) -> Feedback:
    """Check a Python function ``f(z)`` for σ′, written with ``sigmoid`` and nothing else,
    compared with the library on a grid and on points no answer can single out.

    A right formula that returns 0 at z = 40 (the cancellation in 1 − σ(z)) is accepted,
    with a note about σ(z)σ(−z); one that calls ``np.exp`` is told the rule it broke.

    >>> check_sigmoid_derivative(lambda z: sigmoid(z) * sigmoid(-z)).correct
    True
    """
    return SIGMOID_DERIVATIVE.check(answer)


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
        Mistake("(1/4)^9 ≈ 3.8e-06 counts nine factors: with ten layers there is one σ′ "
                "factor per layer.", 0.25**9),
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
    variations=({"y": 0.0},),
    library=squared_error_gradient,
    success="∂L/∂z = (σ(z) − y)·σ(z)(1 − σ(z)): the outer slope σ(z) − y times σ′(z), "
            "which nothing cancels. For y = 1 and z ≪ 0 both σ(z) and σ′(z) are tiny: the "
            "more confidently wrong the output, the slower it learns.",
    mistakes=[
        Mistake("that is σ(z) − y, the cross-entropy's gradient. With squared error nothing "
                "cancels the chain rule's inner factor: it stays in the answer.",
                lambda z, y: sigmoid(z) - y),
        Mistake("the sign is flipped: d/da ½(a − y)² = a − y, not y − a. (Gradient descent "
                "then subtracts the gradient, which moves a towards y.)",
                lambda z, y: (y - sigmoid(z)) * sigmoid(z) * sigmoid(-z)),
        Mistake("that is twice the gradient: with L = ½(σ(z) − y)² the ½ cancels the 2 "
                "of the power rule. (Without the ½, 2(σ − y)σ′ would be right.)",
                lambda z, y: 2 * (sigmoid(z) - y) * sigmoid(z) * sigmoid(-z)),
        Mistake("one factor of σ′ is missing: you have σ(z), but σ′(z) has two factors "
                "(section 2).",
                lambda z, y: (sigmoid(z) - y) * sigmoid(z)),
        Mistake("that is σ′(z) alone, the inner derivative: the outer slope, of ½(a − y)² "
                "with respect to a, must multiply it.",
                lambda z, y: sigmoid(z) * sigmoid(-z)),
        Mistake("that is the loss ½(σ(z) − y)² itself, not its slope in z.",
                lambda z, y: 0.5 * (sigmoid(z) - y) ** 2),
    ],
)


def check_squared_error_gradient(answer: Any) -> Feedback:
    """Check a Python function ``f(z, y)`` for ∂L/∂z of L = ½(σ(z) − y)², a sigmoid output
    under squared error. It is tried with y = 1 and with y = 0, so a label typed in shows; the
    parameters go in by position, so the learner may name them as they like.

    >>> check_squared_error_gradient(lambda z, y: (sigmoid(z) - y) * sigmoid(z) * sigmoid(-z)).correct
    True
    """
    return SQUARED_ERROR_GRADIENT.check(answer)


EXERCISES: dict[str, Exercise] = {
    "check_sigmoid_prime_at_zero": SIGMOID_PRIME_AT_ZERO,
    "check_sigmoid_derivative": SIGMOID_DERIVATIVE,
    "check_depth_factor": DEPTH_FACTOR,
    "check_squared_error_gradient": SQUARED_ERROR_GRADIENT,
}
"""Each checker's name with the :class:`Exercise` behind it (the tests walk this)."""
