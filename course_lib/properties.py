"""What each activation does, computed from its own g, g′ and g″: the one place that works out
an activation's properties, for every table that shows them — the property table of notebook
09, the cheat sheet of notebook 10, the lab's readout (notebook 09), and the atlas table (the reference
notebook ``atlas.ipynb``, its widget :class:`~course_lib.widgets.atlas_table.AtlasTable` and
the site's atlas pages).

Nothing is typed in: every entry is computed from the record — an activation of
:data:`course_lib.activations.ATLAS`, a learner's expression, or any object with
``.function`` and ``.derivative`` — on a grid of 41 000 points in [−20, 20] (step 0.001 in
[−10, 10]), at its kinks (both one-sided values, :meth:`Activation.sides`), and far out, at
|z| from 20 to 10³⁰⁰, for the limits as z → ±∞ (:func:`limit`: a tail that settles as
slowly as b/(4|z|) still has its limit, a function that overflows to inf or
keeps growing has ±∞):

* **range** — the smallest interval holding g(ℝ). A bound reached at some z (a minimum where
  g′ changes sign, a flat stretch, a kink) is closed "[", one only approached (as z → ±∞, or
  beside a kink where g jumps) is open "("; **bounded** says on which sides it is finite;
* **monotone** — g′ never changes sign and g jumps (at a kink) only the way it goes;
  otherwise where g turns (g′ = 0, refined by Brent's method) or jumps back (Threshold);
* **zero-centred** — the mean output E[g(Z)] for Z ~ N(0, 1) is 0 (to 0.01), as for tanh;
* **smoothness** — C∞ without kinks; at a kink "jump" if g itself jumps, C⁰ if g′ does
  (ReLU), C¹ if g″ does (ELU with α = 1), C² if none of the three does (ISRLU, whose g‴
  jumps); the least smooth kink counts;
* **max g′** — its supremum and where: at a point, on a stretch, or only approached (beside
  a kink, or as z → ±∞);
* **g′(0)** — the left-hand value at a kink, as everywhere in the course;
* **saturates** — g′ → 0 as z → −∞ and/or +∞, and whether it is exactly 0 there (ReLU's
  flat side);
* **can a unit die** — g′ is exactly 0 on a whole stretch (at least 0.1 long, in
  [−10, 10]), so a unit whose pre-activations all land there gets no gradient;
* **self-gated** — g(z) = z·h(z): every piece of the SymPy definition has z as a factor (or
  is 0), and the gate h = g/z stays in [0, 1], from 0 as z → −∞ to 1 as z → ∞ (ReLU's gate
  is a step);
* **cost** — time of g and g′ on 10⁶ values relative to ReLU (:func:`cost_table`, a timing:
  print it in a cell marked ``# NBVAL_IGNORE_OUTPUT``).

>>> properties("sigmoid").range_text
'(0, 1)'
>>> properties("relu").max_slope_text
'1 for z > 0'

:func:`property_table` is notebook 09's table (the course's ten by default);
:func:`atlas_table` the atlas's, filtered by :data:`FILTERS`; :func:`select` the rows behind it.
"""

from __future__ import annotations

import functools
import itertools
import timeit
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from scipy import optimize

from course_lib.activations import ACTIVATIONS, ATLAS, FAMILIES, Activation, lookup
from course_lib.symbolic import elementary, z

_DENSE = np.arange(-10_000, 10_001) / 1000.0
GRID = np.concatenate([np.arange(-400, -200) / 20.0, _DENSE, np.arange(201, 401) / 20.0])
"""Where g and g′ are examined: step 0.001 in [−10, 10], step 0.05 out to ±20."""
FAR = np.array([20.0, 30.0, 50.0, 100.0, 300.0, 1e3, 1e4, 1e5, 1e6, 1e8, 1e10, 1e15, 1e20,
                1e30, 1e50, 1e75, 1e100, 1e150, 1e200, 1e250, 1e300])
