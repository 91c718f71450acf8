"""The zig-zag experiment of notebook 03: why zero-centred inputs help gradient descent.

The toy problem here is the smallest one that shows it: a linear unit with two inputs,
trained by stochastic gradient descent (one example per step) to reach w* = (1, −1). Its
inputs are x = m + tanh(g/2)/2 with g ~ N(0, 1): the same spread for every m, only the mean
moves. At m = 1/2 they are exactly sigmoid outputs σ(g) (because σ(g) = 1/2 + tanh(g/2)/2);
at m = 0 they are σ(g) − 1/2, tanh outputs in disguise, centred on 0.

* :func:`shifted_inputs`, :func:`sgd_path` - the experiment (its explorer and figure are in
  :mod:`course_lib.widgets.zero_centring`).

Introduced in notebook 03 (tanh).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TARGET = (1.0, -1.0)
START = (0.0, 0.0)
DIVERGED = 1e3  # |w| beyond this: the run has blown up, stop it there


def shifted_inputs(mean: float, n: int = 400, seed: int = 0) -> np.ndarray:
    r"""``n`` two-dimensional inputs :math:`x = m + \tfrac12\tanh(g/2)`, :math:`g \sim N(0, 1)`.

    Since :math:`\sigma(g) = \tfrac12 + \tfrac12\tanh(g/2)`, mean 1/2 gives the sigmoid
    outputs σ(g) (all in (0, 1)) and mean 0 gives σ(g) − 1/2, centred on 0. Seeded: the
    same ``seed`` always gives the same inputs.

    >>> bool((shifted_inputs(0.5) > 0).all()), bool((shifted_inputs(0.0) < 0).any())
    (True, True)
    """
    if not math.isfinite(mean):
        raise ValueError(f"the mean m must be a finite number, got {mean!r}")
    g = np.random.default_rng(seed).normal(size=(n, 2))
    return mean + 0.5 * np.tanh(g / 2)


@dataclass(frozen=True)
class ZigZagRun:
    """One run of :func:`sgd_path`: the weights after each step (NaN after a blow-up), how
    many steps moved the weights at all (``moving_steps``; 0 once w = w* exactly) and how
    many of those moved both weights the same way (``same_sign_steps``)."""

    mean: float
    lr: float
    path: np.ndarray  # shape (steps + 1, 2)
    same_sign_steps: int
    moving_steps: int
    diverged: bool

    @property
    def distance(self) -> np.ndarray:
        """|w − w*| after each step (NaN once diverged)."""
        return np.linalg.norm(self.path - np.asarray(TARGET), axis=1)

    @property
    def final_distance(self) -> float:
        return float(self.distance[-1])

    def steps_to_reach(self, tol: float = 0.01) -> int | None:
        """The first step after which |w − w*| < tol, or None if it never gets there."""
        close = np.flatnonzero(self.distance < tol)
        return int(close[0]) if close.size else None


def sgd_path(mean: float, lr: float, steps: int = 60, *, seed: int = 0) -> ZigZagRun:
    r"""Train z = w·x towards w* = (1, −1) by SGD on the squared error, one example a step.

    Step k uses example k: :math:`\delta = w\cdot x_k - w^*\cdot x_k`, then
    :math:`w \leftarrow w - \eta\,\delta\,x_k`.

    >>> run = sgd_path(0.5, 2.0, steps=40)
    >>> run.same_sign_steps, run.moving_steps    # positive inputs: every step is (+,+) or (−,−)
    (40, 40)
    """
    if not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"the learning rate η must be a positive number, got {lr!r}")
    if int(steps) != steps or steps < 1:
        raise ValueError(f"steps must be a whole number ≥ 1, got {steps!r}")
    steps = int(steps)
    inputs = shifted_inputs(mean, n=max(steps, 400), seed=seed)[:steps].tolist()
    (t1, t2), (w1, w2) = TARGET, START
    visited = [(w1, w2)]
    same, moving, diverged = 0, 0, False
    for x1, x2 in inputs:  # plain floats: ~20x faster than 2-element NumPy arrays
        delta = (w1 * x1 + w2 * x2) - (t1 * x1 + t2 * x2)
        s1, s2 = -lr * delta * x1, -lr * delta * x2
        same += s1 * s2 > 0
        moving += s1 != 0 or s2 != 0
        w1, w2 = w1 + s1, w2 + s2
        if not (abs(w1) < DIVERGED and abs(w2) < DIVERGED):
            diverged = True
            break
        visited.append((w1, w2))
    path = np.full((steps + 1, 2), np.nan)
    path[: len(visited)] = visited
    return ZigZagRun(float(mean), float(lr), path, same, moving, diverged)


__all__ = ["DIVERGED", "START", "TARGET", "ZigZagRun", "sgd_path", "shifted_inputs"]
