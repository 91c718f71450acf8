"""The training showdown's figures and explorer (notebook 10). The runs and tables are
the experiment :mod:`course_lib.experiments.showdown`.

* figures: :func:`loss_curves_figure`, :func:`accuracy_figure`,
  :func:`gradient_norms_figure`, :func:`decision_boundary_grid`;
* :class:`ShowdownExplorer` picks data set, depth, learning rate and activation, and shows the
  decision boundary and the loss curves; its static twin is :func:`settings_figure`.

Introduced in notebook 10.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap

from course_lib import plots
from course_lib.activations import ACTIVATIONS
from course_lib.experiments.datasets import DATASETS
from course_lib.experiments.nn import MLP
from course_lib.experiments.showdown import (
    Run,
    Showdown,
    ShowdownSettings,
    _check_result,
    _check_settings,
    _data,
    _names,
    train_one,
    train_showdown_setting,
)
from course_lib.widgets.base import Explorer
from course_lib.widgets.controls import choice_slider, int_slider

COLOURS = {name: act.colour for name, act in ACTIVATIONS.items()}
"""One colour per activation, from its record: the same in every figure of the course."""

MAP_CMAP = ListedColormap(
    ["#2c6fa8", "#4f8cc0", "#7aaad3", "#a9c8e4", "#d6e5f2",
     "#f6dccd", "#efb89d", "#e39170", "#d46a45", "#c0461f"], name="course_probability")
"""P(y = 1 | x) in ten bands, blue (class 0) to vermillion (class 1): flat bands read as
probability levels, and (for the explorer) compress well when blitted."""

STYLES = {name: act.linestyle for name, act in ACTIVATIONS.items()}
"""Line style by family, from the record: dashed for the classic squashing functions, solid
for the ReLU family, dash-dot for the smooth modern ones."""


# ---------------------------------------------------------------------------- figures
def _label(ax, xlabel: str = "", ylabel: str = "", title: str = "") -> None:
    with plots.course_style():
        if xlabel:
            ax.set_xlabel(xlabel)
        if ylabel:
            ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)


def loss_curves_figure(result: Showdown) -> plots.CourseFigure:
    """One panel per data set: the training loss per epoch of each activation (mean over the
    seeds), on a log scale."""
    _check_result(result, "loss_curves_figure")
    fig, axes = plots.new_figure(len(result.datasets), width=4.3, height=3.9, sharey=True)
    with plots.course_style():
        for ax, d in zip(axes[0], result.datasets, strict=True):
            for a in result.activations:
                losses = np.array([h.loss for h in result.histories(d, a)])
                mean = np.exp(np.nanmean(np.log(losses), axis=0))
                ax.plot(np.arange(1, losses.shape[1] + 1), mean, STYLES[a], color=COLOURS[a],
                        label=ACTIVATIONS[a].title, linewidth=2)
            ax.set_yscale("log")
            _label(ax, "epoch", title=d)
        axes[0, 0].set_ylabel("training loss (geometric mean)")
        fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside right center",
                   fontsize=10.5)
    fig.suptitle("Same network, same budget: how fast each activation brings the loss down")
    return plots.CourseFigure(fig, "loss curves: " + ", ".join(result.datasets))


def accuracy_figure(result: Showdown) -> plots.CourseFigure:
    """Final training accuracy, one dot per seed and a bar for the mean, per activation and
    data set."""
    _check_result(result, "accuracy_figure")
    fig, axes = plots.new_figure(len(result.datasets), width=4.6, height=3.8, sharey=True)
    x = np.arange(len(result.activations))
    with plots.course_style():
        for ax, d in zip(axes[0], result.datasets, strict=True):
            for i, a in enumerate(result.activations):
                acc = result.final(d, a)
                ax.bar(i, np.nanmean(acc), color=COLOURS[a], alpha=0.35, width=0.75)
                ax.plot(np.full(acc.shape, i), acc, "o", color=COLOURS[a], markersize=5)
            ax.set_xticks(x, [ACTIVATIONS[a].title.split(" /")[0] for a in result.activations],
                          rotation=60, ha="right", fontsize=10)
            ax.set_ylim(0.4, 1.02)
            ax.grid(axis="x", visible=False)
            _label(ax, title=d)
        axes[0, 0].set_ylabel("final training accuracy")
    return plots.CourseFigure(fig, "final accuracy per activation: " + ", ".join(result.datasets))


def gradient_norms_figure(result: Showdown, dataset: str | None = None) -> plots.CourseFigure:
    """One panel per weight layer (input side first): ‖∂L/∂W_l‖ during training on one data
    set, geometric mean over the seeds, one line per activation, log scale."""
    _check_result(result, "gradient_norms_figure")
    d = dataset or result.datasets[0]
    n_layers = result.settings.depth + 1
    fig, axes = plots.new_figure(n_layers, width=4.3, height=3.8, sharey=True)
    with plots.course_style():
        for layer, ax in enumerate(axes[0]):
            for a in result.activations:
                norms = np.array([h.grad_norms[:, layer] for h in result.histories(d, a)])
                with np.errstate(divide="ignore"):
                    mean = np.exp(np.nanmean(np.log(norms), axis=0))
                ax.plot(np.arange(1, norms.shape[1] + 1), mean, STYLES[a], color=COLOURS[a],
                        label=ACTIVATIONS[a].title, linewidth=1.8)
            ax.set_yscale("log")
            name = "output layer" if layer == n_layers - 1 else f"layer {layer + 1}"
            _label(ax, "epoch", title=f"‖∂L/∂W‖, {name}")
        axes[0, 0].set_ylabel("gradient norm (geometric mean)")
        fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside right center",
                   fontsize=10.5)
    fig.suptitle(f"{d}: the gradient each layer receives during training")
    return plots.CourseFigure(fig, f"per-layer gradient norms during training: {d}")


def datasets_figure(names: Sequence[str] = ("spirals", "moons", "circles"), n: int = 200,
                    seed: int = 0) -> plots.CourseFigure:
    """The toy data sets side by side (class 0 blue, class 1 vermillion).

    >>> datasets_figure(("xor",), n=20)
    <figure: data sets: xor>
    """
    names = _names(names, "datasets_figure", "data sets", list(DATASETS))
    fig, axes = plots.new_figure(len(names), width=3.3, height=3.3)
    with plots.course_style():
        for ax, name in zip(axes[0], names, strict=True):
            X, y = DATASETS[name](n=n, seed=seed)
            for label, colour in [(0, plots.BLUE), (1, plots.VERMILLION)]:
                ax.scatter(*X[y == label].T, s=12, color=colour, label=f"class {label}",
                           linewidths=0)
            ax.set_aspect("equal", adjustable="datalim")
            ax.set_xticks([])
            ax.set_yticks([])
            _label(ax, title=f"{name} ({n} points)")
        axes[0, 0].legend(loc="lower left", fontsize=9.5, handletextpad=0.1)
    return plots.CourseFigure(fig, "data sets: " + ", ".join(names))


def _grid(X: np.ndarray, steps: int = 60) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    lo, hi = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    xs, ys = np.linspace(lo[0], hi[0], steps), np.linspace(lo[1], hi[1], steps)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()]), (lo[0], hi[0], lo[1], hi[1])


def _boundary(ax, model: MLP, X: np.ndarray, y: np.ndarray, steps: int = 45):
    """Draw P(y = 1 | x) as an image, the 1/2 contour and the data; return the image."""
    points, extent = _grid(X, steps)
    p = model.predict_proba(points).reshape(steps, steps)
    image = ax.imshow(p, origin="lower", extent=extent, cmap=MAP_CMAP, vmin=0, vmax=1,
                      aspect="auto", interpolation="nearest")
    ax.scatter(X[:, 0], X[:, 1], c=np.where(y == 1, plots.VERMILLION, plots.BLUE), s=7,
               linewidths=0)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    return image


def decision_boundary_grid(result: Showdown, seed: int | None = None) -> plots.CourseFigure:
    """Rows: data sets; columns: activations. Each panel shows the trained network's
    P(y = 1 | x) (red = 1, blue = 0) with the training data, and the final accuracy."""
    _check_result(result, "decision_boundary_grid")
    seed = result.seeds[0] if seed is None else seed
    fig, axes = plots.new_figure(len(result.activations), len(result.datasets), width=1.65,
                                 height=1.75)
    with plots.course_style():
        for r, d in enumerate(result.datasets):
            X, y = result.data[d]
            for c, a in enumerate(result.activations):
                ax = axes[r, c]
                run = result.runs[d, a, seed]
                _boundary(ax, run.model, X, y)
                ax.set_title(f"{run.history.final_accuracy:.2f}", fontsize=10.5, pad=2)
                if r == 0:
                    ax.text(0.5, 1.25, ACTIVATIONS[a].title.split(" /")[0],
                            transform=ax.transAxes, ha="center", fontsize=11.5)
                if c == 0:
                    ax.set_ylabel(d, fontsize=11.5)
    fig.suptitle(f"Decision boundaries after training (seed {seed}; number = training accuracy)",
                 fontsize=12.5)
    return plots.CourseFigure(fig, f"decision boundaries, seed {seed}: "
                                   f"{len(result.datasets)} data sets × "
                                   f"{len(result.activations)} activations")


# ---------------------------------------------------------------------------- explorer
#: The learning rates the showdown explorer's slider offers (the settings' own is added).
LEARNING_RATES = (0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)


class ShowdownExplorer(Explorer):
    """Pick a data set, a depth and a learning rate: one network per activation (seed 0)
    is trained with the showdown's budget, and kept. Pick an activation: its decision
    boundary (left) and its loss curve, highlighted among the others (right).

    A new (data set, depth, learning rate) trains the networks as one batched computation
    (a fraction of a second to a second); while that runs, the readout says so and the old
    picture stays. Once the explorer is on a page (or after its first step), every other
    setting of the chosen data set is trained in the background, nearest to the current one
    first, in a separate low-priority process (so the kernel stays free to redraw), and a
    step usually finds its networks ready and only redraws. Every redraw is blitted.

    >>> ShowdownExplorer(settings=ShowdownSettings(epochs=3), dataset="xor")
    ShowdownExplorer(xor, depth=2, lr=1.5, relu) [interactive: run the cell to use it]
    """

    GRID = 60
    prefetch = True
    """Train the other settings of the data set in the background (set to False to train
    only what is asked for)."""

    def __init__(self, result: Showdown | None = None, settings: ShowdownSettings | None = None,
                 dataset: str = "spirals", activation: str = "relu"):
        if result is not None:
            _check_result(result, "ShowdownExplorer")
        if settings is not None:
            _check_settings(settings, "ShowdownExplorer")
        _names([dataset], "ShowdownExplorer", "data sets", list(DATASETS))
        _names([activation], "ShowdownExplorer", "activations", list(ACTIVATIONS))
        self.base = settings or (result.settings if result else ShowdownSettings())
        self.cache: dict[tuple[str, int, float], dict[str, Run]] = {}
        self._lock = threading.Lock()
        self._training: dict[tuple[str, int, float], threading.Event] = {}
        self._queue: list[tuple[str, int, float]] = []
        self._worker: threading.Thread | None = None
        self._working = False    # a background thread is running (and reads the queue)
        # the first draw (when the cell runs) starts no training: a page showing the
        # explorer, or a first step, does (so that nbval and nbconvert train nothing extra)
        self._interacted = False
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False
        self.background_process = True
        """Train in the background in a separate process (else in a thread of the kernel,
        also the fallback where no process can be started)."""
        self._maps: dict[tuple[str, int, float, str], np.ndarray] = {}
        if result is not None and 0 in result.seeds and set(result.activations) == set(ACTIVATIONS):
            s = result.settings  # reuse the showdown's seed-0 runs: no training needed
            for d in result.datasets:
                self.cache[d, s.depth, float(s.lr)] = {a: result.runs[d, a, 0]
                                                       for a in result.activations}
        self.fig, axes = plots.new_figure(2, width=4.3, height=3.5)
        self.ax_map, self.ax_loss = axes[0]
        self._key: tuple[str, int, float] | None = None
        self._dataset_shown: str | None = None
        with plots.course_style():
            self.image = self.ax_map.imshow(np.zeros((self.GRID, self.GRID)), origin="lower",
                                            cmap=MAP_CMAP, vmin=0, vmax=1, aspect="auto",
                                            interpolation="nearest", extent=(0, 1, 0, 1))
            self.points = self.ax_map.scatter([], [], s=9, linewidths=0)
            self.others = {a: self.ax_loss.plot([], [], color=COLOURS[a], linewidth=1.2,
                                                alpha=0.45)[0] for a in ACTIVATIONS}
            (self.chosen,) = self.ax_loss.plot([], [], color="black", linewidth=3.2)
            self.title = self.ax_map.text(0.5, 1.02, "", transform=self.ax_map.transAxes,
                                          ha="center", va="bottom", fontsize=13)
        self.ax_map.set_xticks([])
        self.ax_map.set_yticks([])
        self.ax_map.grid(False)
        self.ax_loss.set_yscale("log")
        self.ax_loss.set_xlim(1, max([self.base.epochs,
                                      *(e for _, e in self.base.epochs_by_dataset)]))
        self.ax_loss.set_ylim(1e-3, 2.0)
        _label(self.ax_loss, "epoch", "training loss", "loss of every activation (chosen: black)")
        self.dataset = widgets.Dropdown(options=list(DATASETS), value=dataset,
                                        description="data")
        self.depth = int_slider("depth", self.base.depth, 1, 4, width="300px",
                                continuous_update=False)
        # round values only, so that every rate the notebook and the guide name (0.3, 1.5...)
        # can be set with the slider itself
        rates = sorted({*LEARNING_RATES, float(self.base.lr)})
        self.lr = choice_slider("lr", [(f"{r:g}", r) for r in rates], float(self.base.lr),
                                width="300px", continuous_update=False)
        self.activation = widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                           description="activation")
        # everything that changes is animated (blitted): the map, the data, the title and
        # every loss curve, the chosen one last (on top); axes and labels stay as drawn
        self._assemble([self.dataset, self.depth, self.lr, self.activation],
                       [self.image, self.points, self.title, *self.others.values(),
                        self.chosen])
        if hasattr(self.canvas, "on_msg"):   # ipympl: the page says when it shows the figure
            self.canvas.on_msg(self._on_canvas_message)

    def runs_for(self, dataset: str, depth: int, lr: float) -> dict[str, Run]:
        """The seed-0 runs (one per activation) for this setting, trained on first use (all
        in one batched computation, :func:`course_lib.experiments.nn.train_networks`) and then
        kept. A setting that the background is training already is waited for, not trained
        twice."""
        key = (dataset, int(depth), float(lr))
        while True:
            with self._lock:
                if key in self.cache:
                    return self.cache[key]
                busy = self._training.get(key)
                if busy is None:
                    busy = self._training[key] = threading.Event()
                    break
            busy.wait()
        try:
            runs = train_showdown_setting(dataset, self._settings(key))
            with self._lock:
                self.cache[key] = runs
        finally:
            with self._lock:
                self._training.pop(key).set()
        return runs

    def _settings(self, key: tuple[str, int, float]) -> ShowdownSettings:
        return self.base.with_(depth=key[1], lr=key[2])

    def on_the_grid(self, lr: float) -> float:
        """The learning rate of a setting already trained (or being trained) that ``lr``
        matches to 1e−9, else ``lr``: a rate set in code and the same rate on the slider may
        differ in the last bit; they are one setting."""
        with self._lock:
            known = [k[2] for k in (*self.cache, *self._training, *self._queue)]
        return next((k for k in known if abs(k - lr) <= 1e-9 * lr), lr)

    def neighbours(self, dataset: str, depth: int, lr: float) -> list[tuple[str, int, float]]:
        """The settings one or two slider steps away not yet trained (learning rate first,
        then depth), nearest first."""
        return [k for k in self.prefetch_order(dataset, depth, lr)
                if abs(k[1] - depth) + abs(self._rate_index(k[2]) - self._rate_index(lr)) <= 2
                and (k[1] == depth or k[2] == lr)]

    def _rate_index(self, lr: float) -> int:
        rates = [float(v) for _, v in self.lr.options]
        return min(range(len(rates)), key=lambda i: abs(rates[i] - lr))

    def prefetch_order(self, dataset: str, depth: int, lr: float) -> list[tuple[str, int, float]]:
        """Every setting of ``dataset`` the sliders can reach and not yet trained, nearest
        (in slider steps: depth steps plus learning-rate steps) first; at equal distance,
        learning-rate steps before depth steps, up before down."""
        rates = [float(v) for _, v in self.lr.options]
        here = self._rate_index(lr)
        keys = []
        for d in range(self.depth.min, self.depth.max + 1):
            for i, r in enumerate(rates):
                steps = abs(d - depth) + abs(i - here)
                keys.append(((steps, abs(d - depth), i < here, d < depth), (dataset, d, r)))
        keys.sort(key=lambda item: item[0])
        with self._lock:
            return [k for _, k in keys if k not in self.cache and k != (dataset, depth, lr)]

    def _prefetch(self, keys: list[tuple[str, int, float]]) -> None:
        """Train ``keys`` in the background, in this order (a newer request replaces the
        rest of an older one); the learner's own step never waits for them, except for a
        setting that is being trained already."""
        with self._lock:
            self._queue = list(keys)
            if self._working:       # the running thread takes the new queue
                return
            self._working = True
            self._worker = threading.Thread(target=self._work, daemon=True,
                                            name="showdown-prefetch")
            self._worker.start()

    def _work(self) -> None:
        """The background: one setting after another from the queue, each trained in the
        worker process (the thread only waits for it) or, without one, in this thread."""
        while True:
            with self._lock:
                todo = [k for k in self._queue if k not in self.cache and k not in self._training]
                if not todo or self._closed:
                    self._queue = []
                    self._working = False
                    pool, self._pool = self._pool, None
                    break
                key = todo[0]
                self._queue.remove(key)
                self._training[key] = threading.Event()
            try:
                runs = self._train_in_background(key)
                if runs is not None:
                    with self._lock:
                        self.cache[key] = runs
            finally:
                with self._lock:
                    self._training.pop(key).set()
        if pool is not None:   # the data set's grid is done: the process is not needed
            pool.shutdown(wait=False)

    def _train_in_background(self, key: tuple[str, int, float]) -> dict[str, Run] | None:
        """The runs of one setting, trained by the worker process if there is one; None if
        the explorer was closed meanwhile."""
        with self._lock:
            if self.background_process and self._pool is None and not self._closed:
                self._pool = _background_pool()
                self.background_process = self._pool is not None
            pool = self._pool
        if pool is not None:
            try:
                return pool.submit(train_showdown_setting, key[0], self._settings(key)).result()
            except RuntimeError:        # shut down by close(): stop
                return None
            except (BrokenProcessPool, OSError):   # the process died: go on in this thread
                with self._lock:
                    self._pool = None
                    self.background_process = False
        return train_showdown_setting(key[0], self._settings(key))

    def close(self) -> None:
        lock = getattr(self, "_lock", None)   # also called on a half-built explorer
        if lock is not None:
            with lock:
                self._closed = True
                self._queue = []
                pool = self._pool
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        super().close()

    def _start_background(self) -> None:
        """Queue every untrained setting of the current data set, nearest first."""
        if self.prefetch:
            lr = self.on_the_grid(float(self.lr.value))
            self._prefetch(self.prefetch_order(self.dataset.value, int(self.depth.value), lr))

    def _on_canvas_message(self, widget, content, buffers) -> None:
        """ipympl's page reports 'initialized' when it shows the figure: a learner is
        looking, so start training the other settings."""
        if isinstance(content, dict) and content.get("type") == "initialized":
            self._interacted = True
            self._start_background()

    def update(self) -> str:
        lr = float(self.lr.value)
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"the learning rate must be a positive number, got {lr}")
        lr = self.on_the_grid(lr)
        dataset, depth, name = self.dataset.value, int(self.depth.value), self.activation.value
        key = (dataset, depth, lr)
        if key not in self.cache:
            self.readout.value = (f"training {len(ACTIVATIONS)} networks for this setting "
                                  "(up to a second or two); the picture shows the last one…")
        runs = self.runs_for(dataset, depth, lr)
        if self._interacted:
            self._start_background()    # re-ordered from here: nearest settings first
        self._interacted = True
        X, y = DATASETS[dataset](n=self.base.n, seed=self.base.data_seed)
        if key != self._key:               # new curves for the others (all blitted)
            self._key = key
            for a, line in self.others.items():
                h = runs[a].history
                line.set_data(np.arange(1, h.epochs + 1), h.loss)
            if dataset != self._dataset_shown:
                self._dataset_shown = dataset
                points, extent = _grid(X, self.GRID)
                self._points = points
                self.image.set_extent(extent)
                self.ax_map.set_xlim(extent[0], extent[1])
                self.ax_map.set_ylim(extent[2], extent[3])
                self.points.set_offsets(X)
                self.points.set_color(np.where(y == 1, plots.VERMILLION, plots.BLUE))
        run = runs[name]
        if (*key, name) not in self._maps:  # each map is computed once, then only shown
            p = run.model.predict_proba(self._points).reshape(self.GRID, self.GRID)
            self._maps[*key, name] = p
        self.image.set_data(self._maps[*key, name])
        self.title.set_text(f"{ACTIVATIONS[name].title} on {dataset}")
        h = run.history
        self.chosen.set_data(np.arange(1, h.epochs + 1), h.loss)
        if h.diverged_epoch is not None:
            return (f"⚠ {ACTIVATIONS[name].title} diverged at epoch {h.diverged_epoch + 1} with "
                    f"lr {lr:.3g}: the loss became inf or NaN. Try a smaller learning rate.")
        best = max(runs, key=lambda a: (np.nan_to_num(runs[a].history.final_accuracy),
                                        -np.nan_to_num(runs[a].history.final_loss, nan=1e9)))
        return (f"{ACTIVATIONS[name].title}, {dataset}, depth {depth}, lr {lr:.3g}: final "
                f"accuracy <b>{h.final_accuracy:.3f}</b>, loss {h.final_loss:.4f}; best here: "
                f"{ACTIVATIONS[best].title} ({runs[best].history.final_accuracy:.3f})")

    def settings(self) -> str:
        return (f"{self.dataset.value}, depth={self.depth.value}, lr={float(self.lr.value):.3g}, "
                f"{self.activation.value}")


def _lower_priority() -> None:
    """In the background process: yield the processor to the learner's kernel and page,
    and end when the kernel does, even if it was killed (the process is then adopted by
    another parent: checked every second)."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(10)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="showdown-watch-parent").start()


