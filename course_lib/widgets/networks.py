"""Why activations fail, measured in a real network (notebooks 06 and 07): gradient flow through
depth, saturation, dead units, and the float32 lens.

* :class:`GradientFlowExplorer` – depth, activation, initialisation and scale → per-layer
  ‖∂L/∂W‖ on a log scale and the mean slope g′ per layer; static twin
  :func:`gradient_flow_figure`.
* :func:`activation_histograms_figure` – per-layer histograms of a = g(z) (the Glorot &
  Bengio picture of saturation) for several initialisations.
* :func:`dead_training_figure` – the dead fraction and accuracy during training.
* :func:`born_dead_figure` – how often deep, narrow ReLU nets are born dead.
* :func:`float_zero_figure` – where σ′ becomes exactly 0 in float32 and float64, for the
  forms σ(1 − σ) and σ(z)σ(−z).

Introduced in notebook 06; used by notebook 07 and, for :func:`float_zero_figure`, by the
floating-point appendix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import ipywidgets as widgets
import numpy as np

from course_lib import plots
from course_lib.activations import ACTIVATIONS
from course_lib.experiments.gradients import (
    FORMS,
    _saturation_model,
    first_exact_zero,
    gradient_profile,
    nearly_flat_fraction,
)
from course_lib.experiments.nn import INITS, BornDead, TrainingHistory
from course_lib.widgets.base import Explorer
from course_lib.widgets.controls import int_slider, log_slider

#: the scales of a decade the scale slider offers
SCALE_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)

INIT_LABELS = {"gaussian": "N(0, scale²)", "xavier": "Xavier", "he": "He"}


def _label(ax, xlabel: str = "", ylabel: str = "", title: str = "") -> None:
    """Axis labels and title in the course style (no z = 0 guide lines: x is not z here)."""
    from matplotlib.ticker import MaxNLocator

    with plots.course_style():
        if xlabel:
            ax.set_xlabel(xlabel)
            if "layer" in xlabel or "depth" in xlabel:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if ylabel:
            ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)


def _log_limits(values: np.ndarray) -> tuple[float, float]:
    """Decades around the positive finite values, with one decade of margin."""
    v = values[np.isfinite(values) & (values > 0)]
    if v.size == 0:
        return 1e-3, 1e1
    return 10.0 ** (math.floor(math.log10(v.min())) - 1), 10.0 ** (math.ceil(math.log10(v.max())) + 1)


def _positive(values: np.ndarray) -> np.ndarray:
    """Zeros cannot be drawn on a log axis: NaN leaves a gap instead."""
    return np.where(values > 0, values, np.nan)


# ---------------------------------------------------------------------------- explorer
class GradientFlowExplorer(Explorer):
    """Choose depth, activation, initialisation and scale: see ‖∂L/∂W_l‖ layer by layer
    (log scale, left) and the mean slope g′ each hidden layer multiplies the gradient by
    (right). The dotted line falls by 1/4 per layer, the sigmoid's best case.

    >>> GradientFlowExplorer(depth=10, activation="sigmoid")
    GradientFlowExplorer(sigmoid, depth=10, init=xavier, scale=1.0) [interactive: run the cell to use it]
    """

    MAX_DEPTH = 20
    WIDTH = 32

    def __init__(self, depth: int = 10, activation: str = "sigmoid", init: str = "xavier",
                 scale: float = 1.0):
        self.fig, axes = plots.new_figure(2, width=5.2, height=3.8)
        self.ax_norm, self.ax_slope = axes[0]
        with plots.course_style():
            (self.norm_line,) = self.ax_norm.plot([], [], "o-", color=plots.BLUE,
                                                  label=r"$\|\partial L/\partial W_l\|$")
            (self.guide,) = self.ax_norm.plot([], [], ":", color=plots.GREY, linewidth=2,
                                              label=r"$\times\frac{1}{4}$ per layer")
            (self.slope_line,) = self.ax_slope.plot([], [], "s-", color=plots.VERMILLION,
                                                    label=r"mean $g'(z)$ in layer $l$")
            self.ax_slope.axhline(0.25, color=plots.GREY, linestyle=":", linewidth=1.5)
            self.ax_slope.text(self.MAX_DEPTH + 0.4, 0.27, r"$\max\sigma' = \frac{1}{4}$",
                               ha="right", fontsize=10.5, color=plots.GREY)
        self.ax_norm.set_yscale("log")
        self.ax_norm.set_xlim(0.5, self.MAX_DEPTH + 1.5)
        self.ax_slope.set_xlim(0.5, self.MAX_DEPTH + 0.5)
        self.ax_slope.set_ylim(0, 1.2)
        self._limits = (1e-12, 1e2)
        self.ax_norm.set_ylim(*self._limits)
        _label(self.ax_norm, xlabel="weight layer l (1 = input side)",
                         ylabel="gradient norm", title="gradient reaching each layer")
        _label(self.ax_slope, xlabel="hidden layer l",
                         title="what each layer multiplies it by")
        self.ax_norm.legend(loc="lower right")
        self.ax_slope.legend(loc="upper right")
        self.depth = int_slider("depth", depth, 2, self.MAX_DEPTH)
        self.activation = widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                           description="activation")
        self.init = widgets.Dropdown(options=list(INITS), value=init, description="init")
        # ten round scales a decade (0.1, 0.12, 0.15, 0.2, ...): Page Up/Down move a decade
        self.scale = log_slider("scale", scale, 0.1, 10.0, mantissas=SCALE_STEPS,
                                readout_format=".3g", width="380px")
        self._assemble([self.depth, self.activation, self.init, self.scale],
                       [self.norm_line, self.guide, self.slope_line])

    def update(self) -> str:
        scale = float(self.scale.value)
        if not (math.isfinite(scale) and scale > 0):
            raise ValueError(f"scale must be a positive finite number, got {scale}")
        depth = int(self.depth.value)
        p = gradient_profile(self.activation.value, depth, self.init.value, scale,
                             width=self.WIDTH)
        layers = np.arange(1, depth + 2)
        norms = _positive(p.norms)
        self.norm_line.set_data(layers, norms)
        last = p.norms[-1]
        self.guide.set_data(layers, last * 4.0 ** -(depth + 1 - layers) if last > 0 else
                            np.full(layers.shape, np.nan))
        self.slope_line.set_data(np.arange(1, depth + 1), p.mean_slope)
        lo, hi = _log_limits(p.norms)
        cur_lo, cur_hi = self._limits
        if lo < cur_lo or hi > cur_hi or (cur_hi / cur_lo) > 1e6 * (hi / lo):
            self._limits = (lo, hi)
            self.ax_norm.set_ylim(lo, hi)
            self.full_redraw = True
        if not np.all(np.isfinite(p.norms)):
            return (f"⚠ {p.settings}: the gradients overflowed (inf/NaN) — the forward "
                    "signal explodes; lower the scale")
        zero = int(np.sum(p.norms == 0))
        zero_text = f"; {zero} layer(s) get exactly 0 (a dead layer)" if zero else ""
        first = p.norms[0]
        ratio = f"{first / last:.1e}" if last > 0 else "—"
        return (f"{p.settings}, width {self.WIDTH}: ‖∂L/∂W‖ at layer 1 = <b>{first:.1e}</b>, "
                f"at the output = {last:.1e} (ratio {ratio}); mean $g'$ "
                f"{float(np.mean(p.mean_slope)):.2f}{zero_text}")

    def settings(self) -> str:
        return (f"{self.activation.value}, depth={self.depth.value}, init={self.init.value}, "
                f"scale={float(self.scale.value)!r}")


def gradient_flow_figure(activations: Sequence[str] = ("sigmoid", "tanh", "relu", "leaky_relu"),
                         depth: int = 15,
                         settings: Sequence[tuple[str, float]] = (("xavier", 1.0), ("he", 1.0),
                                                                  ("gaussian", 1.0)),
                         width: int = 32) -> plots.CourseFigure:
    """Static twin of :class:`GradientFlowExplorer`: one panel per (init, scale), one line
    per activation, ‖∂L/∂W_l‖ against the layer on a log scale.

    >>> gradient_flow_figure(("sigmoid",), depth=4, settings=(("he", 1.0),))
    <figure: gradient norm per layer, depth 4: sigmoid; he × 1>
    """
    fig, axes = plots.new_figure(len(settings), width=4.6, height=3.9, sharey=True)
    with plots.course_style():
        for ax, (init, scale) in zip(axes[0], settings, strict=True):
            for name in activations:
                p = gradient_profile(name, depth, init, scale, width=width)
                ax.plot(np.arange(1, depth + 2), _positive(p.norms), "-", markersize=4,
                        color=ACTIVATIONS[name].colour, marker=ACTIVATIONS[name].marker,
                        label=ACTIVATIONS[name].title)
            ax.set_yscale("log")
            _label(ax, xlabel="weight layer (1 = input side)",
                             title=f"{INIT_LABELS[init]} init, scale {scale:g}")
        axes[0, 0].set_ylabel(r"$\|\partial L/\partial W_l\|$")
        axes[0, -1].legend(loc="best", fontsize=10)
    fig.suptitle(f"{depth} hidden layers of {width}: the gradient shrinks or grows layer by layer")
    return plots.CourseFigure(fig, f"gradient norm per layer, depth {depth}: "
                                   f"{', '.join(activations)}; "
                                   f"{', '.join(f'{i} × {s:g}' for i, s in settings)}")


# ---------------------------------------------------------------------------- saturation
def activation_histograms_figure(activation: str = "sigmoid",
                                 settings: Sequence[tuple[str, float]] = (("gaussian", 1.0),
                                                                          ("xavier", 1.0),
                                                                          ("he", 1.0)),
                                 depth: int = 5, width: int = 64) -> plots.CourseFigure:
    """Histograms of a = g(z) in each hidden layer (columns), one row per initialisation,
    at initialisation on 500 moons points; each panel gives the share of nearly flat
    units (g′ < 0.01). With N(0, 1) weights the sigmoid layers above the first pile up at
    0 and 1 (saturated); Xavier keeps them in the sloped middle.

    >>> activation_histograms_figure(depth=2)
    <figure: activation histograms per layer, sigmoid: gaussian × 1, xavier × 1, he × 1>
    """
    fig, axes = plots.new_figure(depth, len(settings), width=2.55, height=2.5, sharex=True)
    record = ACTIVATIONS[activation]
    lo_hi = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}.get(activation)
    with plots.course_style():
        for row, (init, scale) in enumerate(settings):
            model, X = _saturation_model(activation, init, scale, depth, width)
            acts = model.hidden_activations(X)
            flat = nearly_flat_fraction(model, X)
            rng = lo_hi or (0.0, max(float(np.max(a)) for a in acts) or 1.0)
            bins = np.linspace(*rng, 41)
            for k, a in enumerate(acts):
                ax = axes[row, k]
                ax.hist(np.clip(a.ravel(), *rng), bins=bins, color=plots.BLUE, alpha=0.85)
                ax.set_yticks([])
                ax.grid(False)
                ax.text(0.5, 0.93, f"flat {100 * flat[k]:.0f}%", transform=ax.transAxes,
                        ha="center", va="top", fontsize=10.5, color=plots.VERMILLION,
                        bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
                if row == 0:
                    ax.set_title(f"layer {k + 1}")
                if row == len(settings) - 1:
                    ax.set_xlabel(r"$a = g(z)$")
            axes[row, 0].set_ylabel(f"{INIT_LABELS[init]}\n× {scale:g}")
    fig.suptitle(f"{record.title}: where the activations sit, layer by layer (at initialisation)")
    return plots.CourseFigure(fig, f"activation histograms per layer, {activation}: "
                                   f"{', '.join(f'{i} × {s:g}' for i, s in settings)}")


# ---------------------------------------------------------------------------- dead units
def dead_training_figure(histories: Mapping[str, TrainingHistory]) -> plots.CourseFigure:
    """Left: the dead fraction (mean over hidden layers) epoch by epoch, from initialisation
    (epoch 0); right: the training accuracy. One line per labelled run."""
    fig, axes = plots.new_figure(2, width=5.0, height=3.7)
    left, right = axes[0]
    with plots.course_style():
        for (label, h), colour in zip(histories.items(), plots.CYCLE, strict=False):
            epochs = np.arange(h.epochs + 1)
            dead = np.concatenate([[h.initial.dead_fraction.mean()], h.dead_fraction.mean(axis=1)])
            acc = np.concatenate([[h.initial.accuracy], h.accuracy])
            style = "--" if "leaky" in label.lower() else "-"
            left.plot(epochs, dead, style, color=colour, label=label)
            right.plot(epochs, acc, style, color=colour, label=label)
        left.set_ylim(0, 1.02)
        right.set_ylim(0.4, 1.02)
        left.legend(loc="best", fontsize=10)
    _label(left, xlabel="epoch", ylabel="fraction of hidden units",
                     title="units with z ≤ 0 on every example")
    _label(right, xlabel="epoch", ylabel="training accuracy",
                     title="what the network can still learn")
    return plots.CourseFigure(fig, "dead fraction and accuracy during training: "
                                   + ", ".join(histories))


def born_dead_figure(result: BornDead) -> plots.CourseFigure:
    """Left: the probability that a ReLU net is born dead against its depth, one line per
    width, with a band of ±2 standard errors; right: the mean dead fraction of layer d."""
    fig, axes = plots.new_figure(2, width=5.0, height=3.8)
    left, right = axes[0]
    with plots.course_style():
        for i, (width, colour) in enumerate(zip(result.widths, plots.CYCLE, strict=False)):
            p, se = result.probability[i], result.stderr[i]
            left.plot(result.depths, p, "o-", markersize=3.5, color=colour,
                      label=f"width {width}")
            left.fill_between(result.depths, np.clip(p - 2 * se, 0, 1),
                              np.clip(p + 2 * se, 0, 1), color=colour, alpha=0.2, linewidth=0)
            right.plot(result.depths, result.layer_dead_fraction[i], "o-", markersize=3.5,
                       color=colour, label=f"width {width}")
        left.set_ylim(-0.02, 1.02)
        right.set_ylim(-0.02, 1.02)
        left.legend(loc="center right", fontsize=10)
    _label(left, xlabel="depth (hidden layers)", ylabel="fraction of nets",
                     title="born dead: output constant at init")
    _label(right, xlabel="hidden layer d", ylabel="fraction of units",
                     title="dead units in layer d")
    return plots.CourseFigure(fig, f"born-dead ReLU nets against depth, widths "
                                   f"{', '.join(map(str, result.widths))}, "
                                   f"{result.n_nets} nets each")


# ---------------------------------------------------------------------------- float32 lens
def float_zero_figure() -> plots.CourseFigure:
    """σ′(z) for z ≥ 0 on a log scale, in float32 and float64, in the forms σ(1 − σ) and
    σ(z)σ(−z). Left: z up to 45, where the textbook form first loses digits (the ragged
    stretch) and then drops to exactly 0; right: the whole range, where σ(z)σ(−z) lasts
    until σ(−z) underflows. Each × marks the first z where a curve is exactly 0."""
    fig, axes = plots.new_figure(2, width=5.3, height=3.9)
    curves = [  # (form, dtype, style)
        ("σ(z)(1 − σ(z))", np.float32, {"color": plots.VERMILLION, "linestyle": "-",
                                        "linewidth": 2.2}),
        ("σ(z)(1 − σ(z))", np.float64, {"color": plots.ORANGE, "linestyle": "-",
                                        "linewidth": 2.2}),
        ("σ(z)σ(−z)", np.float32, {"color": plots.BLUE, "linestyle": "--", "linewidth": 2.4}),
        ("σ(z)σ(−z)", np.float64, {"color": plots.SKY, "linestyle": ":", "linewidth": 2.8}),
    ]
    with plots.course_style():
        for ax, zmax, ymin in [(axes[0, 0], 45.0, 1e-20), (axes[0, 1], 780.0, 5e-324)]:
            z = np.linspace(0, zmax, 6001)
            for name, dtype, style in curves:
                values = np.asarray(FORMS[name](z.astype(dtype)), dtype=np.float64)
                label = f"{name}, {np.dtype(dtype).name}"
                ax.plot(z, np.where(values > 0, values, np.nan), label=label, **style)
                z0 = first_exact_zero(FORMS[name], dtype)
                if z0 < zmax:
                    ax.plot([z0], [ymin], "x", color=style["color"], markersize=11, mew=2.5,
                            clip_on=False, zorder=6)
            ax.set_yscale("log")
            ax.set_xlim(0, zmax)
            ax.set_ylim(ymin, 1)
        axes[0, 0].legend(loc="lower left", fontsize=9.5)
    _label(axes[0, 0], "z (pre-activation)", "computed σ′(z)",
           "textbook form: 0 from 16.6 (f32), 36.7 (f64)")
    _label(axes[0, 1], "z (pre-activation)", "",
           "σ(z)σ(−z): 0 only from 104 (f32), 745 (f64)")
    return plots.CourseFigure(fig, "sigma' in float32 and float64, two formulas")


__all__ = [
    "GradientFlowExplorer",
    "activation_histograms_figure",
    "born_dead_figure",
    "dead_training_figure",
    "float_zero_figure",
    "gradient_flow_figure",
]
