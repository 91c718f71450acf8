"""`make solutions`: every exercise solved by its own solution block passes its checker, the
solutions open, and the learner notebooks stay exactly as they were."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nbformat
import pytest

from course_tools import notebooks, solutions
from tests.samples import (
    LEARNER_ANSWER,
    committed_sample_course,
    dirty_exercise,
    sample_notebooks,
    write_sample_course,
)


def digest(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def assert_all_correct(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert solutions.verdicts(nb), f"{path.name}: no exercise cells"
    assert solutions.wrong_verdicts(nb, path.name) == []


def test_solved_copy_takes_the_solution_block_and_opens_it():
    nb = sample_notebooks()["00_start_here.ipynb"]
    (ex, sol), = notebooks.exercise_pairs(nb)
    out = solutions.solved(nb, "00_start_here.ipynb")
    assert out.cells[ex].source == notebooks.solution_code(nb.cells[sol], "x")
    assert "answer = 0.25" in out.cells[ex].source
    assert out.cells[sol].source.startswith("<details open>")
    assert "Solutions version" in out.cells[0].source
    assert "answer = None" in nb.cells[ex].source  # the original is untouched
    assert nb.cells[sol].source.startswith("<details>")


@pytest.mark.parametrize("breakage, message", [
    ("drop_solution", "must be followed"),
    ("two_blocks", "2 ```python blocks"),
    ("no_block", "0 ```python blocks"),
    ("orphan_solution", "must follow an exercise"),
])
def test_malformed_exercises_are_refused(breakage, message):
    nb = sample_notebooks()["00_start_here.ipynb"]
    (ex, sol), = notebooks.exercise_pairs(nb)
    if breakage == "drop_solution":
        del nb.cells[sol]
    elif breakage == "two_blocks":
        nb.cells[sol].source += "\n```python\nprint(1)\n```"
    elif breakage == "no_block":
        nb.cells[sol].source = "<details>nothing here</details>"
    elif breakage == "orphan_solution":
        nb.cells[ex].metadata["tags"] = []
    with pytest.raises(notebooks.PairingError, match=message):
        solutions.solved(nb, "00_start_here.ipynb")


@pytest.mark.slow
@pytest.mark.builds
def test_sample_solutions_run_correct(tmp_path):
    """The whole path of `make solutions` on a small course, and the quick check, which must
    not be blind: a wrong solution is reported."""
    learner = write_sample_course(tmp_path / "notebooks", execute=False)
    wrong = tmp_path / "notebooks" / "02_wrong.ipynb"
    nb = nbformat.read(learner[0], as_version=4)
    (_, sol), = notebooks.exercise_pairs(nb)
    nb.cells[sol].source = nb.cells[sol].source.replace("answer = 0.25", "answer = 0.5")
    nbformat.write(nb, wrong)
    before = digest([*learner, wrong])
    targets = solutions.make_all(learner, tmp_path / "solutions")
    assert_all_correct(targets[0])
    assert [c.execution_count for c in nbformat.read(targets[1], as_version=4).cells
            if c.cell_type == "code"] == [1, 2]  # a notebook without exercises runs too
    found = solutions.check([learner[0], wrong, learner[1]])
    assert found.keys() == {"00_start_here.ipynb", "02_wrong.ipynb"}
    assert found["00_start_here.ipynb"] == []
    assert len(found["02_wrong.ipynb"]) == 1 and "cell 6" in found["02_wrong.ipynb"][0]
    assert digest([*learner, wrong]) == before


def test_tail_check_sees_what_an_exercise_leaves_behind():
    nb = sample_notebooks()["00_start_here.ipynb"]
    (_, sol), = notebooks.exercise_pairs(nb)

    def problems(*tail: str) -> list[str]:
        copy = nbformat.from_dict(nb)
        copy.cells[sol + 1:sol + 1] = [nbformat.v4.new_code_cell(src) for src in tail]
        return solutions.tail_problems(copy)

    assert problems() == []
    assert problems("print(plots, sigmoid)") == []  # modules and what they gave: unchanged
    assert "reads answer" in problems("print(answer)")[0]
    assert "reads slope_at_zero" in problems("slope_at_zero.reference")[0]  # bound by it
    assert problems("answer = 2\nprint(answer)") == []  # bound afresh before it is read
    assert problems("answer = 2", "print(answer)") == []
    assert len(problems("answer = answer + 1")) == 1
    assert len(problems("if False:\n    answer = 2\nprint(answer)")) == 1
    nb.cells[sol - 1].source = "results = []\n" + nb.cells[sol - 1].source
    assert problems("print(results)") != []
    nb.cells[sol - 1].source = "results.append(1)"  # a method call may change its object
    nb.cells[sol].source = nb.cells[sol].source.replace("answer = 0.25", "answer = 0.25\nx.a = 1")
    assert problems("print(results, x)")[0].endswith("reads results, x, which an exercise sets, "
                                                     "before setting it again")


def test_every_exercise_ends_with_the_checker_call_its_solution_makes():
    """The stub and its solution belong together: the stub's last line (the checker call)
    appears in the solution's code."""
    for path in notebooks.course_notebooks():
        nb = nbformat.read(path, as_version=4)
        for ex, sol in notebooks.exercise_pairs(nb, path.name):
            stub_lines = [line for line in nb.cells[ex].source.splitlines() if line.strip()]
            code = notebooks.solution_code(nb.cells[sol], f"{path.name}, cell {sol}")
            assert stub_lines and stub_lines[-1].strip() in code, (
                f"{path.name}, cell {ex}: the solution does not end with {stub_lines[-1]!r}")


