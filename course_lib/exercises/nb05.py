"""Exercises of notebooks 06 (the backward pass) and 07 (why activations fail), with checkers
that name the mistake.

* :func:`check_shrink_factor` – the factor ∂a₅/∂z₁ of a chain of five sigmoid units at z = 0
  (notebook 06);
* :func:`check_he_std` – the He standard deviation of a 50 → 30 layer (notebook 07).
"""

from __future__ import annotations

import math
from typing import Any

from course_lib.exercises.core import Exercise, Feedback, Mistake

# --------------------------------------------------------------------------- 1. shrink factor
SHRINK = Exercise(
    key="nb05.shrink_factor",
    kind="number",
    reference=0.25 ** 5,
    digits=2,  # the prompt: exact, or rounded to two significant digits (0.00098)
    success="(1/4)⁵ = 1/1024 ≈ 0.00098: five factors σ′(0) = 1/4, one per layer, multiplied "
            "(the weights are 1). Ten layers would give about 1e−6.",
    mistakes=[
        Mistake("that is σ(0)⁵ = (1/2)⁵: the chain rule multiplies the *derivatives* "
                "σ′(0) = σ(0)(1 − σ(0)) = 1/4, not the values σ(0) = 1/2.", 0.5 ** 5),
        Mistake("you added the five slopes (5 · 1/4). The chain rule multiplies them: "
                "∂a₅/∂z₁ = σ′(z₅)·w₅·σ′(z₄)·…·w₂·σ′(z₁).", 5 * 0.25),
        Mistake("four factors: the derivative of a₁ = σ(z₁) with respect to z₁ is σ′(z₁), "
                "so there is one σ′ per unit, five in all (and four weights).", 0.25 ** 4),
        Mistake("that is a single layer's slope. Each of the five units multiplies the "
                "gradient by its own σ′(0) = 1/4.", 0.25),
        Mistake("it is small but not 0: a product of five positive numbers is positive. "
                "Multiply the five factors.", 0.0),
        Mistake("that is 4⁵, the factor by which the gradient *shrinks*; the question asks "
                "for ∂a₅/∂z₁ itself.", 4.0 ** 5),
    ],
)


def check_shrink_factor(answer: Any) -> Feedback:
    """Check ∂a₅/∂z₁ for five sigmoid units in a chain, weights 1, every z = 0."""
    return SHRINK.check(answer)


# --------------------------------------------------------------------------- 2. He init
HE_STD = Exercise(
    key="nb05.he_std",
    kind="number",
    reference=math.sqrt(2 / 50),
    digits=2,  # 0.2 exactly; 0.20 or np.sqrt(2 / 50) as typed
    success="√(2/50) = 0.2: He initialisation keeps Var(z) the same from layer to layer for "
            "ReLU, which passes on only half of the variance (the negative half is cut), "
            "hence the 2 over fan-in.",
    mistakes=[
        Mistake("2/50 = 0.04 is the *variance* 2/fan_in; the standard deviation is its "
                "square root.", 2 / 50),
        Mistake("√(1/50) is LeCun's choice for activations that keep the whole variance; "
                "ReLU zeroes half of it, and He et al. double the variance to compensate.",
                math.sqrt(1 / 50)),
        Mistake("√(2/(50 + 30)) is Glorot/Xavier, which averages fan-in and fan-out; He uses "
                "the fan-in only, √(2/fan_in).", math.sqrt(2 / 80)),
        Mistake("√(2/30) uses the fan-out; He's forward-pass rule uses the number of inputs "
                "of the layer.", math.sqrt(2 / 30)),
        Mistake("1/50 is neither a standard deviation nor He's variance; He's variance is "
                "2/fan_in.", 1 / 50),
        Mistake("√(6/(50 + 30)) ≈ 0.27 is Glorot's *uniform* bound: weights drawn from "
                "U[−a, a] with a = √(6/(n_in + n_out)). It is neither a standard deviation "
                "nor He's rule, which is σ_w = √(2/n_in).", math.sqrt(6 / 80)),
        Mistake("√(6/50) ≈ 0.35 is the bound a of He's *uniform* version, U[−a, a] "
                "(a uniform distribution on [−a, a] has standard deviation a/√3). The "
                "question asks for the standard deviation, √(2/n_in).", math.sqrt(6 / 50)),
    ],
)


def check_he_std(answer: Any) -> Feedback:
    """Check the He standard deviation of the weights of a layer with 50 inputs, 30 outputs."""
    return HE_STD.check(answer)


EXERCISES = {"shrink_factor": SHRINK, "he_std": HE_STD}
"""Every exercise of the notebook, for the tests."""

__all__ = ["EXERCISES", "check_he_std", "check_shrink_factor"]
