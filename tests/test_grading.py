"""The graded version of the course (course_tools/grading.py, nbgrader_hooks.py, grade_check.py).

Without nbgrader: every exercise of every notebook becomes an answer cell and a test cell of
the instructor's version; malformed exercises are refused with the reason; the test cells
grade a right, a wrong, a missing and a gamed answer as they must; the release check finds a
leaked solution. With nbgrader (marked ``grading``, from ``build/grading-env``, which
``make test`` builds first): the small simulated class of ``make grade-check``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from course_tools import grading
from course_tools.grading import ExerciseError

ROOT = Path(__file__).resolve().parent.parent
GRADING_PY = ROOT / "build" / "grading-env" / "bin" / "python"
NOTEBOOKS = [p for p in grading.course_notebooks()
             if grading.exercise_pairs(nbformat.read(p, as_version=4), p.name)]


def _exercise_notebook(starter: str, solution: str, setup: str = "from course_lib.exercises import nb05"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 99 · Test\n\n[![Launch](x.svg)](https://mybinder.org/v2/gh/x)"),
                nbformat.v4.new_code_cell(setup),
                nbformat.v4.new_code_cell(starter, metadata={"tags": ["exercise"]}),
                nbformat.v4.new_markdown_cell(f"<details>\n\n```python\n{solution}\n```\n\n</details>",
                                              metadata={"tags": ["solution"]})]
    return nb


# ------------------------------------------------------------------------------ the source
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_becomes_an_answer_cell_and_a_test_cell(path):
    learner = grading.read_learner(path)
    source, found = grading.source_notebook(learner, path.name)
    assert len(found) == len(grading.exercise_pairs(learner, path.name)) >= 1
    answers = [i for i, c in enumerate(source.cells) if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(answers) == len(found)
    for i, exercise in zip(answers, found, strict=True):
        answer, test = source.cells[i], source.cells[i + 1]
        assert answer.metadata.nbgrader == {"grade": False, "grade_id": f"{exercise.name}-answer",
                                            "locked": False, "schema_version": 3, "solution": True,
                                            "task": False}
        assert test.metadata.nbgrader["grade"] and test.metadata.nbgrader["locked"]
        assert test.metadata.nbgrader["grade_id"] == exercise.name
        assert test.metadata.nbgrader["points"] == grading.POINTS
        # the instructor's answer cell runs the solution; its last line is the checker call
        body, solution, call = (answer.source.split(grading.BEGIN)[0],
                                answer.source.split(grading.BEGIN)[1].split(grading.END)[0],
                                answer.source.split(grading.END)[1])
        assert exercise.checker in call and exercise.checker not in solution
        assert solution.strip() in exercise.solution and body.strip() in exercise.starter
        assert grading.BEGIN_HIDDEN in test.source and exercise.module in test.source
    tags = [t for c in source.cells for t in c.metadata.get("tags", [])]
    assert "solution" not in tags and "instructor" not in tags
    assert "mybinder.org" not in source.cells[0].source
    assert grading.NOTE_TAG in source.cells[1].metadata.tags
    assert len({c.metadata["nbgrader"]["grade_id"] for c in source.cells if "nbgrader" in c.metadata}) \
        == 2 * len(found)


def test_a_notebook_without_exercises_gets_no_assignment(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# reference"), nbformat.v4.new_code_cell("1 + 1")]
    path = tmp_path / "atlas.ipynb"
    nbformat.write(nb, path)
    assert grading.write_sources(tmp_path / "course", [path], learner=lambda p: nb) == {}
    assert not (tmp_path / "course" / "source" / "atlas").exists()


CALL = "nb05.check_shrink_factor(answer)"


@pytest.mark.parametrize(("starter", "released"), [
    (f"answer = None\n{CALL}", f"answer = None\n\n{CALL}"),
    (f"answer = None\n\n{CALL}", f"answer = None\n\n{CALL}"),
    ("answer = None\n\n\nnb05.check_shrink_factor(\n    answer)",
     "answer = None\n\nnb05.check_shrink_factor(\n    answer)"),
])
def test_the_released_answer_cell_is_the_starter_code(starter, released):
    assert grading.released_answer(starter) == released


@pytest.mark.parametrize(("starter", "solution", "setup", "message"), [
    ("answer = None", "answer = 0.25", "from course_lib.exercises import nb05",
     "must end with its checker call"),
    ("answer = None\nnb05.check_shrink_factor(answer)", "answer = 1\nnb05.check_shrink_factor(x)",
     "from course_lib.exercises import nb05", "but its solution with"),
    ("answer = None\nnb05.check_shrink_factor(answer)", "answer = 1\nnb05.check_shrink_factor(answer)",
     "import numpy as np", "cannot tell which module the checker"),
    ("answer = None\nnb05.check_shrink_factor(answer", "answer = 1", "import numpy as np",
     "not valid Python"),
])
def test_a_malformed_exercise_is_refused_with_its_reason(starter, solution, setup, message):
    with pytest.raises(ExerciseError, match=message):
        grading.exercises(_exercise_notebook(starter, solution, setup), "99_test.ipynb")


def test_an_exercise_needs_its_solution_cell_and_a_checker_of_its_own():
    nb = _exercise_notebook("answer = None\nnb05.check_shrink_factor(answer)",
                            "answer = 0.25 ** 5\nnb05.check_shrink_factor(answer)")
    twice = nbformat.from_dict(nb)
    twice.cells += [nbformat.from_dict(c) for c in nb.cells[2:]]
    with pytest.raises(ExerciseError, match="two exercises call check_shrink_factor"):
        grading.exercises(twice, "99_test.ipynb")
    nb.cells.pop()
    with pytest.raises(ExerciseError, match="must be followed by a Markdown cell tagged 'solution'"):
        grading.exercises(nb, "99_test.ipynb")


def test_a_checker_imported_by_name_is_found():
    nb = _exercise_notebook("answer = None\ncheck_shrink_factor(answer)",
                            "answer = 0.25 ** 5\ncheck_shrink_factor(answer)",
                            "from course_lib.exercises.nb05 import check_shrink_factor")
    (exercise,) = grading.exercises(nb, "99_test.ipynb")
    assert (exercise.module, exercise.function, exercise.argument) == (
        "course_lib.exercises.nb05", "check_shrink_factor", "answer")


# ------------------------------------------------------------------------------ the test cell
RUN_CASES = textwrap.dedent('''
    import json, sys
    preamble, cases, cell = json.loads(sys.stdin.read())
    results = {}
    for case, setup in cases:
        namespace = {}
        exec(preamble + "\\n" + setup, namespace)
        try:
            exec(cell, namespace)
            results[case] = "passed"
        except AssertionError as err:
            results[case] = f"failed: {err}"
    print(json.dumps(results))
''')


def _run_test_cell(cell: str, cases: list[tuple[str, str]], preamble: str = "",
                   **run) -> tuple[dict[str, str], str]:
    """Run a test cell in a fresh Python after each case's setup (a learner's kernel): each
    case's verdict ("passed" or the assertion's message), and everything printed."""
    done = subprocess.run([sys.executable, "-c", RUN_CASES],
                          input=json.dumps([preamble, cases, cell]),
                          capture_output=True, text=True, timeout=300, check=True, **run)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def test_the_test_cell_grades_right_wrong_missing_and_gamed_answers():
    nb = _exercise_notebook("answer = None\n\nnb05.check_shrink_factor(answer)",
                            "answer = 0.25 ** 5\n\nnb05.check_shrink_factor(answer)")
    (exercise,) = grading.exercises(nb, "99_test.ipynb")
    results, printed = _run_test_cell(grading.test_source(exercise), [
        ("right", "answer = 0.25 ** 5"), ("wrong", "answer = 0.25 * 5"), ("missing", ""),
        ("gamed", "answer = 1.0\n"
                  "nb05.check_shrink_factor = lambda a: Feedback('correct', 'ok')\n"
                  "import course_lib.exercises.core as core\n"
                  "core.Exercise.check = lambda self, a: Feedback('correct', 'ok')")],
        preamble="import course_lib.exercises.nb05 as nb05\n"
                 "from course_lib.exercises.core import Feedback")
    assert "✔ Correct" in printed   # a passing test cell prints the verdict
    assert results["right"] == "passed"
    assert results["wrong"].startswith("failed: ✘ Not yet")
    assert results["missing"] == ("failed: answer is not defined: the cell of exercise 1 did not run "
                                  "to its end (it raised an error, shown under it, or it was stopped)")
    assert results["gamed"].startswith("failed: ✘ Not yet"), "a patched checker must not pass"


# ------------------------------------------------------------------------------ the release check
def test_the_release_check_finds_solutions_markers_and_changed_starters(tmp_path):
    path = NOTEBOOKS[0]
    learner = grading.read_learner(path)
    source, found = grading.source_notebook(learner, path.name)
    release = tmp_path / "release" / path.stem
    release.mkdir(parents=True)

    def released(nb):  # what nbgrader's generate_assignment does to the two kinds of cells
        nb = nbformat.from_dict(nb)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = grading.released_answer(cell.source.split(grading.BEGIN)[0]
                                                      + cell.source.split(grading.END)[1])
            elif grading.BEGIN_HIDDEN in cell.source:
                cell.source = cell.source.split(grading.BEGIN_HIDDEN)[0].rstrip("\n")
        return nb

    def problems(nb):
        nbformat.write(nb, release / path.name)
        return grading.release_problems(tmp_path, {path.stem: found}, [path])

    assert problems(released(source)) == []
    leaked = problems(source)
    assert any("marker '### BEGIN SOLUTION'" in p for p in leaked)
    assert any("solution code of exercise 1" in p for p in leaked)
    assert any("is not the exercise's starter code" in p for p in leaked)
    changed = released(source)
    answer = next(c for c in changed.cells if c.metadata.get("nbgrader", {}).get("solution"))
    answer.source = answer.source.replace("None", "0.5", 1)
    assert any("is not the exercise's starter code" in p for p in problems(changed))
    dropped = released(source)
    dropped.cells = [c for c in dropped.cells if grading.TEST_TAG not in c.metadata.get("tags", [])]
    assert any("not followed by its locked test cell" in p for p in problems(dropped))


# ------------------------------------------------------------------------------ with nbgrader
@pytest.mark.grading
@pytest.mark.slow
def test_a_small_class_is_collected_autograded_fed_back_and_exported(tmp_path):
    """``make grade-check --small``: one notebook, four learners, through nbgrader's exchange,
    autograde, feedback and export, then a re-run that must keep every grade."""
    if not GRADING_PY.exists():
        pytest.fail("the grading environment is missing: run `make grading-env` (make test does)")
    out = tmp_path / "class"
    done = subprocess.run([str(GRADING_PY), "-m", "course_tools.grade_check", "--small",
                           "--out", str(out), "--json", str(tmp_path / "result.json")],
                          cwd=ROOT, capture_output=True, text=True, timeout=540, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads((tmp_path / "result.json").read_text())
    total = result["total"]
    scores = {name: r["score"] for name, r in result["learners"].items()}
    assert total >= 2 and scores["ada"] == total and scores["finn"] == 0
    assert scores["dev"] == total - 2 and scores["eve"] == total - 1
    assert result["problems"] == []
    (name,) = result["assignments"]
    assert result["columns"] == ["student_id", "last_name", "first_name", "email", name,
                                 "total", "max_total"]
    assert done.stdout.strip().splitlines()[-1].startswith(
        f"grading: ada {total}/{total}, dev {total - 2}/{total}, eve {total - 1}/{total}, "
        f"finn 0/{total} (as expected)")
    released = nbformat.read(out / "course" / "release" / name / f"{name}.ipynb", as_version=4)
    text = "\n".join(c.source for c in released.cells)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text


PROBE = '''
from course_lib.exercises.core import Feedback


def check_against(answer, run, scale=1):
    if answer is None:
        return Feedback("unanswered", "Not answered yet")
    return Feedback("correct" if answer == run * scale else "wrong", "compared with the run")
'''
def test_a_prediction_is_graded_against_the_run_its_cell_names(tmp_path):
    """The showdown's predictions are checked against the training above them
    (``check_failure_prediction(prediction, result)``): the test cell passes the run on, as the
    exercise cell does, and says which variable is missing when the run's cell did not run."""
    (tmp_path / "run_probe.py").write_text(PROBE)
    nb = _exercise_notebook("answer = None\ncheck_against(answer, run, scale=2)",
                            "answer = 6\ncheck_against(answer, run, scale=2)",
                            "from run_probe import check_against")
    (exercise,) = grading.exercises(nb, "99_test.ipynb")
    assert (exercise.more_args, exercise.more_kwargs) == (("run",), (("scale", "2"),))
    results, _ = _run_test_cell(
        grading.test_source(exercise),
        [("right", "run = 3\nanswer = 6"), ("wrong", "run = 3\nanswer = 3"), ("no run", "answer = 6")],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert results["right"] == "passed"
    assert results["wrong"] == "failed: ✘ Not yet: compared with the run"
    assert results["no run"] == ("failed: run is not defined: exercise 1 is checked against it; "
                                 "run the notebook from the top")


def test_a_checker_call_that_unpacks_its_arguments_is_refused():
    nb = _exercise_notebook("answer = None\nnb05.check_shrink_factor(answer, *more)",
                            "answer = 0.25 ** 5\nnb05.check_shrink_factor(answer, *more)")
    with pytest.raises(ExerciseError, match="unpacks its arguments"):
        grading.exercises(nb, "99_test.ipynb")


def test_the_guide_names_the_assignments_there_are():
    """The instructor guide's hub steps say how many assignments the formgrader lists and which
    columns the export has: one for each notebook with exercises, the last one last."""
    guide = (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    count = re.search(r"lists the (\w+) assignments", guide)
    numbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
               "eleven", "twelve", "thirteen", "fourteen", "fifteen"]
    assert count and numbers.index(count[1]) + 1 == len(NOTEBOOKS)
    columns = re.search(r"column per assignment \(`(\w+)` … `(\w+)`", guide)
    assert columns and columns.groups() == (NOTEBOOKS[0].stem, NOTEBOOKS[-1].stem)
