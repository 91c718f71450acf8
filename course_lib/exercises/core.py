"""Checkers that tell a learner what is wrong with an answer, not just that it is wrong.

An :class:`Exercise` knows the reference answer and a list of anticipated :class:`Mistake`
objects, each with an example of the mistake (so the tests can prove that the hint fires)
and the hint to give. When an answer matches none of them, generic diagnoses follow: a
flipped sign, a constant factor, right except at the kink, right on one side of 0 only,
overflow warnings or NaN in the tails, an answer that is not vectorised.

Three kinds of answer are checked:

* ``"number"``: a float (or anything ``float()`` accepts), compared with a tolerance, or to
  the significant digits the prompt asks for (more do no harm); a percentage, a value rounded
  too early or a numerical estimate is named as such;
* ``"function"``: a Python function of z (and of the exercise's parameters, passed by
  position, for several values of them), compared with the reference on a grid of points and
  on :data:`PROBES`, points no answer can single out;
* ``"sympy"``: a SymPy expression, compared symbolically (their difference simplifies to 0).

A function is also judged by what it is made of (:mod:`course_lib.exercises.inspection`):
the library's own answer, or a wrapper of it, is refused kindly; where the prompt says "and
nothing else", a right answer that calls another function is told so. A hint names the
mistake and the rule to apply, never the finished formula.

The learner's starter cell passes ``None`` (or a function whose body is ``return None``) and
gets a friendly "not answered yet", so a notebook with untouched exercises still runs
cleanly; a function that computes something and forgets its ``return`` is told that.
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
from scipy import special

from course_lib import symbolic
from course_lib.exercises import inspection

DEFAULT_GRID = np.concatenate([np.linspace(-8, 8, 161), [-40.0, -20.0, 20.0, 40.0]])
DEFAULT_GRID.setflags(write=False)  # a learner's function gets a fresh copy, never this array

PROBES = np.sort(np.random.default_rng(2024_09_22).uniform(-8.0, 8.0, 48))
"""Points a learner cannot single out (not on any round grid), compared as well as the grid:
an answer that recognises the grid's points and is wrong elsewhere is caught."""
PROBES.setflags(write=False)

NOT_VECTORISED = (
    "your function works on one number but not on a NumPy array: `if z > 0` (or math.…, "
    "float(z)) needs a single value, and an array of many values has no single truth "
    "value. Compare element-wise instead, with `np.where(condition, a, b)`.")
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


NO_RETURN = ("your function returns None: it has no `return` (or returns what print() "
             "returns). Put `return` in front of the expression it computes.")
"""What a function that computes something and returns nothing is told (issue 26 item 5)."""


def nothing_returned(answer: Callable, unanswered_hint: str) -> Feedback:
    """The verdict on a learner's function that returned None: "not answered yet" while it
    is still the starter (its body only ``return None``, or its own lines above the starter's
    ``return None``); :data:`NO_RETURN` when it computes something and has no ``return``."""
    if inspection.is_placeholder(answer) or inspection.still_returns_none(answer):
        return Feedback("unanswered", "your function returns None: " + unanswered_hint)
    return Feedback("wrong", NO_RETURN)


def refusal(answer: Any, *, library: Sequence[Callable] = (), library_hint: str = "",
            unanswered_hint: str = "", needed: int | None = None, names: Sequence[str] = (),
            ) -> Feedback | None:
    """What every checker of a learner's function says before calling it, or None: not a
    function; the untouched starter (a body that is only ``return None``); the library's own
    answer, or a function that calls it (refused kindly: the exercise is to write it); a
    function that cannot take the ``needed`` positional arguments (``names``, when given,
    are said in the message).

    >>> from course_lib.activations import tanh_derivative
    >>> refusal(lambda z: tanh_derivative(z), library=(tanh_derivative,),
    ...         library_hint="write it yourself.").message[:43]
    "your function calls the library's own `tanh"
    >>> refusal(lambda z, a: z, needed=1, names=["z"]).message[:34]
    'your function must take 1 argument'
    """
    if not callable(answer):
        what = f" of {', '.join(names)}" if names else ""
        return Feedback("wrong", f"expected a Python function{what}, got "
                                 f"{type(answer).__name__} {short(answer)}.")
    if inspection.is_placeholder(answer):
        return Feedback("unanswered", "your function returns None: " + unanswered_hint)
    used = inspection.calls_any(answer, tuple(library)) if library else None
    if used is not None:
        what = "that is" if inspection._unwrap(answer) is used else "your function calls"
        hint = library_hint[:1].upper() + library_hint[1:]
        return Feedback("wrong", f"{what} {_whose(used)} `{_name(used)}`, the very "
                                 "function this exercise asks you to write: it would pass, but "
                                 f"you would learn nothing from it. {hint}")
    accepts = inspection.positional_arity(answer)
    if needed is None or accepts is None or (
            accepts[0] <= needed and (accepts[1] is None or needed <= accepts[1])):
        return None
    takes = f"{accepts[0]}" if accepts[0] == accepts[1] else "another number of"
    plural = "s" if needed > 1 else ""
    if names:
        listed = ", ".join(names)
        return Feedback("wrong", f"your function must take {needed} argument{plural}, {listed}, "
                                 f"in that order (def my_function({listed}): ...); yours takes "
                                 f"{takes}. Name them as you like.")
    return Feedback("wrong", f"your function must take {needed} argument{plural}; yours takes "
                             f"{takes}.")


