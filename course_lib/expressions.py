"""A learner's own activation, typed as text in z: parsed safely, differentiated by SymPy.

>>> e = parse("z*sigmoid(2*z)")
>>> e.derivative
2*z*SigmoidPrime(2*z) + Sigmoid(2*z)
>>> round(float(e.derivative_function(1.0)), 6)
1.090784

What may be typed (nothing else):

* the variable ``z``, the constants ``pi`` and ``e``, numbers such as ``0.1`` or ``2e-3``;
* ``+ - * / **`` and brackets; an exponent is a constant of size at most 16, or contains z
  over a positive constant base (``2**z``);
* the functions ``exp log log1p sqrt abs sinh cosh sin cos erf max min``;
* every activation of the atlas, by its name in :data:`course_lib.activations.ATLAS` or an
  alias (``sigmoid``, ``relu``, ``gelu``, ``hardswish``, …; ``swish`` is another name for
  ``silu``); those whose formula has a parameter take it as a further argument or by its
  name (``leaky_relu(z, 0.2)``, ``elu(z, alpha=0.5)``, ``celu(z, alpha=2)``); the others'
  parameters stay at their defaults;
* ``where(condition, a, b)``: a if the condition holds, else b. The condition compares with
  ``< <= > >=`` and may chain (``-1 < z < 1``) or use ``and`` / ``or``. Nest ``where`` for
  more pieces.

How it is safe: the text is read by Python's :mod:`ast` parser, which only builds a tree and
runs nothing; :func:`parse` then walks that tree and accepts only the nodes above, building
the SymPy expression itself. ``eval``, ``exec`` and ``sympify`` are never called on the text.
Anything else raises :class:`ExpressionError` with a one-line message saying what is not
allowed. Size is bounded too (length, nesting, number of parts, size of powers), so no input
can make the parser or SymPy run for long.

How it is exact: the course's activations stay whole in SymPy (``Sigmoid(2*z)``, printed σ(2z))
and their derivatives are named (``SigmoidPrime``, printed σ′); numerically both map to the
library's stable functions in :mod:`course_lib.activations`, so tails stay exact. Typed forms
of softplus and σ (``log(1 + exp(u))``, ``1/(1 + exp(-u))``) are recognised and computed the
stable way too.

Kinks: at a point where a piece of ``where``/``max``/``min``/``abs``/ReLU switches, g′ takes
the *left-hand* value, as everywhere in the course (notebook 04, ReLU).

Introduced in notebook 09 ("Build your own activation").
"""

from __future__ import annotations

import ast
import difflib
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from scipy import optimize, special

from course_lib import gradcheck, symbolic
from course_lib.activations import ACTIVATIONS, ATLAS, Activation, lookup
from course_lib.activations._arrays import as_real_array, finish
from course_lib.symbolic import z

MAX_LENGTH = 200
"""Longest text accepted, in characters."""
MAX_DEPTH = 12
"""Most function calls nested inside each other, as in exp(exp(...)) (brackets do not count)."""
MAX_NODES = 120
"""Most parts (numbers, names, operators, calls) in one expression."""
MAX_EXPONENT = 16
"""Largest size of a constant exponent: z**16 is fine, z**17 is refused."""
MAX_KINKS = 100
"""Most kinks searched for in [−50, 50]."""


