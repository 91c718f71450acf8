"""Helpers for tests that read notebooks: find exercise cells and their worked solutions."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
_FENCE = re.compile(r"```python\n(.*?)```", re.S)


def exercise_pairs(name: str) -> list[tuple[str, str]]:
    """(starter code, solution code) for every exercise cell of ``notebooks/<name>``.

    The solution code is the single fenced python block of the markdown cell tagged
    ``solution`` that follows the exercise cell (see docs/authoring.md)."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    pairs = []
    for cell, nxt in zip(nb.cells, nb.cells[1:], strict=False):
        if "exercise" in cell.metadata.get("tags", []):
            assert "solution" in nxt.metadata.get("tags", []), "exercise without a solution cell"
            blocks = _FENCE.findall(nxt.source)
            assert len(blocks) == 1, f"solution cell needs exactly one python block: {nxt.source}"
            pairs.append((cell.source, blocks[0]))
    return pairs


def guide_key(number: str, title: str) -> str:
    """How the instructor guide's sections and overview rows are matched to notebooks: the
    number and the first word of the title ("01 foundations", "01 the"), so that two notebooks
    that share a number while the series is being renumbered (01_foundations beside
    01_sigmoid) still find their own section.

    >>> guide_key("01", "Foundations: a loss"), guide_key("00", "start here: slopes")
    ('01 foundations', '00 start')
    """
    first = re.findall(r"[\w′']+", title)
    return f"{number} {first[0].lower() if first else ''}"


def notebook_guide_key(path: Path) -> str:
    """:func:`guide_key` of a notebook, from its "# NN · Title" heading."""
    nb = nbformat.read(path, as_version=4)
    heading = nb.cells[0].source.lstrip().splitlines()[0]
    return guide_key(path.name[:2], heading.split("·", 1)[-1])


def guide_sections(text: str) -> dict[str, str]:
    """The guide's "### NN · Title" sections, by :func:`guide_key`."""
    parts = re.split(r"^### (\d\d) · (.*)$", text, flags=re.MULTILINE)
    return {guide_key(parts[i], parts[i + 1]): parts[i + 2].split("\n## ")[0]
            for i in range(1, len(parts), 3)}


def run_cell(source: str, namespace: dict) -> object:
    """Execute a cell's code like IPython does: the value of a final expression is returned."""
    import ast

    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)  # our own notebooks' code
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
