"""The course's one symbolic layer: its functions in SymPy, written out, compared and derived.

* :func:`define` makes the SymPy function of a course function (σ, softplus, ReLU, Φ, …) and
  of its derivative (σ′, …). Each activation module calls it once, so the family is generated
  from the registry: the derivations and the expression parser of notebook 09 use the very
  same ``σ``. Each member prints as a person writes it (``\\sigma\\!\\left(z\\right)``),
  evaluates numerically with the library's stable NumPy function, and is written out in
  SymPy's own functions by :func:`elementary`.
* :func:`equal` is the one notion of symbolic equality, used by the derivation verifier and
  by the exercise checkers: the difference of the two written-out expressions simplifies to
  0 (a proof, not a numerical test; a sample point where it is clearly non-zero settles "not
  equal" quickly).
* :class:`Derivation` is an ordered list of :class:`Step` objects, each an expression and one
  sentence naming the rule that produced it; :meth:`Derivation.verify` proves each step
  equals the one before it and the last equals ``sympy.diff`` of the definition. What a
  learner sees is what is checked: each step's LaTeX is printed from the expression compared.

Imports only SymPy: the activation modules import it, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import sympy as sp
from sympy import UnevaluatedExpr
from sympy.printing.latex import LatexPrinter

z = sp.Symbol("z", real=True)
"""The variable of every activation."""
zp = sp.Symbol("z", positive=True)
"""z on a branch where z > 0."""
zn = sp.Symbol("z", negative=True)
"""z on a branch where z < 0."""
alpha = sp.Symbol("alpha", positive=True)
"""A parameter α (Leaky ReLU, ELU) or a constant α."""
lam = sp.Symbol("lambda", positive=True)
"""A constant λ (a fixed scale)."""


# --------------------------------------------------------------------------- the family
class CourseFunction(sp.Function):
    """A course function kept whole: printed by its name, written out by :func:`elementary`,
    computed numerically by the library. Made by :func:`define`, never by hand."""

    key: ClassVar[str]
    tex: ClassVar[str]
    definition: ClassVar[sp.Expr]
    params: ClassVar[tuple[tuple[sp.Symbol, float], ...]]
    constants: ClassVar[Mapping[sp.Symbol, float]]
    numeric: ClassVar[Callable | None]
    prime: ClassVar[type[CoursePrime]]

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sp.ArgumentIndexError(self, argindex)
        return self.prime(*self.args)

    def written_out(self) -> sp.Expr:
        """The definition at these arguments, in SymPy's own functions (one level)."""
        return _at_args(type(self), self.definition, self.args)

    def _eval_evalf(self, prec):
        return _numeric_value(self, prec)

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _latex(self, printer, exp=None):
        return _function_latex(printer, self.tex, self, exp)


class CoursePrime(sp.Function):
    """The derivative of a course function, printed with a prime (σ′, ReLU′)."""

    key: ClassVar[str]
    base: ClassVar[type[CourseFunction]]
    numeric: ClassVar[Callable | None]

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sp.ArgumentIndexError(self, argindex)
        second = sp.diff(elementary(self.base.definition), z, 2)
        return _at_args(self.base, second, self.args)

    def written_out(self) -> sp.Expr:
        return _at_args(self.base, sp.diff(elementary(self.base.definition), z), self.args)

    def _eval_evalf(self, prec):
        return _numeric_value(self, prec)

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _latex(self, printer, exp=None):
        return _function_latex(printer, self.base.tex + "'", self, exp)


FAMILY: dict[str, type[CourseFunction]] = {}
"""Every course function made by :func:`define`, by key ("sigmoid", "Phi", …)."""


