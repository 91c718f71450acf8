"""Step-by-step derivations of every activation's derivative, each step checked by SymPy.

Each derivation lives in its activation's module (``course_lib/activations/atlas/sigmoid.py``
…), beside the function it derives; this module gathers them by name: g′ under the
activation's name, g″ under ``<name>_second``, and the few that are not an activation's own
(tanh through the sigmoid, PReLU's ∂/∂α). The machinery (:class:`Step`,
:class:`Derivation`, :func:`equal` …) is :mod:`course_lib.symbolic`, re-exported here.

A :class:`Derivation` is an ordered list of :class:`Step` objects: an expression and one
sentence naming the rule that produced it. :meth:`Derivation.verify` proves with SymPy that

* every step equals the step before it, and
* the last step equals ``sympy.diff`` of the definition.

What a learner sees is what is checked: the LaTeX of each step is printed from the very
expression the verifier compares (unevaluated products keep the shape a person would write),
and so is the formula of g′ on the property table, the cheat sheet and the slides (the last
step, :attr:`Derivation.result`).

Piecewise functions (ReLU, Leaky ReLU, ELU, …) are derived branch by branch; the kink at
z = 0 is examined with one-sided limits of the difference quotient, also computed by SymPy.

>>> DERIVATIONS["sigmoid"].verify().ok
True

Introduced in notebook 02 (the sigmoid); every derivation notebook shows one and its verification.
"""

from __future__ import annotations

import sympy as sp

from course_lib.activations import ACTIVATIONS, ATLAS, glu, softmax
from course_lib.symbolic import (
    FAMILY,
    Branch,
    Derivation,
    Kink,
    Step,
    StepCheck,
    Verification,
    alpha,
    elementary,
    equal,
    lam,
    latex,
    one_sided_slopes,
    plus,
    seq,
    with_step_replaced,
    z,
    zn,
    zp,
)

sigma = FAMILY["sigmoid"]
"""σ as a SymPy function, printed σ(z); ``dsigma`` (σ′) is its derivative."""
dsigma = sigma.prime
softplus = FAMILY["softplus"]
Phi = FAMILY["Phi"]
phi = FAMILY["phi"]

DERIVATIONS: dict[str, Derivation] = {
    **{d.name: d
       for act in ATLAS.values()
       for d in (act.derivation, act.second_derivation, *act.more_derivations)
       if d is not None},
    **softmax.DERIVATIONS, **glu.DERIVATIONS,
}
"""Derivations by name: g′ of each course activation (and of any atlas activation written out
step by step), g″ as ``<name>_second``, plus ``tanh_via_sigmoid`` and ``prelu_alpha``, and
beyond scalars softmax's Jacobian entries, its cross-entropy gradient, and the gates of GLU
and SwiGLU."""

DEFINITIONS: dict[str, sp.Expr] = {
    name: elementary(act.definition) for name, act in ACTIVATIONS.items()
}
"""Each activation as a plain SymPy expression in ``z`` (and its parameter or constant
symbols), course functions written out."""

__all__ = [
    "DEFINITIONS", "DERIVATIONS", "Branch", "Derivation", "Kink", "Phi", "Step", "StepCheck",
    "Verification", "alpha", "dsigma", "elementary", "equal", "lam", "latex",
    "one_sided_slopes", "phi", "plus", "seq", "sigma", "softplus", "with_step_replaced", "z",
    "zn", "zp",
]
