r"""Exercises of the floating-point appendix: where exp overflows, a sigmoid that never
overflows, a tanh′ that never cancels.

* :func:`check_overflow_limit` - the largest z with a finite ``np.exp(z)`` in float64;
* :func:`check_stable_sigmoid` - σ written so that no input makes NumPy warn, exact in both
  tails (the usual trap named: ``np.where`` computes both branches, so the branch that
  overflows still runs);
* :func:`check_stable_tanh_prime` - tanh′ that keeps its digits where 1 − tanh² cancels and
  does not overflow where 1/cosh² does.

A :class:`StableExercise` is a ``"function"`` :class:`~course_lib.exercises.core.Exercise`
with one more rule: an answer that makes NumPy warn (overflow, invalid value, division by
zero) anywhere on its tail points is not accepted, even where its values come out right.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import expit

from course_lib.activations import sigmoid, tanh_derivative
from course_lib.exercises import inspection
from course_lib.exercises.core import Exercise, Feedback, Mistake, fresh, one_line

# ---------------------------------------------------------------- 1. where exp overflows
F64 = np.finfo(np.float64)
F32 = np.finfo(np.float32)

OVERFLOW_LIMIT = Exercise(
    "floating_point.overflow_limit", "number", math.log(float(F64.max)),
    [
        Mistake("308.25 is log₁₀ of the largest float64: the power of *10* that reaches it. "
                "np.exp raises e, not 10, to the power z.", math.log10(float(F64.max))),
        Mistake("88.72 is the limit in float32 (largest ≈ 3.4 × 10³⁸). The question is about "
                "float64, NumPy's default.", math.log(float(F32.max))),
        Mistake("744.44 is where np.exp(−z) *underflows* past the smallest subnormal float64 "
                "(4.9 × 10⁻³²⁴), on the other side. Overflow is about the largest float64.",
                -math.log(float(np.nextafter(0.0, 1.0)))),
        Mistake("1024 is the largest power of 2 a float64 can hold an exponent for "
                "(2¹⁰²⁴ is already too large); the question asks for a power of e.", 1024.0),
        Mistake("that is the largest float64 itself, the value e^z must stay below. The "
                "question asks for the z where e^z reaches it.", float(F64.max),
                detect=lambda v: v > 1e300),
        Mistake("709 is the largest whole number with a finite exp, and the limit lies a "
                "little beyond it, between 709 and 710: give it to five significant digits "
                "(or type the expression that computes it).", 709.0),
    ],
    digits=5,  # the prompt: five significant digits, 709.78
    success="ln(1.797 × 10³⁰⁸) ≈ 709.78: from there on np.exp returns inf (and warns).",
)


def check_overflow_limit(answer: Any) -> Feedback:
    """Check the largest z for which np.exp(z) is finite in float64 (five digits)."""
    return OVERFLOW_LIMIT.check(answer)


# ---------------------------------------------------------------- the no-warning rule
TAILS = np.array([-1000.0, -800.0, -745.0, -710.0, 710.0, 745.0, 800.0, 1000.0])
"""Where a formula that hands exp a large positive number overflows (on every stable
exercise's grid, and tried with every warning an error)."""
TAILS.setflags(write=False)

WARNS = ("your values are right, but NumPy warned ({warning}) for large |z| (the checker "
         "tries z = ±1000 with every warning an error): somewhere `np.exp` (or cosh) received "
         "a number too large for a float64, and a warning in every training step hides real "
         "problems. If you used `np.where`, remember that it computes *both* branches for "
         "every z and only then picks: the branch you do not keep still overflows. Compute "
         "each branch only from numbers that cannot overflow.")
OVERFLOWS = ("right for moderate z, but at z = {z:g} your function gives {got}, where "
             "{quantity} is {want:.3g}: NumPy overflowed there ({warning}), and inf turned into "
             "{got} on the way. Compute every part only from numbers that cannot overflow (an "
             "exponential of a large *positive* number is the usual culprit).")
LOSES_DIGITS = ("right for moderate z, but far out it is not: at z = {z:g} your function gives "
                "{got}, where {quantity} is {want:.3g}, a float64 like any other. The exercise "
                "asks for every z exactly: no clipping of z, and no subtraction of nearly "
                "equal numbers (which cancels every digit).")


@dataclass
class StableExercise(Exercise):
    """A function exercise whose answer must also be exact far out (:data:`TAILS` are on its
    grid) and run there without any NumPy warning: right values that overflow on the way
    are not enough."""

    def __post_init__(self) -> None:
        self.grid = np.union1d(np.asarray(self.grid, dtype=float), TAILS)
        super().__post_init__()

    def _warning(self, answer: Callable) -> str | None:
        """The first warning NumPy gives for the answer on :data:`TAILS`, or None."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise",
                                 under="ignore"):
                    inspection.call(answer, fresh(TAILS), self.params)
            except (FloatingPointError, RuntimeWarning) as err:
                return one_line(err)
            except Exception:  # the learner's code may raise anything: the values tell
                return None
        return None

    def _check_tails(self, answer: Callable) -> Feedback | None:
        """Right everywhere (the tails included): wrong all the same if it warns there."""
        warning = self._warning(answer)
        return None if warning is None else Feedback("wrong", WARNS.format(warning=warning))

    def _unsafe_in_the_tails(self, answer: Callable, got: np.ndarray, want: np.ndarray
                             ) -> Feedback | None:
        """Right for moderate z and wrong only far out: an overflow (named with NumPy's
        warning) or digits lost to cancellation or clipping. Never accepted here."""
        ok = np.isclose(got, want, rtol=self.rtol, atol=self.atol)
        moderate = np.abs(self.grid) <= 8   # the plots' range, to a millionth
        if ok.all() or not np.allclose(got[moderate], want[moderate], rtol=1e-6, atol=0.0):
            return None
        far = np.flatnonzero(~ok)
        i = int(far[np.argmin(np.abs(self.grid[far]))])   # where it starts to go wrong
        values = {"z": self.grid[i], "got": got[i], "want": want[i], "quantity": self.quantity}
        warning = self._warning(answer)
        if warning is not None:
            return Feedback("wrong", OVERFLOWS.format(warning=warning, **values))
        return Feedback("wrong", LOSES_DIGITS.format(**values))


# ---------------------------------------------------------------- 2. a stable sigmoid
def _sigmoid_reference(z):
    """σ with e^(−|z|) only, which never overflows (the reference, written apart from the
    library's `sigmoid`, which the learner may not hand in)."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _like(f: Callable, example: Callable) -> bool:
    """Does ``f`` agree with ``example`` to a millionth on the plots' range, |z| ≤ 8, whatever
    it does further out (a mirror image written with an overflow is still a mirror image)?"""
    z = np.linspace(-8, 8, 33)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        got = np.asarray(f(fresh(z)), dtype=float)
    return got.shape == z.shape and bool(np.allclose(got, example(z), rtol=1e-6, atol=0.0))


def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _where_sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


STABLE_SIGMOID = StableExercise(
    "floating_point.stable_sigmoid", "function", _sigmoid_reference,
    [
        Mistake("that is σ(−z), the mirror image: it falls from 1 to 0 where the sigmoid "
                "rises. (1 − σ(z) is σ(−z) too.) Check which branch goes with which sign of z, "
                "and the sign in the exponent.", lambda z: _sigmoid_reference(-z),
                detect=lambda f: _like(f, lambda z: _sigmoid_reference(-z))),
        Mistake("your function is the sigmoid on one side of 0 only: it uses one form for every "
                "z. With e^(−|z|) each form is safe everywhere, but each is σ(z) on one side of "
                "0 only: choose the form by the sign of z.",
                lambda z: _sigmoid_reference(np.abs(z)),
                detect=lambda f: (_like(f, lambda z: _sigmoid_reference(np.abs(z)))
                                  or _like(f, lambda z: _sigmoid_reference(-np.abs(z))))),
        Mistake("that is σ′, the slope, not σ itself.",
                lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2,
                detect=lambda f: _like(f, lambda z: np.exp(-np.abs(z))
                                       / (1 + np.exp(-np.abs(z))) ** 2)),
    ],
    grid=np.concatenate([np.linspace(-30, 30, 121), [-700.0, -100.0, 100.0, 700.0]]),
    rtol=1e-12, atol=0.0, library=(sigmoid, expit), quantity="σ(z)",
    library_hint="write the sigmoid yourself, so that nothing overflows: the exercise says "
                 "where to start.",
    success="no input makes it warn, and it is exact in both tails: e^z/(1 + e^z) where z < 0, "
            "1/(1 + e^(−z)) where z ≥ 0, each computed only where it is safe.",
)


def check_stable_sigmoid(my_sigmoid: Any) -> Feedback:
    """Check a sigmoid that is exact everywhere and never makes NumPy warn."""
    return STABLE_SIGMOID.check(my_sigmoid)


# ---------------------------------------------------------------- 3. a tanh′ that keeps its digits
def _tanh_prime_reference(z):
    """tanh′ = 4e^(−2|z|)/(1 + e^(−2|z|))², which neither cancels nor overflows."""
    e = np.exp(-2 * np.abs(z))
    return 4 * e / (1 + e) ** 2


def _cancelling_tanh_prime(z):
    return 1 - np.tanh(z) ** 2


STABLE_TANH_PRIME = StableExercise(
    "floating_point.stable_tanh_prime", "function", _tanh_prime_reference,
    [
        Mistake("1 − tanh²(z) is the right formula, but it cancels: from |z| ≈ 19, tanh(z) "
                "rounds to exactly ±1 and the difference is exactly 0, while the true slope "
                "is a perfectly good float64 (about 4e^(−2|z|)). Write it with no subtraction "
                "of nearly equal numbers, e.g. through the sigmoid.", _cancelling_tanh_prime),
        Mistake("that is 1 − tanh(z)² written as (1 − tanh)(1 + tanh): the factor 1 − tanh(z) "
                "still cancels for large z. Subtracting from 1 is the trouble, in any order.",
                lambda z: (1 - np.tanh(z)) * (1 + np.tanh(z))),
        Mistake("1 − tanh(z) is missing the square: tanh′ = 1 − tanh²(z). (Written that way "
                "it cancels, too: look for a form without the subtraction.)",
                lambda z: 1 - np.tanh(z)),
        Mistake("your sigmoids take z, but tanh(z) = 2σ(2z) − 1 feeds σ the inner value 2z: "
                "the chain rule evaluates σ′ there (and multiplies by the inner derivative).",
                lambda z: 4 * sigmoid(z) * sigmoid(-z)),
    ],
    grid=np.concatenate([np.linspace(-30, 30, 121), [-300.0, -100.0, 100.0, 300.0]]),
    rtol=1e-12, atol=0.0, library=tanh_derivative, quantity="tanh′(z)",
    library_hint="write tanh′ yourself, in a form that neither cancels nor overflows.",
    success="it keeps every digit in the tails, where 1 − tanh² is exactly 0, and never "
            "overflows, where 1/cosh² does: nothing subtracts nearly equal numbers, and no "
            "exponential of a large positive number is ever formed.",
)


def check_stable_tanh_prime(my_tanh_prime: Any) -> Feedback:
    """Check a tanh′ that keeps its digits for large |z| and never makes NumPy warn."""
    return STABLE_TANH_PRIME.check(my_tanh_prime)


EXERCISES = {"overflow_limit": OVERFLOW_LIMIT, "stable_sigmoid": STABLE_SIGMOID,
             "stable_tanh_prime": STABLE_TANH_PRIME}
"""Every exercise of the appendix, for the tests."""

__all__ = ["EXERCISES", "OVERFLOW_LIMIT", "STABLE_SIGMOID", "STABLE_TANH_PRIME", "TAILS",
           "StableExercise", "check_overflow_limit", "check_stable_sigmoid",
           "check_stable_tanh_prime"]