class ExpressionError(ValueError):
    """What is wrong with a typed expression, in one line (a ``ValueError``); ``column`` is
    where (counted from 1), when the slip is at one place."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        found = re.search(r"\bcolumn (\d+)", message)
        self.column = column if column is not None else int(found[1]) if found else None


# ----------------------------------------------------------------------------- SymPy pieces
# The atlas's activations are the SymPy family of :mod:`course_lib.symbolic` (one function
# per registry entry, ``ATLAS[name].symbol``, its derivative ``.symbol.prime``): kept
# whole, printed by name, computed by the library.


def _fold(expr: sp.Expr) -> sp.Expr:
    """A constant part of a comparison (in max, min, abs, where) as a plain number.

    SymPy decides a comparison of constants such as sigmoid(1/2) > 1/2 symbolically, which
    can take exponential time when they nest; compared as numbers it is immediate."""
    if expr.is_Number or not expr.is_number:
        return expr
    value = expr.evalf(15)
    return value if value.is_Number and value.is_extended_real else expr


def _branches(*pieces: tuple[sp.Expr, sp.Basic]) -> sp.Piecewise:
    """A derivative's pieces, kept as they are: SymPy's Piecewise simplification can recurse
    without end on nested max/min (e.g. the derivative of max(max(1, -z), pi - 2*z))."""
    return sp.Piecewise(*pieces, evaluate=False)


class _Extremum(sp.Function):
    """max or min of two expressions: the derivative is a′ where a wins and b′ otherwise (a
    kink where a = b). Subclasses say which one wins (:meth:`_wins`)."""

    nargs = 2
    _name = ""
    _written_out: type[sp.Function]

    @staticmethod
    def _wins(a, b):
        raise NotImplementedError

    @classmethod
    def eval(cls, a, b):
        if a == b:
            return a
        if a.is_Number and b.is_Number:  # constants are folded to numbers (see _fold)
            return a if cls._wins(a, b) else b
        return None

    def _eval_derivative(self, s):
        a, b = self.args
        if not self.has(s):
            return sp.S.Zero
        return _branches((a.diff(s), self._wins(a, b)), (b.diff(s), True))

    def written_out(self) -> sp.Expr:
        return self._written_out(*self.args)

    def _latex(self, printer, exp=None):
        a, b = (printer._print(x) for x in self.args)
        text = rf"\{self._name}\left({a}, {b}\right)"
        return rf"{text}^{{{exp}}}" if exp else text


class Maximum(_Extremum):
    r"""max(a, b). Its derivative is a′ where a > b and b′ otherwise (a kink where a = b)."""

    _name = "max"
    _written_out = sp.Max

    @staticmethod
    def _wins(a, b):
        return a > b


class Minimum(_Extremum):
    r"""min(a, b). Its derivative is a′ where a < b and b′ otherwise (a kink where a = b)."""

    _name = "min"
    _written_out = sp.Min

    @staticmethod
    def _wins(a, b):
        return a < b


class Absolute(sp.Function):
    r"""|x|, with derivative x′ for x > 0 and −x′ otherwise (the left-hand value at 0)."""

    nargs = 1

    @classmethod
    def eval(cls, x):
        if x.is_Number:  # constants are folded to numbers (see _fold)
            return abs(x)
        return None

    def _eval_derivative(self, s):
        x = self.args[0]
        if not self.has(s):
            return sp.S.Zero
        return _branches((x.diff(s), x > 0), (-x.diff(s), True))

    def written_out(self) -> sp.Expr:
        return sp.Abs(*self.args)

    def _latex(self, printer, exp=None):
        text = rf"\left|{printer._print(self.args[0])}\right|"
        return rf"{text}^{{{exp}}}" if exp else text


_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "exp": sp.exp, "log": sp.log, "log1p": lambda x: sp.log(1 + x), "sqrt": sp.sqrt,
    "abs": Absolute, "sinh": sp.sinh, "cosh": sp.cosh, "sin": sp.sin, "cos": sp.cos,
    "erf": sp.erf,
}
_ALIASES = {alias: act.name for act in ATLAS.values() for alias in act.aliases}
_CONSTANTS = {"pi": sp.pi, "e": sp.E}
ALLOWED_FUNCTIONS: tuple[str, ...] = (*_FUNCTIONS, "max", "min", "where", *ATLAS, *_ALIASES)
"""Every function name the parser accepts."""
_ALLOWED_TEXT = (f"{', '.join((*_FUNCTIONS, 'max', 'min', 'where'))}, and every activation of "
                 f"the atlas by its name ({', '.join(ACTIVATIONS)}, …: {len(ATLAS)} in all)")

_NUMERIC: dict[str, Callable] = {
    **symbolic.numeric_namespace(),
    "Maximum": np.maximum, "Minimum": np.minimum, "Absolute": np.abs, "erf": special.erf,
}
"""Names lambdify looks up: course activations → the library's stable functions."""

_DESCRIBE = {
    ast.Attribute: "attribute access (a dot, as in x.y)",
    ast.Subscript: "indexing with [...]",
    ast.Lambda: "lambda",
    ast.IfExp: "'a if condition else b' (use where(condition, a, b))",
    ast.ListComp: "a list comprehension", ast.SetComp: "a set comprehension",
    ast.DictComp: "a dict comprehension", ast.GeneratorExp: "a generator expression",
    ast.List: "a list", ast.Tuple: "a tuple (a comma outside a function call)",
    ast.Set: "a set", ast.Dict: "a dict", ast.NamedExpr: "assignment with :=",
    ast.JoinedStr: "an f-string", ast.Starred: "unpacking with *",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield from",
    ast.Slice: "a slice",
}
_OPERATORS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
              ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^"}
_COMPARISONS = {ast.Lt: sp.StrictLessThan, ast.LtE: sp.LessThan, ast.Gt: sp.StrictGreaterThan,
                ast.GtE: sp.GreaterThan}


