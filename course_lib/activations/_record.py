"""The record that holds everything about one activation, and the one way to look one up.

Each activation module (``atlas/sigmoid.py``, ``atlas/relu.py``, …) builds one
:class:`Activation`; the package assembles them into :data:`course_lib.activations.ATLAS`
(and the course's path, :data:`course_lib.activations.ACTIVATIONS`). Every part of the course
takes what it needs from the record: the NumPy functions g, g′ and g″, the SymPy definition
(from which the record makes its own SymPy function, :attr:`Activation.symbol`) and its
verified derivations (and so the LaTeX a learner reads), parameters, kinks, the look of its
curves, the cheat-sheet advice, the paper, the notebook that introduces it.
"""

from __future__ import annotations

import functools
import re
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
    "relu": "the ReLU family (the identity for z > 0, something flatter below; a kink at 0)",
    "smooth": "the smooth ReLUs (softplus and its kin: a ReLU with the kink rounded off)",
    "gated": "the gated ones (z times a gate of z that opens as z grows: SiLU, GELU, Mish, …)",
    "shrink": "shrinkage functions (zero, or nearly, around 0; from sparse coding and denoising)",
    "other": "the rest: the identity, the exponential, a step, an even one",
}
"""The families an activation belongs to, with what they have in common."""


@dataclass(frozen=True)
class Advice:
    """When to reach for an activation, the failure it avoids and the one it risks (no
    digits: every number on the cheat sheet is computed)."""

    use: str
    avoids: str
    risks: str


