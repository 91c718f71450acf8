"""The nine activation functions of the course, each beside its derivative.

Every function takes a number, a list or a NumPy array of any shape and returns the same
shape; float16/32/64 keep their type, integers become float64 (see :mod:`course_lib._arrays`).
They are exact to a few units in the last place over the whole real line, tails included,
raise no floating-point warning for any input, map ±inf to the mathematical limits and NaN to
NaN. Non-numeric input raises ``TypeError`` naming the function.

At a kink (ReLU, Leaky ReLU and ELU at z = 0) the derivative returns the *left-hand*
derivative, the convention PyTorch and TensorFlow use (notebook 03 explains why it is only a
convention).

``ACTIVATIONS`` maps each name to an :class:`Activation` record with the function, its
derivative and the LaTeX of both.

Introduced in notebook 01 (sigmoid) and used by every notebook after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

from course_lib._arrays import as_parameter, as_real_array, blockwise, finish

ArrayLike = Any
"""Anything :func:`numpy.asarray` turns into real numbers: a float, a list, an array."""


def _finite_bounds(dtype: np.dtype) -> tuple[np.floating, np.floating]:
    """The most negative and the largest finite float of ``dtype``."""
    info = np.finfo(dtype)
    return info.min, info.max


def _expit_threshold(dtype: np.dtype) -> np.floating:
    """Below this z, SciPy's ``expit`` returns 0 although σ(z) is still a (subnormal) float."""
    return np.log(np.finfo(dtype).max) * -0.99


def _expit_into(z: np.ndarray, out: np.ndarray) -> None:
    """σ(z) into ``out`` via SciPy's ``expit``, with the far left tail fixed (``out`` may be
    ``z`` itself).

    ``expit`` returns 0 once e^(−z) overflows (z < −709.8 in float64, z < −88.7 in float32),
    although σ(z) = e^z/(1 + e^z) is still a subnormal number there; for such z, 1 + e^z
    rounds to 1, so σ(z) = e^z exactly as computed. Only the few affected entries are redone.
    (float16 has no ``expit`` loop of its own: it is computed in float32 and rounded once.)
    """
    threshold = _expit_threshold(z.dtype)
    # a NaN-ignoring minimum is a cheap reduction; the mask is built only when needed
    far_left = None
    if z.size and np.fmin.reduce(z, axis=None) < threshold:
        far_left = z < threshold
        tail = np.exp(z[far_left])
    special.expit(z, out=out)
    if far_left is not None:
        out[far_left] = tail


