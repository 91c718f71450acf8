"""Give every notebook its slide metadata, its launch badges and its Colab block (idempotent).

    python -m course_tools.notebook_meta [notebooks/NN_topic.ipynb ...]          # update in place
    python -m course_tools.notebook_meta --check [notebooks/NN_topic.ipynb ...]  # exit 1 if stale

RISE (``jupyterlab-rise``) and ``make slides`` read ``cell.metadata.slideshow.slide_type``.
It is set on every cell by these rules, the first that applies winning:

1. a tag ``slide:<type>`` (``slide:slide``, ``slide:subslide``, ``slide:fragment``,
   ``slide:skip``, ``slide:notes``, ``slide:-``) forces that type: the author's override;
2. a cell tagged ``solution`` is ``skip``: solutions never show on a slide;
3. the first cell (the title), and a Markdown cell opening with ``#`` or ``##``, is ``slide``;
4. a Markdown cell opening with ``###`` is ``subslide``;
5. a cell tagged ``notes`` or ``instructor`` is ``notes`` (speaker notes);
6. a Markdown cell that is all explanation (nothing of it stays on a slide by the rules of
   :mod:`course_tools.speaker_notes`: no heading, formula, figure, table, task, question or
   short paragraph) is ``notes``: RISE and the static slides show it in the speaker view;
7. a setup cell (only imports and comments, after the Colab block) is ``skip`` when longer than
   :data:`SETUP_MAX_LINES` lines, otherwise ``-``;
8. a short Markdown question put to the reader right after a code cell is ``fragment``:
   it appears on the next click, once the output has been looked at (a collapsed
   ``<details>`` answer counts as one line here and in the height estimate);
9. a cell that would overfill the current slide (estimated height, outputs included, or more
   than :data:`course_tools.speaker_notes.WORD_LIMIT` words a room reads) starts a
   ``subslide`` below it; a paragraph just before a code cell counts with that cell, so a
   figure and the sentence that introduces it stay together. A Markdown cell counts with
   what of it stays on the slide (:func:`course_tools.speaker_notes.on_slide`): its
   explanation goes to the speaker notes of the static slides (``make slides``);
10. everything else is ``-`` (continues the current slide).

A teacher keeps a whole cell on the slide with the tag ``on-slide``, or sends it to the notes
with ``notes``. RISE shows a cell whole or not at all: a cell with both (a heading and its
explanation) shows whole in RISE, and only ``make slides`` moves its explanation to the notes.

The title cell also gets the badge line for this notebook, Binder and Colab side by side
(see :func:`course_meta.launch_badges`, images from the course's local copies): an existing
badge line is replaced, otherwise the badges become a paragraph of their own after the
sentence under the heading. The first code cell opens with the Colab block
(:func:`colab_block`): on Google Colab, and only there, it installs ``course_lib`` from the
repository; an older version of the block is replaced. The notebook metadata
``rise`` holds the RISE settings the course presents with. Running the tool twice changes
nothing the second time; a notebook is only written when something changed.
"""

from __future__ import annotations

import argparse
import copy
import math
import re
import sys
from pathlib import Path

import nbformat

from course_tools import course_meta, notebooks, speaker_notes

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
#: A setup cell longer than this (non-blank lines) is skipped in the slides.
SETUP_MAX_LINES = 6
#: How many "lines" fit on one slide before a new subslide starts (see :func:`cell_height`).
SLIDE_BUDGET = 24
#: Characters of code, or of printed output, in one line of a slide before it wraps (the
#: slides wrap long lines of code: see the course_slides template).
CODE_WIDTH = 82
#: An output counts at most this many lines: a taller one stays below its heading, and what
#: follows it moves to the next sub-slide (``make slides`` continues a long Markdown output
#: on sub-slides of its own).
OUTPUT_MAX_LINES = SLIDE_BUDGET - 6
#: RISE settings stored in every notebook (the notebook's values override the user's).
RISE_SETTINGS = {
    "theme": "white",
    "transition": "none",
    "scroll": True,
    "start_slideshow_at": "beginning",
}
BADGE_LINE = re.compile(r"^.*\]\(https://mybinder\.org/v2/[^)]*\).*$", re.MULTILINE)
TIME_LINE = re.compile(r"(⏱|\b\d+\s*(?:min|minutes)\b)", re.IGNORECASE)
DETAILS = re.compile(r"<details\b.*?</details>", re.DOTALL | re.IGNORECASE)
#: How the Colab cell is recognised (its test; nothing else in a notebook says this).
COLAB_TEST = '"google.colab" in sys.modules'
COLAB_BLOCK = re.compile(r"\Aimport sys\n\nif \"google\.colab\" in sys\.modules:.*?check=True\)\n+",
                         re.DOTALL)
