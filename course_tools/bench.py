"""Measure the course's speed and latency; print a Markdown table and write it as JSON.

    make bench                                    # everything, ~15 min on 2 cores
    .venv/bin/python -m course_tools.bench --only activations,kernel
    .venv/bin/python -m course_tools.bench --skip maketest,lab

Sections (docs/performance.md explains each figure):

* ``activations``: g, g′ and g″ of every activation of the atlas against the one-line
  NumPy/SciPy expression a user would write instead (course_tools.reference), on 10^7
  float64 values;
* ``kernel``: a slider step of every explorer in course_lib.widgets, kernel side, until the
  new figure has been rendered and handed to the comm;
* ``browser``: a keyboard slider step in JupyterLab (headless Chromium) until the canvas in
  the page shows the new picture;
* ``notebooks``: each notebook top to bottom in a fresh kernel (nbclient);
* ``nbval``: ``pytest notebooks`` (nbval, as in make test);
* ``maketest``: ``make test``;
* ``env``: the size of .venv;
* ``lab``: ``make install`` and ``make lab`` in a fresh clone of HEAD, until the page answers.

Every figure that is timed more than once is a median; the paired activation timings are
taken alternately, in one run, so that a change in machine load hits both sides alike.
Results go to test-artifacts/bench/latest.json.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import inspect
import json
import math
import os
import pkgutil
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from course_tools import browser_lab as lab
from course_tools import notebooks
from course_tools.notebooks import ROOT

RESULTS = ROOT / "test-artifacts" / "bench" / "latest.json"
SECTIONS = ("activations", "kernel", "browser", "notebooks", "nbval", "maketest", "env", "lab")

RATIO_TARGET = 1.5
"""Every activation and derivative: at most this many times its NumPy/SciPy one-liner."""
RATIO_TARGETS = {**{(name, kind): 1.2 for name in ("sigmoid", "tanh", "softplus", "mish")
                    for kind in ("g", "g′")},
                 ("relu", "g"): 1.3, ("leaky_relu", "g"): 1.3, ("elu", "g"): 1.3}
"""Tighter limits (issue 16): the functions that are a single ufunc or close to one."""
ATLAS_RATIO_TARGET = 3.0
"""Every other function of the atlas (issue 23), g″ of the course's ten included."""
KERNEL_TARGET_MS = 50.0
BROWSER_TARGET_MS = 150.0
SHOWDOWN_BROWSER_TARGET_MS = 100.0
"""The showdown explorer of notebook 10 (issue 16): at most this median in the browser."""
NOTEBOOK_TARGET_S = 10.0
SLOW_NOTEBOOK_TARGET_S = 30.0
SLOW_NOTEBOOKS = ("07_", "10_")
MAKE_TEST_TARGET_S = 600.0
MEMORY_TARGET_MB = 300.0


# ---------------------------------------------------------------------------- results
@dataclass
class Row:
    """One figure of the table: a value beside its target."""

    section: str
    name: str
    value: float | None
    unit: str
    target: str = ""
    passed: bool | None = None  # None: no target (information only)
    runs: int = 1
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def median(values: Iterable[float]) -> float:
    """The median of ``values`` (raises ValueError when there are none)."""
    data = list(values)
    if not data:
        raise ValueError("median of no values")
    return float(statistics.median(data))


def status(row: Row) -> str:
    """PASS / MISS against the target (MISS also when the measurement itself failed),
    ``n/a`` when nothing was measured, ``—`` without a target."""
    if row.value is None:
        return "MISS" if row.passed is False else "n/a"
    if row.passed is None:
        return "—"
    return "PASS" if row.passed else "MISS"


def format_value(value: float | None, unit: str) -> str:
    """A value with its unit, to about three significant digits."""
    if value is None:
        return "—"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}"