# ----------------------------------------------------------------------------- reading the text
def _check_text(text: Any) -> str:
    if not isinstance(text, str):
        raise TypeError(f"parse() expects the expression as text (a str), got "
                        f"{type(text).__name__}")
    text = text.strip()
    if not text:
        raise ExpressionError("type an expression in z, for example z*sigmoid(z)")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is {len(text)} characters long; at most "
                              f"{MAX_LENGTH} are allowed")
    for i, ch in enumerate(text):
        if not (" " <= ch <= "~"):
            hint = {"−": " (type - instead)", "×": " (type * instead)", "·": " (type * instead)",
                    "²": " (type **2 instead)"}.get(ch, "")
            what = "a line break or control character" if ch.isspace() or ord(ch) < 32 else \
                f"'{ch}' (U+{ord(ch):04X})"
            raise ExpressionError(f"only plain ASCII is allowed: {what} at position {i + 1} is "
                                  f"not{hint}")
    return text


_NUMBER = r"(?<![\w.])(\d+\.?\d*(?:[eE][+-]?\d+)?)"
_TRAILING = r"(\*\*|[-+*/<>=!]=?|,|\()\s*$"


def _syntax_message(text: str, err: SyntaxError) -> ExpressionError:
    """What Python could not read, in plain words, with the column: the usual slips of a
    formula typed as on paper (2z, sigmoid z, a bracket never closed, an operator at the
    end, g = ...) are named; anything else points at its column."""
    col = err.offset if err.offset and 0 < err.offset <= len(text) else None
    product = re.search(_NUMBER + r"(?=[A-Za-z_])([A-Za-z_]\w*)", text)
    if err.msg == "invalid decimal literal" and product:
        number, name = product.groups()
        rest = "(...)" if name in ALLOWED_FUNCTIONS else ""
        return ExpressionError(f"a product needs a *: write {number}*{name}{rest} for "
                               f"{number}{name}{rest} (column {product.start(2) + 1})",
                               product.start(2) + 1)
    if "was never closed" in err.msg and col:
        return ExpressionError(f"the bracket ( in column {col} is never closed: add a ) where "
                               f"its part ends", col)
    if err.msg.startswith("unmatched") and col:
        return ExpressionError(f"the bracket ) in column {col} closes nothing: remove it or "
                               f"add its ( before it", col)
    if re.match(r"^\s*[A-Za-z_]\w*\s*=(?!=)", text):
        name = text.split("=", 1)[0].strip()
        return ExpressionError(f"type only the formula, without '{name} =': for g(z) = z*2 "
                               f"type z*2", text.index("=") + 1)
    trailing = re.search(_TRAILING, text)
    if trailing and (col is None or col >= trailing.start(1) + 1):
        op = trailing.group(1)
        at = trailing.start(1) + 1
        return ExpressionError(f"the expression ends with {op}: something is missing after it "
                               f"(column {at})", at)
    if col:
        before = re.search(r"([A-Za-z_]\w*)\s+$", text[:col - 1])
        if before and before.group(1) in ALLOWED_FUNCTIONS:
            name = before.group(1)
            return ExpressionError(f"a function needs brackets: write {name}(...), as in "
                                   f"{name}(z) (column {before.start(1) + 1})", before.start(1) + 1)
        if before or re.search(r"[\w)]\s+$", text[:col - 1]):
            return ExpressionError(f"two parts stand side by side in column {col} with nothing "
                                   f"between them: join them with *, +, - or /", col)
        return ExpressionError(f"Python cannot read the expression at column {col} "
                               f"('{text[col - 1]}'): check the operators and brackets there",
                               col)
    return ExpressionError("Python cannot read the expression: check its operators and "
                           "brackets")


def _syntax_tree(text: str) -> ast.expr:
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        raise _syntax_message(text, err) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("not a valid expression") from None
    count, deepest, stack = 0, 0, [(tree.body, 0)]
    while stack:  # iterative, so that no input can exhaust the recursion limit
        node, depth = stack.pop()
        count += 1
        depth += isinstance(node, ast.Call)  # functions inside functions inside ...
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in ast.iter_child_nodes(node)
                     if not isinstance(child, (ast.expr_context, ast.operator, ast.unaryop,
                                               ast.cmpop, ast.boolop)))
    if count > MAX_NODES:
        raise ExpressionError(f"the expression has {count} parts; at most {MAX_NODES} are allowed")
    if deepest > MAX_DEPTH:
        raise ExpressionError(f"the expression nests {deepest} function calls inside each "
                              f"other; at most {MAX_DEPTH} are allowed")
    return tree.body


def _at(node: ast.AST) -> str:
    col = getattr(node, "col_offset", None)
    return f" (column {col + 1})" if col is not None else ""


