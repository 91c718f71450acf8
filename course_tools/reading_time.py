"""How long a notebook takes a first reader, estimated from what it holds (checkable).

    python -m course_tools.reading_time [notebooks/NN_topic.ipynb ...]          # a table
    python -m course_tools.reading_time --write [notebooks/NN_topic.ipynb ...]  # state it
    python -m course_tools.reading_time --check [notebooks/NN_topic.ipynb ...]  # exit 1 if stale

The estimate is a calibrated model of a first-year learner's time (a little calculus, a little
Python; issue 21): the prose (Markdown outside collapsed ``<details>`` answers, formulas counted
as words) at :data:`WORDS_PER_MINUTE`, plus :data:`EXPLORER_MINUTES` per explorer (a code
cell that displays a widget), :data:`EXERCISE_MINUTES` per exercise and
:data:`CODE_MINUTES` per other code cell (reading it, running it, looking at the output).
A lesson fits one sitting: at most :data:`SITTING_MINUTES` under this model, with at least
:data:`MIN_EXERCISES` exercises (``tests/test_reading_time.py`` holds every taught notebook to
both).

What the notebooks state (``--write`` puts it there, changing only those lines): every ``##``
section but the framing ones (:data:`FRAMING`: objectives, summary, check yourself) ends its
heading with ``(≈ M min)``; the title cell says "about T minutes on your own (S for the
sections below and F for the objectives, summary and check-yourself questions, rounded up)".
The rounding is reconciled so that the numbers add up: the sections' minutes and the framing
F are whole minutes (at least 1 each) found by largest remainders, so S + F is the unrounded
total rounded to a whole minute (never a sum of rounding errors), and T is the unrounded
total rounded up to a multiple of 5 (:func:`estimate`), so T − (S + F) is 0 to 5 minutes.
``tests/test_reading_time.py`` checks that every notebook states exactly this, so a new
paragraph or exercise that changes an estimate fails the test until ``--write`` has run.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import nbformat

from course_tools import notebooks

#: Reading speed for mathematical prose by a learner with school calculus.
WORDS_PER_MINUTE = 100
EXPLORER_MINUTES = 3.0
EXERCISE_MINUTES = 6.0
CODE_MINUTES = 0.75
#: One sitting: the most a lesson or appendix may take under this model, and the fewest
#: exercises it may have.
SITTING_MINUTES = 60
MIN_EXERCISES = 2
WIDGET = "application/vnd.jupyter.widget-view+json"
DETAILS = re.compile(r"<details\b.*?</details>", re.DOTALL | re.IGNORECASE)
#: The stated time in a title cell: "Time: about 40 minutes on your own", with the split into
#: sections and framing that ``--write`` adds.
STATED_SPLIT = re.compile(r" \(\d+ for the sections below and \d+ for [^)]*\)")
STATED = re.compile(r"about (\d+) minutes on your own(?:" + STATED_SPLIT.pattern + ")?",
                    re.IGNORECASE)
#: The title's whole time sentence: "Time: about T minutes on your own (...), or in class ...".
TIME_SENTENCE = re.compile(r"Time: " + STATED.pattern + r"[^\n]*?\.(?=\s|$)", re.IGNORECASE)
#: The time at the end of a section heading: "## 2. The derivative (≈ 8 min)".
HEADING_TIME = re.compile(r"\s*\(≈ (\d+) min\)\s*$")
HEADING_TIME_LINE = re.compile(r"(?<=\S)[ \t]*\(≈ \d+ min\)[ \t]*$", re.MULTILINE)
INTRODUCTION = "(introduction)"
#: ``##`` sections that frame a lesson rather than teach it: no time of their own in their
#: heading; with the introduction (the title cell) they are the title's "F".
FRAMING = ("What you will be able to do", "What we've learned", "Check yourself")


def words(markdown: str) -> int:
    """Words a reader reads: not the collapsed answers, nor the stated times themselves (the
    title's time sentence, with its "in class" clause, and the headings' times), so that stating
    a time does not change it."""
    text = TIME_SENTENCE.sub("", HEADING_TIME_LINE.sub("", DETAILS.sub(" ", markdown)))
    return len(re.findall(r"\S+", text))


def is_explorer(cell: nbformat.NotebookNode) -> bool:
    """A code cell that shows a widget: one stored with a widget, or one that makes an explorer
    (``TangentExplorer(...)``, ``TangentExplorer.for_activation(...)``, ``ActivationLab(...)``)."""
    return any(WIDGET in o.get("data", {}) for o in cell.get("outputs", [])) or bool(
        re.search(r"\b[A-Z]\w*(Explorer|Lab)(\.\w+)?\(", cell.source))


def _heading(cell: nbformat.NotebookNode) -> str | None:
    """The text of a ``##`` heading that opens a Markdown cell, else None."""
    if cell.cell_type != "markdown" or not cell.source.strip():
        return None
    first = cell.source.lstrip().splitlines()[0]
    return first[3:].strip() if first.startswith("## ") else None