def markdown_table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table: figure, measured value, target, status, runs, note."""
    lines = ["| figure | measured | target | status | runs | note |",
             "|---|---:|---|:---:|---:|---|"]
    for row in rows:
        cells = [row.name, format_value(row.value, row.unit), row.target or "—", status(row),
                 str(row.runs), row.note]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def parse_sections(only: str | None, skip: str | None) -> list[str]:
    """The sections to run, from ``--only a,b`` and ``--skip c`` (unknown names are errors)."""
    def split(text: str | None) -> list[str]:
        names = [s.strip() for s in (text or "").split(",") if s.strip()]
        unknown = [n for n in names if n not in SECTIONS]
        if unknown:
            raise ValueError(f"unknown section(s) {unknown}; choose from {', '.join(SECTIONS)}")
        return names

    chosen = split(only) or list(SECTIONS)
    skipped = set(split(skip))
    return [s for s in SECTIONS if s in chosen and s not in skipped]


def bounce(value: float, step: float, lo: float, hi: float, direction: int) -> tuple[float, int]:
    """The next slider value one ``step`` away, turning round at the ends of [lo, hi]."""
    nxt = value + direction * step
    if nxt > hi or nxt < lo:
        direction = -direction
        nxt = value + direction * step
    return min(max(nxt, lo), hi), direction


def notebook_target(name: str) -> float:
    """The time limit of a notebook in seconds (07 and 10 train networks: more time)."""
    return SLOW_NOTEBOOK_TARGET_S if name.startswith(SLOW_NOTEBOOKS) else NOTEBOOK_TARGET_S


# ---------------------------------------------------------------------------- activations
def ratio_target(name: str, kind: str) -> float:
    """The largest ratio to its one-liner allowed for activation ``name``'s ``kind``
    (``"g"``, ``"g′"`` or ``"g″"``): the course's g and g′ as above, every other function
    of the atlas :data:`ATLAS_RATIO_TARGET`."""
    from course_lib.activations import ACTIVATIONS

    if name in ACTIVATIONS and kind != "g″":
        return RATIO_TARGETS.get((name, kind), RATIO_TARGET)
    return ATLAS_RATIO_TARGET


def time_pair(ours: Callable[[], Any], theirs: Callable[[], Any], repeats: int
              ) -> tuple[list[float], list[float]]:
    """Time two calls alternately (the order swapping every round), after one warm-up each."""
    ours()
    theirs()
    a, b = [], []
    for r in range(repeats):
        order = [(ours, a), (theirs, b)] if r % 2 == 0 else [(theirs, b), (ours, a)]
        for fn, out in order:
            gc.collect()
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return a, b


def bench_activations(size: int, repeats: int) -> list[Row]:
    """Each activation and derivative against its NumPy/SciPy one-liner."""
    import numpy as np

    from course_lib.activations import ATLAS
    from course_tools import reference  # the one table of one-liners (and the tests' references)

    z = np.random.default_rng(0).standard_normal(size) * 4.0
    rows = []
    for name, act in ATLAS.items():
        for kind, ours_fn in (("g", act.function), ("g′", act.derivative),
                              ("g″", act.second_derivative)):
            label = f"{name} {kind}" if kind == "g" else f"{name}{kind[1:]}"
            if name not in reference.REFERENCES:
                rows.append(Row("activations", label, None, "×", target="a one-liner",
                                passed=False, note="no reference expression"))
                continue
            text, ref_fn = reference.naive(ours_fn.__name__)
            t_ours, t_ref = time_pair(lambda f=ours_fn: f(z), lambda f=ref_fn: f(z), repeats)
            ratio = median(a / b for a, b in zip(t_ours, t_ref, strict=True))
            limit = ratio_target(name, kind)
            rows.append(Row(
                "activations", f"{label} vs {text}", ratio, "×", target=f"≤ {limit}×",
                passed=ratio <= limit, runs=repeats,
                note=f"{median(t_ours) * 1e3:.0f} ms vs {median(t_ref) * 1e3:.0f} ms",
                extra={"ours_s": t_ours, "reference_s": t_ref}))
    return rows


# ---------------------------------------------------------------------------- explorers
@dataclass
class ExplorerSpec:
    """How to build one explorer: in this process, and as notebook code."""

    name: str
    build: Callable[[], Any]
    code: str


# Explorers whose sliders do nothing in their default state get these settings.
BUILD_SETTINGS: dict[str, dict[str, Any]] = {
    "ActivationLab": {"mode": "combine"},  # the weight slider blends two activations
}


def discover_explorers(only: Sequence[str] = ()) -> list[ExplorerSpec]:
    """Every Explorer subclass defined in a course_lib.widgets module (or those named in
    ``only``), with a way to build it: ``for_activation("sigmoid")`` when the class has
    one, else its defaults (plus :data:`BUILD_SETTINGS`)."""
    import course_lib.widgets as package
    from course_lib.widgets.base import Explorer

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    found: dict[str, type] = {}
    todo = list(Explorer.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith(package.__name__) and not inspect.isabstract(cls):
            found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    specs = []
    unknown = set(only) - {cls.__name__ for cls in found.values()}
    if unknown:
        raise ValueError(f"no explorer called {', '.join(sorted(unknown))}")
    for _, cls in sorted(found.items()):
        if only and cls.__name__ not in only:
            continue
        if hasattr(cls, "for_activation"):
            build = lambda cls=cls: cls.for_activation("sigmoid")  # noqa: E731
            call = f'{cls.__name__}.for_activation("sigmoid")'
        else:
            settings = BUILD_SETTINGS.get(cls.__name__, {})
            build = lambda cls=cls, settings=settings: cls(**settings)  # noqa: E731
            call = f"{cls.__name__}({', '.join(f'{k}={v!r}' for k, v in settings.items())})"
        specs.append(ExplorerSpec(cls.__name__, build,
                                  f"from {cls.__module__} import {cls.__name__}\n{call}"))
    return specs


def numeric_sliders(explorer: Any) -> list[Any]:
    """The explorer's sliders (the course's NamedSlider; ipywidgets' float, int, log and
    selection sliders where it falls back to them), in order."""
    import ipywidgets as widgets

    from course_lib.widgets.controls import NamedSlider

    kinds = (NamedSlider | widgets.FloatSlider | widgets.IntSlider | widgets.FloatLogSlider
             | widgets.SelectionSlider)
    return [c for c in getattr(explorer, "controls", []) if isinstance(c, kinds)]


def next_slider_value(slider: Any, direction: int) -> tuple[float, int]:
    """One step of ``slider`` (in the exponent for a log slider, to the next option's index
    for a selection slider or the course's slider), turning round at the ends."""
    import ipywidgets as widgets

    from course_lib.widgets.controls import NamedSlider

    if isinstance(slider, NamedSlider):
        return bounce(slider.index, 1, 0, len(slider.labels) - 1, direction)
    if isinstance(slider, widgets.SelectionSlider):
        return bounce(slider.index, 1, 0, len(slider.options) - 1, direction)
    if isinstance(slider, widgets.FloatLogSlider):
        exponent = math.log(slider.value, slider.base)
        exponent, direction = bounce(exponent, slider.step, slider.min, slider.max, direction)
        return slider.base ** exponent, direction
    return bounce(slider.value, slider.step, slider.min, slider.max, direction)


def slider_step_times(explorer: Any, steps: int, warmup: int = 3) -> dict[str, list[float]]:
    """Seconds per slider step (value set → figure rendered and sent), for each slider."""
    import ipywidgets as widgets

    from course_lib.widgets.controls import NamedSlider

    out = {}
    for slider in numeric_sliders(explorer):
        trait = "index" if isinstance(slider, widgets.SelectionSlider | NamedSlider) else "value"
        direction = 1
        times = []
        for k in range(warmup + steps):
            value, direction = next_slider_value(slider, direction)
            if trait == "index":
                value = int(value)
            start = time.perf_counter()
            setattr(slider, trait, value)
            elapsed = time.perf_counter() - start
            if k >= warmup:
                times.append(elapsed)
        out[slider.description or type(slider).__name__] = times
    return out


def close_tree(widget: Any) -> None:
    """Close a widget and everything inside it (the comms of a finished measurement)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


def bench_kernel(steps: int, only: Sequence[str] = ()) -> list[Row]:
    """Kernel-side slider latency of every explorer, as if a front end were connected
    (ipympl stops encoding a second PNG for ``_data_url`` once the page says 'initialized')."""
    rows = []
    for spec in discover_explorers(only):
        for connected in (True, False):
            try:
                explorer = spec.build()
            except Exception as err:  # report, do not stop the run
                rows.append(Row("kernel", f"{spec.name} slider step", None, "ms", runs=0,
                                note=f"could not build: {type(err).__name__}: {err}"))
                break
            explorer.canvas.syncing_data_url = not connected
            per_slider = slider_step_times(explorer, steps)
            close_tree(explorer)
            if not per_slider:
                rows.append(Row("kernel", f"{spec.name} slider step", None, "ms", runs=0,
                                note="no numeric slider"))
                break
            everything = [t for ts in per_slider.values() for t in ts]
            slowest = max(per_slider, key=lambda k: median(per_slider[k]))
            note = (f"{len(per_slider)} slider(s); slowest '{slowest}' "
                    f"{median(per_slider[slowest]) * 1e3:.1f} ms")
            if connected:
                value = median(everything) * 1e3
                rows.append(Row("kernel", f"{spec.name} slider step (front end connected)",
                                value, "ms", target=f"< {KERNEL_TARGET_MS:.0f} ms",
                                passed=value < KERNEL_TARGET_MS, runs=len(everything), note=note,
                                extra={k: v for k, v in per_slider.items()}))
            else:
                rows.append(Row("kernel", f"{spec.name} slider step (no front end)",
                                median(everything) * 1e3, "ms", runs=len(everything),
                                note="ipympl also PNG-encodes _data_url; " + note))
    return rows


# ---------------------------------------------------------------------------- browser
JS_ARM = """(sel) => {
  const canvas = document.querySelector(sel);
  const state = {t0: null, t1: null, h0: window.__courseCanvasHash(canvas).hash};
  window.__courseBench = state;
  document.addEventListener('keydown', (event) => {
    state.t0 = event.timeStamp;
    const tick = () => {
      if (window.__courseCanvasHash(canvas).hash !== state.h0) {
        state.t1 = performance.now();
      } else if (performance.now() - state.t0 > 10000) {
        state.t1 = -1;
      } else {
        requestAnimationFrame(tick);
      }
    };
    requestAnimationFrame(tick);
  }, {capture: true, once: true});
}"""


def _browser_steps(nb: Any, output: int, steps: int, warmup: int = 3
                   ) -> dict[str, list[float]]:
    """Milliseconds from a keydown on a slider to a changed canvas, for every slider of
    widget output ``output`` whose step changes the picture (``{"slider k": times}``; a
    slider whose first step changes nothing within 10 s is left out)."""
    page = nb.page
    canvas_sel = f'[data-course-output="{output}"] {lab.CANVAS_SELECTOR}'
    handles = page.locator(f'[data-course-output="{output}"] .course-range input[type=range]')
    page.evaluate(lab.JS_INSTALL_HASH)
    out: dict[str, list[float]] = {}
    for k in range(handles.count()):
        handle = handles.nth(k)
        handle.focus()
        times: list[float] = []
        key = "ArrowRight"
        for step in range(warmup + steps):
            if handle.input_value() == handle.get_attribute("max"):
                key = "ArrowLeft"
            elif handle.input_value() == handle.get_attribute("min"):
                key = "ArrowRight"
            page.evaluate(JS_ARM, canvas_sel)
            handle.press(key)
            page.wait_for_function("() => window.__courseBench.t1 !== null", timeout=15_000)
            t0, t1 = page.evaluate("() => [window.__courseBench.t0, window.__courseBench.t1]")
            if t1 < 0:
                break  # this slider does not change the picture (or nothing arrived): next one
            if step >= warmup:
                times.append(t1 - t0)
            page.wait_for_timeout(50)  # let the kernel go idle before the next key
        if times:
            out[f"slider {k}"] = times
    return out


FLOOR_NAME = "FloorExplorer"
FLOOR_CODE = '''\
from course_lib import plots
from course_lib.widgets.base import Explorer, slider


class FloorExplorer(Explorer):
    """The least an explorer can do (made for the benchmark): a slider moves one point."""

    def __init__(self):
        self.fig, axes = plots.new_figure(width=6.4, height=3.9)
        self.ax = axes[0, 0]
        (self.point,) = self.ax.plot([0.0], [0.0], "o", markersize=9)
        self.ax.set_xlim(-3, 3)
        self.ax.set_ylim(-1, 1)
        self.z = slider("z", 0.0, -2.5, 2.5, 0.05)
        self._assemble([self.z], [self.point])

    def update(self):
        self.point.set_data([float(self.z.value)], [0.0])
        return f"z = {float(self.z.value):.2f}"

    def settings(self):
        return f"z={self.z.value!r}"


FloorExplorer()'''
"""The floor of the browser figures: an explorer whose slider moves a single point, so its
round trip is the page → server → kernel → PNG → page path and (almost) nothing else."""


def browser_target(explorer: str) -> tuple[str, Callable[[float], bool]]:
    """The browser target of an explorer (its text, and a test of a median in ms): ≤ 100 ms
    for notebook 10's showdown (issue 16), < 150 ms for the others."""
    if explorer == "ShowdownExplorer":
        return (f"≤ {SHOWDOWN_BROWSER_TARGET_MS:.0f} ms",
                lambda ms: ms <= SHOWDOWN_BROWSER_TARGET_MS)
    return f"< {BROWSER_TARGET_MS:.0f} ms", lambda ms: ms < BROWSER_TARGET_MS


def _browser_row(page: Any, server: Any, notebook_name: str, spec: ExplorerSpec,
                 steps: int) -> Row:
    """Open the notebook that shows one explorer, run it, and step its sliders."""
    name = f"{spec.name} slider step in the browser"
    target, within = browser_target(spec.name)
    notebook = lab.NotebookPage(page, server, notebook_name)
    notebook.open()
    result = notebook.run_all()
    outputs, _ = notebook.wait_for_widgets()
    out = next((o for o in outputs if o["kind"] == "widget"), None)
    if out is None:
        errors = result.state.get("errors") or []
        return Row("browser", name, None, "ms", target=target, passed=False, runs=0,
                   note=errors[0] if errors else "no widget output")
    drawn = notebook.canvases(out["index"])
    if not drawn or drawn[0]["colours"] < 2:
        bad = [m for m in notebook.console_errors if lab.BAD_CONSOLE.search(m)]
        return Row("browser", name, None, "ms", target=target, passed=False, runs=0,
                   note="canvas never drew" + (f" (console: {bad[0][:70]}…)" if bad else ""))
    per_slider = _browser_steps(notebook, out["index"], steps)
    times = [t for ts in per_slider.values() for t in ts]
    value = median(times) if times else None
    which = ", ".join(f"{k} {median(ts):.0f} ms" for k, ts in per_slider.items())
    note = (f"{which}; slowest step {max(times):.0f} ms" if times
            else "no slider step changed the canvas")
    return Row("browser", name, value, "ms", target=target,
               passed=None if value is None else within(value), runs=len(times), note=note,
               extra={"ms": per_slider})


def bench_browser(steps: int, only: Sequence[str] = ()) -> list[Row]:
    """End-to-end slider latency in JupyterLab for every explorer, and for the floor."""
    specs = [ExplorerSpec(FLOOR_NAME, lambda: None, FLOOR_CODE), *discover_explorers(only)]
    chromium = lab.find_chromium()
    if chromium is None:
        return [Row("browser", "browser slider step", None, "ms",
                    note=f"skipped: {lab.INSTALL_HINT}")]
    import nbformat
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        for i, spec in enumerate(specs):   # one notebook (and kernel) each, as a learner has
            nb = nbformat.v4.new_notebook()
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                         "language": "python"}
            nb.cells = [nbformat.v4.new_code_cell(spec.code)]
            nbformat.write(nb, Path(tmp) / f"bench_{i:02d}.ipynb")
        with lab.LabServer(Path(tmp)) as server, sync_playwright() as pw:
            browser = lab.launch_chromium(pw, chromium)
            try:
                for i, spec in enumerate(specs):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    page.set_default_timeout(60_000)
                    try:
                        rows.append(_browser_row(page, server, f"bench_{i:02d}.ipynb", spec,
                                                 steps))
                    finally:
                        page.close()
                        server.shutdown_kernels()
            finally:
                browser.close()
    floor = next((r.value for r in rows if r.name.startswith(FLOOR_NAME)), None)
    for row in rows:
        if row.name.startswith(FLOOR_NAME):
            row.name = "floor: a slider moving one point, in the browser"
            row.target, row.passed = "", None
        elif floor and row.value is not None:
            row.extra["floor_ms"] = floor
            row.note = f"{row.value / floor:.2f}× the floor; " + row.note
    return rows


