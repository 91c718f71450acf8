"""What PyTorch, Keras and JAX give for each activation, beside the exact values: their g′ at
every kink and where their g′ becomes exactly 0 in a tail it should not.

The numbers are measurements, not claims: ``course_tools/frameworks.py`` runs each
framework's own autograd on the CPU (``make frameworks``, in an environment of its own) and
writes ``course_lib/activations/frameworks.json`` with the versions it measured; this module
only reads that file and sets each value beside the one-sided values of the record
(:meth:`Activation.sides`). :func:`conventions` gives one activation's rows,
:func:`conventions_table` shows them, :func:`kink_survey` sets every kink of every activation
side by side, and :func:`measured_slope` is the one value a sentence of the library may quote
(the tests hold the library's text to it).

Introduced in the reference notebook ``atlas.ipynb``; the atlas pages of the site show it too.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from course_lib.activations import ATLAS, Activation, lookup
from course_lib.properties import Table, number

FRAMEWORKS_FILE = Path(__file__).resolve().parent / "activations" / "frameworks.json"
"""What ``make frameworks`` measured (committed data)."""
FRAMEWORK_NAMES = {"torch": "PyTorch", "keras": "Keras", "jax": "JAX"}
"""The frameworks measured, by their key in the data file."""


@functools.cache
def framework_data() -> dict:
    """``frameworks.json`` as measured by ``make frameworks`` (versions, calls, values)."""
    return json.loads(FRAMEWORKS_FILE.read_text(encoding="utf-8"))


def decode(x: Any) -> float:
    """A value of the data file as a float: non-finite values are the strings "inf", "-inf"
    and "nan"; ``None`` (not measured) is NaN."""
    return float("nan") if x is None else float(x)


def version(framework: str) -> str:
    """The version measured, with its backend: ``"3.15.1 (tensorflow 2.21.0)"`` for Keras."""
    meta = framework_data()["frameworks"][framework]
    return meta["version"] + (f" ({meta['backend']} {meta['backend_version']})"
                              if "backend" in meta else "")


def measured_slope(activation: str | Activation, framework: str, at: float) -> float | None:
    """The g′ a framework's autograd gives at the measured point ``at`` (float64), or
    ``None`` where the framework does not ship the activation or ``at`` was not measured.

    >>> measured_slope("relu", "torch", 0.0), measured_slope("leaky_relu", "jax", 0.0)
    (0.0, 1.0)
    """
    act = lookup(activation, "measured_slope", accept_expressions=False)
    record = framework_data()["records"].get(act.name)
    if record is None or framework not in record["frameworks"]:
        return None
    points = [decode(p) for p in record["points"]]
    values = record["frameworks"][framework]["float64"].get("points", {}).get("g1")
    if not values:
        return None
    for p, got in zip(points, values, strict=True):
        if p == at and np.signbit(p) == np.signbit(at):
            return decode(got)
    return None


@dataclass(frozen=True)
class Convention:
    """What one framework does for one activation, beside the exact values."""

    framework: str
    version: str
    call: str
    defaults: dict
    kinks: tuple[tuple[float, float, float, float], ...]
    """(kink, framework's g′ there, the left-hand limit, the right-hand limit), float64."""
    zero_from: tuple[tuple[str, float, float], ...]
    """(dtype, the z from which the framework's g′ is exactly 0 on one side, the exact g′
    there), where the exact g′ is not 0 just beyond it: a tail the framework loses."""


def conventions(activation: str | Activation) -> list[Convention]:
    """Each framework's g′ at the kinks and where its g′ becomes exactly 0 in a tail (float64),
    with the exact values beside them; empty for an activation no framework ships.

    >>> [c.framework for c in conventions("sigmoid")]
    ['PyTorch', 'Keras', 'JAX']
    >>> round(conventions("sigmoid")[0].zero_from[0][1], 2)
    36.74
    """
    act = lookup(activation, "conventions", accept_expressions=False)
    record = framework_data()["records"].get(act.name)
    if record is None:
        return []
    out = []
    for key, row in record["frameworks"].items():
        kinks = []
        for p in (decode(p) for p in record["points"]):
            if p == 0 and np.signbit(p):
                continue                            # −0.0 beside 0: the same kink
            left, right = act.sides(p)["g′"]
            got = measured_slope(act, key, p)
            kinks.append((p, float("nan") if got is None else got, left, right))
        zeros = []
        for dtype in ("float64", "float32"):
            for side, where in row[dtype].get("zero_from", {}).get("g1", {}).items():
                at = decode(where["z"])
                beyond = np.nextafter(at, np.inf if side == "+" else -np.inf)
                exact = float(act.derivative(at))
                if exact != 0 and float(act.derivative(beyond)) != 0:
                    zeros.append((dtype, at, exact))
        out.append(Convention(FRAMEWORK_NAMES[key], version(key), row["call"], row["defaults"],
                              tuple(kinks), tuple(zeros)))
    return out


def conventions_table(activation: str | Activation) -> Table:
    """:func:`conventions` as a table: one row per framework.

    >>> conventions_table("relu").rows[2][2]
    'at 0: 0 (the left-hand value)'
    """
    rows = []
    for c in conventions(activation):
        kinks = "; ".join(f"at {number(k)}: {_short(got)} ({_which(got, left, right)})"
                          for k, got, left, right in c.kinks) or "—"
        tails = "; ".join(f"{dtype}: from z ≈ {number(at)} (exact {exact:.2g})"
                          for dtype, at, exact in c.zero_from) or "never"
        rows.append((f"{c.framework} {c.version}", f"`{c.call}`", kinks, tails))
    return Table(("framework", "call", "g′ at the kinks (float64)", "g′ is exactly 0 where it "
                  "should not be"), tuple(rows),
                 "Measured by `make frameworks` (autograd); the exact values are the atlas's.")


def kink_survey() -> Table:
    """For every kink of every activation the frameworks ship: the exact one-sided values of
    g′ and which of them each framework's autograd returns there (float64).

    >>> kink_survey().rows[0]
    ('ReLU', '0', '0', '1', 'left', 'left', 'left')
    """
    rows = []
    data = framework_data()["records"]
    for name, act in ATLAS.items():
        if name not in data or not act.kinks:
            continue
        found = {c.framework: {k: (got, left, right) for k, got, left, right in c.kinks}
                 for c in conventions(act)}
        for k in act.kinks:
            left, right = act.sides(k)["g′"]
            cells = []
            for fw in FRAMEWORK_NAMES.values():
                value = found.get(fw, {}).get(k)
                cells.append("—" if value is None else _which(*value, short=True))
            rows.append((act.title, number(k), number(left), number(right), *cells))
    return Table(("activation", "kink", "g′ from the left", "g′ from the right",
                  *FRAMEWORK_NAMES.values()), tuple(rows),
                 "Which one-sided value of g′ each framework's autograd gives at a kink "
                 "(float64; — where it does not ship the activation). The atlas takes the "
                 "left-hand value everywhere.")


def _short(x: float) -> str:
    return f"{x:.10g}".replace("-", "−")


def _which(got: float, left: float, right: float, short: bool = False) -> str:
    """Which one-sided value of g′ a framework's value at a kink is."""
    close = lambda a, b: abs(a - b) <= 1e-12 * max(1.0, abs(b))  # noqa: E731
    if close(got, left) and close(got, right):
        return "both" if short else "both sides agree"
    if close(got, left):
        return "left" if short else "the left-hand value"
    if close(got, right):
        return "right" if short else "the right-hand value"
    if close(got, (left + right) / 2):
        return "mean" if short else "the mean of the two sides"
    return f"{_short(got)}" if short else f"neither: left {_short(left)}, right {_short(right)}"


__all__ = ["FRAMEWORKS_FILE", "FRAMEWORK_NAMES", "Convention", "conventions",
           "conventions_table", "decode", "framework_data", "kink_survey", "measured_slope",
           "version"]
