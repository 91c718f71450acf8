r"""One unit, its loss, its gradient and one step of gradient descent (the foundations).

The unit has one input x, a weight w and a bias b:

.. math::  z = w x + b, \qquad a = g(z), \qquad L = \tfrac12 (a - y)^2,

where y is the output we want (the target) and g the activation ("linear" is g(z) = z,
no activation at all; any name of :data:`course_lib.activations.ACTIVATIONS` works too). On a
data set the loss is the mean of the examples' losses, and so is its gradient. By the chain
rule, with the **error signal** :math:`\delta = \partial L/\partial z = (a - y)\,g'(z)`,

.. math::  \frac{\partial L}{\partial w} = \delta\,x, \qquad
           \frac{\partial L}{\partial b} = \delta,

and one step of gradient descent with learning rate η is
:math:`w \leftarrow w - \eta\,\partial L/\partial w`, :math:`b \leftarrow b - \eta\,
\partial L/\partial b`. :data:`UNIT_DERIVATIONS` derives both partial derivatives for any g,
one step per line, checked by SymPy.

* :func:`unit_loss`, :func:`unit_gradient`, :func:`gradient_step` - the formulas, on one
  example or a data set (``x`` and ``y`` arrays), vectorised over ``w`` and ``b`` too;
* :func:`descent_path` - repeated steps, and :func:`loss_surface` - the loss over a grid of
  (w, b), what :mod:`course_lib.widgets.descent` draws.

>>> w, b = gradient_step(-0.5, 1.5, TOY_X, TOY_Y, lr=0.3)
>>> round(float(w), 3), round(float(b), 3)
(-0.236, 1.344)
>>> bool(unit_loss(w, b, TOY_X, TOY_Y) < unit_loss(-0.5, 1.5, TOY_X, TOY_Y))
True

Introduced in notebook 01 (foundations).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from scipy import optimize

from course_lib.activations import lookup
from course_lib.activations._arrays import as_real_array
from course_lib.symbolic import Derivation, Step, plus, seq

TOY_X = np.array([-1.0, 0.0, 1.0, 2.0, 3.0])
"""The inputs of the foundations' tiny data set (five examples)."""
TOY_Y = np.array([0.1, 0.3, 0.4, 0.7, 0.9])
"""Their targets: the outputs we want the unit to give."""
TOY_X.setflags(write=False)
TOY_Y.setflags(write=False)

LINEAR = "linear"
"""The unit without an activation: g(z) = z, g′(z) = 1."""
UNITS = (LINEAR, "sigmoid", "tanh")
"""The activations the explorer offers (any name of ``ACTIVATIONS`` works in the functions)."""

W_RANGE = (-1.0, 2.0)
"""The window of weights the explorer and its static twin show."""
B_RANGE = (-2.0, 2.0)
"""The window of biases they show."""


def _parts(activation: Any, func: str):
    """g and g′ of ``activation`` ("linear" or a name/record of the activations)."""
    if isinstance(activation, str) and activation == LINEAR:
        return (lambda z: z), (lambda z: np.ones_like(z))
    record = lookup(activation, func, accept_expressions=False)
    return (lambda z: record.function(z, **record.params),
            lambda z: record.derivative(z, **record.params))


def _inputs(w, b, x, y, func: str) -> tuple[np.ndarray, ...]:
    """w and b with a trailing axis (one entry per example), x and y as 1-d arrays."""
    w, b = as_real_array(w, func), as_real_array(b, func)
    x = np.atleast_1d(as_real_array(x, func)).astype(float)
    y = np.atleast_1d(as_real_array(y, func)).astype(float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"{func}() needs x and y of the same length (one target per input), "
                         f"got shapes {x.shape} and {y.shape}")
    return w[..., None], b[..., None], x, y


def unit_output(w, b, x, activation: Any = LINEAR) -> np.ndarray:
    """The unit's output a = g(wx + b) for each input in ``x`` (w and b numbers).

    >>> unit_output(2.0, 1.0, [0.0, 1.0]).tolist()
    [1.0, 3.0]
    """
    x = as_real_array(x, "unit_output")
    w, b = float(as_real_array(w, "unit_output")), float(as_real_array(b, "unit_output"))
    g, _ = _parts(activation, "unit_output")
    with np.errstate(over="ignore"):
        return g(w * x + b)