def define(key: str, tex: str, definition: sp.Expr, *, class_name: str | None = None,
           params: Mapping[str, float] | None = None,
           constants: Mapping[sp.Symbol, float] | None = None,
           function: Callable | None = None, derivative: Callable | None = None,
           derivative_definition: sp.Expr | None = None) -> type[CourseFunction]:
    """Make (once) the SymPy function ``key`` and its derivative.

    ``definition`` is an expression in :data:`z` (and the parameter symbols named in
    ``params``, e.g. ``{"alpha": 0.01}``, which become further arguments; ``constants`` are
    symbols with fixed values, like a fixed scale λ). ``function`` and ``derivative`` compute it
    numerically (the library's NumPy functions). ``derivative_definition`` names the
    derivative when it is itself a course function (φ for Φ), else it is written out by
    differentiating.
    """
    if key in FAMILY:
        raise ValueError(f"the course function {key!r} is defined twice")
    name = class_name or key
    param_symbols = tuple((sp.Symbol(p, positive=True), float(v)) for p, v in (params or {}).items())
    attrs = {"key": key, "tex": tex, "definition": definition, "params": param_symbols,
             "constants": dict(constants or {}), "numeric": staticmethod(function) if function
             else None, "nargs": 1 + len(param_symbols), "__module__": __name__}
    cls = type(name, (CourseFunction,), attrs)
    prime_attrs = {"key": key, "base": cls, "nargs": 1 + len(param_symbols),
                   "numeric": staticmethod(derivative) if derivative else None,
                   "__module__": __name__}
    if derivative_definition is not None:
        prime_attrs["written_out"] = lambda self: _at_args(cls, derivative_definition, self.args)
    cls.prime = type(name + "Prime", (CoursePrime,), prime_attrs)
    FAMILY[key] = cls
    return cls


def _at_args(cls: type[CourseFunction], expr: sp.Expr, args: tuple) -> sp.Expr:
    values = {z: args[0], **dict(cls.constants)}
    values.update({sym: a for (sym, _), a in zip(cls.params, args[1:], strict=False)})
    return expr.subs(values, simultaneous=True)


def _numeric_value(f: sp.Function, prec: int) -> sp.Float | None:
    """A constant like σ(1/2) as a number: the library's float64 value, else written out."""
    values = [a.evalf(prec) for a in f.args]
    if not all(v.is_Number and v.is_extended_real for v in values):
        return None
    if f.numeric is None:
        return f.written_out().evalf(prec)
    return sp.Float(float(f.numeric(*(float(v) for v in values))))


def _function_latex(printer, name: str, f: sp.Function, exp) -> str:
    arg = printer._print(f.args[0])
    params = type(f).params if isinstance(f, CourseFunction) else f.base.params
    shown = [(sym, a) for a, (sym, default) in zip(f.args[1:], params, strict=False)
             if a != default]
    if shown:  # a parameter away from its default, as a subscript: ELU_{α=0.5}, …_{b=1}
        name = name + "_{" + ", ".join(f"{printer._print(sym)}={printer._print(a)}"
                                       for sym, a in shown) + "}"
    text = rf"{name}\!\left({arg}\right)"
    if not exp:
        return text
    return rf"{name}^{{{exp}}}\!\left({arg}\right)" if not shown else rf"\left({text}\right)^{{{exp}}}"


def numeric_namespace() -> dict[str, Callable]:
    """Names for ``sympy.lambdify``: every family member → the library's NumPy function."""
    out: dict[str, Callable] = {}
    for cls in FAMILY.values():
        if cls.numeric is not None:
            out[cls.__name__] = cls.numeric
        if cls.prime.numeric is not None:
            out[cls.prime.__name__] = cls.prime.numeric
    return out


# --------------------------------------------------------------------------- written out, equal
def transform(expr: sp.Basic, match: Callable[[sp.Basic], bool],
              change: Callable[[sp.Basic], sp.Basic]) -> sp.Basic:
    """``expr.replace(match, change)``, bottom up, but rebuilding every Piecewise unevaluated:
    SymPy's Piecewise simplification can recurse without end on nested max/min (e.g. the
    derivative of max(max(1, -z), pi - 2*z)), and ``replace`` would re-run it."""
    if not expr.args:
        return change(expr) if match(expr) else expr
    args = [transform(a, match, change) for a in expr.args]
    if args != list(expr.args):
        if isinstance(expr, sp.Piecewise):
            expr = sp.Piecewise(*(tuple(pair.args) for pair in args), evaluate=False)
        else:
            expr = expr.func(*args)
    return change(expr) if match(expr) else expr


