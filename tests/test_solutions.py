"""`make solutions`: every exercise solved by its own solution block passes its checker, the
solutions open, and the learner notebooks stay exactly as they were."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "tests")]

import course_meta  # noqa: E402
import make_solutions  # noqa: E402
from test_notebook_meta import sample_notebooks, write_sample_course  # noqa: E402


def output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts += [data.get("text/plain", ""), data.get("text/html", "")]
        if output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "\n".join(parts)


def verdicts(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, output text) of every exercise cell."""
    return [(i, output_text(c)) for i, c in enumerate(nb.cells)
            if "exercise" in c.metadata.get("tags", [])]


def digest(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def assert_all_correct(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    found = verdicts(nb)
    assert found, f"{path.name}: no exercise cells"
    for i, text in found:
        assert "✔ Correct" in text, f"{path.name}, cell {i}: {text[:300]!r}"
        assert "✘" not in text and "Not answered" not in text, f"{path.name}, cell {i}: {text!r}"


def test_solved_copy_takes_the_solution_block_and_opens_it():
    nb = sample_notebooks()["00_start_here.ipynb"]
    (ex, sol), = make_solutions.exercise_pairs(nb)
    out = make_solutions.solved(nb, "00_start_here.ipynb")
    assert out.cells[ex].source == make_solutions.solution_code(nb.cells[sol], "x")
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
    (ex, sol), = make_solutions.exercise_pairs(nb)
    if breakage == "drop_solution":
        del nb.cells[sol]
    elif breakage == "two_blocks":
        nb.cells[sol].source += "\n```python\nprint(1)\n```"
    elif breakage == "no_block":
        nb.cells[sol].source = "<details>nothing here</details>"
    elif breakage == "orphan_solution":
        nb.cells[ex].metadata["tags"] = []
    with pytest.raises(make_solutions.SolutionError, match=message):
        make_solutions.solved(nb, "00_start_here.ipynb")


@pytest.mark.slow
def test_sample_solutions_run_correct(tmp_path):
    learner = write_sample_course(tmp_path / "notebooks", execute=False)
    before = digest(learner)
    target = make_solutions.make(learner[0], tmp_path / "solutions")
    assert_all_correct(target)
    assert digest(learner) == before


def test_every_exercise_ends_with_the_checker_call_its_solution_makes():
    """The stub and its solution belong together: the stub's last line (the checker call)
    appears in the solution's code."""
    notebooks = course_meta.course_notebooks()
    if not notebooks:
        pytest.skip("no notebooks yet")
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for ex, sol in make_solutions.exercise_pairs(nb, path.name):
            stub_lines = [line for line in nb.cells[ex].source.splitlines() if line.strip()]
            code = make_solutions.solution_code(nb.cells[sol], f"{path.name}, cell {sol}")
            assert stub_lines and stub_lines[-1].strip() in code, (
                f"{path.name}, cell {ex}: the solution does not end with {stub_lines[-1]!r}")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[Path], dict, dict]:
    notebooks = course_meta.course_notebooks()
    if not notebooks:
        pytest.skip("no notebooks yet")
    out = tmp_path_factory.mktemp("solutions")
    before = digest(notebooks)
    make_solutions.main(["--out", str(out), *map(str, notebooks)])
    return out, notebooks, before, digest(notebooks)


@pytest.mark.slow
def test_course_solutions_pass_every_checker(built):
    out, notebooks, _, _ = built
    for path in notebooks:
        target = out / path.name
        assert target.exists()
        if verdicts(nbformat.read(path, as_version=4)):
            assert_all_correct(target)


@pytest.mark.slow
def test_learner_notebooks_unchanged(built):
    _, _, before, after = built
    assert after == before