def unit_loss(w, b, x, y, activation: Any = LINEAR) -> np.ndarray:
    r"""The mean over the examples of :math:`\tfrac12\,(g(wx + b) - y)^2`.

    ``w`` and ``b`` may be arrays of the same shape (a grid): the result has their shape.

    >>> float(unit_loss(1.0, 0.5, 2.0, 1.0))   # one example: ½ (2·1 + 0.5 − 1)²
    1.125
    """
    w, b, x, y = _inputs(w, b, x, y, "unit_loss")
    g, _ = _parts(activation, "unit_loss")
    return np.mean(0.5 * (g(w * x + b) - y) ** 2, axis=-1)


def unit_gradient(w, b, x, y, activation: Any = LINEAR) -> tuple[np.ndarray, np.ndarray]:
    r"""(∂L/∂w, ∂L/∂b) of :func:`unit_loss` by the chain rule: with
    :math:`\delta = (a - y)\,g'(z)`, the means of :math:`\delta x` and of :math:`\delta`.

    >>> [float(v) for v in unit_gradient(1.0, 0.5, 2.0, 1.0)]   # δ = 1.5: (δ·x, δ)
    [3.0, 1.5]
    """
    w, b, x, y = _inputs(w, b, x, y, "unit_gradient")
    g, dg = _parts(activation, "unit_gradient")
    z = w * x + b
    delta = (g(z) - y) * dg(z)          # ∂L/∂z of each example: the error signal
    return np.mean(delta * x, axis=-1), np.mean(delta, axis=-1)


def gradient_step(w, b, x, y, lr: float, activation: Any = LINEAR) -> tuple[np.ndarray, np.ndarray]:
    r"""One step of gradient descent: :math:`(w, b) \leftarrow (w, b) - \eta\,\nabla L`.

    >>> [float(v) for v in gradient_step(1.0, 0.5, 2.0, 1.0, lr=0.1)]
    [0.7, 0.35]
    """
    lr = _learning_rate(lr, "gradient_step")
    dw, db = unit_gradient(w, b, x, y, activation)
    return as_real_array(w, "gradient_step") - lr * dw, as_real_array(b, "gradient_step") - lr * db


def _learning_rate(lr: Any, func: str) -> float:
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)):
        raise TypeError(f"{func}() expects the learning rate η as a number, got "
                        f"{type(lr).__name__} {lr!r}")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"the learning rate η must be a positive number, got {lr!r}")
    return float(lr)


@dataclass(frozen=True)
class DescentPath:
    """Where repeated steps went: ``points`` (steps + 1, 2) holds (w, b) after each step
    (the start first) and ``losses`` the loss there; ``diverged`` when the loss stopped being
    finite (the rest is NaN)."""

    points: np.ndarray
    losses: np.ndarray
    lr: float
    activation: str
    diverged: bool


def descent_path(w0: float, b0: float, lr: float, steps: int, activation: Any = LINEAR,
                 x=TOY_X, y=TOY_Y) -> DescentPath:
    """``steps`` steps of gradient descent from (w0, b0) on the data (x, y).

    >>> path = descent_path(-0.5, 1.5, lr=0.3, steps=50)
    >>> bool(path.losses[-1] < 0.001 < path.losses[0])
    True
    """
    lr = _learning_rate(lr, "descent_path")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a whole number ≥ 1, got {steps!r}")
    points = np.full((steps + 1, 2), np.nan)
    losses = np.full(steps + 1, np.nan)
    w, b = float(w0), float(b0)
    diverged = False
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            loss = float(unit_loss(w, b, x, y, activation))
            if not math.isfinite(loss):
                diverged = True
                break
            points[k], losses[k] = (w, b), loss
            if k < steps:
                w, b = (float(v) for v in gradient_step(w, b, x, y, lr, activation))
    name = activation if isinstance(activation, str) else lookup(activation, "descent_path").name
    return DescentPath(points, losses, lr, name, diverged)


