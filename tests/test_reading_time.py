"""Each notebook states how long it takes, in words (no ⏱, which many fonts lack), and no
less than tools/reading_time.py estimates from its prose, explorers and exercises."""

from __future__ import annotations

from pathlib import Path

import course_meta
import nbformat
import pytest
import reading_time

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", course_meta.course_notebooks(), ids=lambda p: p.stem)
def test_stated_time_is_no_less_than_the_estimate(path):
    nb = nbformat.read(path, as_version=4)
    assert "⏱" not in nbformat.writes(nb), f"{path.name}: say the time in words"
    stated = reading_time.stated(nb)
    assert stated is not None, f"{path.name}: no 'about N minutes on your own' in the title"
    assert stated >= reading_time.estimate(nb), (path.name, stated, reading_time.estimate(nb))


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
                                    + reading_time.EXERCISE_MINUTES + 2 / 130, abs=0.05)
    assert reading_time.estimate(nb) == 20
