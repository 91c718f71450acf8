"""The course's notebooks: which they are, how their cells are tagged, how an exercise pairs
with its solution, and the one way to run a notebook.

**Which.** A notebook's kind comes from its file name in ``notebooks/``:

* ``lesson``: ``NN_topic.ipynb``, the numbered path, in the order of its numbers;
* ``appendix``: ``appendix_topic.ipynb``, optional reading the lessons point to;
* ``reference``: a name in :data:`REFERENCES` (``atlas.ipynb``), looked things up in.

:func:`course_notebooks` lists them in that order (lessons, appendices, references). Any other
notebook in the folder (an ``Untitled.ipynb`` a learner made) is of no kind: it is never
built or published, and ``tests/test_layout.py`` fails on one in the repository.

**Tags** (``cell.metadata.tags``; docs/authoring.md says how to write them):

* :data:`EXERCISE_TAG` on a code cell the learner completes; the Markdown cell right after it
  is tagged :data:`SOLUTION_TAG` and holds the worked solution with exactly one
  ```` ```python ```` block, the exercise cell as solved (:func:`exercise_pairs`);
* :data:`INSTRUCTOR_TAG` on a cell addressed to the teacher (not on the site; a speaker
  note on the slides), :data:`NOTES_TAG` on a speaker note, :data:`ON_SLIDE_TAG` on a cell
  whose prose stays whole on the slide (see :mod:`course_tools.speaker_notes`),
  ``slide:<type>`` to force a slide type (see :mod:`course_tools.notebook_meta`).

**Running.** :func:`run` runs a notebook top to bottom in a fresh kernel of this Python, with
the notebook's folder as working directory, always in the numeric environment of
:mod:`course_tools.numeric_env` (so that its outputs are the ones nbval re-creates on any
x86-64 processor), and tidies the outputs (:func:`tidy`). ``make execute``, ``make
solutions``, the Colab check and the benchmark all run notebooks through it.

>>> kind(Path("04_relu.ipynb")), kind(Path("appendix_floating_point.ipynb")), kind(Path("x.ipynb"))
('lesson', 'appendix', None)
"""

from __future__ import annotations

import asyncio
import copy
import os
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

import nbformat

from course_tools import numeric_env

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"

# -- which notebooks ------------------------------------------------------------------------
#: The kinds of notebook, in the order :func:`course_notebooks` lists them.
KINDS = ("lesson", "appendix", "reference")
LESSON_NAME = re.compile(r"^(\d\d)_[A-Za-z0-9_]+\.ipynb$")
APPENDIX_NAME = re.compile(r"^appendix_[A-Za-z0-9_]+\.ipynb$")
#: The reference notebooks, outside the numbered path.
REFERENCES = ("atlas.ipynb",)


def kind(path: Path) -> str | None:
    """``"lesson"``, ``"appendix"`` or ``"reference"`` by the file's name; None for a notebook
    that is not the course's."""
    name = Path(path).name
    if LESSON_NAME.match(name):
        return "lesson"
    if APPENDIX_NAME.match(name):
        return "appendix"
    return "reference" if name in REFERENCES else None


def course_notebooks(folder: Path = NOTEBOOK_DIR, kinds: Iterable[str] = KINDS) -> list[Path]:
    """The course's notebooks in ``folder`` of the given ``kinds``: the lessons by number,
    then the appendices, then the references (each by name)."""
    wanted = [k for k in KINDS if k in set(kinds)]
    found = sorted(Path(folder).glob("*.ipynb"))
    return [p for k in wanted for p in found if kind(p) == k]