@pytest.fixture
def course_copy(tmp_path) -> list[Path]:
    """The course notebooks, copied as they are now (so that an edit made meanwhile in
    notebooks/ cannot be mistaken for a change made by the tool)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    return [Path(shutil.copy(path, folder / path.name)) for path in notebooks.course_notebooks()]


@pytest.mark.builds
def test_course_solutions_pass_every_checker(course_copy):
    """Every solution, run in its notebook in a fresh kernel, passes its checker, and nothing
    after a notebook's last exercise reads what the exercises leave behind: so the rest of
    each solutions notebook runs as the learner's, which nbval re-runs in full."""
    before = digest(course_copy)
    found = solutions.check(course_copy)
    assert found, "no notebook has exercises"
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert digest(course_copy) == before


def test_every_notebook_gets_a_solutions_version_and_learner_notebooks_stay(course_copy, tmp_path):
    before = digest(course_copy)
    out = tmp_path / "solutions"
    assert solutions.main(["--out", str(out), "--no-run", *map(str, course_copy)]) == 0
    for path in course_copy:
        nb = nbformat.read(out / path.name, as_version=4)
        learner = nbformat.read(path, as_version=4)
        assert "Solutions version" in nb.cells[0].source
        for ex, sol in notebooks.exercise_pairs(learner, path.name):
            assert nb.cells[ex].source == notebooks.solution_code(learner.cells[sol], "")
            assert "<details open" in nb.cells[sol].source
    assert digest(course_copy) == before


def test_solutions_read_the_committed_exercise_cells(tmp_path):
    """An answer autosaved into an exercise cell does not change the solutions version (nor
    what the tail check reads)."""
    paths = committed_sample_course(tmp_path)
    clean = solutions.read_learner(paths[0])
    dirty_exercise(paths[0])
    learner = solutions.read_learner(paths[0])
    assert LEARNER_ANSWER not in nbformat.writes(learner)
    assert nbformat.writes(learner) == nbformat.writes(clean)
    out = solutions.make(paths[0], tmp_path / "solutions", run=False)
    assert LEARNER_ANSWER not in out.read_text(encoding="utf-8")
