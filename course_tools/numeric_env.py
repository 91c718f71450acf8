"""One numeric environment for every stored notebook output: NumPy without its AVX-512 paths,
and OpenBLAS with its Haswell kernels.

Two libraries choose code by processor when they are loaded, and both choices show in the
last bits of results:

* NumPy chooses among SIMD implementations of ``exp``, ``log``, ``sin``, ``tanh``, ... On
  x86-64 its AVX-512 versions round some results differently in the last bit from its AVX2
  versions (both within NumPy's error bounds).
* OpenBLAS (NumPy's and SciPy's matrix products) chooses a kernel family for the processor
  (``Haswell``, ``Zen``, ``SkylakeX``, ...); they add up a dot product in different orders.

Most outputs never show it, but a finite-difference error printed to two digits does, and
training (notebook 10, the showdown: 150 steps at learning rate 1.5) amplifies a last-bit
difference into a different second digit of an accuracy. Measured on AMD EPYC processors with
AVX-512: notebooks 06 and 07 of the old numbering (whose training is now in notebooks 09 and
10) failed nbval against outputs stored on a processor without it until NumPy's AVX-512
paths were off; on a later machine of the same kind, where OpenBLAS picked its ``SkylakeX``
kernels, the showdown (then notebook 07) failed again (5 cells of its table) and passed with
``OPENBLAS_CORETYPE=Haswell`` (or ``Zen``, which shares Haswell's kernels).

So every kernel that makes or checks stored outputs runs with both pinned
(``NPY_DISABLE_CPU_FEATURES``, ``OPENBLAS_CORETYPE``): every notebook the tools run
(:func:`course_tools.notebooks.run`: ``make execute``, ``make solutions``, ...) and the
repository's ``conftest.py`` (``pytest --nbval``, ``make test``, the command Binder's learners
are given). Any x86-64 processor with AVX2 and FMA (Intel since
2013, AMD since 2015) then runs the same code and reproduces the stored outputs. Older x86-64
processors cannot run the Haswell kernels, and on other processors (ARM) neither setting
applies; both are left alone there, and their last digits may differ.

>>> env = pinned({})
>>> set(env) <= {"NPY_DISABLE_CPU_FEATURES", "OPENBLAS_CORETYPE"}
True
"""

from __future__ import annotations

import ctypes
import functools
import glob
import os
import subprocess
import sys
from collections.abc import Mapping

VARIABLE = "NPY_DISABLE_CPU_FEATURES"
BLAS_VARIABLE = "OPENBLAS_CORETYPE"
BLAS_CORE = "Haswell"
_ASK = ("from numpy._core._multiarray_umath import __cpu_dispatch__ as d, __cpu_features__ as f; "
        "print(' '.join(x for x in d if x.startswith(('AVX512', 'X86_V4')))); "
        "print(int(bool(f.get('AVX2') and f.get('FMA3'))))")


@functools.cache
def _probe() -> tuple[tuple[str, ...], bool]:
    """(NumPy's AVX-512 feature groups, whether the processor has AVX2 and FMA), asked of a
    child Python, so that this process can still be pinned before it imports NumPy itself."""
    child = subprocess.run([sys.executable, "-c", _ASK], capture_output=True, text=True,
                           timeout=120, check=True, env={**os.environ, VARIABLE: ""})
    groups, avx2 = (child.stdout.splitlines() + ["", "0"])[:2]
    return tuple(groups.split()), avx2.strip() == "1"


def avx512_features() -> list[str]:
    """The AVX-512 feature groups this NumPy build dispatches to (none off x86-64)."""
    return list(_probe()[0])


def haswell_capable() -> bool:
    """Whether this processor can run OpenBLAS's Haswell kernels (AVX2 and FMA)."""
    return _probe()[1]


def pinned(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with NumPy's AVX-512 paths switched off and OpenBLAS on its Haswell kernels,
    for the processes it starts (a value already set by the user is kept)."""
    env = dict(environ)
    features = avx512_features()
    if features and VARIABLE not in env:
        env[VARIABLE] = " ".join(features)
    if haswell_capable() and BLAS_VARIABLE not in env:
        env[BLAS_VARIABLE] = BLAS_CORE
    return env


def pin_this_process() -> None:
    """Set the variables in ``os.environ``, so that kernels started from here inherit them (and
    this process too, if it has not imported NumPy yet)."""
    os.environ.update(pinned(os.environ))


def blas_core() -> str | None:
    """The kernel family NumPy's bundled OpenBLAS runs in this process (None if NumPy does not
    bundle OpenBLAS). Imports NumPy."""
    import numpy

    libs = os.path.join(os.path.dirname(numpy.__file__), os.pardir, "numpy.libs", "*openblas*")
    for path in glob.glob(libs):
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                     "openblas_get_corename64_", "openblas_get_corename"):
            function = getattr(lib, name, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                return function().decode()
    return None
