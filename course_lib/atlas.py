"""The atlas for people: every activation of :data:`course_lib.activations.ATLAS` as a row of
properties a learner can filter, its g, g′ and g″ in one figure, and what PyTorch, Keras and
JAX give for it.

Nothing in a row is typed in; each property is computed from the record:

* **smoothness** — C∞ without kinks; at a kink (:meth:`Activation.jumps`) "jump" if g itself
  jumps, C⁰ if g′ does, C¹ if g″ does, C² if only a higher derivative does (ISRLU);
* **monotone** — g′ never changes sign, read from the exact g′ on [−60, 60] (step 10⁻³) and
  at |z| up to 10³⁰⁰;
* **bounded** — below and/or above: g at ±10³⁰⁰ against g at ±10¹⁵⁰ (a g that keeps growing
  is unbounded on that side) and the extremes on the grid;
* **zero-centred** — the mean output E[g(Z)] for Z ~ N(0, 1) is 0 to 0.01 (as in the
  property table of notebook 06);
* **can a unit die** — g′ is exactly 0 on a whole interval (a stretch of the grid), so a unit
  whose pre-activations all land there gets no gradient (the tests check that one piece of
  the verified SymPy g′ is then the constant 0);
* **self-gated** — g(z) = z·h(z): every piece of the definition has z as a factor (or is 0),
  and the gate h = g/z rises from 0 to 1 and stays in [0, 1] (ReLU's gate is a step).

:func:`table` filters by any of them; :func:`figure` draws one activation; :func:`conventions`
reads ``frameworks.json`` (measured by ``make frameworks``) and sets each framework's g′ at the
kinks and its tails beside the exact values.

Introduced in the reference notebook ``atlas.ipynb``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from course_lib import plots
from course_lib.activations import ATLAS, FAMILIES, Activation, lookup
from course_lib.properties import Table, number
from course_lib.symbolic import elementary, z

SMOOTHNESS = ("C∞", "C²", "C¹", "C⁰", "jump")
"""The smoothness classes, smoothest first."""
BOUNDED = ("both sides", "below", "above", "neither")
FRAMEWORKS_FILE = Path(__file__).resolve().parent / "activations" / "frameworks.json"
"""What ``make frameworks`` measured (committed data)."""
FRAMEWORK_NAMES = {"torch": "PyTorch", "keras": "Keras", "jax": "JAX"}

_GRID = np.arange(-60_000, 60_001) / 1000.0
_FAR = np.array([1e3, 1e6, 1e12, 1e50, 1e150, 1e300])
_NORMAL = np.arange(-10_000, 10_001) / 1000.0
ZERO_MEAN = 0.01


@dataclass(frozen=True)
class Entry:
    """One activation's row of the atlas: what it is and what it does."""

    name: str
    title: str
    family: str
    smoothness: str
    monotone: bool
    bounded: str
    zero_centred: bool
    can_die: bool
    self_gated: bool
    mean_output: float
    slope_at_zero: float
    paper: str

    def row(self) -> dict[str, str]:
        """The formatted cells, by column heading."""
        yes = {True: "yes", False: "no"}
        return {
            "activation": self.title, "name": f"`{self.name}`", "family": self.family,
            "smoothness": self.smoothness, "monotone": yes[self.monotone],
            "bounded": self.bounded, "zero-centred": yes[self.zero_centred],
            "can die": yes[self.can_die], "self-gated": yes[self.self_gated],
            "g′(0)": number(self.slope_at_zero),
        }


# ----------------------------------------------------------------------------- properties
def _smoothness(act: Activation) -> str:
    worst = 0
    for k in act.kinks:
        jumps = act.jumps(k)
        level = 4 if "g" in jumps else 3 if "g′" in jumps else 2 if "g″" in jumps else 1
        worst = max(worst, level)
    return SMOOTHNESS[worst]


def _monotone(act: Activation) -> bool:
    zs = np.concatenate([-_FAR[::-1], _GRID, _FAR])
    d = np.asarray(act.derivative(zs), dtype=float)
    return bool(np.all(d >= 0) or np.all(d <= 0))


