"""What PyTorch, Keras 3 (on TensorFlow) and JAX give for every activation they ship: g, and
g′ and g″ from their own autograd, at every kink and on a grid of both tails, in float64 and
float32. ``make frameworks`` runs it in its own environment (``build/frameworks-venv``, pins in
``requirements-frameworks.txt``) and it writes ``course_lib/activations/frameworks.json``, the
raw data the atlas compares with the exact values.

    build/frameworks-venv/bin/python -m course_tools.frameworks [--out FILE]

Each framework runs on the CPU in a process of its own (``--measure torch``), so that their
libraries never meet in one process; the parent merges what they wrote. The table
:data:`RECORDS` is the one place that says which function of which framework is a record's,
with which arguments: the text of a call is both what runs (``lambda z: <call>``) and what
the data file shows. A framework's own defaults are read from its signatures, never typed.

Besides the values, for each quantity (g, g′, g″) that a framework turns into exactly 0 in a
tail, the search below finds the point from which it does (``zero_from``: the value is 0 there
and at every grid point beyond, and not 0 at the next float towards 0): where PyTorch's σ′
becomes 0, say. The file format is described in ``docs/frameworks.md``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "course_lib" / "activations" / "frameworks.json"
PINS = ROOT / "requirements-frameworks.txt"
FORMAT = 1

FRAMEWORKS = ("torch", "keras", "jax")
"""The frameworks, in the order the data file lists them (Keras 3 runs on TensorFlow)."""

DTYPES = ("float64", "float32")
QUANTITIES = ("g", "g1", "g2")
"""g, then g′ and g″ as autograd gives them (g″ by differentiating g′ once more)."""

MAGNITUDES = (0.5, 1.0, 2.0, 5.0, 10.0, 17.0, 20.0, 30.0, 36.0, 37.0, 40.0, 50.0, 88.0, 89.0,
              100.0, 700.0, 710.0, 1000.0)
"""|z| on the tail grid: float32's σ′ and tanh′ die between 5 and 17, float64's between 17 and
37; e^z overflows float32 between 88 and 89 and float64 between 709 and 710."""

GRID = (float("-inf"), *(-m for m in reversed(MAGNITUDES)), 0.0, *MAGNITUDES, float("inf"),
        float("nan"))
"""The tail grid every record is measured on, in increasing order, then NaN."""

SKIPPED_DEFAULTS = {"self", "input", "x", "inplace", "device", "dtype", "num_parameters", "dim"}
"""Arguments of a signature that are not parameters of g (the input, in-place, where to put it)."""


@dataclass(frozen=True)
class Call:
    """How one framework computes a record: ``text`` is an expression in ``z`` (the input
    tensor), run as written; ``defaults_of`` the dotted name whose signature holds the
    framework's own defaults (the callee of ``text`` unless given: PyTorch's ``nn`` module)."""

    text: str
    defaults_of: str = ""

    @property
    def signature_source(self) -> str:
        return self.defaults_of or self.text.split("(", 1)[0]


@dataclass(frozen=True)
class Record:
    """One atlas record: its name, the points beyond the grid where it is measured (its kinks,
    and −0.0 beside a kink at 0), the record's parameters (PyTorch's defaults where PyTorch has
    it, else Keras's) and the call of each framework that ships it (``None``: it does not)."""

    name: str
    points: tuple[float, ...] = ()
    params: dict[str, float] = field(default_factory=dict)
    torch: Call | None = None
    keras: Call | None = None
    jax: Call | None = None


F, K, J = "torch.nn.functional", "keras.activations", "jax.nn"
AT_ZERO = (0.0, -0.0)

