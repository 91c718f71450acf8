"""The hyperbolic tangent tanh z = 2σ(2z) − 1: a sigmoid centred on 0.

Introduced in notebook 03, which derives tanh′ = 1 − tanh² twice (by the quotient rule and
through the sigmoid). Its second derivative is tanh″ = −2 tanh z · sech² z.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _sech2_into
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.activations.atlas.sigmoid import dsigma, sigma
from course_lib.symbolic import Derivation, Step, plus, seq


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
    with np.errstate(over="ignore"):  # −2|z| for |z| > 8.9e307: −inf, and e^{−inf} = 0
        return finish(blockwise(_sech2_into, z, z.dtype, (np.float64, np.float64)))


def tanh_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of tanh, :math:`-2\tanh z\,\operatorname{sech}^2 z`.

    sech² z as in :func:`tanh_derivative` (no cancellation, no overflow). Extremes
    ±4/(3√3) at z = ∓artanh(1/√3).

    >>> round(float(tanh_second_derivative(-0.6584789484624084)), 12)
    0.76980035892
    """
    return finish(curvature(as_real_array(z, "tanh_second_derivative"), -2.0))


def curvature(z: np.ndarray, factor: float) -> np.ndarray:
    """factor·tanh z·sech² z of a checked array (tanh″ with factor −2, tanhshrink″ with 2)."""
    def block(z, out, e, d):
        _sech2_into(z, e, e, d)
        np.tanh(z, out=out)
        np.multiply(out, e, out=out)
        np.multiply(out, factor, out=out)

    with np.errstate(over="ignore"):  # as in tanh_derivative
        return blockwise(block, z, z.dtype, (np.float64, np.float64))


# --------------------------------------------------------------------------- symbolic
z = S.z
_sh, _ch = sp.sinh(z), sp.cosh(z)

DERIVATION = Derivation("tanh", "the derivative of tanh (quotient rule)", sp.tanh(z),
                        r"\tanh'(z)", [
    Step(sp.Derivative(_sh / _ch, z), r"Write $\tanh z = \sinh z / \cosh z$."),
    Step(plus(seq(_ch, _ch), -seq(_sh, _sh)) / _ch**2,
         r"Quotient rule $\bigl(\frac{f}{g}\bigr)' = \frac{f'g - fg'}{g^2}$ with "
         r"$f = \sinh$, $f' = \cosh$, $g = \cosh$, $g' = \sinh$."),
    Step(plus(1, -(_sh**2) / _ch**2),
         r"Split the fraction in two: $\cosh^2 z / \cosh^2 z = 1$."),
    Step(1 - sp.tanh(z) ** 2,
         r"$\sinh^2 z / \cosh^2 z = \tanh^2 z$."),
    Step(1 / _ch**2,
         r"Or use $\cosh^2 z - \sinh^2 z = 1$ in the numerator of step 2 instead."),
    Step(sp.sech(z) ** 2, r"By definition $1/\cosh z = \operatorname{sech} z$."),
])

SECOND_DERIVATION = Derivation(
    "tanh_second", "the second derivative of tanh", 1 - sp.tanh(z) ** 2, r"\tanh''(z)", [
        Step(sp.Derivative(1 - sp.tanh(z) ** 2, z), r"Start from $\tanh' = 1 - \tanh^2$."),
        Step(seq(-2, sp.tanh(z), sp.Derivative(sp.tanh(z), z)),
             r"Chain rule on $u^2$ with $u = \tanh z$: $(u^2)' = 2u\,u'$."),
        Step(seq(-2, sp.tanh(z), sp.sech(z) ** 2),
             r"$\tanh' = \operatorname{sech}^2$ (above): the form the library computes."),
    ])

VIA_SIGMOID = Derivation("tanh_via_sigmoid", "the derivative of tanh (via the sigmoid)",
                         2 * sigma(2 * z) - 1, r"\tanh'(z)", [
    Step(sp.Derivative(2 * sigma(2 * z) - 1, z),
         r"Use the identity $\tanh z = 2\sigma(2z) - 1$."),
    Step(seq(2, dsigma(2 * z), 2),
         r"Chain rule: the inner function $2z$ has derivative 2; the constant $-1$ "
         r"drops out."),
    Step(4 * dsigma(2 * z), r"Collect the constants: $\tanh'(z) = 4\sigma'(2z)$."),
    Step(seq(4, sigma(2 * z), sigma(-2 * z)),
         r"Use $\sigma'(x) = \sigma(x)\,\sigma(-x)$ from notebook 02 (the sigmoid)."),
    Step(1 - sp.tanh(z) ** 2,
         r"It is the same function as $1 - \tanh^2 z$ (SymPy checks the equality)."),
])

RECORD = Activation(
    "tanh", "Tanh", tanh, tanh_derivative, tanh_second_derivative,
    # tanh as a person first writes it (its LaTeX is the property table's formula); the
    # derivation starts from SymPy's own tanh(z), which a test proves equal to it
    definition=(sp.exp(z) - sp.exp(-z)) / (sp.exp(z) + sp.exp(-z)),
    derivation=DERIVATION, second_derivation=SECOND_DERIVATION, tex=r"\tanh",
    family="squashing", colour=palette.VERMILLION, linestyle="--", marker="s",
    notebook="03_tanh.ipynb", more_derivations=(VIA_SIGMOID,),
    paper="LeCun, Bottou, Orr & Müller (1998), \"Efficient BackProp\", on why a "
          "zero-centred squashing function trains faster than the logistic one",
    advice=Advice(
        use="hidden layers of small or recurrent networks",
        avoids="the sigmoid's off-centre outputs and its smaller slope",
        risks="vanishing gradients once units saturate on either side"),
)