"""|z| at which the limits as z → ±∞ are read (:func:`limit`)."""
SATURATION = 1e-12
"""g′ saturates on a side when its limit there is 0 (to this)."""
ZERO_MEAN = 0.01
"""g counts as zero-centred when |E[g(Z)]| for Z ~ N(0, 1) is below this."""
DEAD_STRETCH = 0.1
"""A unit can die when g′ is exactly 0 on a stretch of [−10, 10] at least this long."""

SMOOTHNESS = ("C∞", "C²", "C¹", "C⁰", "jump")
"""The smoothness classes, smoothest first."""
BOUNDED = ("both sides", "below", "above", "neither")
"""Where g is bounded."""


@dataclass(frozen=True)
class Properties:
    """Everything computed about one activation (numbers and classes; :meth:`row` and
    :meth:`atlas_row` give the formatted cells of the two tables)."""

    name: str
    title: str
    family: str
    paper: str
    lower: float
    lower_closed: bool
    upper: float
    upper_closed: bool
    turning_points: tuple[float, ...]
    jumps: tuple[tuple[float, float], ...]
    """(kink, g from the right − g from the left) at each kink where g itself jumps."""
    monotone: bool
    mean_output: float
    smoothness: str
    """One of :data:`SMOOTHNESS`."""
    smoothness_at: float | None
    """The kink that decides the smoothness (the first of the least smooth ones)."""
    max_slope: float
    max_slope_where: str
    slope_at_zero: float
    saturates_left: bool
    saturates_right: bool
    flat_left: bool
    can_die: bool
    record: Activation = field(compare=False, repr=False)

    @functools.cached_property
    def self_gated(self) -> bool:
        """g(z) = z·h(z) with a gate h in [0, 1] rising from 0 to 1 (computed on first use:
        it needs SymPy, and the lab's readout does not show it)."""
        return _self_gated(self.record)

    @property
    def zero_centred(self) -> bool:
        return abs(self.mean_output) < ZERO_MEAN

    @property
    def bounded(self) -> str:
        """Where g is bounded: one of :data:`BOUNDED`."""
        below, above = bool(np.isfinite(self.lower)), bool(np.isfinite(self.upper))
        return BOUNDED[{(True, True): 0, (True, False): 1, (False, True): 2,
                        (False, False): 3}[(below, above)]]

    @property
    def range_text(self) -> str:
        left = "(" if not self.lower_closed else "["
        right = ")" if not self.upper_closed else "]"
        return f"{left}{number(self.lower)}, {number(self.upper)}{right}"

    @property
    def smoothness_text(self) -> str:
        """The class and where it is decided: ``"C⁰ (kink at 0)"``."""
        if self.smoothness_at is None:
            return self.smoothness
        at = number(self.smoothness_at)
        second_known = self.record.second_derivative is not None
        return {"jump": f"jump at {at}", "C⁰": f"C⁰ (kink at {at})",
                "C¹": f"C¹ (g″ jumps at {at})" if second_known else
                      f"C¹ (g′ continuous at {at})",
                "C²": f"C² (g″ continuous at {at})"}[self.smoothness]

    @property
    def max_slope_text(self) -> str:
        if self.max_slope_where.startswith("as"):
            return f"→ {number(self.max_slope)} {self.max_slope_where}"
        return f"{number(self.max_slope)} {self.max_slope_where}"

    @property
    def saturates_text(self) -> str:
        if self.saturates_left and self.saturates_right:
            return "both sides"
        if self.saturates_left:
            return "left (g′ = 0 exactly)" if self.flat_left else "left"
        return "right" if self.saturates_right else "no"

    def row(self) -> dict[str, str]:
        """The cells of the property table (notebook 09), by column heading."""
        why = [f"turns at {', '.join(f'z ≈ {number(t)}' for t in self.turning_points)}"] \
            if self.turning_points else []
        trend = 1 if self.max_slope > 0 else -1
        why += [f"jumps {'down' if size < 0 else 'up'} at z = {number(k)}"
                for k, size in self.jumps if np.sign(size) != trend]
        monotone = "yes" if self.monotone else "no: " + "; ".join(why) if why else "no"
        return {
            "activation": self.title,
            "range": self.range_text,
            "monotonic": monotone,
            # the mean to two decimals: the quadrature's own error (~1e−8 next to a kink) is noise
            "zero-centred": ("yes" if self.zero_centred else "no")
                            + f" (mean {number(round(self.mean_output, 2), 2)})",
            "smoothness": self.smoothness_text,
            "max g′": self.max_slope_text,
            "g′(0)": number(self.slope_at_zero),
            "saturates": self.saturates_text,
        }

    def atlas_row(self) -> dict[str, str]:
        """The cells of the atlas table, by column heading."""
        yes = {True: "yes", False: "no"}
        return {
            "activation": self.title, "name": f"`{self.name}`", "family": self.family,
            "smoothness": self.smoothness, "monotone": yes[self.monotone],
            "bounded": self.bounded, "zero-centred": yes[self.zero_centred],
            "can die": yes[self.can_die], "self-gated": yes[self.self_gated],
            "g′(0)": number(self.slope_at_zero),
        }


