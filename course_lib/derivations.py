"""Step-by-step derivations of every activation's derivative, each step checked by SymPy.

A :class:`Derivation` is an ordered list of :class:`Step` objects: an expression and one
sentence naming the rule that produced it. :meth:`Derivation.verify` proves with SymPy that

* every step equals the step before it, and
* the last step equals ``sympy.diff`` of the definition.

What a learner sees is what is checked: the LaTeX of each step is printed from the very
expression the verifier compares (unevaluated products keep the shape a person would write).

Piecewise functions (ReLU, Leaky ReLU, ELU) are derived branch by branch; the kink at z = 0
is examined with one-sided limits of the difference quotient, also computed by SymPy.

>>> DERIVATIONS["sigmoid"].verify().ok
True

Introduced in notebook 01; every derivation notebook shows one and its verification.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp
from sympy import UnevaluatedExpr
from sympy.printing.latex import LatexPrinter

z = sp.Symbol("z", real=True)
alpha = sp.Symbol("alpha", positive=True)


# --------------------------------------------------------------------------- named functions
class sigma(sp.Function):
    r"""The sigmoid σ(x) = 1/(1 + e^(−x)), kept as a symbol so that steps can say "σ(z)"."""

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sigma(x) * (1 - sigma(x))

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        return rf"\sigma^{{{exp}}}\!\left({arg}\right)" if exp else rf"\sigma\!\left({arg}\right)"


class dsigma(sp.Function):
    r"""σ′(x), printed with a prime; equal to σ(x)(1 − σ(x))."""

    def _latex(self, printer, exp=None):
        return rf"\sigma'\!\left({printer._print(self.args[0])}\right)"


class Phi(sp.Function):
    r"""The standard normal CDF Φ(x) = (1 + erf(x/√2))/2."""

    def fdiff(self, argindex=1):
        return phi(self.args[0])

    def _latex(self, printer, exp=None):
        return rf"\Phi\!\left({printer._print(self.args[0])}\right)"


class phi(sp.Function):
    r"""The standard normal density φ(x) = e^(−x²/2)/√(2π)."""

    def _latex(self, printer, exp=None):
        return rf"\varphi\!\left({printer._print(self.args[0])}\right)"


class softplus(sp.Function):
    r"""softplus(x) = log(1 + e^x)."""

    def fdiff(self, argindex=1):
        return sigma(self.args[0])

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        return rf"\operatorname{{softplus}}\!\left({arg}\right)"


_ELEMENTARY: dict[type, Callable[[sp.Expr], sp.Expr]] = {
    sigma: lambda x: 1 / (1 + sp.exp(-x)),
    dsigma: lambda x: sp.exp(-x) / (1 + sp.exp(-x)) ** 2,
    Phi: lambda x: (1 + sp.erf(x / sp.sqrt(2))) / 2,
    phi: lambda x: sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi),
    softplus: lambda x: sp.log(1 + sp.exp(x)),
}


def elementary(expr: sp.Expr) -> sp.Expr:
    """Replace the named functions (σ, σ′, Φ, φ, softplus) by their definitions and carry
    out unevaluated derivatives and products."""
    expr = expr.doit()
    for func, definition in _ELEMENTARY.items():
        expr = expr.replace(func, definition)
    return expr.doit()


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


def equal(a: sp.Expr, b: sp.Expr) -> bool:
    """True when SymPy can show a − b simplifies to 0: a proof, not a numerical test.
    (A sample point where a − b is clearly non-zero settles "not equal" quickly.)"""
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


def plus(*terms: sp.Expr) -> sp.Expr:
    """A sum printed in the given order."""
    return sp.Add(*terms, evaluate=False)


def one_sided_slopes(g: sp.Expr, at: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Limits of the difference quotient (g(a ± t) − g(a))/(±t) as t → 0⁺, at z = a."""
    t = sp.Symbol("t", positive=True)
    ga = g.subs(z, at)
    left = sp.limit((g.subs(z, at - t) - ga) / (-t), t, 0, dir="+")
    right = sp.limit((g.subs(z, at + t) - ga) / t, t, 0, dir="+")
    return left, right


def seq(*factors: sp.Expr) -> sp.Expr:
    """A product printed in the given order, factors not merged (e.g. σ(z)·(1 − σ(z)))."""
    return sp.Mul(*(UnevaluatedExpr(f) for f in factors), evaluate=False)


