"""Toy two-class data sets in the plane, generated in code (no downloads), always seeded.

Each maker returns ``(X, y)``: X of shape (n, 2) (float64), y of shape (n,) with labels 0
and 1 (int64), half of each class (class 0 gets the extra point when n is odd), in an order
shuffled by ``seed``. ``noise`` is the standard deviation of Gaussian noise added to both
coordinates.

* :func:`make_moons`   – two interleaving half circles (as in scikit-learn)
* :func:`make_spirals` – two interleaved spiral arms (the hardest of the four)
* :func:`make_xor`     – four blobs, label = XOR of the signs of the coordinates
* :func:`make_circles` – a small circle inside a large one

``DATASETS`` maps each name to its maker.

>>> X, y = make_moons(n=6, noise=0.0, seed=0)
>>> X.shape, sorted(y.tolist())
((6, 2), [0, 0, 0, 1, 1, 1])

Introduced in notebook 07; also behind the experiments of notebooks 06 (the gradient profile),
09 (the lab's training) and 10 (the showdown).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import numpy as np


def _check(n: int, noise: float, seed: int) -> None:
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"n must be a whole number of at least 2 (one example per class), "
                         f"got {n!r}")
    if (isinstance(noise, bool) or not isinstance(noise, numbers.Real)
            or not math.isfinite(noise) or noise < 0):
        raise ValueError(f"noise must be a finite number ≥ 0, got {noise!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")


def _finish(class0: np.ndarray, class1: np.ndarray, noise: float,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Stack the two classes, add noise, shuffle."""
    X = np.concatenate([class0, class1])
    y = np.concatenate([np.zeros(len(class0), np.int64), np.ones(len(class1), np.int64)])
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(len(y))
    return X[order], y[order]


def _split(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles of radius 1: class 0 is (cos t, sin t), class 1 is
    (1 − cos t, ½ − sin t), t evenly spaced in [0, π].

    >>> X, y = make_moons(n=200, noise=0.1, seed=0)
    >>> X.shape, int(y.sum())
    ((200, 2), 100)
    """
    _check(n, noise, seed)
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    return _finish(upper, lower, noise, rng)


def make_spirals(n: int = 200, noise: float = 0.05, seed: int = 0,
                 turns: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    """Two spiral arms r = t/(2π·turns), angle t (class 1 rotated by π), radius up to 1.

    >>> X, y = make_spirals(n=100, noise=0.0, seed=0)
    >>> float(np.max(np.hypot(X[:, 0], X[:, 1]))) <= 1.0
    True
    """
    _check(n, noise, seed)
    if not (isinstance(turns, numbers.Real) and math.isfinite(turns) and turns > 0):
        raise ValueError(f"turns must be a positive number, got {turns!r}")
    rng = np.random.default_rng(seed)
    arms = []
    for k, m in enumerate(_split(n)):
        t = np.linspace(0.25, 1.0, m) * 2 * np.pi * turns  # start a little off the centre
        r = t / (2 * np.pi * turns)
        angle = t + k * np.pi
        arms.append(np.column_stack([r * np.cos(angle), r * np.sin(angle)]))
    return _finish(arms[0], arms[1], noise, rng)


def make_xor(n: int = 200, noise: float = 0.25, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Four blobs around (±1, ±1); label 1 where the two coordinates have opposite signs.

    >>> X, y = make_xor(n=8, noise=0.0, seed=0)
    >>> bool(np.all((X[:, 0] * X[:, 1] < 0) == (y == 1)))
    True
    """
    _check(n, noise, seed)
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n)
    same = np.array([[1.0, 1.0], [-1.0, -1.0]])
    opposite = np.array([[1.0, -1.0], [-1.0, 1.0]])
    return _finish(same[np.arange(n0) % 2], opposite[np.arange(n1) % 2], noise, rng)


def make_circles(n: int = 200, noise: float = 0.08, seed: int = 0,
                 factor: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Class 0 on the unit circle, class 1 on a circle of radius ``factor`` inside it.

    >>> X, y = make_circles(n=10, noise=0.0, seed=0)
    >>> sorted(set(np.round(np.hypot(X[:, 0], X[:, 1]), 6).tolist()))
    [0.5, 1.0]
    """
    _check(n, noise, seed)
    if not (isinstance(factor, numbers.Real) and 0 < factor < 1):
        raise ValueError(f"factor (inner radius) must be between 0 and 1, got {factor!r}")
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    return _finish(outer, inner, noise, rng)


DATASETS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "moons": make_moons,
    "spirals": make_spirals,
    "xor": make_xor,
    "circles": make_circles,
}
"""The four data sets by name."""

__all__ = ["DATASETS", "make_circles", "make_moons", "make_spirals", "make_xor"]