def _has_written_out(e: sp.Basic) -> bool:
    return callable(getattr(type(e), "written_out", None))


def elementary(expr: sp.Expr, evaluate: bool = True) -> sp.Expr:
    """The expression with every course function (σ, σ′, Φ, softplus, ReLU, the parser's max
    and |x| …) written out in SymPy's own functions, unevaluated derivatives and products
    carried out (unless ``evaluate`` is False).

    >>> elementary(FAMILY["silu"](z))
    z/(1 + exp(-z))
    """
    if evaluate:
        expr = expr.doit()
    for _ in range(10):  # a definition may use other course functions (SiLU uses σ)
        if not any(_has_written_out(e) for e in sp.preorder_traversal(expr)):
            break
        expr = transform(expr, _has_written_out, lambda e: e.written_out())
    return expr.doit() if evaluate else expr


def _counterexample(diff: sp.Expr) -> bool:
    """True if a − b is clearly non-zero at some sample point: a disproof by counterexample.

    Sample values respect each symbol's sign assumption (z > 0 on a positive branch...)."""
    for k, sample in enumerate((0.7, 1.9, 0.35)):
        values = {}
        for i, sym in enumerate(sorted(diff.free_symbols, key=str)):
            v = sp.Rational(sample) + sp.Rational(i, 3)
            values[sym] = -v if sym.is_negative or (sym.is_positive is None and k == 1) else v
        try:
            number = complex(diff.evalf(30, subs=values))
        except (TypeError, ValueError):
            continue
        if abs(number) > 1e-12:
            return True
    return False


def equal(a: Any, b: Any) -> bool:
    """True when SymPy can show a − b simplifies to 0: a proof, not a numerical test.
    Both are written out first (:func:`elementary`), so σ(z)·σ(−z) equals e^{−z}/(1+e^{−z})².
    (A sample point where a − b is clearly non-zero settles "not equal" quickly.)

    >>> equal(FAMILY["sigmoid"](z) * FAMILY["sigmoid"](-z), sp.exp(-z) / (1 + sp.exp(-z))**2)
    True
    """
    a = a if isinstance(a, sp.Basic) else sp.sympify(a)
    b = b if isinstance(b, sp.Basic) else sp.sympify(b)
    diff = elementary(a) - elementary(b)
    if diff == 0:
        return True
    if _counterexample(diff):
        return False
    if sp.simplify(diff) == 0:
        return True
    for form in (diff.rewrite(sp.exp), sp.expand(diff.rewrite(sp.exp))):
        if sp.simplify(form) == 0:
            return True
    return False


# --------------------------------------------------------------------------- printing
def plus(*terms: sp.Expr) -> sp.Expr:
    """A sum printed in the given order."""
    return sp.Add(*terms, evaluate=False)


def seq(*factors: sp.Expr) -> sp.Expr:
    """A product printed in the given order, factors not merged (e.g. σ(z)·(1 − σ(z)))."""
    return sp.Mul(*(UnevaluatedExpr(f) for f in factors), evaluate=False)


class _StepPrinter(LatexPrinter):
    """SymPy's LaTeX printer, but a product built with :func:`seq` prints its factors in the
    order given, with a thin space between them and brackets around a factor that is a sum
    or starts with a minus sign (so ``2 · (−e^{−z})`` never prints as ``2 - e^{-z}``); and a
    piecewise function prints as cases without the word "for"."""

    def _print_Mul(self, expr):
        if expr.args and all(isinstance(a, UnevaluatedExpr) for a in expr.args):
            parts = []
            for i, factor in enumerate(expr.args):
                inner = factor.args[0]
                text = self._print(inner)
                if isinstance(inner, sp.Add) or (i > 0 and text.lstrip().startswith("-")):
                    text = rf"\left({text}\right)"
                parts.append(text)
            return r" \, ".join(parts)
        return super()._print_Mul(expr)

    def _print_Piecewise(self, expr):
        rows = []
        for e, c in expr.args:
            cond = r"\text{otherwise}" if c == sp.true else self._print(c)
            rows.append(rf"{self._print(e)} & {cond}")
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"


