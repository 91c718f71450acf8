"""Explorers and figures of notebooks 08 and 09: ELU's α (08), and build your own activation (09).

* :class:`ActivationLab` — type an activation in z (or blend two course activations with a
  weight): SymPy derives g′, the figure shows g and g′ with central differences as dots, the
  readout gives g′ in LaTeX, the property row and the gradient check, and a button trains a
  small network with it (:mod:`course_lib.experiments.nn`). A bad expression shows a one-line message.
  Static twin: :func:`lab_figure`.
* :class:`EluExplorer` — drag α: ELU stays continuous at 0 for every α, its slopes meet only
  for α = 1. Static twin: :func:`elu_figure`.
* :func:`family_figure` (ReLU beside the activations notebooks 08 and 09 introduce) and
  :func:`gelu_approximation_figure` (the tanh approximation of GELU and its error).

Introduced in notebooks 08 and 09.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np

from course_lib import plots
from course_lib.activations import ACTIVATIONS, elu, elu_derivative, gelu, gelu_tanh, lookup
from course_lib.activations._arrays import as_parameter
from course_lib.experiments.lab import TRAINING, train_on_moons
from course_lib.experiments.nn import TrainingHistory
from course_lib.expressions import Expression, ExpressionError, combine, parse
from course_lib.gradcheck import CENTRAL_STEP, central_difference
from course_lib.properties import properties
from course_lib.widgets.base import Explorer, slider

Z_RANGE = (-6.0, 6.0)


# ----------------------------------------------------------------------------- shared pieces
def _sequence(values: object, func: str, what: str, kind: type | tuple[type, ...]) -> list:
    """``values`` as a non-empty list whose items are of ``kind``, else a TypeError naming
    ``func`` (a lone string or number is refused: it is not a list)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{func}() expects a list of {what}, got {type(values).__name__} "
                        f"{values!r}")
    items = list(values)
    for v in items:
        if isinstance(v, bool) or not isinstance(v, kind):
            raise TypeError(f"{func}() expects a list of {what}, got an item "
                            f"{type(v).__name__} {v!r}")
    if not items:
        raise ValueError(f"{func}() needs at least one of {what}")
    return items


def _dots(expr: Expression, lo: float, hi: float, n: int = 49) -> tuple[np.ndarray, np.ndarray]:
    """Central differences of g at n points, skipping points next to a kink."""
    zs = np.linspace(lo, hi, n)
    step = CENTRAL_STEP * np.maximum(1.0, np.abs(zs))
    keep = np.ones(zs.shape, dtype=bool)
    for k in expr.kinks:
        keep &= np.abs(zs - k) > 2 * step
    zs = zs[keep]
    return zs, central_difference(expr.function, zs)


def _broken(zs: np.ndarray, values: np.ndarray, kinks: Sequence[float]
            ) -> tuple[np.ndarray, np.ndarray]:
    """Insert a gap (NaN) at each kink so that a jump in g′ is not drawn as a steep line."""
    inside = [k for k in kinks if zs[0] < k < zs[-1]]
    if not inside:
        return zs, values
    at = np.searchsorted(zs, inside)
    return np.insert(zs, at, inside), np.insert(values.astype(float), at, np.nan)


