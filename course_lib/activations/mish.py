"""Mish, z·tanh(softplus(z)) (Misra 2019): a smooth self-gated ReLU like SiLU.

Introduced in notebook 06, whose derivation of Mish′ uses the chain rule twice.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _expit_into, _finite_bounds, _sech2_into, _softplus_into
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.activations.sigmoid import sigma
from course_lib.activations.softplus import symbol as softplus_symbol
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


# --------------------------------------------------------------------------- symbolic
z = S.z
_s = softplus_symbol(z)
DEFINITION = z * sp.tanh(_s)
symbol = S.define("mish", r"\operatorname{Mish}", DEFINITION, class_name="Mish",
                  function=mish, derivative=mish_derivative)

DERIVATION = Derivation("mish", "the derivative of Mish", DEFINITION,
                        r"\operatorname{Mish}'(z)", [
    Step(sp.Derivative(z * sp.tanh(_s), z),
         r"Mish$(z) = z\tanh(s)$ with $s = \operatorname{softplus}(z)$."),
    Step(plus(seq(1, sp.tanh(_s)), seq(z, sp.Derivative(sp.tanh(_s), z))),
         r"Product rule with $f = z$ and $g = \tanh(s)$."),
    Step(plus(sp.tanh(_s), seq(z, sp.sech(_s) ** 2, sp.Derivative(_s, z))),
         r"Chain rule with $\tanh' = \operatorname{sech}^2$ (notebook 02)."),
    Step(plus(sp.tanh(_s), seq(z, sp.sech(_s) ** 2, sigma(z))),
         r"$\operatorname{softplus}' = \sigma$ (derived above)."),
])

RECORD = Activation(
    "mish", "Mish", mish, mish_derivative, DEFINITION, DERIVATION, symbol,
    family="smooth", colour=palette.INDIGO, linestyle="-.", marker="h",
    notebook="06_tweak_and_combine.ipynb",
    advice=Advice(
        use="vision models (YOLO detectors) where a smooth ReLU replacement gains a little "
            "accuracy",
        avoids="dead units, like SiLU, with a smooth self-gate",
        risks="the cost of a tanh of a softplus per unit, for a small gain"),
)
