"""The training showdown's experiment (notebook 10): the same small network, trained on toy
data with each activation of the course under the same seeds and budget; its numbers as
tables. No widgets and no figures here: :mod:`course_lib.widgets.showdown` draws them.

* :func:`run_showdown` trains every (data set, activation, seed) and returns a
  :class:`Showdown` with the histories and the trained models;
* :func:`results_table` renders its numbers (mean ± sd over seeds) as a Markdown table,
  :func:`gradient_table` the gradient each layer receives.

Introduced in notebook 10.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from IPython.display import Markdown

from course_lib.activations import ACTIVATIONS
from course_lib.experiments.datasets import DATASETS
from course_lib.experiments.nn import MLP, TrainingHistory, train, train_networks


# ---------------------------------------------------------------------------- the runs
@dataclass(frozen=True)
class ShowdownSettings:
    """The budget every run gets: network shape, training, data.

    ``epochs`` is the budget on every data set, unless ``epochs_by_dataset`` gives another
    one for a data set, e.g. ``(("moons", 80),)``: the same budget for every activation on
    one problem, a shorter one where every activation that can learn it is done early.
    """

    depth: int = 2
    width: int = 16
    epochs: int = 150
    lr: float = 1.5
    batch_size: int | None = None
    n: int = 200
    init: str = "he"
    data_seed: int = 0
    epochs_by_dataset: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        for name in ("depth", "width", "epochs", "n", "data_seed"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"ShowdownSettings() expects {name} to be a whole number, got "
                                f"{type(value).__name__} {value!r}")
        if isinstance(self.lr, bool) or not isinstance(self.lr, (int, float, np.number)):
            raise TypeError(f"ShowdownSettings() expects lr to be a number, got "
                            f"{type(self.lr).__name__} {self.lr!r}")
        if self.batch_size is not None and (isinstance(self.batch_size, bool) or
                                            not isinstance(self.batch_size, (int, np.integer))):
            raise TypeError(f"ShowdownSettings() expects batch_size to be a whole number or "
                            f"None, got {type(self.batch_size).__name__} {self.batch_size!r}")
        if not isinstance(self.init, str):
            raise TypeError(f"ShowdownSettings() expects init to be a name (str), got "
                            f"{type(self.init).__name__} {self.init!r}")
        pairs = self.epochs_by_dataset
        if not isinstance(pairs, tuple) or not all(
                isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str)
                and isinstance(p[1], int) and not isinstance(p[1], bool) for p in pairs):
            raise TypeError(f"ShowdownSettings() expects epochs_by_dataset as a tuple of "
                            f"(data set, epochs) pairs, got {pairs!r}")

    def epochs_for(self, dataset: str) -> int:
        return dict(self.epochs_by_dataset).get(dataset, self.epochs)

    def with_(self, **changes) -> ShowdownSettings:
        """A copy with some settings changed."""
        return replace(self, **changes)

    def describe(self) -> str:
        batch = "full batch" if self.batch_size is None else f"batches of {self.batch_size}"
        budget = f"{self.epochs} epochs"
        if self.epochs_by_dataset:
            budget += " (" + ", ".join(f"{e} on {d}" for d, e in self.epochs_by_dataset) + ")"
        return (f"{self.depth} hidden layers of {self.width}, {self.init} init, "
                f"{budget} of gradient descent ({batch}), lr {self.lr:g}, "
                f"{self.n} points")


@dataclass
class Run:
    """One training run: its history and the trained model."""

    history: TrainingHistory
    model: MLP


@dataclass
class Showdown:
    """Every run of a showdown, keyed by (data set, activation, seed)."""

    settings: ShowdownSettings
    datasets: tuple[str, ...]
    activations: tuple[str, ...]
    seeds: tuple[int, ...]
    data: dict[str, tuple[np.ndarray, np.ndarray]]
    runs: dict[tuple[str, str, int], Run] = field(default_factory=dict)

    def histories(self, dataset: str, activation: str) -> list[TrainingHistory]:
        return [self.runs[dataset, activation, s].history for s in self.seeds]

    def final(self, dataset: str, activation: str, what: str = "accuracy") -> np.ndarray:
        """The final ``what`` ("accuracy" or "loss") of each seed (NaN if a run diverged)."""
        return np.array([getattr(h, what)[-1] for h in self.histories(dataset, activation)])

    def epochs_to(self, dataset: str, activation: str, accuracy: float = 0.95) -> np.ndarray:
        """For each seed, the first epoch (1-based) with training accuracy ≥ ``accuracy``,
        or NaN if it never got there."""
        out = []
        for h in self.histories(dataset, activation):
            hit = np.flatnonzero(h.accuracy >= accuracy)
            out.append(float(hit[0] + 1) if hit.size else math.nan)
        return np.array(out)

    def gradient_ratio(self, dataset: str, activation: str) -> np.ndarray:
        """For each seed, the median over epochs of ‖∂L/∂W₁‖ / ‖∂L/∂W_out‖: how much of the
        output layer's gradient reaches the first layer."""
        ratios = []
        for h in self.histories(dataset, activation):
            r = h.grad_norms[:, 0] / h.grad_norms[:, -1]
            ratios.append(float(np.nanmedian(r)))
        return np.array(ratios)

    def median_gradient_norms(self, dataset: str, activation: str) -> np.ndarray:
        """Per weight layer, the median over epochs of ‖∂L/∂W_l‖ (geometric mean over seeds)."""
        norms = np.array([h.grad_norms for h in self.histories(dataset, activation)])
        with np.errstate(divide="ignore"):
            mean = np.exp(np.nanmean(np.log(norms), axis=0))
        return np.nanmedian(mean, axis=0)

    def diverged(self, dataset: str, activation: str) -> int:
        return sum(h.diverged_epoch is not None for h in self.histories(dataset, activation))