RECORDS: tuple[Record, ...] = (
    # the course's ten, in course order
    Record("sigmoid", (), {}, Call("torch.sigmoid(z)", "torch.nn.Sigmoid"),
           Call(f"{K}.sigmoid(z)"), Call(f"{J}.sigmoid(z)")),
    Record("tanh", (), {}, Call("torch.tanh(z)", "torch.nn.Tanh"),
           Call(f"{K}.tanh(z)"), Call(f"{J}.tanh(z)")),
    Record("relu", AT_ZERO, {}, Call(f"{F}.relu(z)", "torch.nn.ReLU"),
           Call(f"{K}.relu(z)"), Call(f"{J}.relu(z)")),
    Record("leaky_relu", AT_ZERO, {"negative_slope": 0.01},
           Call(f"{F}.leaky_relu(z, negative_slope=0.01)", "torch.nn.LeakyReLU"),
           Call(f"{K}.leaky_relu(z, negative_slope=0.01)"),
           Call(f"{J}.leaky_relu(z, negative_slope=0.01)")),
    Record("softplus", (), {}, Call(f"{F}.softplus(z)", "torch.nn.Softplus"),
           Call(f"{K}.softplus(z)"), Call(f"{J}.softplus(z)")),
    Record("elu", AT_ZERO, {"alpha": 1.0}, Call(f"{F}.elu(z, alpha=1.0)", "torch.nn.ELU"),
           Call(f"{K}.elu(z, alpha=1.0)"), Call(f"{J}.elu(z, alpha=1.0)")),
    Record("silu", (), {}, Call(f"{F}.silu(z)", "torch.nn.SiLU"),
           Call(f"{K}.silu(z)"), Call(f"{J}.silu(z)")),
    Record("gelu", (), {}, Call(f"{F}.gelu(z, approximate='none')", "torch.nn.GELU"),
           Call(f"{K}.gelu(z, approximate=False)"), Call(f"{J}.gelu(z, approximate=False)")),
    Record("mish", (), {}, Call(f"{F}.mish(z)", "torch.nn.Mish"),
           Call(f"{K}.mish(z)"), Call(f"{J}.mish(z)")),
    Record("selu", AT_ZERO, {}, Call(f"{F}.selu(z)", "torch.nn.SELU"),
           Call(f"{K}.selu(z)"), Call(f"{J}.selu(z)")),
    # the rest the frameworks ship
    Record("relu6", (*AT_ZERO, 6.0), {}, Call(f"{F}.relu6(z)", "torch.nn.ReLU6"),
           Call(f"{K}.relu6(z)"), Call(f"{J}.relu6(z)")),
    Record("hardtanh", (-1.0, 1.0), {"min_val": -1.0, "max_val": 1.0},
           Call(f"{F}.hardtanh(z, min_val=-1.0, max_val=1.0)", "torch.nn.Hardtanh"),
           Call(f"{K}.hard_tanh(z)"), Call(f"{J}.hard_tanh(z)")),
    Record("hardsigmoid", (-3.0, 3.0), {}, Call(f"{F}.hardsigmoid(z)", "torch.nn.Hardsigmoid"),
           Call(f"{K}.hard_sigmoid(z)"), Call(f"{J}.hard_sigmoid(z)")),
    Record("hardswish", (-3.0, 3.0), {}, Call(f"{F}.hardswish(z)", "torch.nn.Hardswish"),
           Call(f"{K}.hard_silu(z)"), Call(f"{J}.hard_silu(z)")),
    Record("hardshrink", (-0.5, 0.5), {"lambd": 0.5},
           Call(f"{F}.hardshrink(z, lambd=0.5)", "torch.nn.Hardshrink"),
           Call(f"{K}.hard_shrink(z, threshold=0.5)")),
    Record("softshrink", (-0.5, 0.5), {"lambd": 0.5},
           Call(f"{F}.softshrink(z, lambd=0.5)", "torch.nn.Softshrink"),
           Call(f"{K}.soft_shrink(z, threshold=0.5)")),
    Record("tanhshrink", (), {}, Call(f"{F}.tanhshrink(z)", "torch.nn.Tanhshrink"),
           Call(f"{K}.tanh_shrink(z)")),
    Record("softsign", AT_ZERO, {}, Call(f"{F}.softsign(z)", "torch.nn.Softsign"),
           Call(f"{K}.softsign(z)"), Call(f"{J}.soft_sign(z)")),
    Record("logsigmoid", (), {}, Call(f"{F}.logsigmoid(z)", "torch.nn.LogSigmoid"),
           Call(f"{K}.log_sigmoid(z)"), Call(f"{J}.log_sigmoid(z)")),
    Record("celu", AT_ZERO, {"alpha": 1.0}, Call(f"{F}.celu(z, alpha=1.0)", "torch.nn.CELU"),
           Call(f"{K}.celu(z, alpha=1.0)"), Call(f"{J}.celu(z, alpha=1.0)")),
    # PReLU's learnable slope at its initial value (the module's `init`, 0.25)
    Record("prelu", AT_ZERO, {"weight": 0.25},
           Call("torch.nn.PReLU(dtype=z.dtype)(z)", "torch.nn.PReLU")),
    # RReLU in evaluation mode: the fixed slope (lower + upper)/2
    Record("rrelu", AT_ZERO, {"lower": 0.125, "upper": 1 / 3},
           Call(f"{F}.rrelu(z, lower=0.125, upper=1/3, training=False)", "torch.nn.RReLU")),
    # no defaults in either framework: PyTorch 2.13's docstring example nn.Threshold(0, 0.5)
    Record("threshold", AT_ZERO, {"threshold": 0.0, "value": 0.5},
           Call(f"{F}.threshold(z, threshold=0.0, value=0.5)", "torch.nn.Threshold"),
           Call(f"{K}.threshold(z, threshold=0.0, default_value=0.5)")),
    Record("gelu_tanh", (), {}, Call(f"{F}.gelu(z, approximate='tanh')", "torch.nn.GELU"),
           Call(f"{K}.gelu(z, approximate=True)"), Call(f"{J}.gelu(z, approximate=True)")),
    Record("squareplus", (), {"b": 4.0}, None, Call(f"{K}.squareplus(z, b=4)"),
           Call(f"{J}.squareplus(z, b=4)")),
    Record("sparse_plus", (-1.0, 1.0), {}, None, Call(f"{K}.sparse_plus(z)"),
           Call(f"{J}.sparse_plus(z)")),
    Record("sparse_sigmoid", (-1.0, 1.0), {}, None, Call(f"{K}.sparse_sigmoid(z)"),
           Call(f"{J}.sparse_sigmoid(z)")),
    Record("exponential", (), {}, None, Call(f"{K}.exponential(z)")),
    Record("linear", (), {}, Call("torch.nn.Identity()(z)", "torch.nn.Identity"),
           Call(f"{K}.linear(z)"), Call(f"{J}.identity(z)")),
)


