"""Facts about the course that several tools need, stated once.

The repository address lives here and nowhere else: the Binder badge in every notebook
(``tools/notebook_meta.py``), the links on the static site and the slides, and the launch
recipes in ``docs/launching.md`` are all made from :data:`REPOSITORY`. A fork changes this one
line, runs ``python tools/notebook_meta.py notebooks/*.ipynb`` and every badge follows (the
tests check that README and docs agree with it).

    python tools/course_meta.py binder                       # launch links, one per notebook
    python tools/course_meta.py nbgitpuller hub.example.org  # the same for a JupyterHub
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

import nbformat

#: ``owner/name`` of the course's GitHub repository (a placeholder until it is published).
REPOSITORY = "derivatives-course/activation-functions"
#: The branch that Binder and nbgitpuller launch from.
BRANCH = "main"
#: The course's name, as the site and the slides show it.
COURSE_TITLE = "Derivatives of activation functions"

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
#: The course's own badge images (so a badge shows offline too), relative to the repository;
#: the built site and slides copy them into ``_static/``.
BADGE_DIR = "tools/templates/static"
BINDER_BADGE_IMAGE = f"{BADGE_DIR}/binder-badge.svg"
COLAB_BADGE_IMAGE = f"{BADGE_DIR}/colab-badge.svg"
#: Where a notebook (in ``notebooks/``) finds the repository's root.
FROM_NOTEBOOK = "../"
#: A course notebook is named ``NN_topic.ipynb``.
NOTEBOOK_NAME = re.compile(r"^(\d\d)_[A-Za-z0-9_]+\.ipynb$")


def repo_name() -> str:
    """The repository's folder name when cloned (what nbgitpuller creates on a hub)."""
    return REPOSITORY.split("/", 1)[1]


def github_url(path: str = "") -> str:
    """The repository on GitHub, or one file in it on :data:`BRANCH`."""
    base = f"https://github.com/{REPOSITORY}"
    return f"{base}/blob/{BRANCH}/{path}" if path else base


def binder_url(notebook: str | None = None) -> str:
    """A mybinder.org link that opens JupyterLab, at ``notebooks/<notebook>`` if given."""
    url = f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD"
    if notebook:
        url += "?labpath=" + quote(f"notebooks/{notebook}", safe="")
    return url


def binder_badge(notebook: str | None = None, root: str = FROM_NOTEBOOK) -> str:
    """The Markdown badge that launches ``notebook`` (or the repository) on Binder.

    ``root`` is the way from the Markdown's folder to the repository's root (the badge image
    is the course's local copy): ``../`` from a notebook, ``""`` from the README.
    """
    return f"[![Launch on Binder]({root}{BINDER_BADGE_IMAGE})]({binder_url(notebook)})"


