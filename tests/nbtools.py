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


def run_cell(source: str, namespace: dict) -> object:
    """Execute a cell's code like IPython does: the value of a final expression is returned."""
    import ast

    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)  # our own notebooks' code
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
