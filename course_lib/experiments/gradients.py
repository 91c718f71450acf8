"""Why activations fail, measured in a real network (notebooks 06 and 07): the numbers behind the
figures and explorers of :mod:`course_lib.widgets.networks` and :mod:`course_lib.widgets.saturation`.

* :func:`gradient_profile` – per-layer ‖∂L/∂W‖, mean slope g′ and dead fraction of a fresh
  deep network;
* :func:`gradient_factor` – the activation factors g′(z)^l of l layers at one z;
* :func:`saturation_table` – per layer, the share of nearly flat units and the spread of z;
* :func:`float_zero_table` – where σ′ becomes exactly 0 in float32 and float64, for the forms
  σ(1 − σ) and σ(z)σ(−z).

Introduced in notebook 06; used by notebook 07 and the floating-point appendix, and (through
:mod:`course_lib.widgets.saturation`) by the depth explorer of notebooks 02 and 03.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.activations import lookup, sigmoid, sigmoid_derivative
from course_lib.experiments import dead_units
from course_lib.experiments.datasets import make_moons
from course_lib.experiments.nn import MLP

FLAT_SLOPE = 0.01
"""A unit is *nearly flat* on an example when g′(z) < 0.01: it passes on under 1/100 of the
gradient that reaches it."""

@dataclass(frozen=True)
class GradientProfile:
    """One network at initialisation, on the moons data: ``norms[l]`` = ‖∂L/∂W_l‖ for
    each weight layer (input side first, output layer last), ``mean_slope[l]`` = the mean
    of g′(z) over the examples and units of hidden layer l, ``dead[l]`` its dead fraction."""

    settings: str
    norms: np.ndarray
    mean_slope: np.ndarray
    dead: np.ndarray


def _moons() -> tuple[np.ndarray, np.ndarray]:
    return make_moons(n=200, noise=0.1, seed=0)


def gradient_profile(activation: str, depth: int, init: str = "xavier", scale: float = 1.0,
                     width: int = 32, seed: int = 0) -> GradientProfile:
    """Per-layer gradient norms and mean slopes of a fresh ``MLP.deep(depth, width)`` on
    200 two-moons points.

    >>> p = gradient_profile("sigmoid", 5)
    >>> p.norms.shape, p.mean_slope.shape
    ((6,), (5,))
    """
    X, y = _moons()
    model = MLP.deep(depth, width, activation=activation, init=init, scale=scale, seed=seed)
    with np.errstate(all="ignore"):
        fp = model._forward(X)                    # one forward and one backward pass
        grads = model._backward(fp, y)
        norms = np.array([np.linalg.norm(g.weights) for g in grads])
        hidden = fp.pre_activations[:-1]
        slopes = np.array([float(np.mean(model.dg(z))) for z in hidden])
        dead = np.array([dead_units.dead_fraction(z) for z in hidden])
    return GradientProfile(f"{activation}, depth {depth}, {init} × {scale:g}", norms, slopes,
                           dead)



def nearly_flat_fraction(model: MLP, X: np.ndarray) -> np.ndarray:
    """Per hidden layer, the fraction of (example, unit) pairs with g′(z) < ``FLAT_SLOPE``."""
    return np.array([float(np.mean(model.dg(z) < FLAT_SLOPE)) for z in model.pre_activations(X)])


def _saturation_model(activation: str, init: str, scale: float, depth: int, width: int
                      ) -> tuple[MLP, np.ndarray]:
    X, _ = make_moons(n=500, noise=0.1, seed=0)
    return MLP.deep(depth, width, activation=activation, init=init, scale=scale, seed=0), X


def saturation_table(activation: str = "sigmoid",
                     settings: Sequence[tuple[str, float]] = (("gaussian", 1.0), ("xavier", 1.0),
                                                              ("he", 1.0)),
                     depth: int = 5, width: int = 64) -> str:
    """The numbers behind :func:`activation_histograms_figure`, as text: per layer, the
    percentage of nearly flat units (g′ < 0.01) and the spread (sd) of z."""
    head = "init           " + "".join(f"  layer {k + 1:<2}" for k in range(depth))
    lines = [f"{activation}, {depth} hidden layers of {width}, 500 moons points",
             "% of (example, unit) pairs with g'(z) < 0.01, and the sd of z:", head]
    for init, scale in settings:
        model, X = _saturation_model(activation, init, scale, depth, width)
        flat = nearly_flat_fraction(model, X)
        sds = [float(np.std(z)) for z in model.pre_activations(X)]
        label = f"{init} × {scale:g}"
        lines.append(f"{label:<15}" + "".join(f"  {100 * f:6.1f}% " for f in flat))
        lines.append(f"{'  sd of z':<15}" + "".join(f"  {s:7.2f} " for s in sds))
    return "\n".join(lines)


def textbook_sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    """σ′ in the textbook form σ(z)(1 − σ(z)), in the dtype of z: 1 − σ(z) cancels to 0
    once σ(z) rounds to 1."""
    s = sigmoid(z)
    return s * (1 - s)


FORMS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "σ(z)(1 − σ(z))": textbook_sigmoid_derivative,
    "σ(z)σ(−z)": sigmoid_derivative,
}
"""The two ways of computing σ′ compared in the floating-point appendix."""


def first_exact_zero(form: Callable[[np.ndarray], np.ndarray], dtype: type = np.float32,
                     lo: float = 0.0, hi: float = 1000.0) -> float:
    """The smallest z > 0 (to within one float of ``dtype``) from which ``form`` computed in
    ``dtype`` is exactly 0. Bisection: both forms are 0 from some point on and positive
    before it.

    >>> round(first_exact_zero(textbook_sigmoid_derivative, np.float64), 1)
    36.7
    """
    def is_zero(z: float) -> bool:
        return float(form(np.asarray(z, dtype=dtype))) == 0.0

    if not is_zero(hi) or is_zero(lo):
        raise ValueError("the form must be positive at lo and exactly 0 at hi")
    for _ in range(200):
        mid = dtype((lo + hi) / 2)
        if float(mid) in (lo, hi):
            break
        lo, hi = (lo, float(mid)) if is_zero(float(mid)) else (float(mid), hi)
    return hi


def float_zero_table() -> str:
    """Where each form of σ′ becomes exactly 0, in float32 and float64, as text."""
    lines = [f"{'form':<16}{'float32':>10}{'float64':>10}"]
    for name, form in FORMS.items():
        z32, z64 = first_exact_zero(form, np.float32), first_exact_zero(form, np.float64)
        lines.append(f"{name:<16}{z32:>10.2f}{z64:>10.2f}")
    return "σ′(z) is exactly 0 from z ≈\n" + "\n".join(lines)




def gradient_factor(name: str, z: float, depth: int) -> np.ndarray:
    r"""The activation factors of ``depth`` layers at pre-activation ``z``: :math:`g'(z)^l`
    for l = 0, 1, …, depth.

    >>> gradient_factor("sigmoid", 0.0, 3)
    array([1.      , 0.25    , 0.0625  , 0.015625])
    """
    act = lookup(name, "gradient_factor", accept_expressions=False)
    if not math.isfinite(z):
        raise ValueError(f"z must be a finite number, got {z!r}")
    if int(depth) != depth or depth < 0:
        raise ValueError(f"the depth must be a whole number ≥ 0, got {depth!r}")
    slope = float(act.derivative(float(z)))
    return slope ** np.arange(int(depth) + 1, dtype=float)


__all__ = ["FLAT_SLOPE", "FORMS", "GradientProfile", "first_exact_zero", "float_zero_table",
           "gradient_factor", "gradient_profile", "nearly_flat_fraction", "saturation_table",
           "textbook_sigmoid_derivative"]