# ---------------------------------------------------------------------------- notebooks
def bench_notebooks(repeats: int) -> list[Row]:
    """Each notebook top to bottom in a fresh kernel (kernel start included)."""
    import nbformat
    from nbclient.exceptions import CellExecutionError

    rows, memory = [], []
    for path in notebooks.course_notebooks():
        times, peaks, note = [], [], ""
        for _ in range(repeats):
            nb = nbformat.read(path, as_version=4)
            nb.cells.append(nbformat.v4.new_code_cell(PEAK_MEMORY_CELL))  # after the timing
            start = time.perf_counter()
            try:
                notebooks.run(nb, path.parent)
            except CellExecutionError as err:
                note = f"error: {str(err).strip().splitlines()[-1][:120]}"
                break
            times.append(time.perf_counter() - start)
            peaks.append(_peak_memory_mb(nb.cells[-1]))
        limit = notebook_target(path.name)
        value = median(times) if times else None
        rows.append(Row("notebooks", path.name, value, "s", target=f"< {limit:.0f} s",
                        passed=None if value is None else value < limit, runs=len(times),
                        note=note, extra={"s": times}))
        peak = max((p for p in peaks if p is not None), default=None)
        memory.append(Row("memory", f"{path.name} peak kernel memory", peak, "MB",
                          target=f"≤ {MEMORY_TARGET_MB:.0f} MB",
                          passed=None if peak is None else peak <= MEMORY_TARGET_MB,
                          runs=len(peaks), note="largest resident set of the kernel (VmHWM)",
                          extra={"MB": peaks}))
    return rows + memory


