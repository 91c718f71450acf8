"""The grader's own steps inside nbgrader's autograde, and the CSV per learner.

The course's ``nbgrader_config.py`` (written by ``make assignments``, course_tools/grading.py)
plugs these into nbgrader, so the same things happen whether the teacher clicks *Autograde*
in the formgrader of a JupyterHub or runs ``make grade-check``:

* :func:`set_aside_unreadable` (before a submission is graded): a submitted file that is not a
  notebook (not JSON, or not a notebook's JSON) is renamed ``<name>.ipynb.unreadable`` and an
  empty notebook carrying a note takes its place, so it is graded 0 with a line saying why,
  and the rest of the class is graded as usual;
* :class:`RestoreCourseCells` (after nbgrader's own clean-up): the submitted notebook is graded
  in the course's order, with the course's cells. Each answer cell is the learner's; every
  other cell of the course is the instructor's version, put back where it was deleted or
  moved; the learner's own extra cells are kept after the cell they followed. A missing answer
  cell is graded as the starter code it was released as (0 points), with a note;
* :class:`GradingNotes` (after the notebook has run): a Markdown cell at the top of the graded
  notebook, and so of the learner's feedback, with one line per exercise (the checker's
  verdict, or why there was none: the cell raised, was stopped, was missing) and the notes of
  the steps above;
* :class:`ScoresByLearner`: an export plugin writing one row per learner and one column per
  assignment (``nbgrader export --exporter course_tools.nbgrader_hooks.ScoresByLearner``).
"""

from __future__ import annotations

import copy
import csv
import json
import os
import uuid
from pathlib import Path

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins import ExportPlugin
from nbgrader.preprocessors import NbGraderPreprocessor

from course_tools.grading import TEST_TAG, UNDEFINED

#: Where the steps leave their notes for :class:`GradingNotes` (notebook metadata).
META = "course_grading"
UNREADABLE_SUFFIX = ".unreadable"
#: Error names that mean "the autograder stopped this cell" (nbgrader interrupts the kernel).
STOPPED = ("CellTimeoutError", "KeyboardInterrupt")
NOTES_TAG = "grading-notes"


def _notes(nb: NotebookNode) -> list[str]:
    return nb.metadata.setdefault(META, {}).setdefault("notes", [])


# ------------------------------------------------------------------------------ unreadable files
def unreadable_reason(path: Path) -> str | None:
    """Why the file at ``path`` is not a notebook nbgrader can read (None when it is one)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return "it is not text (not UTF-8)"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        return f"it is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
    try:
        nbformat.validate(nbformat.reads(json.dumps(data), as_version=4))
    except Exception as err:  # nbformat raises several kinds for a malformed notebook
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return f"it is JSON but not a notebook ({first[:160]})"
    return None


def set_aside_unreadable(assignment: str, student: str, notebooks: list[str]) -> None:
    """nbgrader's ``pre_convert_hook``: each submitted file in ``notebooks`` that is not a
    readable notebook is kept as ``<name>.ipynb.unreadable`` and replaced by an empty notebook
    with a note (graded 0: :class:`RestoreCourseCells` puts the released starter cells in)."""
    for name in notebooks:
        path = Path(name)
        reason = unreadable_reason(path)
        if reason is None:
            continue
        kept = path.with_name(path.name + UNREADABLE_SUFFIX)
        path.replace(kept)
        stand_in = nbformat.v4.new_notebook()
        stand_in.metadata[META] = {"unreadable": True, "notes": [
            f"The file you handed in as {path.name} could not be read: {reason}. Nothing in it "
            f"could be graded, so every exercise counts as unanswered. It is kept, unchanged, as "
            f"{kept.name} beside your submission; hand in the notebook again (save it from "
            "JupyterLab, do not edit the file as text)."]}
        nbformat.write(stand_in, path)


# ------------------------------------------------------------------------------ course cells
def _course_notebook(pp: NbGraderPreprocessor, step: str, resources: ResourcesDict) -> NotebookNode:
    """The source or release version of the notebook being graded."""
    coursedir = CourseDirectory(parent=pp)
    info = resources["nbgrader"]
    folder = coursedir.source_directory if step == "source" else coursedir.release_directory
    path = Path(coursedir.format_path(folder, ".", info["assignment"])) / f"{info['notebook']}.ipynb"
    return nbformat.read(path, as_version=4)


def _key(cell: NotebookNode, known_ids: set[str]) -> str | None:
    """How a submitted cell is matched with the course's: its nbgrader id, else its cell id."""
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    if grade_id:
        return f"nbgrader:{grade_id}"
    return f"id:{cell.get('id')}" if cell.get("id") in known_ids else None