# --------------------------------------------------------------------------- one framework
# Everything below up to `main` runs inside one framework's process (`--measure NAME`).

def _import(name: str) -> Any:
    """The framework's modules for the call texts, set up for the CPU (JAX with float64)."""
    if name == "torch":
        import torch
        import torch.nn.functional
        return {"torch": torch}
    if name == "keras":
        os.environ["KERAS_BACKEND"] = "tensorflow"
        import keras
        import tensorflow as tf
        return {"keras": keras, "tf": tf}
    if name == "jax":
        import jax
        import jax.nn
        jax.config.update("jax_enable_x64", True)   # float64 arrays stay float64
        return {"jax": jax}
    raise ValueError(f"frameworks: unknown framework {name!r}; choose one of {FRAMEWORKS}")


def _resolve(dotted: str, namespace: dict[str, Any]) -> Any:
    head, *rest = dotted.split(".")
    obj = namespace[head]
    for part in rest:
        obj = getattr(obj, part)
    return obj


def _defaults(call: Call, namespace: dict[str, Any]) -> dict[str, Any]:
    """The framework's own defaults for ``call``, from its signature; arguments without a
    default are listed under ``"required"``."""
    target = _resolve(call.signature_source, namespace)
    signature = inspect.signature(target.__init__ if inspect.isclass(target) else target)
    defaults: dict[str, Any] = {}
    required = []
    for name, p in signature.parameters.items():
        if name in SKIPPED_DEFAULTS or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.default is p.empty:
            required.append(name)
        else:
            defaults[name] = p.default
    return {**defaults, **({"required": required} if required else {})}


