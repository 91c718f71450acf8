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

from course_lib._arrays import as_parameter, as_real_array, finish

ArrayLike = Any
"""Anything :func:`numpy.asarray` turns into real numbers: a float, a list, an array."""


def _finite(z: np.ndarray) -> np.ndarray:
    """Clip ±inf to the largest finite floats so that ±inf·0 gives 0, not NaN (NaN stays).

    Used where the limit at ±inf is finite (a derivative tending to 0 or 1)."""
    info = np.finfo(z.dtype)
    return np.clip(z, info.min, info.max)


def _no_minus_inf(z: np.ndarray) -> np.ndarray:
    """Clip −inf to the most negative finite float, for g(z) = z·(something → 0) as z → −inf."""
    return np.maximum(z, np.finfo(z.dtype).min)


def _expit(z: np.ndarray) -> np.ndarray:
    """σ(z) via SciPy's ``expit``, with the far left tail fixed.

    ``expit`` returns 0 once e^(−z) overflows (z < −709.8 in float64, z < −88.7 in float32),
    although σ(z) = e^z/(1 + e^z) is still a subnormal number there; for such z, 1 + e^z
    rounds to 1, so σ(z) = e^z exactly as computed. Only the few affected entries are redone.
    """
    s = special.expit(z).astype(z.dtype, copy=False)  # float16 has no expit loop of its own
    threshold = np.log(np.finfo(z.dtype).max) * -0.99
    # a NaN-ignoring minimum is a cheap reduction; the mask is built only when needed
    if z.size and np.fmin.reduce(z, axis=None) < threshold:
        far_left = z < threshold
        s = np.asarray(s)
        s[far_left] = np.exp(z[far_left])
    return s


def _softplus(z: np.ndarray) -> np.ndarray:
    """log(1 + e^z) as max(z, 0) + log1p(e^(−|z|)): no overflow, and e^z kept for z ≪ 0."""
    return np.maximum(z, z.dtype.type(0)) + np.log1p(np.exp(-np.abs(z)))


def _in_float64(z: np.ndarray) -> np.ndarray:
    """float16/float32 input is computed in float64 and rounded back once at the end."""
    return z.astype(np.float64) if z.dtype != np.float64 else z


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
    return finish(_expit(z))


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
    # the product can round one ulp above the true maximum 1/4 next to z = 0: clip it there
    return finish(np.minimum(_expit(z) * _expit(-z), z.dtype.type(0.25)))


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
    return finish(_sech2(z).astype(z.dtype, copy=False))


def _sech2(s: np.ndarray) -> np.ndarray:
    """sech²(s) = 4e^{−2|s|}/(1+e^{−2|s|})² in float64, never above its maximum 1;
    |s| is capped at 400, where it is 0 anyway."""
    e = np.exp(-2 * np.minimum(np.abs(_in_float64(s)), 400.0))
    return np.minimum(4 * e / (1 + e) ** 2, 1.0)


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
    return finish(np.heaviside(z, z.dtype.type(0)))


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
    negative_part = a * (z if a != 0 else _no_minus_inf(z))  # 0·(−inf) would be NaN
    return finish(np.where(z > 0, z, negative_part))


