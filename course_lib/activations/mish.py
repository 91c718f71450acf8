"""Mish, z·tanh(softplus(z)) (Misra 2019): a smooth self-gated ReLU like SiLU.

Introduced in notebook 06, whose derivation of Mish′ uses the chain rule twice.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _expit, _finite, _in_float64, _no_minus_inf, _sech2, _softplus
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.activations.sigmoid import sigma
from course_lib.activations.softplus import symbol as softplus_symbol
from course_lib.symbolic import Derivation, Step, plus, seq


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

    sech²(s) is computed as in :func:`~course_lib.activations.tanh_derivative`, without
    cancellation.

    >>> round(float(mish_derivative(0.0)), 12)
    0.6
    """
    z = as_real_array(z, "mish_derivative")
    zf = _in_float64(_finite(z))
    s = _softplus(zf)
    result = np.tanh(s) + zf * _sech2(s) * _expit(zf)
    return finish(result.astype(z.dtype, copy=False))


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
    family="smooth", colour=palette.OCHRE, linestyle="-.", marker="h",
    notebook="06_tweak_and_combine.ipynb",
    advice=Advice(
        use="vision models (YOLO detectors) where a smooth ReLU replacement gains a little "
            "accuracy",
        avoids="dead units, like SiLU, with a smooth self-gate",
        risks="the cost of a tanh of a softplus per unit, for a small gain"),
)
