"""Build the course as a static HTML site from the stored outputs (`make site`).

    python -m course_tools.site [--out site] [--notebooks notebooks]

Nothing is executed: each page shows the outputs stored in the notebook. The site works
offline and from any static host: MathJax 2 is a local copy (from ``jupyter-server-mathjax``),
no require.js, widget manager or mermaid is loaded, so a widget shows its text form and its
static twin figure carries the lesson. Layout:

* ``index.html``: the notebooks in course order (:func:`course_tools.notebooks.course_notebooks`:
  the lessons, then appendices and references), each with its title and one-line summary;
* ``NN_topic.html``: one page per notebook, with previous / contents / next links; links
  between notebooks (``NN_topic.ipynb``, any course notebook) point at the pages, links to other files of the
  repository at GitHub (:func:`course_tools.course_meta.github_url`); images a notebook shows from its
  folder are copied beside the pages;
* ``_static/``: MathJax, the Jupyter CSS, the course CSS and a local Binder badge.

Exercise cells are published as committed, never as they are on disk: JupyterLab autosaves a
learner's answers into the notebook, so each exercise cell is taken from ``git show HEAD:``
(:func:`course_tools.notebooks.learner_version`), and the build refuses a notebook whose exercise cells
still hold an answer (outside git, or committed by mistake).

The build fails (exit 1) on any warning, e.g. an image without alternative text.
"""

from __future__ import annotations

import argparse
import copy
import logging
import posixpath
import re
import shutil
import sys
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import jupyter_server_mathjax
import markupsafe
import mistune
import nbformat
from bs4 import BeautifulSoup
from jupyter_core.paths import jupyter_path
from nbconvert import HTMLExporter

from course_tools import atlas_pages, course_meta, notebooks

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOTEBOOK_LINK = re.compile(r"^(?:\./)?([A-Za-z0-9_]+\.ipynb)$")
#: MathJax's translations other than English are left out of the copy.
MATHJAX_SKIP = ("localization",)


class WarningCollector(logging.Handler):
    """Keeps the warnings an exporter logs, so that the build can refuse them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def exporter_logger(name: str) -> tuple[logging.Logger, WarningCollector]:
    """A logger for an nbconvert exporter whose warnings end up in the returned collector."""
    logger = logging.getLogger(f"course.{name}")
    logger.propagate = False
    logger.handlers = [collector := WarningCollector()]
    logger.setLevel(logging.WARNING)
    return logger, collector


def nbconvert_static(name: str) -> Path:
    """A file of nbconvert's stock ``lab`` template (its CSS)."""
    for base in jupyter_path("nbconvert", "templates", "lab", "static"):
        if (Path(base) / name).exists():
            return Path(base) / name
    raise FileNotFoundError(f"nbconvert's lab template has no {name}")


def copy_mathjax(static: Path) -> None:
    """MathJax 2 (as shipped by jupyter-server-mathjax) into ``static/mathjax``."""
    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(source, static / "mathjax", dirs_exist_ok=True,
                    ignore=lambda d, names: [n for n in names if n in MATHJAX_SKIP])


def copy_course_static(static: Path) -> None:
    """The course's own CSS and the local Binder badge into ``static``."""
    static.mkdir(parents=True, exist_ok=True)
    for item in (TEMPLATES / "static").iterdir():
        shutil.copy(item, static / item.name)