def number(x: float, digits: int = 4) -> str:
    """A number as the tables and the atlas pages print it: 4 significant digits (or
    ``digits``), ∞ for infinity, a real minus; below 10⁻¹² it is 0 (a one-sided value read one
    float away from a kink is its limit).

    >>> number(-0.27846), number(float("inf")), number(1e-17), number(float("nan"))
    ('−0.2785', '∞', '0', 'NaN')
    """
    if np.isnan(x):
        return "NaN"
    if np.isinf(x):
        return "∞" if x > 0 else "−∞"
    if abs(x) < 1e-12:
        return "0"
    return f"{x:.{digits}g}".replace("-", "−")


# ----------------------------------------------------------------------------- computing it
def _record(activation: Any, func: str = "properties") -> Activation:
    return lookup(activation, func)


def _records(activations: Any, func: str) -> list[Activation]:
    """The activations of a table: the course's ten by default, else a list of them."""
    if activations is None:
        return list(ACTIVATIONS.values())
    if isinstance(activations, (str, Activation)) or hasattr(activations, "to_activation") or \
            not isinstance(activations, Iterable):
        raise TypeError(f"{func}() expects a list of activations (names, Activation records "
                        f"or Expressions), got {type(activations).__name__} {activations!r}")
    return [_record(a, func) for a in activations]


def _scalar(f: Callable) -> Callable[[float], float]:
    return lambda t: float(f(np.float64(t)))


def limit(f: Callable, side: int) -> float:
    """lim f(z) as z → side·∞, read outwards from f at side·:data:`FAR`: where f has settled
    (the last of the first run of values that each agree with the one before to 10⁻⁹); ±inf
    if f overflows to it while heading for it, or keeps growing (its last steps out to 10³⁰⁰
    do not shrink); NaN if neither can be told (an oscillation). Reading stops at the first value that is not
    finite, so a learner's formula that overflows inside far out (``exp(z)/(1 + exp(z))``
    is NaN at 10³; ``(z + sqrt(z**2 + 4))/2`` is inf at −10²⁰⁰, where z² overflows) is
    judged by what came before.

    >>> limit(lambda z: 1 / np.abs(z), -1) < 1e-100, limit(np.exp, 1)
    (True, inf)
    """
    with np.errstate(all="ignore"):
        values = np.asarray(f(side * FAR), dtype=float)
    bad = np.flatnonzero(~np.isfinite(values))
    first = values[bad[0]] if bad.size else None
    values = values[:bad[0]] if bad.size else values
    settled = [abs(b - a) <= 1e-9 * max(1.0, abs(a)) for a, b in itertools.pairwise(values)]
    if any(settled):                    # the last value of the first settled run
        start = settled.index(True)
        end = settled.index(False, start) if False in settled[start:] else len(settled)
        return float(values[end])
    steps = np.diff(values[-4:])
    if first is not None and np.isinf(first) and np.all(np.sign(steps[-2:]) == np.sign(first)):
        return float(first)             # growing, then beyond the largest float
    if steps.size == 3 and (np.all(steps > 0) or np.all(steps < 0)) and \
            np.all(np.abs(steps[1:]) >= 0.5 * np.abs(steps[:-1])):
        return float(np.copysign(np.inf, steps[-1]))
    return float("nan")


