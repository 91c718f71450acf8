"""What every exercise of the course promises, checked once for all of them.

For every checker (each :class:`Exercise` in a module of ``course_lib.exercises``): the reference
passes, an untouched answer is "not answered yet", and each anticipated mistake gets exactly
its own hint. For every notebook with exercises: at least two (reading_time.MIN_EXERCISES, issue 21's one
sitting with things to do), each solution hidden in a
collapsed ``<details>``, the learner's starter cell runs and says "not answered yet", and the
stored solution — the same cell, solved — passes its checker.

The per-notebook files (``test_exercises_nbXX.py``) test what is particular to each checker.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
import linecache
import pkgutil

import nbformat
import pytest

import course_lib.exercises
from course_lib.exercises.core import Exercise, Feedback
from course_lib.exercises.inspection import calls_any
from course_tools import notebooks, reading_time
from course_tools.notebooks import NOTEBOOK_DIR as NOTEBOOKS

MODULES = [importlib.import_module(f"course_lib.exercises.{m.name}")
           for m in pkgutil.iter_modules(course_lib.exercises.__path__) if m.name != "core"]
CHECKERS = [pytest.param(value, id=f"{module.__name__.rsplit('.', 1)[1]}.{name}")
            for module in MODULES for name, value in vars(module).items()
            if isinstance(value, Exercise)]
MISTAKES = [pytest.param(p.values[0], i, id=f"{p.id}[{i}]")
            for p in CHECKERS for i in range(len(p.values[0].mistakes))]


def exercise_pairs(name: str) -> list[tuple[str, str]]:
    """(starter code, solution code) of every exercise of ``notebooks/<name>``."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return [(nb.cells[e].source, notebooks.solution_code(nb.cells[s]))
            for e, s in notebooks.exercise_pairs(nb, name)]


def run_cell(source: str, namespace: dict) -> object:
    """Execute a cell's code like IPython does: the value of a final expression is returned,
    and the cell's source is kept where ``inspect`` finds it (a checker reads a learner's
    function from it, as it does in a notebook)."""
    filename = f"<cell-{hashlib.sha1(source.encode()).hexdigest()[:12]}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)  # our own notebooks' code
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), filename, "eval"), namespace)


WITH_EXERCISES = [p.name for p in notebooks.course_notebooks() if exercise_pairs(p.name)]


def test_every_exercise_module_is_found():
    assert len(MODULES) >= 7 and len(CHECKERS) >= 14


# ------------------------------------------------------------------ the checkers
@pytest.mark.parametrize("exercise", CHECKERS)
def test_reference_passes_and_none_is_unanswered(exercise: Exercise) -> None:
    """The reference passes, unless it is (or calls) the library's own answer, which a
    learner may not hand in: then it is refused, saying so. (The learners' own right answers
    are in tests/answer_catalogue.py.)"""
    if exercise.adapt is not None:   # the reference is in the checker's form, not the learner's
        assert exercise.same(exercise.reference, exercise.reference)
    elif exercise.library and calls_any(exercise.reference, tuple(exercise.library)):
        refused = exercise.check(exercise.reference)
        assert refused.status == "wrong" and "library's own" in refused.message
    else:
        assert exercise.check(exercise.reference).correct
    untouched = exercise.check(None)
    assert untouched.status == "unanswered"
    assert repr(untouched).startswith("… Not answered yet")


@pytest.mark.parametrize("exercise", CHECKERS)
def test_enough_distinct_hints(exercise: Exercise) -> None:
    hints = [m.hint for m in exercise.mistakes]
    assert len(hints) >= 3
    assert len(set(hints)) == len(hints)


@pytest.mark.parametrize(("exercise", "index"), MISTAKES)
def test_each_mistake_gets_exactly_its_hint(exercise: Exercise, index: int) -> None:
    mistake = exercise.mistakes[index]
    feedback = exercise.check(mistake.example)
    assert feedback.status == "wrong"
    assert feedback.message == mistake.hint
    assert "\n" not in repr(feedback)


# ------------------------------------------------------------------ the notebooks
@functools.cache
def _after_setup(name: str) -> dict:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    namespace: dict = {}
    run_cell(next(c.source for c in nb.cells if c.cell_type == "code"), namespace)
    return namespace


def _setup_namespace(name: str) -> dict:
    """A fresh copy of the namespace after the notebook's setup cell (its first code cell)."""
    return dict(_after_setup(name))


@functools.cache
def _before_each_exercise(name: str) -> dict[str, dict]:
    """For each exercise cell (by its source), the namespace it finds in its notebook: every
    code cell above it run in order (the other exercise cells as they are stored), in one
    pass. For the exercises that check a prediction against an experiment run earlier in
    the notebook."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    namespace: dict = {}
    found: dict[str, dict] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "exercise" in cell.metadata.get("tags", []):
            found[cell.source] = dict(namespace)
        run_cell(cell.source, namespace)
    return found


def _namespace(name: str, starter: str) -> dict:
    """The setup cell's namespace, or, for an exercise that uses names defined further up,
    the namespace of every cell above it."""
    names = {n for n in _names(starter) if n not in dir(__builtins__)}
    setup = _setup_namespace(name)
    if all(n in setup for n in names):
        return setup
    return dict(_before_each_exercise(name)[starter])


def _names(source: str) -> set[str]:
    import ast

    tree = ast.parse(source)
    assigned = {t.id for node in ast.walk(tree) for t in getattr(node, "targets", [])
                if isinstance(t, ast.Name)}
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    args = {a.arg for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            for a in node.args.args}
    used = {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    return used - assigned - defined - args


def test_the_lessons_have_exercises():
    assert {p.name for p in notebooks.taught()} <= set(WITH_EXERCISES)


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_solutions_are_collapsed(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    solutions = [c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) == len(exercise_pairs(name)) >= reading_time.MIN_EXERCISES
    for source in solutions:
        assert source.lstrip().startswith("<details>") and source.rstrip().endswith("</details>")


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_starters_are_unanswered_and_solutions_pass(name: str) -> None:
    for starter, solution in exercise_pairs(name):
        untouched = run_cell(starter, _namespace(name, starter))
        assert isinstance(untouched, Feedback) and untouched.status == "unanswered", starter
        solved = run_cell(solution, _namespace(name, starter))
        assert isinstance(solved, Feedback) and solved.correct, (solution, solved)
        # the solution is the exercise cell, solved: it ends with the same checker call
        assert solution.strip().splitlines()[-1] == starter.strip().splitlines()[-1]