def prepared(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` ready to export: its title as the page title, the badge images (the
    course's local copies) served from ``_static/``."""
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = notebooks.notebook_title(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(
                course_meta.FROM_NOTEBOOK + course_meta.BADGE_DIR + "/", "_static/")
    return nb


def rewrite_links(html: str, suffix: str, notebook_dir: Path, out: Path,
                  kinds: tuple[str, ...] = notebooks.KINDS) -> str:
    """Point links between notebooks at the built pages (``NN_topic`` + ``suffix``) where the
    build makes one (notebooks of ``kinds``), links to other files of the repository, other
    notebooks included, at GitHub, and copy images the notebooks show from ``notebook_dir``
    into ``out``."""
    soup = BeautifulSoup(html, features="html.parser")
    for a in soup.select(".jp-Cell a[href]"):  # the notebook's own links, not the navigation
        parts = urlsplit(a["href"])
        if parts.scheme or parts.netloc or not parts.path:
            continue
        match = NOTEBOOK_LINK.match(parts.path)
        if match and notebooks.kind(Path(match.group(1))) in kinds:
            a["href"] = Path(match.group(1)).stem + suffix + (f"#{parts.fragment}" if parts.fragment else "")
            continue
        # notebooks live in notebooks/ of the repository, whatever folder they are read from
        in_repo = posixpath.normpath(posixpath.join("notebooks", unquote(parts.path)))
        if not in_repo.startswith("../"):
            a["href"] = course_meta.github_url(in_repo)
    for img in soup.select(".jp-Cell img[src]"):
        parts = urlsplit(img["src"])
        source = (notebook_dir / unquote(parts.path)).resolve()
        if parts.scheme or parts.netloc or not source.is_relative_to(notebook_dir.resolve()):
            continue
        if source.is_file():
            target = out / source.relative_to(notebook_dir.resolve())
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return str(soup)


def page_name(path: Path, suffix: str = ".html") -> str:
    return path.stem + suffix


def markdown_inline(text: str) -> markupsafe.Markup:
    """A line of Markdown as HTML (for the summaries on the contents page)."""
    return markupsafe.Markup(mistune.html(text))  # our own notebooks' text, trusted


def start_build(out: Path, notebook_dir: Path, kinds: tuple[str, ...] = notebooks.KINDS
                ) -> tuple[list[Path], list[nbformat.NotebookNode], Path]:
    """The course's notebooks as learners get them (exercise cells as committed: read before
    anything is written, so a learner's saved answers are never published), and ``out``'s
    ``_static`` folder with MathJax and the course's own files in it. Site and slides both
    start here; ``kinds`` says which of the course's notebooks (the slides leave out the
    reference notebook)."""
    paths = notebooks.course_notebooks(notebook_dir, kinds)
    if not paths:
        raise SystemExit(f"no notebooks in {notebook_dir}")
    nbs = [notebooks.learner_version(nbformat.read(p, as_version=4), p) for p in paths]
    out.mkdir(parents=True, exist_ok=True)
    static = out / "_static"
    copy_mathjax(static)
    copy_course_static(static)
    return paths, nbs, static


def build(out: Path, notebook_dir: Path = notebooks.NOTEBOOK_DIR) -> list[str]:
    """Build the site into ``out``; returns the warnings met (an empty list when clean)."""
    paths, nbs, static = start_build(out, notebook_dir)
    css = [nbconvert_static("index.css"), nbconvert_static("theme-light.css")]
    (static / "jupyter.css").write_text("\n".join(p.read_text(encoding="utf-8") for p in css),
                                        encoding="utf-8")

    logger, collector = exporter_logger("site")
    exporter = HTMLExporter(template_name="course_site", extra_template_basedirs=[str(TEMPLATES)],
                            extra_template_paths=[str(TEMPLATES)], log=logger)
    titles = [notebooks.notebook_title(nb, p.stem) for nb, p in zip(nbs, paths, strict=True)]
    pages = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for i, (path, nb) in enumerate(zip(paths, nbs, strict=True)):
            def neighbour(j: int) -> dict | None:
                if 0 <= j < len(paths):
                    return {"href": page_name(paths[j]), "title": titles[j]}
                return None

            nav = {"prev": neighbour(i - 1), "next": neighbour(i + 1),
                   "course": course_meta.COURSE_TITLE, "binder": course_meta.binder_url(path.name),
                   "colab": course_meta.colab_url(path.name)}
            learners = notebooks.without_tag(nb, notebooks.INSTRUCTOR_TAG)
            body, _ = exporter.from_notebook_node(
                prepared(learners), resources={"course_nav": nav, "metadata": {"name": path.stem}})
            html = rewrite_links(body, ".html", notebook_dir, out)
            (out / page_name(path)).write_text(html, encoding="utf-8")
            pages.append({"href": page_name(path), "title": titles[i],
                          "summary": markdown_inline(notebooks.notebook_summary(nb))})
    # the atlas: a page per activation, reachable from the contents page
    problems = atlas_pages.build(out, course_meta.COURSE_TITLE)
    write_index(out, course_meta.COURSE_TITLE, pages, references=ATLAS_REFERENCE)
    return collector.messages + [f"{w.category.__name__}: {w.message}" for w in caught] + problems


ATLAS_REFERENCE = [{"href": "atlas/index.html", "title": "The atlas: every activation",
                    "summary": "g, g′ and g″ of every activation PyTorch, Keras and JAX ship "
                               "and of notable ones from the literature, one page each."}]
"""The reference section of the contents page (the atlas pages, course_tools.atlas_pages)."""


def write_index(out: Path, title: str, pages: list[dict], references: list[dict] = ()) -> None:
    """``out/index.html``: the course's contents page (site and slides share it), with a
    section of references after the numbered path when given."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    index = env.get_template("site_index.html.j2").render(
        course=title, pages=pages, binder=course_meta.binder_url(), colab=course_meta.colab_url(),
        repository=course_meta.github_url(), references=references)
    (out / "index.html").write_text(index, encoding="utf-8")


def build_command(build, description: str, default_out: Path, label: str,
                  argv: list[str] | None = None) -> int:
    """The command line shared by ``make site`` and ``make slides``: build into ``--out``
    from ``--notebooks``, print each problem as a warning, exit 1 if there was any."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument("--notebooks", type=Path, default=notebooks.NOTEBOOK_DIR)
    args = parser.parse_args(argv)
    try:
        problems = build(args.out, args.notebooks)
    except notebooks.UnpublishableNotebook as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    for message in problems:
        print(f"warning: {message}", file=sys.stderr)
    print(f"{label}: {args.out / 'index.html'}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    return build_command(build, __doc__.splitlines()[0], notebooks.ROOT / "site", "site", argv)


if __name__ == "__main__":
    sys.exit(main())
