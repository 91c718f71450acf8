r"""Gated linear units: a value a, let through by a gate of a second input b.

* **GLU** (Dauphin, Fan, Auli & Grangier 2017): :math:`\operatorname{GLU}(a, b) = a\,\sigma(b)`;
* **SwiGLU** (Shazeer 2020, "GLU variants improve Transformer"): the gate is SiLU (Swish)
  instead, :math:`\operatorname{SwiGLU}(a, b) = a\,\operatorname{SiLU}(b)` — the feed-forward
  layer of most large language models (PaLM, LLaMA), where a and b are two linear
  projections of the same input.

A layer splits its input in two halves (PyTorch's ``F.glu(x, dim)``: first half a, second
half b; :func:`glu_split` does the same). With two inputs the derivative is a gradient,

.. math::  \frac{\partial}{\partial a} = g(b), \qquad \frac{\partial}{\partial b} = a\,g'(b),

and the second derivative a 2×2 Hessian :math:`\begin{pmatrix}0 & g'(b)\\ g'(b) & a\,g''(b)
\end{pmatrix}` with g = σ (GLU) or SiLU (SwiGLU). The value side is linear (∂²/∂a² = 0); all
the curvature is in the gate. :data:`DERIVATIONS` derives ∂/∂b of both with SymPy; the
NumPy functions reuse the atlas's exact σ, SiLU and their derivatives, so they keep the
tails. Both inputs broadcast against each other.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._record import ArrayLike
from course_lib.activations.atlas import sigmoid as _sigmoid
from course_lib.activations.atlas import silu as _silu
from course_lib.symbolic import Derivation, Step, plus, seq


def _pair(a: ArrayLike, b: ArrayLike, func: str) -> tuple[np.ndarray, np.ndarray]:
    a, b = as_real_array(a, func), as_real_array(b, func)
    try:
        return np.broadcast_arrays(a, b)
    except ValueError:
        raise ValueError(f"{func}() needs a and b of shapes that broadcast, got {a.shape} "
                         f"and {b.shape}") from None


def _product(a: np.ndarray, gate: np.ndarray) -> np.ndarray:
    """a·gate, where a zero gate makes an infinite a give 0 (the limit), not NaN."""
    with np.errstate(invalid="ignore"):
        out = a * gate
    return np.where((gate == 0) & np.isinf(a), 0 * gate, out)


# --------------------------------------------------------------------------- GLU
def glu(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    r"""GLU, :math:`a\,\sigma(b)`.

    >>> float(glu(2.0, 0.0))
    1.0
    """
    a, b = _pair(a, b, "glu")
    return finish(_product(a, _sigmoid.sigmoid(b)))


def glu_gradient(a: ArrayLike, b: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    r"""The gradient of GLU: :math:`(\sigma(b),\ a\,\sigma'(b))`.

    >>> [float(x) for x in glu_gradient(2.0, 0.0)]
    [0.5, 0.5]
    """
    a, b = _pair(a, b, "glu_gradient")
    return finish(_sigmoid.sigmoid(b)), finish(_product(a, _sigmoid.sigmoid_derivative(b)))


def glu_hessian(a: ArrayLike, b: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The Hessian of GLU as (∂²/∂a², ∂²/∂a∂b, ∂²/∂b²) = :math:`(0,\ \sigma'(b),\ a\,\sigma''(b))`.

    >>> h = glu_hessian(2.0, 0.0)
    >>> float(h[0]), float(h[1]), float(h[2]) == 0
    (0.0, 0.25, True)
    """
    a, b = _pair(a, b, "glu_hessian")
    zero = np.where(np.isnan(a) | np.isnan(b), np.nan, 0).astype(a.dtype)
    return (finish(zero), finish(_sigmoid.sigmoid_derivative(b)),
            finish(_product(a, _sigmoid.sigmoid_second_derivative(b))))