def _turns(dg: Callable, zs: np.ndarray, d: np.ndarray, kinks: Sequence[float]
           ) -> tuple[list[float], list[float]]:
    """Points where g′ changes sign: (minima of g, maxima of g), refined by Brent's method."""
    minima, maxima = [], []
    sign = np.sign(d)
    nonzero = np.flatnonzero(sign != 0)
    for c in np.flatnonzero(sign[nonzero[:-1]] != sign[nonzero[1:]]):
        i, j = nonzero[c], nonzero[c + 1]
        if j > i + 1:  # g′ = 0 on a stretch between them: the turn is where it starts
            t = zs[i] if zs[i] in kinks else zs[i + 1]
        else:
            t = optimize.brentq(_scalar(dg), zs[i], zs[j], xtol=1e-12)
        (minima if sign[i] < 0 else maxima).append(float(t))
    return minima, maxima


def _bound(candidates: list[float], attained: list[float], lower: bool) -> tuple[float, bool]:
    """The infimum (or supremum) of the candidates and whether some z attains it."""
    best = min(candidates) if lower else max(candidates)
    tol = 1e-12 * max(1.0, abs(best)) if np.isfinite(best) else 0.0
    return best, any(abs(v - best) <= tol for v in attained)


def _smoothness(act: Activation) -> tuple[str, float | None]:
    """The smoothness class (:data:`SMOOTHNESS`) from the one-sided values at each kink."""
    worst, where = 0, None
    top = 1 if act.second_derivative is None else 2  # without g″, continuity of g′ says C¹
    for k in act.kinks:
        jumps = act.jumps(k)
        level = 4 if "g" in jumps else 3 if "g′" in jumps else 2 if "g″" in jumps else 3 - top
        if level > worst:
            worst, where = level, k
    return SMOOTHNESS[worst] if act.kinks else "C∞", where


def _max_slope(dg: Callable, zs: np.ndarray, d: np.ndarray, act: Activation
               ) -> tuple[float, str]:
    i = int(np.argmax(d))
    best = float(d[i])
    for side, label in ((1, "as z → ∞"), (-1, "as z → −∞")):
        far = limit(dg, side)  # (NaN, an unknown limit, is never larger)
        if far > best + 1e-12 * max(1.0, abs(best)):
            return far, label
    for k in act.kinks:  # a supremum approached just beside a kink, not taken at it
        right = float(dg(np.nextafter(k, np.inf)))
        if right > best + 1e-12 * max(1.0, abs(best)) and right > float(dg(np.float64(k))):
            return right, f"as z → {number(k)}⁺"
    run = np.flatnonzero(d == best)
    if run.size > 1:  # the largest slope on a whole stretch: say where it starts and ends
        return best, _stretch(zs, run[0], run[-1], act.kinks)
    lo, hi = zs[max(i - 1, 0)], zs[min(i + 1, zs.size - 1)]
    res = optimize.minimize_scalar(lambda t: -float(dg(t)), bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-10})
    if -res.fun > best:
        best, at = -float(res.fun), float(res.x)
    else:
        at = float(zs[i])
    if at == 0:
        return best, "at z = 0"
    return best, f"at z ≈ {number(at) if abs(at) > 1e-6 else 0}"


def _stretch(zs: np.ndarray, first: int, last: int, kinks: Sequence[float]) -> str:
    """Describe the grid points zs[first..last] as an interval, snapped to the kinks: a
    stretch that starts just after a kink k is "z > k", one that starts at k is "z ≥ k"."""
    def end(index: int, step: int) -> tuple[str, str] | None:
        if not 0 < index < zs.size - 1:
            return None  # runs off the grid: unbounded on this side
        value, outside = zs[index], zs[index - step]
        if outside in kinks:
            return "<", number(outside)
        return "≤", number(value)

    lo, hi = end(first, 1), end(last, -1)
    if lo is None and hi is None:
        return "everywhere"
    if hi is None:
        return f"for z {'>' if lo[0] == '<' else '≥'} {lo[1]}"
    if lo is None:
        return f"for z {hi[0]} {hi[1]}"
    return f"for {lo[1]} {lo[0]} z {hi[0]} {hi[1]}"


