"""course_lib.cheatsheet: the sheet is generated from the registry and the property table (so
a change there shows up on the sheet), its rows agree with ACTIVATIONS' LaTeX and with
course_lib.properties, the hand-written advice holds no numbers, and notebook 07 displays it."""

from __future__ import annotations

import dataclasses
import re

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import cheatsheet
from course_lib.activations import ACTIVATIONS
from course_lib.cheatsheet import (
    ADVICE,
    ADVICE_COLUMNS,
    COLUMNS,
    FORMULA_COLUMNS,
    CheatSheet,
    cheat_sheet,
)
from course_lib.properties import properties
from course_tools.notebooks import NOTEBOOK_DIR as NOTEBOOKS

SHEET = cheat_sheet()


def _rows(markdown: str) -> dict[str, list[str]]:
    """The rows of the sheet's two tables (formulas, then numbers and advice), joined and
    keyed by the activation's title: one list of cells in the order of ``COLUMNS``."""
    rows: dict[str, list[str]] = {}
    for line in markdown.splitlines():
        if line.startswith("| **"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            title = re.match(r"\*\*(.+?)\*\*", cells[0]).group(1)
            if title in rows:
                rows[title] += cells[1:]
            else:
                rows[title] = cells
    return rows


ROWS = _rows(SHEET.markdown)


def test_one_row_per_activation_in_registry_order():
    assert list(ROWS) == [a.title for a in ACTIVATIONS.values()]
    assert SHEET.names == tuple(ACTIVATIONS)
    assert repr(SHEET) == f"<cheat sheet: {len(ACTIVATIONS)} activations>"
    assert all(len(cells) == len(COLUMNS) for cells in ROWS.values())
    headers = [line for line in SHEET.markdown.splitlines() if line.startswith("| activation")]
    assert headers == ["| " + " | ".join(FORMULA_COLUMNS) + " |",
                       "| " + " | ".join(ADVICE_COLUMNS) + " |"]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(list(ACTIVATIONS)))
def test_a_row_agrees_with_the_registry_and_the_property_table(name):
    act, p = ACTIVATIONS[name], properties(name)
    first, derivative, numbers, use, avoids, risks = ROWS[act.title]
    assert f"${act.latex}$" in first
    assert derivative == f"${act.derivative_latex}$"
    for key, value in act.params.items():
        assert f"= {value:g}$" in first, key
    assert numbers == f"{p.range_text} · {p.max_slope_text} · {p.saturates_text}"
    assert (use, avoids, risks) == (ADVICE[name].use, ADVICE[name].avoids, ADVICE[name].risks)


def test_advice_covers_the_registry_and_holds_no_numbers():
    assert set(ADVICE) == set(ACTIVATIONS)
    for name, advice in ADVICE.items():
        for text in dataclasses.astuple(advice):
            assert text and not re.search(r"\d", text), (name, text)
            assert "|" not in text and "\n" not in text, (name, text)  # keeps the table whole


def test_the_sheet_follows_the_registry(monkeypatch):
    """Change the definition and derivation in the registry: the sheet's formulas change with
    them (nothing is copied, nothing typed)."""
    from course_lib.activations import tanh as tanh_function  # noqa: F401  (the package loaded)
    from course_lib.derivations import DERIVATIONS, sigma
    from course_lib.symbolic import z

    via = DERIVATIONS["tanh_via_sigmoid"]
    changed = dataclasses.replace(ACTIVATIONS["tanh"], definition=2 * sigma(2 * z) - 1,
                                  derivation=via, title="Tanh (edited)")
    monkeypatch.setitem(ACTIVATIONS, "tanh", changed)
    rows = _rows(cheat_sheet().markdown)
    assert r"\sigma\!\left(2 z\right)" in rows["Tanh (edited)"][0]
    assert rows["Tanh (edited)"][1] == f"${via.result_latex}$"
    assert "Tanh" not in rows


def test_every_number_on_the_sheet_comes_from_the_property_table(monkeypatch):
    real = properties("sigmoid")
    fake = dataclasses.replace(real, max_slope=0.125)
    monkeypatch.setattr(cheatsheet, "properties",
                        lambda name: fake if name == "sigmoid" else properties(name))
    assert "0.125 at z = 0" in _rows(cheat_sheet().markdown)["Sigmoid"][2]


def test_the_sheet_is_markdown_for_the_notebook():
    assert isinstance(SHEET, CheatSheet) and SHEET._repr_markdown_() == SHEET.markdown
    assert SHEET.markdown.startswith("### Cheat sheet")
    assert SHEET.markdown.count("$") % 2 == 0


def test_notebook_07_displays_the_sheet():
    nb = nbformat.read(NOTEBOOKS / "10_training_showdown.ipynb", as_version=4)
    shown = [c for c in nb.cells if c.cell_type == "code" and "cheat_sheet()" in c.source]
    assert len(shown) == 1
    (output,) = shown[0].outputs
    assert output["data"]["text/markdown"] == SHEET.markdown
    # before the summary, so that the notebook ends with summary, check yourself, link
    titles = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    assert titles.index("## What we've learned") > next(
        i for i, t in enumerate(titles) if "cheat sheet" in t.lower())


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_the_derivative_column_is_the_derivative(name):
    """The LaTeX shown is the registry's; its first equals sign names g′ of this activation."""
    act = ACTIVATIONS[name]
    lhs = act.derivative_latex.split("=", 1)[0]
    assert "'" in lhs and lhs.replace("'", "").strip() == act.latex.split("=", 1)[0].strip()
