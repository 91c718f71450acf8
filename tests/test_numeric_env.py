"""The numeric environment the stored outputs are made and checked in (course_tools/numeric_env.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from course_tools import numeric_env

CHILD = ("import numpy; from numpy._core._multiarray_umath import __cpu_features__ as f; "
         "print(' '.join(k for k in %r if f.get(k)))")


def test_a_value_the_user_set_is_kept():
    assert numeric_env.pinned({numeric_env.VARIABLE: "X86_V4"})[numeric_env.VARIABLE] == "X86_V4"


def test_only_avx512_groups_are_switched_off():
    for feature in numeric_env.avx512_features():
        assert feature.startswith(("AVX512", "X86_V4")), feature
    value = numeric_env.pinned({}).get(numeric_env.VARIABLE, "")
    assert "X86_V3" not in value.split()  # AVX2 stays: it is what the outputs were made with


def test_pytest_runs_pinned_so_the_kernels_nbval_starts_are_pinned():
    features = numeric_env.avx512_features()
    if not features:
        pytest.skip("this NumPy has no AVX-512 paths (not x86-64)")
    assert os.environ.get(numeric_env.VARIABLE) == " ".join(features)


def test_a_pinned_child_imports_numpy_quietly_without_avx512():
    features = numeric_env.avx512_features()
    if not features:
        pytest.skip("this NumPy has no AVX-512 paths (not x86-64)")
    env = numeric_env.pinned({k: v for k, v in os.environ.items() if k != numeric_env.VARIABLE})
    child = subprocess.run([sys.executable, "-W", "error", "-c", CHILD % (features,)], env=env,
                           capture_output=True, text=True, timeout=60, check=True)
    assert child.stdout.split() == [] and child.stderr == ""


def test_this_process_imported_numpy_pinned_too():
    """The conftest pins before anything imports NumPy, so in-process recomputations of
    stored figures (tests/test_quoted_numbers.py) run the same code paths as the kernels."""
    if not numeric_env.avx512_features():
        pytest.skip("this NumPy has no AVX-512 paths (not x86-64)")
    from numpy._core._multiarray_umath import __cpu_features__

    assert not any(__cpu_features__.get(f) for f in numeric_env.avx512_features())


def test_openblas_is_pinned_to_haswell_kernels_where_the_processor_runs_them():
    env = numeric_env.pinned({})
    assert (env.get(numeric_env.BLAS_VARIABLE) == "Haswell") == numeric_env.haswell_capable()
    kept = numeric_env.pinned({numeric_env.BLAS_VARIABLE: "Zen"})
    assert kept[numeric_env.BLAS_VARIABLE] == "Zen"


def test_this_process_and_a_pinned_child_run_openblas_haswell_kernels():
    """The kernel family is read when OpenBLAS loads: the conftest pinned this process before
    NumPy was imported, and a child started with the pinned environment runs the same."""
    if not numeric_env.haswell_capable():
        pytest.skip("this processor cannot run OpenBLAS's Haswell kernels")
    core = numeric_env.blas_core()
    if core is None:
        pytest.skip("this NumPy does not bundle OpenBLAS")
    assert core == "Haswell"
    env = numeric_env.pinned({k: v for k, v in os.environ.items() if k != numeric_env.BLAS_VARIABLE})
    child = subprocess.run([sys.executable, "-c", "from course_tools import numeric_env; "
                            "print(numeric_env.blas_core())"],
                           env=env, capture_output=True, text=True, timeout=60, check=True)
    assert child.stdout.strip() == "Haswell" and child.stderr == ""
