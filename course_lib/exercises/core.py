"""Checkers that tell a learner what is wrong with an answer, not just that it is wrong.

An :class:`Exercise` knows the reference answer and a list of anticipated :class:`Mistake`
objects, each with an example of the mistake (so the tests can prove that the hint fires)
and the hint to give. When an answer matches none of them, generic diagnoses follow: a
flipped sign, a constant factor, right except at the kink, right on one side of 0 only,
overflow warnings or NaN in the tails, an answer that is not vectorised.

Three kinds of answer are checked:

* ``"number"``: a float (or anything ``float()`` accepts), compared with a tolerance;
* ``"function"``: a Python function of z (and of the exercise's parameters), compared with
  the reference on a grid of points;
* ``"sympy"``: a SymPy expression, compared symbolically (their difference simplifies to 0).

The learner's starter cell passes ``None`` (or a function returning ``None``) and gets a
friendly "not answered yet", so a notebook with untouched exercises still runs cleanly.
"""

from __future__ import annotations

import html
import math
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import sympy as sp

from course_lib import symbolic

DEFAULT_GRID = np.concatenate([np.linspace(-8, 8, 161), [-40.0, -20.0, 20.0, 40.0]])
DEFAULT_GRID.setflags(write=False)  # a learner's function gets a fresh copy, never this array

NOT_VECTORISED = (
    "your function works on one number but not on a NumPy array: `if z > 0` (or math.…, "
    "float(z)) needs a single value, and an array of many values has no single truth "
    "value. Compare element-wise instead, e.g. `np.where(z > 0, a, b)`.")
"""What a scalar-only answer (``if z > 0:`` on an array) is told, in place of NumPy's raw
"truth value of an array ... is ambiguous"."""

_SCALAR_ONLY_ERRORS = ("truth value of an array", "only length-1 arrays",
                       "only 0-dimensional arrays", "only size-1 arrays",
                       "can only convert an array of size 1")


def is_scalar_only_error(err: BaseException) -> bool:
    """Is ``err`` what NumPy or ``math`` raise when code written for one number gets an array?

    >>> try:
    ...     bool(np.array([1.0, 2.0]) > 0)
    ... except ValueError as err:
    ...     is_scalar_only_error(err)
    True
    """
    return isinstance(err, (ValueError, TypeError)) and any(
        text in str(err) for text in _SCALAR_ONLY_ERRORS)


def fresh(z: Any) -> np.ndarray:
    """A new, writable float array with the values of ``z``: what a learner's function is
    given, so that an answer which writes into its input (``z[z > 0] = 1``) changes nothing
    outside the call."""
    return np.array(z, dtype=float, copy=True)


_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")


def _code_html(text: str) -> str:
    """Escape ``text`` for HTML and format it as the learner should read it: `backticked`
    parts as code, **strong** and *emphasis* as bold and italics, so no raw marks show.

    >>> _code_html("the *forward* difference: `(f(z + h) - f(z)) / h`")
    'the <em>forward</em> difference: <code>(f(z + h) - f(z)) / h</code>'
    """
    parts = html.escape(text).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans
        parts = [html.escape(text)]
    return "".join(f"<code>{p}</code>" if i % 2 else _emphasis_html(p)
                   for i, p in enumerate(parts))


def _emphasis_html(text: str) -> str:
    return _EMPHASIS.sub(r"<em>\1</em>", _STRONG.sub(r"<strong>\1</strong>", text))