PEAK_MEMORY_CELL = """\
with open("/proc/self/status") as status:
    print(next(line for line in status if line.startswith("VmHWM")))"""
"""Appended to each notebook by :func:`bench_notebooks`: the kernel's peak resident memory
(Linux; elsewhere the row says n/a)."""


def _peak_memory_mb(cell: Any) -> float | None:
    """MB from the output of :data:`PEAK_MEMORY_CELL` (VmHWM is in kB)."""
    for out in cell.get("outputs", []):
        match = re.search(r"VmHWM:\s*(\d+)\s*kB", out.get("text", ""))
        if match:
            return int(match.group(1)) / 1024
    return None


def summary_line(output: str) -> str:
    """The line that sums a run up: pytest's last ``N passed``/``failed``/``error`` line (with
    the first failing test, if any), else the last line of the output."""
    lines = output.strip().splitlines()
    counts = [ln.strip(" =") for ln in lines
              if re.search(r"\d+ (passed|failed|errors?)\b", ln) and " in " in ln]
    failing = [ln.split(" - ")[0] for ln in lines if ln.startswith(("FAILED ", "ERROR "))]
    if counts:
        return counts[-1] + (f"; first: {failing[0]}" if failing else "")
    return lines[-1] if lines else ""


def _timed(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None,
           timeout: float = 3600) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    return time.perf_counter() - start, proc.returncode, summary_line(proc.stdout + proc.stderr)