def _can_die(d_dense: np.ndarray) -> bool:
    """g′ is exactly 0 on a stretch of [−10, 10] at least :data:`DEAD_STRETCH` long (not a
    lone zero; and not beyond ±10, where a g′ such as GELU-tanh's underflows to 0)."""
    zero = d_dense == 0
    edges = np.diff(np.concatenate([[0], zero.astype(np.int8), [0]]))
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    return bool(runs.size and runs.max() >= round(DEAD_STRETCH * 1000))


def _pieces(expr: sp.Expr) -> list[sp.Expr]:
    """The pieces of a piecewise expression (the expression itself if it has one piece)."""
    return [e for e, _ in expr.args] if isinstance(expr, sp.Piecewise) else [expr]


def _has_factor_z(piece: sp.Expr) -> bool:
    return piece == 0 or piece == z or (piece.is_Mul and z in piece.args)


def _self_gated(act: Activation) -> bool:
    if act.definition is None:
        return False  # no formula to read the factor z from
    values = {sp.Symbol(k, positive=True): v for k, v in {**act.params, **act.constants}.items()}
    g = elementary(act.definition).subs(values)
    g = sp.piecewise_fold(g.rewrite(sp.Piecewise)) if g.has(sp.Max, sp.Min) else g
    if not all(_has_factor_z(piece) for piece in _pieces(g)):
        return False
    zs = GRID[GRID != 0]
    gate = np.asarray(act.function(zs), dtype=float) / zs
    ends = [float(act.function(s * 1e6)) / (s * 1e6) for s in (-1, 1)]
    return bool(np.all((gate >= -1e-12) & (gate <= 1 + 1e-12)) and abs(ends[0]) < 1e-3
                and abs(ends[1] - 1) < 1e-3)


def _mean_output(act: Activation) -> float:
    """E[g(Z)] for Z ~ N(0, 1): the trapezoid rule on [−10, 10] (step 0.001), piece by piece
    between the kinks, each piece ending at g's one-sided values (so a jump costs nothing)."""
    cuts = sorted(k for k in act.kinks if -10 < k < 10)
    total = 0.0
    for a, b in itertools.pairwise([-10.0, *cuts, 10.0]):
        zs = np.concatenate([[a], _DENSE[(_DENSE > a) & (_DENSE < b)], [b]])
        values = np.asarray(act.function(zs), dtype=float)
        if a in cuts:
            values[0] = act.sides(a)["g"][1]
        if b in cuts:
            values[-1] = act.sides(b)["g"][0]
        total += float(np.trapezoid(values * np.exp(-zs**2 / 2), zs))
    return total / np.sqrt(2 * np.pi)


