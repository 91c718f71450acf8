"""Mish, z·tanh(softplus(z)) (Misra 2019): a smooth self-gated ReLU like SiLU.

Introduced in notebook 09, whose derivation of Mish′ uses the chain rule twice.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _expit_into, _finite_bounds, _sech2_into, _softplus_into
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.activations.atlas.sigmoid import sigma
from course_lib.activations.atlas.softplus import RECORD as SOFTPLUS
from course_lib.symbolic import Derivation, Step, plus, seq


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

    with np.errstate(over="ignore"):  # only −2·softplus(z) in sech², harmless (see there)
        return finish(blockwise(block, z, z.dtype, (np.float64,) * 4))


def mish_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of Mish:
    :math:`\operatorname{sech}^2(s)\,\sigma(z)\,\bigl(2 + z\,(\sigma(-z) - 2\tanh(s)\,\sigma(z))\bigr)`
    with :math:`s = \operatorname{softplus}(z)`.

    Every factor is computed without cancellation (sech² as in :func:`tanh_derivative`,
    σ(−z) rather than 1 − σ(z)).

    >>> round(float(mish_second_derivative(0.0)), 12)
    0.64
    """
    z = as_real_array(z, "mish_second_derivative")
    lowest = np.finfo(z.dtype).min

    def block(z, out, zf, s, e, d, t):
        # above z = 1000, sech²(s) is 0 anyway; the cap keeps z·(…) from overflowing
        np.clip(z, lowest, 1000.0, out=zf)
        _softplus_into(zf, s, d)
        _sech2_into(s, e, e, d)               # e = sech²(s)
        np.tanh(s, out=s)                     # s = tanh(softplus(z))
        _expit_into(zf, d)                    # d = σ(z)
        np.multiply(s, d, out=s)
        np.multiply(s, -2.0, out=s)           # s = −2 tanh(s) σ(z)
        np.negative(zf, out=t)
        _expit_into(t, t)
        np.add(s, t, out=s)                   # s = σ(−z) − 2 tanh(s) σ(z)
        np.multiply(zf, s, out=s)
        np.add(s, 2.0, out=s)
        np.multiply(e, d, out=e)
        np.multiply(e, s, out=out)

    with np.errstate(over="ignore"):  # only −2·softplus(z) in sech², harmless (see there)
        return finish(blockwise(block, z, z.dtype, (np.float64,) * 5))


# --------------------------------------------------------------------------- symbolic
z = S.z
_s = SOFTPLUS.symbol(z)
DEFINITION = z * sp.tanh(_s)

DERIVATION = Derivation("mish", "the derivative of Mish", DEFINITION,
                        r"\operatorname{Mish}'(z)", [
    Step(sp.Derivative(z * sp.tanh(_s), z),
         r"Mish$(z) = z\tanh(s)$ with $s = \operatorname{softplus}(z)$."),
    Step(plus(seq(1, sp.tanh(_s)), seq(z, sp.Derivative(sp.tanh(_s), z))),
         r"Product rule with $f = z$ and $g = \tanh(s)$."),
    Step(plus(sp.tanh(_s), seq(z, sp.sech(_s) ** 2, sp.Derivative(_s, z))),
         r"Chain rule with $\tanh' = \operatorname{sech}^2$ (notebook 03, tanh)."),
    Step(plus(sp.tanh(_s), seq(z, sp.sech(_s) ** 2, sigma(z))),
         r"$\operatorname{softplus}' = \sigma$ (derived above)."),
])

_sech2 = sp.sech(_s) ** 2
SECOND_DERIVATION = Derivation(
    "mish_second", "the second derivative of Mish",
    plus(sp.tanh(_s), seq(z, _sech2, sigma(z))), r"\operatorname{Mish}''(z)", [
        Step(sp.Derivative(plus(sp.tanh(_s), seq(z, _sech2, sigma(z))), z),
             r"Start from Mish$' = \tanh(s) + z\,\operatorname{sech}^2(s)\,\sigma(z)$."),
        Step(plus(seq(2, _sech2, sigma(z)), seq(z, sp.Derivative(_sech2, z), sigma(z)),
                  seq(z, _sech2, sigma.prime(z))),
             r"$\tanh(s)' = \operatorname{sech}^2(s)\,\sigma$ once more, and the product "
             r"rule on the three factors of $z\,\operatorname{sech}^2(s)\,\sigma$."),
        Step(plus(seq(2, _sech2, sigma(z)), seq(z, -2 * _sech2 * sp.tanh(_s) * sigma(z), sigma(z)),
                  seq(z, _sech2, sigma(z), sigma(-z))),
             r"Chain rule: $(\operatorname{sech}^2 u)' = -2\operatorname{sech}^2 u\,\tanh u"
             r"\cdot u'$ with $u' = \sigma$; and $\sigma' = \sigma(z)\,\sigma(-z)$."),
        Step(seq(_sech2, sigma(z), 2 + seq(z, sigma(-z) - 2 * sp.tanh(_s) * sigma(z))),
             r"Factor out $\operatorname{sech}^2(s)\,\sigma(z)$: the form the library "
             r"computes."),
    ])

RECORD = Activation(
    "mish", "Mish", mish, mish_derivative, mish_second_derivative, DEFINITION, DERIVATION,
    SECOND_DERIVATION, family="gated",
    paper="Misra (2019), \"Mish: a self regularized non-monotonic activation function\"",
    colour=palette.INDIGO, linestyle="-.", marker="h",
    notebook="09_self_gated.ipynb",
    advice=Advice(
        use="vision models (YOLO detectors) where a smooth ReLU replacement gains a little "
            "accuracy",
        avoids="dead units, like SiLU, with a smooth self-gate",
        risks="the cost of a tanh of a softplus per unit, for a small gain"),
)
