"""Every number the prose quotes is accounted for: printed by a cell, checked by a test, or given.

Notebook 07's table, the figures of ``tests/test_quoted_numbers.py`` and the guide's quoted
results are checked one by one. This test makes the rule structural: it reads every markdown
cell of every notebook (prose, questions, answers, solutions; not the code blocks) and finds
each number that carries information (a decimal, a power of ten, a percentage, or an integer
of three or more digits). Each must be

* **printed**: it agrees, to the digits it is written with, with a number printed by a code
  cell of the same notebook whose output nbval checks (so a rerun that changes the figure fails
  nbval, and a slip in the prose fails here); or
* **checked**: it lies inside a passage that ``tests/test_quoted_numbers.py`` asserts is in
  that cell and recomputes (its ``prose(notebook, cell, *passages)`` calls, read from the file);
* **given**: a year in a citation, or listed in :data:`GIVEN` with the reason it is not the
  result of a computation (a chosen setting, a constant of a definition).

A new number in the prose that is none of these fails here, so the next "σ′(8) = 0.00134"
cannot land.
"""

from __future__ import annotations

import ast
import functools
import re
from decimal import Decimal, localcontext
from pathlib import Path

import nbformat
import pytest

from course_tools.notebooks import NOTEBOOK_DIR as NOTEBOOKS

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "tests" / "test_quoted_numbers.py"

# A number as prose writes it: 0.25, 1,000 or 1{,}000, 3.35 \times 10^{-4}, 1e-5, 45 %, −0.28.
NUMBER = re.compile(
    r"(?<![\w.{},^_])(?P<int>\d{1,3}(?:(?:,|\{,\})\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?:\s*\\times\s*10\^\{?(?P<pow>[-−]?\d+)\}?|e(?P<exp>[-−+]?\d+))?(?P<pct>\s*\\?%)?")
PRINTED = re.compile(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
FENCE = re.compile(r"```.*?```", re.S)
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]*")  # an image inlined in HTML
YEAR = re.compile(r"(?:19|20)\d\d")

GIVEN: dict[str, dict[str, str]] = {
    "00_start_here.ipynb": {},
    "01_foundations.ipynb": {},
    "02_sigmoid.ipynb": {},
    "03_tanh.ipynb": {},
    "04_relu.ipynb": {
        "99%": "a made-up unit in a check-yourself question (off on 99 % of the data)",
    },
    "05_leaky_relu.ipynb": {
        "0.25": "PReLU's initial α, as He et al. 2015 chose it (a setting)",
    },
    "06_backward_pass.ipynb": {
        "1000.000001": "an illustration of why an absolute difference says little (a made-up pair)",
        "2 \\times 10^{-6}": "the same illustration's second pair",
        "200": "the number of points of the moons data, a setting (make_moons(n=200))",
        "100": "a threshold the explorer's question sets (within a factor 100 of the output)",
    },
    "07_why_activations_fail.ipynb": {
        "200": "the number of points of the moons data, a setting (make_moons(n=200))",
    },
    "08_smooth_relus.ipynb": {},
    "09_self_gated.ipynb": {
        "0.044715": "the constant of GELU's tanh approximation (Hendrycks & Gimpel 2016)",
    },
    "10_training_showdown.ipynb": {},
    "atlas.ipynb": {},
    "appendix_floating_point.ipynb": {},
}
"""Per notebook: numbers that are not the result of a computation, with the reason."""


@functools.cache
def _notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def quoted(source: str) -> list[tuple[str, Decimal, int, bool, bool]]:
    """The informative numbers of a markdown source: (text, value, digits, is_power, is_pct),
    ``digits`` being the decimals written (of the mantissa, for a power of ten)."""
    found = []
    for m in NUMBER.finditer(FENCE.sub("", source)):
        whole = m["int"].replace("{,}", "").replace(",", "")
        frac, power = m["frac"], m["pow"] or m["exp"]
        if not (frac or power or m["pct"]) and len(whole) < 3:
            continue
        if not (frac or power or m["pct"]) and YEAR.fullmatch(whole):
            continue  # a year, as in "Glorot & Bengio (2010)"
        value = Decimal(whole + ("." + frac if frac else ""))
        if power:
            value = value.scaleb(int(power.replace("−", "-")))
        found.append((m[0].strip(), value, len(frac or ""), bool(power), bool(m["pct"])))
    return found


