"""The record that holds everything about one activation, and the one way to look one up.

Each activation module (``sigmoid.py``, ``relu.py``, …) builds one :class:`Activation`; the
package assembles them into :data:`course_lib.activations.ACTIVATIONS`. Every part of the
course takes what it needs from the record: the NumPy functions, the SymPy definition and
its verified derivation (and so the LaTeX a learner reads), parameters, kinks, the colour and
line style of its curves, the cheat-sheet advice, the notebook that introduces it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from course_lib import symbolic

ArrayLike = Any
"""Anything :func:`numpy.asarray` turns into real numbers: a float, a list, an array."""

FAMILIES = {
    "squashing": "the classic squashing functions (saturate on both sides)",
    "relu": "the ReLU family (piecewise, with a kink at 0)",
    "smooth": "the smooth modern ones (a self-gate or a smooth ReLU)",
}
"""The families an activation belongs to, with what they have in common."""


@dataclass(frozen=True)
class Advice:
    """When to reach for an activation, the failure it avoids and the one it risks (no
    digits: every number on the cheat sheet is computed)."""

    use: str
    avoids: str
    risks: str


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation of the course: everything about it, in one place.

    ``definition`` is g in SymPy, as a person writes it (it may use other course functions,
    e.g. SiLU = z·σ(z)); ``derivation`` its step-by-step derivative, checked by SymPy; the
    LaTeX of g and g′ (:attr:`latex`, :attr:`derivative_latex`) is printed from these two.
    ``params`` holds the keyword parameters with their defaults (``{"alpha": 0.01}`` for Leaky
    ReLU), ``constants`` fixed numbers named by a symbol (a fixed scale λ, say); ``kinks`` the points
    where the derivative jumps (finite-difference checks skip them). ``symbol`` is the
    activation's SymPy function (printed by name, :mod:`course_lib.symbolic`).

    A record made from a learner's expression has no derivation; its ``printed`` pair holds
    the LaTeX of g and g′ that SymPy printed for it.
    """

    name: str
    title: str
    function: Callable[..., np.ndarray]
    derivative: Callable[..., np.ndarray]
    definition: sp.Expr | None = None
    derivation: symbolic.Derivation | None = None
    symbol: type[symbolic.CourseFunction] | None = None
    params: dict[str, float] = field(default_factory=dict)
    constants: Mapping[str, float] = field(default_factory=dict)
    kinks: tuple[float, ...] = ()
    family: str = ""
    colour: str = "#6E6E6E"
    linestyle: str = "-"
    marker: str = "o"
    advice: Advice | None = None
    notebook: str = ""
    more_derivations: tuple[symbolic.Derivation, ...] = ()
    printed: tuple[str, str] | None = None

    def __call__(self, z: ArrayLike, **params: float) -> np.ndarray:
        return self.function(z, **params)

    def __repr__(self) -> str:
        return f"<activation {self.name}: {self.title}>"

    @property
    def short_title(self) -> str:
        """The title without its alias ("SiLU / Swish" → "SiLU"), for tick labels."""
        return self.title.split(" /")[0]

    @property
    def latex(self) -> str:
        """LaTeX of g, printed from the SymPy definition: ``\\sigma(z) = \\frac{1}{1 + e^{- z}}``."""
        if self.derivation is None:
            return self.printed[0] if self.printed else ""
        lhs = self.derivation.lhs.replace("'", "", 1)
        return f"{lhs} = {symbolic.latex(self.definition, order=None)}"

    @property
    def derivative_latex(self) -> str:
        """LaTeX of g′, printed from the last step of the verified derivation."""
        if self.derivation is None:
            return self.printed[1] if self.printed else ""
        return self.derivation.result_latex

    @property
    def settings_latex(self) -> str:
        """The parameter defaults and constants, as LaTeX: ``\\alpha = 0.01``."""
        values = {**self.params, **self.constants}
        return ", ".join(f"{sp.latex(sp.Symbol(k))} = {v:.5g}" for k, v in values.items())

    def numeric_derivative(self) -> Callable[[np.ndarray], np.ndarray]:
        """The last step of the derivation as a NumPy function of z (parameters at their
        defaults): what the tests compare with :attr:`derivative`."""
        values = {sp.Symbol(k, positive=True): v for k, v in {**self.params, **self.constants}.items()}
        expr = symbolic.elementary(self.derivation.result).subs(values)
        return sp.lambdify(symbolic.z, expr, modules=["scipy", "numpy"])


def lookup(activation: Any, registry: Mapping[str, Activation], func: str,
           accept_expressions: bool = True) -> Activation:
    """The one way to turn an argument into an activation record: a registry name, a record
    (or any object with callable ``.function`` and ``.derivative``), or a parsed expression.

    Raises ``ValueError`` for an unknown name (listing the known ones) and ``TypeError`` for
    anything else, naming ``func``.
    """
    if isinstance(activation, str):
        if activation not in registry:
            raise ValueError(f"{func}(): unknown activation {activation!r}; choose one of: "
                             f"{', '.join(registry)}")
        return registry[activation]
    if isinstance(activation, Activation):
        return activation
    if accept_expressions and callable(getattr(activation, "to_activation", None)):
        return activation.to_activation()
    function = getattr(activation, "function", None)
    derivative = getattr(activation, "derivative", None)
    if callable(function) and callable(derivative):
        params = getattr(activation, "params", None) or {}
        if not isinstance(params, dict):
            raise TypeError(f"{func}(): activation.params must be a dict, got "
                            f"{type(params).__name__}")
        name = str(getattr(activation, "name", "") or "custom")
        return Activation(name, str(getattr(activation, "title", "") or name), function,
                          derivative, params=dict(params),
                          kinks=tuple(getattr(activation, "kinks", ()) or ()))
    raise TypeError(f"{func}() expects an activation name, an Activation record, an Expression "
                    f"or an object with callable .function and .derivative, got "
                    f"{type(activation).__name__}")


__all__ = ["FAMILIES", "Activation", "Advice", "ArrayLike", "lookup"]