class _Builder:
    """Walks the syntax tree and builds SymPy, accepting only the whitelisted nodes."""

    def __init__(self) -> None:
        self.uses: list[str] = []

    def build(self, node: ast.AST) -> sp.Expr:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.build(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand)
            op = "not" if isinstance(node.op, ast.Not) else "~"
            raise ExpressionError(f"the operator {op} is not allowed{_at(node)}")
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, (ast.Compare, ast.BoolOp)):
            raise ExpressionError(f"a comparison or and/or is only allowed as the condition of "
                                  f"where(condition, a, b){_at(node)}")
        what = _DESCRIBE.get(type(node), type(node).__name__)
        raise ExpressionError(f"{what} is not allowed{_at(node)}")

    def _constant(self, node: ast.Constant) -> sp.Expr:
        v = node.value
        if isinstance(v, bool) or v is None or v is Ellipsis:
            raise ExpressionError(f"{v!r} is not a number{_at(node)}")
        if isinstance(v, int):
            return sp.Integer(v)
        if isinstance(v, float):
            if not math.isfinite(v):
                raise ExpressionError(f"the number in column {node.col_offset + 1} is too large")
            return sp.Float(v)
        if isinstance(v, complex):
            raise ExpressionError(f"complex numbers are not allowed{_at(node)}")
        raise ExpressionError(f"text in quotes is not allowed{_at(node)}")

    def _name(self, node: ast.Name) -> sp.Expr:
        name = node.id
        if "__" in name:
            raise ExpressionError(f"names with '__' are not allowed{_at(node)}")
        if name == "z":
            return z
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in ALLOWED_FUNCTIONS:
            raise ExpressionError(f"{name} is a function: write {name}(...){_at(node)}")
        raise ExpressionError(f"unknown name '{name}'{_at(node)}: the variable is z, the "
                              "constants are pi and e")

    def _binop(self, node: ast.BinOp) -> sp.Expr:
        op = type(node.op)
        if op in _OPERATORS:
            hint = ": for a power write **, as in z**2" if op is ast.BitXor else ""
            raise ExpressionError(f"the operator {_OPERATORS[op]} is not allowed{_at(node)}{hint}")
        left, right = self.build(node.left), self.build(node.right)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        return _power(left, right, node)

    def _call(self, node: ast.Call) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise ExpressionError(f"attribute access (a dot, as in x.y) is not allowed"
                                      f"{_at(node.func)}")
            if isinstance(node.func, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.Call)):
                # 2(z + 1) or (z - 1)(z + 1): a product written as on paper
                # the ( of the call: just before its first argument (1-based)
                col = node.args[0].col_offset if node.args else node.func.end_col_offset + 1
                example = (f"{node.func.value!r}*(...)" if isinstance(node.func, ast.Constant)
                           else "(...)*(...)")
                raise ExpressionError(f"a product needs a *: write * before the bracket in "
                                      f"column {col}, as in {example}", col)
            raise ExpressionError(f"only a named function can be called, as in exp(z){_at(node)}")
        name = node.func.id
        if "__" in name:
            raise ExpressionError(f"names with '__' are not allowed{_at(node)}")
        if name not in ALLOWED_FUNCTIONS:
            what = "z is the variable, not a function" if name == "z" else \
                f"{name}() is not an allowed function"
            close = difflib.get_close_matches(name, ALLOWED_FUNCTIONS, n=1)
            if close and name != "z":
                raise ExpressionError(f"{what}{_at(node)}; did you mean {close[0]}()? Allowed: "
                                      f"{_ALLOWED_TEXT}")
            raise ExpressionError(f"{what}{_at(node)}; allowed: {_ALLOWED_TEXT}")
        if any(isinstance(a, ast.Starred) for a in node.args) or \
                any(k.arg is None for k in node.keywords):
            raise ExpressionError(f"unpacking with * or ** is not allowed{_at(node)}")
        if name == "where":
            return self._where(node)
        key = _ALIASES.get(name, name)
        if key in ATLAS:
            return self._activation(key, name, node)
        if node.keywords:
            raise ExpressionError(f"{name}() takes no keyword arguments{_at(node)}")
        args = [self.build(a) for a in node.args]
        if name in ("max", "min"):
            if len(args) < 2:
                raise ExpressionError(f"{name}() needs at least 2 arguments, got {len(args)}"
                                      f"{_at(node)}")
            pair = Maximum if name == "max" else Minimum
            return functools.reduce(pair, [_fold(a) for a in args])
        _arity(name, args, 1, node)
        if name == "abs":
            return Absolute(_fold(args[0]))
        return _FUNCTIONS[name](args[0])

    def _activation(self, key: str, name: str, node: ast.Call) -> sp.Expr:
        """An atlas activation: z, then the parameters its SymPy function takes (Leaky ReLU's
        alpha, …), by position or by name, each a real constant."""
        symbol = ATLAS[key].symbol
        params = {str(s): default for s, default in symbol.params}
        allowed = len(params) + 1
        keywords = {k.arg: k.value for k in node.keywords}
        for k in keywords:
            if k not in params:
                extra = f" only accepts the keyword {', '.join(params)}" if params else \
                    " takes no keyword arguments"
                raise ExpressionError(f"{name}(){extra}{_at(node)}")
        given = dict(zip(params, node.args[1:], strict=False))
        if len(node.args) + len(keywords) > allowed or not node.args or given.keys() & keywords:
            shape = ", ".join(["z", *params])
            raise ExpressionError(f"{name}() takes {allowed} argument{'s' * (allowed > 1)} "
                                  f"({shape}), got {len(node.args) + len(keywords)}{_at(node)}")
        x = self.build(node.args[0])
        self.uses.append(key)
        values = []
        for param, default in params.items():
            raw = given.get(param, keywords.get(param))
            a = sp.Float(default) if raw is None else self.build(raw)
            if a.has(z) or not a.is_number or not a.is_extended_real or \
                    not math.isfinite(float(a)):
                raise ExpressionError(f"{param} in {name}() must be a real constant{_at(node)}")
            values.append(sp.Float(float(a)))
        return symbol(x, *values)

    def _where(self, node: ast.Call) -> sp.Expr:
        if node.keywords:
            raise ExpressionError(f"where() takes no keyword arguments{_at(node)}")
        if len(node.args) != 3:
            raise ExpressionError(f"where() takes 3 arguments (condition, value if true, value "
                                  f"if false), got {len(node.args)}{_at(node)}")
        cond = self._condition(node.args[0])
        return sp.Piecewise((self.build(node.args[1]), cond), (self.build(node.args[2]), True))

    def _condition(self, node: ast.AST) -> sp.Basic:
        if isinstance(node, ast.BoolOp):
            parts = [self._condition(v) for v in node.values]
            return sp.And(*parts) if isinstance(node.op, ast.And) else sp.Or(*parts)
        if not isinstance(node, ast.Compare):
            raise ExpressionError(f"the first argument of where() must be a comparison such as "
                                  f"z > 0{_at(node)}")
        if any(type(op) not in _COMPARISONS for op in node.ops):
            raise ExpressionError(f"compare with <, <=, > or >= in where(){_at(node)}")
        terms = [_fold(self.build(t)) for t in (node.left, *node.comparators)]
        parts = [_COMPARISONS[type(op)](lhs, rhs)
                 for op, lhs, rhs in zip(node.ops, terms, terms[1:], strict=False)]
        return sp.And(*parts)


