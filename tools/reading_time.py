"""How long a notebook takes a first reader, estimated from what it holds (checkable).

    python tools/reading_time.py [notebooks/NN_topic.ipynb ...]   # a table, per section

The estimate: the prose (Markdown outside collapsed ``<details>`` answers, formulas counted
as words) at :data:`WORDS_PER_MINUTE`, plus :data:`EXPLORER_MINUTES` per explorer (a code
cell that displays a widget), :data:`EXERCISE_MINUTES` per exercise and
:data:`CODE_MINUTES` per other code cell (reading it, running it, looking at the output).
``tests/test_reading_time.py`` checks that the time each notebook's title states is no less.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import course_meta
import nbformat

#: Reading speed for mathematical prose by a learner with school calculus.
WORDS_PER_MINUTE = 130
EXPLORER_MINUTES = 3.0
EXERCISE_MINUTES = 4.0
CODE_MINUTES = 0.5
WIDGET = "application/vnd.jupyter.widget-view+json"
DETAILS = re.compile(r"<details\b.*?</details>", re.DOTALL | re.IGNORECASE)
#: The stated time in a title cell: "Time: about 40 minutes on your own".
STATED = re.compile(r"about (\d+) minutes on your own", re.IGNORECASE)


def words(markdown: str) -> int:
    return len(re.findall(r"\S+", DETAILS.sub(" ", markdown)))


def is_explorer(cell: nbformat.NotebookNode) -> bool:
    return any(WIDGET in o.get("data", {}) for o in cell.get("outputs", [])) or bool(
        re.search(r"\b[A-Z]\w*(Explorer|Lab)\(", cell.source))


def sections(nb: nbformat.NotebookNode) -> list[tuple[str, float]]:
    """(heading, estimated minutes) of each ``##`` section (the part before the first one
    counts as the introduction)."""
    found: list[list] = [["(introduction)", 0.0]]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
            if first.startswith("## "):
                found.append([first[3:].strip(), 0.0])
            found[-1][1] += words(cell.source) / WORDS_PER_MINUTE
        elif cell.cell_type == "code" and cell.source.strip():
            tags = cell.metadata.get("tags", [])
            found[-1][1] += (EXERCISE_MINUTES if "exercise" in tags else
                             EXPLORER_MINUTES if is_explorer(cell) else CODE_MINUTES)
    return [(name, minutes) for name, minutes in found]


def estimate(nb: nbformat.NotebookNode) -> int:
    """The whole notebook, in minutes, rounded up to 5."""
    return 5 * math.ceil(sum(m for _, m in sections(nb)) / 5)


def stated(nb: nbformat.NotebookNode) -> int | None:
    match = STATED.search(nb.cells[0].source) if nb.cells else None
    return int(match.group(1)) if match else None


def main(argv: list[str]) -> int:
    for path in [Path(a) for a in argv] or course_meta.course_notebooks():
        nb = nbformat.read(path, as_version=4)
        print(f"{path.name}: estimate {estimate(nb)} min, stated {stated(nb)} min")
        for name, minutes in sections(nb):
            print(f"  {minutes:5.1f} min  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