# --------------------------------------------------------------------------- SwiGLU
def swiglu(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    r"""SwiGLU, :math:`a\,\operatorname{SiLU}(b) = a\,b\,\sigma(b)`.

    >>> round(float(swiglu(2.0, 1.0)), 12)
    1.46211715726
    """
    a, b = _pair(a, b, "swiglu")
    return finish(_product(a, _silu.silu(b)))


def swiglu_gradient(a: ArrayLike, b: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    r"""The gradient of SwiGLU: :math:`(\operatorname{SiLU}(b),\ a\,\operatorname{SiLU}'(b))`.

    >>> [round(float(x), 12) for x in swiglu_gradient(2.0, 0.0)]
    [0.0, 1.0]
    """
    a, b = _pair(a, b, "swiglu_gradient")
    return finish(_silu.silu(b)), finish(_product(a, _silu.silu_derivative(b)))


def swiglu_hessian(a: ArrayLike, b: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The Hessian of SwiGLU as (∂²/∂a², ∂²/∂a∂b, ∂²/∂b²) =
    :math:`(0,\ \operatorname{SiLU}'(b),\ a\,\operatorname{SiLU}''(b))`.

    >>> [float(x) for x in swiglu_hessian(2.0, 0.0)]
    [0.0, 0.5, 1.0]
    """
    a, b = _pair(a, b, "swiglu_hessian")
    zero = np.where(np.isnan(a) | np.isnan(b), np.nan, 0).astype(a.dtype)
    return (finish(zero), finish(_silu.silu_derivative(b)),
            finish(_product(a, _silu.silu_second_derivative(b))))


def glu_split(x: ArrayLike, axis: int = -1, gate: str = "sigmoid") -> np.ndarray:
    r"""A GLU layer's activation as frameworks compute it: split ``x`` in two halves along
    ``axis``, a (first) and b (second), and return :func:`glu` (``gate="sigmoid"``) or
    :func:`swiglu` (``gate="silu"``) of them.

    >>> glu_split([2.0, 0.0]).tolist()
    [1.0]
    """
    x = as_real_array(x, "glu_split")
    if gate not in ("sigmoid", "silu"):
        raise ValueError(f"glu_split() expects gate 'sigmoid' or 'silu', got {gate!r}")
    if x.ndim == 0 or x.shape[axis] % 2:
        raise ValueError(f"glu_split() needs an even length along axis {axis}, got shape "
                         f"{x.shape}")
    a, b = np.split(x, 2, axis=axis)
    return (glu if gate == "sigmoid" else swiglu)(a, b)


# --------------------------------------------------------------------------- symbolic
A, B = sp.symbols("a b", real=True)
_sigma = _sigmoid.RECORD.symbol
_silu_f = _silu.RECORD.symbol

DERIVATIONS = {
    "glu_gate": Derivation(
        "glu_gate", "GLU's derivative with respect to its gate", A * _sigma(B),
        r"\frac{\partial\,\operatorname{GLU}}{\partial b}", var=B, steps=[
            Step(sp.Derivative(A * _sigma(B), B), r"GLU$(a, b) = a\,\sigma(b)$."),
            Step(seq(A, _sigma.prime(B)), r"a does not depend on b: it stays as a factor."),
            Step(seq(A, _sigma(B), _sigma(-B)),
                 r"$\sigma' = \sigma(b)\,\sigma(-b)$ (notebook 02, the sigmoid)."),
        ]),
    "swiglu_gate": Derivation(
        "swiglu_gate", "SwiGLU's derivative with respect to its gate", A * _silu_f(B),
        r"\frac{\partial\,\operatorname{SwiGLU}}{\partial b}", var=B, steps=[
            Step(sp.Derivative(A * _silu_f(B), B), r"SwiGLU$(a, b) = a\,\operatorname{SiLU}(b)$."),
            Step(seq(A, _silu_f.prime(B)), r"a stays as a factor."),
            Step(seq(A, _sigma(B), plus(1, seq(B, _sigma(-B)))),
                 r"SiLU$' = \sigma(b)\,(1 + b\,\sigma(-b))$ (notebook 09, SiLU)."),
        ]),
}
"""∂/∂b of GLU and SwiGLU, step by step; each verifies with SymPy."""

__all__ = ["DERIVATIONS", "glu", "glu_gradient", "glu_hessian", "glu_split", "swiglu",
           "swiglu_gradient", "swiglu_hessian"]
