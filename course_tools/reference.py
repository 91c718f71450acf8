"""One table of references for every activation of the atlas: g, g′ and g″ each written as a
textbook formula, twice, independently of the library's NumPy code.

* ``exact``: the formula in mpmath, evaluated by :func:`exact` at a working precision that
  grows with the cancellation the textbook form suffers (1 − σ(z) for large z, z − tanh z for
  tiny z): the tests' reference, to which every library function must agree to a few units
  in the last place;
* ``naive``: the NumPy one-liner a user would write instead (``"expit(z)*(1-expit(z))"``),
  as text: :func:`naive` compiles it, so what the benchmark prints is what it times
  (``make bench``: no atlas function may be more than 3× slower than its one-liner);
* ``limits``: the values as z → −∞ and z → +∞ (what the function must give at ±inf).

The formulas use the record's default parameters and left-hand values at the kinks (a
piece's condition is ``z > a`` for the piece on the right). ``tests/test_atlas_reference.py``
checks that each g′ and g″ here is mpmath's own numerical derivative of the g here, so the
table cannot drift from itself either.

Used by ``tests/test_activations.py`` and ``course_tools/bench.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import mpmath as mp
import numpy as np
from scipy import special

inf = math.inf
Real = mp.mpf


@dataclass(frozen=True)
class Formula:
    """g, g′ or g″ of one activation: the exact formula, the naive one-liner, the limits."""

    exact: Callable[[Real], Real]
    naive: str
    limits: tuple[float, float]


# ----------------------------------------------------------------------------- mpmath pieces
def _s(z: Real) -> Real:
    """σ(z), as the textbook writes it."""
    return 1 / (1 + mp.exp(-z))


def _ds(z: Real) -> Real:
    return _s(z) * (1 - _s(z))


def _sp(z: Real) -> Real:
    """softplus(z) = log(1 + e^z)."""
    return mp.log(1 + mp.exp(z))


def _step(z: Real, right: Real, left: Real) -> Real:
    """``right`` for z > 0, ``left`` otherwise (the left-hand value at 0)."""
    return right if z > 0 else left


LAMBDA, ALPHA = mp.mpf(1.0507009873554805), mp.mpf(1.6732632423543772)
"""SELU's constants, the float64 values Klambauer et al. give (what every framework uses)."""


def _mish1(z: Real) -> Real:
    t = mp.tanh(_sp(z))
    return t + z * (1 - t**2) * _s(z)


def _mish2(z: Real) -> Real:
    t = mp.tanh(_sp(z))
    sech2 = 1 - t**2
    return 2 * sech2 * _s(z) - 2 * z * sech2 * t * _s(z) ** 2 + z * sech2 * _ds(z)


_MISH_T = "np.tanh(np.logaddexp(0,z))"


def _u(z: Real) -> Real:
    """GELU's tanh approximation: its argument u = √(2/π)(z + 0.044715z³)."""
    return mp.sqrt(2 / mp.pi) * (z + mp.mpf("0.044715") * z**3)


def _du(z: Real) -> Real:
    return mp.sqrt(2 / mp.pi) * (1 + 3 * mp.mpf("0.044715") * z**2)


def _gelu_tanh2(z: Real) -> Real:
    """½z(1 + tanh u) differentiated twice, with 1 − tanh² u = 4σ(2u)σ(−2u) (no cancellation
    in either tail)."""
    s, r, t = _s(2 * _u(z)), _s(-2 * _u(z)), mp.tanh(_u(z))
    ddu = 6 * mp.mpf("0.044715") * mp.sqrt(2 / mp.pi) * z
    return s * r * (4 * _du(z) + 2 * z * ddu - 4 * z * t * _du(z) ** 2)


_LECUN_A = mp.mpf("1.7159")
_QUICK = mp.mpf("1.702")
_STAR_S, _STAR_B = mp.mpf("0.8944"), mp.mpf("-0.4472")


def _serf_gate(z: Real) -> Real:
    """Serf's d/dz erf(softplus z) = (2/√π)e^{−softplus²}σ(z)."""
    return 2 / mp.sqrt(mp.pi) * mp.exp(-_sp(z) ** 2) * _s(z)


_ZERO = Formula(lambda z: mp.mpf(0), "np.zeros_like(z)", (0, 0))
"""g″ of every piecewise-linear activation."""
_SPARSE_SIGMOID = (
    Formula(lambda z: min(max((z + 1) / 2, 0), 1), "np.clip((z+1)/2,0,1)", (0, 1)),
    Formula(lambda z: mp.mpf(1) / 2 if -1 < z <= 1 else 0, "np.where((z>-1)&(z<=1),0.5,0.0)",
            (0, 0)),
    _ZERO,
)
"""The sparse sigmoid, which is also the derivative of sparse plus."""