def bench_nbval() -> list[Row]:
    """``pytest notebooks`` (nbval strict, as configured in pyproject.toml)."""
    seconds, code, last = _timed([sys.executable, "-m", "pytest", "notebooks", "-q",
                                  "-p", "no:cacheprovider"], ROOT)
    return [Row("nbval", "pytest --nbval notebooks", seconds, "s", runs=1,
                note=f"exit {code}: {last[:160]}")]


def bench_make_test() -> list[Row]:
    """``make test`` in this checkout (ruff, library tests, nbval, browser tests)."""
    seconds, code, last = _timed(["make", "test"], ROOT)
    return [Row("maketest", "make test", seconds, "s", target=f"< {MAKE_TEST_TARGET_S / 60:.0f} min",
                passed=code == 0 and seconds < MAKE_TEST_TARGET_S, runs=1,
                note=f"exit {code}: {last[:160]}")]


# ---------------------------------------------------------------------------- environment
def disk_usage(path: Path) -> int:
    """Bytes on disk under ``path`` (like ``du``: allocated blocks, hard links once)."""
    seen, total = set(), 0
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            with contextlib.suppress(OSError):
                st = os.lstat(os.path.join(dirpath, name))
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total


def bench_env() -> list[Row]:
    venv = ROOT / ".venv"
    return [Row("env", ".venv size", disk_usage(venv) / 1e6 if venv.exists() else None, "MB",
                note=str(venv.relative_to(ROOT)))]