def _arity(name: str, args: list, n: int, node: ast.AST) -> None:
    if len(args) != n:
        raise ExpressionError(f"{name}() takes {n} argument{'s' * (n > 1)}, got {len(args)}"
                              f"{_at(node)}")


def _power(base: sp.Expr, exponent: sp.Expr, node: ast.AST) -> sp.Expr:
    """base**exponent, refusing powers that could not be computed or would be huge."""
    if exponent.has(z):
        if base.has(z) or not (base.is_number and base.is_extended_real and base.is_positive):
            raise ExpressionError(f"an exponent containing z needs a positive constant base, as "
                                  f"in 2**z or exp(z){_at(node)}")
        return base**exponent
    try:
        p = float(exponent)
    except (TypeError, ValueError, OverflowError):
        raise ExpressionError(f"the exponent must be a real number{_at(node)}") from None
    if not abs(p) <= MAX_EXPONENT:
        raise ExpressionError(f"the exponent {p:g} is too large{_at(node)}: at most "
                              f"{MAX_EXPONENT} in size")
    if not base.has(z):
        try:
            size = abs(float(base))
        except (TypeError, ValueError, OverflowError):
            raise ExpressionError(f"the base of the power is not a real number of a "
                                  f"reasonable size{_at(node)}") from None
        if size > 0 and abs(p * math.log10(size)) > 300:
            raise ExpressionError(f"the power is too large{_at(node)}")
    return base**exponent


# ----------------------------------------------------------------------------- numerics
_w = sp.Wild("w")
_STABLE_FORMS = [(sp.log(1 + sp.exp(_w)), ACTIVATIONS["softplus"].symbol(_w)),
                 (1 / (1 + sp.exp(-_w)), ACTIVATIONS["sigmoid"].symbol(_w))]
_LEFT = sp.Symbol("z_left", real=True)


def _stable(expr: sp.Expr) -> sp.Expr:
    """Recognise typed softplus and σ so that they are computed without overflow."""
    if expr.has(sp.exp):  # (pattern matching is slow: only where it can match)
        for pattern, replacement in _STABLE_FORMS:
            expr = expr.replace(pattern, replacement)
    return expr


def _plain_conditions(expr: sp.Expr) -> sp.Expr:
    """Write SymPy's if-then-else conditions (ITE, made from e.g. max(0.5, where(...)) > ...)
    with and/or/not, which NumPy evaluates as booleans."""
    return symbolic.transform(expr, lambda e: isinstance(e, sp.ITE),
                      lambda e: sp.Or(sp.And(e.args[0], e.args[1]),
                                      sp.And(sp.Not(e.args[0]), e.args[2])))