def _bounded(act: Activation) -> str:
    def side(sign: int) -> bool:
        mid, far = (float(act.function(sign * x)) for x in (1e150, 1e300))
        return bool(np.isfinite(far) and abs(far - mid) <= 1e-9 * max(1.0, abs(mid)))

    left, right = side(-1), side(1)
    values = np.asarray(act.function(_GRID), dtype=float)
    far = [float(act.function(s * 1e300)) for s in (-1, 1)]
    low = min(values.min(), *far) > -np.inf and (left or far[0] >= values.min()) and \
        (right or far[1] >= values.min())
    high = max(values.max(), *far) < np.inf and (left or far[0] <= values.max()) and \
        (right or far[1] <= values.max())
    return BOUNDED[{(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}[
        (bool(low), bool(high))]]


def _pieces(expr: sp.Expr) -> list[sp.Expr]:
    return [e for e, _ in expr.args] if isinstance(expr, sp.Piecewise) else [expr]


def _parameters(act: Activation) -> dict:
    return {sp.Symbol(k, positive=True): v for k, v in {**act.params, **act.constants}.items()}


def _can_die(act: Activation) -> bool:
    """g′ is exactly 0 on a stretch of the grid at least 1/10 long (not a lone zero)."""
    # (on |z| ≤ 10: further out a g′ such as GELU-tanh's underflows to 0, which is rounding)
    zero = np.asarray(act.derivative(_GRID[np.abs(_GRID) <= 10])) == 0
    edges = np.diff(np.concatenate([[0], zero.astype(np.int8), [0]]))
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return bool(runs.size and runs.max() >= 100)


def _has_factor_z(piece: sp.Expr) -> bool:
    return piece == 0 or piece == z or (piece.is_Mul and z in piece.args)


def _self_gated(act: Activation) -> bool:
    g = elementary(act.definition).subs(_parameters(act))
    g = sp.piecewise_fold(g.rewrite(sp.Piecewise)) if g.has(sp.Max, sp.Min) else g
    if not all(_has_factor_z(piece) for piece in _pieces(g)):
        return False
    zs = _GRID[_GRID != 0]
    gate = np.asarray(act.function(zs), dtype=float) / zs
    ends = [float(act.function(s * 1e6)) / (s * 1e6) for s in (-1, 1)]
    return bool(np.all((gate >= -1e-12) & (gate <= 1 + 1e-12)) and abs(ends[0]) < 1e-3
                and abs(ends[1] - 1) < 1e-3)


@functools.cache
def entry(activation: str | Activation) -> Entry:
    """The atlas row of an activation (by name or record), computed from its record.

    >>> entry("softsign").smoothness, entry("relu").can_die, entry("silu").self_gated
    ('C¹', True, True)
    """
    act = lookup(activation, "entry", accept_expressions=False)
    weights = np.exp(-_NORMAL**2 / 2) / np.sqrt(2 * np.pi)
    mean = float(np.trapezoid(np.asarray(act.function(_NORMAL)) * weights, _NORMAL))
    return Entry(act.name, act.title, act.family, _smoothness(act), _monotone(act),
                 _bounded(act), abs(mean) < ZERO_MEAN, _can_die(act), _self_gated(act), mean,
                 float(act.derivative(0.0)), act.paper)


FILTERS = {
    "family": tuple(FAMILIES), "smoothness": SMOOTHNESS, "monotone": (True, False),
    "bounded": BOUNDED, "zero_centred": (True, False), "can_die": (True, False),
    "self_gated": (True, False),
}
"""What :func:`table` can filter by, and the values each filter takes."""

CAPTION = ("Computed from each record (`course_lib.atlas`): smoothness from the one-sided "
           "values at its kinks, monotone from the sign of the exact g′, can die when a piece "
           "of the verified g′ is 0, self-gated when g(z) = z·h(z) with a gate h in [0, 1]. "
           "g′(0) is the left-hand value at a kink.")


def entries(**filters: Any) -> list[Entry]:
    """The rows of the atlas, in atlas order, that pass every filter given (see
    :data:`FILTERS`); unknown filters or values raise ``ValueError`` naming them.

    >>> [e.name for e in entries(family="shrink")]
    ['hardshrink', 'softshrink', 'tanhshrink']
    """
    for key, value in filters.items():
        if key not in FILTERS:
            raise ValueError(f"table(): unknown filter {key!r}; choose from {', '.join(FILTERS)}")
        if value is not None and value not in FILTERS[key]:
            raise ValueError(f"table(): {key} must be one of {FILTERS[key]}, got {value!r}")
    rows = [entry(name) for name in ATLAS]
    return [e for e in rows
            if all(v is None or getattr(e, k) == v for k, v in filters.items())]


def table(**filters: Any) -> Table:
    """The atlas as a table (Markdown in a notebook), filtered like :func:`entries`:
    ``table(family="relu", smoothness="C⁰")``, ``table(can_die=False, monotone=True)``.

    >>> len(table(smoothness="jump").rows)
    2
    """
    rows = [e.row() for e in entries(**filters)]
    columns = tuple(rows[0]) if rows else tuple(Entry.row(entry("sigmoid")))
    return Table(columns, tuple(tuple(r.values()) for r in rows), CAPTION)


# ----------------------------------------------------------------------------- the figure
D2G_STYLE = {"color": plots.GREEN, "linestyle": ":", "linewidth": 2.6}
"""g″: green and dotted (g is blue and solid, g′ vermillion and dashed)."""


def figure(activation: str | Activation, z: np.ndarray | None = None) -> plots.CourseFigure:
    """g, g′ and g″ of one activation, side by side (g′ and g″ drawn in pieces at a kink,
    with the left-hand value marked).

    >>> figure("softsign")
    <figure: Softsign: g, g′ and g″>
    """
    act = lookup(activation, "figure", accept_expressions=False)
    z = np.linspace(-6, 6, 1201) if z is None else np.asarray(z, dtype=float)
    fig, axes = plots.new_figure(3, 1, width=4.2, height=3.4)
    kinks = [k for k in act.kinks if z.min() < k < z.max()]
    with plots.course_style():
        axes[0, 0].plot(z, act.function(z), label="$g(z)$", **plots.G_STYLE)
        plots.draw_derivative(axes[0, 1], act.derivative, z, kinks=kinks)
        _draw_pieces(axes[0, 2], act.second_derivative, z, kinks)
        for ax, title in zip(axes[0], ("g", "g′", "g″"), strict=True):
            plots.style_axes(ax, title=f"{act.short_title}: {title}")
            ax.legend(loc="best")
    return plots.CourseFigure(fig, f"{act.title}: g, g′ and g″")


def _draw_pieces(ax, f, z: np.ndarray, kinks: list[float]) -> None:
    edges = [z.min(), *kinks, z.max()]
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        piece = z[(z > lo) & (z < hi)] if i else z[(z >= lo) & (z < hi)]
        ax.plot(piece, f(piece), label="$g''(z)$" if i == 0 else None, **D2G_STYLE)
    for k in kinks:
        ax.plot([k], [f(np.float64(k))], "o", color=plots.GREEN, markersize=6, zorder=5)
        ax.plot([k], [f(np.nextafter(k, np.inf))], "o", markerfacecolor="white",
                markeredgecolor=plots.GREEN, markersize=6, zorder=5)


# ----------------------------------------------------------------------------- frameworks
@functools.cache
def framework_data() -> dict:
    """``frameworks.json`` as measured by ``make frameworks`` (versions, calls, values)."""
    return json.loads(FRAMEWORKS_FILE.read_text(encoding="utf-8"))


def _value(x: Any) -> float:
    return float(x) if not isinstance(x, str) else float(x.replace("inf", "Infinity")
                                                          .replace("Infinity", "inf"))


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
    data = framework_data()
    record = data["records"].get(act.name)
    if record is None:
        return []
    out = []
    for key, row in record["frameworks"].items():
        meta = data["frameworks"][key]
        version = meta["version"] + (f" ({meta['backend']} {meta['backend_version']})"
                                     if "backend" in meta else "")
        points = [_value(p) for p in record["points"]]
        measured = row["float64"].get("points", {}).get("g1", [])
        kinks = []
        for p, got in zip(points, measured, strict=True):
            if p == 0 and np.signbit(p):
                continue                            # −0.0 beside 0: the same kink
            left, right = act.sides(p)["g′"]
            kinks.append((p, _value(got) if got is not None else float("nan"), left, right))
        zeros = []
        for dtype in ("float64", "float32"):
            for side, where in row[dtype].get("zero_from", {}).get("g1", {}).items():
                at = _value(where["z"])
                beyond = np.nextafter(at, np.inf if side == "+" else -np.inf)
                exact = float(act.derivative(at))
                if exact != 0 and float(act.derivative(beyond)) != 0:
                    zeros.append((dtype, at, exact))
        out.append(Convention(FRAMEWORK_NAMES[key], version, row["call"], row["defaults"],
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


__all__ = ["BOUNDED", "CAPTION", "D2G_STYLE", "FILTERS", "FRAMEWORKS_FILE", "SMOOTHNESS",
           "Convention", "Entry", "conventions", "conventions_table", "entries", "entry",
           "figure", "framework_data", "kink_survey", "table"]