def plain(text: str) -> str:
    """``text`` without its emphasis marks (*word* → word), for a plain-text display; code in
    backticks keeps its asterisks.

    >>> plain("the *forward* difference: `2 * h`, not **h**")
    'the forward difference: `2 * h`, not h'
    """
    parts = text.split("`")
    if len(parts) % 2 == 0:
        parts = [text]
    return "`".join(p if i % 2 else _EMPHASIS.sub(r"\1", _STRONG.sub(r"\1", p))
                    for i, p in enumerate(parts))


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``status`` is "correct", "wrong" or "unanswered"."""

    status: str
    message: str
    generic: bool = field(default=False, compare=False)
    """True when no specific diagnosis applied (the fallback "x is not it" message)."""

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        """Truthy only when correct (so ``assert check(answer)`` reads naturally)."""
        return self.correct

    def __repr__(self) -> str:
        return plain(self._line())

    def _line(self) -> str:
        mark = {"correct": "✔ Correct", "wrong": "✘ Not yet", "unanswered": "… Not answered yet"}
        return f"{mark[self.status]}: {self.message}"

    def _repr_html_(self) -> str:
        colour = {"correct": "#009E73", "wrong": "#D55E00", "unanswered": "#6E6E6E"}[self.status]
        return (f"<div style='border-left:4px solid {colour};padding:4px 10px'>"
                f"{_code_html(self._line())}</div>")


@dataclass(frozen=True)
class Mistake:
    """An anticipated wrong answer: ``example`` makes the mistake, ``hint`` explains it.

    ``detect`` (optional) decides whether an answer makes this mistake; by default an answer
    makes it when it agrees with ``example`` (same comparison as with the reference).
    """

    hint: str
    example: Any
    detect: Callable[[Any], bool] | None = None


@dataclass
class Exercise:
    """One exercise: the reference answer, the anticipated mistakes, how to compare."""

    key: str
    kind: str  # "number", "function" or "sympy"
    reference: Any
    mistakes: Sequence[Mistake] = ()
    success: str = "well done."
    params: dict[str, float] = field(default_factory=dict)
    grid: np.ndarray = field(default_factory=lambda: DEFAULT_GRID)
    kinks: Sequence[float] = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    unanswered_hint: str = "replace the placeholder with your answer and run the cell again."
    digits: int | None = None
    """For a ``"number"``: the significant digits the prompt asks for. Then a typed value is
    right when it is the reference correctly rounded to its own digits (at least ``digits``
    of them); a computed value (many digits) when it agrees to ``digits`` digits. Anticipated
    mistakes are matched the same way. ``None``: compare with ``rtol``/``atol``."""
    too_coarse: str = ("{value:g} is the right value rounded to {k} significant "
                       "digit{s}; the exercise asks for {digits}: give more digits (or type "
                       "the expression itself).")
    library: Callable | None = None
    """For a ``"function"``: the library's own function for the answer, which is refused
    (the exercise is to write it)."""

    def __post_init__(self) -> None:
        grid = np.array(self.grid, dtype=float)
        grid.setflags(write=False)
        self.grid = grid

    # ------------------------------------------------------------------ public
    def check(self, answer: Any) -> Feedback:
        """Judge ``answer``; never raises, whatever the learner typed."""
        if answer is None or answer is Ellipsis:
            return Feedback("unanswered", self.unanswered_hint)
        if self.library is not None and answer is self.library:
            return Feedback("wrong", f"that is the library's own {self.library.__name__}: "
                                     "write the formula yourself.")
        try:
            if self.kind == "number":
                return self._check_number(answer)
            if self.kind == "function":
                return self._check_function(answer)
            if self.kind == "sympy":
                return self._check_sympy(answer)
        except Exception as err:  # the learner's code may raise anything
            if self.kind == "function" and is_scalar_only_error(err):
                return Feedback("wrong", NOT_VECTORISED)
            return Feedback("wrong", f"evaluating your answer raised {type(err).__name__}: "
                                     f"{_one_line(err)}")
        raise ValueError(f"unknown exercise kind {self.kind!r}")

    def same(self, answer: Any, target: Any) -> bool:
        """Does ``answer`` agree with ``target`` (the reference or a mistake's example)?"""
        if self.kind == "number":
            if self.digits is not None:
                return agrees_to_digits(float(answer), float(target), self.digits)
            return _close(float(answer), float(target), self.rtol, self.atol)
        if self.kind == "function":
            got, want = self._values(answer, self.grid), self._values(target, self.grid)
            return got is not None and _all_close(got, want, self.rtol, self.atol)
        return _sympy_equal(_sympify(answer), _sympify(target))

    # ------------------------------------------------------------------ kinds
    def _anticipated(self, answer: Any) -> Feedback | None:
        for mistake in self.mistakes:
            found = mistake.detect(answer) if mistake.detect else self.same(answer,
                                                                            mistake.example)
            if found:
                return Feedback("wrong", mistake.hint)
        return None

    def _check_number(self, answer: Any) -> Feedback:
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return Feedback("wrong", f"expected a number, got {type(answer).__name__} "
                                     f"{_short(answer)}.")
        if not math.isfinite(value):
            return Feedback("wrong", f"{value} is not a finite number.")
        if self.same(value, self.reference):
            return Feedback("correct", self.success)
        found = self._anticipated(value)
        if found is not None:
            return found
        ref = float(self.reference)
        if self.digits is not None:
            k = significant_digits(value)
            if agrees_to_digits(value, ref, 1, coarse=True):
                return Feedback("wrong", self.too_coarse.format(
                    value=value, k=k, s="" if k == 1 else "s", digits=self.digits))
            for mistake in self.mistakes:
                if (mistake.detect is None and not isinstance(mistake.example, bool)
                        and agrees_to_digits(value, float(mistake.example), 1, coarse=True)):
                    return Feedback("wrong", mistake.hint)
            if ref != 0 and abs(value - ref) <= 0.01 * abs(ref):
                return Feedback("wrong", f"{value:g} is close, but its last digit is off: it "
                                         "is not the exact value correctly rounded. Let Python "
                                         "compute it (type the expression itself) instead of "
                                         "rounding by hand.")
        if ref != 0 and self.same(value, -ref):
            return Feedback("wrong", f"{value:g} has the right size but the wrong sign.")
        return Feedback("wrong", f"{value:g} is not it. Go through the steps again.",
                        generic=True)

    def _values(self, f: Callable, z: np.ndarray) -> np.ndarray | None:
        z = fresh(z)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = f(z, **self.params) if self.params else f(z)
        if out is None:
            return None
        out = np.asarray(out, dtype=float)
        return np.broadcast_to(out, z.shape) if out.shape in ((), (1,)) else out

    def _check_function(self, answer: Any) -> Feedback:
        if not callable(answer):
            return Feedback("wrong", f"expected a Python function of z, got "
                                     f"{type(answer).__name__} {_short(answer)}.")
        got = self._values(answer, self.grid)
        if got is None:
            return Feedback("unanswered", "your function returns None: " + self.unanswered_hint)
        if got.shape != self.grid.shape:
            return Feedback("wrong", f"for an array of {self.grid.size} values your function "
                                     f"returned shape {got.shape}: make it work element-wise "
                                     "(use NumPy functions, not math or if-statements).")
        want = self._values(self.reference, self.grid)
        if _all_close(got, want, self.rtol, self.atol):
            return self._check_tails(answer) or Feedback("correct", self.success)
        found = self._anticipated(answer)
        if found is not None:
            return found
        unsafe = self._unsafe_in_the_tails(got, want)
        return unsafe if unsafe is not None else self._diagnose(got, want)

    def _unsafe_in_the_tails(self, got: np.ndarray, want: np.ndarray) -> Feedback | None:
        """Right for |z| ≤ 8, and wrong only by NaN or ±inf further out: the right formula,
        computed in a form that breaks down in the tails. Accepted, with a note."""
        z = self.grid
        inner = np.abs(z) <= 8
        ok = np.isclose(got, want, rtol=self.rtol, atol=self.atol, equal_nan=True)
        if not inner.any() or not ok[inner].all() or np.isfinite(got[~ok]).any():
            return None
        bad = z[~ok][0]
        return Feedback("correct", f"{self.success} One more thing: at z = {bad:g} your "
                                   f"function gives {got[~ok][0]}, where the true value is "
                                   f"{want[~ok][0]:.3g}: this form of the formula breaks down "
                                   "in the tails (an overflow, or ∞ · 0); the library's "
                                   "version avoids that.")

    def _check_tails(self, answer: Callable) -> Feedback | None:
        """A right formula can still overflow: try large |z| with warnings as errors."""
        big = fresh([-1000.0, -800.0, 800.0, 1000.0])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise"):
                    vals = np.asarray(answer(big, **self.params) if self.params else answer(big),
                                      dtype=float)
            except (FloatingPointError, RuntimeWarning) as err:
                return Feedback("correct", f"{self.success} One more thing: at z = ±1000 it "
                                           f"warns ({_one_line(err)}); the library's version "
                                           "avoids that (how: 'Computing it safely' in "
                                           "notebook 01).")
        if np.isnan(vals).any():
            return Feedback("correct", f"{self.success} One more thing: it returns NaN at "
                                       "z = ±1000, where the true value is finite.")
        return None

    def _diagnose(self, got: np.ndarray, want: np.ndarray) -> Feedback:
        z, r, a = self.grid, self.rtol, self.atol
        finite = np.isfinite(got)
        if not finite.all():
            bad = z[~finite][0]
            at_kinks = np.isin(z[~finite], list(self.kinks))
            if at_kinks.all() and np.isclose(got[finite], want[finite], rtol=r, atol=a).all():
                return Feedback("wrong", f"right everywhere, and {got[~finite][0]} at the kink "
                                         f"z = {bad:g}. Mathematically that is right: the "
                                         "derivative does not exist there. But code must "
                                         "return a number at every z, and this course uses "
                                         f"the left-hand value, {want[~finite][0]:g} (as "
                                         "PyTorch, for instance, does).")
            return Feedback("wrong", f"your function gives {got[~finite][0]} at z = {bad:g}; "
                                     "the true value is finite there.")
        if _all_close(got, -want, r, a):
            return Feedback("wrong", "right size, wrong sign everywhere: check the sign that "
                                     "the inner derivative (chain rule) brings in.")
        # where |want| is tiny, rounding in the answer's own formula decides the ratio
        nonzero = np.abs(want) > max(1e-12, 1e-8 * float(np.max(np.abs(want), initial=0.0)))
        if nonzero.any():
            ratio = got[nonzero] / want[nonzero]
            constant = np.allclose(ratio, ratio[0], rtol=1e-6)
            if constant and abs(ratio[0]) > 1e-12 and not np.isclose(ratio[0], 1.0):
                return Feedback("wrong", f"your answer is {ratio[0]:.4g} times the true "
                                         "derivative everywhere: a constant factor is off.")
        ok = np.isclose(got, want, rtol=r, atol=a)
        at_kink = np.zeros_like(ok)
        for k in self.kinks:
            at_kink |= z == k
        if at_kink.any() and ok[~at_kink].all():
            k = z[at_kink & ~ok][0]
            return Feedback("wrong", f"right everywhere except at the kink z = {k:g}; there "
                                     "the derivative does not exist, and the course uses the "
                                     "left-hand value (what PyTorch does).")
        pos, neg = z > 0, z < 0
        if pos.any() and neg.any() and ok[pos].all() and not ok[neg].all():
            return Feedback("wrong", "right for z > 0, wrong for z < 0: look at the negative "
                                     "branch again.")
        if pos.any() and neg.any() and ok[neg].all() and not ok[pos].all():
            return Feedback("wrong", "right for z < 0, wrong for z > 0: look at the positive "
                                     "branch again.")
        first = z[~ok][0]
        mine, true = _distinct(got[~ok][0], want[~ok][0])
        return Feedback("wrong", f"at z = {first:g} your function gives {mine}, the "
                                 f"derivative is {true}.", generic=True)

    def _check_sympy(self, answer: Any) -> Feedback:
        expr = _sympify(answer)
        if _sympy_equal(expr, _sympify(self.reference)):
            return Feedback("correct", self.success)
        found = self._anticipated(expr)
        return found if found is not None else Feedback(
            "wrong", f"${sp.latex(expr)}$ is not equal to the derivative; compare it with the "
                     "steps above.", generic=True)


# ---------------------------------------------------------------------- helpers
def significant_digits(value: float) -> int:
    """How many significant digits ``value`` has as typed (its shortest repr).

    >>> significant_digits(0.00098), significant_digits(-1.27846), significant_digits(24.0)
    (2, 6, 2)
    """
    if value == 0 or not math.isfinite(value):
        return 1
    digits = Decimal(repr(float(value))).normalize().as_tuple().digits
    return max(len(digits), 1)


def _half_unit(value: float, k: int) -> float:
    """Half a unit in the k-th significant digit of ``value``."""
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - k + 1)