def colab_url(notebook: str = "00_start_here.ipynb") -> str:
    """A Google Colab link that opens ``notebooks/<notebook>`` from GitHub."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/notebooks/{notebook}"


def colab_badge(notebook: str | None = None, root: str = FROM_NOTEBOOK) -> str:
    """The Markdown badge that opens ``notebook`` (default: the first) in Google Colab."""
    return (f"[![Open in Colab]({root}{COLAB_BADGE_IMAGE})]"
            f"({colab_url(notebook or '00_start_here.ipynb')})")


def launch_badges(notebook: str | None = None, root: str = FROM_NOTEBOOK) -> str:
    """The Binder badge and the Colab badge, side by side on one line."""
    return f"{binder_badge(notebook, root)} {colab_badge(notebook, root)}"


def pip_install_url() -> str:
    """What ``pip install`` takes to install ``course_lib`` straight from the repository
    (the notebooks' first cell does it on Colab)."""
    return f"git+{github_url()}@{BRANCH}"


def nbgitpuller_url(hub: str, notebook: str = "00_start_here.ipynb", branch: str = BRANCH,
                    repo: str | None = None) -> str:
    """A link that clones (or updates) the course on a JupyterHub and opens ``notebook``.

    ``hub`` is the hub's address, with or without ``https://``; ``repo`` the git URL the hub
    pulls from (default: the course on GitHub; ``make class-check`` gives a local one).
    """
    hub = hub.rstrip("/")
    if not hub.startswith(("https://", "http://")):
        hub = "https://" + hub
    repo = repo or github_url()
    folder = repo.rstrip("/").split("/")[-1]  # where nbgitpuller clones: its default targetpath
    query = urlencode({"repo": repo, "branch": branch,
                       "urlpath": f"lab/tree/{folder}/notebooks/{notebook}"}, quote_via=quote)
    return f"{hub}/hub/user-redirect/git-pull?{query}"


REFERENCE_NOTEBOOKS = ("atlas.ipynb",)
"""Notebooks kept for reference, outside the numbered path: executed and tested like the
lessons (``make execute``, nbval), but not lessons — no place in the path, no reading time,
no slides, no class plans. They are linked from the site's contents page."""


def course_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The course's lessons in ``folder``, in course order (by their number); the reference
    notebooks (:data:`REFERENCE_NOTEBOOKS`) are not among them."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))


def reference_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The reference notebooks in ``folder`` (:data:`REFERENCE_NOTEBOOKS`)."""
    return [Path(folder) / name for name in REFERENCE_NOTEBOOKS if (Path(folder) / name).exists()]


def _title_cell_lines(nb: nbformat.NotebookNode) -> list[str]:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            return cell.source.strip().splitlines()
    return []


def notebook_title(nb: nbformat.NotebookNode, fallback: str = "") -> str:
    """The text of the notebook's ``# NN · Title`` heading (Markdown markup left as is)."""
    for line in _title_cell_lines(nb):
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def notebook_summary(nb: nbformat.NotebookNode) -> str:
    """The one sentence under the title: the first plain paragraph of the title cell."""
    lines = _title_cell_lines(nb)[1:]
    paragraph: list[str] = []
    for line in lines:
        text = line.strip()
        plain = text and not text.startswith(("[![", "!", "#", "<", ">", "|", "---"))
        if plain:
            paragraph.append(text)
        elif paragraph:
            break
    return " ".join(paragraph)


# -- the learner version of the exercise cells ---------------------------------------------
#: What a checker prints on an answer (right or wrong); the untouched placeholder gets
#: "… Not answered yet" instead.
VERDICT_MARKS = ("✔", "✘")
EXERCISE_TAG = "exercise"


class UnpublishableNotebook(Exception):
    """A notebook whose exercise cells hold a learner's work: it must not be published."""


def _git_env() -> dict[str, str]:
    """The environment for git: without variables that would point it elsewhere."""
    return {k: v for k, v in os.environ.items()
            if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}


def committed_notebook(path: Path) -> nbformat.NotebookNode | None:
    """The notebook at ``path`` as committed (``git show HEAD:<path>``), or None when there is
    no git, no repository around it, or the file is not in its last commit."""
    path = Path(path).resolve()
    try:
        found = subprocess.run(["git", "-C", str(path.parent), "show", f"HEAD:./{path.name}"],
                               capture_output=True, env=_git_env(), timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if found.returncode != 0:
        return None
    try:
        return nbformat.reads(found.stdout.decode("utf-8"), as_version=4)
    except Exception:  # a committed file that is not a notebook (yet): as if absent
        return None


def _output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(str(output.get("text", "")))
        data = output.get("data", {})
        parts += [str(data.get("text/plain", "")), str(data.get("text/html", ""))]
        if output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}")
    return "\n".join(parts)


def placeholder_problems(cell: nbformat.NotebookNode, where: str) -> list[str]:
    """Why an exercise cell does not look like the untouched placeholder: its stored output
    shows a checker's verdict or an error, or its ``None`` placeholder has been replaced."""
    problems = []
    text = _output_text(cell)
    if any(mark in text for mark in VERDICT_MARKS) or any(
            o.get("output_type") == "error" for o in cell.get("outputs", [])):
        problems.append(f"{where}: its output shows an answer's verdict, not 'Not answered yet'")
    if "None" not in cell.source:
        problems.append(f"{where}: its placeholder (None) has been replaced by an answer")
    return problems


def learner_version(nb: nbformat.NotebookNode, path: Path | None = None, *,
                    strict: bool = True) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose exercise cells are the learner version, as committed.

    JupyterLab autosaves a learner's answers into ``notebooks/``, so what is on disk is not
    what may be published. Each exercise cell (tagged ``exercise``) takes its source, outputs
    and execution count from the last commit of ``path`` (the cell with the same id), when
    git has one. Then every exercise cell must look untouched (see
    :func:`placeholder_problems`): if one does not (a notebook outside git, a new exercise not
    committed yet, or answers committed by mistake), :class:`UnpublishableNotebook` is raised
    with ``strict``; without it the cell is left as it is (for ``make solutions``, which
    replaces the exercise cells anyway).
    """
    nb = copy.deepcopy(nb)
    name = Path(path).name if path is not None else "notebook"
    committed = committed_notebook(path) if path is not None else None
    by_id = {c.get("id"): c for c in committed.cells} if committed is not None else {}
    problems = []
    for i, cell in enumerate(nb.cells):
        if EXERCISE_TAG not in cell.metadata.get("tags", []):
            continue
        old = by_id.get(cell.get("id"))
        if old is not None and EXERCISE_TAG in old.metadata.get("tags", []):
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


def build_command(build, description: str, default_out: Path, label: str,
                  argv: list[str] | None = None) -> int:
    """The command line shared by ``make site`` and ``make slides``: build into ``--out``
    from ``--notebooks``, print each problem as a warning, exit 1 if there was any."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOK_DIR)
    args = parser.parse_args(argv)
    try:
        problems = build(args.out, args.notebooks)
    except UnpublishableNotebook as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    for message in problems:
        print(f"warning: {message}", file=sys.stderr)
    print(f"{label}: {args.out / 'index.html'}")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["binder"]:
        print(binder_url())
        for path in course_notebooks():
            print(binder_url(path.name))
        return 0
    if argv[:1] == ["nbgitpuller"] and len(argv) == 2:
        for path in course_notebooks():
            print(nbgitpuller_url(argv[1], path.name))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
