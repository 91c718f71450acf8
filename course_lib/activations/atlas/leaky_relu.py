"""Leaky ReLU: z for z > 0 and αz otherwise, so that a negative unit still gets a gradient.

Introduced in notebook 05, which derives its derivative, and the derivative with respect to
α that makes it PReLU (α learned).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, blockwise, finish
from course_lib.activations._numeric import _flat, _nan_where_nan
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.symbolic import Branch, Derivation, Kink, Step, alpha


def leaky_relu(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    r"""Leaky ReLU: z for z > 0 and αz for z ≤ 0 (α = 0.01 by default).

    For 0 ≤ α ≤ 1 this equals :math:`\max(\alpha z, z)`; for other α that form is wrong
    (for α > 1 it picks αz on the positive side).

    >>> leaky_relu([-2.0, 3.0])
    array([-0.02,  3.  ])
    """
    z = as_real_array(z, "leaky_relu")
    return finish(leaky(z, as_parameter(alpha, "alpha", "leaky_relu", z.dtype)))


def leaky_relu_derivative(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    r"""Derivative of Leaky ReLU: 1 for z > 0, α for z < 0, and α (left-hand) at z = 0.

    >>> leaky_relu_derivative([-1.0, 0.0, 1.0], alpha=0.1)
    array([0.1, 0.1, 1. ])
    """
    z = as_real_array(z, "leaky_relu_derivative")
    return finish(leaky_slope(z, as_parameter(alpha, "alpha", "leaky_relu_derivative", z.dtype)))


def leaky(z: np.ndarray, a: np.floating) -> np.ndarray:
    """z for z > 0, a·z otherwise, for a checked array and slope (PReLU and RReLU too)."""
    lowest = np.finfo(z.dtype).min

    def block(z, out, positive):
        if a == 0:
            np.maximum(z, lowest, out=out)   # 0·(−inf) would be NaN
            np.multiply(out, a, out=out)
        else:
            np.multiply(z, a, out=out)
        np.greater(z, 0, out=positive)
        np.copyto(out, z, where=positive)

    return blockwise(block, z, z.dtype, (np.bool_,))


def leaky_slope(z: np.ndarray, a: np.floating) -> np.ndarray:
    """1 for z > 0, a otherwise (NaN for NaN): the derivative of :func:`leaky`."""
    out = np.where(z > 0, z.dtype.type(1), a)
    _nan_where_nan(z, out)
    return out


def leaky_relu_second_derivative(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    r"""Second derivative of Leaky ReLU: 0 everywhere (left-hand at the kink, where g′
    jumps from α to 1).

    >>> leaky_relu_second_derivative([-1.0, 0.0, 1.0])
    array([0., 0., 0.])
    """
    z = as_real_array(z, "leaky_relu_second_derivative")
    as_parameter(alpha, "alpha", "leaky_relu_second_derivative", z.dtype)
    return finish(_flat(z))


# --------------------------------------------------------------------------- symbolic
z, zp, zn = S.z, S.zp, S.zn
PARAMS = {"alpha": 0.01}
DEFINITION = sp.Piecewise((z, z > 0), (alpha * z, True))

DERIVATION = Derivation(
    "leaky_relu", "the derivative of Leaky ReLU", DEFINITION, r"g'(z)",
    branches=[
        Branch("z > 0", zp, (Step(sp.Derivative(zp, zp), r"Here $g(z) = z$."),
                             Step(sp.Integer(1), "The derivative of z is 1."))),
        Branch("z < 0", zn, (Step(sp.Derivative(alpha * zn, zn), r"Here $g(z) = \alpha z$."),
                             Step(alpha, r"A constant times z has that constant as "
                                         r"its derivative: $\alpha$."))),
    ],
    kink=Kink(sp.Integer(0), alpha, sp.Integer(1),
              r"For $\alpha \ne 1$ the slopes differ: no derivative at 0, every value "
              r"between $\alpha$ and 1 is a subgradient, and the convention is the "
              r"left-hand value $\alpha$."),
)

PRELU_ALPHA = Derivation(
    "prelu_alpha", r"the derivative of PReLU with respect to $\alpha$",
    DEFINITION, r"\frac{\partial g}{\partial \alpha}", var=alpha,
    branches=[
        Branch("z > 0", zp, (Step(sp.Derivative(zp, alpha),
                                  r"Here $g = z$, which does not contain $\alpha$."),
                             Step(sp.Integer(0), r"So $\partial g/\partial\alpha = 0$."))),
        Branch(r"z \le 0", zn, (Step(sp.Derivative(alpha * zn, alpha),
                                     r"Here $g = \alpha z$; z is a constant when we "
                                     r"vary $\alpha$."),
                                Step(zn, r"So $\partial g/\partial\alpha = z$."))),
    ],
)

RECORD = Activation(
    "leaky_relu", "Leaky ReLU", leaky_relu, leaky_relu_derivative, leaky_relu_second_derivative,
    DEFINITION, DERIVATION, params=PARAMS, kinks=(0.0,), family="relu", colour=palette.ORANGE,
    linestyle="-", marker="v", notebook="05_leaky_relu.ipynb", more_derivations=(PRELU_ALPHA,),
    paper="Maas, Hannun & Ng (2013), \"Rectifier nonlinearities improve neural network "
          "acoustic models\"",
    advice=Advice(
        use="instead of ReLU when many units die (large learning rates, unlucky "
            "initialisation)",
        avoids="dead units: the negative side keeps a small slope α",
        risks="one more choice to make (α); outputs still far from zero-centred"),
)
