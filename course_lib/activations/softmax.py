r"""Softmax, the activation of a many-class output: :math:`s_i = e^{z_i}/\sum_k e^{z_k}`.

Each output depends on every input, so its derivative is a matrix, the Jacobian

.. math::  \frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j),
           \qquad J = \operatorname{diag}(s) - s\,s^\top ,

and with the cross-entropy :math:`L = -\sum_i y_i \log s_i` of a label distribution y (the
y_i sum to 1) the softmax's Jacobian cancels against the loss, as σ′ does in notebook 02:

.. math::  \frac{\partial L}{\partial z} = s - y .

That is the many-class twin of σ − y: softmax of two classes is the sigmoid of their
difference, s₁ = σ(z₁ − z₂). :data:`DERIVATIONS` derives the two kinds of Jacobian entry and
the cross-entropy gradient step by step for three classes (checked by SymPy, like every
derivation of the course); :func:`softmax`, :func:`softmax_jacobian`, :func:`softmax_vjp`,
:func:`log_softmax`, :func:`softmax_cross_entropy` and its gradient are the NumPy versions.

They work along ``axis`` (the last by default) of an array of any shape, keep float32, raise
no floating-point warning, and take the limits at infinities: a lone +inf entry gets all the
probability, −inf entries none; a row with several +inf entries, only −inf entries or a NaN
is NaN (no limit, or none defined).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._record import ArrayLike
from course_lib.symbolic import Derivation, Step, plus, seq


def _axis(z: np.ndarray, axis: int, func: str) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{func}() expects axis to be an int, got {type(axis).__name__}")
    if z.ndim == 0 or not -z.ndim <= axis < z.ndim:
        raise ValueError(f"{func}() needs an array with an axis {axis}, got shape {z.shape}")
    return int(axis) % z.ndim


def _shifted(z: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """z − max(z) along ``axis`` (every entry ≤ 0: exp cannot overflow) and a mask of the
    rows that have no limit (NaN, several +inf, all −inf). A lone +inf becomes 0, the other
    entries of its row −inf: the limit of its row."""
    top = np.max(z, axis=axis, keepdims=True)
    infinite = np.isposinf(z)
    n_inf = np.sum(infinite, axis=axis, keepdims=True)
    bad = np.isnan(top) | (n_inf > 1) | np.isneginf(top)
    finite_top = np.where(np.isfinite(top), top, 0)
    with np.errstate(invalid="ignore"):     # inf − 0 and −inf − 0: exact, no NaN made here
        shifted = z - finite_top
    lone = (n_inf == 1)
    if lone.any():
        shifted = np.where(lone, np.where(infinite, 0, -np.inf), shifted).astype(z.dtype)
    return shifted, np.broadcast_to(bad, z.shape)


def softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Softmax along ``axis``: :math:`e^{z_i - m}/\sum_k e^{z_k - m}` with m the largest
    entry (the same value; nothing overflows).

    >>> softmax([1.0, 2.0, 3.0]).round(6)
    array([0.090031, 0.244728, 0.665241])
    >>> softmax([0.0, np.inf]).tolist()
    [0.0, 1.0]
    """
    z = as_real_array(z, "softmax")
    axis = _axis(z, axis, "softmax")
    shifted, bad = _shifted(z, axis)
    e = np.exp(shifted)
    total = np.sum(e, axis=axis, keepdims=True)        # ≥ 1 in every row with a limit
    with np.errstate(invalid="ignore", divide="ignore"):
        out = e / np.where(bad, 1, total)
    out[bad] = np.nan
    return finish(out)


