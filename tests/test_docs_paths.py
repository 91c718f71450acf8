"""What the README, docs/ and the notebooks' prose name exists: every file or folder of the
repository (``course_tools/notebooks.py``, ``docs/launching.md``, a link target) and every
module or name of the course's packages (``course_lib.gradcheck.check_derivative``).

A path counts when its first folder is one of the repository's (or one it used to have, so a
stale ``tools/...`` is caught); placeholders (``NN_topic``, ``<name>``, ``*``) and what a build
makes (``site/``, ``solutions/``, ``.venv/`` ...) are left out.
"""

from __future__ import annotations

import importlib
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from course_tools import notebooks
from course_tools.notebooks import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
#: Made by a build or an install, never committed.
GENERATED = {"site", "slides", "solutions", "test-artifacts", "node_modules", ".venv", "build"}
#: Top folders the repository no longer has: a path into one of them is stale.
FORMER = {"tools", "benchmarks"}
PLACEHOLDER = re.compile(r"NN|<|>|\*|…|\.\.\.|\{|\$")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
LINK = re.compile(r"\]\(([^)\s]+)\)")
MODULE = re.compile(r"^(course_lib|course_tools)(\.\w+)+")


def _top_level() -> set[str]:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True, env=notebooks.git_env()).stdout.split()
    return {f.split("/")[0] for f in files if "/" in f} | FORMER


TOP = _top_level()


def named_paths(text: str) -> set[str]:
    """Repository paths in code spans, fenced code and link targets of some Markdown."""
    words = [w for span in CODE_SPAN.findall(FENCE.sub("", text)) for w in span.split()]
    words += [w for block in FENCE.findall(text) for w in block.split()]
    found = set()
    for word in words + LINK.findall(text):
        word = word.strip("\"'(),;:").split("#")[0]
        first = word.split("/")[0]
        if "/" in word and first in TOP - GENERATED and not PLACEHOLDER.search(word):
            found.add(word)
    return found


def named_modules(text: str) -> set[str]:
    """``course_lib.x.y`` and ``course_tools.x`` names in code spans and fenced code."""
    words = [w for span in CODE_SPAN.findall(text) for w in re.split(r"[\s(\[,]", span)]
    words += [w for block in FENCE.findall(text) for w in re.split(r"[\s(\[,]", block)]
    return {m.group(0) for w in words if (m := MODULE.match(w.strip(".")))}


def resolves(dotted: str) -> bool:
    """Whether ``dotted`` is a module of the course or a name in one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def _markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_path_a_document_names_exists(doc: Path) -> None:
    text = _markdown_of(doc)
    missing = sorted(p for p in named_paths(text) if not (ROOT / p).exists())
    # a link is relative to its document
    missing = [p for p in missing if not (p in LINK.findall(text) and (doc.parent / p).exists())]
    assert missing == [], f"{doc.name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS + notebooks.course_notebooks(), ids=lambda p: p.name)
def test_every_module_a_document_names_exists(doc: Path) -> None:
    missing = sorted(m for m in named_modules(_markdown_of(doc)) if not resolves(m))
    assert missing == [], f"{doc.name} names what the packages do not have: {missing}"


@pytest.mark.parametrize("path", DOCS + notebooks.course_notebooks(), ids=lambda p: p.name)
def test_every_link_leads_somewhere(path: Path) -> None:
    """Every local link of a document or a notebook (an image too), relative to it, whatever
    its first folder (``course_course_tools/...`` is no folder of the repository, so the
    path check above cannot see it). A link in fenced code is an example to copy, not one."""
    targets = [t.split("#")[0] for t in LINK.findall(FENCE.sub("", _markdown_of(path)))]
    local = [t for t in targets if t and "://" not in t and not t.startswith("mailto:")]
    missing = sorted(t for t in local if not (path.parent / t).exists())
    assert missing == [], f"{path.name} links to files that do not exist: {missing}"


def test_the_checks_are_not_blind():
    text = ("Run `python tools/make_solutions.py` or see [the guide](docs/nowhere.md) and\n"
            "```bash\n.venv/bin/python course_tools/nothing.py notebooks/NN_x.ipynb\n```\n"
            "`course_lib.nn.MLP`, `course_lib.gradcheck.check_derivative`, `course_lib.nope`")
    assert named_paths(text) == {"tools/make_solutions.py", "docs/nowhere.md",
                                 "course_tools/nothing.py"}
    modules = named_modules(text)
    assert modules == {"course_lib.nn.MLP", "course_lib.gradcheck.check_derivative",
                       "course_lib.nope"}
    assert [m for m in sorted(modules) if resolves(m)] == ["course_lib.gradcheck.check_derivative"]
