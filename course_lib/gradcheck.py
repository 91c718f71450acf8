"""Numerical derivatives: finite differences and derivative checks.

A finite difference replaces the limit in the definition of the derivative by a small step h:

* forward  :math:`(f(z+h) - f(z)) / h`, error ≈ (h/2)·f''(z)       (first order in h)
* central  :math:`(f(z+h) - f(z-h)) / (2h)`, error ≈ (h²/6)·f'''(z) (second order in h)

Both also suffer round-off: f is only known to about ε·|f| (ε ≈ 2.2e−16), and dividing by h
magnifies that to ≈ ε|f|/h. Truncation falls as h shrinks, round-off rises, so the total error
has a sweet spot: h ≈ √ε ≈ 1e−8 for forward and h ≈ ε^(1/3) ≈ 6e−6 for central differences
(notebook 00 plots it with :func:`step_size_curve`).

Introduced in notebook 00; every later notebook checks its derivatives with
:func:`check_derivative`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.activations._arrays import as_real_array

Func = Callable[[np.ndarray], np.ndarray]

EPS = float(np.finfo(np.float64).eps)
CENTRAL_STEP = EPS ** (1 / 3)  # ≈ 6.1e-6, balances h² truncation against ε/h round-off
FORWARD_STEP = EPS ** (1 / 2)  # ≈ 1.5e-8, balances h truncation against ε/h round-off


def _steps(z: np.ndarray, h: float | None, default: float) -> np.ndarray:
    """Step sizes scaled to |z| so that z ± h is a different float even for large z."""
    if h is not None:
        if not (np.isfinite(h) and h > 0):
            raise ValueError(f"the step h must be a positive finite number, got {h!r}")
        return np.full_like(z, h)
    return default * np.maximum(1.0, np.abs(z))


def forward_difference(f: Func, z: object, h: float | None = None) -> np.ndarray:
    """Forward difference (f(z+h) − f(z))/h, first-order accurate.

    >>> float(forward_difference(np.sin, 0.0, h=1e-8))
    1.0
    """
    z = as_real_array(z, "forward_difference").astype(np.float64)
    step = _steps(z, h, FORWARD_STEP)
    zp = z + step
    return (np.asarray(f(zp)) - np.asarray(f(z))) / (zp - z)


def central_difference(f: Func, z: object, h: float | None = None) -> np.ndarray:
    """Central difference (f(z+h) − f(z−h))/(2h), second-order accurate.

    >>> round(float(central_difference(np.exp, 0.0)), 9)
    1.0
    """
    z = as_real_array(z, "central_difference").astype(np.float64)
    step = _steps(z, h, CENTRAL_STEP)
    zp, zm = z + step, z - step  # the steps actually taken, after rounding
    return (np.asarray(f(zp)) - np.asarray(f(zm))) / (zp - zm)


RELATIVE_ERROR_AGREE = 1e-7
"""Below this relative error (float64, no kink nearby), two gradients agree."""
RELATIVE_ERROR_WRONG = 1e-2
"""Above this, a gradient is wrong; in between, look closer (a kink nearby, or a slip)."""


def relative_error(a: object, b: object) -> float:
    """The largest relative error of ``a`` against ``b``, entry by entry:
    :math:`|a - b| / \\max(|a|, |b|)` (0 where both are 0), so that it does not matter which
    of the two is taken as the reference, and a large gradient is not judged by the yardstick
    of a small one. Introduced with the gradient check of the backward pass.

    >>> relative_error(1.0, 1.0 + 1e-9) < 1e-8, relative_error([2.0, 0.0], [1.0, 0.0])
    (True, 0.5)
    """
    a = as_real_array(a, "relative_error").astype(np.float64)
    b = as_real_array(b, "relative_error").astype(np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error() compares arrays of one shape, got {a.shape} and "
                         f"{b.shape}")
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(scale > 0, np.abs(a - b) / scale, 0.0)
    return float(np.max(ratio, initial=0.0))


@dataclass(frozen=True)
class DerivativeCheck:
    """What :func:`check_derivative` found: the worst errors over the grid and where."""

    name: str
    points: int
    max_abs_error: float
    max_rel_error: float
    worst_z: float
    tolerance: float
    skipped: int

    @property
    def passed(self) -> bool:
        return self.max_rel_error <= self.tolerance

    def __str__(self) -> str:
        verdict = "agrees" if self.passed else "DISAGREES"
        skip = ("" if not self.skipped else ", 1 point next to a kink skipped" if self.skipped == 1
                else f", {self.skipped} points next to kinks skipped")
        return (f"{self.name}: analytic derivative {verdict} with central differences on "
                f"{self.points} points{skip}; worst abs error {self.max_abs_error:.1e}, "
                f"worst rel error {self.max_rel_error:.1e} at z = {self.worst_z:.3g} "
                f"(tolerance {self.tolerance:.0e})")

    def _repr_pretty_(self, p, cycle) -> None:  # pragma: no cover - IPython display
        p.text(str(self))


def check_derivative(
    f: Func,
    df: Func,
    z: Sequence[float] | np.ndarray | None = None,
    *,
    kinks: Sequence[float] = (),
    h: float | None = None,
    tolerance: float = 1e-6,
    name: str = "",
) -> DerivativeCheck:
    """Compare an analytic derivative ``df`` with central differences of ``f`` over a grid.

    The relative error is |df − fd| / max(|fd|, 1e−3·scale), with scale the largest |fd|
    on the grid, so points where the derivative is nearly 0 are judged on an absolute
    scale rather than divided by ~0. Points within 2h of a kink are skipped (a difference
    quotient straddling a kink measures the average of two slopes, not either one).

    >>> from course_lib.activations import sigmoid, sigmoid_derivative
    >>> check_derivative(sigmoid, sigmoid_derivative).passed
    True
    """
    grid = np.linspace(-6.0, 6.0, 241) if z is None else as_real_array(z, "check_derivative")
    grid = np.asarray(grid, dtype=np.float64).ravel()
    step = _steps(grid, h, CENTRAL_STEP)
    near_kink = np.zeros(grid.shape, dtype=bool)
    for k in kinks:
        near_kink |= np.abs(grid - k) <= 2 * step
    pts = grid[~near_kink]
    if pts.size == 0:
        raise ValueError("check_derivative needs at least one point away from the kinks")
    numeric = central_difference(f, pts, h)
    analytic = np.asarray(df(pts), dtype=np.float64)
    abs_err = np.abs(analytic - numeric)
    scale = max(float(np.max(np.abs(numeric))), 1e-300)
    rel_err = abs_err / np.maximum(np.abs(numeric), 1e-3 * scale)
    worst = int(np.argmax(rel_err))
    label = name or getattr(df, "__name__", "derivative")
    return DerivativeCheck(label, int(pts.size), float(abs_err.max()), float(rel_err.max()),
                           float(pts[worst]), tolerance, int(near_kink.sum()))


@dataclass(frozen=True)
class StepSizeCurve:
    """Errors of forward and central differences at one point, for a range of steps h."""

    z: float
    h: np.ndarray
    forward_error: np.ndarray
    central_error: np.ndarray

    @property
    def best_forward_h(self) -> float:
        return float(self.h[np.argmin(self.forward_error)])

    @property
    def best_central_h(self) -> float:
        return float(self.h[np.argmin(self.central_error)])

    @property
    def forward_sweet_spot(self) -> float:
        """The step at the bottom of the forward difference's error *band*: where the largest
        error among a step and its two neighbours is smallest. Round-off makes the curve
        ragged, so its single lowest point (:attr:`best_forward_h`) can be one lucky
        rounding, far from where the error is small for every nearby step."""
        return _sweet_spot(self.h, self.forward_error)

    @property
    def central_sweet_spot(self) -> float:
        """As :attr:`forward_sweet_spot`, for the central difference."""
        return _sweet_spot(self.h, self.central_error)


def _sweet_spot(h: np.ndarray, error: np.ndarray) -> float:
    """The h minimising max(error[i − 1], error[i], error[i + 1]) (the ends use what exists).

    >>> h = np.arange(1.0, 7.0)
    >>> float(_sweet_spot(h, np.array([4.0, 0.01, 4.0, 1.0, 1.0, 1.0])))   # not the lucky 0.01
    5.0
    """
    padded = np.concatenate([[error[0]], error, [error[-1]]])
    band = np.maximum(np.maximum(padded[:-2], padded[1:-1]), padded[2:])
    return float(h[np.argmin(band)])


def step_size_curve(f: Func, df: Func, z: float, h: Sequence[float] | np.ndarray | None = None
                    ) -> StepSizeCurve:
    """Absolute error of forward and central differences at ``z`` for each step in ``h``.

    On a log-log plot the truncation error falls with slope 1 (forward) or 2 (central) as h
    shrinks, until round-off, which grows like ε/h, takes over.

    >>> from course_lib.activations import sigmoid, sigmoid_derivative
    >>> curve = step_size_curve(sigmoid, sigmoid_derivative, 1.0)
    >>> 1e-10 < curve.best_forward_h < 1e-6 and 1e-7 < curve.best_central_h < 1e-3
    True
    """
    hs = np.logspace(-14, -1, 53) if h is None else np.asarray(h, dtype=np.float64)
    exact = float(np.asarray(df(np.float64(z))))
    fwd = np.array([abs(float(forward_difference(f, z, hi)) - exact) for hi in hs])
    cen = np.array([abs(float(central_difference(f, z, hi)) - exact) for hi in hs])
    return StepSizeCurve(float(z), hs, fwd, cen)