class _StepPrinter(LatexPrinter):
    """SymPy's LaTeX printer, but a product built with :func:`seq` prints its factors in the
    order given, with a thin space between them and brackets around a factor that is a sum
    or starts with a minus sign (so ``2 · (−e^{−z})`` never prints as ``2 - e^{-z}``)."""

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


def latex(expr: sp.Expr) -> str:
    """LaTeX in the order the terms were written."""
    return _StepPrinter({"order": "none"}).doprint(expr)


# --------------------------------------------------------------------------- data types
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
    functions ``steps`` is empty and ``branches`` holds the pieces, with ``kink`` telling
    what happens where they meet.
    """

    name: str
    title: str
    definition: sp.Expr
    lhs: str
    steps: list[Step] = field(default_factory=list)
    var: sp.Symbol = z
    branches: list[Branch] = field(default_factory=list)
    kink: Kink | None = None

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
            local = self.definition.subs(z, branch.symbol)
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


# --------------------------------------------------------------------------- the derivations
zp = sp.Symbol("z", positive=True)
zn = sp.Symbol("z", negative=True)
_u = 1 + sp.exp(-z)
_s = softplus(z)


def _sigmoid() -> Derivation:
    u = _u
    return Derivation("sigmoid", "the sigmoid's derivative", 1 / u, r"\sigma'(z)", [
        Step(sp.Derivative(u**-1, z),
             r"Write the quotient as a power: $\sigma(z) = u^{-1}$ with $u = 1 + e^{-z}$."),
        Step(seq(-(u**-2), sp.Derivative(u, z)),
             r"Chain rule: $\frac{d}{dz}u^{-1} = -u^{-2}\cdot\frac{du}{dz}$ "
             r"(power rule on the outside)."),
        Step(seq(-(u**-2), -sp.exp(-z)),
             r"Differentiate the inside: $\frac{d}{dz}\bigl(1 + e^{-z}\bigr) = -e^{-z}$ "
             r"(chain rule again: the exponent $-z$ has derivative $-1$)."),
        Step(sp.exp(-z) / u**2,
             "Simplify: the two minus signs cancel."),
        Step(seq(1 / u, sp.exp(-z) / u),
             "Split the squared denominator into two factors."),
        Step(seq(sigma(z), sp.exp(-z) / u),
             r"The first factor is $\sigma(z)$ by definition."),
        Step(seq(sigma(z), 1 - 1 / u),
             r"Add and subtract 1 in the numerator: "
             r"$\frac{e^{-z}}{1+e^{-z}} = \frac{(1+e^{-z}) - 1}{1+e^{-z}} = 1 - \frac{1}{1+e^{-z}}$."),
        Step(seq(sigma(z), 1 - sigma(z)),
             r"Recognise $\sigma(z)$ once more: $\sigma' = \sigma\,(1-\sigma)$."),
        Step(seq(sigma(z), sigma(-z)),
             r"Symmetry $1 - \sigma(z) = \sigma(-z)$: the form that keeps its digits for "
             r"large $z$."),
    ])


def _tanh() -> Derivation:
    sh, ch = sp.sinh(z), sp.cosh(z)
    return Derivation("tanh", "the derivative of tanh (quotient rule)", sp.tanh(z),
                      r"\tanh'(z)", [
        Step(sp.Derivative(sh / ch, z), r"Write $\tanh z = \sinh z / \cosh z$."),
        Step(plus(seq(ch, ch), -seq(sh, sh)) / ch**2,
             r"Quotient rule $\bigl(\frac{f}{g}\bigr)' = \frac{f'g - fg'}{g^2}$ with "
             r"$f = \sinh$, $f' = \cosh$, $g = \cosh$, $g' = \sinh$."),
        Step(plus(1, -(sh**2) / ch**2),
             r"Split the fraction in two: $\cosh^2 z / \cosh^2 z = 1$."),
        Step(1 - sp.tanh(z) ** 2,
             r"$\sinh^2 z / \cosh^2 z = \tanh^2 z$."),
        Step(1 / ch**2,
             r"Or use $\cosh^2 z - \sinh^2 z = 1$ in the numerator of step 2 instead."),
        Step(sp.sech(z) ** 2, r"By definition $1/\cosh z = \operatorname{sech} z$."),
    ])


def _tanh_via_sigmoid() -> Derivation:
    return Derivation("tanh_via_sigmoid", "the derivative of tanh (via the sigmoid)",
                      2 * sigma(2 * z) - 1, r"\tanh'(z)", [
        Step(sp.Derivative(2 * sigma(2 * z) - 1, z),
             r"Use the identity $\tanh z = 2\sigma(2z) - 1$."),
        Step(seq(2, dsigma(2 * z), 2),
             r"Chain rule: the inner function $2z$ has derivative 2; the constant $-1$ "
             r"drops out."),
        Step(4 * dsigma(2 * z), r"Collect the constants: $\tanh'(z) = 4\sigma'(2z)$."),
        Step(seq(4, sigma(2 * z), sigma(-2 * z)),
             r"Use $\sigma'(x) = \sigma(x)\,\sigma(-x)$ from notebook 01."),
        Step(1 - sp.tanh(z) ** 2,
             r"It is the same function as $1 - \tanh^2 z$ (SymPy checks the equality)."),
    ])


def _relu() -> Derivation:
    return Derivation(
        "relu", "the derivative of ReLU", sp.Max(0, z), r"\operatorname{ReLU}'(z)",
        branches=[
            Branch("z > 0", zp, (Step(sp.Derivative(zp, zp), r"Here $\max(0, z) = z$."),
                                 Step(sp.Integer(1), "The derivative of z is 1."))),
            Branch("z < 0", zn, (Step(sp.Derivative(sp.Integer(0), zn),
                                      r"Here $\max(0, z) = 0$."),
                                 Step(sp.Integer(0), "The derivative of a constant is 0."))),
        ],
        kink=Kink(sp.Integer(0), sp.Integer(0), sp.Integer(1),
                  "The slopes differ, so ReLU has no derivative at 0. Every value in [0, 1] "
                  "is a subgradient there; PyTorch and TensorFlow (and this course) use 0."),
    )


def _leaky_definition(a: sp.Expr) -> sp.Expr:
    return sp.Piecewise((z, z > 0), (a * z, True))


def _leaky_relu() -> Derivation:
    return Derivation(
        "leaky_relu", "the derivative of Leaky ReLU", _leaky_definition(alpha),
        r"g'(z)",
        branches=[
            Branch("z > 0", zp, (Step(sp.Derivative(zp, zp), r"Here $g(z) = z$."),
                                 Step(sp.Integer(1), "The derivative of z is 1."))),
            Branch("z < 0", zn, (Step(sp.Derivative(alpha * zn, zn),
                                      r"Here $g(z) = \alpha z$."),
                                 Step(alpha, r"A constant times z has that constant as "
                                             r"its derivative: $\alpha$."))),
        ],
        kink=Kink(sp.Integer(0), alpha, sp.Integer(1),
                  r"For $\alpha \ne 1$ the slopes differ: no derivative at 0, every value "
                  r"between $\alpha$ and 1 is a subgradient, and the convention is the "
                  r"left-hand value $\alpha$."),
    )


def _prelu_alpha() -> Derivation:
    return Derivation(
        "prelu_alpha", r"the derivative of PReLU with respect to $\alpha$",
        _leaky_definition(alpha), r"\frac{\partial g}{\partial \alpha}", var=alpha,
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


def _softplus() -> Derivation:
    ez = sp.exp(z)
    return Derivation("softplus", "the derivative of softplus", sp.log(1 + ez),
                      r"\operatorname{softplus}'(z)", [
        Step(sp.Derivative(sp.log(1 + ez), z),
             r"softplus$(z) = \log u$ with $u = 1 + e^{z}$."),
        Step(seq(1 / (1 + ez), sp.Derivative(1 + ez, z)),
             r"Chain rule with $\frac{d}{du}\log u = \frac{1}{u}$."),
        Step(seq(1 / (1 + ez), ez), r"$\frac{d}{dz}\bigl(1 + e^{z}\bigr) = e^{z}$."),
        Step(1 / (sp.exp(-z) + 1),
             r"Divide numerator and denominator by $e^{z}$."),
        Step(sigma(z), r"That is the sigmoid: softplus is the integral of $\sigma$."),
    ])


def _elu() -> Derivation:
    definition = sp.Piecewise((z, z > 0), (alpha * (sp.exp(z) - 1), True))
    return Derivation(
        "elu", "the derivative of ELU", definition, r"\operatorname{ELU}'(z)",
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


def _silu() -> Derivation:
    return Derivation("silu", "the derivative of SiLU (Swish)", z * sigma(z),
                      r"\operatorname{SiLU}'(z)", [
        Step(sp.Derivative(z * sigma(z), z), r"SiLU$(z) = z\,\sigma(z)$."),
        Step(plus(seq(1, sigma(z)), seq(z, dsigma(z))),
             r"Product rule $(fg)' = f'g + fg'$ with $f = z$ and $g = \sigma$."),
        Step(plus(sigma(z), seq(z, sigma(z), 1 - sigma(z))),
             r"$\sigma' = \sigma(1 - \sigma)$ (notebook 01)."),
        Step(seq(sigma(z), 1 + seq(z, 1 - sigma(z))), r"Factor out $\sigma(z)$."),
        Step(seq(sigma(z), 1 + seq(z, sigma(-z))),
             r"$1 - \sigma(z) = \sigma(-z)$: the form the library computes."),
    ])


def _gelu() -> Derivation:
    return Derivation("gelu", "the derivative of GELU", z * Phi(z),
                      r"\operatorname{GELU}'(z)", [
        Step(sp.Derivative(z * Phi(z), z),
             r"GELU$(z) = z\,\Phi(z)$, with $\Phi$ the standard normal CDF."),
        Step(plus(seq(1, Phi(z)), seq(z, sp.Derivative(Phi(z), z))),
             r"Product rule with $f = z$ and $g = \Phi$."),
        Step(plus(Phi(z), seq(z, phi(z))),
             r"$\Phi' = \varphi$, the normal density ($\Phi$ is its integral)."),
        Step(plus(Phi(z), seq(z, sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi))),
             r"Write out $\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}$."),
    ])


def _mish() -> Derivation:
    s = _s
    return Derivation("mish", "the derivative of Mish", z * sp.tanh(s),
                      r"\operatorname{Mish}'(z)", [
        Step(sp.Derivative(z * sp.tanh(s), z),
             r"Mish$(z) = z\tanh(s)$ with $s = \operatorname{softplus}(z)$."),
        Step(plus(seq(1, sp.tanh(s)), seq(z, sp.Derivative(sp.tanh(s), z))),
             r"Product rule with $f = z$ and $g = \tanh(s)$."),
        Step(plus(sp.tanh(s), seq(z, sp.sech(s) ** 2, sp.Derivative(s, z))),
             r"Chain rule with $\tanh' = \operatorname{sech}^2$ (notebook 02)."),
        Step(plus(sp.tanh(s), seq(z, sp.sech(s) ** 2, sigma(z))),
             r"$\operatorname{softplus}' = \sigma$ (derived above)."),
    ])


DERIVATIONS: dict[str, Derivation] = {
    d.name: d
    for d in [_sigmoid(), _tanh(), _relu(), _leaky_relu(), _softplus(), _elu(), _silu(),
              _gelu(), _mish(), _tanh_via_sigmoid(), _prelu_alpha()]
}
"""Derivations by name: the nine activations, plus ``tanh_via_sigmoid`` and ``prelu_alpha``."""

DEFINITIONS: dict[str, sp.Expr] = {
    "sigmoid": 1 / (1 + sp.exp(-z)),
    "tanh": sp.tanh(z),
    "relu": sp.Max(0, z),
    "leaky_relu": _leaky_definition(alpha),
    "softplus": sp.log(1 + sp.exp(z)),
    "elu": sp.Piecewise((z, z > 0), (alpha * (sp.exp(z) - 1), True)),
    "silu": z / (1 + sp.exp(-z)),
    "gelu": z * (1 + sp.erf(z / sp.sqrt(2))) / 2,
    "mish": z * sp.tanh(sp.log(1 + sp.exp(z))),
}
"""Each activation as a plain SymPy expression in ``z`` (and ``alpha``)."""


def with_step_replaced(derivation: Derivation, index: int, expr: sp.Expr) -> Derivation:
    """A copy of ``derivation`` whose step ``index`` (1-based) is ``expr``: to show that the
    verifier catches a wrong step."""
    steps = list(derivation.steps)
    steps[index - 1] = Step(expr, steps[index - 1].reason)
    return Derivation(derivation.name, derivation.title, derivation.definition, derivation.lhs,
                      steps, derivation.var, derivation.branches, derivation.kink)
