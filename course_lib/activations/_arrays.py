"""Input checking shared by every formula in :mod:`course_lib`.

A formula accepts a Python number, a list, or a NumPy array of any shape. This module turns
that input into a floating-point array and refuses anything that is not a real number, with a
message that names the function the learner called.

* integers and booleans become float64;
* float16, float32 and float64 keep their type (no silent upcast);
* a scalar in gives a NumPy scalar (0-d) out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_KEPT_FLOATS = (np.float16, np.float32, np.float64)


def _describe(value: Any) -> str:
    """A short description of what the caller passed, for error messages."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def as_real_array(z: Any, func: str) -> np.ndarray:
    """Return ``z`` as a floating-point NumPy array, or raise ``TypeError`` naming ``func``.

    >>> as_real_array([1, 2], "sigmoid").dtype
    dtype('float64')
    """
    if isinstance(z, (str, bytes)) or z is None:
        raise TypeError(f"{func}() expects real numbers (a number, list or NumPy array), "
                        f"got {_describe(z)}")
    try:
        arr = np.asarray(z)
    except (TypeError, ValueError) as err:  # e.g. ragged nested lists
        raise TypeError(f"{func}() expects real numbers, got {_describe(z)}: {err}") from None
    kind = arr.dtype.kind
    if kind == "f":
        if arr.dtype.type in _KEPT_FLOATS:
            return arr
        raise TypeError(f"{func}() supports float16, float32 and float64, got {arr.dtype}")
    if kind in "biu":
        return arr.astype(np.float64)
    if kind == "O":
        try:
            return arr.astype(np.float64)
        except (TypeError, ValueError):
            pass
    if kind == "c":
        raise TypeError(f"{func}() expects real numbers, got complex input {_describe(z)}")
    raise TypeError(f"{func}() expects real numbers (a number, list or NumPy array), "
                    f"got {_describe(z)} of dtype {arr.dtype}")


def as_parameter(value: Any, name: str, func: str, dtype: np.dtype) -> np.floating:
    """Check a scalar parameter such as ``alpha`` and return it in the input's dtype."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{func}() expects {name} to be a real number, got {_describe(value)}")
    if isinstance(value, np.complexfloating) or not np.isfinite(value):
        raise ValueError(f"{func}() expects a finite real {name}, got {value!r}")
    return dtype.type(value)


def finish(result: np.ndarray) -> np.ndarray:
    """Give a NumPy scalar back for 0-d input, the array otherwise (like NumPy's ufuncs)."""
    return result[()] if result.ndim == 0 else result


BLOCK = 16384
"""Elements per block in :func:`blockwise`: 128 KiB of float64, so that a formula's
intermediate arrays stay in the processor's cache instead of travelling to memory, in
blocks large enough that the Python overhead of each operation (~1 µs) stays small."""


def blockwise(kernel: Any, z: np.ndarray, dtype: Any, scratch: tuple = ()) -> np.ndarray:
    """Evaluate an elementwise formula block by block; return an array shaped like ``z``.

    ``kernel(z_block, out_block, *scratch_blocks)`` writes the formula for the 1-d block
    ``z_block`` into ``out_block`` (of ``dtype``), using the scratch arrays (one per dtype in
    ``scratch``, as long as the block) for its intermediate results. A formula of k NumPy
    operations then reads its input and writes its output once, instead of making k passes
    over arrays far larger than the cache; the values are the same bits as the whole-array
    formula gives, since every operation is elementwise.

    >>> def double(z, out):
    ...     np.multiply(z, 2.0, out=out)
    >>> blockwise(double, np.ones((2, 3)), np.float64).tolist()
    [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]
    """
    flat = z.reshape(-1)
    out = np.empty(z.shape, dtype)
    flat_out = out.reshape(-1)
    n = flat.size
    if n <= BLOCK:
        kernel(flat, flat_out, *[np.empty(n, d) for d in scratch])
        return out
    buffers = [np.empty(BLOCK, d) for d in scratch]
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        m = stop - start
        kernel(flat[start:stop], flat_out[start:stop],
               *(buffers if m == BLOCK else [b[:m] for b in buffers]))
    return out