def latex(expr: sp.Expr, order: str | None = "none") -> str:
    """LaTeX in the order the terms were written (``order=None``: SymPy's usual order, which
    puts a constant factor first, as in αz)."""
    return _StepPrinter({"order": order} if order else {}).doprint(expr)


def one_sided_slopes(g: sp.Expr, at: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Limits of the difference quotient (g(a ± t) − g(a))/(±t) as t → 0⁺, at z = a."""
    t = sp.Symbol("t", positive=True)
    g = elementary(g)
    ga = g.subs(z, at)
    left = sp.limit((g.subs(z, at - t) - ga) / (-t), t, 0, dir="+")
    right = sp.limit((g.subs(z, at + t) - ga) / t, t, 0, dir="+")
    return left, right


# --------------------------------------------------------------------------- derivations
@dataclass(frozen=True)
class Step:
    """One line of a derivation: the expression, and the rule that produced it."""

    expr: sp.Expr
    reason: str


@dataclass(frozen=True)
class StepCheck:
    index: int
    reason: str
    ok: bool


@dataclass(frozen=True)
class Verification:
    """The verifier's report: one entry per step, and the comparison with ``sympy.diff``."""

    name: str
    steps: tuple[StepCheck, ...]
    matches_diff: bool
    kink_ok: bool = True

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.steps) and self.matches_diff and self.kink_ok

    @property
    def first_failure(self) -> StepCheck | None:
        return next((s for s in self.steps if not s.ok), None)

    def __repr__(self) -> str:
        n = len(self.steps)
        if self.ok:
            return (f"✔ SymPy checked {self.name}: each of the {n} steps equals the one "
                    "before it, and the result equals sympy.diff of the definition.")
        bad = self.first_failure
        if bad is not None:
            return (f"✘ {self.name}: SymPy could not prove this step: step {bad.index} "
                    f"('{bad.reason}') equals the step before it.")
        if not self.kink_ok:
            return f"✘ {self.name}: the one-sided slopes at the kink are not as stated."
        return f"✘ {self.name}: the last step is not equal to sympy.diff of the definition."


@dataclass(frozen=True)
class Branch:
    """One piece of a piecewise function, derived on its own open interval."""

    condition: str  # LaTeX, e.g. "z > 0"
    symbol: sp.Symbol  # z with the matching sign assumption
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Kink:
    """What happens at a kink: the one-sided slopes (checked by SymPy) and the convention."""

    at: sp.Expr
    left: sp.Expr
    right: sp.Expr
    note: str