def _name(f: Callable) -> str:
    """A function's name as a learner would call it (a method with its class: MLP.gradients)."""
    qualified = getattr(f, "__qualname__", "")
    return qualified if qualified.count(".") == 1 and "<" not in qualified else f.__name__


def _whose(f: Callable) -> str:
    """ "the library's own" for the course's functions, "SciPy's" or "NumPy's" for theirs."""
    module = getattr(f, "__module__", None) or ""
    name = getattr(f, "__name__", "")
    if module.startswith("scipy") or getattr(special, name, None) is f:
        return "SciPy's"
    if module.startswith("numpy") or getattr(np, name, None) is f:
        return "NumPy's"
    return "the library's own"


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
    """For a ``"function"`` of z and parameters: the first values passed, in the order the
    function takes them (whatever the learner named them)."""
    variations: Sequence[dict[str, float]] = ()
    """More parameter values tried after ``params``: a right answer is right for all of them,
    so a parameter typed in as a number (α = 0.01) shows. Choose some a learner cannot guess."""
    grid: np.ndarray = field(default_factory=lambda: DEFAULT_GRID)
    kinks: Sequence[float] = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    unanswered_hint: str = "replace the placeholder with your answer and run the cell again."
    digits: int | None = None
    """For a ``"number"``: the significant digits the prompt asks for. Then a typed value is
    right when, rounded to that many digits, it is the reference rounded so (more digits than
    asked do no harm), or it is the reference correctly rounded to its own digits; a computed
    value (many digits) when it agrees to ``digits`` digits. Anticipated mistakes are matched
    the same way. ``None``: compare with ``rtol``/``atol``."""
    too_coarse: str = ("{value:g} is the right value rounded to {k} significant "
                       "digit{s}; the exercise asks for {digits}: give more digits (or type "
                       "the expression itself).")
    library: Callable | Sequence[Callable] | None = None
    """For a ``"function"``: the library's own function(s) for the answer. The function itself,
    or one that calls it (``lambda z: tanh_derivative(z)``), is refused, kindly: the exercise
    is to write it."""
    library_hint: str = "write the formula yourself (the derivation above has every step)."
    """What a learner who handed in the library's function is asked to do instead."""
    only: Sequence[str] = ()
    """For a ``"function"`` whose prompt says "with `tanh` and nothing else": the math functions
    (:data:`~course_lib.exercises.inspection.MATH_FUNCTIONS`) it may call. A right answer
    that calls another is told so (:attr:`only_hint`), and not marked correct."""
    only_hint: str = ("your function gives the right values, but it calls `{used}`, and the "
                      "exercise asks for it with `{only}` and nothing else.")
    probe: bool = True
    """For a ``"function"``: compare on :data:`PROBES` as well as on the grid, points no answer
    can single out, so that one right only on the grid is not passed."""
    arity: int | None = None
    """How many positional arguments the learner's function takes (default: z and the
    parameters)."""
    adapt: Callable[[Any], Any] | None = None
    """Turns the learner's answer into the function of z that is compared (notebook 00 wraps
    ``difference(f, z, h)``); the learner's own function is still what is inspected."""
    quantity: str = "the derivative"
    """What the function computes, as the messages name it ("at z = 1 your function gives 0.3,
    the derivative is 0.2"): "σ(z)" for an exercise whose answer is the sigmoid itself."""
    zero_tail: tuple[float, str] | None = None
    """(z, note): a right answer that is exactly 0 at z gets the note (cancellation in
    1 − σ(z) or 1 − tanh²(z) is right, but worth knowing)."""

    def __post_init__(self) -> None:
        grid = np.array(self.grid, dtype=float)
        if self.kind == "function" and self.probe:
            grid = np.union1d(grid, PROBES)
        grid.setflags(write=False)
        self.grid = grid
        if self.library is not None and callable(self.library):
            self.library = (self.library,)

    # ------------------------------------------------------------------ public
    def check(self, answer: Any) -> Feedback:
        """Judge ``answer``; never raises, whatever the learner typed."""
        if answer is None or answer is Ellipsis:
            return Feedback("unanswered", self.unanswered_hint)
        learners = answer
        try:
            if self.kind == "function" and callable(answer):
                refused = self._refuse(answer)
                if refused is not None:
                    return refused
                if self.adapt is not None:
                    answer = self.adapt(answer)
            if self.kind == "number":
                return self._check_number(answer)
            if self.kind == "function":
                return self._check_function(answer, learners)
            if self.kind == "sympy":
                return self._check_sympy(answer)
        except AnswerError as err:
            return Feedback("wrong", str(err))
        except Exception as err:  # the learner's code may raise anything
            if self.kind == "function" and is_scalar_only_error(err):
                for mistake in self.mistakes:
                    if mistake.detect is not None and _safely(mistake.detect, learners):
                        return Feedback("wrong", mistake.hint)
                return Feedback("wrong", NOT_VECTORISED)
            return Feedback("wrong", f"evaluating your answer raised {type(err).__name__}: "
                                     f"{one_line(err)}")
        raise ValueError(f"unknown exercise kind {self.kind!r}")

    def same(self, answer: Any, target: Any) -> bool:
        """Does ``answer`` agree with ``target`` (the reference or a mistake's example)? For a
        function: for every parameter value tried."""
        if self.kind == "number":
            if self.digits is not None:
                return agrees_to_digits(float(answer), float(target), self.digits)
            return _close(float(answer), float(target), self.rtol, self.atol)
        if self.kind == "function":
            for params in self._parameter_sets():
                got = self._values(answer, self.grid, params)
                want = self._values(target, self.grid, params)
                if got is None or not _all_close(got, want, self.rtol, self.atol):
                    return False
            return True
        return _sympy_equal(_sympify(answer), _sympify(target))

    # ------------------------------------------------------------------ the learner's code
    def _refuse(self, answer: Callable) -> Feedback | None:
        """A placeholder, the library's answer, or a function that cannot take the arguments."""
        needed = self.arity if self.arity is not None else 1 + len(self.params)
        names = ["z", *self.params] if self.arity is None else ()
        return refusal(answer, library=self.library or (), library_hint=self.library_hint,
                       unanswered_hint=self.unanswered_hint, needed=needed, names=names)

    # ------------------------------------------------------------------ kinds
    def _anticipated(self, answer: Any, learners: Any = None) -> Feedback | None:
        """The first anticipated mistake ``answer`` makes: a ``detect`` looks at the learner's
        own answer (``learners``, before :attr:`adapt`), an example is compared with
        ``answer``."""
        learners = answer if learners is None else learners
        for mistake in self.mistakes:
            example = mistake.example
            if self.adapt is not None and callable(example):
                example = self.adapt(example)   # examples are written as the learner writes
            found = (_safely(mistake.detect, learners) if mistake.detect
                     else self._same_safely(answer, example))
            if found:
                return Feedback("wrong", mistake.hint)
        return None

    def _same_safely(self, answer: Any, target: Any) -> bool:
        try:
            return self.same(answer, target)
        except Exception:  # the learner's answer may fail where a mistake's example does not
            return False

    def _check_number(self, answer: Any) -> Feedback:
        if isinstance(answer, (bool, np.bool_)):
            return Feedback("wrong", f"expected a number, got {answer} (True and False are not "
                                     "numbers, although Python counts them as 1 and 0).")
        if isinstance(answer, np.ndarray) and answer.size == 1:
            answer = answer.reshape(())   # a number computed with arrays: one entry, no warning
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return Feedback("wrong", f"expected a number, got {type(answer).__name__} "
                                     f"{short(answer)}.")
        if not math.isfinite(value):
            return Feedback("wrong", f"{value} is not a finite number.")
        if self.same(value, self.reference):
            return Feedback("correct", self.success)
        found = self._anticipated(value)
        if found is not None:
            return found
        ref = float(self.reference)
        if ref != 0 and 0 < abs(ref) <= 1 and self.same(value / 100, ref):
            return Feedback("wrong", f"{value:g} is 100 times the answer: a percentage? Give "
                                     "the number itself (a probability or a fraction is "
                                     "written without %, as 0.5 for 50 %).")
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
        elif ref != 0 and agrees_to_digits(value, ref, 1, coarse=True):
            k = significant_digits(value)
            return Feedback("wrong", f"{value:g} looks like the right value rounded to {k} "
                                     f"significant digit{'' if k == 1 else 's'}: give it exactly "
                                     "(type the expression that computes it).")
        elif ref != 0 and abs(value - ref) <= 1e-3 * abs(ref):
            return Feedback("wrong", f"{value:g} is close, but not exact: it looks like a "
                                     "numerical estimate (a finite difference, say) or a value "
                                     "rounded too early. The question asks for the exact value: "
                                     "work it out with the rule, or type the expression itself.")
        if ref != 0 and self.same(value, -ref):
            return Feedback("wrong", f"{value:g} has the right size but the wrong sign.")
        return Feedback("wrong", f"{value:g} is not it. Go through the steps again.",
                        generic=True)

    def _parameter_sets(self) -> list[dict[str, float]]:
        return [dict(self.params), *(dict(v) for v in self.variations)]

    def _values(self, f: Callable, z: np.ndarray, params: dict[str, float] | None = None
                ) -> np.ndarray | None:
        z = fresh(z)
        params = self.params if params is None else params
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = inspection.call(f, z, params)
        return None if out is None else as_numbers(out, z.shape)

    def _check_function(self, answer: Any, learners: Any = None) -> Feedback:
        learners = answer if learners is None else learners
        if not callable(answer):
            return Feedback("wrong", f"expected a Python function of z, got "
                                     f"{type(answer).__name__} {short(answer)}.")
        sets = self._parameter_sets()
        got = self._values(answer, self.grid, sets[0])
        if got is None:
            return nothing_returned(learners, self.unanswered_hint)
        if got.shape != self.grid.shape:
            return Feedback("wrong", f"for an array of {self.grid.size} values your function "
                                     f"returned shape {got.shape}: make it work element-wise "
                                     "(use NumPy functions, not math or if-statements).")
        if self.probe:
            order = np.random.default_rng(7).permutation(self.grid.size)
            again = self._values(answer, self.grid[order], sets[0])
            if again is None or again.shape != got.shape or not _all_close(
                    again, got[order], 1e-12, 0.0):
                return Feedback("wrong", "your function gives other values when it is called "
                                         "again with the same numbers (in another order): it "
                                         "must depend on z alone, not on earlier calls or on "
                                         "where a value sits in the array.")
        want = self._values(self.reference, self.grid, sets[0])
        if _all_close(got, want, self.rtol, self.atol):
            for params in sets[1:]:
                other = self._values(answer, self.grid, params)
                if other is None or not _all_close(other, self._values(self.reference,
                                                                       self.grid, params),
                                                   self.rtol, self.atol):
                    return self._not_for_every_parameter(answer, learners, got, params)
            # (not `a or b`: a Feedback is falsy unless correct)
            for verdict in (self._rules_kept(learners), self._check_tails(answer),
                            self._note(answer)):
                if verdict is not None:
                    return verdict
            return Feedback("correct", self.success)
        found = self._anticipated(answer, learners)
        if found is not None:
            return found
        ignored = self._ignores_the_parameters(answer, got)
        if ignored is not None:
            return ignored
        unsafe = self._unsafe_in_the_tails(answer, got, want)
        return unsafe if unsafe is not None else self._diagnose(got, want)

    def _not_for_every_parameter(self, answer: Callable, learners: Any, got: np.ndarray,
                                 params: dict[str, float]) -> Feedback:
        names = " and ".join(f"`{n}`" for n in self.params)
        plural = len(self.params) > 1
        found = self._anticipated(answer, learners)
        if found is not None:
            return found
        other = self._values(answer, self.grid, params)
        if other is not None and _all_close(other, got, 1e-12, 0.0):
            return Feedback("wrong", f"right for one value of {names}, but the checker tries "
                                     "others, and your function gives the same values whatever "
                                     f"{names} it is passed: use the argument{'s' if plural else ''}"
                                     f" {names} in the formula, not a number typed in.")
        return Feedback("wrong", f"right for one value of {names}, but not for the others the "
                                 f"checker tries: look at where {names} enter"
                                 f"{'' if plural else 's'} your formula.")

    def _ignores_the_parameters(self, answer: Callable, got: np.ndarray) -> Feedback | None:
        """A wrong answer that gives the same values whatever parameters it is passed: numbers
        typed in (SELU's constants, rounded) instead of the arguments."""
        if not self.variations:
            return None
        for params in self._parameter_sets()[1:]:
            try:
                other = self._values(answer, self.grid, params)
            except Exception:  # the learner's code may raise anything
                return None
            if other is None or not _all_close(other, got, 1e-12, 0.0):
                return None
        names = " and ".join(f"`{n}`" for n in self.params)
        return Feedback("wrong", f"your function gives the same values whatever {names} it is "
                                 "passed: it uses numbers typed in where the arguments belong. "
                                 f"Use {names} in the formula (the checker tries several "
                                 "values).")

    def _rules_kept(self, learners: Any) -> Feedback | None:
        """A right answer that calls a function the prompt ruled out ("and nothing else")."""
        if not self.only:
            return None
        others = sorted(inspection.functions_used(learners) - set(self.only))
        if not others:
            return None
        return Feedback("wrong", self.only_hint.format(used="`, `".join(others),
                                                       only="`, `".join(self.only)))

    def _note(self, answer: Callable) -> Feedback | None:
        """The :attr:`zero_tail` note, for a right answer that is exactly 0 there."""
        if self.zero_tail is None:
            return None
        z, note = self.zero_tail
        try:
            tail = self._values(answer, np.array([z]))
        except Exception:  # the learner's code may raise anything: no note then
            return None
        if tail is not None and tail.shape == (1,) and tail[0] == 0.0:
            return Feedback("correct", f"{self.success} {note}")
        return None

    def _unsafe_in_the_tails(self, answer: Callable, got: np.ndarray, want: np.ndarray
                             ) -> Feedback | None:
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
                    vals = np.asarray(inspection.call(answer, big, self.params), dtype=float)
            except (FloatingPointError, RuntimeWarning) as err:
                return Feedback("correct", f"{self.success} One more thing: at z = ±1000 it "
                                           f"warns ({one_line(err)}); the library's version "
                                           "avoids that (how: the floating-point appendix, "
                                           "appendix_floating_point.ipynb).")
            except Exception:  # right on the grid, broken far out: no note
                return None
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
                return Feedback("wrong", f"your answer is {ratio[0]:.4g} times "
                                         f"{self.quantity} everywhere: a constant factor is "
                                         "off.")
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
        i = _most_wrong(z, got, want, ok)
        mine, true = _distinct(got[i], want[i])
        return Feedback("wrong", f"at z = {z[i]:g} your function gives {mine}, "
                                 f"{self.quantity} is {true}.", generic=True)

    def _check_sympy(self, answer: Any) -> Feedback:
        expr = _sympify(answer)
        if _sympy_equal(expr, _sympify(self.reference)):
            return Feedback("correct", self.success)
        found = self._anticipated(expr)
        return found if found is not None else Feedback(
            "wrong", f"${sp.latex(expr)}$ is not equal to the derivative; compare it with the "
                     "steps above.", generic=True)


