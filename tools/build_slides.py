"""Build reveal.js slides of every notebook that work offline (`make slides`).

    python tools/build_slides.py [--out slides] [--notebooks notebooks]

Each notebook becomes ``NN_topic.slides.html`` (nbconvert's slides exporter with the course
template in ``tools/templates/course_slides``), and ``index.html`` lists them. Nothing comes
from a CDN when the slides are shown: reveal.js (the copy that the ``sphinx-revealjs`` wheel
ships, theme ``white``, which needs no web font) and MathJax 2 (from ``jupyter-server-mathjax``,
STIX-Web fonts) are copied into ``_static/`` beside the slides, so the folder can be opened
from disk or put on any web server.

Slide types come from the same rules as ``tools/notebook_meta.py`` (applied to a copy here,
so the slides are right even before that tool has been run on a notebook). Solutions never
show: cells tagged ``solution`` are removed first, whatever their slide type. Links between
notebooks point at the other decks. The build fails (exit 1) on any warning.
"""

from __future__ import annotations

import shutil
import sys
import warnings
from pathlib import Path

import build_site
import course_meta
import nbformat
import notebook_meta
import sphinx_revealjs
from nbconvert import SlidesExporter

TEMPLATES = build_site.TEMPLATES
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


def slides_notebook(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` without its solution cells, with the course's slide types and the
    local badge image.

    The solutions go before nbconvert computes where slides begin and end: it closes a slide
    on the cell before the next one, and that cell may be a (skipped) solution.
    """
    nb = nbformat.from_dict(nb)  # a copy
    nb.cells = [c for c in nb.cells if "solution" not in c.metadata.get("tags", [])]
    notebook_meta.apply(nb, name)
    return build_site.prepared(nb)


def build(out: Path, notebook_dir: Path = course_meta.NOTEBOOK_DIR) -> list[str]:
    """Build the slides into ``out``; returns the warnings met (an empty list when clean)."""
    notebooks = course_meta.course_notebooks(notebook_dir)
    if not notebooks:
        raise SystemExit(f"no notebooks in {notebook_dir}")
    out.mkdir(parents=True, exist_ok=True)
    static = out / "_static"
    build_site.copy_mathjax(static)
    build_site.copy_course_static(static)
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
        for path in notebooks:
            nb = nbformat.read(path, as_version=4)
            body, _ = exporter.from_notebook_node(slides_notebook(nb, path.name),
                                                  resources={"metadata": {"name": path.stem}})
            html = build_site.rewrite_links(body, SUFFIX, notebook_dir, out)
            (out / (path.stem + SUFFIX)).write_text(html, encoding="utf-8")
            decks.append({"href": path.stem + SUFFIX, "title": course_meta.notebook_title(nb),
                          "summary": build_site.markdown_inline(course_meta.notebook_summary(nb))})
    build_site.write_index(out, course_meta.COURSE_TITLE + ": slides", decks)
    (static / "jupyter.css").write_text(build_site.nbconvert_static("index.css").read_text(
        encoding="utf-8"), encoding="utf-8")
    return collector.messages + [f"{w.category.__name__}: {w.message}" for w in caught]


def main(argv: list[str] | None = None) -> int:
    return course_meta.build_command(build, __doc__.splitlines()[0], course_meta.ROOT / "slides",
                                     "slides", argv)


if __name__ == "__main__":
    sys.exit(main())
