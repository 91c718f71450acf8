"""The exercises of notebook 02: every reference passes, every anticipated mistake gets its own
hint, and the solution stored in the notebook passes its checker."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_lib.activations import sigmoid, sigmoid_derivative, tanh
from course_lib.exercises import nb02
from course_lib.exercises.core import Feedback
from tests.nbtools import exercise_pairs, run_cell

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_tanh.ipynb"
CHECKERS = sorted(nb02.EXERCISES)


# ------------------------------------------------------------------ the checkers
@pytest.mark.parametrize("name", CHECKERS)
def test_reference_passes(name: str) -> None:
    feedback = getattr(nb02, name)(nb02.EXERCISES[name].reference)
    assert feedback.correct, feedback


@pytest.mark.parametrize("name", CHECKERS)
def test_placeholder_is_not_answered_yet(name: str) -> None:
    feedback = getattr(nb02, name)(None)
    assert feedback.status == "unanswered"
    assert repr(feedback).startswith("… Not answered yet")


MISTAKES = [(name, i) for name in CHECKERS for i in range(len(nb02.EXERCISES[name].mistakes))]


@pytest.mark.parametrize(("name", "index"), MISTAKES)
def test_each_mistake_gets_exactly_its_hint(name: str, index: int) -> None:
    mistake = nb02.EXERCISES[name].mistakes[index]
    feedback = getattr(nb02, name)(mistake.example)
    assert feedback.status == "wrong"
    assert feedback.message == mistake.hint


def test_every_exercise_anticipates_at_least_three_mistakes() -> None:
    for name, exercise in nb02.EXERCISES.items():
        assert len(exercise.mistakes) >= 3, name


def test_hints_are_distinct() -> None:
    for exercise in nb02.EXERCISES.values():
        hints = [m.hint for m in exercise.mistakes]
        assert len(hints) == len(set(hints))


def test_missing_square_is_named() -> None:
    feedback = nb02.check_tanh_derivative(lambda z: 1 - np.tanh(z))
    assert not feedback.correct
    assert "square is missing" in feedback.message


def test_other_correct_forms_pass() -> None:
    assert nb02.check_tanh_derivative(lambda z: 1 / np.cosh(z) ** 2)  # warns at ±1000: noted
    assert nb02.check_tanh_derivative(lambda z: (1 - tanh(z)) * (1 + tanh(z)))
    assert nb02.check_tanh_via_sigmoid(lambda z: 4 * sigmoid(2 * z) * sigmoid(-2 * z))
    assert nb02.check_tanh_prime_at_zero(4 * 0.25)


def test_cancelling_forms_are_accepted_with_a_note() -> None:
    feedback = nb02.check_tanh_derivative(lambda z: 1 - tanh(z) ** 2)
    assert feedback.correct and "z = 20" in feedback.message
    feedback = nb02.check_tanh_via_sigmoid(lambda z: 4 * sigmoid(2 * z) * (1 - sigmoid(2 * z)))
    assert feedback.correct and "σ(40)" in feedback.message


def test_library_forms_get_no_note() -> None:
    feedback = nb02.check_tanh_via_sigmoid(lambda z: 4 * sigmoid_derivative(2 * z))
    assert feedback.correct and "One more thing" not in feedback.message


def test_unanticipated_wrong_answers_are_wrong() -> None:
    assert not nb02.check_tanh_prime_at_zero(0.9)
    assert not nb02.check_tanh_derivative(lambda z: np.exp(-np.abs(z)))
    assert not nb02.check_tanh_via_sigmoid(lambda z: 3 * sigmoid_derivative(2 * z))
    assert not nb02.check_tanh_derivative(42)


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
    used = {re.search(r"nb02\.(check_\w+)\(", starter).group(1) for starter, _ in pairs}
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