def _evaluator(name: str, ns: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """``evaluate(fn, xs, dtype)`` for framework ``name``: g, g′, g″ of ``fn`` at the float64
    NumPy array ``xs`` rounded to ``dtype``, as NumPy arrays (``None`` and a message under
    ``errors`` where the framework raised)."""
    import numpy as np

    def run(out: dict[str, Any], key: str, compute: Callable[[], Any]) -> Any:
        try:
            value = compute()
        except Exception as error:   # the framework's own refusal is data
            out["errors"][key] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
            return None
        return value

    if name == "torch":
        torch = ns["torch"]

        def evaluate(fn, xs, dtype):
            out: dict[str, Any] = {"errors": {}, "notes": []}
            x = torch.tensor(xs, dtype=getattr(torch, dtype), requires_grad=True)
            y = run(out, "g", lambda: fn(x))
            out["g"] = None if y is None else y.detach().numpy()
            if y is None:
                out["g1"] = out["g2"] = None
                return out
            d1 = run(out, "g1", lambda: torch.autograd.grad(y, x, torch.ones_like(y),
                                                            create_graph=True)[0])
            out["g1"] = None if d1 is None else d1.detach().numpy()
            if d1 is None:
                out["g2"] = None
            elif not d1.requires_grad:
                out["notes"].append("g2: autograd's g1 has no graph (it is constant in z), "
                                    "so its derivative is 0")
                out["g2"] = np.zeros_like(out["g1"])
            else:
                d2 = run(out, "g2", lambda: torch.autograd.grad(
                    d1, x, torch.ones_like(d1), allow_unused=True, materialize_grads=True)[0])
                out["g2"] = None if d2 is None else d2.detach().numpy()
            return out

        return evaluate

    if name == "keras":
        tf = ns["tf"]
        zero = tf.UnconnectedGradients.ZERO

        def evaluate(fn, xs, dtype):
            out: dict[str, Any] = {"errors": {}, "notes": []}
            x = tf.constant(xs, dtype=getattr(tf, dtype))
            y = d1 = d2 = None
            with tf.GradientTape() as outer:       # records g′'s computation, for g″
                outer.watch(x)
                with tf.GradientTape() as inner:
                    inner.watch(x)
                    y = run(out, "g", lambda: fn(x))
                if y is not None:
                    d1 = run(out, "g1", lambda: inner.gradient(y, x, unconnected_gradients=zero))
            if d1 is not None:
                d2 = run(out, "g2", lambda: outer.gradient(d1, x, unconnected_gradients=zero))
            for key, value in zip(QUANTITIES, (y, d1, d2), strict=True):
                out[key] = None if value is None else np.asarray(value)
            return out

        return evaluate

    jax = ns["jax"]
    compiled: dict[int, tuple] = {}

    def evaluate(fn, xs, dtype):
        out: dict[str, Any] = {"errors": {}, "notes": []}
        x = jax.numpy.asarray(xs, dtype=dtype)
        if id(fn) not in compiled:   # as a JAX user runs it: under jit (one compile a shape);
            # fn is kept in the entry, so that its id cannot be reused by another function
            first = jax.grad(fn)
            compiled[id(fn)] = (fn, jax.jit(fn), jax.jit(jax.vmap(first)),
                                jax.jit(jax.vmap(jax.grad(first))))
        for key, f in zip(QUANTITIES, compiled[id(fn)][1:], strict=True):
            value = run(out, key, lambda f=f: f(x))
            out[key] = None if value is None else np.asarray(value)
        return out

    return evaluate


BLOCK = 64
"""Each point is measured as the first of 64 copies, so that it goes through the framework's
vectorised loop (a tensor's last few elements, and a tensor of one, may take a scalar path
that rounds differently); what a tensor of one gives is stored where it differs."""


def _in_blocks(evaluate, fn, xs, dtype: str) -> dict[str, Any]:
    """``evaluate`` with each point of ``xs`` at the start of a block of ``BLOCK`` copies."""
    import numpy as np

    got = evaluate(fn, np.repeat(xs, BLOCK), dtype)
    for key in QUANTITIES:
        values = got[key]
        if values is None:
            continue
        blocks = values.reshape(len(xs), BLOCK)
        same = (blocks == blocks[:, :1]) | (np.isnan(blocks) & np.isnan(blocks[:, :1]))
        if not same.all():
            got["notes"].append(f"{dtype} {key}: copies of one point differ within a tensor")
        got[key] = blocks[:, 0].copy()
    return got


def _zero_from(evaluate, fn, dtype: str, key: str, sign: float, grid_values) -> dict | None:
    """Where the framework's ``key`` (g, g1 or g2) becomes exactly 0 on the tail of ``sign``
    (+1 or −1): ``{"z": z, "steady": …}`` with the value 0 at z and at every grid point and
    search probe beyond it, and not 0 at the next float towards 0. ``steady`` is false where
    a probe beyond a non-zero one came out 0 during the search (the value flickers between 0
    and tiny numbers before it settles: then z is where the last flicker ends among the probes).
    ``None`` if the tail does not end in 0, or nothing before it is non-zero. Found by a
    256-way search over the floats between two grid points (each probe at a block start)."""
    import numpy as np

    tail = sorted((abs(z), v) for z, v in zip(GRID, grid_values, strict=True)
                  if np.isfinite(z) and z * sign > 0)
    if not tail or tail[-1][1] != 0:
        return None
    first = len(tail) - 1
    while first > 0 and tail[first - 1][1] == 0:
        first -= 1
    steady = all(v != 0 for _, v in tail[:first])
    if first == 0 or np.isnan(tail[first - 1][1]):
        return None
    kind = np.dtype(dtype)
    bits = np.dtype(f"int{8 * kind.itemsize}")
    lo = int(np.asarray(tail[first - 1][0], dtype=kind).view(bits))   # not 0 here …
    hi = int(np.asarray(tail[first][0], dtype=kind).view(bits))       # … 0 from here on
    while hi - lo > 1:
        probes = sorted({lo + (hi - lo) * i // 256 for i in range(257)})   # exact integers
        zs = np.array(probes, dtype=bits).view(kind).astype(np.float64) * sign
        values = _in_blocks(evaluate, fn, zs, dtype)[key]
        if values is None:
            return None
        nonzero = np.flatnonzero(values != 0)
        if not nonzero.size or nonzero[0] != 0 or nonzero[-1] == len(probes) - 1:
            raise RuntimeError(f"frameworks: {fn.__code__.co_filename} {dtype} {key}: the "
                               f"bracket's ends changed value between two evaluations")
        steady = steady and nonzero.size == nonzero[-1] + 1
        k = nonzero[-1] + 1          # the first probe from which every probe is 0
        lo, hi = probes[k - 1], probes[k]
    return {"z": _encode_one(float(np.asarray(hi, dtype=bits).view(kind)) * sign, dtype),
            "steady": bool(steady)}


def measure(name: str) -> dict[str, Any]:
    """Measure every record framework ``name`` ships: the data of its rows in the file."""
    import numpy as np

    ns = _import(name)
    evaluate = _evaluator(name, ns)
    rows: dict[str, Any] = {}
    for record in RECORDS:
        call: Call | None = getattr(record, name)
        if call is None:
            continue
        fn = eval(compile(f"lambda z: {call.text}", f"<{record.name}>", "eval"), ns)
        row: dict[str, Any] = {"source": "measured", "call": call.text,
                               "params": dict(record.params),
                               "defaults": _defaults(call, ns)}
        errors: dict[str, str] = {}
        notes: set[str] = set()
        for dtype in DTYPES:
            by_dtype: dict[str, Any] = {}
            lone: dict[str, Any] = {}
            for part, zs in (("points", record.points), ("grid", GRID)):
                if not zs:
                    continue
                xs = np.array(zs, dtype=np.float64)
                got = _in_blocks(evaluate, fn, xs, dtype)
                errors.update({f"{dtype} {part} {k}": v for k, v in got["errors"].items()})
                notes.update(got["notes"])
                by_dtype[part] = {}
                for key in QUANTITIES:
                    values = got[key]
                    if values is not None and values.dtype != np.dtype(dtype):
                        notes.add(f"{dtype} in, {values.dtype} out ({key})")
                    by_dtype[part][key] = _encode(values, dtype)
                # the same points, each alone in a tensor of one
                for i in range(len(xs)):
                    alone = evaluate(fn, xs[i:i + 1], dtype)
                    for key in QUANTITIES:
                        a, b = alone[key], got[key]
                        if a is None or b is None:
                            continue
                        if not (a[0] == b[i] or (np.isnan(a[0]) and np.isnan(b[i]))) or (
                                a[0] == 0 and np.signbit(a[0]) != np.signbit(b[i])):
                            lone.setdefault(part, {}).setdefault(key, {})[str(i)] = \
                                _encode_one(float(a[0]), dtype)
            if lone:
                by_dtype["alone"] = lone
            zeros: dict[str, Any] = {}
            for key in QUANTITIES:
                encoded = by_dtype["grid"][key]
                if encoded is None:
                    continue
                values = [_decode(v) for v in encoded]
                for side, sign in (("+", 1.0), ("-", -1.0)):
                    found = _zero_from(evaluate, fn, dtype, key, sign, values)
                    if found is not None:
                        zeros.setdefault(key, {})[side] = found
            if zeros:
                by_dtype["zero_from"] = zeros
            row[dtype] = by_dtype
        if errors:
            row["errors"] = errors
        if notes:
            row["notes"] = sorted(notes)
        rows[record.name] = row
    return {"info": _versions(name, ns), "rows": rows}


def _versions(name: str, ns: dict[str, Any]) -> dict[str, Any]:
    if name == "torch":
        torch = ns["torch"]
        return {"version": torch.__version__, "autograd":
                "torch.autograd.grad(y, z, ones, create_graph=True) for g′, then "
                "torch.autograd.grad(g′, z, ones, materialize_grads=True) for g″",
                "threads": torch.get_num_threads()}
    if name == "keras":
        return {"version": ns["keras"].__version__, "backend": "tensorflow",
                "backend_version": ns["tf"].__version__, "autograd":
                "two nested tf.GradientTape: tape.gradient(y, z) for g′, the outer tape's "
                "gradient of g′ for g″ (unconnected gradients as zero)",
                "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default")}
    import jaxlib
    return {"version": ns["jax"].__version__, "jaxlib": jaxlib.__version__, "autograd":
            "jax.jit(jax.vmap(jax.grad(f))) for g′, jax.jit(jax.vmap(jax.grad(jax.grad(f)))) "
            "for g″, g itself under jax.jit, with jax_enable_x64", "platform": ns["jax"].default_backend()}


# --------------------------------------------------------------------------- values in JSON
def _encode_one(v: float, dtype: str) -> float | str:
    """A float as JSON: non-finite as "inf", "-inf", "nan"; a float32 as the shortest decimal
    that reads back to the same float32 (signed zeros kept)."""
    import numpy as np

    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(str(np.float32(v))) if dtype == "float32" else float(v)


def _encode(values, dtype: str) -> list[float | str] | None:
    return None if values is None else [_encode_one(v, dtype) for v in values.tolist()]


def _decode(v: float | str | None) -> float:
    return float(v) if v is not None else float("nan")


def _dumps(obj: Any, indent: int = 0) -> str:
    """JSON with a list of numbers on one line and everything else indented: compact, and a
    re-run's diff shows which rows changed."""
    pad, inner = " " * indent, " " * (indent + 1)
    if isinstance(obj, dict) and obj:
        items = [f"{inner}{json.dumps(k)}: {_dumps(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(obj, list) and any(isinstance(v, dict | list) for v in obj):
        return "[\n" + ",\n".join(f"{inner}{_dumps(v, indent + 1)}" for v in obj) + f"\n{pad}]"
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


# --------------------------------------------------------------------------- the whole file
VECTOR_FLAGS = ("sse4_2", "avx", "avx2", "fma", "avx512f")
"""The processor's vector extensions that decide which loops a framework's kernels take."""


def _machine() -> dict[str, Any]:
    cpu, flags = platform.processor() or "unknown", []
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        text = cpuinfo.read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
        found = re.search(r"^flags\s*:\s*(.+)$", text, re.MULTILINE)
        have = set(found.group(1).split()) if found else set()
        flags = [f for f in VECTOR_FLAGS if f in have]
    return {"cpu": cpu, "vector_flags": flags, "arch": platform.machine(),
            "os": platform.system(), "python": platform.python_version()}


def pins(path: Path = PINS) -> dict[str, str]:
    """The exact pins of ``make frameworks``: ``{"torch": "2.13.0", …}`` (extras dropped)."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            package, version = line.split("==")
            found[re.sub(r"\[.*\]", "", package).strip()] = version.strip()
    return found


# --------------------------------------------------------------------------- reading it back
NON_FINITE = {"inf": float("inf"), "-inf": float("-inf"), "nan": float("nan")}


def load(path: Path = OUT) -> dict[str, Any]:
    """The data file, read strictly: a bare ``NaN`` or ``Infinity`` token is an error (the
    file writes non-finite values as the strings "inf", "-inf", "nan")."""
    def refuse(token: str) -> None:
        raise ValueError(f"{path.name}: bare {token} (non-finite values are strings)")
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def number(v: Any) -> float:
    """A value of the file as a float ("inf", "-inf", "nan" included); ``ValueError`` else."""
    if isinstance(v, str) and v in NON_FINITE:
        return NON_FINITE[v]
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    raise ValueError(f"not a value of the data file: {v!r}")


def problems(data: dict[str, Any], names: list[str], pinned: dict[str, str]) -> list[str]:
    """Everything wrong with the data file ``data``: its shape, versions other than the
    ``pinned`` ones, a record not in ``names``, grid, points or calls other than this
    module's (the file is stale), values that are not values, float32 values that are not
    float32 numbers, ``zero_from`` points that the grid contradicts. ``[]`` if none."""
    import numpy as np

    found: list[str] = []
    if data.get("format") != FORMAT:
        return [f"format is {data.get('format')!r}, this reader knows {FORMAT}"]
    missing = {"generated", "machine", "frameworks", "grid", "records"} - set(data)
    if missing:
        return [f"missing top-level keys: {sorted(missing)}"]
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", str(data["generated"])):
        found.append(f"generated is not a date: {data['generated']!r}")
    frameworks = data["frameworks"]
    if list(frameworks) != list(FRAMEWORKS):
        found.append(f"frameworks {list(frameworks)}, expected {list(FRAMEWORKS)}")
    wanted = {"torch": ("version", "torch"), "keras": ("version", "keras"),
              "jax": ("version", "jax")}
    for name, (key, package) in wanted.items():
        info = frameworks.get(name, {})
        version = str(info.get(key, "")).split("+")[0]      # 2.13.0+cpu is the 2.13.0 pin
        if version != pinned.get(package):
            found.append(f"{name} {key} {info.get(key)!r} is not the pin {package}=="
                         f"{pinned.get(package)}")
        if info.get("pin") != f"{package}=={pinned.get(package)}":
            found.append(f"{name} pin {info.get('pin')!r} is not {package}=={pinned.get(package)}")
    if frameworks.get("keras", {}).get("backend_version") != pinned.get("tensorflow-cpu"):
        found.append("keras backend_version is not the tensorflow-cpu pin")
    if frameworks.get("jax", {}).get("jaxlib") != pinned.get("jaxlib"):
        found.append("jax jaxlib is not the jaxlib pin")
    try:
        grid = [number(v) for v in data["grid"]]
    except ValueError as error:
        return [*found, f"grid: {error}"]
    if [str(v) for v in grid] != [str(v) for v in GRID]:
        found.append("grid differs from course_tools.frameworks.GRID: re-run make frameworks")
    table = {r.name: r for r in RECORDS}
    for name, record in data["records"].items():
        where = f"records.{name}"
        if name not in names:
            found.append(f"{where}: not a record of the atlas")
        if name not in table:
            found.append(f"{where}: not in course_tools.frameworks.RECORDS")
            continue
        spec = table[name]
        points = record.get("points", [])
        if [str(number(v)) for v in points] != [str(v) for v in spec.points]:
            found.append(f"{where}.points differ from RECORDS: re-run make frameworks")
        rows = record.get("frameworks", {})
        shipped = [f for f in FRAMEWORKS if getattr(spec, f) is not None]
        if list(rows) != shipped:
            found.append(f"{where}: frameworks {list(rows)}, RECORDS says {shipped}")
        for fw, row in rows.items():
            call = getattr(spec, fw, None)
            found += _row_problems(f"{where}.{fw}", row, call, len(points), grid, np)
    order = [r.name for r in RECORDS if r.name in data["records"]]
    if list(data["records"]) != order:
        found.append("records are not in the order of RECORDS")
    return found


def _row_problems(where: str, row: dict[str, Any], call: Call | None, n_points: int,
                  grid: list[float], np: Any) -> list[str]:
    found = []
    if call is None or row.get("call") != call.text:
        found.append(f"{where}: call {row.get('call')!r} is not the table's")
    if row.get("source") not in ("measured", "read"):
        found.append(f"{where}: source {row.get('source')!r}")
    if row.get("source") == "read":
        return found
    for key in ("params", "defaults"):
        if not isinstance(row.get(key), dict):
            found.append(f"{where}: {key} is not a dict")
    errors = row.get("errors", {})
    for dtype in DTYPES:
        by_dtype = row.get(dtype)
        if not isinstance(by_dtype, dict):
            found.append(f"{where}: no {dtype}")
            continue
        for part, n in (("points", n_points), ("grid", len(grid))):
            if n == 0:
                continue
            for key in QUANTITIES:
                values = by_dtype.get(part, {}).get(key, "absent")
                at = f"{where}.{dtype}.{part}.{key}"
                if values is None:
                    if f"{dtype} {part} {key}" not in errors:
                        found.append(f"{at}: null without an error saying why")
                    continue
                if not isinstance(values, list) or len(values) != n:
                    found.append(f"{at}: not a list of {n} values")
                    continue
                try:
                    floats = [number(v) for v in values]
                except ValueError as error:
                    found.append(f"{at}: {error}")
                    continue
                if dtype == "float32":
                    # each must be the shortest decimal of the float32 it rounds to
                    bad = [v for v in floats if np.isfinite(v) and float(str(np.float32(v))) != v]
                    if bad:
                        found.append(f"{at}: not float32 numbers as written: {bad[:3]}")
        for key, sides in by_dtype.get("zero_from", {}).items():
            values = by_dtype.get("grid", {}).get(key)
            for side, entry in sides.items():
                at = f"{where}.{dtype}.zero_from.{key}.{side}"
                sign = {"+": 1.0, "-": -1.0}.get(side)
                z = number(entry.get("z", "nan"))
                if sign is None or not (z * sign > 0) or not isinstance(entry.get("steady"), bool):
                    found.append(f"{at}: {entry!r} is not a point on that side")
                    continue
                beyond = [number(v) for g, v in zip(grid, values or [], strict=False)
                          if np.isfinite(g) and g * sign >= abs(z)]
                if values is None or any(v != 0 for v in beyond):
                    found.append(f"{at}: the grid is not 0 beyond {z}")
        for part, keys in by_dtype.get("alone", {}).items():
            n = {"points": n_points, "grid": len(grid)}.get(part, 0)
            for key, entries in keys.items():
                for index, v in entries.items():
                    try:
                        number(v)
                        ok = key in QUANTITIES and 0 <= int(index) < n
                    except ValueError:
                        ok = False
                    if not ok:
                        found.append(f"{where}.{dtype}.alone.{part}.{key}.{index}: {v!r}")
    return found


def build(out: Path = OUT) -> dict[str, Any]:
    """Run every framework in its own process and write the data file; returns its data."""
    measured: dict[str, Any] = {}
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "JAX_PLATFORMS": "cpu",
           "KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "2"}
    with tempfile.TemporaryDirectory() as tmp:
        for name in FRAMEWORKS:
            target = Path(tmp) / f"{name}.json"
            subprocess.run([sys.executable, "-m", "course_tools.frameworks", "--measure", name,
                            "--to", str(target)], check=True, cwd=ROOT, env=env)
            measured[name] = json.loads(target.read_text())
    pinned = pins()
    frameworks = {}
    for name in FRAMEWORKS:
        info = measured[name]["info"]
        package = {"keras": "keras", "torch": "torch", "jax": "jax"}[name]
        info = {"version": info.pop("version"), "pin": f"{package}=={pinned[package]}", **info}
        if name == "keras":
            info["backend_pin"] = f"tensorflow-cpu=={pinned['tensorflow-cpu']}"
        frameworks[name] = info
    records = {}
    for record in RECORDS:
        rows = {n: measured[n]["rows"][record.name] for n in FRAMEWORKS
                if record.name in measured[n]["rows"]}
        records[record.name] = {"points": list(record.points), "frameworks": rows}
    data = {"format": FORMAT,
            "generated": datetime.now(UTC).date().isoformat(),
            "machine": _machine(),
            "frameworks": frameworks,
            "grid": [_encode_one(z, "float64") for z in GRID],
            "records": records}
    out.write_text(_dumps(data) + "\n", encoding="utf-8")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the data file to write")
    parser.add_argument("--measure", choices=FRAMEWORKS, help=argparse.SUPPRESS)
    parser.add_argument("--to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        args.to.write_text(json.dumps(measure(args.measure), allow_nan=False))
        return 0
    data = build(args.out)
    size = args.out.stat().st_size
    rows = sum(len(r["frameworks"]) for r in data["records"].values())
    versions = ", ".join(f"{n} {i['version']}" for n, i in data["frameworks"].items())
    print(f"frameworks: {len(data['records'])} records, {rows} rows, {versions}; "
          f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} "
          f"({size / 1024:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