IMPORT_LINE = re.compile(r"^(from\s+\S+\s+import\s+.+|import\s+.+|#.*|\s+.*|\)|)$")


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def is_setup_cell(cell: nbformat.NotebookNode) -> bool:
    """A code cell made only of imports (continuation lines and comments allowed; the Colab
    block does not count)."""
    if cell.cell_type != "code":
        return False
    lines = [line for line in without_colab_block(cell.source).splitlines() if line.strip()]
    return bool(lines) and any(line.startswith(("import ", "from ")) for line in lines) and all(
        IMPORT_LINE.match(line) for line in lines)


def colab_block() -> str:
    """The lines that open the first code cell: on Google Colab (which has everything else)
    they install ``course_lib`` from the repository; anywhere else they do nothing (no
    network)."""
    return ("import sys\n\n"
            f"if {COLAB_TEST}:  # on Google Colab only: install the course's course_lib first\n"
            "    import subprocess\n\n"
            '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",\n'
            f'                    "{course_meta.pip_install_url()}"], check=True)\n\n')


def without_colab_block(source: str) -> str:
    """``source`` with the Colab block (any version of it) taken off its top."""
    return COLAB_BLOCK.sub("", source, count=1)


def with_colab_block(nb: nbformat.NotebookNode) -> None:
    """Open the first code cell with the current Colab block (replacing an older one)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = colab_block() + without_colab_block(cell.source)
            return


def visible(markdown: str) -> str:
    """Markdown as a slide first shows it: a collapsed ``<details>`` block is one line."""
    return DETAILS.sub("<details/>", markdown)


def is_question(cell: nbformat.NotebookNode) -> bool:
    """A short Markdown cell (at most 4 lines shown) that puts a question to the reader: it
    opens with **Question** or ends with a question mark (a collapsed answer may follow)."""
    if cell.cell_type != "markdown":
        return False
    lines = [line for line in visible(cell.source).strip().splitlines()
             if line.strip() and line.strip() != "<details/>"]
    return 0 < len(lines) <= 4 and (lines[0].startswith("**Question")
                                    or lines[-1].rstrip("*_ ").endswith("?"))


def cell_height(cell: nbformat.NotebookNode) -> int:
    """A rough height of a cell on a slide, in lines of text (a figure counts 15, a line of
    display maths 3, an output at most :data:`OUTPUT_MAX_LINES`)."""
    def wrapped(text: str, width: int) -> int:
        return sum(max(1, math.ceil(len(line) / width)) for line in text.splitlines())

    if cell.cell_type == "markdown":
        shown = visible(speaker_notes.on_slide(cell))
        return wrapped(shown, 90) + 2 * shown.count("$$") if shown.strip() else 0
    if cell.cell_type != "code":
        return 0
    height = wrapped(cell.source, CODE_WIDTH)
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if ("image/png" in data or "image/svg+xml" in data
                or 'class="course-figure"' in str(data.get("text/html", ""))):
            height += 15
        elif "text" in output:
            height += min(wrapped(output["text"], CODE_WIDTH), OUTPUT_MAX_LINES)
        elif "text/markdown" in data:
            markdown = str(data["text/markdown"])
            height += min(wrapped(markdown, 90) + 2 * markdown.count("\\displaystyle")
                          + 2 * markdown.count("$$"), OUTPUT_MAX_LINES)
        elif "text/plain" in data:
            height += min(wrapped(data["text/plain"], CODE_WIDTH), OUTPUT_MAX_LINES)
    return height


def cell_words(cell: nbformat.NotebookNode) -> int:
    """The words a room reads of a cell on a slide: what of a Markdown cell stays there,
    a code cell's Markdown outputs (a derivation, a table)."""
    if cell.cell_type == "markdown":
        return speaker_notes.words(speaker_notes.on_slide(cell))
    return sum(speaker_notes.words(str(o.get("data", {}).get("text/markdown", "")))
               for o in cell.get("outputs", []))