def printed_values(nb: nbformat.NotebookNode) -> list[Decimal]:
    """Every number in the outputs nbval compares (not those of ``# NBVAL_IGNORE_OUTPUT``
    cells), as a magnitude."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "NBVAL_IGNORE_OUTPUT" in cell.source:
            continue
        for out in cell.get("outputs", []):
            texts.append(out.get("text", ""))
            texts += [out.get("data", {}).get(k, "") for k in ("text/plain", "text/markdown",
                                                                "text/html", "text/latex")]
    return [Decimal(token) for token in PRINTED.findall(DATA_URI.sub("", "\n".join(texts)))]


def agrees(value: Decimal, digits: int, power: bool, pct: bool, printed: list[Decimal]) -> bool:
    """Whether a printed number rounds to ``value`` at the precision it is written with: to
    ``digits`` decimals, of the mantissa for a power of ten; a percentage may be printed as a
    percentage or as a fraction; a round integer such as 750 is read to its last non-zero
    digit. Signs are ignored (prose says "0.28 below zero" as often as "−0.28")."""
    with localcontext(prec=1000):  # exact: 4.9e-324 and 1.8e308 are quoted too
        return _agrees(value, digits, power, pct, printed)


def _agrees(value: Decimal, digits: int, power: bool, pct: bool, printed: list[Decimal]) -> bool:
    targets = [(value, digits)] + ([(value / 100, digits + 2)] if pct else [])
    for v in printed:
        for target, d in targets:
            if power:
                if target == 0 or v == 0:
                    continue
                e = target.adjusted()  # the exponent of the leading digit
                if abs(v.scaleb(-e) - target.scaleb(-e)) <= Decimal(5).scaleb(-d - 1):
                    return True
            elif d == 0 and not pct and target >= 100:
                text = str(int(target))
                zeros = len(text) - len(text.rstrip("0"))
                if round(v.scaleb(-zeros)) == int(target.scaleb(-zeros)):
                    return True
            elif round(v, d) == target:
                return True
    return False


@functools.cache
def checked_passages() -> dict[tuple[str, str], list[str]]:
    """(notebook, cell id) → the passages tests/test_quoted_numbers.py asserts and recomputes."""
    found: dict[tuple[str, str], list[str]] = {}
    for node in ast.walk(ast.parse(CHECKS.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "prose":
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if len(args) == len(node.args) >= 2:
                found.setdefault((args[0], args[1]), []).extend(args[2:])
    return found


def _squash(text: str) -> str:
    return " ".join(text.split())


def unaccounted(name: str, nb: nbformat.NotebookNode) -> list[str]:
    printed = printed_values(nb)
    given = GIVEN.get(name, {})
    missing = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        passages = checked_passages().get((name, cell.get("id")), [])
        for text, value, digits, power, pct in quoted(cell.source):
            if text in given or any(_squash(text) in _squash(p) for p in passages):
                continue
            if not agrees(value, digits, power, pct, printed):
                missing.append(f"{name} cell {cell.get('id')}: {text!r}")
    return missing


@pytest.mark.parametrize("name", sorted(GIVEN))
def test_every_quoted_number_is_printed_checked_or_given(name):
    missing = unaccounted(name, _notebook(name))
    assert not missing, ("print these from a cell, check them in tests/test_quoted_numbers.py, "
                         "or list them in GIVEN with a reason:\n" + "\n".join(missing))


def test_every_notebook_is_scanned():
    assert sorted(GIVEN) == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def test_given_numbers_are_still_in_the_prose():
    for name, numbers in GIVEN.items():
        prose = "\n".join(c.source for c in _notebook(name).cells if c.cell_type == "markdown")
        for text in numbers:
            assert text in prose, f"{name}: {text} is no longer quoted; remove it from GIVEN"


def test_the_slip_of_issue_13_would_be_caught():
    """σ′(8) written as 0.00134 (tanh′(4)) beside an output that prints 3.35e-04."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(sigmoid_derivative(8.0))", outputs=[
                    nbformat.v4.new_output("stream", text="σ′(8) = 3.35e-04\n")]),
                nbformat.v4.new_markdown_cell(r"$\sigma'(8) \approx 0.00134$", id="slip")]
    assert unaccounted("made-up.ipynb", nb) == ["made-up.ipynb cell slip: '0.00134'"]
    nb.cells[1].source = r"$\sigma'(8) \approx 3.35 \times 10^{-4}$, that is 0.000335"
    assert unaccounted("made-up.ipynb", nb) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("0.25", [0.25]), ("1{,}000 units", [1000.0]), (r"$3.35 \times 10^{-4}$", [3.35e-4]),
    ("`1e-5`", [1e-5]), ("45 %", [45.0]), ("notebook 05, step 3", []),
    ("Maas et al. 2013", []), ("```python\nx = 0.5\n```", []), ("nb04", []),
])
def test_what_counts_as_a_quoted_number(text, expected):
    assert [float(v) for _, v, *_ in quoted(text)] == pytest.approx(expected)