def _nice_limits(values: np.ndarray) -> tuple[float, float]:
    """Axis limits that include the values, rounded outward to a multiple of 0.5 (or 1, 5)."""
    finite = values[np.isfinite(values)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    span = max(hi - lo, 1.0)
    step = 0.5 if span <= 4 else 1.0 if span <= 10 else 5.0
    low, high = np.floor((lo - 0.05 * span) / step) * step, np.ceil((hi + 0.05 * span) / step) * step
    if not high > low:  # a huge constant: the margins are lost in rounding
        pad = 0.05 * max(abs(lo), abs(hi))
        low, high = lo - pad, hi + pad
    return float(low), float(high)


def _draw_with_dots(ax, expr: Expression, title: str) -> None:
    zs = np.linspace(*Z_RANGE, 601)
    plots.draw_function_and_derivative(ax, expr.function, expr.derivative_function, z=zs,
                                       kinks=[k for k in expr.kinks if Z_RANGE[0] < k < Z_RANGE[1]])
    dz, fd = _dots(expr, *Z_RANGE, n=25)
    with plots.course_style():
        ax.plot(dz, fd, "o", color=plots.ACCENT, markersize=5, label="central differences")
        ax.legend(loc="upper left")
    plots.style_axes(ax, title=title)


@functools.lru_cache(maxsize=256)
def _row(text: str) -> dict[str, str]:
    return properties(parse(text)).row()


def _properties_html(expr: Expression) -> str:
    """The property row of ``expr`` as a list of "name: value" pairs that wraps to the width
    there is, or one line saying why there is none (an expression may be fine on [−10, 10],
    where it is plotted, and overflow by z = 20)."""
    try:
        row = _row(expr.text)
    except Exception as err:  # the readout must stay one line, never a traceback
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"<br><small>no property row: {html.escape(first[:160])}</small><br>"
    return _row_html(row)


def _row_html(row: dict[str, str]) -> str:
    pairs = "".join(f"<div><dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd></div>"
                    for k, v in row.items())
    return f"<dl class='course-properties' aria-label='properties of g'>{pairs}</dl>"


def _marked(text: str, column: int | None) -> str:
    """``text`` in code type with the character at ``column`` (from 1) highlighted; past the
    end, a highlighted gap shows that something is missing there."""
    if column is None or column < 1:
        return f"<code>{html.escape(text)}</code>"
    i = column - 1
    at = html.escape(text[i]) if i < len(text) else "&nbsp;"
    return (f"<code>{html.escape(text[:i])}<mark>{at}</mark>{html.escape(text[i + 1:])}</code>")


def _formula(latex: str) -> str:
    """One formula on a line of its own; a long one (g″ often is) scrolls sideways inside its
    own box, which Tab can reach, instead of pushing the explorer past a narrow screen."""
    return (f"<div class='course-scroll' tabindex='0' role='group' aria-label='formula'>"
            f"${html.escape(latex)}$</div>")


def _summary(history: TrainingHistory) -> str:
    if history.diverged_epoch is not None:
        return f"diverged at epoch {history.diverged_epoch + 1}"
    return f"loss {history.final_loss:.3f}, accuracy {history.final_accuracy:.1%}"


# ----------------------------------------------------------------------------- the lab
class ActivationLab(Explorer):
    """Build your own activation: type it in z, or blend two course activations.

    The figure and readout always belong to what the controls say now: an expression that
    cannot be read empties the plots and says what is wrong and where (the last valid
    expression is named, not drawn); a training result is cleared as soon as anything
    changes. Left g, right g′ and g″ from SymPy, with central differences of g as dots.

    >>> ActivationLab("z*sigmoid(2*z)")
    ActivationLab(expression 'z*sigmoid(2*z)') [interactive: run the cell to use it]
    """

    relayout_on_full_redraw = True  # new limits may need wider tick labels

    def __init__(self, text: str = "z*sigmoid(2*z)", *, mode: str = "expression",
                 first: str = "relu", second: str = "tanh", weight: float = 0.5):
        if not isinstance(text, str):
            raise TypeError(f"ActivationLab() expects the expression as text (a str), got "
                            f"{type(text).__name__} {text!r}")
        if mode not in ("expression", "combine"):
            raise ValueError(f"ActivationLab(): mode must be 'expression' or 'combine', got "
                             f"{mode!r}")
        for name in (first, second):
            lookup(name, "ActivationLab", accept_expressions=False)
        weight = float(as_parameter(weight, "weight", "ActivationLab", np.dtype(float)))
        self.expression: Expression | None = None
        self.last_valid: str | None = None
        lo, hi = Z_RANGE
        self.fig, axes = plots.new_figure(2, width=4.9, height=3.6)
        self.ax_g, self.ax_dg = axes[0]
        (self.g_line,) = self.ax_g.plot([], [], label="$g(z)$", **plots.G_STYLE)
        (self.dg_line,) = self.ax_dg.plot([], [], label="$g'(z)$", **plots.DG_STYLE)
        (self.d2g_line,) = self.ax_dg.plot([], [], label="$g''(z)$", **plots.D2G_STYLE)
        (self.fd_dots,) = self.ax_dg.plot([], [], "o", color=plots.ACCENT, markersize=5,
                                          label="$g'$ by central differences")
        for ax in (self.ax_g, self.ax_dg):
            ax.set_xlim(lo, hi)
            ax.set_ylim(-1.0, 1.0)
        self.ax_g.legend(loc="upper left")
        self.ax_dg.legend(loc="upper left", fontsize=10)
        plots.style_axes(self.ax_g, title="your activation $g(z)$")
        plots.style_axes(self.ax_dg, title="$g'$ and $g''$ from SymPy")
        self.mode = widgets.ToggleButtons(options=["expression", "combine"], value=mode,
                                          description="build by")
        self.text = widgets.Text(value=text, description="g(z) =", continuous_update=False,
                                 layout=widgets.Layout(width="420px", max_width="calc(100% - 4px)"))
        names = list(ACTIVATIONS)
        self.first = widgets.Dropdown(options=names, value=first, description="g₁",
                                      layout=widgets.Layout(width="200px"))
        self.second = widgets.Dropdown(options=names, value=second, description="g₂",
                                       layout=widgets.Layout(width="200px"))
        self.weight = slider("w (weight of g₁)", weight, 0.0, 1.0, 0.05)
        self.train_button = widgets.Button(description="train it on the moons",
                                           icon="play", layout=widgets.Layout(width="220px"))
        self.train_readout = widgets.HTML()
        self._assemble([self.mode, self.text, self.first, self.second, self.weight],
                       [self.g_line, self.dg_line, self.d2g_line, self.fd_dots])
        train_row = widgets.HBox([self.train_button, self.train_readout],
                                 layout=widgets.Layout(flex_flow="row wrap"))
        train_row.add_class("course-controls")
        self.children = (*self.children, train_row)
        self.train_button.on_click(self._on_train)

    def current(self) -> Expression:
        """The expression the controls describe (raises ExpressionError if it is not valid)."""
        combining = self.mode.value == "combine"
        self.text.disabled = combining
        for control in (self.first, self.second, self.weight):
            control.disabled = not combining
        if combining:
            return combine(self.first.value, self.second.value, self.weight.value)
        return parse(self.text.value)

    def _blank(self) -> None:
        """Nothing drawn: the plots belong to no expression."""
        for line in (self.g_line, self.dg_line, self.d2g_line, self.fd_dots):
            line.set_data([], [])
        self.full_redraw = True

    def update(self) -> str:
        self.expression = None
        try:
            expr = self.current()
        except ExpressionError as err:
            self._blank()
            typed = self.mode.value == "expression" and isinstance(self.text.value, str)
            where = (f"<br>{_marked(self.text.value.strip(), err.column)}"
                     if typed and err.column else "")
            last = (f" (the last valid one was <code>{html.escape(self.last_valid)}</code>)"
                    if self.last_valid else "")
            return (f"<span style='color:{plots.VERMILLION}'>⚠ {html.escape(str(err))}</span>"
                    f"{where}<br><small>Nothing is drawn until the expression is valid"
                    f"{last}.</small>")
        lo, hi = Z_RANGE
        zs = np.linspace(lo, hi, 601)
        g, dg = np.asarray(expr.function(zs)), np.asarray(expr.derivative_function(zs))
        d2g = np.asarray(expr.second_derivative_function(zs), dtype=float)
        self.g_line.set_data(zs, g)
        self.dg_line.set_data(*_broken(zs, dg, expr.kinks))
        self.d2g_line.set_data(*_broken(zs, d2g, expr.kinks))
        dz, fd = _dots(expr, lo, hi)
        self.fd_dots.set_data(dz, fd)
        g_span, dg_span = [g], [dg, fd, d2g]
        if self.mode.value == "combine":  # w·g₁ + (1 − w)·g₂ lies between g₁ and g₂: limits
            for name in (self.first.value, self.second.value):  # that fit both never move
                g_span.append(ACTIVATIONS[name].function(zs))
                dg_span.append(ACTIVATIONS[name].derivative(zs))
        for ax, values in ((self.ax_g, g_span), (self.ax_dg, dg_span)):
            limits = _nice_limits(np.concatenate(values))
            if limits != ax.get_ylim():
                ax.set_ylim(*limits)
                self.full_redraw = True
        self.expression = expr
        self.last_valid = expr.text
        check = expr.check()
        verdict = "✔ agrees" if check.passed else "✘ DISAGREES"
        defs = ", ".join(f"${html.escape(d)}$" for d in expr.definitions_latex)
        return (f"<b>{html.escape(expr.text)}</b>"
                + "".join(_formula(f) for f in (expr.latex, expr.derivative_latex,
                                                expr.second_derivative_latex))
                + (f"<small>with {defs}</small>" if defs else "")
                + _properties_html(expr)
                + f"gradient check: {verdict} with central differences at {check.points} "
                  f"points (worst relative error {check.max_rel_error:.1e})")

    def _on_change(self, change) -> None:
        # a training result (or "fix the expression first") belongs to the controls as they
        # were: it goes as soon as any of them changes
        self.train_readout.value = ""
        super()._on_change(change)

    def train(self, epochs: int | None = None) -> TrainingHistory:
        """Train the lab's network with the current activation (see :func:`train_on_moons`)."""
        expr = self.expression or self.current()
        return train_on_moons(expr, epochs=epochs)

    def _on_train(self, _button) -> None:
        if self.expression is None:
            self.train_readout.value = "fix the expression first: nothing to train"
            return
        self.train_readout.value = "training…"
        try:
            mine, relu = self.train(), _relu_baseline()
        except (ValueError, TypeError, ArithmeticError) as err:
            self.train_readout.value = f"⚠ {html.escape(str(err).splitlines()[0])}"
            return
        self.train_readout.value = (f"your g(z) = {html.escape(self.expression.text)}: "
                                    f"{_summary(mine)} &nbsp;·&nbsp; ReLU: "
                                    f"{_summary(relu)} &nbsp;(moons, {mine.epochs} epochs)")

    def settings(self) -> str:
        if self.mode.value == "combine":
            return (f"combine {self.weight.value:g}·{self.first.value} + "
                    f"{1 - self.weight.value:.6g}·{self.second.value}")
        return f"expression {self.text.value!r}"


def _relu_baseline() -> TrainingHistory:
    key = repr(TRAINING)  # the settings of the run it is compared with
    if key not in _BASELINES:
        _BASELINES[key] = train_on_moons("relu")
    return _BASELINES[key]


_BASELINES: dict[str, TrainingHistory] = {}


def lab_figure(texts: Sequence[str] = ("z*sigmoid(2*z)", "0.5*relu(z) + 0.5*tanh(z)",
                                       "where(z > 0, z, 0.1*z)")) -> plots.CourseFigure:
    """Static twin of :class:`ActivationLab`: g, g′ (from SymPy) and central differences
    (dots) for a few expressions, one panel each."""
    exprs = [parse(t) for t in _sequence(texts, "lab_figure", "expressions (str)", str)]
    fig, axes = plots.new_figure(len(exprs), width=4.3, height=3.5)
    for ax, expr in zip(axes[0], exprs, strict=True):
        _draw_with_dots(ax, expr, f"$g(z) = $ {expr.text}")
    return plots.CourseFigure(fig, "g, g′ and finite differences for " + "; ".join(texts))



# ----------------------------------------------------------------------------- ELU's α
class EluExplorer(Explorer):
    """Drag α: ELU's two pieces always meet at 0, but their slopes meet only for α = 1.

    >>> EluExplorer(alpha=1.0)
    EluExplorer(alpha=1.0) [interactive: run the cell to use it]
    """

    def __init__(self, alpha: float = 1.0):
        alpha = float(as_parameter(alpha, "alpha", "EluExplorer", np.dtype(float)))
        left, right = np.linspace(-4, 0, 201), np.linspace(0, 3, 151)
        self.left = left
        self.fig, axes = plots.new_figure(2, width=4.9, height=3.5)
        self.ax_g, self.ax_dg = axes[0]
        self.ax_g.plot(right, right, **plots.G_STYLE)
        (self.g_left,) = self.ax_g.plot([], [], label="ELU$(z)$", **plots.G_STYLE)
        self.ax_g.plot([0], [0], "o", color=plots.G_COLOR, markersize=7, zorder=5)
        self.ax_dg.plot(right[1:], np.ones(right.size - 1), **plots.DG_STYLE)
        (self.dg_left,) = self.ax_dg.plot([], [], label="ELU$'(z)$", **plots.DG_STYLE)
        (self.left_dot,) = self.ax_dg.plot([], [], "o", color=plots.DG_COLOR, markersize=8,
                                           zorder=5, label="left-hand value (used at 0)")
        self.ax_dg.plot([0], [1], "o", markerfacecolor="white", markeredgecolor=plots.DG_COLOR,
                        markersize=8, zorder=5)
        self.ax_g.set_ylim(-3.2, 3.2)
        self.ax_dg.set_ylim(-0.1, 3.2)
        for ax in (self.ax_g, self.ax_dg):
            ax.set_xlim(-4, 3)
            ax.legend(loc="upper left")
        plots.style_axes(self.ax_g, title="ELU: the pieces always meet at 0")
        plots.style_axes(self.ax_dg, title="ELU$'$: do the slopes meet at 0?")
        self.alpha = slider("α", alpha, 0.1, 3.0, 0.05)
        self._assemble([self.alpha], [self.g_left, self.dg_left, self.left_dot])

    def update(self) -> str:
        a = float(self.alpha.value)
        self.g_left.set_data(self.left, elu(self.left, alpha=a))
        self.dg_left.set_data(self.left, elu_derivative(self.left, alpha=a))
        slope_left = float(elu_derivative(0.0, alpha=a))  # the left-hand value α·e⁰
        slope_right = float(elu_derivative(np.nextafter(0.0, 1.0), alpha=a))
        self.left_dot.set_data([0], [slope_left])
        g_left, g_right = float(elu(-1e-12, alpha=a)), float(elu(1e-12, alpha=a))
        same = "the slopes meet: ELU is smooth (C¹) at 0" if slope_left == slope_right else \
            f"g′ jumps by {abs(slope_right - slope_left):.2f} at 0: a kink"
        return (f"α = {a:.2f} &nbsp; g(0⁻) ≈ {abs(g_left):.0f}, g(0⁺) ≈ {g_right:.0f}: continuous "
                f"&nbsp;·&nbsp; g′(0⁻) = α = <b>{slope_left:.2f}</b>, g′(0⁺) = "
                f"<b>{slope_right:.2f}</b>: {same}")

    def settings(self) -> str:
        return f"alpha={self.alpha.value!r}"


def elu_figure(alphas: Sequence[float] = (0.5, 1.0, 2.0)) -> plots.CourseFigure:
    """Static twin of :class:`EluExplorer`: ELU and its derivative for a few α, with the
    one-sided slopes at 0 (filled: the left-hand value used there; open: from the right)."""
    alphas = [float(as_parameter(a, "alpha", "elu_figure", np.dtype(float)))
              for a in _sequence(alphas, "elu_figure", "values of α", (int, float, np.number))]
    fig, axes = plots.new_figure(len(alphas), width=4.2, height=3.4)
    zs = np.linspace(-4, 3, 701)
    for ax, a in zip(axes[0], alphas, strict=True):
        plots.draw_function_and_derivative(
            ax, functools.partial(elu, alpha=a), functools.partial(elu_derivative, alpha=a),
            z=zs, label=r"\mathrm{ELU}", kinks=(0.0,))
        ax.set_ylim(-2.2, 3.0)
        meet = "slopes meet" if float(elu_derivative(0.0, alpha=a)) == 1.0 else "g′ jumps at 0"
        plots.style_axes(ax, title=f"α = {a:g}: {meet}")
    return plots.CourseFigure(fig, "ELU and its derivative for α = "
                              + ", ".join(f"{a:g}" for a in alphas))


# ----------------------------------------------------------------------------- figures
FAMILY_NOTEBOOKS = ("08_smooth_relus.ipynb", "09_self_gated.ipynb")
FAMILY_FIGURE = ("relu", *(name for name, a in ACTIVATIONS.items()
                           if a.notebook in FAMILY_NOTEBOOKS))
"""ReLU and the activations the smooth-ReLU and self-gated notebooks introduce (each record says
where it is introduced)."""


def family_figure(names: Sequence[str] = FAMILY_FIGURE) -> plots.CourseFigure:
    """Small multiples: each activation with its derivative (g blue, g′ vermillion dashed)."""
    names = _sequence(names, "family_figure", "activation names", str)
    for name in names:
        lookup(name, "family_figure", accept_expressions=False)
    cols = 3
    rows = -(-len(names) // cols)
    fig, axes = plots.new_figure(cols, rows, width=3.6, height=2.8)
    zs = np.linspace(-4, 4, 801)
    # one vertical range for every panel (so they compare), wide enough for every curve
    # (the self-normalising one reaches −1.76 below and 4.2 above)
    values = np.concatenate([f(zs) for name in names
                             for f in (ACTIVATIONS[name].function, ACTIVATIONS[name].derivative)])
    low, high = min(-1.5, float(values.min()) - 0.3), max(4.2, float(values.max()) + 0.3)
    for ax, name in zip(axes.ravel(), names, strict=False):
        act = ACTIVATIONS[name]
        plots.draw_function_and_derivative(ax, act.function, act.derivative, z=zs,
                                           kinks=act.kinks)
        ax.set_ylim(low, high)
        plots.style_axes(ax, title=act.title)
    for ax in axes.ravel()[len(names):]:
        ax.set_visible(False)
    return plots.CourseFigure(fig, "g and g′ for " + ", ".join(names))


def gelu_approximation_figure() -> plots.CourseFigure:
    """Exact GELU beside its tanh approximation (left) and the difference (right)."""
    zs = np.linspace(-6, 6, 2401)
    exact, approx = gelu(zs), gelu_tanh(zs)
    error = approx - exact
    worst = int(np.argmax(np.abs(error)))
    fig, axes = plots.new_figure(2, width=4.9, height=3.5)
    left, right = axes[0]
    with plots.course_style():
        left.plot(zs, exact, label=r"$z\,\Phi(z)$ (exact)", **plots.G_STYLE)
        left.plot(zs, approx, ":", color=plots.ACCENT, linewidth=2.6, label="tanh approximation")
        left.set_xlim(-4, 3)
        left.set_ylim(-0.5, 3)
        left.legend(loc="upper left")
        right.plot(zs, error, color=plots.ACCENT)
        right.plot([zs[worst]], [error[worst]], "o", color=plots.ACCENT, markersize=7)
        right.annotate(f"{error[worst]:.1e} at z = {zs[worst]:.2f}", (zs[worst], error[worst]),
                       textcoords="offset points", xytext=(8, -4), fontsize=10.5)
    plots.style_axes(left, title="on this scale the two GELUs coincide")
    plots.style_axes(right, ylabel="approximation − exact",
                     title=f"the error stays below {abs(error[worst]):.0e}")
    return plots.CourseFigure(fig, "GELU and its tanh approximation")


__all__ = ["ActivationLab", "EluExplorer", "elu_figure", "family_figure", "gelu_approximation_figure",
           "lab_figure"]