_U = "np.sqrt(2/np.pi)*(z+0.044715*z**3)"
_DU = "(np.sqrt(2/np.pi)*(1+0.134145*z**2))"

REFERENCES: dict[str, tuple[Formula, Formula, Formula]] = {
    "sigmoid": (
        Formula(_s, "expit(z)", (0, 1)),
        Formula(_ds, "expit(z)*(1-expit(z))", (0, 0)),
        Formula(lambda z: _ds(z) * (1 - 2 * _s(z)), "expit(z)*(1-expit(z))*(1-2*expit(z))",
                (0, 0)),
    ),
    "tanh": (
        Formula(mp.tanh, "np.tanh(z)", (-1, 1)),
        Formula(lambda z: 1 - mp.tanh(z) ** 2, "1-np.tanh(z)**2", (0, 0)),
        Formula(lambda z: -2 * mp.tanh(z) * (1 - mp.tanh(z) ** 2),
                "-2*np.tanh(z)*(1-np.tanh(z)**2)", (0, 0)),
    ),
    "relu": (
        Formula(lambda z: max(z, 0), "np.maximum(z,0)", (0, inf)),
        Formula(lambda z: _step(z, 1, 0), "(z>0).astype(float)", (0, 1)),
        _ZERO,
    ),
    "leaky_relu": (
        Formula(lambda z: _step(z, z, mp.mpf("0.01") * z), "np.where(z>0,z,0.01*z)",
                (-inf, inf)),
        Formula(lambda z: _step(z, 1, mp.mpf("0.01")), "np.where(z>0,1.0,0.01)", (0.01, 1)),
        _ZERO,
    ),
    "softplus": (
        Formula(_sp, "np.logaddexp(0,z)", (0, inf)),
        Formula(_s, "expit(z)", (0, 1)),
        Formula(_ds, "expit(z)*(1-expit(z))", (0, 0)),
    ),
    "elu": (
        Formula(lambda z: _step(z, z, mp.exp(z) - 1), "np.where(z>0,z,np.expm1(z))", (-1, inf)),
        Formula(lambda z: _step(z, 1, mp.exp(z)), "np.where(z>0,1.0,np.exp(z))", (0, 1)),
        Formula(lambda z: _step(z, 0, mp.exp(z)), "np.where(z>0,0.0,np.exp(z))", (0, 0)),
    ),
    "silu": (
        Formula(lambda z: z * _s(z), "z*expit(z)", (0, inf)),
        Formula(lambda z: _s(z) + z * _ds(z), "expit(z)*(1+z*(1-expit(z)))", (0, 1)),
        Formula(lambda z: 2 * _ds(z) + z * _ds(z) * (1 - 2 * _s(z)),
                "expit(z)*(1-expit(z))*(2+z*(1-2*expit(z)))", (0, 0)),
    ),
    "gelu": (
        Formula(lambda z: z * mp.ncdf(z), "z*ndtr(z)", (0, inf)),
        Formula(lambda z: mp.ncdf(z) + z * mp.npdf(z),
                "ndtr(z)+z*np.exp(-z*z/2)/np.sqrt(2*np.pi)", (0, 1)),
        Formula(lambda z: 2 * mp.npdf(z) - z**2 * mp.npdf(z),
                "np.exp(-z*z/2)/np.sqrt(2*np.pi)*(2-z*z)", (0, 0)),
    ),
    "mish": (
        Formula(lambda z: z * mp.tanh(_sp(z)), f"z*{_MISH_T}", (0, inf)),
        Formula(_mish1, f"{_MISH_T}+z*(1-{_MISH_T}**2)*expit(z)", (0, 1)),
        Formula(_mish2, f"(1-{_MISH_T}**2)*expit(z)*(2+z*(1-expit(z)-2*{_MISH_T}*expit(z)))",
                (0, 0)),
    ),
    "selu": (
        Formula(lambda z: LAMBDA * _step(z, z, ALPHA * (mp.exp(z) - 1)),
                "1.0507009873554805*np.where(z>0,z,1.6732632423543772*np.expm1(z))",
                (-1.0507009873554805 * 1.6732632423543772, inf)),
        Formula(lambda z: LAMBDA * _step(z, 1, ALPHA * mp.exp(z)),
                "1.0507009873554805*np.where(z>0,1.0,1.6732632423543772*np.exp(z))",
                (0, 1.0507009873554805)),
        Formula(lambda z: LAMBDA * _step(z, 0, ALPHA * mp.exp(z)),
                "np.where(z>0,0.0,1.0507009873554805*1.6732632423543772*np.exp(z))", (0, 0)),
    ),
    # ------------------------------------------------ the rest of what the frameworks ship
    "relu6": (
        Formula(lambda z: min(max(z, 0), 6), "np.clip(z,0,6)", (0, 6)),
        Formula(lambda z: 1 if 0 < z <= 6 else 0, "((z>0)&(z<=6)).astype(float)", (0, 0)),
        _ZERO,
    ),
    "hardtanh": (
        Formula(lambda z: min(max(z, -1), 1), "np.clip(z,-1,1)", (-1, 1)),
        Formula(lambda z: 1 if -1 < z <= 1 else 0, "((z>-1)&(z<=1)).astype(float)", (0, 0)),
        _ZERO,
    ),
    "hardsigmoid": (
        Formula(lambda z: min(max((z + 3) / 6, 0), 1), "np.clip(z/6+0.5,0,1)", (0, 1)),
        Formula(lambda z: mp.mpf(1) / 6 if -3 < z <= 3 else 0,
                "np.where((z>-3)&(z<=3),1/6,0.0)", (0, 0)),
        _ZERO,
    ),
    "hardswish": (
        Formula(lambda z: 0 if z <= -3 else z if z > 3 else z * (z + 3) / 6,
                "z*np.clip(z+3,0,6)/6", (0, inf)),
        Formula(lambda z: 0 if z <= -3 else 1 if z > 3 else (2 * z + 3) / 6,
                "np.where(z<=-3,0.0,np.where(z>3,1.0,(2*z+3)/6))", (0, 1)),
        Formula(lambda z: mp.mpf(1) / 3 if -3 < z <= 3 else 0,
                "np.where((z>-3)&(z<=3),1/3,0.0)", (0, 0)),
    ),
    "hardshrink": (
        Formula(lambda z: z if abs(z) > 0.5 else 0, "np.where(np.abs(z)>0.5,z,0.0)", (-inf, inf)),
        Formula(lambda z: 1 if z <= -0.5 or z > 0.5 else 0, "(np.abs(z)>0.5).astype(float)",
                (1, 1)),
        _ZERO,
    ),
    "softshrink": (
        Formula(lambda z: z - 0.5 if z > 0.5 else z + 0.5 if z < -0.5 else 0,
                "np.where(z>0.5,z-0.5,np.where(z<-0.5,z+0.5,0.0))", (-inf, inf)),
        Formula(lambda z: 1 if z <= -0.5 or z > 0.5 else 0, "(np.abs(z)>0.5).astype(float)",
                (1, 1)),
        _ZERO,
    ),
    "tanhshrink": (
        Formula(lambda z: z - mp.tanh(z), "z-np.tanh(z)", (-inf, inf)),
        Formula(lambda z: mp.tanh(z) ** 2, "np.tanh(z)**2", (1, 1)),
        Formula(lambda z: 2 * mp.tanh(z) * (1 - mp.tanh(z) ** 2), "2*np.tanh(z)*(1-np.tanh(z)**2)",
                (0, 0)),
    ),
    "softsign": (
        Formula(lambda z: z / (1 + abs(z)), "z/(1+np.abs(z))", (-1, 1)),
        Formula(lambda z: 1 / (1 + abs(z)) ** 2, "1/(1+np.abs(z))**2", (0, 0)),
        Formula(lambda z: (-2 if z > 0 else 2) / (1 + abs(z)) ** 3,
                "-2*np.sign(z)/(1+np.abs(z))**3", (0, 0)),
    ),
    "logsigmoid": (
        Formula(lambda z: mp.log(_s(z)), "-np.logaddexp(0,-z)", (-inf, 0)),
        Formula(lambda z: 1 - _s(z), "expit(-z)", (1, 0)),
        Formula(lambda z: -_ds(z), "-expit(z)*expit(-z)", (0, 0)),
    ),
    "prelu": (
        Formula(lambda z: _step(z, z, z / 4), "np.where(z>0,z,0.25*z)", (-inf, inf)),
        Formula(lambda z: _step(z, 1, mp.mpf(1) / 4), "np.where(z>0,1.0,0.25)", (0.25, 1)),
        _ZERO,
    ),
    "rrelu": (
        Formula(lambda z: _step(z, z, 11 * z / 48), "np.where(z>0,z,11/48*z)", (-inf, inf)),
        Formula(lambda z: _step(z, 1, mp.mpf(11) / 48), "np.where(z>0,1.0,11/48)", (11 / 48, 1)),
        _ZERO,
    ),
    "threshold": (
        Formula(lambda z: _step(z, z, mp.mpf(1) / 2), "np.where(z>0,z,0.5)", (0.5, inf)),
        Formula(lambda z: _step(z, 1, 0), "(z>0).astype(float)", (0, 1)),
        _ZERO,
    ),
    "gelu_tanh": (
        Formula(lambda z: z * _s(2 * _u(z)), f"0.5*z*(1+np.tanh({_U}))", (0, inf)),
        Formula(lambda z: _s(2 * _u(z)) + 2 * z * _du(z) * _s(2 * _u(z)) * _s(-2 * _u(z)),
                f"0.5*(1+np.tanh({_U}))+0.5*z*(1-np.tanh({_U})**2)*{_DU}", (0, 1)),
        Formula(_gelu_tanh2,
                f"(1-np.tanh({_U})**2)*({_DU}+z*(0.134145*np.sqrt(2/np.pi)*z"
                f"-np.tanh({_U})*{_DU}**2))", (0, 0)),
    ),
    "squareplus": (
        Formula(lambda z: (z + mp.sqrt(z**2 + 4)) / 2, "(z+np.sqrt(z*z+4))/2", (0, inf)),
        Formula(lambda z: (1 + z / mp.sqrt(z**2 + 4)) / 2, "(1+z/np.sqrt(z*z+4))/2", (0, 1)),
        Formula(lambda z: 2 / (z**2 + 4) ** mp.mpf(1.5), "2/(z*z+4)**1.5", (0, 0)),
    ),
    "sparse_plus": (
        Formula(lambda z: 0 if z <= -1 else z if z >= 1 else (z + 1) ** 2 / 4,
                "np.where(z<=-1,0.0,np.where(z>=1,z,(z+1)**2/4))", (0, inf)),
        *_SPARSE_SIGMOID[:2],
    ),
    "sparse_sigmoid": _SPARSE_SIGMOID,
    "exponential": (
        Formula(mp.exp, "np.exp(z)", (0, inf)),
        Formula(mp.exp, "np.exp(z)", (0, inf)),
        Formula(mp.exp, "np.exp(z)", (0, inf)),
    ),
    "linear": (
        Formula(lambda z: z, "z.copy()", (-inf, inf)),
        Formula(lambda z: mp.mpf(1), "np.ones_like(z)", (1, 1)),
        _ZERO,
    ),
    # ------------------------------------------------ from the literature
    "lecun_tanh": (
        Formula(lambda z: _LECUN_A * mp.tanh(2 * z / 3), "1.7159*np.tanh(2*z/3)",
                (-1.7159, 1.7159)),
        Formula(lambda z: _LECUN_A * 2 / 3 * mp.sech(2 * z / 3) ** 2,
                "1.7159*2/3*(1-np.tanh(2*z/3)**2)", (0, 0)),
        Formula(lambda z: -_LECUN_A * 8 / 9 * mp.tanh(2 * z / 3) * mp.sech(2 * z / 3) ** 2,
                "-1.7159*8/9*np.tanh(2*z/3)*(1-np.tanh(2*z/3)**2)", (0, 0)),
    ),
    "quick_gelu": (
        Formula(lambda z: z * _s(_QUICK * z), "z*expit(1.702*z)", (0, inf)),
        Formula(lambda z: _s(_QUICK * z) + _QUICK * z * _ds(_QUICK * z),
                "expit(1.702*z)*(1+1.702*z*(1-expit(1.702*z)))", (0, 1)),
        Formula(lambda z: _QUICK * _ds(_QUICK * z) * (2 + _QUICK * z * (1 - 2 * _s(_QUICK * z))),
                "1.702*expit(1.702*z)*(1-expit(1.702*z))*(2+1.702*z*(1-2*expit(1.702*z)))",
                (0, 0)),
    ),
    "squared_relu": (
        Formula(lambda z: _step(z, z**2, 0), "np.maximum(z,0)**2", (0, inf)),
        Formula(lambda z: _step(z, 2 * z, 0), "2*np.maximum(z,0)", (0, inf)),
        Formula(lambda z: _step(z, 2, 0), "np.where(z>0,2.0,0.0)", (0, 2)),
    ),
    "star_relu": (
        Formula(lambda z: _step(z, _STAR_S * z**2, 0) + _STAR_B,
                "0.8944*np.maximum(z,0)**2-0.4472", (-0.4472, inf)),
        Formula(lambda z: _step(z, 2 * _STAR_S * z, 0), "1.7888*np.maximum(z,0)", (0, inf)),
        Formula(lambda z: _step(z, 2 * _STAR_S, 0), "np.where(z>0,1.7888,0.0)", (0, 1.7888)),
    ),
    "isru": (
        Formula(lambda z: z / mp.sqrt(1 + z**2), "z/np.sqrt(1+z*z)", (-1, 1)),
        Formula(lambda z: (1 + z**2) ** mp.mpf(-1.5), "(1+z*z)**-1.5", (0, 0)),
        Formula(lambda z: -3 * z * (1 + z**2) ** mp.mpf(-2.5), "-3*z*(1+z*z)**-2.5", (0, 0)),
    ),
    "isrlu": (
        Formula(lambda z: _step(z, z, z / mp.sqrt(1 + z**2)),
                "np.where(z>0,z,z/np.sqrt(1+z*z))", (-1, inf)),
        Formula(lambda z: _step(z, 1, (1 + z**2) ** mp.mpf(-1.5)),
                "np.where(z>0,1.0,(1+z*z)**-1.5)", (0, 1)),
        Formula(lambda z: _step(z, 0, -3 * z * (1 + z**2) ** mp.mpf(-2.5)),
                "np.where(z>0,0.0,-3*z*(1+z*z)**-2.5)", (0, 0)),
    ),
    "lisht": (
        Formula(lambda z: z * mp.tanh(z), "z*np.tanh(z)", (inf, inf)),
        Formula(lambda z: mp.tanh(z) + z * mp.sech(z) ** 2, "np.tanh(z)+z*(1-np.tanh(z)**2)",
                (-1, 1)),
        Formula(lambda z: 2 * mp.sech(z) ** 2 * (1 - z * mp.tanh(z)),
                "2*(1-np.tanh(z)**2)*(1-z*np.tanh(z))", (0, 0)),
    ),
    "serf": (
        Formula(lambda z: z * mp.erf(_sp(z)), "z*erf(np.logaddexp(0,z))", (0, inf)),
        Formula(lambda z: mp.erf(_sp(z)) + z * _serf_gate(z),
                "erf(np.logaddexp(0,z))+z*2/np.sqrt(np.pi)*np.exp(-np.logaddexp(0,z)**2)"
                "*expit(z)", (0, 1)),
        Formula(lambda z: _serf_gate(z) * (2 + z * (_s(-z) - 2 * _sp(z) * _s(z))),
                "2/np.sqrt(np.pi)*np.exp(-np.logaddexp(0,z)**2)*expit(z)"
                "*(2+z*(expit(-z)-2*np.logaddexp(0,z)*expit(z)))", (0, 0)),
    ),
    "tanhexp": (
        Formula(lambda z: z * mp.tanh(mp.exp(z)), "z*np.tanh(np.exp(z))", (0, inf)),
        Formula(lambda z: mp.tanh(mp.exp(z)) + z * mp.exp(z) * mp.sech(mp.exp(z)) ** 2,
                "np.tanh(np.exp(z))+z*np.exp(z)*(1-np.tanh(np.exp(z))**2)", (0, 1)),
        Formula(lambda z: mp.exp(z) * mp.sech(mp.exp(z)) ** 2
                * (2 + z - 2 * z * mp.exp(z) * mp.tanh(mp.exp(z))),
                "np.exp(z)*(1-np.tanh(np.exp(z))**2)*(2+z-2*z*np.exp(z)*np.tanh(np.exp(z)))",
                (0, 0)),
    ),
    "shifted_softplus": (
        Formula(lambda z: _sp(z) - mp.log(2), "np.logaddexp(0,z)-np.log(2)",
                (-math.log(2), inf)),
        Formula(_s, "expit(z)", (0, 1)),
        Formula(_ds, "expit(z)*expit(-z)", (0, 0)),
    ),
    "penalized_tanh": (
        Formula(lambda z: _step(z, 1, mp.mpf(1) / 4) * mp.tanh(z),
                "np.where(z>0,np.tanh(z),0.25*np.tanh(z))", (-0.25, 1)),
        Formula(lambda z: _step(z, 1, mp.mpf(1) / 4) * mp.sech(z) ** 2,
                "np.where(z>0,1.0,0.25)*(1-np.tanh(z)**2)", (0, 0)),
        Formula(lambda z: _step(z, 1, mp.mpf(1) / 4) * -2 * mp.tanh(z) * mp.sech(z) ** 2,
                "np.where(z>0,-2.0,-0.5)*np.tanh(z)*(1-np.tanh(z)**2)", (0, 0)),
    ),
    "elish": (
        Formula(lambda z: _step(z, z, mp.exp(z) - 1) * _s(z),
                "np.where(z>0,z,np.expm1(z))*expit(z)", (0, inf)),
        Formula(lambda z: _step(z, _s(z) + z * _ds(z), mp.exp(z) * _s(z) + (mp.exp(z) - 1) * _ds(z)),
                "np.where(z>0,expit(z)*(1+z*expit(-z)),expit(z)*(np.exp(z)+np.expm1(z)*expit(-z)))",
                (0, 1)),
        Formula(lambda z: _step(z, 2 * _ds(z) + z * _ds(z) * (1 - 2 * _s(z)),
                                mp.exp(z) * _s(z) + 2 * mp.exp(z) * _ds(z)
                                + (mp.exp(z) - 1) * _ds(z) * (1 - 2 * _s(z))),
                "expit(z)*expit(-z)*np.where(z>0,2-z*np.tanh(z/2),"
                "np.exp(z)*(1+2*expit(-z))/expit(-z)-np.expm1(z)*np.tanh(z/2))", (0, 0)),
    ),
    "nlrelu": (
        Formula(lambda z: mp.log(1 + z) if z > 0 else 0, "np.log1p(np.maximum(z,0))", (0, inf)),
        Formula(lambda z: 1 / (1 + z) if z > 0 else 0, "np.where(z>0,1/(1+np.maximum(z,0)),0.0)",
                (0, 0)),
        Formula(lambda z: -1 / (1 + z) ** 2 if z > 0 else 0,
                "np.where(z>0,-1/(1+np.maximum(z,0))**2,0.0)", (0, 0)),
    ),
}
"""g, g′, g″ of every activation, by the activation's name."""

