"""Exercises of notebook 02 (the sigmoid), each with the mistakes we expect and a hint for each.

* :func:`check_sigmoid_prime_at_zero` - σ′(0) by hand (a number);
* :func:`check_sigmoid_derivative` - σ′ as a Python function that uses only ``sigmoid``.

Each ``check_...`` takes the learner's answer and returns a
:class:`~course_lib.exercises.core.Feedback`, which shows as one line in the notebook.

>>> check_sigmoid_prime_at_zero(0.25)
✔ Correct: σ′(0) = σ(0)(1 − σ(0)) = ½ · ½ = ¼, the steepest the sigmoid ever gets.
"""

from __future__ import annotations

from typing import Any

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


EXERCISES: dict[str, Exercise] = {
    "check_sigmoid_prime_at_zero": SIGMOID_PRIME_AT_ZERO,
    "check_sigmoid_derivative": SIGMOID_DERIVATIVE,
}
"""Each checker's name with the :class:`Exercise` behind it (the tests walk this)."""