def _compute(act: Activation) -> Properties:
    g, dg = act.function, act.derivative
    zs = np.union1d(GRID, [k for k in act.kinks if abs(k) <= 20])
    f, d = np.asarray(g(zs), dtype=float), np.asarray(dg(zs), dtype=float)
    if not (np.all(np.isfinite(f)) and np.all(np.isfinite(d))):
        raise ValueError(f"{act.name}: g or g′ is not finite somewhere in [−20, 20]")
    minima, maxima = _turns(dg, zs, d, act.kinks)
    turning = tuple(sorted(minima + maxima))
    # where g reaches a bound: at a turning point, on a flat stretch (g′ = 0 exactly), at a
    # kink; the grid's own extremes may only be rounded (tanh(20) is 1.0 in float64), and the
    # limits as z → ±∞ and the one-sided values beside a kink are only approached
    flat = f[d == 0]
    attained = [float(g(t)) for t in turning] + [float(g(np.float64(k))) for k in act.kinks] \
        + ([float(flat.min()), float(flat.max())] if flat.size else [])
    candidates = attained + [float(f.min()), float(f.max())] + \
        [x for x in (limit(g, -1), limit(g, 1)) if not np.isnan(x)] + \
        [v for k in act.kinks for v in act.sides(k)["g"]]
    lower, lower_closed = _bound(candidates, attained, lower=True)
    upper, upper_closed = _bound(candidates, attained, lower=False)
    far_slopes = [limit(dg, -1), limit(dg, 1)]
    jumps = tuple((k, sides[1] - sides[0]) for k in act.kinks
                  if "g" in act.jumps(k) for sides in [act.sides(k)["g"]])
    signs = set(np.sign(d[d != 0])) | {np.sign(x) for x in far_slopes if x and not np.isnan(x)} \
        | {np.sign(size) for _, size in jumps}
    mean = _mean_output(act)
    smoothness, at = _smoothness(act)
    max_slope, where = _max_slope(dg, zs, d, act)
    dense = (zs >= -10) & (zs <= 10)
    return Properties(
        name=act.name, title=act.title, family=act.family, paper=act.paper, lower=lower,
        lower_closed=lower_closed, upper=upper, upper_closed=upper_closed,
        turning_points=turning, jumps=jumps, monotone=not turning and len(signs) < 2,
        mean_output=mean,
        smoothness=smoothness, smoothness_at=at, max_slope=max_slope, max_slope_where=where,
        slope_at_zero=float(dg(0.0)),
        saturates_left=abs(far_slopes[0]) < SATURATION,
        saturates_right=abs(far_slopes[1]) < SATURATION,
        flat_left=bool(np.all(d[zs <= -1] == 0)), can_die=_can_die(d[dense]), record=act)


@functools.cache
def _of_registry(name: str) -> Properties:
    return _compute(ATLAS[name])


def properties(activation: str | Activation | Any) -> Properties:
    """Every property of an activation: of :data:`~course_lib.activations.ATLAS` (by name
    or record; computed once), or of a parsed expression or any object with ``.function``
    and ``.derivative``.

    >>> p = properties("silu")
    >>> p.range_text, p.row()["monotonic"], p.self_gated
    ('[−0.2785, ∞)', 'no: turns at z ≈ −1.278', True)
    """
    act = _record(activation)
    if ATLAS.get(act.name) is act:
        return _of_registry(act.name)
    return _compute(act)


