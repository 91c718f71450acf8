"""A simulated class graded by nbgrader, entirely offline (``make grade-check``).

    python -m course_tools.grade_check [--small] [--out build/grade-check] [--json result.json]

Run with the grading environment's Python (``make grading-env``). In a fresh folder
(``build/grade-check``: a course directory, an nbgrader exchange, one home per learner):

1. the course is generated from ``notebooks/`` as ``make assignments`` does, checked against
   the notebooks (:func:`course_tools.grading.release_problems`) and released to the exchange;
2. each simulated learner fetches every assignment, works on it (see :data:`LEARNERS`) and
   submits it through the exchange, as nbgrader's *Assignments* tab does on a JupyterHub:

   * **ada** answers every exercise with its worked solution;
   * **ben** answers every exercise wrongly (7.0 where the placeholder ``None`` stood);
   * **cleo** hands in the notebooks untouched;
   * **dev** has a cell that raises in every notebook (exercise 1) and, in the first, a cell
     that never finishes (exercise 2; the autograder stops it), and solves the rest;
   * **eve** deletes the answer cell of exercise 1, moves the answer cell of exercise 2 to the
     end, deletes the setup cell and the test cell of exercise 3, adds a cell of her own, and
     solves what is left;
   * **finn** solves everything, but the file of the first assignment is not JSON (cut off);

3. the instructor collects, autogrades, generates and releases the feedback, and the learners
   fetch it; the gradebook is exported as nbgrader's CSV (one row per learner and assignment)
   and as the CSV per learner for an LMS (``course_tools.nbgrader_hooks.ScoresByLearner``);
4. a re-run keeps earlier grades: the instructor overrides one grade by hand (as in the
   formgrader), generates the assignments again (``make assignments``) and autogrades eve's
   first submission again; the override and everyone's grades must still be there.

Every learner's score must be the one its behaviour earns (computed from the exercises, not
written down), and each learner's feedback must say why in words (see :data:`LEARNERS`);
otherwise the check lists what differs and exits 1. ``--small`` does the same with one
notebook (the one with exercises and the fewest code cells) and four learners (ada, dev, eve,
finn), for ``make test``. The last line printed reads::

    grading: ada 34/34, ben 0/34, cleo 0/34, dev 21/34, eve 22/34, finn 31/34 (as expected) ...
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course_tools import grading
from course_tools.grading import POINTS, GradedExercise

OUT = grading.ROOT / "build" / "grade-check"
#: The per-cell time limit of the check (a cell of the course takes a few seconds at most).
CHECK_TIMEOUT = 30
SMALL_TIMEOUT = 10
WRONG = "7.0"


# ------------------------------------------------------------------------------ the learners
def answer_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Indices of the answer cells (nbgrader solution cells), in order."""
    return [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("solution")]


def test_cells(nb: nbformat.NotebookNode) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if grading.TEST_TAG in c.metadata.get("tags", [])]


@dataclass
class Work:
    """What a learner hands in for one assignment, what it must score and what its feedback
    must say."""

    text: str
    points: int
    says: list[str] = field(default_factory=list)


def _solve(nb: nbformat.NotebookNode, exercises: list[GradedExercise], skip: tuple[int, ...] = ()) -> None:
    for k, (i, ex) in enumerate(zip(answer_cells(nb), exercises, strict=True)):
        if k not in skip:
            nb.cells[i].source = ex.solution


def ada(nb, exercises, first: bool) -> Work:
    _solve(nb, exercises)
    return Work(nbformat.writes(nb), POINTS * len(exercises), ["✔ Correct"])


def ben(nb, exercises, first: bool) -> Work:
    for i in answer_cells(nb):
        nb.cells[i].source = re.sub(r"\bNone\b", WRONG, nb.cells[i].source, count=1)
    return Work(nbformat.writes(nb), 0, ["✘ Not yet"])


def cleo(nb, exercises, first: bool) -> Work:
    return Work(nbformat.writes(nb), 0, ["Not answered yet"])


def dev(nb, exercises, first: bool) -> Work:
    _solve(nb, exercises)
    cells = answer_cells(nb)
    nb.cells[cells[0]].source = "ratio = 1 / 0   # a slip\n" + exercises[0].solution
    lost, says = 1, ["raised", "ZeroDivisionError: division by zero", "there was none to grade"]
    if first:
        nb.cells[cells[1]].source = "while True:   # never ends\n    pass\n" + exercises[1].solution
        lost, says = 2, [*says, "was stopped after"]
    return Work(nbformat.writes(nb), POINTS * (len(exercises) - lost), says)


def eve(nb, exercises, first: bool) -> Work:
    _solve(nb, exercises)
    answers, tests = answer_cells(nb), test_cells(nb)
    setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    moved = nb.cells[answers[1]]
    gone = {answers[0], answers[1], setup} | ({tests[2]} if len(tests) > 2 else set())
    nb.cells = [c for i, c in enumerate(nb.cells) if i not in gone] + [moved]
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("My notes: do exercise 2 last."))
    return Work(nbformat.writes(nb), POINTS * (len(exercises) - 1),
                ["no answer cell in your notebook", "were moved", "were put back"])