Derivable = symbolic.Derivation | Callable[[type[symbolic.CourseFunction]], symbolic.Derivation]
"""A derivation, or (when its steps name the activation itself, as σ′ = σ(1 − σ) does) a
function that writes it given the activation's SymPy function."""


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation: everything about it, in one place.

    ``function``, ``derivative`` and ``second_derivative`` are g, g′ and g″ in NumPy.
    ``definition`` is g in SymPy, as a person writes it (it may use other course functions,
    e.g. SiLU = z·σ(z)); from it the record makes its SymPy function :attr:`symbol` (printed
    ``tex``, e.g. ``\\sigma``, computed by ``function``). ``derivation`` is the step-by-step
    derivative checked by SymPy, ``second_derivation`` the same for g″; without them g′ and
    g″ are ``sympy.diff`` of the definition. The LaTeX of g, g′ and g″ (:attr:`latex`,
    :attr:`derivative_latex`, :attr:`second_derivative_latex`) is printed from these.

    ``params`` holds the keyword parameters with their defaults (``{"alpha": 0.01}`` for Leaky
    ReLU), ``constants`` fixed numbers named by a symbol (a fixed scale λ, say); ``kinks`` the
    points where the formula changes and g, g′ or g″ jumps (there g′ and g″ take the
    left-hand value; finite-difference checks skip them); ``aliases`` other names it goes by
    (``swish`` for SiLU); ``paper`` the publication that introduced it, by name;
    ``colour``, ``linestyle`` and ``marker`` the look of its curves (the course's ten choose
    theirs; :data:`~course_lib.activations.ATLAS` gives every other one a look of its own from
    :func:`course_lib.palette.styles`).

    A piecewise ``definition`` lists its pieces from left to right, each with a condition
    ``z <= a`` (the last one ``True``): then ``sympy.diff`` gives the left-hand value at a kink.

    A record made from a learner's expression has no SymPy function and no derivation; its
    ``printed`` pair holds the LaTeX of g and g′ that SymPy printed for it.
    """

    name: str
    title: str
    function: Callable[..., np.ndarray]
    derivative: Callable[..., np.ndarray]
    second_derivative: Callable[..., np.ndarray] | None = None
    definition: sp.Expr | None = None
    derivation: Derivable | None = None
    second_derivation: Derivable | None = None
    tex: str = ""
    params: dict[str, float] = field(default_factory=dict)
    constants: Mapping[str, float] = field(default_factory=dict)
    kinks: tuple[float, ...] = ()
    family: str = ""
    colour: str = "#6E6E6E"
    linestyle: str = "-"
    marker: str = "o"
    advice: Advice | None = None
    notebook: str = ""
    paper: str = ""
    aliases: tuple[str, ...] = ()
    more_derivations: tuple[symbolic.Derivation, ...] = ()
    printed: tuple[str, str] | None = None
    symbol: type[symbolic.CourseFunction] | None = None

    def __post_init__(self) -> None:
        # the record's SymPy function, made once from the record itself (a copy made with
        # dataclasses.replace keeps it)
        if self.symbol is None and self.definition is not None and self.printed is None:
            # parameters the definition names by a symbol (α) become its further arguments;
            # the others appear in it as their default values
            free = self.definition.free_symbols
            symbol = symbolic.define(
                self.name, self.tex or rf"\operatorname{{{self.class_name}}}", self.definition,
                class_name=self.class_name,
                params={k: v for k, v in self.params.items() if sp.Symbol(k, positive=True) in free},
                constants={sp.Symbol(k, positive=True): v for k, v in self.constants.items()},
                function=self.function, derivative=self.derivative)
            object.__setattr__(self, "symbol", symbol)
        for attr in ("derivation", "second_derivation"):
            value = getattr(self, attr)
            if value is not None and not isinstance(value, symbolic.Derivation):
                object.__setattr__(self, attr, value(self.symbol))

    def __call__(self, z: ArrayLike, **params: float) -> np.ndarray:
        return self.function(z, **params)

    def __repr__(self) -> str:
        return f"<activation {self.name}: {self.title}>"

    @property
    def short_title(self) -> str:
        """The title without its alias ("SiLU / Swish" → "SiLU"), for tick labels."""
        return self.title.split(" /")[0]

    @property
    def class_name(self) -> str:
        """The name of its SymPy function: the short title as one word ("LeakyReLU")."""
        words = re.split(r"[^A-Za-z0-9]+", self.short_title)
        return "".join(w[:1].upper() + w[1:] for w in words if w)

    # ------------------------------------------------------------------ SymPy: g, g′, g″
    def derivative_expr(self, order: int = 1) -> sp.Expr:
        """g′ (``order=1``) or g″ (``order=2``) as one SymPy expression in z and the
        parameter symbols: the last step of the verified derivation where there is one,
        else ``sympy.diff`` of the definition (left-hand values at the kinks)."""
        return self._derivative_exprs[order - 1]

    @functools.cached_property
    def _derivative_exprs(self) -> tuple[sp.Expr, sp.Expr]:
        plain = symbolic.elementary(self.definition)
        first = self.derivation.result if self.derivation else _tidy(sp.diff(plain, symbolic.z))
        if self.second_derivation:
            second = self.second_derivation.result
        else:
            second = _tidy(sp.diff(symbolic.elementary(first), symbolic.z))
        return first, second

    @property
    def latex(self) -> str:
        """LaTeX of g, printed from the SymPy definition: ``\\sigma(z) = \\frac{1}{1 + e^{- z}}``."""
        if self.definition is None or self.printed is not None:
            return self.printed[0] if self.printed else ""
        return f"{self._lhs()} = {symbolic.latex(self.definition, order=None)}"

    @property
    def derivative_latex(self) -> str:
        """LaTeX of g′, printed from the last step of the verified derivation (or from
        ``sympy.diff`` of the definition)."""
        if self.derivation is not None:
            return self.derivation.result_latex
        if self.printed is not None or self.definition is None:
            return self.printed[1] if self.printed else ""
        return f"{self._lhs(1)} = {symbolic.latex(self.derivative_expr(1), order=None)}"

    @property
    def second_derivative_latex(self) -> str:
        """LaTeX of g″, printed from the verified second derivation (or ``sympy.diff``)."""
        if self.second_derivation is not None:
            return self.second_derivation.result_latex
        if self.definition is None or self.printed is not None:
            return ""
        return f"{self._lhs(2)} = {symbolic.latex(self.derivative_expr(2), order=None)}"

    def _lhs(self, order: int = 0) -> str:
        if order == 0 and self.derivation is not None:
            return self.derivation.lhs.replace("'", "", 1)
        tex = self.symbol.tex if self.symbol is not None else "g"
        return f"{tex}{chr(39) * order}(z)"

    @property
    def settings_latex(self) -> str:
        """The parameter defaults and constants, as LaTeX: ``\\alpha = 0.01``."""
        values = {**self.params, **self.constants}
        return ", ".join(f"{sp.latex(sp.Symbol(k))} = {v:.5g}" for k, v in values.items())

    def numeric(self, order: int = 1) -> Callable[[np.ndarray], np.ndarray]:
        """The SymPy g′ (``order=1``) or g″ (``order=2``) as a NumPy function of z
        (parameters at their defaults): what the tests compare with :attr:`derivative` and
        :attr:`second_derivative`."""
        values = {sp.Symbol(k, positive=True): v for k, v in {**self.params, **self.constants}.items()}
        expr = symbolic.elementary(self.derivative_expr(order)).subs(values)
        return sp.lambdify(symbolic.z, expr, modules=["scipy", "numpy"])

    def numeric_derivative(self) -> Callable[[np.ndarray], np.ndarray]:
        """:meth:`numeric` of order 1."""
        return self.numeric(1)

    # ------------------------------------------------------------------ at the kinks
    def sides(self, at: float) -> dict[str, tuple[float, float]]:
        """The one-sided values of g, g′ and g″ at a kink: ``{"g": (left, right), "g′": …,
        "g″": …}``, read from the functions at the floats just below and just above it.
        (At the kink itself g′ and g″ give the left one.)

        >>> from course_lib.activations import ATLAS
        >>> ATLAS["relu"].sides(0.0)["g′"]
        (0.0, 1.0)
        """
        below, above = np.nextafter(at, -np.inf), np.nextafter(at, np.inf)
        out = {}
        for label, f in (("g", self.function), ("g′", self.derivative),
                         ("g″", self.second_derivative)):
            if f is not None:
                out[label] = (float(f(below)), float(f(above)))
        return out

    def jumps(self, at: float, tolerance: float = 1e-9) -> tuple[str, ...]:
        """Which of g, g′, g″ jump at the kink ``at``: ``("g′", "g″")`` for hardswish at −3.

        >>> from course_lib.activations import ATLAS
        >>> ATLAS["softsign"].jumps(0.0)
        ('g″',)
        """
        return tuple(label for label, (left, right) in self.sides(at).items()
                     if abs(left - right) > tolerance * max(1.0, abs(left), abs(right)))


_W = sp.Wild("w")


def _tidy(expr: sp.Expr) -> sp.Expr:
    """A derivative as SymPy's ``diff`` gives it, lightly simplified piece by piece (a
    full ``simplify`` can take seconds and rarely prints better), with 1 − tanh² u written
    sech² u (as a person writes it, and without the cancellation when it is computed)."""
    if isinstance(expr, sp.Piecewise):
        return sp.Piecewise(*((_tidy(e), c) for e, c in expr.args), evaluate=False)
    if expr.has(sp.Piecewise):
        return expr
    candidates = [expr, sp.factor_terms(sp.cancel(expr)), sp.factor(expr)]
    best = min(candidates, key=sp.count_ops)
    return best.replace(1 - sp.tanh(_W) ** 2, sp.sech(_W) ** 2)


def lookup(activation: Any, registry: Mapping[str, Activation], func: str,
           accept_expressions: bool = True) -> Activation:
    """The one way to turn an argument into an activation record: a registry name (or one of
    its aliases), a record (or any object with callable ``.function`` and ``.derivative``),
    or a parsed expression.

    Raises ``ValueError`` for an unknown name (listing the known ones) and ``TypeError`` for
    anything else, naming ``func``.
    """
    if isinstance(activation, str):
        if activation in registry:
            return registry[activation]
        for record in registry.values():
            if activation in record.aliases:
                return record
        raise ValueError(f"{func}(): unknown activation {activation!r}; choose one of: "
                         f"{', '.join(registry)}")
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


__all__ = ["FAMILIES", "Activation", "Advice", "ArrayLike", "Derivable", "lookup"]