def agrees_to_digits(value: float, target: float, digits: int, coarse: bool = False) -> bool:
    """Is ``value`` the number ``target`` as a prompt asking for ``digits`` significant digits
    accepts it? Exactly (to 1e-9), or typed with k ≥ ``digits`` digits and correctly rounded
    to them, or computed (12 digits or more) and right to ``digits`` digits. With
    ``coarse=True`` only "correctly rounded to its own digits" counts (for k < ``digits``).

    >>> agrees_to_digits(0.00098, 1 / 1024, 2), agrees_to_digits(0.00097, 1 / 1024, 2)
    (True, False)
    >>> agrees_to_digits(0.001, 1 / 1024, 2), agrees_to_digits(0.001, 1 / 1024, 1, coarse=True)
    (False, True)
    """
    if _close(value, target, 1e-9, 1e-300):
        return True
    if value == 0 or target == 0:
        return False
    k = significant_digits(value)
    slack = 1 + 1e-9
    if k >= digits and abs(value - target) <= _half_unit(value, k) * slack:
        return True
    return not coarse and k >= 12 and abs(value - target) <= _half_unit(target, digits) * slack


def _distinct(a: float, b: float) -> tuple[str, str]:
    """``a`` and ``b`` printed with enough digits (6 at least) that they differ on the page."""
    for p in range(6, 18):
        sa, sb = f"{a:.{p}g}", f"{b:.{p}g}"
        if sa != sb:
            return sa, sb
    return repr(float(a)), repr(float(b))


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