@dataclass
class Derivation:
    """A derivation of ``d definition / d var``, one step per line.

    ``lhs`` is the LaTeX of what is being computed (e.g. ``\\sigma'(z)``). For piecewise
    functions ``steps`` is empty and ``branches`` holds the pieces (z > 0, then z < 0), with
    ``kink`` telling what happens where they meet.
    """

    name: str
    title: str
    definition: sp.Expr
    lhs: str
    steps: list[Step] = field(default_factory=list)
    var: sp.Symbol = z
    branches: list[Branch] = field(default_factory=list)
    kink: Kink | None = None

    # -------------------------------------------------------------- the result
    @property
    def result(self) -> sp.Expr:
        """The derivative as the last step states it, as one expression in z: for a piecewise
        function the branches' last steps, with the left-hand value at the kink z = 0."""
        if not self.branches:
            return self.steps[-1].expr
        pieces = []
        for branch in self.branches:
            expr = branch.steps[-1].expr.subs(branch.symbol, z)
            if branch.symbol.is_positive:
                pieces.append((expr, z > 0))
            elif branch.symbol.is_negative:
                pieces.append((expr, z <= 0))
            else:
                raise ValueError(f"{self.name}: a branch needs z > 0 or z < 0")
        return sp.Piecewise(*pieces, evaluate=False)

    @property
    def result_latex(self) -> str:
        """``lhs = result``: the formula a learner reads, printed from the verified last step."""
        return f"{self.lhs} = {latex(self.result)}"

    # -------------------------------------------------------------- checking
    def verify(self) -> Verification:
        """Prove each step equals the previous one and the last equals sympy.diff."""
        if self.branches:
            return self._verify_piecewise()
        checks = [StepCheck(1, self.steps[0].reason,
                            equal(self.steps[0].expr, sp.Derivative(self.definition, self.var)))]
        for i in range(1, len(self.steps)):
            ok = equal(self.steps[i].expr, self.steps[i - 1].expr)
            checks.append(StepCheck(i + 1, self.steps[i].reason, ok))
        target = sp.diff(elementary(self.definition), self.var)
        return Verification(self.title, tuple(checks), equal(self.steps[-1].expr, target))

    def _verify_piecewise(self) -> Verification:
        checks: list[StepCheck] = []
        matches = True
        for branch in self.branches:
            local = elementary(self.definition).subs(z, branch.symbol)
            var = branch.symbol if self.var == z else self.var
            previous: sp.Expr = sp.Derivative(local, var)
            for step in branch.steps:
                checks.append(StepCheck(len(checks) + 1, step.reason,
                                        equal(step.expr, previous)))
                previous = step.expr
            target = sp.diff(local, var)
            matches = matches and equal(previous, target)
        kink_ok = True
        if self.kink is not None:
            left, right = one_sided_slopes(self.definition, self.kink.at)
            kink_ok = equal(left, self.kink.left) and equal(right, self.kink.right)
        return Verification(self.title, tuple(checks), matches, kink_ok)

    # -------------------------------------------------------------- showing
    def to_markdown(self) -> str:
        """One step per line: the rule in words, then the expression."""
        lines = [f"**{self.title}**", ""]
        if not self.branches:
            lines += _step_lines(self.lhs, self.steps)
        for branch in self.branches:
            lines += [f"*For ${branch.condition}$:*", ""]
            lines += _step_lines(self.lhs, list(branch.steps))
        if self.kink is not None:
            k = self.kink
            lines += [f"*At $z = {latex(k.at)}$:* slope from the left ${latex(k.left)}$, "
                      f"from the right ${latex(k.right)}$. {k.note}", ""]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        n = len(self.steps) or sum(len(b.steps) for b in self.branches)
        return f"<derivation of {self.title}: {n} steps>"


def _step_lines(lhs: str, steps: list[Step]) -> list[str]:
    out = []
    for i, step in enumerate(steps, start=1):
        left = lhs if i == 1 else ""
        out.append(f"{i}. {step.reason}  ")
        out.append(f"   $\\displaystyle {left} = {latex(step.expr)}$")
        out.append("")
    return out


def with_step_replaced(derivation: Derivation, index: int, expr: sp.Expr) -> Derivation:
    """A copy of ``derivation`` whose step ``index`` (1-based) is ``expr``: to show that the
    verifier catches a wrong step."""
    steps = list(derivation.steps)
    steps[index - 1] = Step(expr, steps[index - 1].reason)
    return Derivation(derivation.name, derivation.title, derivation.definition, derivation.lhs,
                      steps, derivation.var, derivation.branches, derivation.kink)


__all__ = [
    "FAMILY", "Branch", "CourseFunction", "CoursePrime", "Derivation", "Kink", "Step",
    "StepCheck", "Verification", "alpha", "define", "elementary", "equal", "lam", "latex",
    "numeric_namespace", "one_sided_slopes", "plus", "seq", "transform", "with_step_replaced",
    "z", "zn", "zp",
]