REFERENCES["celu"] = REFERENCES["elu"]  # CELU with its default α = 1 is ELU with α = 1

ORDERS = ("", "_derivative", "_second_derivative")
"""The suffix of g, g′ and g″'s names: ``sigmoid``, ``sigmoid_derivative``, …"""


def formula(function_name: str) -> Formula:
    """The entry of a library function by its name (``"sigmoid_second_derivative"``)."""
    for order, suffix in reversed(list(enumerate(ORDERS))):
        if suffix and function_name.endswith(suffix):
            return REFERENCES[function_name[: -len(suffix)]][order]
    return REFERENCES[function_name][0]


def digits_needed(z: float) -> int:
    """The working precision (decimal digits) at which a textbook formula still gives 30
    correct digits at z: the cancellations it can suffer grow with |z| (1 − tanh² z ≈
    4e^{−2|z|} loses 0.87|z| digits) and with 1/|z| (z − tanh z ≈ z³/3 loses 2 log₁₀(1/|z|))."""
    size = abs(z)
    extra = 0.0
    if 0 < size < 1:
        extra += -3 * math.log10(size)
    extra += 0.9 * min(size, 1000.0)
    return 30 + math.ceil(extra)


def exact(function_name: str, z: float) -> Real:
    """The exact value of a library function (by name) at the float ``z``, to 30 digits."""
    f = formula(function_name).exact
    with mp.workdps(digits_needed(z)):
        return mp.mpf(f(mp.mpf(z)))


NAMESPACE = {"np": np, "expit": special.expit, "ndtr": special.ndtr, "erf": special.erf}
"""What a one-liner may use: NumPy and three functions of ``scipy.special``."""


def naive(function_name: str) -> tuple[str, Callable[[np.ndarray], np.ndarray]]:
    """The one-liner of a library function (by name): its text and the function it is.

    >>> text, f = naive("sigmoid_derivative")
    >>> text, float(f(np.array(0.0)))
    ('expit(z)*(1-expit(z))', 0.25)
    """
    text = formula(function_name).naive
    return text, eval(f"lambda z: {text}", dict(NAMESPACE))  # our own table's text


__all__ = ["NAMESPACE", "ORDERS", "REFERENCES", "Formula", "digits_needed", "exact", "formula",
           "naive"]