def _source_key(cell: NotebookNode) -> str:
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    return f"nbgrader:{grade_id}" if grade_id else f"id:{cell.get('id')}"


class RestoreCourseCells(NbGraderPreprocessor):
    """Grade the submission in the course's order, with the course's cells (see the module)."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        source = _course_notebook(self, "source", resources)
        release = {_source_key(c): c for c in _course_notebook(self, "release", resources).cells}
        known_ids = {c.get("id") for c in source.cells}
        source_keys = [_source_key(c) for c in source.cells]
        notes = list(nb.metadata.get(META, {}).get("notes", []))

        submitted: dict[str, NotebookNode] = {}
        extra: dict[str | None, list[NotebookNode]] = {}
        order, anchor = [], None
        for cell in nb.cells:
            key = _key(cell, known_ids)
            if key is None or key not in source_keys or key in submitted:
                extra.setdefault(anchor, []).append(cell)   # the learner's own cell
                continue
            submitted[key] = cell
            order.append(source_keys.index(key))
            anchor = key

        cells, seen_ids, restored = list(extra.get(None, [])), set(), 0
        for src, key in zip(source.cells, source_keys, strict=True):
            if utils.is_solution(src):
                cell = submitted.get(key)
                if cell is None:
                    cell = copy.deepcopy(release.get(key, src))
                    cell.metadata.setdefault(META, {})["restored"] = True
            else:
                if key not in submitted:
                    restored += 1
                cell = copy.deepcopy(src)
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            cells.append(cell)
            cells += extra.get(key, [])
        for cell in cells:  # ids stay unique (a learner's cell may carry a copied id)
            if cell.get("id") in seen_ids or not cell.get("id"):
                cell["id"] = uuid.uuid4().hex[:8]
            seen_ids.add(cell["id"])

        unreadable = nb.metadata.get(META, {}).get("unreadable", False)
        if order != sorted(order):
            notes.append("Some cells of the course were moved; your notebook was graded with "
                         "every cell in the course's order (your answers in their places).")
        if restored > 0 and not unreadable:
            notes.append(f"{restored} cell(s) of the course (not answer cells) were missing and "
                         "were put back for grading.")
        nb.cells = cells
        nb.metadata[META] = {"notes": notes, "unreadable": unreadable}
        return nb, resources


# ------------------------------------------------------------------------------ the notes cell
def _error(cell: NotebookNode) -> NotebookNode | None:
    return next((o for o in cell.get("outputs", []) if o.output_type == "error"), None)


def _text(cell: NotebookNode, name: str = "stdout") -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.get("name") == name)


def _stopped(error: NotebookNode | None) -> bool:
    """Was the cell stopped by the autograder's time limit (rather than raising)?"""
    return error is not None and error.ename in STOPPED