def sections(nb: nbformat.NotebookNode) -> list[tuple[str, float]]:
    """(heading, estimated minutes) of each ``##`` section (the part before the first one
    counts as the introduction)."""
    found: list[list] = [[INTRODUCTION, 0.0]]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = _heading(cell)
            if heading is not None:
                found.append([heading, 0.0])
            found[-1][1] += words(cell.source) / WORDS_PER_MINUTE
        elif cell.cell_type == "code" and cell.source.strip():
            tags = cell.metadata.get("tags", [])
            found[-1][1] += (EXERCISE_MINUTES if notebooks.EXERCISE_TAG in tags else
                             EXPLORER_MINUTES if is_explorer(cell) else CODE_MINUTES)
    return [(name, minutes) for name, minutes in found]


def minutes(nb: nbformat.NotebookNode) -> float:
    """The whole notebook, in minutes, not rounded."""
    return sum(m for _, m in sections(nb))


def estimate(nb: nbformat.NotebookNode) -> int:
    """The whole notebook, in minutes, rounded up to 5."""
    return 5 * math.ceil(minutes(nb) / 5)


def exercises(nb: nbformat.NotebookNode) -> int:
    """How many exercises the notebook has (code cells tagged ``exercise``)."""
    return sum(c.cell_type == "code" and notebooks.has_tag(c, notebooks.EXERCISE_TAG)
               for c in nb.cells)