def loss_surface(activation: Any = LINEAR, n: int = 121, x=TOY_X, y=TOY_Y,
                 w_range: tuple[float, float] = W_RANGE, b_range: tuple[float, float] = B_RANGE
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The loss on an n × n grid of (w, b): ``(W, B, L)``, each of shape (n, n) (rows: b).

    >>> W, B, L = loss_surface(n=5)
    >>> W.shape, bool(L.min() >= 0)
    ((5, 5), True)
    """
    ws = np.linspace(*w_range, n)
    bs = np.linspace(*b_range, n)
    W, B = np.meshgrid(ws, bs)
    return W, B, unit_loss(W, B, x, y, activation)


@functools.cache
def _minimum(activation: str) -> tuple[float, float]:
    if activation == LINEAR:
        w, b = np.polyfit(TOY_X, TOY_Y, 1)
        return float(w), float(b)

    def loss_and_gradient(p: np.ndarray) -> tuple[float, np.ndarray]:
        loss = float(unit_loss(p[0], p[1], TOY_X, TOY_Y, activation))
        return loss, np.array([float(v) for v in unit_gradient(p[0], p[1], TOY_X, TOY_Y,
                                                                activation)])

    found = optimize.minimize(loss_and_gradient, np.zeros(2), jac=True, method="BFGS",
                              options={"gtol": 1e-12})
    return float(found.x[0]), float(found.x[1])


def minimum(activation: str = LINEAR) -> tuple[float, float]:
    """Where the loss on the toy data is lowest: the least-squares line for the linear unit,
    else the point where the gradient vanishes (SciPy's BFGS from (0, 0), gradient by the
    chain rule).

    >>> [round(v, 3) for v in minimum()]
    [0.2, 0.28]
    """
    if not isinstance(activation, str):
        raise TypeError(f"minimum() expects an activation name, got {activation!r}")
    return _minimum(activation)


# --------------------------------------------------------------------------- the algebra
w_, b_, x_, y_ = sp.symbols("w b x y", real=True)
"""The symbols of the derivations: weight, bias, input, target."""


class gprime(sp.Function):
    """g′, the derivative of an unspecified activation g (printed g′)."""

    def _latex(self, printer, exp=None):
        return rf"g'\!\left({printer._print(self.args[0])}\right)"


class g(sp.Function):
    """An unspecified activation g: the chain rule does not need to know which."""

    def fdiff(self, argindex=1):
        return gprime(self.args[0])


def _unit_derivation(var: sp.Symbol, inner: sp.Expr, name: str, why: str) -> Derivation:
    z = plus(w_ * x_, b_)
    a = g(z)
    error = plus(a, -y_)
    return Derivation(
        f"unit_{name}", f"the unit's ∂L/∂{name}",
        (a - y_) ** 2 / 2, rf"\frac{{\partial L}}{{\partial {name}}}", [
            Step(seq(error, sp.Derivative(a, var)),
                 r"Chain rule through $a = g(z)$: the outer $\tfrac12 (a - y)^2$ has slope "
                 r"$\frac{\partial L}{\partial a} = a - y$ (the ½ cancels the 2)."),
            Step(seq(error, gprime(z), sp.Derivative(z, var)),
                 r"Chain rule through $z = wx + b$: $\frac{\partial a}{\partial " + name
                 + r"} = g'(z)\cdot\frac{\partial z}{\partial " + name + "}$."),
            Step(seq(error, gprime(z), inner), why),
        ], var=var)


UNIT_DERIVATIONS: dict[str, Derivation] = {
    "w": _unit_derivation(w_, x_, "w", r"$\frac{\partial z}{\partial w} = x$: with $b$ held "
                                       r"fixed, $z = wx + b$ changes $x$ times as fast as $w$."),
    "b": _unit_derivation(b_, sp.Integer(1), "b", r"$\frac{\partial z}{\partial b} = 1$: "
                                                  r"with $w$ held fixed, $z$ moves one for one "
                                                  r"with $b$."),
}
r"""∂L/∂w and ∂L/∂b for L = ½(g(wx + b) − y)², any activation g, one step per line."""

__all__ = ["B_RANGE", "LINEAR", "TOY_X", "TOY_Y", "UNITS", "UNIT_DERIVATIONS", "W_RANGE",
           "DescentPath", "descent_path", "gradient_step", "loss_surface", "minimum",
           "unit_gradient", "unit_loss", "unit_output"]