def finn(nb, exercises, first: bool) -> Work:
    _solve(nb, exercises)
    text = nbformat.writes(nb)
    if first:
        return Work(text[: len(text) // 2], 0, ["could not be read", "not valid JSON",
                                                "not graded: your file could not be read"])
    return Work(text, POINTS * len(exercises), ["✔ Correct"])


LEARNERS: dict[str, Callable] = {"ada": ada, "ben": ben, "cleo": cleo, "dev": dev, "eve": eve,
                                 "finn": finn}
SMALL_LEARNERS = ("ada", "dev", "eve", "finn")


# ------------------------------------------------------------------------------ the class
class GradeCheck:
    """One run of the simulated class in ``out`` (see the module's docstring)."""

    def __init__(self, out: Path, notebooks: list[Path], learners: tuple[str, ...],
                 timeout: int, log=print) -> None:
        self.out = Path(out).resolve()
        self.course = self.out / "course"
        self.exchange = self.out / "exchange"
        self.homes = self.out / "learners"
        self.notebooks = notebooks
        self.learners = learners
        self.timeout = timeout
        self.log = log
        self.problems: list[str] = []
        self.seconds: dict[str, float] = {}
        self.expected: dict[str, dict[str, int]] = {}
        self.says: dict[tuple[str, str], list[str]] = {}

    # -------------------------------------------------------------- steps
    def api(self):
        return grading.nbgrader_api(self.course, **self.settings())

    def settings(self, learner: str | None = None) -> dict:
        settings = {"Exchange": {"root": str(self.exchange)},
                    # one Unix user plays every learner here
                    "ExchangeCollect": {"check_owner": False}}
        if learner is not None:
            home = self.homes / learner
            settings["Exchange"].update(assignment_dir=str(home), cache=str(home / ".nbgrader-cache"))
            settings["CourseDirectory"] = {"student_id": learner}
        return settings

    def timed(self, step: str, action: Callable):
        start = time.perf_counter()
        try:
            return action()
        finally:
            self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - start

    def run(self) -> dict:
        if self.out.exists():
            shutil.rmtree(self.out)
        self.exchange.mkdir(parents=True)
        self.assignments = self.timed("generate", lambda: grading.build(
            self.course, self.notebooks, timeout=self.timeout, log=self.log))
        self.problems += grading.release_problems(self.course, self.assignments, self.notebooks)
        api = self.api()
        for name in self.assignments:
            grading.checked(api.release_assignment(name), f"release_assignment {name}")
        self.log(f"released {len(self.assignments)} assignment(s) to the exchange")
        self.timed("learners", self.learners_work)
        self.timed("collect", lambda: [grading.checked(api.collect(a), f"collect {a}")
                                       for a in self.assignments])
        self.timed("autograde", lambda: self.autograde(api))
        self.timed("feedback", lambda: self.feedback(api))
        scores = self.timed("export", self.export)
        self.compare(scores, "")
        self.timed("re-run", self.rerun)
        return self.result(scores)

    def learners_work(self) -> None:
        first = next(iter(self.assignments))
        for learner in self.learners:
            api = grading.nbgrader_api(self.course, **self.settings(learner))
            home = self.homes / learner
            home.mkdir(parents=True)
            for name, exercises in self.assignments.items():
                self._exchange(api, "FetchAssignment", learner, name)
                path = home / name / f"{name}.ipynb"
                work = LEARNERS[learner](nbformat.read(path, as_version=4), exercises, name == first)
                path.write_text(work.text, encoding="utf-8")
                self.expected.setdefault(learner, {})[name] = work.points
                self.says[learner, name] = work.says
                self._exchange(api, "Submit", learner, name)
        self.log(f"{len(self.learners)} learners fetched, worked on and submitted "
                 f"{len(self.assignments)} assignment(s) each")

    @staticmethod
    def _exchange(api, kind: str, learner: str, assignment: str) -> None:
        api.coursedir.assignment_id = assignment
        api.coursedir.student_id = learner
        getattr(api.exchange, kind)(coursedir=api.coursedir, authenticator=api.authenticator,
                                    parent=api).start()

    def autograde(self, api) -> None:
        for name in self.assignments:
            start = time.perf_counter()
            for learner in self.learners:
                result = api.autograde(name, learner)
                if not result.get("success"):
                    self.problems.append(f"autograde {name} {learner} failed: "
                                         f"{(result.get('error') or result.get('log', ''))[-600:]}")
            self.log(f"autograded {name} for {len(self.learners)} learners in "
                     f"{time.perf_counter() - start:.0f} s")

    def feedback(self, api) -> None:
        for name in self.assignments:
            grading.checked(api.generate_feedback(name), f"generate_feedback {name}")
            grading.checked(api.release_feedback(name), f"release_feedback {name}")
        for learner in self.learners:
            mine = grading.nbgrader_api(self.course, **self.settings(learner))
            for name in self.assignments:
                self._exchange(mine, "FetchFeedback", learner, name)
                pages = sorted((self.homes / learner / name / "feedback").glob("*/*.html"))
                if not pages:
                    self.problems.append(f"{learner} got no feedback for {name}")
                    continue
                text = pages[-1].read_text(encoding="utf-8")
                for phrase in self.says[learner, name]:
                    if phrase not in text:
                        self.problems.append(f"{learner}'s feedback on {name} does not say "
                                             f"{phrase!r}")
                if "Notes from the grader" not in text:
                    self.problems.append(f"{learner}'s feedback on {name} has no grader's notes")
        self.log("feedback generated, released and fetched by every learner")

    def export(self) -> dict[str, dict[str, float]]:
        _, wide = grading.export(self.course)
        with open(wide, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.columns = list(rows[0]) if rows else []
        return {row["student_id"]: {a: float(row[a] or 0) for a in self.assignments}
                for row in rows}

    def compare(self, scores: dict[str, dict[str, float]], when: str) -> None:
        for learner in self.learners:
            for name in self.assignments:
                want = self.expected[learner][name]
                got = scores.get(learner, {}).get(name)
                if got != want:
                    self.problems.append(f"{when}{learner} scored {got} on {name}, expected {want}")

    def rerun(self) -> None:
        """An override by hand, ``make assignments`` again, a forced autograde: nothing lost."""
        from nbgrader.api import Gradebook  # the grading environment has it

        name = next(iter(self.assignments))
        exercise = self.assignments[name][0]
        db = f"sqlite:///{self.course / 'gradebook.db'}"
        with Gradebook(db) as gb:
            # eve deleted exercise 1 and mailed her answer: the teacher gives the point by hand
            grade = gb.find_grade(exercise.name, name, name, "eve")
            grade.manual_score = POINTS
            gb.db.commit()
        grading.build(self.course, self.notebooks, timeout=self.timeout, log=lambda *_: None)
        api = self.api()
        result = api.autograde(name, "eve")
        if not result.get("success"):
            self.problems.append(f"autograding {name} for eve again failed")
        self.expected["eve"][name] += POINTS
        self.compare(self.export(), "after the re-run, ")
        self.log("re-run: a grade set by hand, the assignments generated again and a submission "
                 "autograded again; every grade kept")

    def result(self, scores: dict[str, dict[str, float]]) -> dict:
        """The scores of the first round (before the override by hand)."""
        total = sum(POINTS * len(ex) for ex in self.assignments.values())
        return {"learners": {learner: {"score": sum(scores.get(learner, {}).values()),
                                       "total": total} for learner in self.learners},
                "assignments": list(self.assignments), "total": total,
                "columns": self.columns, "seconds": self.seconds, "problems": self.problems,
                "course": str(self.course)}


# ------------------------------------------------------------------------------ command line
def smallest(paths: list[Path]) -> list[Path]:
    """The notebook with at least two exercises and the fewest code cells."""
    def size(path: Path) -> tuple[int, str]:
        nb = nbformat.read(path, as_version=4)
        return sum(c.cell_type == "code" for c in nb.cells), path.name

    candidates = [p for p in paths if len(grading.exercise_pairs(nbformat.read(p, as_version=4))) >= 2]
    return [min(candidates, key=size)] if candidates else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true",
                        help="one notebook, four learners (the variant in make test)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--notebooks", type=Path, default=grading.NOTEBOOK_DIR)
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = grading.course_notebooks(args.notebooks)
    if args.small:
        paths = smallest(paths)
    learners = SMALL_LEARNERS if args.small else tuple(LEARNERS)
    check = GradeCheck(args.out, paths, learners, SMALL_TIMEOUT if args.small else CHECK_TIMEOUT)
    result = check.run()
    result["seconds"]["total"] = time.perf_counter() - start
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    for problem in result["problems"]:
        print(f"problem: {problem}", file=sys.stderr)
    scores = ", ".join(f"{name} {r['score']:g}/{r['total']:g}"
                       for name, r in result["learners"].items())
    verdict = "as expected" if not result["problems"] else f"{len(result['problems'])} problem(s)"
    print(f"CSV for an LMS: {Path(result['course']) / 'grades-by-learner.csv'} "
          f"(columns: {', '.join(result['columns'])})")
    n = len(result["assignments"])
    print(f"grading: {scores} ({verdict}); {n} assignment(s) x {len(learners)} learners "
          f"collected, autograded, fed back and exported in {result['seconds']['total'] / 60:.1f} min")
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    import warnings

    # nbgrader's gradebook code trips SQLAlchemy 2's session warnings; they say nothing here
    warnings.filterwarnings("ignore", module="nbgrader.api")
    sys.exit(main())
