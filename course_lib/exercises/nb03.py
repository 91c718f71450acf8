"""Exercises of notebook 04 (ReLU): its derivative as vectorised code, which units of a layer
are dead, and how many units of a random layer are dead on every possible input.

Each checker returns a :class:`~course_lib.exercises.core.Feedback`; ``None`` (the starter's
placeholder) gets "not answered yet".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from course_lib.activations import relu_derivative
from course_lib.exercises.core import (
    NOT_VECTORISED,
    Exercise,
    Feedback,
    Mistake,
    UnitSetExercise,
    VectorisedExercise,
    scalar_only,
)

NOT_VECTORISED_HINT = NOT_VECTORISED
"""The hint for an answer written for one number only: it names the tool
(`np.where(condition, a, b)`), not the answer."""


# ---------------------------------------------------------------- 1. ReLU′, vectorised
def _not_vectorised(z):
    return 1.0 if z > 0 else 0.0


RELU_DERIVATIVE = VectorisedExercise(
    "03.relu_derivative", "function", relu_derivative,
    [
        Mistake(NOT_VECTORISED_HINT, _not_vectorised, detect=scalar_only),
        Mistake("Right everywhere except at the kink: at z = 0 you return 1, the slope from "
                "the right. ReLU has no derivative at 0, and the convention (this course's, "
                "and PyTorch's, for instance) is the left-hand value 0. Use z > 0, not z >= 0.",
                lambda z: np.where(z >= 0, 1.0, 0.0)),
        Mistake("Right everywhere except at the kink: at z = 0 you return 0.5, the average of "
                "the two one-sided slopes. That is a valid subgradient, but the convention "
                "(this course's, and PyTorch's, for instance) is the left-hand value 0.",
                lambda z: np.heaviside(z, 0.5)),
        Mistake("The branches are swapped: for z > 0, ReLU(z) = z has slope 1, and for z < 0 "
                "it is the constant 0, with slope 0.",
                lambda z: np.where(z > 0, 0.0, 1.0)),
        Mistake("That is ReLU itself, max(0, z), not its slope: for z > 0 the slope of z is "
                "1, whatever the value of z.",
                lambda z: np.maximum(z, 0.0)),
    ],
    success="1 for z > 0 and 0 for z ≤ 0, element-wise, with the framework convention at the "
            "kink.",
    kinks=(0.0,),
    library=relu_derivative,
)


def check_relu_derivative(f: Callable | None) -> Feedback:
    """Check a learner's vectorised ReLU′: 1 for z > 0, 0 for z ≤ 0 (left-hand value at 0).

    >>> check_relu_derivative(lambda z: np.where(z > 0, 1.0, 0.0)).correct
    True
    """
    return RELU_DERIVATIVE.check(f)


# ---------------------------------------------------------------- 2. which units are dead?
_PRE_ACTIVATIONS = np.array([
    # unit:  0      1      2      3      4      5
    [-1.2,  0.8, -0.3, -0.5, -2.0,  1.5],   # example 0
    [-0.4, -0.6,  0.0, -1.1,  0.7,  0.9],   # example 1
    [-2.1,  0.3, -0.7, -0.2, -0.9,  0.4],   # example 2
    [-1.0,  0.2, -0.9, -0.4, -0.3,  2.2],   # example 3
    [-0.8, -1.5, -0.2, -1.3, -0.6, -0.1],   # example 4
])
PRE_ACTIVATIONS = _PRE_ACTIVATIONS.copy()
PRE_ACTIVATIONS.setflags(write=False)
"""Pre-activations z of a layer of 6 units (columns) on a data set of 5 examples (rows): a
read-only copy, so that nothing a learner does to it changes what the checker compares."""


DEAD_UNITS = UnitSetExercise(
    "03.dead_units", _PRE_ACTIVATIONS, frozenset({0, 2, 3}),
    [
        Mistake("One negative input does not kill a unit: that is the slip in the source "
                "text. Units 1, 4 and 5 are negative on some examples but positive on others, "
                "and on those they pass a gradient and keep learning. Dead means z ≤ 0 on "
                "every example.", {0, 1, 2, 3, 4, 5}),
        Mistake("Close: look at unit 2 on example 1. Its z is exactly 0, and ReLU′(0) = 0 "
                "(the left-hand convention), so z = 0 passes no gradient either. Dead means "
                "z ≤ 0 on every example, not z < 0.", {0, 3}),
        Mistake("Unit 4 is negative on 4 of the 5 examples, but on example 1 it is 0.7 > 0: "
                "one positive example keeps a unit alive (it learns from that example). Dead "
                "means z ≤ 0 on every example, not on most.", {0, 2, 3, 4}),
        Mistake("You looked along a row: example 4 is ≤ 0 on every unit. Units are the "
                "columns; a unit is dead when its whole column is ≤ 0.", {4}),
        Mistake("Python counts from 0: the first column is unit 0. Shift your numbers down "
                "by one.", {1, 3, 4}),
    ],
    success="units 0, 2 and 3: their whole column is ≤ 0 (unit 2 touches 0, which passes no "
            "gradient either). In code: np.flatnonzero(np.all(z <= 0, axis=0)).",
)


def check_dead_units(answer: Any) -> Feedback:
    """Check which units of :data:`PRE_ACTIVATIONS` are dead (z ≤ 0 in every row of their
    column; 0-based unit numbers, or a boolean mask).

    >>> check_dead_units([0, 2, 3]).correct
    True
    """
    return DEAD_UNITS.check(answer)


# ---------------------------------------------------------------- 3. dead for every input
DEAD_EVERYWHERE = Exercise(
    "03.dead_everywhere", "number", 1 / 16,
    [
        Mistake("15/16 is the chance that at least one weight is negative: that is the "
                "source text's 'one negative input kills a unit' again. A single positive "
                "weight w_k keeps the unit alive: on the input with x_k = 1 and every other "
                "feature 0, z = w_k > 0.", 15 / 16),
        Mistake("1/2 is the chance for one weight (or that z < 0 on one typical input). Dead "
                "on every input of [0, 1]⁴ needs all four weights ≤ 0, and the four are "
                "independent.", 1 / 2),
        Mistake("A random layer does have dead units: a unit whose four weights are all "
                "negative gives z = w·x ≤ 0 for every x with features ≥ 0.", 0.0),
        Mistake("1/4 treats the four weights as one choice among four. They are four "
                "independent coin flips, each ≤ 0 with probability 1/2: multiply.", 1 / 4),
        Mistake("1/8 counts three weights: the unit has four inputs, so four weights, and each "
                "one must be ≤ 0.", 1 / 8),
        Mistake("16 is upside down: a probability is at most 1. How likely is each weight to "
                "be ≤ 0, and how do independent chances combine?", 16.0),
    ],
    success="dead on every input of [0, 1]⁴ ⇔ all four weights ≤ 0, probability (1/2)⁴ = 1/16.",
    rtol=1e-3,
)


def check_dead_everywhere(answer: float | None) -> Feedback:
    """The probability that a unit with b = 0 and four weights drawn from N(0, σ²) is dead
    on every input in [0, 1]⁴: all four weights ≤ 0, (1/2)⁴.

    >>> check_dead_everywhere(0.5).status
    'wrong'
    """
    return DEAD_EVERYWHERE.check(answer)
