"""A small sample course for the tools' tests: two notebooks that follow docs/authoring.md,
written into a folder (executed or not), optionally committed to a git repository of their own,
and what JupyterLab autosaves when a learner answers an exercise."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_tools import notebooks

SOLVED_00 = """\
from course_lib.exercises import Exercise
slope_at_zero = Exercise(key="slope", kind="number", reference=0.25)
answer = 0.25  # the slope of the sigmoid at z = 0
slope_at_zero.check(answer)"""


def _md(source: str, *tags: str) -> nbformat.NotebookNode:
    cell = new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _code(source: str, *tags: str) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def sample_notebooks() -> dict[str, nbformat.NotebookNode]:
    """Two small notebooks that follow docs/authoring.md (title, objectives, setup, sections,
    a figure, an exercise with its solution, check yourself, link to the next one)."""
    nb00 = new_notebook(cells=[
        _md("# 00 · Start here\nWe read a derivative as a slope.\n\n⏱ About 20 minutes"),
        _md("## What you will be able to do\n- read a derivative as a slope\n"
            "- estimate one by finite differences"),
        _code("from course_lib import plots\nfrom course_lib.activations import sigmoid"),
        _md("## Slopes\nThe slope of $\\sigma$ at $z$ is $\\sigma'(z)$:\n\n"
            "$$\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$$"),
        _code("fig, axes = plots.new_figure()\nz = [-4, -2, 0, 2, 4]\n"
              "axes[0, 0].plot(z, [float(sigmoid(v)) for v in z])\n"
              "plots.CourseFigure(fig, 'the sigmoid at five points')"),
        _md("Where is the curve steepest?"),
        _code(SOLVED_00.replace("answer = 0.25", "answer = None"), "exercise"),
        _md("<details><summary>Solution</summary>\n\nAt $z = 0$: "
            "$\\sigma(0)(1-\\sigma(0)) = 1/4$.\n\n```python\n" + SOLVED_00 + "\n```\n</details>",
            "solution"),
        _md("### A closer look\nThe slope never exceeds 1/4."),
        _md("Speaker note: pause here.", "notes"),
        _md("## Check yourself\n1. What is the largest slope of σ?\n\n"
            "<details><summary>Answers</summary>\n\n1. 1/4, at z = 0.\n</details>"),
        _md("**Next:** [01 · Sigmoid](01_sigmoid.ipynb), or back to [Slopes](#Slopes)."),
    ])
    nb01 = new_notebook(cells=[
        _md("# 01 · Sigmoid\nWe derive σ′ step by step.\n\n⏱ About 30 minutes"),
        _code("\n".join(f"import math as m{i}" for i in range(8))),
        _md("## The derivative\nBack to [the slopes](00_start_here.ipynb#Slopes)."),
        _code("print('\\n'.join(str(i) for i in range(40)))"),
        _md("\n".join(f"- Line {i} of a long list." for i in range(10))),
        _md("Why does the list above not fit on one slide?", "slide:fragment"),
    ])
    for nb in (nb00, nb01):
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
    return {"00_start_here.ipynb": nb00, "01_sigmoid.ipynb": nb01}


def write_sample_course(folder: Path, execute: bool = True) -> list[Path]:
    """Write the sample notebooks into ``folder`` (executed and stored like `make execute`)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, nb in sample_notebooks().items():
        path = folder / name
        nbformat.write(nb, path)
        paths.append(path)
    if execute:
        for path in paths:
            notebooks.execute(path)
    return paths


LEARNER_ANSWER = "answer = 0.25 ** 10  # typed-by-a-learner-7731"
LEARNER_OUTPUT = "✔ Correct (learner-output-7731)"


def git(folder: Path, *args: str) -> None:
    """Run git in ``folder`` as a throwaway author, whatever the caller's git settings."""
    env = notebooks.git_env()
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=Test", "-c",
                    "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
                   check=True, capture_output=True, env=env)


def committed_sample_course(tmp_path: Path) -> list[Path]:
    """The sample course in a git repository of its own, committed as the author wrote it."""
    paths = write_sample_course(tmp_path / "notebooks", execute=False)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "notebooks")
    git(tmp_path, "commit", "-q", "-m", "the course")
    return paths


def dirty_exercise(path: Path) -> None:
    """What JupyterLab autosaves after a learner solved the exercise: answer and verdict."""
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if notebooks.has_tag(c, notebooks.EXERCISE_TAG))
    cell.source = LEARNER_ANSWER + "\n" + cell.source.splitlines()[-1]
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=LEARNER_OUTPUT + "\n")]
    cell.execution_count = 7
    nbformat.write(nb, path)


def leaks(folder: Path) -> list[str]:
    """Built pages that show any of the learner's answer or its verdict."""
    found = []
    for page in folder.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for needle in ("typed-by-a-learner-7731", "learner-output-7731", "0.25 ** 10",
                       "✔ Correct"):
            if needle in html:
                found.append(f"{page.name}: {needle}")
    return found