def _softplus_into(z: np.ndarray, out: np.ndarray, t: np.ndarray) -> None:
    """log(1 + e^z) as max(z, 0) + log1p(e^(−|z|)) into ``out`` (scratch ``t``): no
    overflow, and e^z kept for z ≪ 0."""
    np.abs(z, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    np.maximum(z, z.dtype.type(0), out=out)
    np.add(out, t, out=out)


def _sech2_into(s: np.ndarray, out: np.ndarray, e: np.ndarray, d: np.ndarray) -> None:
    """sech²(s) = 4e^{−2|s|}/(1+e^{−2|s|})², computed in float64 (scratch ``e`` and ``d``)
    and never above its maximum 1, into ``out``; |s| is capped at 400, where it is 0 anyway
    (so −2|s| cannot overflow)."""
    np.abs(s, out=e)
    np.minimum(e, 400.0, out=e)
    np.multiply(e, -2.0, out=e)
    np.exp(e, out=e)
    np.add(e, 1.0, out=d)
    np.square(d, out=d)
    np.multiply(e, 4.0, out=e)
    np.divide(e, d, out=e)
    np.minimum(e, 1.0, out=out)


def _nan_where_nan(z: np.ndarray, out: np.ndarray) -> None:
    """Put NaN in ``out`` where ``z`` is NaN (a NaN-propagating minimum finds out cheaply
    whether there is any)."""
    if z.size and np.isnan(np.minimum.reduce(z, axis=None)):
        np.copyto(out, z, where=np.isnan(z))


# --------------------------------------------------------------------------- sigmoid
def sigmoid(z: ArrayLike) -> np.ndarray:
    r"""Logistic sigmoid, :math:`\sigma(z) = 1/(1+e^{-z})`, with range (0, 1).

    Computed as :math:`1/(1+e^{-z})` for z ≥ 0 and :math:`e^{z}/(1+e^{z})` for z < 0, so
    ``exp`` never overflows and the left tail keeps every digit (SciPy's ``expit``, with the
    subnormal far-left tail added).

    >>> float(sigmoid(0.0))
    0.5
    >>> float(sigmoid(-40.0))   # 1/(1+e^40): tiny, but not 0
    4.248354255291589e-18
    """
    z = as_real_array(z, "sigmoid")
    out = np.empty(z.shape, z.dtype)   # one expit pass: nothing to gain from blocks
    _expit_into(z, out)
    return finish(out)


def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of the sigmoid, :math:`\sigma'(z) = \sigma(z)(1-\sigma(z)) = \sigma(z)\sigma(-z)`.

    The form σ(z)σ(−z) is used because 1 − σ(z) cancels to 0 once σ(z) rounds to 1
    (z ≳ 37 in float64), while σ(−z) keeps full precision. Maximum 1/4 at z = 0.

    >>> float(sigmoid_derivative(0.0))
    0.25
    >>> float(sigmoid_derivative(40.0))
    4.248354255291589e-18
    """
    z = as_real_array(z, "sigmoid_derivative")
    quarter = z.dtype.type(0.25)

    def block(z, out, t):
        _expit_into(z, out)
        np.negative(z, out=t)
        _expit_into(t, t)
        np.multiply(out, t, out=out)
        # the product can round one ulp above the true maximum 1/4 next to z = 0: clip it
        np.minimum(out, quarter, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


# --------------------------------------------------------------------------- tanh
def tanh(z: ArrayLike) -> np.ndarray:
    r"""Hyperbolic tangent, :math:`\tanh z = (e^{z}-e^{-z})/(e^{z}+e^{-z}) = 2\sigma(2z)-1`.

    >>> float(tanh(0.0))
    0.0
    """
    z = as_real_array(z, "tanh")
    return finish(np.tanh(z))


def tanh_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of tanh, :math:`1-\tanh^2 z = \operatorname{sech}^2 z = 4\sigma'(2z)`.

    Computed as :math:`4e^{-2|z|}/(1+e^{-2|z|})^2`, which equals sech²z without the
    cancellation of 1 − tanh²z (that form is exactly 0 from |z| ≈ 19) and without the
    overflow of cosh.

    >>> float(tanh_derivative(0.0))
    1.0
    >>> float(tanh_derivative(20.0))
    1.6993417021166355e-17
    """
    z = as_real_array(z, "tanh_derivative")
    return finish(blockwise(_sech2_into, z, z.dtype, (np.float64, np.float64)))


# --------------------------------------------------------------------------- ReLU
def relu(z: ArrayLike) -> np.ndarray:
    r"""Rectified linear unit, :math:`\max(0, z)`.

    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    z = as_real_array(z, "relu")
    return finish(np.maximum(z, z.dtype.type(0)))


def relu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of ReLU: 1 for z > 0, 0 for z < 0, and 0 at the kink z = 0.

    At z = 0 ReLU has no derivative (left slope 0, right slope 1); any value in [0, 1] is a
    subgradient. Like PyTorch and TensorFlow we return the left-hand derivative, 0.

    >>> relu_derivative([-1.0, 0.0, 1.0])
    array([0., 0., 1.])
    """
    z = as_real_array(z, "relu_derivative")
    out = np.asarray(z > 0).astype(z.dtype)
    _nan_where_nan(z, out)
    return finish(out)


# --------------------------------------------------------------------------- Leaky ReLU
def leaky_relu(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    r"""Leaky ReLU: z for z > 0 and αz for z ≤ 0 (α = 0.01 by default).

    For 0 ≤ α ≤ 1 this equals :math:`\max(\alpha z, z)`; for other α that form is wrong
    (for α > 1 it picks αz on the positive side).

    >>> leaky_relu([-2.0, 3.0])
    array([-0.02,  3.  ])
    """
    z = as_real_array(z, "leaky_relu")
    a = as_parameter(alpha, "alpha", "leaky_relu", z.dtype)
    lowest = np.finfo(z.dtype).min

    def block(z, out, positive):
        if a == 0:
            np.maximum(z, lowest, out=out)   # 0·(−inf) would be NaN
            np.multiply(out, a, out=out)
        else:
            np.multiply(z, a, out=out)
        np.greater(z, 0, out=positive)
        np.copyto(out, z, where=positive)

    return finish(blockwise(block, z, z.dtype, (np.bool_,)))


def leaky_relu_derivative(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    r"""Derivative of Leaky ReLU: 1 for z > 0, α for z < 0, and α (left-hand) at z = 0.

    >>> leaky_relu_derivative([-1.0, 0.0, 1.0], alpha=0.1)
    array([0.1, 0.1, 1. ])
    """
    z = as_real_array(z, "leaky_relu_derivative")
    a = as_parameter(alpha, "alpha", "leaky_relu_derivative", z.dtype)
    out = np.where(z > 0, z.dtype.type(1), a)
    _nan_where_nan(z, out)
    return finish(out)


# --------------------------------------------------------------------------- softplus
def softplus(z: ArrayLike) -> np.ndarray:
    r"""Softplus, :math:`\log(1+e^{z})`: a smooth ReLU.

    Computed as :math:`\max(z,0)+\log(1+e^{-|z|})`, which neither overflows for large z nor
    loses the tiny value e^z for very negative z.

    >>> float(softplus(0.0)) == float(np.log(2))
    True
    >>> float(softplus(-700.0))
    9.85967654375977e-305
    """
    z = as_real_array(z, "softplus")
    return finish(blockwise(_softplus_into, z, z.dtype, (z.dtype,)))


def softplus_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of softplus: exactly the sigmoid, :math:`\sigma(z)`.

    >>> float(softplus_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "softplus_derivative")
    out = np.empty(z.shape, z.dtype)   # one expit pass: nothing to gain from blocks
    _expit_into(z, out)
    return finish(out)


# --------------------------------------------------------------------------- ELU
def elu(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Exponential linear unit: z for z > 0 and :math:`\alpha(e^{z}-1)` for z ≤ 0.

    Uses ``expm1`` so that α(e^z − 1) keeps its digits for small |z|.

    >>> float(elu(-1.0))
    -0.6321205588285577
    """
    z = as_real_array(z, "elu")
    a = as_parameter(alpha, "alpha", "elu", z.dtype)
    zero = z.dtype.type(0)

    def block(z, out, positive):
        np.minimum(z, zero, out=out)
        np.expm1(out, out=out)
        np.multiply(out, a, out=out)
        np.greater(z, zero, out=positive)
        np.copyto(out, z, where=positive)

    return finish(blockwise(block, z, z.dtype, (np.bool_,)))


def elu_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Derivative of ELU: 1 for z > 0 and :math:`\alpha e^{z}` for z ≤ 0 (α at z = 0).

    With α = 1 the two sides meet (1 = e^0) and ELU is continuously differentiable; for any
    other α the derivative jumps at 0 and we return the left-hand value α.

    >>> elu_derivative([-1.0, 0.0, 1.0], alpha=2.0)
    array([0.73575888, 2.        , 1.        ])
    """
    z = as_real_array(z, "elu_derivative")
    a = as_parameter(alpha, "alpha", "elu_derivative", z.dtype)
    zero, one = z.dtype.type(0), z.dtype.type(1)

    def block(z, out, positive):
        np.minimum(z, zero, out=out)
        np.exp(out, out=out)               # e^min(z, 0): already 1 for z > 0 …
        if a != one:                       # … so only α ≠ 1 needs the two sides told apart
            np.multiply(out, a, out=out)
            np.greater(z, zero, out=positive)
            np.copyto(out, one, where=positive)

    return finish(blockwise(block, z, z.dtype, (np.bool_,)))


# --------------------------------------------------------------------------- SiLU / Swish
def silu(z: ArrayLike) -> np.ndarray:
    r"""SiLU (Swish with β = 1), :math:`z\,\sigma(z)`.

    >>> float(silu(1.0))
    0.7310585786300049
    """
    z = as_real_array(z, "silu")
    lowest = np.finfo(z.dtype).min

    def block(z, out, zf):
        np.maximum(z, lowest, out=zf)     # −inf·σ(−inf) would be NaN: use the lowest float
        _expit_into(zf, out)
        np.multiply(zf, out, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


def silu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of SiLU by the product rule:
    :math:`\sigma(z) + z\sigma'(z) = \sigma(z)\,(1 + z\,\sigma(-z))`.

    Zero at z ≈ −1.2785 (the bottom of SiLU's dip).

    >>> float(silu_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "silu_derivative")
    lowest, highest = _finite_bounds(z.dtype)
    one = z.dtype.type(1)

    def block(z, out, zf, t):
        np.clip(z, lowest, highest, out=zf)   # ±inf·0 would be NaN: use the largest floats
        np.negative(zf, out=t)
        _expit_into(t, t)
        np.multiply(zf, t, out=t)
        np.add(one, t, out=t)
        _expit_into(zf, out)
        np.multiply(out, t, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype, z.dtype)))


# --------------------------------------------------------------------------- GELU
_SQRT_HALF = np.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)
_GAUSS_CUTOFF = 40.0  # Φ(−40) ≈ 3.7e−350 is below the smallest float64
_CAREFUL_BELOW = -1.0
"""For z ≤ −1 the left tail Φ(z) is computed by :func:`_gaussian_tail`; above, SciPy's
``ndtr`` is already exact to an ulp or two (it uses erf near 0 and 1 − ½erfc to the right)."""


def _gaussian_tail(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Return :math:`(\Phi(-a),\ e^{-a^2/2})` to full relative precision, for float64
    1 ≤ a ≤ 40 (two new arrays; ``a`` is left as it was).

    Φ(−a) = ½·erfcx(a/√2)·e^{−a²/2}. The scaled function erfcx is smooth, so rounding
    a/√2 costs nothing; e^{−a²/2} would lose up to ~1000 ulps if a² were rounded first, so
    a² is split exactly into hi + lo (Dekker's product) and e^{−lo/2} ≈ 1 − lo/2 is applied.
    (Below a = 1, plain erfc, as in ``ndtr``, is the more accurate route: erfcx·gauss stacks
    three roundings.)
    """
    a_hi = 134217729.0 * a  # 2**27 + 1: Veltkamp's split of a into two 26-bit halves
    t = a_hi - a
    a_hi -= t                                   # a_hi = split − (split − a)
    a_lo = np.subtract(a, a_hi, out=t)
    sq_hi = a * a
    sq_lo = a_hi * a_hi
    sq_lo -= sq_hi
    a_hi *= 2
    a_hi *= a_lo
    sq_lo += a_hi                               # (a_hi² − hi) + 2·a_hi·a_lo …
    a_lo *= a_lo
    sq_lo += a_lo                               # … + a_lo²
    sq_hi *= -0.5
    gauss = np.exp(sq_hi, out=sq_hi)
    sq_lo *= -0.5
    sq_lo += 1
    gauss *= sq_lo                              # e^{−hi/2}·(1 − lo/2)
    tail = np.multiply(a, _SQRT_HALF, out=a_hi)
    special.erfcx(tail, out=tail)
    tail *= gauss
    tail *= 0.5
    return tail, gauss


def _gelu_into(z: np.ndarray, out: np.ndarray, z64: np.ndarray, left: np.ndarray,
               derivative: bool) -> None:
    """GELU (or its derivative) of one block: ``ndtr`` for z > −1, the careful tail of
    :func:`_gaussian_tail` only for the entries at or below −1."""
    if derivative:   # → 1 as z → ∞, and z² must not overflow
        np.clip(z, -_GAUSS_CUTOFF, _GAUSS_CUTOFF, out=z64)
    else:            # z·Φ(z) = z for z ≫ 0; Φ(z) is 0 below −40: GELU rounds to −0 there
        np.maximum(z, -_GAUSS_CUTOFF, out=z64)
    np.less_equal(z64, _CAREFUL_BELOW, out=left)
    careful = np.flatnonzero(left)
    n_careful = careful.size
    if n_careful < z64.size:
        right = np.flatnonzero(~left) if n_careful else slice(None)
        x = z64[right]
        cdf = special.ndtr(x)
        if derivative:   # Φ(z) + z·φ(z); here z > −1, so rounding z² costs < ½ ulp of φ
            phi = x * x
            phi *= -0.5
            np.exp(phi, out=phi)
            phi *= x
            phi *= _INV_SQRT_2PI
            cdf += phi
        else:
            cdf *= x
        out[right] = cdf
    if n_careful:
        x = z64[careful]
        tail, gauss = _gaussian_tail(np.negative(x))
        if derivative:
            gauss *= x
            gauss *= _INV_SQRT_2PI
            tail += gauss
        else:
            tail *= x
        out[careful] = tail


def gelu(z: ArrayLike) -> np.ndarray:
    r"""GELU in its exact form, :math:`z\,\Phi(z)`, with Φ the standard normal CDF.

    Not the tanh approximation (notebook 06 plots the difference). Accurate in the far left
    tail: GELU(−30) ≈ −1.47e−196.

    >>> round(float(gelu(1.0)), 12)
    0.841344746069
    """
    z = as_real_array(z, "gelu")

    def block(z, out, z64, left):
        _gelu_into(z, out, z64, left, derivative=False)

    return finish(blockwise(block, z, z.dtype, (np.float64, np.bool_)))


def gelu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of GELU by the product rule: :math:`\Phi(z) + z\,\varphi(z)`, with
    :math:`\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}` the normal density.

    Zero at z ≈ −0.7518 (the bottom of GELU's dip).

    >>> float(gelu_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "gelu_derivative")

    def block(z, out, z64, left):
        _gelu_into(z, out, z64, left, derivative=True)

    return finish(blockwise(block, z, z.dtype, (np.float64, np.bool_)))


# --------------------------------------------------------------------------- Mish
def mish(z: ArrayLike) -> np.ndarray:
    r"""Mish, :math:`z\tanh(\operatorname{softplus}(z))`.

    >>> round(float(mish(1.0)), 12)
    0.865098388267
    """
    z = as_real_array(z, "mish")
    lowest = np.finfo(z.dtype).min

    def block(z, out, zf, t):
        np.maximum(z, lowest, out=zf)     # −inf·tanh(softplus(−inf)) would be NaN
        _softplus_into(zf, out, t)
        np.tanh(out, out=out)
        np.multiply(zf, out, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype, z.dtype)))


def mish_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of Mish by the product and chain rules:
    :math:`\tanh(s) + z\,\operatorname{sech}^2(s)\,\sigma(z)` with :math:`s = \operatorname{softplus}(z)`.

    sech²(s) is computed as in :func:`tanh_derivative`, without cancellation.

    >>> round(float(mish_derivative(0.0)), 12)
    0.6
    """
    z = as_real_array(z, "mish_derivative")
    lowest, highest = _finite_bounds(z.dtype)

    def block(z, out, zf, s, e, d):
        np.clip(z, lowest, highest, out=zf)   # in z's type, then float64: ±inf·0 is no NaN
        _softplus_into(zf, s, d)
        _sech2_into(s, e, e, d)
        np.multiply(zf, e, out=e)
        _expit_into(zf, d)
        np.multiply(e, d, out=e)
        np.tanh(s, out=s)
        np.add(s, e, out=out)

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 4))


# --------------------------------------------------------------------------- the registry
@dataclass(frozen=True)
class Activation:
    """One activation of the course: its function, derivative and how to write them.

    ``params`` holds the keyword parameters with their defaults (``{"alpha": 0.01}`` for Leaky
    ReLU); ``kinks`` the points where the derivative jumps (finite-difference checks skip
    them).
    """

    name: str
    title: str
    function: Callable[..., np.ndarray]
    derivative: Callable[..., np.ndarray]
    latex: str
    derivative_latex: str
    params: dict[str, float] = field(default_factory=dict)
    kinks: tuple[float, ...] = ()
    notebook: str = ""

    def __call__(self, z: ArrayLike, **params: float) -> np.ndarray:
        return self.function(z, **params)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in [
        Activation(
            "sigmoid", "Sigmoid", sigmoid, sigmoid_derivative,
            r"\sigma(z) = \frac{1}{1 + e^{-z}}",
            r"\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr) = \sigma(z)\,\sigma(-z)",
            notebook="01_sigmoid.ipynb",
        ),
        Activation(
            "tanh", "Tanh", tanh, tanh_derivative,
            r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
            r"\tanh'(z) = 1 - \tanh^2(z) = \operatorname{sech}^2(z)",
            notebook="02_tanh.ipynb",
        ),
        Activation(
            "relu", "ReLU", relu, relu_derivative,
            r"\operatorname{ReLU}(z) = \max(0, z)",
            r"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
            kinks=(0.0,), notebook="03_relu.ipynb",
        ),
        Activation(
            "leaky_relu", "Leaky ReLU", leaky_relu, leaky_relu_derivative,
            r"g(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}",
            r"g'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}",
            params={"alpha": 0.01}, kinks=(0.0,), notebook="04_leaky_relu.ipynb",
        ),
        Activation(
            "softplus", "Softplus", softplus, softplus_derivative,
            r"\operatorname{softplus}(z) = \log\bigl(1 + e^{z}\bigr)",
            r"\operatorname{softplus}'(z) = \frac{1}{1 + e^{-z}} = \sigma(z)",
            notebook="06_tweak_and_combine.ipynb",
        ),
        Activation(
            "elu", "ELU", elu, elu_derivative,
            r"\operatorname{ELU}(z) = \begin{cases} z & z > 0 \\ \alpha\,(e^{z} - 1) & z \le 0 \end{cases}",
            r"\operatorname{ELU}'(z) = \begin{cases} 1 & z > 0 \\ \alpha\, e^{z} & z \le 0 \end{cases}",
            params={"alpha": 1.0}, kinks=(0.0,), notebook="06_tweak_and_combine.ipynb",
        ),
        Activation(
            "silu", "SiLU / Swish", silu, silu_derivative,
            r"\operatorname{SiLU}(z) = z\,\sigma(z)",
            r"\operatorname{SiLU}'(z) = \sigma(z) + z\,\sigma(z)\bigl(1 - \sigma(z)\bigr)",
            notebook="06_tweak_and_combine.ipynb",
        ),
        Activation(
            "gelu", "GELU", gelu, gelu_derivative,
            r"\operatorname{GELU}(z) = z\,\Phi(z)",
            r"\operatorname{GELU}'(z) = \Phi(z) + z\,\varphi(z)",
            notebook="06_tweak_and_combine.ipynb",
        ),
        Activation(
            "mish", "Mish", mish, mish_derivative,
            r"\operatorname{Mish}(z) = z\,\tanh\bigl(\operatorname{softplus}(z)\bigr)",
            r"\operatorname{Mish}'(z) = \tanh(s) + z\,\operatorname{sech}^2(s)\,\sigma(z),"
            r"\quad s = \operatorname{softplus}(z)",
            notebook="06_tweak_and_combine.ipynb",
        ),
    ]
}
"""The nine activations by name, in course order."""

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "elu",
    "elu_derivative",
    "gelu",
    "gelu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "mish",
    "mish_derivative",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "silu",
    "silu_derivative",
    "softplus",
    "softplus_derivative",
    "tanh",
    "tanh_derivative",
]
