"""What the frameworks give, read from ``frameworks.json`` as measured, and every claim the
library's text makes about a framework's value held to those measurements.

A claim is written ``<activation>′(<point>) = <value>`` (``ReLU′(0) = 0``, ``SELU′(0) = λα``) in
a clause (a sentence, or a part of one between semicolons) that names the frameworks it is
about; every framework named in the clause must give that value where ``make frameworks``
measured it (TensorFlow is Keras's backend: its row). A clause that names a framework and a
value some other way ("the left-hand value 0", "uses 0") must say it as a claim, so that it
can be checked — outside ``course_lib/exercises/``, whose feedback sentences say of ReLU "the
convention (this course's, and PyTorch's, for instance) is the left-hand value 0" (true, and
the exercises' own tests hold their wording).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from course_lib import conventions
from course_lib.activations import ATLAS

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = {"PyTorch": "torch", "Keras": "keras", "TensorFlow": "keras", "JAX": "jax"}
NAMED = re.compile(r"\b(PyTorch|TensorFlow|Keras|JAX)\b")
CLAIM = re.compile(r"((?:[A-Z][\w-]*)(?: [A-Z][\w-]*)*)′\((−?[\d.]+)\) = (−?[\d.]+|λα|λ|α)")
VALUE_TALK = re.compile(r"(?:left|right)-hand (?:value|derivative|slope),? (?:of )?−?\d|"
                        r"\b(?:use|uses|take|takes|give|gives|return|returns) −?\d")
"""A value named some other way ("the left-hand value 0", "uses 0"): not checkable."""


def test_conventions_are_the_measured_values():
    data = conventions.framework_data()
    leaky = {c.framework: c for c in conventions.conventions("leaky_relu")}
    measured = data["records"]["leaky_relu"]["frameworks"]["jax"]["float64"]["points"]["g1"][0]
    assert leaky["JAX"].kinks[0][1] == measured == 1.0          # JAX: where(z >= 0, …)
    assert leaky["PyTorch"].kinks[0][1:] == (0.01, 0.01, 1.0)
    torch_sigmoid = conventions.conventions("sigmoid")[0]
    at, exact = torch_sigmoid.zero_from[0][1:]
    assert 36 < at < 37.5 and 1e-16 < exact < 2e-16
    assert conventions.conventions("lecun_tanh") == []                # no framework ships it
    assert conventions.measured_slope("lecun_tanh", "torch", 0.0) is None
    assert conventions.measured_slope("relu", "torch", 3.0) is None   # not a measured point
    rows = {(r[0], r[1]): r for r in conventions.kink_survey().rows}
    assert rows[("SELU", "0")][4:] == ("left", "right", "left")
    assert rows[("Hardtanh", "−1")][4:] == ("left", "right", "right")
    assert conventions.version("keras").startswith(data["frameworks"]["keras"]["version"])


def _texts(path: Path) -> list[str]:
    """The prose of a file: a Python file's strings (docstrings and literals, adjacent ones
    joined, the constant parts of f-strings), or a Markdown file's text."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return [text]
    return [node.value for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _clauses(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", text)
    return [c for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(`*])", flat) for c in s.split(";")]


def _record(name: str):
    for act in ATLAS.values():
        if name in (act.title, act.short_title, act.class_name):
            return act
    raise AssertionError(f"no activation is called {name!r}")


def _value(act, text: str) -> float:
    constants = {**act.params, **act.constants}
    symbols = {"λα": constants.get("lambda", 0) * constants.get("alpha", 0),
               "λ": constants.get("lambda"), "α": constants.get("alpha")}
    return float(symbols[text]) if text in symbols else float(text.replace("−", "-"))


SOURCES = sorted([*(ROOT / "course_lib").rglob("*.py"), ROOT / "README.md",
                  *(ROOT / "docs").glob("*.md")])


def _framework_clauses() -> list[tuple[str, str]]:
    return [(str(path.relative_to(ROOT)), clause) for path in SOURCES for text in _texts(path)
            for clause in _clauses(text) if NAMED.search(clause)]


def test_the_library_names_frameworks_somewhere():
    """(So that the test below cannot pass by reading nothing.)"""
    found = _framework_clauses()
    assert len(found) > 20 and sum(bool(CLAIM.search(c)) for _, c in found) >= 4


@pytest.mark.parametrize(("where", "clause"), _framework_clauses())
def test_a_claim_about_a_framework_is_what_it_measured(where, clause):
    claims = CLAIM.findall(clause)
    if not claims:
        if "exercises" not in where:
            assert not VALUE_TALK.search(clause), \
                f"{where}: names a framework's value without a checkable claim: {clause}"
        return
    for name, at, value in claims:
        act = _record(name)
        want = _value(act, value)
        for framework in set(NAMED.findall(clause)):
            got = conventions.measured_slope(act, FRAMEWORKS[framework], float(at.replace("−", "-")))
            assert got is not None, f"{where}: {framework} was not measured for {name}′({at})"
            assert got == pytest.approx(want, rel=1e-6), \
                f"{where}: says {name}′({at}) = {value} in {framework}; it measured {got}"
