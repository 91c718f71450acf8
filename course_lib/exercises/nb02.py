"""Exercises of notebook 03 (tanh), each with the mistakes we expect and a hint for each.

* :func:`check_tanh_derivative` - tanh′ as a Python function that uses only ``tanh``;
* :func:`check_tanh_via_sigmoid` - tanh′ written with ``sigmoid_derivative`` (tanh′ = 4σ′(2z));
* :func:`check_tanh_prime_at_zero` - tanh′(0) (a number), against σ′(0) = 1/4.

Each ``check_...`` takes the learner's answer and returns a
:class:`~course_lib.exercises.core.Feedback`, which shows as one line in the notebook.

>>> check_tanh_prime_at_zero(1)
✔ Correct: tanh′(0) = 1 − tanh²(0) = 1 − 0 = 1: four times the sigmoid's 1/4.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.activations import sigmoid, sigmoid_derivative, tanh, tanh_derivative
from course_lib.exercises.core import Exercise, Feedback, Mistake

# ------------------------------------------------------------------ 1. tanh′ from tanh
_TAIL_Z = 20.0
_TAIL_NOTE = ("One more thing: at z = 20 your function returns exactly 0, where tanh′(20) ≈ "
              "1.7e-17: {why} The library computes 4e^(−2|z|)/(1 + e^(−2|z|))², the same "
              "function without the cancellation.")

TANH_DERIVATIVE = Exercise(
    key="nb02.tanh_derivative",
    kind="function",
    reference=tanh_derivative,
    library=tanh_derivative,
    only=("tanh",),
    only_hint=("your function does give tanh′, but it calls `{used}`, and the exercise asks "
               "for tanh′ from `{only}` alone: the derivation's last step is written with tanh "
               "only."),
    zero_tail=(_TAIL_Z, _TAIL_NOTE.format(why="tanh(20) rounds to 1, so 1 − tanh²(20) cancels "
                                              "to 0.")),
    success="tanh′(z) = 1 − tanh²(z): like the sigmoid's, the derivative is a function of "
            "the output alone.",
    mistakes=[
        Mistake("that is 1 − tanh(z): a square is missing. The quotient rule divides by "
                "cosh², and sinh²/cosh² is a square of tanh.",
                lambda z: 1 - tanh(z)),
        Mistake("that is 1 − tanh(2z): the 2 of the derivation's last step is a power (tanh "
                "of z, squared), not a factor inside the argument. The source text's "
                "`tanh(2)(z)` invites exactly this slip.",
                lambda z: 1 - tanh(2 * z)),
        Mistake("the sign is flipped: tanh²(z) − 1 is negative, but tanh only ever increases. "
                "The quotient rule is (f′g − fg′)/g², in that order, with f = sinh and "
                "g = cosh.",
                lambda z: tanh(z) ** 2 - 1),
        Mistake("that is 1 + tanh²(z), which would come from cosh² + sinh² in the numerator. "
                "The quotient rule subtracts: (f′g − fg′)/g².",
                lambda z: 1 + tanh(z) ** 2),
        Mistake("that is sech(z) = 1/cosh(z): the quotient rule divides by cosh², not cosh, "
                "and the exercise asks for tanh′ written with tanh.",
                lambda z: 1 / np.cosh(z)),
    ],
)

def check_tanh_derivative(answer: Any) -> Feedback:
    """Check a Python function ``f(z)`` for tanh′, written with ``tanh`` and nothing else.

    A right formula that returns 0 at z = 20 (the cancellation in 1 − tanh²) is accepted,
    with a note.

    >>> check_tanh_derivative(lambda z: 1 - tanh(z) ** 2).correct
    True
    """
    return TANH_DERIVATIVE.check(answer)


# ------------------------------------------------------------------ 2. tanh′ via σ′
TANH_VIA_SIGMOID = Exercise(
    key="nb02.tanh_via_sigmoid",
    kind="function",
    reference=lambda z: 4 * sigmoid_derivative(2 * z),
    library=tanh_derivative,
    only=("sigmoid_derivative",),
    only_hint=("your function does give tanh′, but it calls `{used}`, and the exercise asks "
               "for tanh′ through `{only}` and nothing else: differentiate 2σ(2z) − 1 with "
               "the chain rule, and keep σ′ whole."),

    success="tanh′(z) = 4σ′(2z): one 2 from stretching σ vertically (2σ), one from the chain "
            "rule on the inner 2z.",
    mistakes=[
        Mistake("that is 2σ′(2z): one factor 2 is missing. The chain rule multiplies by the "
                "derivative of the inner function 2z, which is 2, on top of the 2 in front.",
                lambda z: 2 * sigmoid_derivative(2 * z)),
        Mistake("that is 4σ′(z): σ′ must be evaluated where σ was, at 2z. The chain rule "
                "keeps the inner function inside: d/dz σ(2z) = σ′(2z)·2.",
                lambda z: 4 * sigmoid_derivative(z)),
        Mistake("that is σ′(2z): both factors 2 are missing, the one in front (2σ(2z)) and the "
                "inner derivative of 2z.",
                lambda z: sigmoid_derivative(2 * z)),
        Mistake("your function is off by a constant −1 everywhere: a constant, such as the −1 "
                "in 2σ(2z) − 1, has derivative 0.",
                lambda z: 4 * sigmoid_derivative(2 * z) - 1),
        Mistake("that is 2σ(2z) − 1 = tanh(z) itself; we want its derivative. Differentiate "
                "2σ(2z) − 1 with the chain rule.",
                lambda z: 2 * sigmoid(2 * z) - 1),
        Mistake("that is 4σ(2z): use σ′ (sigmoid_derivative), not σ (sigmoid).",
                lambda z: 4 * sigmoid(2 * z)),
        Mistake("that is 4(1 − σ(2z)) = 4e^(−2z)/(1 + e^(−2z)): the square in σ′'s "
                "denominator is missing, so one of σ′'s two factors is lost. Use "
                "`sigmoid_derivative`, which has both.",
                lambda z: 4 * sigmoid(-2 * z)),
    ],
)


def check_tanh_via_sigmoid(answer: Any) -> Feedback:
    """Check a Python function ``f(z)`` for tanh′ written with σ′ and nothing else (reference
    4σ′(2z)).

    >>> check_tanh_via_sigmoid(lambda z: 2 * sigmoid_derivative(2 * z)).correct
    False
    """
    return TANH_VIA_SIGMOID.check(answer)


# ------------------------------------------------------------------ 3. tanh′(0)
TANH_PRIME_AT_ZERO = Exercise(
    key="nb02.tanh_prime_at_zero",
    kind="number",
    reference=1.0,
    success="tanh′(0) = 1 − tanh²(0) = 1 − 0 = 1: four times the sigmoid's 1/4.",
    mistakes=[
        Mistake("0 is tanh(0), the value of the function, not its slope. Use "
                "tanh′ = 1 − tanh² with tanh(0) = 0.", 0.0),
        Mistake("0.25 is σ′(0), the sigmoid's slope. For tanh use 1 − tanh²(0), or "
                "tanh′(0) = 4σ′(0).", 0.25),
        Mistake("0.5 = 2σ′(0) misses one factor 2: tanh′(z) = 2·σ′(2z)·2 = 4σ′(2z).", 0.5),
        Mistake("2 = 4σ(0) uses σ instead of σ′: the identity is tanh′(z) = 4σ′(2z), with "
                "the derivative of the sigmoid.", 2.0),
    ],
)


def check_tanh_prime_at_zero(answer: Any) -> Feedback:
    """Check a number for tanh′(0) (exactly 1).

    >>> check_tanh_prime_at_zero(0.25).correct
    False
    """
    return TANH_PRIME_AT_ZERO.check(answer)


EXERCISES: dict[str, Exercise] = {
    "check_tanh_derivative": TANH_DERIVATIVE,
    "check_tanh_via_sigmoid": TANH_VIA_SIGMOID,
    "check_tanh_prime_at_zero": TANH_PRIME_AT_ZERO,
}
"""Each checker's name with the :class:`Exercise` behind it (the tests walk this)."""
