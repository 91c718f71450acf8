"""SELU, the scaled exponential linear unit of self-normalising networks (Klambauer et al. 2017).

.. math::  \\operatorname{SELU}(z) = \\lambda z \\ (z > 0), \\qquad
           \\lambda\\alpha\\,(e^{z} - 1) \\ (z \\le 0),

with λ = 1.0507009873554805 and α = 1.6732632423543772: an ELU, scaled. The two constants are
not tuned by hand. They are the unique pair for which a layer of SELUs with LeCun-normal
weights (mean 0, variance 1/fan-in) maps inputs of mean 0 and variance 1 to outputs of mean 0
and variance 1 again: that (0, 1) is a stable fixed point of the map from one layer's
mean and variance to the next one's, so activations stay normalised through many layers
without batch normalisation ("self-normalising"). Notebook 08 computes the fixed point.

The derivative is λ for z > 0 and λα·e^z for z < 0; the slopes λ and λα differ at 0, and
the course takes the left-hand value λα there.

Introduced in notebook 08 (smooth ReLUs).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.symbolic import Branch, Derivation, Kink, Step, alpha, lam

LAMBDA = 1.0507009873554805
"""λ, the scale (Klambauer et al. 2017, eq. 14)."""
ALPHA = 1.6732632423543772
"""α, the saturation of the negative side (Klambauer et al. 2017, eq. 14)."""
_LAMBDA_ALPHA = LAMBDA * ALPHA  # rounded once: the constant λα of the negative side


def selu(z: ArrayLike) -> np.ndarray:
    r"""SELU: :math:`\lambda z` for z > 0 and :math:`\lambda\alpha(e^{z}-1)` for z ≤ 0.

    Uses ``expm1`` so that e^z − 1 keeps its digits for small |z|. λz overflows to inf only
    where the true value is beyond the largest float (that is the correctly rounded result).

    >>> float(selu(1.0))
    1.0507009873554805
    >>> round(float(selu(-1.0)), 12)
    -1.111330737813
    """
    z = as_real_array(z, "selu")
    t = z.dtype.type
    with np.errstate(over="ignore"):  # λz > the largest float: inf is the rounded answer
        positive_part = t(LAMBDA) * z
    negative_part = t(_LAMBDA_ALPHA) * np.expm1(np.minimum(z, t(0)))
    return finish(np.where(z > 0, positive_part, negative_part))


def selu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of SELU: λ for z > 0 and :math:`\lambda\alpha e^{z}` for z ≤ 0 (λα at
    z = 0, the left-hand value).

    >>> selu_derivative([-1.0, 0.0, 1.0])
    array([0.6467686 , 1.75809934, 1.05070099])
    """
    z = as_real_array(z, "selu_derivative")
    t = z.dtype.type
    negative_part = t(_LAMBDA_ALPHA) * np.exp(np.minimum(z, t(0)))
    return finish(np.where(z > 0, t(LAMBDA), negative_part))


def selu_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of SELU: :math:`\lambda\alpha e^{z}` for z ≤ 0 (λα at z = 0, the
    left-hand value) and 0 for z > 0.

    >>> selu_second_derivative([-1.0, 0.0, 1.0])
    array([0.6467686 , 1.75809934, 0.        ])
    """
    z = as_real_array(z, "selu_second_derivative")
    t = z.dtype.type
    negative_part = t(_LAMBDA_ALPHA) * np.exp(np.minimum(z, t(0)))
    return finish(np.where(z > 0, t(0), negative_part))


# --------------------------------------------------------------------------- symbolic
z, zp, zn = S.z, S.zp, S.zn
CONSTANTS = {"lambda": LAMBDA, "alpha": ALPHA}
DEFINITION = sp.Piecewise((lam * z, z > 0), (lam * alpha * (sp.exp(z) - 1), True))

DERIVATION = Derivation(
    "selu", "the derivative of SELU", DEFINITION, r"\operatorname{SELU}'(z)",
    branches=[
        Branch("z > 0", zp, (Step(sp.Derivative(lam * zp, zp), r"Here SELU$(z) = \lambda z$."),
                             Step(lam, r"A constant times z has that constant as its "
                                       r"derivative: $\lambda$."))),
        Branch("z < 0", zn, (Step(sp.Derivative(lam * alpha * (sp.exp(zn) - 1), zn),
                                  r"Here SELU$(z) = \lambda\alpha\,(e^{z} - 1)$."),
                             Step(sp.Derivative(lam * alpha * sp.exp(zn), zn),
                                  r"The constant $-\lambda\alpha$ drops out."),
                             Step(lam * alpha * sp.exp(zn),
                                  r"$e^{z}$ is its own derivative; the factor $\lambda\alpha$ "
                                  r"stays."))),
    ],
    kink=Kink(sp.Integer(0), lam * alpha, lam,
              r"SELU is continuous at 0 (both pieces give 0), but its slopes differ: "
              rf"$\lambda\alpha \approx {_LAMBDA_ALPHA:.4g}$ from the left, "
              rf"$\lambda \approx {LAMBDA:.4g}$ from the right. The course uses the "
              r"left-hand value $\lambda\alpha$."),
)

RECORD = Activation(
    "selu", "SELU", selu, selu_derivative, selu_second_derivative, DEFINITION, DERIVATION,
    constants=CONSTANTS, kinks=(0.0,), family="relu", colour=palette.WINE, linestyle="-",
    marker="p", notebook="08_smooth_relus.ipynb",
    paper="Klambauer, Unterthiner, Mayr & Hochreiter (2017), \"Self-normalizing neural "
          "networks\"",
    advice=Advice(
        use="deep fully connected networks without batch normalisation, with LeCun-normal "
            "initialisation and standardised inputs",
        avoids="means and variances that drift from layer to layer: they are pulled back to "
               "a fixed point (self-normalising)",
        risks="the fixed point holds only for LeCun-normal weights (and alpha dropout); "
              "g′ jumps at the kink"),
)