def slide_types(nb: nbformat.NotebookNode) -> list[str]:
    """The slide type of every cell, by the rules in this module's docstring."""
    types: list[str] = []
    used = 0  # estimated lines on the current (sub)slide
    used_words = 0  # words a room reads on it
    previous: nbformat.NotebookNode | None = None
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        forced = [t.split(":", 1)[1] for t in tags if t.startswith(notebooks.SLIDE_TAG_PREFIX)]
        first = _first_line(cell.source) if cell.cell_type == "markdown" else ""
        height = cell_height(cell)
        count = cell_words(cell)
        # a paragraph that introduces the next code cell moves to a new slide with it
        following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        needs = height
        if (cell.cell_type == "markdown" and not is_question(cell) and following is not None
                and following.cell_type == "code"):
            needs += cell_height(following)
        if forced and forced[0] in SLIDE_TYPES:
            kind = forced[0]
        elif notebooks.SOLUTION_TAG in tags:
            kind = "skip"
        elif index == 0 or first.startswith(("# ", "## ")):
            kind = "slide"
        elif first.startswith("### "):
            kind = "subslide"
        elif speaker_notes.whole_to_notes(cell) or (
                cell.cell_type == "markdown" and not speaker_notes.on_slide(cell).strip()):
            kind = "notes"
        elif is_setup_cell(cell):
            lines = sum(1 for line in without_colab_block(cell.source).splitlines() if line.strip())
            kind = "skip" if lines > SETUP_MAX_LINES else "-"
        elif used and (used + needs > SLIDE_BUDGET or used_words + count > speaker_notes.WORD_LIMIT):
            kind = "subslide"
        elif is_question(cell) and previous is not None and previous.cell_type == "code":
            kind = "fragment"
        else:
            kind = "-"
        if kind in ("slide", "subslide"):
            used, used_words = height, count
        elif kind not in ("skip", "notes"):
            used += height
            used_words += count
        if kind not in ("skip", "notes"):
            previous = cell
        types.append(kind)
    return types


def with_badge(source: str, notebook: str) -> str:
    """The title cell's source with the badge line (Binder, Colab) for ``notebook`` in place.

    New badges go after the sentence under the heading (before a separate time line).
    """
    badge = course_meta.launch_badges(notebook)
    if BADGE_LINE.search(source):
        return BADGE_LINE.sub(lambda _: badge, source, count=1)
    lines = source.rstrip("\n").split("\n")
    start = 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while end < len(lines) and lines[end].strip():
        if end > start and TIME_LINE.search(lines[end]):
            return "\n".join([*lines[:end], "", badge, "", *lines[end:]])
        end += 1
    if end == start:  # nothing under the heading
        return "\n".join([*lines, "", badge])
    return "\n".join([*lines[:end], "", badge, *lines[end:]])  # lines[end] is blank, if any


def apply(nb: nbformat.NotebookNode, notebook: str) -> bool:
    """Set the Colab block, slide types, the badges and the RISE settings on ``nb``; True if
    anything changed.

    ``notebook`` is the file name (``NN_topic.ipynb``) the badges should launch.
    """
    before = copy.deepcopy(nb)
    with_colab_block(nb)
    for cell, kind in zip(nb.cells, slide_types(nb), strict=True):
        cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
    if nb.cells and nb.cells[0].cell_type == "markdown":
        nb.cells[0].source = with_badge(nb.cells[0].source, notebook)
    rise = nb.metadata.setdefault("rise", {})
    rise.update(RISE_SETTINGS)
    return nb != before


def process(path: Path, check: bool = False) -> bool:
    """Update one notebook file (or, with ``check``, only tell); True if it was out of date."""
    nb = nbformat.read(path, as_version=4)
    changed = apply(nb, path.name)
    if changed and not check:
        nbformat.write(nb, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to update (default: every course notebook)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a notebook is out of date")
    args = parser.parse_args(argv)
    paths = args.notebooks or notebooks.course_notebooks()
    stale = [p for p in paths if process(p, check=args.check)]
    for p in stale:
        print(f"{p}: {'out of date' if args.check else 'updated'}")
    if args.check and stale:
        print("run: python -m course_tools.notebook_meta " + " ".join(str(p) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