class AnswerError(ValueError):
    """Raised (and caught by the checker) when a learner's function returns something that is
    not numbers; its message is the one line the learner reads."""


def as_numbers(out: Any, shape: tuple[int, ...]) -> np.ndarray:
    """What a learner's function returned, as a float array (a scalar or a one-element result
    broadcast to ``shape``); an :class:`AnswerError` saying what it is otherwise."""
    if isinstance(out, (str, bytes)):
        raise AnswerError(f"your function returns text, {short(out)}, not numbers: compute "
                          "the value instead of writing it as a string.")
    if isinstance(out, dict):
        raise AnswerError("your function returns a dict, not numbers: return the array of "
                          "values itself.")
    try:
        raw = np.asarray(out)
    except (TypeError, ValueError):   # ragged nested lists
        raw = np.asarray(out, dtype=object)
    if raw.dtype.kind == "c" or (raw.dtype == object and any(
            isinstance(v, complex) for v in raw.ravel()[:64])):
        raise AnswerError("your function returns complex numbers: the answer is real "
                          "everywhere (look for a square root or a logarithm of a negative "
                          "number).")
    try:
        arr = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        raise AnswerError(f"your function returns {type(out).__name__} {short(out)}, which is "
                          "not an array of numbers.") from None
    if arr.shape in ((), (1,)):
        return np.broadcast_to(arr, shape)
    return arr


