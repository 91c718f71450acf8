"""The property table: what each activation does, measured from its own g and g′.

Nothing in the table is typed in: every entry is computed from the functions in
:data:`course_lib.activations.ACTIVATIONS` (or from a learner's expression), on a grid of
41 000 points in [−20, 20] (step 0.001 in [−10, 10]) and at |z| = 10⁴, 10⁵ for the limits:

* **range** — the smallest interval holding g(ℝ). A bound reached at some z (a minimum where g′
  changes sign, or a flat stretch where g′ = 0) is closed "[", one approached only as
  z → ±∞ is open "(";
* **monotonic** — g′ never changes sign; otherwise where it turns (g′ = 0, refined by Brent's
  method);
* **zero-centred** — the mean output E[g(Z)] for Z ~ N(0, 1) is 0 (to 0.01), as for tanh;
* **smoothness** — C∞ without kinks; at a kink C¹ if g′ is continuous there (ELU with α = 1),
  C⁰ if g′ jumps (ReLU), or a jump in g itself;
* **max g′** — its value and where: at a point, on a stretch, or only approached as z → ±∞;
* **g′(0)** — the left-hand value at a kink, as everywhere in the course;
* **saturates** — g′ → 0 as z → −∞ and/or +∞ (|g′(±10⁴)| < 10⁻⁶), and whether it is exactly 0
  there (ReLU's flat side);
* **cost** — time of g and g′ on 10⁶ values relative to ReLU (:func:`cost_table`, a timing:
  print it in a cell marked ``# NBVAL_IGNORE_OUTPUT``).

>>> properties("sigmoid").range_text
'(0, 1)'
>>> properties("relu").max_slope_text
'1 for z > 0'

Introduced in notebook 06; the cheat sheet of notebook 07 reads its numbers from here.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize

from course_lib.activations import ACTIVATIONS, Activation, lookup

_DENSE = np.arange(-10_000, 10_001) / 1000.0
GRID = np.concatenate([np.arange(-400, -200) / 20.0, _DENSE, np.arange(201, 401) / 20.0])
"""Where g and g′ are examined: step 0.001 in [−10, 10], step 0.05 out to ±20."""
FAR = 1e4
"""|z| at which the limits as z → ±∞ are read (and 10 FAR to see whether g still grows)."""
SATURATION = 1e-6
"""g′ counts as saturated on a side when |g′(±FAR)| is below this."""
ZERO_MEAN = 0.01
"""g counts as zero-centred when |E[g(Z)]| for Z ~ N(0, 1) is below this."""


@dataclass(frozen=True)
class Properties:
    """One row of the property table (numbers; ``row()`` gives the formatted text)."""

    name: str
    title: str
    lower: float
    lower_closed: bool
    upper: float
    upper_closed: bool
    turning_points: tuple[float, ...]
    mean_output: float
    smoothness: str
    max_slope: float
    max_slope_where: str
    slope_at_zero: float
    saturates_left: bool
    saturates_right: bool
    flat_left: bool

    @property
    def monotonic(self) -> bool:
        return not self.turning_points

    @property
    def zero_centred(self) -> bool:
        return abs(self.mean_output) < ZERO_MEAN

    @property
    def range_text(self) -> str:
        left = "(" if not self.lower_closed else "["
        right = ")" if not self.upper_closed else "]"
        return f"{left}{number(self.lower)}, {number(self.upper)}{right}"

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
        """The formatted cells, by column heading."""
        turns = ", ".join(f"z ≈ {number(t)}" for t in self.turning_points)
        return {
            "activation": self.title,
            "range": self.range_text,
            "monotonic": "yes" if self.monotonic else f"no: turns at {turns}",
            # the mean to two decimals: the quadrature's own error (~1e−8 next to a kink) is noise
            "zero-centred": ("yes" if self.zero_centred else "no")
                            + f" (mean {number(round(self.mean_output, 2), 2)})",
            "smoothness": self.smoothness,
            "max g′": self.max_slope_text,
            "g′(0)": number(self.slope_at_zero),
            "saturates": self.saturates_text,
        }


def number(x: float, digits: int = 4) -> str:
    """A number as the table prints it: 4 significant digits, ∞ for infinity, a real minus.

    >>> number(-0.27846), number(float("inf")), number(1e-17)
    ('−0.2785', '∞', '0')
    """
    if np.isinf(x):
        return "∞" if x > 0 else "−∞"
    if abs(x) < 1e-12:
        return "0"
    return f"{x:.{digits}g}".replace("-", "−")


# ----------------------------------------------------------------------------- computing it
def _record(activation: Any, func: str = "properties") -> Activation:
    return lookup(activation, func)


def _records(activations: Any, func: str) -> list[Activation]:
    """The activations of a table: all registered ones by default, else a list of them."""
    if activations is None:
        return list(ACTIVATIONS.values())
    if isinstance(activations, (str, Activation)) or hasattr(activations, "to_activation") or \
            not isinstance(activations, Iterable):
        raise TypeError(f"{func}() expects a list of activations (names, Activation records "
                        f"or Expressions), got {type(activations).__name__} {activations!r}")
    return [_record(a, func) for a in activations]


def _scalar(f: Callable) -> Callable[[float], float]:
    return lambda t: float(f(np.float64(t)))


def _limit(g: Callable, side: int) -> float:
    """lim g(z) as z → side·∞, read at FAR and 10·FAR: ±∞ if g still moves between them."""
    near, far = float(g(side * FAR)), float(g(side * 10 * FAR))
    if not np.isfinite(far) or abs(far - near) > 1e-3 * max(1.0, abs(near)):
        return np.inf if far > near else -np.inf
    return far


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


def _bound(values: list[float], attained: list[float], limits: list[float], lower: bool
           ) -> tuple[float, bool]:
    """The infimum (or supremum) of g and whether some finite z attains it."""
    pick = min if lower else max
    best = pick(values + limits)
    tol = 1e-12 * max(1.0, abs(best)) if np.isfinite(best) else 0.0
    closed = any(abs(v - best) <= tol for v in attained)
    return best, closed


def _smoothness(g: Callable, dg: Callable, kinks: Sequence[float]) -> str:
    worst, where = 3, None
    for k in kinks:
        h = 1e-6 * max(1.0, abs(k))
        if abs(float(g(k + h)) - float(g(k - h))) > 1e-4:
            level = 0
        elif abs(float(dg(k + h)) - float(dg(k - h))) > 1e-4:
            level = 1
        else:
            level = 2
        if level < worst:
            worst, where = level, k
    if where is None:
        return "C∞" if not kinks else "C¹"
    at = number(where)
    return {0: f"jump at {at}", 1: f"C⁰ (kink at {at})", 2: f"C¹ (g″ jumps at {at})"}[worst]


def _max_slope(dg: Callable, zs: np.ndarray, d: np.ndarray, kinks: Sequence[float]
               ) -> tuple[float, str]:
    i = int(np.argmax(d))
    best = float(d[i])
    for side, label in ((1, "as z → ∞"), (-1, "as z → −∞")):
        far = float(dg(side * FAR))
        if np.isfinite(far) and far > best:
            return far, label
    run = np.flatnonzero(d == best)
    if run.size > 1:  # the largest slope on a whole stretch: say where it starts and ends
        return best, _stretch(zs, run[0], run[-1], kinks)
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


def properties(activation: str | Activation | Any) -> Properties:
    """Compute one row of the property table for a registered activation (by name), an
    :class:`~course_lib.activations.Activation` record, or a parsed expression.

    >>> p = properties("silu")
    >>> p.range_text, p.row()["monotonic"]
    ('[−0.2785, ∞)', 'no: turns at z ≈ −1.278')
    """
    act = _record(activation)
    g, dg = act.function, act.derivative
    zs = np.union1d(GRID, [k for k in act.kinks if abs(k) <= 20])
    f, d = np.asarray(g(zs), dtype=float), np.asarray(dg(zs), dtype=float)
    if not (np.all(np.isfinite(f)) and np.all(np.isfinite(d))):
        raise ValueError(f"{act.name}: g or g′ is not finite somewhere in [−20, 20]")
    minima, maxima = _turns(dg, zs, d, act.kinks)
    flat = f[d == 0]  # g′ = 0 exactly: a flat stretch, whose value g attains
    flat = [float(flat.min()), float(flat.max())] if flat.size else []
    low_limits = [x for x in (_limit(g, -1), _limit(g, 1)) if x < f.min() or np.isinf(x)]
    high_limits = [x for x in (_limit(g, -1), _limit(g, 1)) if x > f.max() or np.isinf(x)]
    at_minima = [float(g(t)) for t in minima] + flat
    at_maxima = [float(g(t)) for t in maxima] + flat
    lower, lower_closed = _bound([float(f.min())] + at_minima, at_minima, low_limits, lower=True)
    upper, upper_closed = _bound([float(f.max())] + at_maxima, at_maxima, high_limits,
                                 lower=False)
    weights = np.exp(-_DENSE**2 / 2) / np.sqrt(2 * np.pi)
    mean = float(np.trapezoid(np.asarray(g(_DENSE)) * weights, _DENSE))
    max_slope, where = _max_slope(dg, zs, d, act.kinks)
    left_far, right_far = abs(float(dg(-FAR))), abs(float(dg(FAR)))
    turning = tuple(sorted(minima + maxima))
    return Properties(
        name=act.name, title=act.title, lower=lower, lower_closed=lower_closed, upper=upper,
        upper_closed=upper_closed, turning_points=turning, mean_output=mean,
        smoothness=_smoothness(g, dg, act.kinks), max_slope=max_slope, max_slope_where=where,
        slope_at_zero=float(dg(0.0)), saturates_left=left_far < SATURATION,
        saturates_right=right_far < SATURATION,
        flat_left=bool(np.all(d[zs <= -1] == 0)),
    )


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
    """The property table for the given activations (all registered ones by default).

    >>> property_table(["sigmoid"]).rows[0][1]
    '(0, 1)'
    """
    rows = [properties(a).row() for a in _records(activations, "property_table")]
    columns = tuple(rows[0]) if rows else ()
    return Table(columns, tuple(tuple(r.values()) for r in rows), PROPERTY_CAPTION)


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


__all__ = ["Properties", "Table", "cost_table", "number", "properties", "property_table",
           "relative_cost"]