def leaky_relu_derivative(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    r"""Derivative of Leaky ReLU: 1 for z > 0, α for z < 0, and α (left-hand) at z = 0.

    >>> leaky_relu_derivative([-1.0, 0.0, 1.0], alpha=0.1)
    array([0.1, 0.1, 1. ])
    """
    z = as_real_array(z, "leaky_relu_derivative")
    a = as_parameter(alpha, "alpha", "leaky_relu_derivative", z.dtype)
    one = z.dtype.type(1)
    return finish(np.where(np.isnan(z), z, np.where(z > 0, one, a)))


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
    return finish(_softplus(z))


def softplus_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of softplus: exactly the sigmoid, :math:`\sigma(z)`.

    >>> float(softplus_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "softplus_derivative")
    return finish(_expit(z))


# --------------------------------------------------------------------------- ELU
def elu(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Exponential linear unit: z for z > 0 and :math:`\alpha(e^{z}-1)` for z ≤ 0.

    Uses ``expm1`` so that α(e^z − 1) keeps its digits for small |z|.

    >>> float(elu(-1.0))
    -0.6321205588285577
    """
    z = as_real_array(z, "elu")
    a = as_parameter(alpha, "alpha", "elu", z.dtype)
    negative_part = a * np.expm1(np.minimum(z, z.dtype.type(0)))
    return finish(np.where(z > 0, z, negative_part))


def elu_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Derivative of ELU: 1 for z > 0 and :math:`\alpha e^{z}` for z ≤ 0 (α at z = 0).

    With α = 1 the two sides meet (1 = e^0) and ELU is continuously differentiable; for any
    other α the derivative jumps at 0 and we return the left-hand value α.

    >>> elu_derivative([-1.0, 0.0, 1.0], alpha=2.0)
    array([0.73575888, 2.        , 1.        ])
    """
    z = as_real_array(z, "elu_derivative")
    a = as_parameter(alpha, "alpha", "elu_derivative", z.dtype)
    negative_part = a * np.exp(np.minimum(z, z.dtype.type(0)))
    return finish(np.where(z > 0, z.dtype.type(1), negative_part))


# --------------------------------------------------------------------------- SiLU / Swish
def silu(z: ArrayLike) -> np.ndarray:
    r"""SiLU (Swish with β = 1), :math:`z\,\sigma(z)`.

    >>> float(silu(1.0))
    0.7310585786300049
    """
    z = as_real_array(z, "silu")
    zf = _no_minus_inf(z)
    return finish(zf * _expit(zf))


def silu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of SiLU by the product rule:
    :math:`\sigma(z) + z\sigma'(z) = \sigma(z)\,(1 + z\,\sigma(-z))`.

    Zero at z ≈ −1.2785 (the bottom of SiLU's dip).

    >>> float(silu_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "silu_derivative")
    zf = _finite(z)
    return finish(_expit(zf) * (1 + zf * _expit(-zf)))


# --------------------------------------------------------------------------- GELU
_SQRT_HALF = np.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)
_GAUSS_CUTOFF = 40.0  # Φ(−40) ≈ 3.7e−350 is below the smallest float64


def _gaussian_tail(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Return :math:`(\Phi(-|z|),\ e^{-z^2/2})` to full relative precision, for float64 z.

    Φ(−|z|) = ½·erfcx(|z|/√2)·e^{−z²/2}. The scaled function erfcx is smooth, so rounding
    |z|/√2 costs nothing; e^{−z²/2} would lose up to ~1000 ulps if z² were rounded first, so
    z² is split exactly into hi + lo (Dekker's product) and e^{−lo/2} ≈ 1 − lo/2 is applied.
    For |z| < 1 plain erfc is used: there rounding |z|/√2 costs nothing either.
    """
    a = np.minimum(np.abs(z), _GAUSS_CUTOFF)
    split = 134217729.0 * a  # 2**27 + 1: Veltkamp's split of a into two 26-bit halves
    a_hi = split - (split - a)
    a_lo = a - a_hi
    sq_hi = a * a
    sq_lo = ((a_hi * a_hi - sq_hi) + 2 * a_hi * a_lo) + a_lo * a_lo
    gauss = np.exp(-0.5 * sq_hi) * (1 - 0.5 * sq_lo)
    x = a * _SQRT_HALF
    # near 0 erfc itself is the more accurate route (erfcx·gauss stacks three roundings)
    tail = 0.5 * np.where(a < 1, special.erfc(x), special.erfcx(x) * gauss)
    return tail, gauss


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    tail, _ = _gaussian_tail(z)
    return np.where(z < 0, tail, 1 - tail)


def gelu(z: ArrayLike) -> np.ndarray:
    r"""GELU in its exact form, :math:`z\,\Phi(z)`, with Φ the standard normal CDF.

    Not the tanh approximation (notebook 06 plots the difference). Accurate in the far left
    tail: GELU(−30) ≈ −1.47e−196.

    >>> round(float(gelu(1.0)), 12)
    0.841344746069
    """
    z = as_real_array(z, "gelu")
    z64 = np.maximum(_in_float64(z), -_GAUSS_CUTOFF)  # Φ is 0 below −40: GELU rounds to −0
    return finish((z64 * _normal_cdf(z64)).astype(z.dtype, copy=False))


def gelu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of GELU by the product rule: :math:`\Phi(z) + z\,\varphi(z)`, with
    :math:`\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}` the normal density.

    Zero at z ≈ −0.7518 (the bottom of GELU's dip).

    >>> float(gelu_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "gelu_derivative")
    z64 = np.clip(_in_float64(z), -_GAUSS_CUTOFF, _GAUSS_CUTOFF)
    tail, gauss = _gaussian_tail(z64)
    cdf = np.where(z64 < 0, tail, 1 - tail)
    return finish((cdf + z64 * _INV_SQRT_2PI * gauss).astype(z.dtype, copy=False))


# --------------------------------------------------------------------------- Mish
def mish(z: ArrayLike) -> np.ndarray:
    r"""Mish, :math:`z\tanh(\operatorname{softplus}(z))`.

    >>> round(float(mish(1.0)), 12)
    0.865098388474
    """
    z = as_real_array(z, "mish")
    zf = _no_minus_inf(z)
    return finish(zf * np.tanh(_softplus(zf)))


def mish_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of Mish by the product and chain rules:
    :math:`\tanh(s) + z\,\operatorname{sech}^2(s)\,\sigma(z)` with :math:`s = \operatorname{softplus}(z)`.

    sech²(s) is computed as in :func:`tanh_derivative`, without cancellation.

    >>> round(float(mish_derivative(0.0)), 12)
    0.6
    """
    z = as_real_array(z, "mish_derivative")
    zf = _in_float64(_finite(z))
    s = _softplus(zf)
    result = np.tanh(s) + zf * _sech2(s) * _expit(zf)
    return finish(result.astype(z.dtype, copy=False))


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
