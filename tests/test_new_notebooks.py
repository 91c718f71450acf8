"""The notebooks of issue 21 that are not (yet) on the numbered path: the floating-point
appendix and the drafts whose cells the renumbering moves, and the one-sitting promise.

* The appendix carries its badges and slide metadata (course_tools/notebook_meta.py) and states its
  estimated time (course_tools/reading_time.py), as the numbered notebooks do.
* Drafts (``_draft_*.ipynb``) are no course notebooks: the site, the slides and the guide
  leave them out; nbval, the exercise tests and the quoted-number test read them all the same.
* Each new notebook fits one sitting, 60 minutes, under the calibrated model of issue 21: prose
  at 100 words a minute, 6 minutes an exercise, 3 an explorer, 0.75 another code cell.
"""

from __future__ import annotations

import nbformat
import pytest

from course_tools import notebook_meta, notebooks, reading_time
from course_tools.notebooks import NOTEBOOK_DIR as NOTEBOOKS


def exercise_pairs(name: str) -> list[tuple[int, int]]:
    return notebooks.exercise_pairs(nbformat.read(NOTEBOOKS / name, as_version=4), name)

APPENDIX = NOTEBOOKS / "appendix_floating_point.ipynb"
NEW = ["01_foundations.ipynb", "appendix_floating_point.ipynb"]
DRAFTS = sorted(p.name for p in NOTEBOOKS.glob("_draft_*.ipynb"))
#: issue 21's calibrated model of a first-year learner
WORDS_PER_MINUTE, EXERCISE, EXPLORER, CODE = 100, 6.0, 3.0, 0.75
SITTING = 60


def calibrated_minutes(nb: nbformat.NotebookNode,
                       model: tuple[float, float, float, float] = (WORDS_PER_MINUTE, EXERCISE,
                                                                   EXPLORER, CODE)) -> float:
    """The notebook's time under a model (words a minute, minutes per exercise, explorer and
    other code cell), counted as course_tools/reading_time.py counts: prose outside collapsed
    answers, exercise cells, explorers, other code cells."""
    words_per_minute, exercise, explorer, code = model
    minutes = 0.0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            minutes += reading_time.words(cell.source) / words_per_minute
        elif cell.source.strip():
            tags = cell.metadata.get("tags", [])
            minutes += (exercise if "exercise" in tags else
                        explorer if reading_time.is_explorer(cell) else code)
    return minutes


@pytest.mark.parametrize("name", NEW)
def test_a_new_notebook_fits_one_sitting_and_has_exercises(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert calibrated_minutes(nb) <= SITTING, (name, calibrated_minutes(nb))
    assert len(exercise_pairs(name)) >= 2


@pytest.mark.parametrize("name", ["00_start_here.ipynb", *NEW])
def test_the_count_is_the_tools_count(name):
    """With the tool's own constants the count gives the tool's own total, so the calibrated
    figure differs from the stated one only by the constants."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    tool = (reading_time.WORDS_PER_MINUTE, reading_time.EXERCISE_MINUTES,
            reading_time.EXPLORER_MINUTES, reading_time.CODE_MINUTES)
    assert calibrated_minutes(nb, tool) == pytest.approx(sum(m for _, m in reading_time.sections(nb)))


def test_the_appendix_is_up_to_date_with_the_tools():
    nb = nbformat.read(APPENDIX, as_version=4)
    assert not notebook_meta.apply(nb, APPENDIX.name), (
        "run: make execute NB=notebooks/appendix_floating_point.ipynb")
    assert not reading_time.problems(nb), (
        "run: python -m course_tools.reading_time --write notebooks/appendix_floating_point.ipynb")
    assert "mybinder.org" in nb.cells[0].source and "colab" in nb.cells[0].source


@pytest.mark.parametrize("name", DRAFTS)
def test_drafts_carry_what_make_execute_gives_them(name):
    """`make execute` runs notebook_meta on every notebook, drafts included: it changes none."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert not notebook_meta.apply(nb, name), f"run: make execute NB=notebooks/{name}"


def test_drafts_are_not_course_notebooks_but_are_tested():
    assert DRAFTS, "the drafts of issue 21 are missing"
    course = {p.name for p in notebooks.course_notebooks()}
    assert not course & set(DRAFTS) and "appendix_floating_point.ipynb" not in course
    for name in DRAFTS:
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        assert nb.cells[0].source.startswith("# Draft · "), name
        assert exercise_pairs(name), f"{name} has no exercise"