def _left_hand(derivative: sp.Expr) -> sp.Expr:
    """Make every piecewise condition in g′ pick the piece on the *left* at an exact tie.

    A comparison lhs > rhs with lhs = rhs at z is judged at z_left, a point just left of z;
    everywhere else it is judged at z itself. So g′ at a kink is the left-hand derivative.
    """
    def judged_left(rel: sp.Basic) -> sp.Basic:
        tie = sp.Eq(rel.lhs, rel.rhs, evaluate=False)
        return sp.Or(sp.And(tie, rel.subs(z, _LEFT)),
                     sp.And(sp.Ne(rel.lhs, rel.rhs, evaluate=False), rel))

    def fix(p: sp.Piecewise) -> sp.Piecewise:
        pieces = [(e, c if c in (sp.true, True) else c.replace(
            lambda r: isinstance(r, sp.core.relational.Relational), judged_left))
            for e, c in p.args]
        return sp.Piecewise(*pieces, evaluate=False)

    return symbolic.transform(derivative, lambda e: isinstance(e, sp.Piecewise), fix)


def _vectorise(f: Callable, name: str, left: bool = False) -> Callable:
    """Wrap a lambdified function: checked input, float64 inside, no warnings, input dtype out.

    With ``left``, ``f`` also receives a point just left of each z (see :func:`_left_hand`).
    """
    def function(zs: Any) -> np.ndarray:
        arr = as_real_array(zs, name)
        x = arr if arr.dtype == np.float64 else arr.astype(np.float64)
        with np.errstate(all="ignore"):
            out = np.asarray(f(x, x - 1e-9 * np.maximum(1.0, np.abs(x))) if left else f(x))
        if out.dtype.kind == "c":
            out = np.where(out.imag == 0, out.real, np.nan)
        if out.shape != x.shape:  # a constant, or a constant piece
            out = np.broadcast_to(out, x.shape).copy()
        return finish(out.astype(arr.dtype, copy=False))

    function.__name__ = name
    return function


def _switches(expr: sp.Expr) -> list[sp.Expr]:
    """Expressions whose zeros are where a piece of ``expr`` may switch (possible kinks)."""
    out: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Piecewise):
            for _, cond in node.args:
                out += [r.lhs - r.rhs for r in cond.atoms(sp.core.relational.Relational)]
        elif isinstance(node, (Maximum, Minimum)):
            out.append(node.args[0] - node.args[1])
        elif isinstance(node, Absolute):
            out.append(node.args[0])
        elif isinstance(node, symbolic.CourseFunction) and node.key in ATLAS:
            out += [node.args[0] - k for k in ATLAS[node.key].kinks]
    return [s for s in out if s.has(z)]


def _at_point(t: float, f: Callable) -> float:
    return float(f(t))


def _find_kinks(switches: list[sp.Expr]) -> tuple[float, ...]:
    """Zeros of the switch expressions in [−50, 50]: refined sign changes, and exact zeros on
    the grid (where a switch is 0 on a whole stretch, a tie, only the stretch's ends count)."""
    if not switches:
        return ()
    grid = np.arange(-10_000, 10_001) / 200.0
    evaluate = sp.lambdify(z, switches, modules=[_NUMERIC, "numpy"])
    with np.errstate(all="ignore"):
        rows = [np.broadcast_to(np.asarray(v, dtype=float), grid.shape) for v in evaluate(grid)]
    found: set[float] = set()
    for s, values in zip(switches, rows, strict=True):
        zero = values == 0
        inside = zero[1:-1] & ~(zero[:-2] & zero[2:])  # a lone zero or the end of a stretch
        found.update(grid[1:-1][inside].tolist())
        signs = np.sign(values)
        if np.count_nonzero(signs[:-1] * signs[1:] < 0) + len(found) > MAX_KINKS:
            raise ExpressionError(f"the expression has more than {MAX_KINKS} kinks in "
                                  "[-50, 50]; an activation needs far fewer")
        crossings = np.flatnonzero(signs[:-1] * signs[1:] < 0)
        if crossings.size:
            f = _vectorise(sp.lambdify(z, s, modules=[_NUMERIC, "numpy"]), "switch")
            found.update(_root(f, grid[i], grid[i + 1]) for i in crossings)
    return tuple(sorted(found))


def _root(f: Callable, a: float, b: float) -> float:
    """The zero of f between a and b, where f changes sign. Near a flat zero (sin(z)**3)
    Brent's method may not meet the tolerance; its last bracket is then as good as float64
    can tell, so it is used instead of raising."""
    return float(optimize.brentq(_at_point, a, b, args=(f,), xtol=1e-15,
                                 rtol=4 * np.finfo(float).eps, maxiter=200, disp=False))


