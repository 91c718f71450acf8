"""Each notebook states how long it takes, in words (no ⏱, which many fonts lack): the title
its total, every section heading its own share, all as course_tools/reading_time.py estimates them
from the prose, explorers and exercises (``reading_time.py --write`` puts them there); and each
fits one sitting under that model, with exercises to do (issue 21)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from course_tools import notebooks, reading_time

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", notebooks.taught(), ids=lambda p: p.stem)
def test_stated_time_is_the_estimate(path):
    nb = nbformat.read(path, as_version=4)
    assert "⏱" not in nbformat.writes(nb), f"{path.name}: say the time in words"
    stated = reading_time.stated(nb)
    assert stated is not None, f"{path.name}: no 'about N minutes on your own' in the title"
    assert stated == reading_time.estimate(nb), (path.name, stated, reading_time.estimate(nb))


@pytest.mark.parametrize("path", notebooks.taught(), ids=lambda p: p.stem)
def test_every_section_heading_states_its_estimate(path):
    """"## N. Title (≈ M min)" with M from the estimate, and the title's split into sections
    and framing; a new paragraph or exercise fails this until the heading follows."""
    nb = nbformat.read(path, as_version=4)
    numbered = [c for c in nb.cells if re.match(r"## \d+\. ", c.source.lstrip())]
    assert numbered, f"{path.name} has no numbered section"
    assert all(reading_time.heading_minutes(c.source.lstrip().splitlines()[0]) for c in numbered)
    problems = reading_time.problems(nb)
    assert not problems, (f"{path.name}: {problems}; run: python -m course_tools.reading_time --write "
                          "notebooks/*.ipynb")
    times = reading_time.stated_times(nb)
    shown = sum(times["sections"].values()) + times["framing"]
    unrounded = sum(m for _, m in reading_time.sections(nb))
    assert abs(shown - unrounded) <= 0.5 and 0 <= times["total"] - shown <= 5, (shown, times)


@pytest.mark.parametrize("path", notebooks.taught(), ids=lambda p: p.stem)
def test_every_notebook_fits_one_sitting(path):
    """At most 60 minutes under the calibrated model, and at least two exercises: a lesson or
    appendix that grows past one sitting is split or cut, not just stated as longer."""
    nb = nbformat.read(path, as_version=4)
    assert not reading_time.sitting_problems(nb), (path.name, reading_time.sitting_problems(nb))


def test_the_model_is_the_calibrated_one():
    """Issue 21's model of a first-year learner: prose at 100 words a minute (collapsed
    solutions not counted), 6 minutes an exercise, 3 an explorer, 0.75 another code cell.
    Changing it changes every stated time and class plan: a decision, not a tweak."""
    assert (reading_time.WORDS_PER_MINUTE, reading_time.EXERCISE_MINUTES,
            reading_time.EXPLORER_MINUTES, reading_time.CODE_MINUTES) == (100, 6.0, 3.0, 0.75)
    assert (reading_time.SITTING_MINUTES, reading_time.MIN_EXERCISES) == (60, 2)


def test_sitting_problems_name_a_long_notebook_and_a_missing_exercise():
    def exercise():
        return nbformat.v4.new_code_cell("answer = None", metadata={"tags": ["exercise"]})

    prose = nbformat.v4.new_markdown_cell("## 1. A\n" + "word " * 100 * 49)  # 49 min
    fits = nbformat.v4.new_notebook(cells=[prose, exercise(), exercise()])     # 61 min
    assert reading_time.minutes(fits) == pytest.approx(61.03, abs=0.01)
    assert reading_time.sitting_problems(fits) == ["61.0 minutes, more than one sitting (60)"]
    fits.cells[0].source = "## 1. A\n" + "word " * 100 * 47
    assert reading_time.sitting_problems(fits) == []
    fits.cells.pop()
    assert reading_time.sitting_problems(fits) == ["1 exercise(s), fewer than 2"]
    # an explorer made by a class method counts as an explorer
    explorer = nbformat.v4.new_code_cell('TangentExplorer.for_activation("relu", z0=1.0)')
    assert reading_time.is_explorer(explorer)
    assert not reading_time.is_explorer(nbformat.v4.new_code_cell("plots.tangent_figure(relu)"))


def test_estimate_counts_prose_explorers_and_exercises():
    prose = nbformat.v4.new_markdown_cell("## A\n" + "word " * 1300)
    explorer = nbformat.v4.new_code_cell("TangentExplorer(z0=0)")
    exercise = nbformat.v4.new_code_cell("answer = None")
    exercise.metadata["tags"] = ["exercise"]
    details = nbformat.v4.new_markdown_cell("<details>" + "hidden " * 5000 + "</details>")
    nb = nbformat.v4.new_notebook(cells=[prose, explorer, exercise, details])
    (_, intro), (name, minutes) = reading_time.sections(nb)
    assert name == "A" and intro == 0
    assert minutes == pytest.approx(1301 / reading_time.WORDS_PER_MINUTE
                                    + reading_time.EXPLORER_MINUTES
                                    + reading_time.EXERCISE_MINUTES + 2 / reading_time.WORDS_PER_MINUTE,
                                    abs=0.05)
    assert reading_time.estimate(nb) == 25


def test_whole_minutes_add_up():
    assert reading_time.whole_minutes([2.4, 2.4, 2.4]) == [3, 2, 2]  # not 2 + 2 + 2
    assert reading_time.whole_minutes([0.2, 0.3, 9.6]) == [1, 1, 8]  # at least 1 each
    assert reading_time.whole_minutes([13.3, 1.5, 7.0, 14.8]) == [13, 2, 7, 15]
    for minutes in ([0.8, 12.8, 6.3, 4.2], [2.7] * 7, [0.1] * 3, [30.5, 0.5]):
        rounded = reading_time.whole_minutes(minutes)
        assert min(rounded) >= 1
        assert sum(rounded) == max(len(minutes), round(sum(minutes)))
        assert all(abs(k - m) < 1 or k == 1 for k, m in zip(rounded, minutes, strict=True))


def _lesson(extra_words: int = 0) -> nbformat.NotebookNode:
    cells = [
        nbformat.v4.new_markdown_cell("# 09 · A lesson\n\nTime: about 5 minutes on your own, "
                                      "or one 10-minute session."),
        nbformat.v4.new_markdown_cell("## What you will be able to do\n- " + "aim " * 100),
        nbformat.v4.new_markdown_cell("## 1. First (≈ 2 min)\n\n" + "word " * 650),
        nbformat.v4.new_code_cell("answer = None", metadata={"tags": ["exercise"]},
                                  outputs=[nbformat.v4.new_output("stream", text="Not yet\n")]),
        nbformat.v4.new_markdown_cell("## 2. Second\n\n" + "word " * (260 + extra_words)),
        nbformat.v4.new_markdown_cell("## Check yourself\n1. Why?"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def test_write_states_the_estimate_and_a_new_paragraph_fails_until_rewritten():
    nb = _lesson()
    assert reading_time.problems(nb)  # "(≈ 2 min)" and no time on §2: stale
    assert reading_time.write(nb)
    assert not reading_time.problems(nb)
    assert not reading_time.write(nb)  # a fixed point: stating a time does not change it
    headings = [c.source.splitlines()[0] for c in nb.cells if c.source.startswith("## ")]
    # §1: 653 words (6.5 min) + an exercise (6); §2: 263 words (2.6); framing 1.1 + 0.1 min
    assert headings == ["## What you will be able to do", "## 1. First (≈ 12 min)",
                        "## 2. Second (≈ 3 min)", "## Check yourself"]
    assert ("about 20 minutes on your own (15 for the sections below and 1 for the objectives, "
            "summary and check-yourself questions, rounded up), or one 10-minute session."
            ) in nb.cells[0].source
    assert reading_time.stated(nb) == reading_time.estimate(nb) == 20

    longer = _lesson(extra_words=400)  # four more minutes of reading in §2: 20.35 in all
    for old, new in zip(nb.cells, longer.cells, strict=True):
        if new.cell_type == "markdown" and not new.source.startswith("## 2."):
            new.source = old.source
    longer.cells[4].source = longer.cells[4].source.replace("## 2. Second", "## 2. Second (≈ 2 min)")
    assert any("'2. Second' states 2 min, the estimate is 7" in p
               for p in reading_time.problems(longer))
    assert any("title should say 'about 25 minutes" in p and "(19 for the sections" in p
               for p in reading_time.problems(longer))
    reading_time.write(longer)
    assert not reading_time.problems(longer)


def test_write_changes_only_the_stated_times_in_the_file(tmp_path):
    path = tmp_path / "09_lesson.ipynb"
    nbformat.write(_lesson(), path)
    before = json.loads(path.read_text(encoding="utf-8"))
    assert reading_time.main(["--check", str(path)]) == 1
    assert reading_time.main(["--write", str(path)]) == 0
    assert reading_time.main(["--check", str(path)]) == 0
    after = json.loads(path.read_text(encoding="utf-8"))
    assert {k: v for k, v in before.items() if k != "cells"} == {
        k: v for k, v in after.items() if k != "cells"}
    changed = []
    for old, new in zip(before["cells"], after["cells"], strict=True):
        assert {k: v for k, v in old.items() if k != "source"} == {
            k: v for k, v in new.items() if k != "source"}  # outputs, metadata, ids
        changed += [(a, b) for a, b in zip(old["source"], new["source"], strict=True) if a != b]
    assert [b for _, b in changed] == [
        "Time: about 20 minutes on your own (15 for the sections below and 1 for the objectives,"
        " summary and check-yourself questions, rounded up), or one 10-minute session.",
        "## 1. First (≈ 12 min)\n", "## 2. Second (≈ 3 min)\n"]


def test_the_time_sentence_itself_is_not_reading():
    """The title's time sentence, its "in class" clause included, is not counted, so wording
    it differently cannot move an estimate; the sentence after it still counts."""
    title = ("# 09 · A lesson\n\n**Intro.** Time: about 35 minutes on your own (32 for the sections "
             "below and 3 for the objectives, summary and check-yourself questions, rounded up), "
             "or in class one 45-minute session, or one 90-minute session (the instructor "
             "guide's plans).\n\nOne two three.")
    assert reading_time.words(title) == len("# 09 · A lesson **Intro.** One two three.".split())
    longer = title.replace("(the instructor guide's plans)", "(see the plans in the guide, "
                           "with the homework they set)")
    assert reading_time.words(longer) == reading_time.words(title)
