"""One numeric environment for every stored notebook output: NumPy without its AVX-512 paths.

NumPy chooses, when it is imported, among SIMD implementations of ``exp``, ``log``, ``sin``,
``tanh``, ... by what the processor offers. On x86-64 its AVX-512 versions round some results
differently in the last bit from its AVX2 versions (both within NumPy's error bounds). Most
outputs never show it, but a finite-difference error printed to two digits does, and training
(notebook 07: 150 steps at learning rate 1.5) amplifies a last-bit difference in the data into
a different second digit of an accuracy. Measured: on an AMD EPYC with AVX-512, notebooks 06
and 07 failed nbval against outputs stored on a processor without it, and passed with the
setting below.

So every kernel that makes or checks stored outputs imports NumPy with the AVX-512 paths
switched off (``NPY_DISABLE_CPU_FEATURES``): ``tools/execute_notebooks.py`` (``make
execute``) and the repository's ``conftest.py`` (``pytest --nbval``, ``make test``, the
command Binder's learners are given). Any x86-64 processor from the last decade then runs the
AVX2 paths and reproduces the stored outputs. On other processors (ARM) NumPy has no such
paths and the setting is left alone; their last digits may differ.

>>> env = pinned({})
>>> sorted(env) in ([], ["NPY_DISABLE_CPU_FEATURES"])
True
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Mapping

VARIABLE = "NPY_DISABLE_CPU_FEATURES"
_ASK = ("from numpy._core._multiarray_umath import __cpu_dispatch__ as d; "
        "print(' '.join(f for f in d if f.startswith(('AVX512', 'X86_V4'))))")


@functools.cache
def avx512_features() -> list[str]:
    """The AVX-512 feature groups this NumPy build dispatches to (none off x86-64).

    Asked of a child Python, so that this process can still be pinned before it imports
    NumPy itself."""
    child = subprocess.run([sys.executable, "-c", _ASK], capture_output=True, text=True,
                           timeout=120, check=True, env={**os.environ, VARIABLE: ""})
    return child.stdout.split()


def pinned(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with NumPy's AVX-512 paths switched off for the processes it starts (a
    value already set by the user is kept)."""
    env = dict(environ)
    features = avx512_features()
    if features and VARIABLE not in env:
        env[VARIABLE] = " ".join(features)
    return env


def pin_this_process() -> None:
    """Set the variable in ``os.environ``, so that kernels started from here inherit it (and
    this process too, if it has not imported NumPy yet)."""
    os.environ.update(pinned(os.environ))
