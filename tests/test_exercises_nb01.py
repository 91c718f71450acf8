"""The exercises of notebook 01: every reference passes, every anticipated mistake gets its own
hint, and the solution stored in the notebook passes its checker."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_lib.activations import sigmoid
from course_lib.exercises import nb01
from course_lib.exercises.core import Feedback
from tests.nbtools import exercise_pairs, run_cell

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_sigmoid.ipynb"
CHECKERS = sorted(nb01.EXERCISES)


# ------------------------------------------------------------------ the checkers
@pytest.mark.parametrize("name", CHECKERS)
def test_reference_passes(name: str) -> None:
    feedback = getattr(nb01, name)(nb01.EXERCISES[name].reference)
    assert feedback.correct, feedback


@pytest.mark.parametrize("name", CHECKERS)
def test_placeholder_is_not_answered_yet(name: str) -> None:
    feedback = getattr(nb01, name)(None)
    assert feedback.status == "unanswered"
    assert repr(feedback).startswith("… Not answered yet")


MISTAKES = [(name, i) for name in CHECKERS for i in range(len(nb01.EXERCISES[name].mistakes))]


@pytest.mark.parametrize(("name", "index"), MISTAKES)
def test_each_mistake_gets_exactly_its_hint(name: str, index: int) -> None:
    mistake = nb01.EXERCISES[name].mistakes[index]
    feedback = getattr(nb01, name)(mistake.example)
    assert feedback.status == "wrong"
    assert feedback.message == mistake.hint


def test_every_exercise_anticipates_at_least_three_mistakes() -> None:
    for name, exercise in nb01.EXERCISES.items():
        assert len(exercise.mistakes) >= 3, name


def test_hints_are_distinct() -> None:
    for exercise in nb01.EXERCISES.values():
        hints = [m.hint for m in exercise.mistakes]
        assert len(hints) == len(set(hints))


def test_sign_slip_is_named() -> None:
    feedback = nb01.check_sigmoid_derivative(lambda z: -sigmoid(z) * sigmoid(-z))
    assert not feedback.correct
    assert "inner derivative" in feedback.message


def test_cancelling_form_is_accepted_with_a_note() -> None:
    feedback = nb01.check_sigmoid_derivative(lambda z: sigmoid(z) * (1 - sigmoid(z)))
    assert feedback.correct
    assert "z = 40" in feedback.message and "σ(−z)" in feedback.message


def test_stable_form_gets_no_note() -> None:
    feedback = nb01.check_sigmoid_derivative(lambda z: sigmoid(z) * sigmoid(-z))
    assert feedback.correct
    assert "One more thing" not in feedback.message


def test_overflowing_form_is_accepted_with_a_warning_note() -> None:
    def naive(z):
        e = np.exp(-z)
        return e / (1 + e) ** 2

    feedback = nb01.check_sigmoid_derivative(naive)
    assert feedback.correct
    assert "warns" in feedback.message


def test_unanticipated_wrong_answers_are_wrong() -> None:
    assert not nb01.check_sigmoid_prime_at_zero(0.2)
    assert not nb01.check_sigmoid_derivative(lambda z: np.exp(-np.abs(z)))
    assert not nb01.check_depth_factor(0.25**9)
    assert not nb01.check_sigmoid_prime_at_zero("a quarter")


def test_rounded_depth_factor_is_accepted() -> None:
    assert nb01.check_depth_factor(9.5e-7)
    assert nb01.check_depth_factor(9.54e-7)


def test_feedback_shows_as_one_line() -> None:
    feedback = nb01.check_sigmoid_prime_at_zero(0.75)
    assert "\n" not in repr(feedback)
    assert feedback._repr_html_().startswith("<div")


# ------------------------------------------------------------------ the notebook
def _setup_namespace() -> dict:
    """The namespace after the notebook's setup cell (its first code cell)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    namespace: dict = {}
    run_cell(next(c.source for c in nb.cells if c.cell_type == "code"), namespace)
    return namespace


def test_notebook_has_three_exercises_using_every_checker() -> None:
    pairs = exercise_pairs(NOTEBOOK.name)
    assert len(pairs) >= 3
    used = {re.search(r"nb01\.(check_\w+)\(", starter).group(1) for starter, _ in pairs}
    assert used == set(CHECKERS)


def test_solutions_are_collapsed() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    solutions = [c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) == len(exercise_pairs(NOTEBOOK.name))
    for source in solutions:
        assert source.lstrip().startswith("<details>") and source.rstrip().endswith("</details>")


@pytest.mark.parametrize("index", range(3))
def test_untouched_exercise_says_not_answered_yet(index: int) -> None:
    starter, _ = exercise_pairs(NOTEBOOK.name)[index]
    feedback = run_cell(starter, _setup_namespace())
    assert isinstance(feedback, Feedback)
    assert feedback.status == "unanswered"


@pytest.mark.parametrize("index", range(3))
def test_stored_solution_passes_its_checker(index: int) -> None:
    starter, solution = exercise_pairs(NOTEBOOK.name)[index]
    feedback = run_cell(solution, _setup_namespace())
    assert isinstance(feedback, Feedback)
    assert feedback.correct, feedback
    # the solution is the exercise cell, solved: it ends with the same checker call
    assert solution.strip().splitlines()[-1] == starter.strip().splitlines()[-1]
