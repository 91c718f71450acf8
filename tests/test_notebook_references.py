"""A module's docstring names the notebook that uses it, and the number is not stale.

When a module of ``course_lib`` says "Introduced in notebook NN" (or "notebooks NN and MM",
"at the end of notebook NN"), or an exercise module says "Exercises of notebook NN", the
notebook ``notebooks/NN_*.ipynb`` must exist and import that module: directly
(``from course_lib.x import …``, ``from course_lib import x``, ``import course_lib.x``) or
through a package that re-exports it (``from course_lib.widgets import TangentExplorer`` uses
``course_lib.widgets.tangent``; ``from course_lib.activations import silu`` uses
``course_lib.activations.atlas.silu``). A module a notebook only reaches through another one
is worded differently ("Used by notebook NN through …") and is not held to this rule.

Everything is read statically (the notebooks' JSON and the modules' source, no import of
``course_lib``), so the test takes a fraction of a second.
"""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "course_lib"
NOTEBOOKS = ROOT / "notebooks"

NUMBERS = r"\d\d(?:(?:,\s+|\s+and\s+|,\s+and\s+)\d\d)*"
CLAIM = re.compile(rf"(?:Introduced\s+(?:in|at\s+the\s+end\s+of)|Exercises\s+of)\s+"
                   rf"notebooks?\s+({NUMBERS})")
FROM_IMPORT = re.compile(r"^[ \t]*from\s+(course_lib(?:\.\w+)*)\s+import\s+(\([^)]*\)|[^\n#]*)",
                         re.MULTILINE)
PLAIN_IMPORT = re.compile(r"^[ \t]*import\s+(course_lib(?:\.\w+)*)", re.MULTILINE)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


@cache
def tree(name: str) -> ast.Module:
    path = module_path(name)
    assert path is not None, name
    return ast.parse(path.read_text(encoding="utf-8"))


def top_level_names(name: str) -> set[str]:
    """The functions and classes a module defines at its top level."""
    return {node.name for node in tree(name).body
            if isinstance(node, ast.FunctionDef | ast.ClassDef)}


@cache
def submodules(package: str) -> tuple[str, ...]:
    folder = ROOT.joinpath(*package.split("."))
    return tuple(module_name(p) for p in sorted(folder.rglob("*.py")) if p.name != "__init__.py")


def provider(package: str, name: str) -> set[str]:
    """The modules that ``from package import name`` uses: the package, and the module the
    name comes from (a submodule of that name, a module the package's ``__init__`` imports it
    from, or, for names the package assembles at run time such as the activation functions,
    the one submodule that defines it)."""
    used = {package}
    if module_path(f"{package}.{name}") is not None:
        return used | {f"{package}.{name}"}
    if module_path(package).name != "__init__.py":
        return used
    init = tree(package)
    for node in ast.walk(init):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if any((alias.asname or alias.name) == name for alias in node.names):
                return used | {node.module}
    if name in top_level_names(package):
        return used
    defining = [m for m in submodules(package) if name in top_level_names(m)]
    if len(defining) == 1:
        used.add(defining[0])
    return used


def imported_names(clause: str) -> list[str]:
    clause = clause.strip().strip("()")
    names = []
    for part in clause.split(","):
        words = part.split()
        if words:
            names.append(words[0])
    return names


@cache
def notebook_modules(path: Path) -> frozenset[str]:
    """Every course_lib module a notebook's code cells import, directly or by re-export."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    used: set[str] = set(PLAIN_IMPORT.findall(code))
    for package, clause in FROM_IMPORT.findall(code):
        for name in imported_names(clause):
            used |= provider(package, name)
    return frozenset(used)


def notebooks_numbered(number: str) -> list[Path]:
    return sorted(NOTEBOOKS.glob(f"{number}_*.ipynb"))


def claims() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        for numbers in CLAIM.findall(docstring):
            for number in re.findall(r"\d\d", numbers):
                found.append((module_name(path), number))
    return found


CLAIMS = claims()


def test_the_claims_are_found():
    """The pattern still matches what the docstrings say (a silent regex would pass all)."""
    assert len(CLAIMS) >= 25, CLAIMS
    assert ("course_lib.activations.atlas.sigmoid", "02") in CLAIMS


@pytest.mark.parametrize(("module", "number"), CLAIMS, ids=[f"{m}-{n}" for m, n in CLAIMS])
def test_the_named_notebook_imports_the_module(module, number):
    notebooks = notebooks_numbered(number)
    assert notebooks, f"{module} names notebook {number}, but notebooks/{number}_*.ipynb does not exist"
    missing = [nb.name for nb in notebooks if module not in notebook_modules(nb)]
    assert not missing, (f"{module} names notebook {number}, but {', '.join(missing)} does not import "
                         f"it: a stale number after a renumbering? (If the notebook only uses it "
                         f"through another module, say so: 'Used by notebook {number} through …'.)")


def test_re_exports_are_resolved():
    """The resolution itself, on imports the notebooks really make."""
    assert provider("course_lib.widgets", "TangentExplorer") == {
        "course_lib.widgets", "course_lib.widgets.tangent"}
    assert "course_lib.activations.atlas.silu" in provider("course_lib.activations", "silu")
    assert "course_lib.activations.atlas.sigmoid" in provider("course_lib.activations",
                                                               "sigmoid_derivative")
    assert provider("course_lib", "plots") == {"course_lib", "course_lib.plots"}
    assert provider("course_lib.exercises", "nb05") == {"course_lib.exercises",
                                                         "course_lib.exercises.nb05"}
