"""Build reveal.js slides of every notebook that work offline (`make slides`).

    python -m course_tools.slides [--out slides] [--notebooks notebooks]

Each notebook becomes ``NN_topic.slides.html`` (nbconvert's slides exporter with the course
template in ``course_tools/templates/course_slides``), and ``index.html`` lists them. Nothing comes
from a CDN when the slides are shown: reveal.js (the copy that the ``sphinx-revealjs`` wheel
ships, theme ``white``, which needs no web font) and MathJax 2 (from ``jupyter-server-mathjax``,
STIX-Web fonts) are copied into ``_static/`` beside the slides, so the folder can be opened
from disk or put on any web server.

Slide types come from the same rules as :mod:`course_tools.notebook_meta` (applied to a copy here,
so the slides are right even before that tool has been run on a notebook). Solutions never
show: cells tagged ``solution`` are removed first, whatever their slide type. Links between
notebooks point at the other decks. Exercise cells show as committed, never with the answers
JupyterLab autosaved into them (see :mod:`course_tools.site`). The build fails (exit 1) on any warning.
"""

from __future__ import annotations

import re
import shutil
import sys
import warnings
from pathlib import Path

import nbformat
import sphinx_revealjs
from nbconvert import SlidesExporter

from course_tools import course_meta, notebook_meta, notebooks, speaker_notes
from course_tools import site as build_site

TEMPLATES = build_site.TEMPLATES
TAUGHT = ("lesson", "appendix")
"""The notebooks that get a deck: the lessons and appendices, not the reference notebook."""
SUFFIX = ".slides.html"
REVEAL_THEME = "white"


def reveal_source() -> Path:
    """reveal.js as the sphinx-revealjs wheel ships it."""
    return Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"


def copy_reveal(static: Path) -> None:
    """reveal.js's script and CSS, the ``white`` theme with its fonts, the notes plugin (the
    other themes are left out: several of them import web fonts)."""
    source, target = reveal_source(), static / "reveal.js"
    files = ["LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/reset.css",
             f"dist/theme/{REVEAL_THEME}.css", "plugin/notes/notes.js"]
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / name, target / name)
    fonts = "dist/theme/fonts/source-sans-pro"
    shutil.copytree(source / fonts, target / fonts, dirs_exist_ok=True)


#: How much of a long Markdown output (a derivation, a table) one slide shows, in the units of
#: :func:`block_cost`: a derivation step (its sentence and its display line) costs 3.
OUTPUT_BUDGET = 9
#: What the title slide says about stepping through the deck.
NAVIGATION_HINT = ("*Slides: press → or Space for the next slide — every slide comes in "
                   "order, also the ones below a heading (shown by ↓ at the bottom right); ← or "
                   "Shift+Space goes back, Esc shows all slides, S opens the speaker notes.*")