def _most_wrong(z: np.ndarray, got: np.ndarray, want: np.ndarray, ok: np.ndarray) -> int:
    """The point where the answer is most wrong, relative to the size of the derivative there
    (near 0 on the scale of the whole curve), preferring the range |z| ≤ 8 that the plots
    show; not simply the left-most."""
    scale = float(np.max(np.abs(want), initial=0.0)) or 1.0
    error = np.abs(got - want) / np.maximum(np.abs(want), 1e-2 * scale)
    error = np.where(ok, -1.0, error)
    shown = np.abs(z) <= 8
    if (~ok & shown).any():
        error = np.where(shown, error, -1.0)
    return int(np.argmax(error))


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
    accepts it? Exactly (to 1e-9); or typed with k ≥ ``digits`` digits and either correctly
    rounded to them or, rounded to ``digits`` digits, the target rounded so (a seventh digit
    that is truncated, not rounded, does no harm when six are asked); or computed (12 digits or
    more) and right to ``digits`` digits. With ``coarse=True`` only "correctly rounded to its
    own digits" counts (for k < ``digits``).

    >>> agrees_to_digits(0.00098, 1 / 1024, 2), agrees_to_digits(0.00097, 1 / 1024, 2)
    (True, False)
    >>> agrees_to_digits(0.001, 1 / 1024, 2), agrees_to_digits(0.001, 1 / 1024, 1, coarse=True)
    (False, True)
    >>> agrees_to_digits(-1.278464, -1.2784645427610738, 6)   # seven digits, the last truncated
    True
    """
    if _close(value, target, 1e-9, 1e-300):
        return True
    if value == 0 or target == 0:
        return False
    k = significant_digits(value)
    slack = 1 + 1e-9
    if k >= digits and abs(value - target) <= _half_unit(value, k) * slack:
        return True
    if not coarse and k > digits and _rounded(value, digits) == _rounded(target, digits):
        return True
    if not coarse and value == float(_rounded(target, digits)):   # 1.0 typed for "1.0": a
        return True                                               # float drops trailing zeros
    return not coarse and k >= 12 and abs(value - target) <= _half_unit(target, digits) * slack


def _rounded(value: float, digits: int) -> str:
    """``value`` rounded to ``digits`` significant digits, as text (so that equal is equal)."""
    return f"{value:.{digits - 1}e}"


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


def one_line(err: BaseException) -> str:
    """The first line of an error's message (160 characters at most), for a one-line verdict."""
    text = str(err).strip().splitlines()
    return text[0][:160] if text else type(err).__name__


def short(value: Any) -> str:
    """``repr(value)``, cut to 40 characters, for quoting what a learner typed."""
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

    def __post_init__(self) -> None:
        z = np.array(self.z, dtype=float)   # the checker's own copy, which nothing can change
        z.setflags(write=False)
        self.z = z

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
            inspection.call(f, 0.5, params)
        except Exception:  # the learner's code may raise anything
            return False
        try:
            inspection.call(f, np.array([-1.0, 0.5, 2.0]), params)
        except (ValueError, TypeError):
            return True
        except Exception:
            return False
    return False


@dataclass
class VectorisedExercise(Exercise):
    """A ``"function"`` exercise whose anticipated mistakes include an answer written for one
    number only (``if z > 0: ...``, a ``detect`` with :func:`scalar_only`). Such a mistake is
    looked for only once the answer has failed on the array (so no call is spent on a probe
    before the answer has been judged); :meth:`Exercise.check` does that for every exercise."""


def _safely(detect: Callable[[Any], bool], answer: Any) -> bool:
    try:
        return bool(detect(answer))
    except Exception:
        return False