def _check_domain(g: Callable, dg: Callable) -> None:
    grid = np.arange(-1000, 1001) / 100.0
    for f, what in ((g, "g(z)"), (dg, "g′(z)")):
        values = np.asarray(f(grid))
        bad = ~np.isfinite(values)
        if bad.any():
            where = grid[bad][np.argmin(np.abs(grid[bad]))]
            kind = "not a real number" if np.isnan(values[bad]).any() else "infinite"
            raise ExpressionError(f"{what} is {kind} at z = {where:g}: an activation needs a "
                                  "finite value and slope for every z")


# ----------------------------------------------------------------------------- the record
@dataclass(frozen=True)
class Expression:
    """A parsed activation: SymPy forms of g and g′, NumPy functions, kinks.

    ``expr`` and ``derivative`` are what the learner sees (course activations kept whole);
    ``function`` and ``derivative_function`` compute them with the library's stable functions
    and the left-hand value at kinks. Use :meth:`to_activation` to hand it to
    :mod:`course_lib.experiments.nn`.
    """

    text: str
    expr: sp.Expr
    derivative: sp.Expr
    function: Callable[[Any], np.ndarray]
    derivative_function: Callable[[Any], np.ndarray]
    kinks: tuple[float, ...]
    uses: tuple[str, ...]

    @property
    def latex(self) -> str:
        """LaTeX of g(z)."""
        return f"g(z) = {sp.latex(self.expr)}"

    @property
    def derivative_latex(self) -> str:
        """LaTeX of g′(z), as SymPy derived it."""
        return f"g'(z) = {sp.latex(self.derivative)}"

    @property
    def definitions_latex(self) -> list[str]:
        """The registry's formula for each course activation's derivative that g′ uses."""
        out = []
        for key in self.uses:
            prime = ATLAS[key].symbol.tex + "'(z) = "
            text = prime + ATLAS[key].derivative_latex.split("=", 1)[1].strip()
            if text not in out:
                out.append(text)
        return out

    @functools.cached_property
    def second_derivative(self) -> sp.Expr:
        """g″(z), SymPy's derivative of g′ away from kinks (where g′ jumps, g″ has no value:
        the DiracDelta SymPy writes there is left out)."""
        second = sp.diff(self.derivative, z)
        return second.replace(sp.DiracDelta, lambda *args: sp.S.Zero)

    @property
    def second_derivative_latex(self) -> str:
        """LaTeX of g″(z), as SymPy derived it."""
        return f"g''(z) = {sp.latex(self.second_derivative)}"

    @functools.cached_property
    def second_derivative_function(self) -> Callable[[Any], np.ndarray]:
        """g″ in NumPy (lambdified from :attr:`second_derivative`; a value that is not
        finite, in a far tail, is NaN)."""
        numeric = _plain_conditions(self.second_derivative)
        return _vectorise(sp.lambdify(z, numeric, modules=[_NUMERIC, "numpy"]), "g_second")

    def check(self) -> gradcheck.DerivativeCheck:
        """Gradient check: the symbolic g′ against central differences of g on [−6, 6]."""
        return gradcheck.check_derivative(self.function, self.derivative_function,
                                          kinks=self.kinks, name=f"g(z) = {self.text}")

    def to_activation(self, name: str = "custom", title: str | None = None) -> Activation:
        """An :class:`~course_lib.activations.Activation` record (for :mod:`course_lib.experiments.nn`
        and :mod:`course_lib.properties`); its g″ is derived only when first called."""
        def g_second(zs: Any) -> np.ndarray:
            return self.second_derivative_function(zs)

        return Activation(name, title or self.text, self.function, self.derivative_function,
                          g_second, definition=self.expr, kinks=self.kinks,
                          printed=(self.latex, self.derivative_latex),
                          notebook="09_self_gated.ipynb")

    def _repr_markdown_(self) -> str:
        lines = [f"$${self.latex}$$", f"$${self.derivative_latex}$$",
                 f"$${self.second_derivative_latex}$$"]
        if self.definitions_latex:
            lines.append("with " + ", ".join(f"${d}$" for d in self.definitions_latex))
        if self.kinks:
            lines.append(f"Kinks at z = {', '.join(f'{k:.6g}' for k in self.kinks)}: there g′ "
                         "takes the left-hand value.")
        return "\n\n".join(lines)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def parse(text: str) -> Expression:
    """Parse an activation typed in z and derive it; raise :class:`ExpressionError` if the
    text is not allowed or does not define a finite activation on [−10, 10] (and
    ``TypeError`` if it is not a ``str``).

    >>> parse("max(0.1*z, z)").kinks
    (0.0,)
    >>> parse("__import__('os')")
    Traceback (most recent call last):
    ...
    course_lib.expressions.ExpressionError: names with '__' are not allowed (column 1)
    """
    return _parse(_check_text(text))


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> Expression:
    try:
        builder = _Builder()
        expr = builder.build(_syntax_tree(text))
        expr = expr.replace(sp.Abs, Absolute)  # SymPy writes sqrt(z**2) as Abs(z)
        if not expr.is_number and not expr.has(z):
            raise ExpressionError("the expression is not a number")
        if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            raise ExpressionError("the expression divides by zero or is infinite")
        if expr.has(sp.I):
            raise ExpressionError("the expression is not a real number")
        return _derive(text, expr, tuple(dict.fromkeys(builder.uses)))
    except ExpressionError:
        raise
    except Exception as err:  # a SymPy or NumPy corner we did not foresee: still one line
        raise ExpressionError(f"this expression could not be computed ({type(err).__name__}: "
                              f"{str(err).splitlines()[0][:80] if str(err) else ''})") from None