def sitting_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Why the notebook does not fit one sitting (empty if it does): more than
    :data:`SITTING_MINUTES` under the model, or fewer than :data:`MIN_EXERCISES` exercises."""
    found = []
    if minutes(nb) > SITTING_MINUTES:
        found.append(f"{minutes(nb):.1f} minutes, more than one sitting ({SITTING_MINUTES})")
    if exercises(nb) < MIN_EXERCISES:
        found.append(f"{exercises(nb)} exercise(s), fewer than {MIN_EXERCISES}")
    return found


def stated(nb: nbformat.NotebookNode) -> int | None:
    match = STATED.search(nb.cells[0].source) if nb.cells else None
    return int(match.group(1)) if match else None


def bare(heading: str) -> str:
    """A heading without its stated time: "2. The derivative (≈ 8 min)" → "2. The derivative"."""
    return HEADING_TIME.sub("", heading)


def heading_minutes(heading: str) -> int | None:
    """The time a heading states, or None."""
    match = HEADING_TIME.search(heading)
    return int(match.group(1)) if match else None


def is_timed(heading: str) -> bool:
    """Whether a section states its own time (every ``##`` section but the framing ones)."""
    return heading != INTRODUCTION and bare(heading) not in FRAMING


def whole_minutes(minutes: list[float]) -> list[int]:
    """Round each to a whole minute, at least 1, so that they add up to the sum rounded.

    Largest remainders: round every value down (at least 1), then give the minutes still
    missing to the values that lost most (or take the surplus from those that gained most).

    >>> whole_minutes([2.4, 2.4, 2.4])   # rounded one by one: 2 + 2 + 2 = 6, not 7
    [3, 2, 2]
    """
    result = [max(1, math.floor(m)) for m in minutes]
    target = max(len(minutes), round(sum(minutes)))
    while sum(result) < target:
        k = max(range(len(minutes)), key=lambda i: (minutes[i] - result[i], -i))
        result[k] += 1
    while sum(result) > target:
        k = min((i for i in range(len(minutes)) if result[i] > 1),
                key=lambda i: (minutes[i] - result[i], i))
        result[k] -= 1
    return result


def stated_times(nb: nbformat.NotebookNode) -> dict:
    """What the notebook should state: ``{"sections": {bare heading: minutes}, "framing": F,
    "total": T}`` (see the module's docstring for the rounding)."""
    found = sections(nb)
    timed = [(bare(name), m) for name, m in found if is_timed(name)]
    framing = sum(m for name, m in found if not is_timed(name))
    rounded = whole_minutes([m for _, m in timed] + [framing])
    return {"sections": {name: k for (name, _), k in zip(timed, rounded[:-1], strict=True)},
            "framing": rounded[-1], "total": estimate(nb)}


def title_phrase(times: dict) -> str:
    sections_total = sum(times["sections"].values())
    return (f"about {times['total']} minutes on your own ({sections_total} for the sections "
            f"below and {times['framing']} for the objectives, summary and check-yourself "
            "questions, rounded up)")


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Where the notebook's stated times differ from :func:`stated_times` (empty if none)."""
    times = stated_times(nb)
    found = []
    for cell in nb.cells:
        heading = _heading(cell)
        if heading is None or not is_timed(heading):
            continue
        want, have = times["sections"][bare(heading)], heading_minutes(heading)
        if have != want:
            found.append(f"'{bare(heading)}' states {'no time' if have is None else f'{have} min'}"
                         f", the estimate is {want}")
    match = STATED.search(nb.cells[0].source) if nb.cells else None
    if match is None or match.group(0) != title_phrase(times):
        found.append(f"the title should say '{title_phrase(times)}'")
    return found


def write(nb: nbformat.NotebookNode) -> bool:
    """State the estimates in ``nb`` (section headings, title cell); True if anything changed.

    Only the heading line of each timed section and the time phrase of the title change.
    """
    times = stated_times(nb)
    changed = False
    for cell in nb.cells:
        heading = _heading(cell)
        if heading is None or not is_timed(heading):
            continue
        old_line = cell.source.lstrip().splitlines()[0]
        new_line = f"## {bare(heading)} (≈ {times['sections'][bare(heading)]} min)"
        if old_line != new_line:
            cell.source = cell.source.replace(old_line, new_line, 1)
            changed = True
    if nb.cells and STATED.search(nb.cells[0].source):
        title = STATED.sub(lambda _: title_phrase(times), nb.cells[0].source, count=1)
        changed |= title != nb.cells[0].source
        nb.cells[0].source = title
    return changed


def main(argv: list[str]) -> int:
    mode = argv[0] if argv and argv[0] in ("--write", "--check") else None
    paths = [Path(a) for a in argv[1 if mode else 0:]] or notebooks.taught()
    stale = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if mode == "--write":
            if write(nb):
                nbformat.write(nb, path)
                print(f"{path.name}: stated times updated")
        elif mode == "--check":
            for problem in problems(nb):
                stale += 1
                print(f"{path.name}: {problem}")
        else:
            times = stated_times(nb)
            print(f"{path.name}: estimate {times['total']} min ({minutes(nb):.1f}), stated "
                  f"{stated(nb)} min ({sum(times['sections'].values())} in the sections, "
                  f"{times['framing']} framing), {exercises(nb)} exercises"
                  + "".join(f"; {p}" for p in sitting_problems(nb)))
            for name, section_minutes in sections(nb):
                shown = times["sections"].get(bare(name))
                print(f"  {section_minutes:5.1f} min  {'' if shown is None else f'→ {shown:2d}'}"
                      f"{'     ' if shown is None else ''}  {name}")
    if stale:
        print("run: python -m course_tools.reading_time --write")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