def lessons(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered path only (``NN_topic.ipynb``), in order."""
    return course_notebooks(folder, ("lesson",))


def taught(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The lessons and the appendices: the notebooks a learner sits down with, which state
    their time and have slides (a reference notebook is looked things up in, not taught)."""
    return course_notebooks(folder, ("lesson", "appendix"))


def notebook_title(nb: nbformat.NotebookNode, fallback: str = "") -> str:
    """The text of the notebook's ``# NN · Title`` heading (Markdown markup left as is)."""
    for line in _title_cell_lines(nb):
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def notebook_summary(nb: nbformat.NotebookNode) -> str:
    """The one sentence under the title: the first plain paragraph of the title cell."""
    paragraph: list[str] = []
    for line in _title_cell_lines(nb)[1:]:
        text = line.strip()
        if text and not text.startswith(("[![", "!", "#", "<", ">", "|", "---")):
            paragraph.append(text)
        elif paragraph:
            break
    return " ".join(paragraph)


def _title_cell_lines(nb: nbformat.NotebookNode) -> list[str]:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            return cell.source.strip().splitlines()
    return []


# -- tags -----------------------------------------------------------------------------------
EXERCISE_TAG = "exercise"
SOLUTION_TAG = "solution"
INSTRUCTOR_TAG = "instructor"
NOTES_TAG = "notes"
ON_SLIDE_TAG = "on-slide"
SLIDE_TAG_PREFIX = "slide:"


def has_tag(cell: nbformat.NotebookNode, tag: str) -> bool:
    """Whether ``cell`` carries ``tag`` in its metadata."""
    return tag in cell.get("metadata", {}).get("tags", [])


def without_tag(nb: nbformat.NotebookNode, tag: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` without the cells tagged ``tag``."""
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not has_tag(c, tag)]
    return nb


# -- exercises and their solutions ----------------------------------------------------------
PYTHON_BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
#: What a checker prints on an answer (right or wrong); the untouched placeholder gets
#: "… Not answered yet" instead.
VERDICT_MARKS = ("✔", "✘")


class PairingError(ValueError):
    """An exercise without a usable solution cell, or a solution without an exercise."""


def exercise_pairs(nb: nbformat.NotebookNode, name: str = "notebook") -> list[tuple[int, int]]:
    """(exercise, solution) cell indices of ``nb``; :class:`PairingError` if an exercise code
    cell is not followed by a Markdown cell tagged ``solution`` with exactly one
    ```` ```python ```` block, or a solution cell does not follow an exercise."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        where = f"{name}, cell {i}"
        if has_tag(cell, EXERCISE_TAG):
            following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
            if (cell.cell_type != "code" or following is None or following.cell_type != "markdown"
                    or not has_tag(following, SOLUTION_TAG)):
                raise PairingError(f"{where}: an exercise code cell must be followed by a "
                                   "Markdown cell tagged 'solution'")
            solution_code(following, f"{name}, cell {i + 1}")
            pairs.append((i, i + 1))
        elif has_tag(cell, SOLUTION_TAG) and (i == 0 or not has_tag(nb.cells[i - 1], EXERCISE_TAG)):
            raise PairingError(f"{where}: a solution cell must follow an exercise cell")
    return pairs


def solution_code(solution: nbformat.NotebookNode, where: str = "solution cell") -> str:
    """The code of the one ```` ```python ```` block of a ``solution`` cell."""
    blocks = PYTHON_BLOCK.findall(solution.source)
    if len(blocks) != 1:
        raise PairingError(f"{where}: the solution cell has {len(blocks)} ```python blocks, "
                           "not exactly one")
    return blocks[0].rstrip("\n")


def output_text(cell: nbformat.NotebookNode) -> str:
    """Everything a code cell's outputs say as text: streams, plain text, HTML, errors."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append(str(output.get("text", "")))
        data = output.get("data", {})
        parts += [str(data.get("text/plain", "")), str(data.get("text/html", ""))]
        if output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}")
    return "\n".join(parts)


# -- the learner version: exercise cells as committed ---------------------------------------
class UnpublishableNotebook(Exception):
    """A notebook whose exercise cells hold a learner's work: it must not be published."""


def git_env() -> dict[str, str]:
    """``os.environ`` without the variables that would point git at another repository."""
    return {k: v for k, v in os.environ.items()
            if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}


def committed_notebook(path: Path) -> nbformat.NotebookNode | None:
    """The notebook at ``path`` as committed (``git show HEAD:<path>``), or None when there is
    no git, no repository around it, or the file is not in its last commit."""
    path = Path(path).resolve()
    try:
        found = subprocess.run(["git", "-C", str(path.parent), "show", f"HEAD:./{path.name}"],
                               capture_output=True, env=git_env(), timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if found.returncode != 0:
        return None
    try:
        return nbformat.reads(found.stdout.decode("utf-8"), as_version=4)
    except Exception:  # a committed file that is not a notebook (yet): as if absent
        return None


def placeholder_problems(cell: nbformat.NotebookNode, where: str) -> list[str]:
    """Why an exercise cell does not look like the untouched placeholder: its stored output
    shows a checker's verdict or an error, or its ``None`` placeholder has been replaced."""
    problems = []
    if any(mark in output_text(cell) for mark in VERDICT_MARKS) or any(
            o.get("output_type") == "error" for o in cell.get("outputs", [])):
        problems.append(f"{where}: its output shows an answer's verdict, not 'Not answered yet'")
    if "None" not in cell.source:
        problems.append(f"{where}: its placeholder (None) has been replaced by an answer")
    return problems


def learner_version(nb: nbformat.NotebookNode, path: Path | None = None, *,
                    strict: bool = True) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose exercise cells are the learner version, as committed.

    JupyterLab autosaves a learner's answers into ``notebooks/``, so what is on disk is not
    what may be published. Each exercise cell takes its source, outputs and execution count
    from the last commit of ``path`` (the cell with the same id), when git has one. Then every
    exercise cell must look untouched (:func:`placeholder_problems`): if one does not (a
    notebook outside git, a new exercise not committed yet, or answers committed by mistake),
    :class:`UnpublishableNotebook` is raised with ``strict``; without it the cell is left as
    it is (for ``make solutions``, which replaces the exercise cells anyway).
    """
    nb = copy.deepcopy(nb)
    name = Path(path).name if path is not None else "notebook"
    committed = committed_notebook(path) if path is not None else None
    by_id = {c.get("id"): c for c in committed.cells} if committed is not None else {}
    problems = []
    for i, cell in enumerate(nb.cells):
        if not has_tag(cell, EXERCISE_TAG):
            continue
        old = by_id.get(cell.get("id"))
        if old is not None and has_tag(old, EXERCISE_TAG):
            cell.source = old.source
            cell.outputs = copy.deepcopy(old.get("outputs", []))
            cell.execution_count = old.get("execution_count")
        problems += placeholder_problems(cell, f"{name}, exercise cell {i} (id {cell.get('id')})")
    if problems and strict:
        raise UnpublishableNotebook(
            "refusing to publish a learner's answers:\n  " + "\n  ".join(problems) + "\n"
            "Restore the placeholder (git checkout -- <notebook>, or undo the answer) and "
            "build again.")
    return nb


# -- running --------------------------------------------------------------------------------
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def tidy(nb: nbformat.NotebookNode) -> None:
    """Make an executed notebook what nbval re-creates, with nothing machine-specific in it:
    live-widget references are dropped (they point at kernel objects that no longer exist;
    the widget's text form stays, and every widget has a static figure beside it), no saved
    widget state or timing metadata is kept, and the pieces a stream arrived in (which depend
    on when the kernel flushed) are joined into one output per run of stdout or stderr, as
    nbval joins them to compare."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        outputs = []
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
            output.get("metadata", {}).pop(WIDGET_VIEW, None)
            last = outputs[-1] if outputs else {}
            if (output.get("output_type") == last.get("output_type") == "stream"
                    and output.get("name") == last.get("name")):
                last["text"] = "".join(last["text"]) + "".join(output["text"])
            else:
                outputs.append(output)
        if "outputs" in cell:
            cell.outputs = outputs


async def run_async(nb: nbformat.NotebookNode, folder: Path, timeout: int = 600
                    ) -> nbformat.NotebookNode:
    """:func:`run`, for a caller that has an event loop."""
    from nbclient import NotebookClient  # only the tools that run notebooks need it

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}},
                            record_timing=False, store_widget_state=False)
    await client.async_execute(env=numeric_env.pinned(os.environ))
    tidy(nb)
    return nb


def run(nb: nbformat.NotebookNode, folder: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run ``nb`` in place, top to bottom, in a fresh pinned kernel working in ``folder``; its
    outputs tidied. A failing cell raises ``nbclient.exceptions.CellExecutionError`` (the
    outputs up to it are kept)."""
    return asyncio.run(run_async(nb, folder, timeout))


def run_all(notebooks: Iterable[tuple[nbformat.NotebookNode, Path]], jobs: int = 0,
            timeout: int = 600) -> list[nbformat.NotebookNode]:
    """:func:`run` each ``(notebook, working folder)``, up to ``jobs`` at a time (0: one per
    CPU), each in its own kernel."""
    notebooks = list(notebooks)
    if not notebooks:
        return []

    async def every() -> list[nbformat.NotebookNode]:
        limit = asyncio.Semaphore(jobs or os.cpu_count() or 1)

        async def one(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
            async with limit:
                return await run_async(nb, folder, timeout)

        return list(await asyncio.gather(*(one(nb, folder) for nb, folder in notebooks)))

    return asyncio.run(every())


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run the notebook file at ``path`` (:func:`run`) and store it with its new outputs."""
    path = Path(path)
    nb = run(nbformat.read(path, as_version=4), path.parent, timeout)
    nbformat.write(nb, path)
    return nb