def _names(values: object, func: str, what: str, known: Sequence[str]) -> tuple[str, ...]:
    """A non-empty list of names from ``known``: TypeError (naming ``func``) for anything but
    a list of strings, ValueError for an unknown name."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{func}() expects a list of {what}, got {type(values).__name__} "
                        f"{values!r}")
    for v in values:
        if not isinstance(v, str):
            raise TypeError(f"{func}() expects {what} as names (str), got {type(v).__name__} "
                            f"{v!r}")
        if v not in known:
            raise ValueError(f"{func}(): unknown {what[:-1]} {v!r}; choose one of: "
                             f"{', '.join(known)}")
    if not values:
        raise ValueError(f"{func}() needs at least one of the {what}")
    return tuple(values)


def _check_result(result: object, func: str) -> Showdown:
    if not isinstance(result, Showdown):
        raise TypeError(f"{func}() expects the Showdown returned by run_showdown(), got "
                        f"{type(result).__name__}")
    return result


def _check_settings(settings: object, func: str) -> ShowdownSettings:
    if not isinstance(settings, ShowdownSettings):
        raise TypeError(f"{func}() expects settings to be a ShowdownSettings, got "
                        f"{type(settings).__name__} {settings!r}")
    return settings


def _data(name: str, settings: ShowdownSettings) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(name, str):
        raise TypeError(f"expected a data set name (str), got {type(name).__name__} {name!r}")
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of: {', '.join(DATASETS)}")
    return DATASETS[name](n=settings.n, seed=settings.data_seed)


def train_one(dataset: str, activation: str, seed: int, settings: ShowdownSettings,
              data: tuple[np.ndarray, np.ndarray] | None = None) -> Run:
    """Train one network of the showdown (the model seed also seeds the batch order)."""
    _names([dataset], "train_one", "data sets", list(DATASETS))
    _check_settings(settings, "train_one")
    X, y = _data(dataset, settings) if data is None else data
    model = MLP.deep(settings.depth, settings.width, activation=activation, init=settings.init,
                     seed=seed)
    history = train(model, X, y, epochs=settings.epochs_for(dataset), lr=settings.lr,
                    batch_size=settings.batch_size, seed=seed)
    return Run(history, model)


def train_showdown_setting(dataset: str, settings: ShowdownSettings, seed: int = 0,
                           activations: Sequence[str] = tuple(ACTIVATIONS),
                           data: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, Run]:
    """The networks of one setting, one per activation, the same seed, trained at once
    (:func:`course_lib.experiments.nn.train_networks`): ``{activation: Run}``, what
    :func:`train_one` gives for each (the showdown explorer of notebook 10 trains this way)."""
    X, y = _data(dataset, settings) if data is None else data
    models = [MLP.deep(settings.depth, settings.width, activation=a, init=settings.init,
                       seed=seed) for a in activations]
    histories = train_networks(models, X, y, epochs=settings.epochs_for(dataset),
                               lrs=[settings.lr] * len(models),
                               batch_size=settings.batch_size, seed=seed)
    return {a: Run(h, m) for a, h, m in zip(activations, histories, models, strict=True)}


def run_showdown(datasets: Sequence[str] = ("spirals", "moons", "circles"),
                 activations: Sequence[str] = tuple(ACTIVATIONS),
                 seeds: Sequence[int] = (0, 1, 2),
                 settings: ShowdownSettings | None = None,
                 progress: bool = False) -> Showdown:
    """Train every (data set, activation, seed) with the same settings. ``progress=True``
    prints one line per data set.

    >>> s = run_showdown(("xor",), ("tanh", "relu"), seeds=(0,), settings=ShowdownSettings(epochs=5))
    >>> sorted(s.runs)
    [('xor', 'relu', 0), ('xor', 'tanh', 0)]
    """
    settings = ShowdownSettings() if settings is None else _check_settings(settings,
                                                                          "run_showdown")
    datasets = _names(datasets, "run_showdown", "data sets", list(DATASETS))
    activations = _names(activations, "run_showdown", "activations", list(ACTIVATIONS))
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Sequence) or not seeds or \
            any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) for s in seeds):
        raise TypeError(f"run_showdown() expects seeds to be a non-empty list of whole numbers, "
                        f"got {seeds!r}")
    result = Showdown(settings, tuple(datasets), tuple(activations), tuple(seeds),
                      {d: _data(d, settings) for d in datasets})
    for d in datasets:
        for a in activations:
            for s in seeds:
                result.runs[d, a, s] = train_one(d, a, s, settings, result.data[d])
        if progress:
            print(f"{d}: {len(activations)} activations × {len(seeds)} seeds trained")
    return result


# ---------------------------------------------------------------------------- the table
def _mean_sd(values: np.ndarray, digits: int = 2) -> str:
    v = values[np.isfinite(values)]
    if v.size == 0:
        return "—"
    text = f"{v.mean():.{digits}f} ± {v.std(ddof=1):.{digits}f}" if v.size > 1 else f"{v[0]:.{digits}f}"
    missing = values.size - v.size
    return text + (f" ({missing} of {values.size} never)" if missing else "")


def results_table(result: Showdown, speed_datasets: Sequence[str] | None = None) -> Markdown:
    """The showdown's numbers as a Markdown table, mean ± sd over the seeds (sample sd):
    final training accuracy per data set, final loss on the first data set, epochs until
    95 % accuracy on the others, and how much of the output layer's gradient reaches
    layer 1 (median over epochs, first data set)."""
    _check_result(result, "results_table")
    first = result.datasets[0]
    speed = list(result.datasets[1:] if speed_datasets is None else speed_datasets)
    head = (["activation"] + [f"accuracy, {d}" for d in result.datasets] + [f"loss, {first}"]
            + [f"epochs to 95 %, {d}" for d in speed] + [f"‖∂L/∂W₁‖ / ‖∂L/∂W_out‖, {first}"])
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for a in result.activations:
        cells = [ACTIVATIONS[a].title]
        cells += [_mean_sd(result.final(d, a, "accuracy")) for d in result.datasets]
        cells.append(_mean_sd(result.final(first, a, "loss")))
        cells += [_mean_sd(result.epochs_to(d, a), digits=0) for d in speed]
        ratio = result.gradient_ratio(first, a)
        cells.append(f"{np.exp(np.mean(np.log(ratio))):.2g}")
        rows.append("| " + " | ".join(cells) + " |")
    seeds = ", ".join(map(str, result.seeds))
    note = (f"\n\nMean ± sd over seeds {seeds}; {result.settings.describe()}. The last column "
            "is a geometric mean over the seeds.")
    return Markdown("\n".join(rows) + note)


def gradient_table(result: Showdown, dataset: str | None = None) -> str:
    """Per activation, the median over epochs of each layer's ‖∂L/∂W‖ on one data set, as
    text (the numbers behind :func:`gradient_norms_figure`)."""
    _check_result(result, "gradient_table")
    d = dataset or result.datasets[0]
    n_layers = result.settings.depth + 1
    names = [f"layer {k + 1}" for k in range(n_layers - 1)] + ["output"]
    lines = [f"{d}: median over the epochs of ‖∂L/∂W‖ (geometric mean over the seeds)",
             f"{'':13}" + "".join(f"{n:>10}" for n in names)]
    for a in result.activations:
        norms = result.median_gradient_norms(d, a)
        lines.append(f"{ACTIVATIONS[a].title:13}" + "".join(f"{v:10.4f}" for v in norms))
    return "\n".join(lines)


__all__ = ["Run", "Showdown", "ShowdownSettings", "gradient_table", "results_table",
           "run_showdown", "train_one", "train_showdown_setting"]