def _background_pool() -> ProcessPoolExecutor | None:
    """One worker process (spawned: a fresh interpreter, safe from a threaded kernel) at low
    priority, or None where processes cannot be started."""
    try:
        return ProcessPoolExecutor(max_workers=1, initializer=_lower_priority,
                                   mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError, NotImplementedError, ImportError):
        return None


def settings_figure(dataset: str = "spirals", activations: Sequence[str] = ("sigmoid", "relu"),
                    settings: Sequence[tuple[int, float]] = ((1, 1.5), (2, 1.5), (4, 0.3)),
                    base: ShowdownSettings | None = None,
                    result: Showdown | None = None) -> plots.CourseFigure:
    """Static twin of :class:`ShowdownExplorer`: decision boundaries (seed 0) for a few
    (depth, learning rate) settings (columns) and activations (rows), with the accuracy.
    Runs that ``result`` already holds (same settings, seed 0) are reused, not retrained.

    >>> settings_figure("xor", ("tanh",), ((1, 1.0),), ShowdownSettings(epochs=3))
    <figure: decision boundaries on xor: tanh at depth/lr 1/1>
    """
    if result is not None:
        _check_result(result, "settings_figure")
    if base is not None:
        _check_settings(base, "settings_figure")
    _names([dataset], "settings_figure", "data sets", list(DATASETS))
    activations = _names(activations, "settings_figure", "activations", list(ACTIVATIONS))
    base = base or (result.settings if result else ShowdownSettings())
    fig, axes = plots.new_figure(len(settings), len(activations), width=2.6, height=2.5)
    with plots.course_style():
        for r, a in enumerate(activations):
            for c, (depth, lr) in enumerate(settings):
                s = base.with_(depth=depth, lr=lr)
                X, y = _data(dataset, s)
                key = (dataset, a, 0)
                if result is not None and result.settings == s and key in result.runs:
                    run = result.runs[key]
                else:
                    run = train_one(dataset, a, 0, s, (X, y))
                ax = axes[r, c]
                _boundary(ax, run.model, X, y)
                ax.set_title(f"depth {depth}, lr {lr:g}: {run.history.final_accuracy:.2f}",
                             fontsize=10.5)
                if c == 0:
                    ax.set_ylabel(ACTIVATIONS[a].title, fontsize=11.5)
    fig.suptitle(f"{dataset}: depth and learning rate change the picture", fontsize=12.5)
    return plots.CourseFigure(fig, f"decision boundaries on {dataset}: {', '.join(activations)} "
                                   f"at depth/lr {', '.join(f'{d}/{lr:g}' for d, lr in settings)}")


__all__ = [
    "COLOURS",
    "ShowdownExplorer",
    "accuracy_figure",
    "datasets_figure",
    "decision_boundary_grid",
    "gradient_norms_figure",
    "loss_curves_figure",
    "settings_figure",
]
