"""The exponential linear unit: z for z > 0 and α(e^z − 1) otherwise (Clevert et al. 2016).

Introduced in notebook 08 (smooth ReLUs); its outputs go down to −α, so their mean is nearer 0 than ReLU's.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, blockwise, finish
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.symbolic import Branch, Derivation, Kink, Step, alpha


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


def elu_second_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Second derivative of ELU: :math:`\alpha e^{z}` for z ≤ 0 (α at z = 0, the left-hand
    value) and 0 for z > 0: it jumps at 0 for every α.

    >>> elu_second_derivative([-1.0, 0.0, 1.0])
    array([0.36787944, 1.        , 0.        ])
    """
    z = as_real_array(z, "elu_second_derivative")
    a = as_parameter(alpha, "alpha", "elu_second_derivative", z.dtype)
    zero = z.dtype.type(0)

    def block(z, out, positive):
        np.minimum(z, zero, out=out)
        np.exp(out, out=out)
        np.multiply(out, a, out=out)
        np.greater(z, zero, out=positive)
        np.copyto(out, zero, where=positive)

    return finish(blockwise(block, z, z.dtype, (np.bool_,)))


# --------------------------------------------------------------------------- symbolic
z, zp, zn = S.z, S.zp, S.zn
PARAMS = {"alpha": 1.0}
DEFINITION = sp.Piecewise((z, z > 0), (alpha * (sp.exp(z) - 1), True))

DERIVATION = Derivation(
    "elu", "the derivative of ELU", DEFINITION, r"\operatorname{ELU}'(z)",
    branches=[
        Branch("z > 0", zp, (Step(sp.Derivative(zp, zp), r"Here ELU$(z) = z$."),
                             Step(sp.Integer(1), "The derivative of z is 1."))),
        Branch("z < 0", zn, (Step(sp.Derivative(alpha * (sp.exp(zn) - 1), zn),
                                  r"Here ELU$(z) = \alpha(e^{z} - 1)$."),
                             Step(alpha * sp.exp(zn),
                                  r"$e^{z}$ is its own derivative; the constant $-1$ "
                                  r"drops out."))),
    ],
    kink=Kink(sp.Integer(0), alpha, sp.Integer(1),
              r"ELU itself is continuous at 0 for every $\alpha$ (both pieces give 0), "
              r"but its slopes meet only when $\alpha = 1$. The course uses the "
              r"left-hand value $\alpha e^{0} = \alpha$."),
)

RECORD = Activation(
    "elu", "ELU", elu, elu_derivative, elu_second_derivative, DEFINITION, DERIVATION,
    params=PARAMS, kinks=(0.0,), family="relu", colour=palette.SKY, linestyle="-", marker="P",
    notebook="08_smooth_relus.ipynb",
    paper="Clevert, Unterthiner & Hochreiter (2016), \"Fast and accurate deep network learning "
          "by exponential linear units (ELUs)\"",
    advice=Advice(
        use="hidden layers where mean activations near zero speed up learning",
        avoids="dead units and ReLU's positive mean: outputs go down to −α",
        risks="an exponential per unit; g′ jumps at the kink unless α is one"),
)
