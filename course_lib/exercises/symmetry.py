"""Exercises on why weights start random (course_lib.experiments.symmetry).

* :func:`check_distinct_units` - predict, before training, how many different hidden units
  a network whose weights all start equal has after training;
* :func:`check_symmetry_breaker` - which change lets such units become different.
"""

from __future__ import annotations

from typing import Any

from course_lib.exercises.choice import ChoiceExercise
from course_lib.exercises.core import Exercise, Feedback, Mistake

DISTINCT = Exercise(
    "symmetry.distinct_units", "number", 1.0,
    [
        Mistake("8 would need the units to drift apart, and nothing pushes them apart: with "
                "equal weights every unit computes the same z on every example, so the "
                "backward pass hands each the same δ and the same gradient, and every step "
                "moves them alike.", 8.0),
        Mistake("they do learn: their weights change at every step, only all in the same way. "
                "The question counts the units that differ from one another, not the units "
                "that changed.", 0.0),
        Mistake("two is the number of inputs. The question is about the hidden units: do any "
                "two of them ever get different gradients?", 2.0),
        Mistake("the layer has 8 hidden units, so no more than 8 can differ.", 16.0,
                detect=lambda v: v > 8),
        Mistake("a number of units is a whole number from 0 to 8.", 1.5,
                detect=lambda v: v < 0 or v != round(v)),
        Mistake("some of the units would have to drift apart from the others. What could push "
                "two units apart, when both start with the same weights and see the same "
                "inputs? Compare the gradients they get.", 5.0, detect=lambda v: 2 < v < 8),
    ],
    success="one: the eight units get the same gradient at every step and stay copies of each "
            "other, so the layer computes what a single unit could.",
)


def check_distinct_units(answer: Any) -> Feedback:
    """How many different hidden units (of 8) after training from equal weights?"""
    return DISTINCT.check(answer)


BREAKER = ChoiceExercise(
    "symmetry.breaker",
    {"a": "a larger learning rate", "b": "training ten times longer",
     "c": "random initial weights", "d": "ReLU in place of tanh"},
    "c",
    {"a": "a larger η makes every step longer, but every unit's step is still the same: equal "
          "gradients times any η are equal.",
     "b": "each further step is another step of the same kind, and each keeps the units "
          "equal: after any number of steps they are still copies.",
     "d": "the symmetry is in the weights, not in the activation: with ReLU every unit still "
          "computes the same z and gets the same gradient."},
    success="only a difference at the start can grow: with random weights every unit computes "
            "its own z, gets its own δ and learns its own feature. That is why every "
            "initialisation of the course (Xavier, He) draws the weights at random, and why "
            "biases, which come after that, may start at 0.",
)


def check_symmetry_breaker(answer: Any) -> Feedback:
    """Which change lets hidden units that start equal become different?"""
    return BREAKER.check(answer)


EXERCISES = {"distinct_units": DISTINCT, "breaker": BREAKER}
"""Every exercise of the module, for the tests."""

__all__ = ["BREAKER", "DISTINCT", "EXERCISES", "check_distinct_units", "check_symmetry_breaker"]