def _all_close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def _sympify(value: Any) -> sp.Expr:
    return value if isinstance(value, sp.Basic) else sp.sympify(value)


def _sympy_equal(a: sp.Expr, b: sp.Expr) -> bool:
    """The course's one symbolic equality (the derivation verifier's, :func:`course_lib.symbolic.equal`)."""
    return symbolic.equal(a, b)


def _one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:160] if text else type(err).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass
class UnitSetExercise:
    """An exercise whose answer is a set of units (columns of the pre-activations ``z``,
    rows are examples): a list, set or array of 0-based unit numbers, or a boolean mask
    with one entry per unit. Order does not matter. Used for "which units are dead?".

    >>> UnitSetExercise("demo", np.array([[-1.0, 2.0]]), frozenset({0})).check([0]).correct
    True
    """

    key: str
    z: np.ndarray
    reference: frozenset[int]
    mistakes: Sequence[Mistake] = ()
    success: str = "well done."

    def parse(self, answer: Any) -> frozenset[int]:
        """The answer as a set of unit numbers; raises ``ValueError`` saying why it is not one."""
        n = self.z.shape[1]
        if isinstance(answer, (int, np.integer)) and not isinstance(answer, (bool, np.bool_)):
            raise ValueError("give *which* units are dead (their column numbers, e.g. [0, 3]), "
                             "not how many")
        if isinstance(answer, (str, bytes)):
            raise ValueError(f"expected a list of unit indices such as [1, 4], got the text "
                             f"{answer!r}")
        arr = np.asarray(list(answer) if isinstance(answer, Iterable) else answer)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.dtype == bool:
            if arr.shape != (n,):
                raise ValueError(f"a boolean mask needs one entry per unit (one True/False per "
                                 f"unit, {n} in all), got shape {arr.shape}")
            return frozenset(int(i) for i in np.flatnonzero(arr))
        if arr.size and (arr.dtype.kind not in "iuf" or not np.all(arr == np.round(arr))):
            raise ValueError(f"expected a list of unit indices such as [0, 3] (or a boolean "
                             f"mask): unit numbers are whole numbers, got {arr.tolist()}")
        return frozenset(int(i) for i in arr.ravel())

    def check(self, answer: Any) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback("unanswered", "replace None by the list of dead units, e.g. [1, 4], "
                                          "and run the cell again.")
        try:
            units = self.parse(answer)
        except ValueError as err:
            return Feedback("wrong", f"{err}.")
        except Exception as err:  # whatever the learner typed
            return Feedback("wrong", f"could not read your answer ({type(err).__name__}).")
        if units == self.reference:
            return Feedback("correct", self.success)
        for mistake in self.mistakes:
            if units == frozenset(mistake.example):
                return Feedback("wrong", mistake.hint)
        return Feedback("wrong", self._explain(units))

    def _explain(self, units: frozenset[int]) -> str:
        n = self.z.shape[1]
        outside = sorted(u for u in units if not 0 <= u < n)
        if outside:
            return (f"there is no unit {outside[0]} (the units are numbered 0 to {n - 1}): a "
                    "unit that does not exist cannot be dead.")
        extra = sorted(units - self.reference)
        missing = sorted(self.reference - units)
        if extra:
            u = extra[0]
            i = int(np.argmax(self.z[:, u]))
            also = (f" Also, {len(missing)} dead unit{'s are' if len(missing) > 1 else ' is'} "
                    "missing from your list." if missing else "")
            return (f"unit(s) {extra} are positive on at least one example and still learn. "
                    f"For instance, unit {u} is not dead: on example {i} its pre-activation is "
                    f"{self.z[i, u]:g} > 0, so it passes a gradient there.{also}")
        n_missing = len(missing)
        return (f"the units you chose are dead, but {n_missing} more "
                f"{'are' if n_missing > 1 else 'is'}: look for every column with no "
                "positive entry.")


def scalar_only(f: Callable, **params: float) -> bool:
    """True when ``f`` accepts one number but fails on an array (it is not vectorised).

    >>> scalar_only(lambda z: 1.0 if z > 0 else 0.0)
    True
    >>> scalar_only(lambda z: np.where(z > 0, 1.0, 0.0))
    False
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            f(0.5, **params)
        except Exception:  # the learner's code may raise anything
            return False
        try:
            f(np.array([-1.0, 0.5, 2.0]), **params)
        except (ValueError, TypeError):
            return True
        except Exception:
            return False
    return False


@dataclass
class VectorisedExercise(Exercise):
    """A ``"function"`` exercise that first recognises an answer written for one number only
    (``if z > 0: ...``), which would otherwise fail with a bare "truth value of an array is
    ambiguous". Mistakes with a ``detect`` are tried before the answer is evaluated."""

    def check(self, answer: Any) -> Feedback:
        if callable(answer):
            for mistake in self.mistakes:
                if mistake.detect is not None and _safely(mistake.detect, answer):
                    return Feedback("wrong", mistake.hint)
        return super().check(answer)


def _safely(detect: Callable[[Any], bool], answer: Any) -> bool:
    try:
        return bool(detect(answer))
    except Exception:
        return False