def _wait_http_200(url: str, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        with contextlib.suppress(OSError, urllib.error.URLError):
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return True
        time.sleep(0.2)
    return False


def bench_fresh_clone() -> list[Row]:
    """`make install` then `make lab` in a fresh clone of HEAD; the second is timed until
    JupyterLab's page for notebook 00 answers HTTP 200. Uses the usual pip cache."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="course-clone-") as tmp:
        repo = Path(tmp) / "repo"
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(repo)],
                       check=True, capture_output=True)
        install_s, code, last = _timed(["make", "install"], repo)
        rows.append(Row("lab", "make install (fresh clone)", install_s, "s", runs=1,
                        note=f"exit {code}" + (f": {last[:100]}" if code else "")))
        if code != 0:
            return rows
        rows.append(Row("lab", ".venv size (fresh clone)", disk_usage(repo / ".venv") / 1e6, "MB"))
        port, token = lab.free_port(), secrets.token_hex(16)
        config = Path(tmp) / "jupyter-config"
        config.mkdir()
        (config / "jupyter_server_config.json").write_text(json.dumps(
            {"ServerApp": {"ip": "127.0.0.1", "port": port, "port_retries": 0,
                           "open_browser": False}}))
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config), JUPYTER_TOKEN=token,
                   JUPYTER_RUNTIME_DIR=str(Path(tmp) / "runtime"),
                   JUPYTERLAB_WORKSPACES_DIR=str(Path(tmp) / "workspaces"), BROWSER="true")
        url = f"http://127.0.0.1:{port}/lab/tree/notebooks/00_start_here.ipynb?token={token}"
        start = time.perf_counter()
        proc = subprocess.Popen(["make", "lab"], cwd=repo, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            ok = _wait_http_200(url, proc, timeout=300)
            serve_s = time.perf_counter() - start
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            time.sleep(1)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        rows.append(Row("lab", "make lab until the page answers", serve_s if ok else None, "s",
                        runs=1, note="" if ok else "no HTTP 200 within 300 s"))
        if ok:
            rows.append(Row("lab", "fresh clone → served page (install + lab)",
                            install_s + serve_s, "s", runs=1))
    return rows


# ---------------------------------------------------------------------------- main
def machine() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"),
            "git_head": git("rev-parse", "--short", "HEAD"), "git_dirty": dirty,
            "python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "loadavg_start": os.getloadavg()}


class LoadSampler:
    """The 1-minute load average every ``interval`` seconds while the benchmark runs (in a
    daemon thread), so the report can say how busy the machine was throughout."""

    def __init__(self, interval: float = 15.0):
        import threading

        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self.samples.append(os.getloadavg()[0])
        return {"mean": statistics.fmean(self.samples), "max": max(self.samples),
                "samples": len(self.samples)}


# ---------------------------------------------------------------------------- the docs
DOCS = ROOT / "docs" / "performance.md"
README = ROOT / "README.md"
REGION = ("<!-- bench:start -->", "<!-- bench:end -->")
"""The generated region of docs/performance.md and of README.md: ``make bench`` rewrites
what lies between these two lines and nothing else."""


def replace_region(text: str, content: str, where: str = "the file") -> str:
    """``text`` with the lines between the :data:`REGION` marker lines (each a line of its
    own) replaced by ``content``; ``ValueError`` if the markers are missing, repeated or out
    of order.

    >>> replace_region("a\\n<!-- bench:start -->\\nold\\n<!-- bench:end -->\\nb\\n", "new")
    'a\\n<!-- bench:start -->\\nnew\\n<!-- bench:end -->\\nb\\n'
    """
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == REGION[0]]
    ends = [i for i, line in enumerate(lines) if line.strip() == REGION[1]]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise ValueError(f"{where} needs exactly one line '{REGION[0]}' followed by one line "
                         f"'{REGION[1]}': make bench writes its figures between them")
    i, j = starts[0], ends[0]
    return "\n".join([*lines[:i + 1], content.strip(), *lines[j:]])


def run_line(meta: dict[str, Any]) -> str:
    """When and where the figures were measured: date, HEAD, CPUs, load average."""
    date = meta["date"].replace("T", " ").replace("+00:00", " UTC")
    head = f"`{meta['git_head']}`" + (" plus uncommitted changes" if meta.get("git_dirty") else "")
    load = meta.get("load", {})
    during = (f", mean {load['mean']:.1f} and at most {load['max']:.1f} during the run"
              if load else "")
    minutes = meta.get("seconds", 0) / 60
    skipped = meta.get("skipped") or []
    return (f"Measured {date} by `make bench` at HEAD {head}, {meta['cpus']} CPUs, "
            f"{minutes:.0f} min; load average {meta['loadavg_start'][0]:.1f} at the start, "
            f"{meta['loadavg_end'][0]:.1f} at the end{during}"
            + (f"; sections not run: {', '.join(skipped)}" if skipped else "") + ".")


def _counts(rows: Sequence[Row]) -> tuple[int, int, list[Row]]:
    judged = [r for r in rows if r.passed is not None]
    missed = [r for r in judged if not r.passed]
    return len(judged) - len(missed), len(judged), missed


def performance_region(rows: Sequence[Row], meta: dict[str, Any]) -> str:
    """The generated part of docs/performance.md: the run line, a summary, the misses with
    their notes, and the whole table."""
    met, judged, missed = _counts(rows)
    lines = [run_line(meta), "",
             f"**{met} of {judged} targets met.**"]
    if missed:
        lines[-1] = f"**{met} of {judged} targets met.** Missed:"
        lines.append("")
        lines += [f"* {r.name}: {format_value(r.value, r.unit)} against {r.target}"
                  + (f" ({r.note})" if r.note else "") for r in missed]
    lines += ["", markdown_table(rows)]
    return "\n".join(lines)


def _span(rows: Sequence[Row], fmt: Callable[[Row], str] | None = None) -> str:
    values = [r for r in rows if r.value is not None]
    if not values:
        return "not measured"
    lo, hi = min(values, key=lambda r: r.value), max(values, key=lambda r: r.value)
    fmt = fmt or (lambda r: format_value(r.value, r.unit))
    return fmt(lo) if lo is hi else f"{fmt(lo)}–{fmt(hi)}"


def _verdict(rows: Sequence[Row]) -> str:
    met, judged, missed = _counts(rows)
    if not judged:
        return "—" if rows else "not run"
    if not missed:
        return f"met ({met} of {judged})"
    return f"**missed** by {', '.join(r.name.split(' vs ')[0] for r in missed)} ({met} of {judged})"


def readme_region(rows: Sequence[Row], meta: dict[str, Any]) -> str:
    """The README's performance table: one line per kind of figure, from the same rows."""
    def pick(section: str, test: Callable[[Row], bool] = lambda r: True) -> list[Row]:
        return [r for r in rows if r.section == section and test(r)]

    act = pick("activations")
    worst = max((r for r in act if r.value is not None), default=None,
                key=lambda r: r.value / float(re.sub(r"[^0-9.]", "", r.target) or 1))
    act_text = _span(act) + (f"; nearest its limit: {worst.name.split(' vs ')[0]} "
                             f"{worst.value:.2f}× ({worst.target})" if worst else "")
    kernel = pick("kernel", lambda r: "front end connected" in r.name)
    floor = pick("browser", lambda r: r.name.startswith("floor"))
    showdown = pick("browser", lambda r: r.name.startswith("ShowdownExplorer"))
    others = pick("browser", lambda r: not r.name.startswith(("floor", "ShowdownExplorer")))
    notebooks, memory = pick("notebooks"), pick("memory")
    make_test, lab = pick("maketest"), pick("lab", lambda r: r.name.startswith("fresh clone"))

    def x_floor(r: Row) -> str:
        f = r.extra.get("floor_ms")
        return format_value(r.value, r.unit) + (f" ({r.value / f:.1f}× the floor)" if f else "")

    table = [
        ("g, g′, g″ of every activation vs its NumPy/SciPy one-liner, 10⁷ float64 values",
         "course's g, g′ ≤ 1.5× (sigmoid, tanh, softplus, Mish ≤ 1.2×; ReLU, Leaky ReLU, ELU "
         "g ≤ 1.3×); every other function of the atlas ≤ 3×",
         act_text, _verdict(act)),
        (f"slider step, kernel side (median per explorer, {len(kernel)} explorers)", "< 50 ms",
         _span(kernel), _verdict(kernel)),
        ("the floor: a slider moving one point, browser end to end", "—",
         _span(floor), "—"),
        (f"slider step, browser end to end (median per explorer, {len(others)} explorers)",
         "< 150 ms", _span(others, x_floor), _verdict(others)),
        ("the showdown explorer (notebook 10), browser end to end", "≤ 100 ms",
         _span(showdown, x_floor), _verdict(showdown)),
        ("each notebook from a fresh kernel", "< 10 s (07, 10: < 30 s)", _span(notebooks),
         _verdict(notebooks)),
        ("peak kernel memory per notebook", "≤ 300 MB", _span(memory), _verdict(memory)),
        ("`make test` on 2 cores", "< 10 min", _span(make_test), _verdict(make_test)),
        ("fresh clone → `make lab` serving the first notebook", "—", _span(lab), "—"),
    ]
    lines = ["| what | target | measured | |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in table]
    lines += ["", run_line(meta) + " Every figure, and how it is measured: "
              "[docs/performance.md](docs/performance.md)."]
    return "\n".join(lines)


def write_docs(rows: Sequence[Row], meta: dict[str, Any], docs: Path = DOCS,
               readme: Path = README) -> None:
    """Write the figures into the generated regions of docs/performance.md and README.md."""
    for path, content in ((docs, performance_region(rows, meta)),
                          (readme, readme_region(rows, meta))):
        text = path.read_text(encoding="utf-8")
        path.write_text(replace_region(text, content, str(path.name)), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    parser.add_argument("--skip", help="comma-separated sections to leave out")
    parser.add_argument("--size", type=int, default=10**7, help="values per activation call")
    parser.add_argument("--repeat", type=int, default=11, help="timed rounds per activation pair")
    parser.add_argument("--steps", type=int, default=30, help="slider steps per explorer")
    parser.add_argument("--explorers", default="",
                        help="comma-separated explorer class names (kernel, browser): only these")
    parser.add_argument("--notebook-repeats", type=int, default=3, help="runs per notebook")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--docs", action="store_true",
                        help="also write the figures into docs/performance.md and README.md "
                             "(between their <!-- bench:start/end --> lines; make bench does)")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="measure nothing: write the docs from the results of an earlier run")
    args = parser.parse_args(argv)
    if args.render:
        stored = json.loads(args.render.read_text(encoding="utf-8"))
        write_docs([Row(**r) for r in stored["rows"]], stored["meta"])
        print(f"figures of {args.render} written into {DOCS.relative_to(ROOT)} and "
              f"{README.relative_to(ROOT)}")
        return 0
    try:
        sections = parse_sections(args.only, args.skip)
    except ValueError as err:
        parser.error(str(err))
    explorers = [e.strip() for e in args.explorers.split(",") if e.strip()]
    runners: dict[str, Callable[[], list[Row]]] = {
        "activations": lambda: bench_activations(args.size, args.repeat),
        "kernel": lambda: bench_kernel(args.steps, explorers),
        "browser": lambda: bench_browser(args.steps, explorers),
        "notebooks": lambda: bench_notebooks(args.notebook_repeats),
        "nbval": bench_nbval,
        "maketest": bench_make_test,
        "env": bench_env,
        "lab": bench_fresh_clone,
    }
    meta = machine()
    meta["skipped"] = [sec for sec in SECTIONS if sec not in sections]
    sampler = LoadSampler()
    began = time.perf_counter()
    rows: list[Row] = []
    for section in sections:
        start = time.perf_counter()
        print(f"[bench] {section} ...", file=sys.stderr, flush=True)
        try:
            new = runners[section]()
        except Exception as err:  # one broken section must not lose the others
            new = [Row(section, section, None, "", note=f"failed: {type(err).__name__}: {err}")]
        rows.extend(new)
        print(f"[bench] {section} done in {time.perf_counter() - start:.0f} s", file=sys.stderr,
              flush=True)
    meta["loadavg_end"] = os.getloadavg()
    meta["load"] = sampler.stop()
    meta["seconds"] = time.perf_counter() - began
    table = markdown_table(rows)
    print(table)
    print("\n" + run_line(meta))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"meta": meta, "rows": [asdict(r) for r in rows],
                                     "table": table}, indent=1, ensure_ascii=False))
    print(f"results written to {args.json}")
    if args.docs:
        write_docs(rows, meta)
        print(f"figures written into {DOCS.relative_to(ROOT)} and {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