class GradingNotes(NbGraderPreprocessor):
    """A Markdown cell at the top of the graded notebook: one line per exercise, then the notes
    left by the steps before (see the module)."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        timeout = self.config.get("Execute", {}).get("timeout", 30)
        meta = nb.metadata.get(META, {})
        lines = [f"- {note}" for note in meta.get("notes", [])]
        number, answer = 0, None
        for cell in nb.cells:
            if utils.is_solution(cell):
                answer = cell
                continue
            if not (utils.is_grade(cell) and TEST_TAG in cell.metadata.get("tags", [])):
                continue
            number += 1
            points = cell.metadata["nbgrader"].get("points", 0)
            verdict = ("not graded: your file could not be read (see above)."
                       if meta.get("unreadable") else self._verdict(cell, answer, timeout))
            lines.append(f"- **Exercise {number}** ({self._score(cell, points)} of {points}): "
                         + verdict)
            answer = None
        others = [c for c in nb.cells if c.cell_type == "code" and _error(c) is not None
                  and not utils.is_grade(c) and not utils.is_solution(c)]
        if others:
            first = _error(others[0])
            lines.append(f"- {len(others)} other cell(s) raised an error; the first: "
                         f"`{first.ename}: {_one_line(first.evalue)}`.")
        text = "### Notes from the grader\n\n" + "\n".join(lines)
        note = nbformat.v4.new_markdown_cell(text)
        note["id"] = uuid.uuid4().hex[:8]
        note.metadata["tags"] = [NOTES_TAG]
        nb.cells = [c for c in nb.cells if NOTES_TAG not in c.metadata.get("tags", [])]
        nb.cells.insert(0, note)
        return nb, resources

    @staticmethod
    def _score(cell: NotebookNode, points: float) -> str:
        score, _ = utils.determine_grade(cell)
        return f"{score:g}" if score is not None else "?"

    @staticmethod
    def _verdict(test: NotebookNode, answer: NotebookNode | None, timeout: int) -> str:
        restored = answer is not None and answer.metadata.get(META, {}).get("restored")
        answer_error = _error(answer) if answer is not None else None
        error = _error(test)
        if restored:
            return "no answer cell in your notebook (it was deleted)."
        if _stopped(answer_error):
            if error is None:
                return (f"your answer cell was stopped after {timeout} s (does it loop "
                        "forever?), but the answer it had set by then is right.")
            return (f"your answer cell was stopped after {timeout} s (does it loop forever?) "
                    "before it set your answer, so there was none to grade.")
        if answer_error is not None:
            why = f"your answer cell raised `{answer_error.ename}: {_one_line(answer_error.evalue)}`"
            if error is None:
                return f"{why}, but the answer it had set by then is right."
            if UNDEFINED in str(error.evalue):
                return f"{why} (see under it) before it set your answer, so there was none to grade."
            return f"{why} (see under it); the check then said: {_one_line(error.evalue)}"
        if _stopped(error):
            return (f"checking your answer was stopped after {timeout} s: your code runs too "
                    "long (does it loop forever?).")
        if error is not None:
            return _one_line(error.evalue) if error.ename == "AssertionError" else (
                f"the check raised `{error.ename}: {_one_line(error.evalue)}`.")
        return _one_line(_text(test)) or "correct."


def _one_line(text: str, limit: int = 400) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ------------------------------------------------------------------------------ the CSV
class ScoresByLearner(ExportPlugin):
    """One row per learner, one column per assignment (its score), then the total: the shape
    an LMS gradebook imports. Columns: ``student_id, last_name, first_name, email``, one per
    assignment in name order, ``total``, ``max_total``. A learner who handed nothing in for an
    assignment has an empty cell there (and 0 in the total)."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades-by-learner.csv"
        assignments = sorted(gradebook.assignments, key=lambda a: a.name)
        if self.assignment:
            assignments = [a for a in assignments if a.name in self.assignment]
        students = sorted(gradebook.students, key=lambda s: s.id)
        if self.student:
            students = [s for s in students if s.id in self.student]
        max_total = sum(a.max_score for a in assignments)
        with open(dest, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["student_id", "last_name", "first_name", "email",
                             *[a.name for a in assignments], "total", "max_total"])
            for student in students:
                scores = []
                for assignment in assignments:
                    try:
                        submission = gradebook.find_submission(assignment.name, student.id)
                    except MissingEntry:
                        scores.append(None)
                    else:
                        scores.append(submission.score)
                total = sum(s for s in scores if s is not None)
                writer.writerow([student.id, student.last_name or "", student.first_name or "",
                                 student.email or "",
                                 *["" if s is None else f"{s:g}" for s in scores],
                                 f"{total:g}", f"{max_total:g}"])
        self.log.info("Exported %d learners x %d assignments to %s", len(students),
                      len(assignments), os.path.abspath(dest))