# ----------------------------------------------------------------------------- the tables
@dataclass(frozen=True)
class Table:
    """A table that shows as Markdown in a notebook and as aligned text elsewhere."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    def _repr_markdown_(self) -> str:
        lines = ["| " + " | ".join(self.columns) + " |",
                 "|" + "|".join("---" for _ in self.columns) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines) + (f"\n\n{self.caption}" if self.caption else "")

    def __repr__(self) -> str:
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True)).rstrip()]
        lines += ["  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)).rstrip()
                  for r in self.rows]
        return "\n".join(lines)


PROPERTY_CAPTION = (
    "Computed from each activation's g and g′ (`course_lib.properties`). Range: `[` a bound "
    "reached at some z, `(` one only approached. Zero-centred: mean output for z ~ N(0, 1). "
    "g′ at a kink: the left-hand value.")


def property_table(activations: Iterable[str | Activation | Any] | None = None) -> Table:
    """The property table for the given activations (the course's ten by default).

    >>> property_table(["sigmoid"]).rows[0][1]
    '(0, 1)'
    """
    rows = [properties(a).row() for a in _records(activations, "property_table")]
    columns = tuple(rows[0]) if rows else ()
    return Table(columns, tuple(tuple(r.values()) for r in rows), PROPERTY_CAPTION)


FILTERS = {
    "family": tuple(FAMILIES), "smoothness": SMOOTHNESS, "monotone": (True, False),
    "bounded": BOUNDED, "zero_centred": (True, False), "can_die": (True, False),
    "self_gated": (True, False),
}
"""What :func:`select` and :func:`atlas_table` filter by, and the values each filter takes."""

ATLAS_CAPTION = (
    "Computed from each record (`course_lib.properties`): smoothness from the one-sided "
    "values at its kinks, monotone from the sign of the exact g′, bounded from g far out, "
    "can die when g′ is exactly 0 on a stretch, self-gated when g(z) = z·h(z) with a gate h "
    "in [0, 1]. g′(0) is the left-hand value at a kink.")


def select(**filters: Any) -> list[Properties]:
    """The properties of every atlas activation, in atlas order, that pass every filter
    given (see :data:`FILTERS`; ``None`` means any); unknown filters or values raise
    ``ValueError`` naming them.

    >>> [p.name for p in select(family="shrink")]
    ['hardshrink', 'softshrink', 'tanhshrink']
    """
    for key, value in filters.items():
        if key not in FILTERS:
            raise ValueError(f"select(): unknown filter {key!r}; choose from {', '.join(FILTERS)}")
        if value is not None and value not in FILTERS[key]:
            raise ValueError(f"select(): {key} must be one of {FILTERS[key]}, got {value!r}")
    rows = [properties(name) for name in ATLAS]
    return [p for p in rows if all(v is None or getattr(p, k) == v for k, v in filters.items())]


def atlas_table(**filters: Any) -> Table:
    """The atlas as a table (Markdown in a notebook), filtered like :func:`select`:
    ``atlas_table(family="relu", smoothness="C⁰")``, ``atlas_table(can_die=False)``.

    >>> len(atlas_table(smoothness="jump").rows)
    2
    """
    rows = [p.atlas_row() for p in select(**filters)]
    columns = tuple(rows[0]) if rows else tuple(properties("sigmoid").atlas_row())
    return Table(columns, tuple(tuple(r.values()) for r in rows), ATLAS_CAPTION)


# ----------------------------------------------------------------------------- the cost
def _best_time(act: Activation, x: np.ndarray, repeat: int) -> float:
    act.function(x), act.derivative(x)  # once untimed: caches and lazy imports warm up
    return min(timeit.repeat(lambda: (act.function(x), act.derivative(x)), number=1,
                             repeat=repeat))


def _timing_input(n: Any, repeat: Any, func: str) -> np.ndarray:
    for name, value in (("n", n), ("repeat", repeat)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{func}() expects {name} to be a whole number, got "
                            f"{type(value).__name__} {value!r}")
        if value < 1:
            raise ValueError(f"{func}() expects {name} ≥ 1, got {value}")
    return np.random.default_rng(0).standard_normal(int(n))


def relative_cost(activation: str | Activation | Any, n: int = 10**6, repeat: int = 3
                  ) -> float:
    """Time of g and g′ together on n standard-normal values, divided by ReLU's (best of
    ``repeat`` runs each). A timing: it varies from run to run and machine to machine."""
    act = _record(activation, "relative_cost")
    x = _timing_input(n, repeat, "relative_cost")
    return _best_time(act, x, repeat) / _best_time(ACTIVATIONS["relu"], x, repeat)


def cost_table(activations: Iterable[str | Activation | Any] | None = None, n: int = 10**6,
               repeat: int = 3) -> Table:
    """The cost column: g and g′ on n values, relative to ReLU (a timing; keep its output
    out of nbval's comparison)."""
    acts = _records(activations, "cost_table")
    x = _timing_input(n, repeat, "cost_table")
    relu = _best_time(ACTIVATIONS["relu"], x, repeat)
    rows = []
    for act in acts:
        seconds = relu if act is ACTIVATIONS["relu"] else _best_time(act, x, repeat)
        rows.append((act.title, f"{seconds / relu:.1f}×"))
    return Table(("activation", "cost of g and g′ relative to ReLU"), tuple(rows),
                 f"Measured with timeit on {n:,} values; best of {repeat} runs.")


__all__ = ["ATLAS_CAPTION", "BOUNDED", "FILTERS", "PROPERTY_CAPTION", "SMOOTHNESS",
           "Properties", "Table", "atlas_table", "cost_table", "limit", "number", "properties",
           "property_table", "relative_cost", "select"]
