"""Graded homework from the course notebooks: the nbgrader course directory (``make assignments``).

    python -m course_tools.grading [--course build/grading] [--notebooks notebooks]
    python -m course_tools.grading --course build/grading --export     # the grades as CSV

``notebooks/`` stays the one source. Every notebook with exercises (code cells tagged
``exercise``, each followed by its Markdown ``solution`` cell; docs/authoring.md) becomes one
nbgrader assignment, named after the notebook (``02_sigmoid``), in nbgrader's standard layout::

    build/grading/nbgrader_config.py     the course's settings (written here, every run)
    build/grading/source/02_sigmoid/02_sigmoid.ipynb     the instructor's version
    build/grading/release/02_sigmoid/02_sigmoid.ipynb    the learners' version (nbgrader makes it)
    build/grading/gradebook.db           nbgrader's gradebook (kept from run to run)

In the instructor's version (:func:`source_notebook`):

* each exercise cell becomes an nbgrader **answer cell** (a solution cell) holding the learner's
  starter code as it is, with the worked solution between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` just before the checker call; nbgrader's ``generate_assignment`` takes
  the solution out again (its code stub is empty), so the released cell is the starter code
  (:func:`released_answer` says exactly what it is);
* after each answer cell comes a locked **test cell** worth :data:`POINTS` point(s), which runs the
  exercise's checker on the learner's answer. Its grading code is a hidden test
  (:func:`test_source`): it imports the checker afresh (``importlib.reload``), so an answer cell
  that redefines or patches the checker gains nothing; the learner sees what the cell grades;
* the Markdown ``solution`` cells and the cells tagged ``instructor`` are left out, the launch
  badges too (a graded copy is not opened on Binder), and one cell says how the homework is
  graded.

Notebooks without exercises (the reference atlas, the training showdown) get no assignment.
Re-running is safe: the gradebook, the submissions and the grades in ``build/grading`` are
kept; only ``source/``, ``release/`` and ``nbgrader_config.py`` are written again.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course_tools import notebooks

ROOT = notebooks.ROOT
NOTEBOOK_DIR = notebooks.NOTEBOOK_DIR
COURSE_DIR = ROOT / "build" / "grading"
#: nbgrader's course id: also the folder a learner's assignments are fetched into.
COURSE_ID = "activation-functions"
SOLUTION_TAG = notebooks.SOLUTION_TAG
INSTRUCTOR_TAG = notebooks.INSTRUCTOR_TAG
#: Tags of the cells this module adds (so the tools and the tests can find them).
TEST_TAG = "autograder-test"
NOTE_TAG = "grading-note"
POINTS = 1
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
#: What a test cell says when the answer's name was never bound.
UNDEFINED = "is not defined"
#: Seconds one cell of a submission may run before the autograder interrupts it.
CELL_TIMEOUT = 60
BADGE_LINE = re.compile(r"^\[!\[[^\n]*$\n?", re.MULTILINE)
NOTE = """\
> **Graded version.** Answer each exercise in its cell, where `None` stands: the cell's last
> line shows the checker's verdict, as in the course. Right after each exercise comes a locked
> cell that grades it ({points} point each) when you hand the notebook in: the same checker,
> run again on your answer, top to bottom in a fresh kernel. Run the whole notebook once
> before you submit (*Run → Restart Kernel and Run All Cells*). For grading, cells of the
> course that you moved or deleted are put back in place (a deleted exercise cell counts as
> unanswered), and your own extra cells are kept."""


class ExerciseError(ValueError):
    """A notebook whose exercise and solution cells do not follow docs/authoring.md."""


@dataclass(frozen=True)
class GradedExercise:
    """One exercise of a notebook, as the grader sees it."""

    number: int
    """1, 2, ... in the order of the notebook."""
    name: str
    """The checker's name without ``check_``: the test cell's nbgrader id."""
    starter: str
    """The exercise cell as the learner gets it."""
    solution: str
    """The solved exercise cell (the ``solution`` cell's python block)."""
    checker: str
    """The checker call that ends both, e.g. ``nb05.check_shrink_factor(answer)``."""
    module: str
    """The module the checker comes from, e.g. ``course_lib.exercises.nb05``."""
    function: str
    """The checker's name in that module, e.g. ``check_shrink_factor``."""
    argument: str
    """What the learner's answer is, as written in the call, e.g. ``answer``."""
    more_args: tuple[str, ...] = ()
    """The call's other positional arguments as written, e.g. ``("result",)`` for a
    prediction that is checked against the training run above it."""
    more_kwargs: tuple[tuple[str, str], ...] = ()
    """The call's keyword arguments as written, (name, expression) pairs."""

    @property
    def answer_id(self) -> str:
        return f"{self.name}-answer"


# ---------------------------------------------------------------------------------- pairing
def exercise_pairs(nb: nbformat.NotebookNode, name: str = "notebook") -> list[tuple[int, int]]:
    """(exercise cell, solution cell) indices of ``nb``, by the tags of docs/authoring.md
    (:func:`course_tools.notebooks.exercise_pairs`, the course's one pairing)."""
    try:
        return notebooks.exercise_pairs(nb, name)
    except notebooks.PairingError as err:
        raise ExerciseError(str(err)) from None


def solution_code(cell: nbformat.NotebookNode, where: str) -> str:
    """The code of the one ```python block of a ``solution`` cell."""
    try:
        return notebooks.solution_code(cell, where)
    except notebooks.PairingError as err:
        raise ExerciseError(str(err)) from None


def read_learner(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` with its exercise cells as committed: answers that JupyterLab
    autosaved into ``notebooks/`` are never released (``notebooks.learner_version``)."""
    return notebooks.learner_version(nbformat.read(path, as_version=4), path)


# ---------------------------------------------------------------------------------- exercises
def _statements(source: str, where: str) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError as err:
        raise ExerciseError(f"{where}: not valid Python ({err.msg}, line {err.lineno})") from None


def _checker_call(source: str, where: str) -> tuple[ast.Call, int, int]:
    """The call that ends a cell, and its first and last line (1-based)."""
    body = _statements(source, where).body
    last = body[-1] if body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and last.value.args):
        raise ExerciseError(f"{where}: an exercise cell must end with its checker call, "
                            "e.g. nb05.check_shrink_factor(answer)")
    return last.value, last.lineno, last.end_lineno


def _imports(nb: nbformat.NotebookNode, before: int) -> dict[str, str]:
    """Names bound by the imports of the code cells before cell ``before``: name → module (or
    ``module:function`` for a function imported by name)."""
    names: dict[str, str] = {}
    for cell in nb.cells[:before]:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        names[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    names[alias.asname or alias.name] = f"{node.module}:{alias.name}"
    return names


def _resolve(call: ast.Call, imports: dict[str, str], where: str) -> tuple[str, str]:
    """(module, function) of the checker a call names."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        bound = imports.get(func.value.id)
        if bound is not None:
            # ``from course_lib.exercises import nb01`` binds a module as "package:name"
            return bound.replace(":", "."), func.attr
    elif isinstance(func, ast.Name) and ":" in imports.get(func.id, ""):
        module, function = imports[func.id].split(":")
        return module, function
    raise ExerciseError(f"{where}: cannot tell which module the checker {ast.unparse(func)} comes "
                        "from; import it (or its module) in a code cell before the exercise")


def exercises(nb: nbformat.NotebookNode, name: str = "notebook") -> list[GradedExercise]:
    """The exercises of ``nb`` in order; raises :class:`ExerciseError` on a malformed one."""
    found = []
    for number, (ex, sol) in enumerate(exercise_pairs(nb, name), start=1):
        where = f"{name}, exercise {number} (cell {ex})"
        starter = nb.cells[ex].source.rstrip("\n")
        solution = solution_code(nb.cells[sol], f"{name}, cell {sol}")
        call, _, _ = _checker_call(starter, where)
        solved_call, _, _ = _checker_call(solution, f"{name}, cell {sol}")
        if ast.dump(call) != ast.dump(solved_call):
            raise ExerciseError(f"{where}: the exercise ends with {ast.unparse(call)} but its "
                                f"solution with {ast.unparse(solved_call)}")
        if any(k.arg is None for k in call.keywords) or any(
                isinstance(a, ast.Starred) for a in call.args):
            raise ExerciseError(f"{where}: the checker call {ast.unparse(call)} unpacks its "
                                "arguments (* or **); name each one")
        module, function = _resolve(call, _imports(nb, ex), where)
        found.append(GradedExercise(
            number=number, name=function.removeprefix("check_"), starter=starter,
            solution=solution, checker=ast.unparse(call), module=module, function=function,
            argument=ast.unparse(call.args[0]),
            more_args=tuple(ast.unparse(a) for a in call.args[1:]),
            more_kwargs=tuple((k.arg, ast.unparse(k.value)) for k in call.keywords)))
    names = [e.name for e in found]
    for e in found:
        if names.count(e.name) > 1:
            raise ExerciseError(f"{name}: two exercises call {e.function}; each needs a checker "
                                "of its own (the checker's name is the exercise's grade id)")
    return found


# ---------------------------------------------------------------------------------- cells
def _split(source: str, where: str) -> tuple[list[str], list[str]]:
    """A cell's lines before its final checker call (trailing blank lines dropped), and the
    call's lines."""
    _, first, last = _checker_call(source, where)
    lines = source.split("\n")
    body = lines[:first - 1]
    while body and not body[-1].strip():
        body.pop()
    return body, lines[first - 1:last]


def answer_source(exercise: GradedExercise) -> str:
    """The instructor's answer cell: the starter code, then the solution in nbgrader's solution
    markers, then the checker call. Running it runs the solution."""
    body, call = _split(exercise.starter, exercise.name)
    solved, _ = _split(exercise.solution, exercise.name)
    return "\n".join([*body, BEGIN, *solved, END, *call])


def released_answer(starter: str) -> str:
    """What nbgrader makes of :func:`answer_source` (the solution region becomes one empty
    line): the starter code with exactly one blank line before its checker call."""
    body, call = _split(starter, "starter")
    return "\n".join([*body, "", *call])


def test_source(exercise: GradedExercise, points: int = POINTS) -> str:
    """The instructor's test cell of an exercise (its grading code is a hidden test)."""
    arg = exercise.argument
    unit = "point" if points == 1 else "points"
    missing = (f"{arg} {UNDEFINED}: the cell of exercise {exercise.number} did not run to its end "
               "(it raised an error, shown under it, or it was stopped)")
    return "\n".join([
        f"# Exercise {exercise.number} is graded here ({points} {unit}): when you hand the notebook in,",
        f"# its checker runs again on {arg}, imported afresh. Nothing to do in this cell.",
        BEGIN_HIDDEN,
        "import importlib as _importlib",
        '_importlib.reload(_importlib.import_module("course_lib.exercises.core"))',
        f"_check = _importlib.reload(_importlib.import_module({exercise.module!r})).{exercise.function}",
        "try:",
        f"    _answer = {arg}",
        "except NameError:",
        f"    raise AssertionError({missing!r}) from None",
        *_more_arguments(exercise),
        "import contextlib as _contextlib, io as _io, warnings as _warnings",
        "with _warnings.catch_warnings(), _contextlib.redirect_stderr(_io.StringIO()):",
        '    _warnings.simplefilter("ignore")  # a stray warning must not cost the point',
        "    _verdict = _check(_answer"
        + ("".join(f", {a}" for a in ("*_more_args", "**_more_kwargs"))
           if exercise.more_args or exercise.more_kwargs else "") + ")",
        'assert getattr(_verdict, "status", None) == "correct", repr(_verdict)',
        "print(repr(_verdict))",
        END_HIDDEN,
    ])


def _more_arguments(exercise: GradedExercise) -> list[str]:
    """Lines that read the checker's other arguments (the run it compares a prediction with),
    saying which is missing if a cell above the exercise did not run."""
    if not (exercise.more_args or exercise.more_kwargs):
        return []
    missing = (f"{{_missing.name}} {UNDEFINED}: exercise {exercise.number} is checked against it; "
               "run the notebook from the top")
    args = "".join(f"{a}, " for a in exercise.more_args)
    kwargs = ", ".join(f"{k}={v}" for k, v in exercise.more_kwargs)
    return ["try:",
            f"    _more_args = ({args})",
            f"    _more_kwargs = dict({kwargs})",
            "except NameError as _missing:",
            f"    raise AssertionError(f{missing!r}) from None"]


def _nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool,
              points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def source_notebook(nb: nbformat.NotebookNode, name: str = "notebook",
                    points: int = POINTS) -> tuple[nbformat.NotebookNode, list[GradedExercise]]:
    """The instructor's (nbgrader source) version of a learner notebook, and its exercises."""
    found = exercises(nb, name)
    by_cell = dict(zip((ex for ex, _ in exercise_pairs(nb, name)), found, strict=True))
    out = copy.deepcopy(nb)
    out.metadata.pop("widgets", None)
    out.metadata.pop("celltoolbar", None)
    cells = []
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if SOLUTION_TAG in tags or INSTRUCTOR_TAG in tags:
            continue
        cell = copy.deepcopy(cell)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if i in by_cell:
            exercise = by_cell[i]
            cell.source = answer_source(exercise)
            cell.metadata["nbgrader"] = _nbgrader(exercise.answer_id, grade=False, solution=True,
                                                  locked=False)
            test = nbformat.v4.new_code_cell(test_source(exercise, points))
            test.id = f"{cell.id}-test"[:64]
            test.metadata["tags"] = [TEST_TAG]
            test.metadata["nbgrader"] = _nbgrader(exercise.name, grade=True, solution=False,
                                                  locked=True, points=points)
            cells += [cell, test]
            continue
        if not cells and cell.cell_type == "markdown":  # the title: no launch badges
            cell.source = re.sub(r"\n{3,}", "\n\n", BADGE_LINE.sub("", cell.source)).rstrip("\n")
            note = nbformat.v4.new_markdown_cell(NOTE.format(points=points))
            note.id = f"{cell.id}-graded"[:64]
            note.metadata["tags"] = [NOTE_TAG]
            cells += [cell, note]
            continue
        cells.append(cell)
    out.cells = cells
    return out, found


# ---------------------------------------------------------------------------------- the course
CONFIG = '''\
# nbgrader settings of the course "{course_id}", written by `make assignments`
# (course_tools/grading.py) on every run: change them there, not here.
import os

HERE = os.path.dirname(os.path.abspath(__file__))
# course_tools (the grader's notes, cell order, unreadable files, the CSV per learner) is
# installed beside course_lib (pip install -e .), which build/grading-env sees

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = "{course_id}"
# an answer cell's solution becomes nothing: the learner keeps the exercise's starter code
c.ClearSolutions.code_stub = {{"python": ""}}
# a learner's cell that runs longer than this is interrupted; the rest still runs
c.Execute.timeout = {timeout}
# the grader's own steps (course_tools/nbgrader_hooks.py)
c.Autograde.pre_convert_hook = "course_tools.nbgrader_hooks.set_aside_unreadable"
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
    "course_tools.nbgrader_hooks.RestoreCourseCells",
]
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "course_tools.nbgrader_hooks.GradingNotes",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
'''


def config_text(course: Path, course_id: str = COURSE_ID, timeout: int = CELL_TIMEOUT) -> str:
    """The course's ``nbgrader_config.py`` for the course directory ``course``."""
    return CONFIG.format(course_id=course_id, timeout=timeout)


def course_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The course's notebooks in ``folder`` (lessons, appendices, references: those without
    exercises get no assignment), as :func:`course_tools.notebooks.course_notebooks`."""
    return notebooks.course_notebooks(Path(folder))


def write_sources(course: Path, paths: Iterable[Path], points: int = POINTS,
                  learner=read_learner) -> dict[str, list[GradedExercise]]:
    """Write ``source/<stem>/<stem>.ipynb`` for each notebook with exercises; returns the
    exercises by assignment."""
    assignments = {}
    for path in paths:
        nb, found = source_notebook(learner(path), path.name, points)
        if not found:
            continue
        folder = course / "source" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / path.name)
        assignments[path.stem] = found
    return assignments


def build(course: Path = COURSE_DIR, sources: Iterable[Path] | None = None,
          timeout: int = CELL_TIMEOUT, log=print) -> dict[str, list[GradedExercise]]:
    """Write the course directory and let nbgrader generate the learners' versions (needs
    nbgrader: run it in the grading environment, ``make assignments``)."""
    course = Path(course).resolve()
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(config_text(course, timeout=timeout))
    paths = list(course_notebooks() if sources is None else sources)
    assignments = write_sources(course, paths)
    stale = sorted(p.name for p in (course / "source").iterdir()
                   if p.is_dir() and p.name not in assignments) if (course / "source").exists() else []
    for name in stale:
        log(f"note: source/{name} is no longer a course notebook with exercises; its grades "
            "stay in the gradebook (remove the folder by hand when you no longer need it)")
    generate(course, assignments)
    return assignments


def environment() -> dict[str, str]:
    """This process's environment with its Python's folder first on PATH: nbgrader runs
    commands of its own (``alembic``) that must come from the same environment."""
    return dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent),
                                                  os.environ.get("PATH", "")]))


def nbgrader_api(course: Path, **settings):
    """nbgrader's Python API (what its formgrader calls) on the course directory ``course``,
    with its ``nbgrader_config.py`` and, on top, ``settings`` (``{"Exchange": {"root": ...}}``).
    Needs nbgrader (the grading environment)."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    os.environ.update(PATH=environment()["PATH"])
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.merge(Config(settings))
    return NbGraderAPI(config=config)


def checked(result: dict, what: str) -> dict:
    """An nbgrader API result, or RuntimeError with nbgrader's log when it failed."""
    if not result.get("success"):
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('log', '')}\n"
                           f"{result.get('error', '')}")
    return result


def generate(course: Path, assignments: Iterable[str]) -> None:
    """``nbgrader generate_assignment <assignment> --force`` for each assignment."""
    api = nbgrader_api(course)
    for name in assignments:
        checked(api.generate_assignment(name, force=True, create=True),
                f"generate_assignment {name}")


def export(course: Path) -> tuple[Path, Path]:
    """The gradebook as CSV, twice: nbgrader's ``grades.csv`` (one row per learner and
    assignment) and ``grades-by-learner.csv`` (one row per learner, one column per assignment:
    ``course_tools.nbgrader_hooks.ScoresByLearner``). Needs nbgrader."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    from course_tools.nbgrader_hooks import ScoresByLearner

    course = Path(course).resolve()
    long, wide = course / "grades.csv", course / "grades-by-learner.csv"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        CsvExportPlugin(to=str(long)).export(gradebook)
        ScoresByLearner(to=str(wide)).export(gradebook)
    return long, wide


# ---------------------------------------------------------------------------------- checks
MARKERS = (BEGIN, END, BEGIN_HIDDEN, END_HIDDEN)


def _solution_lines(exercise: GradedExercise) -> list[str]:
    """The lines of a solution that its starter does not have (long enough to be telling)."""
    starter = {line.strip() for line in exercise.starter.splitlines()}
    return [line.strip() for line in exercise.solution.splitlines()
            if len(line.strip()) >= 12 and line.strip() not in starter]


def release_problems(course: Path, assignments: dict[str, list[GradedExercise]],
                     notebooks: Iterable[Path], learner=read_learner) -> list[str]:
    """What is wrong with the released notebooks, compared with the course's notebooks: the
    same exercises in the same order, each answer cell exactly the starter code
    (:func:`released_answer`) followed by its test cell, and nothing of any solution (its
    worked-solution cell, its code, nbgrader's markers) and no instructor cell anywhere."""
    problems = []
    by_name = {Path(p).stem: Path(p) for p in notebooks}
    for name, found in assignments.items():
        path = Path(course) / "release" / name / f"{name}.ipynb"
        if not path.exists():
            problems.append(f"{name}: no released notebook ({path})")
            continue
        nb = nbformat.read(path, as_version=4)
        original = learner(by_name[name])
        expected = exercises(original, by_name[name].name)
        if [e.name for e in found] != [e.name for e in expected]:
            problems.append(f"{name}: generated from other exercises than the notebook's")
        answers = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("solution")]
        if len(answers) != len(expected):
            problems.append(f"{name}: {len(answers)} answer cells released, the notebook has "
                            f"{len(expected)} exercises")
        for i, exercise in zip(answers, expected, strict=False):
            cell, where = nb.cells[i], f"{name}, exercise {exercise.number}"
            if cell.source != released_answer(exercise.starter):
                problems.append(f"{where}: the released answer cell is not the exercise's starter "
                                f"code:\n{cell.source}")
            test = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
            meta = test.metadata.get("nbgrader", {}) if test is not None else {}
            if not (meta.get("grade") and meta.get("grade_id") == exercise.name and meta.get("locked")):
                problems.append(f"{where}: not followed by its locked test cell {exercise.name!r}")
        text = "\n".join(c.source for c in nb.cells)
        for marker in MARKERS:
            if marker in text:
                problems.append(f"{name}: the release holds nbgrader's marker {marker!r}")
        for exercise in expected:
            for line in _solution_lines(exercise):
                if line in text:
                    problems.append(f"{name}: the release holds solution code of exercise "
                                    f"{exercise.number}: {line!r}")
        for cell in original.cells:
            tags = cell.metadata.get("tags", [])
            if (SOLUTION_TAG in tags or INSTRUCTOR_TAG in tags) and cell.source.strip() in text:
                problems.append(f"{name}: the release holds a cell tagged {tags}")
        for cell in nb.cells:
            if {SOLUTION_TAG, INSTRUCTOR_TAG} & set(cell.metadata.get("tags", [])):
                problems.append(f"{name}: a released cell is tagged {cell.metadata['tags']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=COURSE_DIR,
                        help="the nbgrader course directory (default: build/grading)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOK_DIR)
    parser.add_argument("--export", action="store_true",
                        help="only export the gradebook: grades.csv and grades-by-learner.csv")
    args = parser.parse_args(argv)
    if args.export:
        for path in export(args.course):
            print(f"exported: {path}")
        return 0
    paths = course_notebooks(args.notebooks)
    try:
        assignments = build(args.course, paths)
    except ExerciseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    problems = release_problems(args.course, assignments, paths)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    total = sum(len(found) for found in assignments.values())
    print(f"assignments: {len(assignments)} in {args.course}/release ({total} exercises, "
          f"{total * POINTS} points): " + ", ".join(assignments))
    return 0


if __name__ == "__main__":
    sys.exit(main())