def _derive(text: str, expr: sp.Expr, uses: tuple[str, ...]) -> Expression:
    """Differentiate, build the NumPy functions, check them on [−10, 10], find the kinks."""
    derivative = sp.diff(expr, z)
    if derivative.has(sp.Derivative, sp.Subs):
        raise ExpressionError("SymPy could not differentiate this expression")
    numeric = _plain_conditions(_stable(expr))
    numeric_derivative = _left_hand(_plain_conditions(
        derivative if numeric == expr else sp.diff(numeric, z)))
    g = _vectorise(sp.lambdify(z, numeric, modules=[_NUMERIC, "numpy"]), "g")
    left = numeric_derivative.has(_LEFT)
    dg = _vectorise(sp.lambdify((z, _LEFT) if left else z, numeric_derivative,
                                modules=[_NUMERIC, "numpy"]), "g_prime", left=left)
    _check_domain(g, dg)
    kinks = _find_kinks(_switches(_plain_conditions(expr)))
    return Expression(text, expr, derivative, g, dg, kinks, uses)


def combine(first: str, second: str, weight: float) -> Expression:
    """The blend w·g₁ + (1 − w)·g₂ of two course activations, for 0 ≤ w ≤ 1.

    Its text is what :func:`parse` would read (and gives the same result), but a blend is
    linear, so g′ = w·g₁′ + (1 − w)·g₂′ is written down directly and computed by the library:
    fast enough to follow a slider.

    >>> combine("relu", "tanh", 0.5).text
    '0.5*relu(z) + 0.5*tanh(z)'
    """
    for name in (first, second):
        if not isinstance(name, str):
            raise TypeError(f"combine() expects activation names (str), got "
                            f"{type(name).__name__} {name!r}")
        try:
            lookup(name, "combine", accept_expressions=False)
        except ValueError as err:
            raise ExpressionError(str(err)) from None
    if isinstance(weight, bool) or not isinstance(weight, (int, float, np.integer, np.floating)):
        raise TypeError(f"combine() expects the weight to be a number between 0 and 1, got "
                        f"{type(weight).__name__} {weight!r}")
    if not 0 <= weight <= 1:
        raise ExpressionError(f"the weight must be a number between 0 and 1, got {weight!r}")
    return _blend(first, second, round(float(weight), 6))


@functools.lru_cache(maxsize=512)
def _blend(first: str, second: str, w: float) -> Expression:
    text = f"{w:g}*{first}(z) + {1 - w:.6g}*{second}(z)"
    terms = [(w, lookup(first, "combine")), (float(f"{1 - w:.6g}"), lookup(second, "combine"))]
    terms = [(c, act) for c, act in terms if c != 0]  # (0·∞ would be NaN in the tails)

    def term(c: float, act: Activation, prime: bool) -> sp.Expr:
        number = sp.Integer(int(c)) if c == int(c) else sp.Float(c)  # as parse reads "1", "0.5"
        f = act.symbol.prime if prime else act.symbol
        return number * f(z, *(sp.Float(v) for _, v in act.symbol.params))

    expr = sp.Add(*[term(c, a, False) for c, a in terms])
    derivative = sp.Add(*[term(c, a, True) for c, a in terms])

    def g(zs: Any) -> np.ndarray:
        return finish(sum(c * np.asarray(a.function(zs)) for c, a in terms))

    def dg(zs: Any) -> np.ndarray:
        return finish(sum(c * np.asarray(a.derivative(zs)) for c, a in terms))

    kinks = tuple(sorted({k for _, a in terms for k in a.kinks}))
    return Expression(text, expr, derivative, g, dg, kinks, tuple(dict.fromkeys(
        a.name for _, a in terms)))


def written_out(expr: sp.Expr) -> sp.Expr:
    """The same expression with every course activation (and its derivative) and the parser's
    max, min and |x| written out in SymPy's own functions, derivatives left as they are: for
    checks against ``sympy.diff``. (:func:`course_lib.symbolic.elementary` also carries out
    the derivatives.)

    >>> written_out(parse("silu(z)").expr)
    z/(1 + exp(-z))
    """
    return symbolic.elementary(expr, evaluate=False)


__all__ = ["ALLOWED_FUNCTIONS", "Expression", "ExpressionError", "combine", "parse", "written_out"]