def log_softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""log softmax along ``axis``: :math:`z_i - m - \log\sum_k e^{z_k - m}` (every digit of
    a tiny probability kept, where log(softmax) would give −inf).

    >>> float(log_softmax([0.0, 800.0])[0])
    -800.0
    """
    z = as_real_array(z, "log_softmax")
    axis = _axis(z, axis, "log_softmax")
    shifted, bad = _shifted(z, axis)
    out = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    out[bad] = np.nan
    return finish(out)


def softmax_jacobian(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""The Jacobian :math:`\partial s_i/\partial z_j = s_i(\delta_{ij} - s_j)`, that is
    :math:`\operatorname{diag}(s) - s s^\top`: for ``z`` of shape (…, n) (``axis`` moved last),
    an array of shape (…, n, n). Each row sums to 0 (adding a constant to every z_j changes
    nothing).

    >>> softmax_jacobian([0.0, 0.0]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    z = as_real_array(z, "softmax_jacobian")
    s = np.moveaxis(np.asarray(softmax(z, _axis(z, axis, "softmax_jacobian"))), axis, -1)
    eye = np.eye(s.shape[-1], dtype=s.dtype)
    return s[..., :, None] * eye - s[..., :, None] * s[..., None, :]


def softmax_vjp(z: ArrayLike, v: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""The backward pass through softmax: :math:`J^\top v = s \odot (v - \langle s, v\rangle)`
    for an upstream gradient v shaped like z, in O(n) per row instead of the n² of the
    Jacobian.

    >>> softmax_vjp([0.0, 0.0], [1.0, 0.0]).tolist()
    [0.25, -0.25]
    """
    z = as_real_array(z, "softmax_vjp")
    v = as_real_array(v, "softmax_vjp")
    axis = _axis(z, axis, "softmax_vjp")
    s = np.asarray(softmax(z, axis))
    return finish(s * (v - np.sum(s * v, axis=axis, keepdims=True)))