TABLE_LINE = re.compile(r"^\s*\|")


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    """A Markdown output cut where a slide may end: ``("table-head", ...)``, ``("row", ...)``
    for the lines of a table, ``("block", ...)`` for each blank-line-separated paragraph or
    list item (a derivation step with its display line is one block)."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []
    lines = text.splitlines()

    def close() -> None:
        if paragraph:
            blocks.append(("block", "\n".join(paragraph)))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if TABLE_LINE.match(line) and i + 1 < len(lines) and re.match(r"^\s*\|[\s:|-]+\|\s*$",
                                                                      lines[i + 1]):
            close()
            blocks.append(("table-head", line + "\n" + lines[i + 1]))
            i += 2
            while i < len(lines) and TABLE_LINE.match(lines[i]):
                blocks.append(("row", lines[i]))
                i += 1
            continue
        if line.strip():
            paragraph.append(line)
        else:
            close()
        i += 1
    close()
    return blocks


def block_cost(kind: str, text: str) -> int:
    """A rough height: 3 for a derivation step or a table row, else its lines (wrapped)."""
    if kind == "table-head":
        return 1
    if kind == "row" or "\\displaystyle" in text or "$$" in text:
        return 3
    return sum(max(1, -(-len(line) // 90)) for line in text.splitlines())


def split_output(text: str, budget: int = OUTPUT_BUDGET) -> list[str]:
    """A long Markdown output as the parts that each fit on a slide (one part if it fits).

    Every part after the first starts with the output's title (its first line, if that is a
    heading or bold), marked "(continued)"; a table cut between rows repeats its header.
    """
    blocks = markdown_blocks(text)
    if sum(block_cost(*b) for b in blocks) <= budget:
        return [text]
    title = ""
    kind0, first = blocks[0] if blocks else ("", "")
    if kind0 == "block" and re.match(r"^(#+ |\*\*).*", first) and "\n" not in first:
        title = first
    parts: list[list[str]] = [[]]
    used, head = 0, None
    for kind, block in blocks:
        cost = block_cost(kind, block)
        if kind == "table-head":
            head = block
        elif kind != "row":
            head = None
        if used and used + cost > budget and kind != "table-head":
            parts.append([])
            used = 0
            if title:
                parts[-1].append(title.rstrip() + " (continued)")
                used += 1
            if kind == "row" and head is not None:
                parts[-1].append(head)
                used += 1
        parts[-1].append(block)
        used += cost
    return ["\n\n".join(_join(p)) for p in parts]


def _join(blocks: list[str]) -> list[str]:
    """Blocks back to Markdown: table lines stay together, other blocks blank-line apart."""
    out: list[str] = []
    for block in blocks:
        if out and TABLE_LINE.match(block) and TABLE_LINE.match(out[-1].splitlines()[-1]):
            out[-1] += "\n" + block
        else:
            out.append(block)
    return out


def split_long_outputs(nb: nbformat.NotebookNode) -> None:
    """Give a long Markdown output (a derivation of many steps, a big table) sub-slides of its
    own: the first part stays in the output, each further part becomes a Markdown cell that
    starts a subslide (``make slides`` only; the notebook is not changed)."""
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type != "code" or cell.metadata.get("slideshow", {}).get(
                "slide_type") in ("skip", "notes"):
            continue
        for output in cell.get("outputs", []):
            markdown = output.get("data", {}).get("text/markdown")
            if not markdown:
                continue
            parts = split_output(markdown)
            if len(parts) == 1:
                continue
            output["data"]["text/markdown"] = parts[0]
            for part in parts[1:]:
                more = nbformat.v4.new_markdown_cell(part)
                more.metadata["slideshow"] = {"slide_type": "subslide"}
                more.metadata["tags"] = ["continued-output"]
                cells.append(more)
    nb.cells = cells


def with_speaker_notes(nb: nbformat.NotebookNode) -> None:
    """Move the explanation of every Markdown cell on a slide to the speaker notes
    (:func:`course_tools.speaker_notes.split`): the cell keeps what a room reads, a ``notes``
    cell after it takes the rest; a cell that still carries more than
    :data:`~course_tools.speaker_notes.WORD_LIMIT` words continues on sub-slides (``make
    slides`` only; the notebook is not changed). A cell tagged ``on-slide``, or put on a slide
    by a ``slide:`` tag though all of it is explanation, keeps its prose."""
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if cell.cell_type != "markdown" or kind in ("skip", "notes"):
            continue
        parts = speaker_notes.slide_parts(cell.source, keep_all=speaker_notes.kept_whole(cell))
        if not parts[0][0].strip():  # forced onto a slide: the author wants all of it there
            parts = speaker_notes.slide_parts(cell.source, keep_all=True)
        if parts == [(cell.source.strip(), "")]:
            continue
        for k, (shown, notes) in enumerate(parts):
            if k == 0:
                cell.source = shown
            else:
                more = nbformat.v4.new_markdown_cell(shown)
                more.metadata["slideshow"] = {"slide_type": "subslide"}
                more.metadata["tags"] = ["continued-text"]
                cells.append(more)
            if notes:
                note = nbformat.v4.new_markdown_cell(notes)
                note.metadata["slideshow"] = {"slide_type": "notes"}
                note.metadata["tags"] = [notebooks.NOTES_TAG]
                cells.append(note)
    nb.cells = cells


def slides_notebook(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` without its solution cells, with the course's slide types and the
    local badge image, the explanation in the speaker notes, long outputs split over
    sub-slides and the navigation hint on the title slide.

    The solutions go before nbconvert computes where slides begin and end: it closes a slide
    on the cell before the next one, and that cell may be a (skipped) solution.
    """
    nb = notebooks.without_tag(nb, notebooks.SOLUTION_TAG)  # a copy
    notebook_meta.apply(nb, name)
    for cell in nb.cells:  # "For instructors" cells: speaker notes, never on a slide
        if notebooks.has_tag(cell, notebooks.INSTRUCTOR_TAG):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "notes"
    with_speaker_notes(nb)
    split_long_outputs(nb)
    if nb.cells and nb.cells[0].cell_type == "markdown":
        nb.cells[0].source = nb.cells[0].source.rstrip("\n") + "\n\n" + NAVIGATION_HINT
    return build_site.prepared(nb)


def build(out: Path, notebook_dir: Path = notebooks.NOTEBOOK_DIR) -> list[str]:
    """Build the slides into ``out``; returns the warnings met (an empty list when clean)."""
    paths, nbs, static = build_site.start_build(out, notebook_dir, TAUGHT)
    copy_reveal(static)

    logger, collector = build_site.exporter_logger("slides")
    exporter = SlidesExporter(
        template_name="course_slides", extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)], log=logger,
        reveal_url_prefix="_static/reveal.js", reveal_theme=REVEAL_THEME,
        reveal_transition="none", reveal_scroll=True, reveal_width="1200", reveal_height="800")
    decks = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path, nb in zip(paths, nbs, strict=True):
            body, _ = exporter.from_notebook_node(slides_notebook(nb, path.name),
                                                  resources={"metadata": {"name": path.stem}})
            html = build_site.rewrite_links(body, SUFFIX, notebook_dir, out, TAUGHT)
            (out / (path.stem + SUFFIX)).write_text(html, encoding="utf-8")
            decks.append({"href": path.stem + SUFFIX, "title": notebooks.notebook_title(nb),
                          "summary": build_site.markdown_inline(notebooks.notebook_summary(nb))})
    build_site.write_index(out, course_meta.COURSE_TITLE + ": slides", decks)
    (static / "jupyter.css").write_text(build_site.nbconvert_static("index.css").read_text(
        encoding="utf-8"), encoding="utf-8")
    return collector.messages + [f"{w.category.__name__}: {w.message}" for w in caught]


def main(argv: list[str] | None = None) -> int:
    return build_site.build_command(build, __doc__.splitlines()[0], notebooks.ROOT / "slides",
                                    "slides", argv)


if __name__ == "__main__":
    sys.exit(main())