def softmax_cross_entropy(z: ArrayLike, y: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Cross-entropy of the softmax of z against a label distribution y:
    :math:`-\sum_i y_i\log s_i`, computed from :func:`log_softmax` (finite for every finite z).

    >>> round(float(softmax_cross_entropy([0.0, 0.0], [1.0, 0.0])), 12)
    0.69314718056
    """
    z = as_real_array(z, "softmax_cross_entropy")
    y = as_real_array(y, "softmax_cross_entropy")
    axis = _axis(z, axis, "softmax_cross_entropy")
    return finish(-np.sum(y * log_softmax(z, axis), axis=axis))


def softmax_cross_entropy_gradient(z: ArrayLike, y: ArrayLike, axis: int = -1) -> np.ndarray:
    r""":math:`\partial L/\partial z = s\sum_i y_i - y`, which is :math:`s - y` for a label
    distribution (the y_i sum to 1): the Jacobian of softmax cancels against the loss.

    >>> softmax_cross_entropy_gradient([0.0, 0.0], [1.0, 0.0]).tolist()
    [-0.5, 0.5]
    """
    z = as_real_array(z, "softmax_cross_entropy_gradient")
    y = as_real_array(y, "softmax_cross_entropy_gradient")
    axis = _axis(z, axis, "softmax_cross_entropy_gradient")
    return finish(np.asarray(softmax(z, axis)) * np.sum(y, axis=axis, keepdims=True) - y)


# --------------------------------------------------------------------------- symbolic
Z = sp.symbols("z1:4", real=True)
"""Three classes' scores z₁, z₂, z₃ (what is true for three is checked for every i and j)."""
Y = sp.symbols("y1:3", real=True)
"""The labels y₁, y₂; y₃ = 1 − y₁ − y₂ (they sum to 1)."""
_D = sum(sp.exp(zk) for zk in Z)
S = tuple(sp.exp(zi) / _D for zi in Z)
"""s₁, s₂, s₃ written out."""
_LABELS = (*Y, 1 - Y[0] - Y[1])
LOSS = -sum(yi * sp.log(si) for yi, si in zip(_LABELS, S, strict=True))
"""The cross-entropy −Σ yᵢ log sᵢ of three classes."""

DERIVATIONS = {
    "softmax_diagonal": Derivation(
        "softmax_diagonal", r"a diagonal entry of softmax's Jacobian", S[0],
        r"\frac{\partial s_1}{\partial z_1}", var=Z[0], steps=[
            Step(sp.Derivative(S[0], Z[0]),
                 r"$s_1 = e^{z_1}/D$ with $D = e^{z_1} + e^{z_2} + e^{z_3}$."),
            Step(plus(seq(sp.exp(Z[0]), _D), -seq(sp.exp(Z[0]), sp.exp(Z[0]))) / _D**2,
                 r"Quotient rule: $z_1$ appears in the numerator and in $D$, with "
                 r"$\partial D/\partial z_1 = e^{z_1}$."),
            Step(plus(sp.exp(Z[0]) / _D, -(sp.exp(Z[0]) / _D) ** 2),
                 "Split the fraction in two."),
            Step(seq(sp.exp(Z[0]) / _D, 1 - sp.exp(Z[0]) / _D),
                 r"Factor out $s_1$: $\partial s_1/\partial z_1 = s_1(1 - s_1)$, the "
                 r"sigmoid's $\sigma(1 - \sigma)$ again."),
        ]),
    "softmax_off_diagonal": Derivation(
        "softmax_off_diagonal", r"an off-diagonal entry of softmax's Jacobian", S[0],
        r"\frac{\partial s_1}{\partial z_2}", var=Z[1], steps=[
            Step(sp.Derivative(S[0], Z[1]), r"$s_1 = e^{z_1}/D$; now vary $z_2$."),
            Step(-seq(sp.exp(Z[0]), sp.exp(Z[1])) / _D**2,
                 r"Only $D$ contains $z_2$: $\frac{d}{dz_2}\frac{1}{D} = "
                 r"-\frac{e^{z_2}}{D^2}$."),
            Step(-seq(sp.exp(Z[0]) / _D, sp.exp(Z[1]) / _D),
                 r"That is $-s_1 s_2$: raising one score takes probability from every other "
                 r"class, in proportion."),
        ]),
    "softmax_cross_entropy": Derivation(
        "softmax_cross_entropy", r"the gradient of cross-entropy through softmax", LOSS,
        r"\frac{\partial L}{\partial z_1}", var=Z[0], steps=[
            Step(sp.Derivative(LOSS, Z[0]),
                 r"$L = -\sum_i y_i \log s_i$, with $y_3 = 1 - y_1 - y_2$."),
            Step(sp.Derivative(-sum(yi * zi for yi, zi in zip(_LABELS, Z, strict=True))
                               + sp.log(_D), Z[0]),
                 r"$\log s_i = z_i - \log D$, and the $y_i$ sum to 1: "
                 r"$L = -\sum_i y_i z_i + \log D$."),
            Step(plus(-Y[0], sp.exp(Z[0]) / _D),
                 r"Only $y_1 z_1$ and $\log D$ contain $z_1$; "
                 r"$\partial\log D/\partial z_1 = e^{z_1}/D$."),
            Step(plus(sp.exp(Z[0]) / _D, -Y[0]),
                 r"That is $s_1 - y_1$: for every class, $\partial L/\partial z = s - y$."),
        ]),
}
"""Softmax's Jacobian entries and the cross-entropy gradient, step by step, for three
classes; each verifies with SymPy (:meth:`Derivation.verify`)."""


def jacobian_is_diag_minus_outer() -> bool:
    """SymPy's proof that, for three classes, every ∂sᵢ/∂zⱼ is sᵢ(δᵢⱼ − sⱼ).

    >>> jacobian_is_diag_minus_outer()
    True
    """
    return all(sp.simplify(sp.diff(S[i], Z[j]) - S[i] * (int(i == j) - S[j])) == 0
               for i in range(3) for j in range(3))


__all__ = ["DERIVATIONS", "LOSS", "S", "Y", "Z", "jacobian_is_diag_minus_outer", "log_softmax",
           "softmax", "softmax_cross_entropy", "softmax_cross_entropy_gradient",
           "softmax_jacobian", "softmax_vjp"]
