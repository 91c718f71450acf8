"""One look for every figure of the course.

* g is always drawn in blue, solid; g′ always in vermillion, dashed (Okabe–Ito palette,
  safe for the common colour-vision deficiencies, and the dash tells them apart in print).
* Figures have an opaque white background, large type and thick lines, so they stay legible
  projected in a lecture hall and inside JupyterLab's dark theme.
* Titles say what to notice, not what is plotted.

Static figures are :class:`CourseFigure` objects: they show as a PNG in any notebook front
end (including when the interactive ``ipympl`` backend is active) and on GitHub, and their
text form is stable, so nbval can compare it. The PNG is shown through an HTML ``<img>``
carrying *alternative text* (:func:`describe_figure`: what each panel plots, each curve's
style, colour and range, where it is highest and lowest), because JupyterLab 4 gives an
``image/png`` output no ``alt`` at all (its image renderer reads only width, height,
``needs_background`` and ``unconfined`` from the metadata); the alternative text also goes
into the output's ``image/png`` metadata, where nbconvert and other front ends read it.

Every notebook draws through this module, notebooks 00 and 01 through their explorers; imported
by name from notebook 02 (the sigmoid) on.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from itertools import pairwise

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

# Okabe & Ito (2008), "Color Universal Design"; the hex values live in course_lib.palette
from course_lib.palette import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    INDIGO,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    WINE,
    YELLOW,
)

G_COLOR = BLUE          # the activation g(z), everywhere
DG_COLOR = VERMILLION   # its derivative g'(z), everywhere
ACCENT = GREEN          # points, tangents, highlights
CYCLE = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, GREY, YELLOW, BLACK]

#: colour names for the alternative text of figures (what a screen reader hears)
COLOUR_NAMES = {BLUE: "blue", VERMILLION: "vermillion", GREEN: "green", ORANGE: "orange",
                SKY: "sky blue", PURPLE: "purple", YELLOW: "yellow", GREY: "grey",
                INDIGO: "indigo", WINE: "wine", "#000000": "black"}

D2G_COLOR = INDIGO      # its second derivative g''(z), where a figure shows it
G_STYLE = {"color": G_COLOR, "linestyle": "-", "linewidth": 2.6}
DG_STYLE = {"color": DG_COLOR, "linestyle": "--", "linewidth": 2.6}
D2G_STYLE = {"color": D2G_COLOR, "linestyle": "-.", "linewidth": 2.2}

RC = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 12.5,
    "axes.titlesize": 13.5,
    "axes.labelsize": 13,
    "legend.fontsize": 11.5,
    "xtick.labelsize": 11.5,
    "ytick.labelsize": 11.5,
    "lines.linewidth": 2.4,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "legend.frameon": False,
    "svg.hashsalt": "course",  # stable SVG ids
}


@contextmanager
def course_style():
    """Context manager applying the course's rcParams (used by every figure builder)."""
    with mpl.rc_context(RC):
        yield


class CourseFigure:
    """A static figure that shows as a PNG anywhere, with a short, stable text form.

    ``fig`` is the underlying :class:`matplotlib.figure.Figure`; ``axes`` its axes;
    ``description`` the short text form (``repr``); ``alt`` the alternative text a screen
    reader reads: the description followed by :func:`describe_figure` of the figure.
    """

    def __init__(self, fig: Figure, description: str, alt: str | None = None):
        self.fig = fig
        self.description = description
        fit_text(fig)
        self.alt = alt or f"{plain_text(description)}. {describe_figure(fig)}"

    @property
    def axes(self) -> list[Axes]:
        return self.fig.axes

    def png(self) -> bytes:
        buf = io.BytesIO()
        FigureCanvasAgg(self.fig).print_png(buf)
        return buf.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        """An ``<img>`` with alternative text (what JupyterLab shows: HTML ranks above PNG
        and its PNG renderer has no alt), and the text form."""
        png = base64.b64encode(self.png()).decode("ascii")
        width, height = (round(float(v)) for v in self.fig.get_size_inches() * self.fig.dpi)
        img = (f'<img class="course-figure" src="data:image/png;base64,{png}" '
               f'width="{width}" height="{height}" alt="{html.escape(self.alt)}">')
        return {"text/html": img, "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<figure: {self.description}>"

    def save(self, path: str) -> None:
        self.fig.savefig(path)


_MATH = [(r"\\sigma", "σ"), (r"\\alpha", "α"), (r"\\eta", "η"), (r"\\beta", "β"),
         (r"\\lambda", "λ"), (r"\\Phi", "Φ"), (r"\\phi", "φ"), (r"\\ell", "ℓ"),
         (r"\\pi", "π"), (r"\\varepsilon|\\epsilon", "ε"),
         (r"\\cdot", "·"), (r"\\times", "×"), (r"\\approx", "≈"), (r"\\leq", "≤"),
         (r"\\geq", "≥"), (r"\\infty", "∞"), (r"\\left|\\right", ""),
         (r"\\begin\{cases\}|\\end\{cases\}", ""), (r"\\\\", "; "),
         (r"\\text\{for\}", " for "), (r"\\text\{otherwise\}", " otherwise"), (r"&", " "),
         (r"\\[,;!:]", " ")]


def plain_text(label: str) -> str:
    """A matplotlib label or a LaTeX formula (``$...$`` allowed) as plain text for a screen
    reader: the mathematics spelled with Unicode (σ, ′, ″, ·, a/b as (a)/(b), √); an
    apostrophe in words stays one ("the tangent's slope"), a prime is a prime inside
    ``$...$`` or before "(" (g'(z))."""
    parts = label.split("$")
    for i in range(1, len(parts), 2):  # inside $...$
        parts[i] = parts[i].replace("'", "′")
    text = re.sub(r"'(?=[′(])", "′", "".join(parts))
    text = text.replace("′′", "″")
    for pattern, repl in _MATH:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"\\(mathrm|text|operatorname|mathbf)\{([^{}]*)\}", r"\2", text)
    for _ in range(20):  # innermost first: \frac{a}{b} -> (a)/(b), \sqrt{x} -> √(x), ^{x}
        before = text
        text = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", text)
        text = re.sub(r"\\sqrt\{([^{}]*)\}", r"√(\1)", text)
        text = re.sub(r"\^\{([^{}]*)\}", r"^(\1)", text)
        if text == before:  # what is left in braces is a plain group: drop the innermost
            text = re.sub(r"(?<![\\^])\{([^{}]*)\}", r"\1", text)
            if text == before:
                break
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()


def _colour_name(colour) -> str:
    hex_colour = mpl.colors.to_hex(colour).upper()
    for code, name in COLOUR_NAMES.items():
        if code.upper() == hex_colour:
            return name
    return "a " + ("dark" if sum(mpl.colors.to_rgb(colour)) < 1.5 else "light") + " colour"


_LINESTYLES = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash-dotted"}


def _num(x: float) -> str:
    return f"{x:.3g}".replace("-", "−")


def describe_axes(ax: Axes) -> str:
    """What one panel shows: its title and axes, and each labelled curve with its style,
    colour, range and where it is highest and lowest."""
    parts = []
    title = plain_text(ax.get_title())
    xlabel, ylabel = plain_text(ax.get_xlabel()), plain_text(ax.get_ylabel())
    var = xlabel.split()[0] if xlabel and len(xlabel.split()[0]) <= 3 else "x"
    head = f"Panel “{title}”" if title else "A panel"
    x0, x1 = ax.get_xlim()
    head += f": horizontal axis {xlabel or var} from {_num(x0)} to {_num(x1)}"
    if ylabel:
        head += f", vertical axis {ylabel}"
    parts.append(head)
    # a labelled line and the unlabelled pieces after it in the same colour and style (a
    # derivative drawn in pieces at a kink) are one curve
    curves: list[tuple[str, object, list[np.ndarray], list[np.ndarray]]] = []
    for line in ax.get_lines():
        label = line.get_label()
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if label and not label.startswith("_"):
            curves.append((label, line, [x], [y]))
        elif curves and (curves[-1][1].get_color(), curves[-1][1].get_linestyle()) == (
                line.get_color(), line.get_linestyle()) and line.get_linestyle() != "None":
            curves[-1][2].append(x)
            curves[-1][3].append(y)
    for label, line, xs, ys in curves:
        x, y = np.concatenate(xs), np.concatenate(ys)
        ok = np.isfinite(x) & np.isfinite(y)
        if not ok.any():
            continue
        x, y = x[ok], y[ok]
        style = _LINESTYLES.get(line.get_linestyle(), "")
        kind = f"{style} line" if style else "markers"
        text = f"{plain_text(label)}: {_colour_name(line.get_color())} {kind}"
        if len(y) > 1:
            lo, hi = int(np.argmin(y)), int(np.argmax(y))
            if np.ptp(y) < 1e-12 * max(1.0, abs(float(y[0]))):
                text += f", constant at {_num(float(y[0]))}"
            else:
                text += (f", from {_num(float(y[0]))} at {var} = {_num(float(x[0]))} to "
                         f"{_num(float(y[-1]))} at {var} = {_num(float(x[-1]))}, highest "
                         f"{_num(float(y[hi]))} at {var} = {_num(float(x[hi]))}, lowest "
                         f"{_num(float(y[lo]))} at {var} = {_num(float(x[lo]))}")
        else:
            text += f" at {var} = {_num(float(x[0]))}, height {_num(float(y[0]))}"
        parts.append(text)
    bars = [p for p in ax.patches if p.get_label() and not p.get_label().startswith("_")]
    if bars:
        parts.append(f"{len(bars)} labelled bars or areas: "
                     + ", ".join(plain_text(p.get_label()) for p in bars[:8]))
    if len(ax.get_images()) or (len(ax.collections) and not ax.get_lines()):
        parts.append("a coloured map or scatter of points")
    return "; ".join(parts) + "."


def describe_figure(fig: Figure) -> str:
    """Alternative text for a figure: :func:`describe_axes` of each panel with content."""
    axes = [ax for ax in fig.axes if ax.get_visible() and (ax.get_lines() or ax.patches
                                                           or ax.collections or ax.images)]
    if not axes:
        return "An empty figure."
    intro = f"{len(axes)} panels. " if len(axes) > 1 else ""
    return intro + " ".join(describe_axes(ax) for ax in axes)


#: The widest a figure may be, in inches at ``figure.dpi`` (100): 780 px fits the output area
#: of JupyterLab at 1280×800 with its left sidebar open (848 px; 802 px in Presentation
#: Mode), so no figure is shrunk by the page (which would make its text smaller than ~10 px).
MAX_WIDTH = 7.8
#: A row of this many panels or more is laid out as a grid of two columns instead.
WRAP_PANELS = 4


def figure_layout(ncols: int, nrows: int, width: float, height: float
                  ) -> tuple[int, int, float, float]:
    """(grid columns, grid rows, figure width, figure height) for ``ncols`` × ``nrows``
    panels of ``width`` × ``height`` inches, kept within :data:`MAX_WIDTH`.

    A figure that would be wider is first wrapped (a single row of :data:`WRAP_PANELS` or
    more panels becomes two columns), then narrowed: its panels lose width, and height in
    proportion down to 80 % of it, while the text keeps its size.
    """
    cols, rows = ncols, nrows
    if nrows == 1 and ncols >= WRAP_PANELS and width * ncols > MAX_WIDTH:
        cols, rows = 2, -(-ncols // 2)
    total = width * cols if cols > 1 else width
    fig_height = height * rows
    if total > MAX_WIDTH:
        factor = MAX_WIDTH / total
        total, fig_height = MAX_WIDTH, fig_height * max(factor, 0.8)
    return cols, rows, total, fig_height


#: Text in a narrowed figure shrinks with it, but not below this share of its size...
TEXT_SCALE_FLOOR = 0.72
#: ...nor below this size in points (10.4 px at 100 dpi).
MIN_FONT = 7.5


def fit_text(fig: Figure) -> None:
    """Give every tick label of the figure one size, and scale the text of a figure that
    :func:`new_figure` narrowed to fit :data:`MAX_WIDTH` (titles, labels, legends,
    annotations and tick labels), once, so that titles still fit over their panels; sizes
    stay at least :data:`MIN_FONT`. Called when the figure is finished: by
    :class:`CourseFigure` and by an explorer before its first draw.

    The tick size is stored with each axes (``tick_params``), so ticks made later, when an
    explorer changes its axis limits, get it too (they would otherwise take matplotlib's
    default size, outside the course style)."""
    if getattr(fig, "_course_text_fitted", False):
        return
    fig._course_text_fitted = True
    scale = min(1.0, getattr(fig, "_course_text_scale", 1.0))
    tick_size = max(MIN_FONT, RC["xtick.labelsize"] * scale)
    ticks = set()
    for ax in fig.axes:
        ax.tick_params(axis="both", which="both", labelsize=tick_size)
        for axis in (ax.xaxis, ax.yaxis):
            for t in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks |= {id(t.label1), id(t.label2)}
    if scale >= 1.0:
        return
    for text in fig.findobj(Text):
        if id(text) not in ticks:
            text.set_fontsize(max(MIN_FONT, text.get_fontsize() * scale))


def new_figure(ncols: int = 1, nrows: int = 1, *, width: float = 6.4, height: float = 4.0,
               **subplot_kw) -> tuple[Figure, np.ndarray]:
    """A figure in the course style, not registered with pyplot (so it never shows twice).

    Returns the figure and a 2-D array of axes (``squeeze=False``) of shape
    ``(nrows, ncols)``, whatever grid :func:`figure_layout` chose to fit :data:`MAX_WIDTH`
    (a wrapped row is still ``axes[0, k]``; a spare cell of the grid is removed).
    """
    cols, rows, fig_width, fig_height = figure_layout(ncols, nrows, width, height)
    with course_style():
        fig = Figure(figsize=(fig_width, fig_height), layout="constrained")
        # a narrowed figure gets smaller text too (see fit_text), never below MIN_FONT
        wanted = width * cols if cols > 1 else width
        fig._course_text_scale = max(TEXT_SCALE_FLOOR, min(1.0, fig_width / wanted))
        axes = fig.subplots(rows, cols, squeeze=False, subplot_kw=subplot_kw)
        for ax in axes.ravel():  # kept by the axes: ticks and grid lines made later match
            ax.grid(True, alpha=RC["grid.alpha"])
        if (rows, cols) != (nrows, ncols):
            flat = list(axes.ravel())
            for spare in flat[ncols * nrows:]:
                spare.remove()
            axes = np.array(flat[:ncols * nrows], dtype=object).reshape(nrows, ncols)
    return fig, axes


def style_axes(ax: Axes, *, xlabel: str = "z (pre-activation)", ylabel: str = "",
               title: str = "") -> None:
    """Axis labels, a zero line and the title, in the course style."""
    with course_style():
        ax.axhline(0, color="black", linewidth=0.8, alpha=0.6, zorder=0)
        ax.axvline(0, color="black", linewidth=0.8, alpha=0.6, zorder=0)
        ax.set_xlabel(xlabel)
        if ylabel:
            ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)


def draw_function_and_derivative(ax: Axes, g: Callable, dg: Callable, *,
                                 z: np.ndarray | None = None, label: str = "g",
                                 kinks: Sequence[float] = ()) -> None:
    """Draw g (blue, solid) and g′ (vermillion, dashed) on one axes.

    At a kink g′ is drawn as two pieces with open/closed dots showing which value the
    library uses there (the left-hand derivative).
    """
    z = np.linspace(-6, 6, 601) if z is None else np.asarray(z, dtype=float)
    with course_style():
        ax.plot(z, g(z), label=f"${label}(z)$", **G_STYLE)
        draw_derivative(ax, dg, z, label=label, kinks=kinks)
        ax.legend(loc="upper left")


def draw_derivative(ax: Axes, dg: Callable, z: np.ndarray, *, label: str = "g",
                    kinks: Sequence[float] = (), order: int = 1) -> None:
    """Draw g′ (vermillion, dashed; with ``order=2`` g″, indigo, dash-dotted) over ``z``; at a
    kink as two pieces, not joined by a steep line, with a filled dot at the value the library
    uses there (the left-hand one) and an open dot at the limit from the right."""
    style = DG_STYLE if order == 1 else D2G_STYLE
    name = f"${label}{chr(39) * order}(z)$"
    inside = sorted(k for k in kinks if z.min() < k < z.max())
    if not inside:
        ax.plot(z, dg(z), label=name, **style)
        return
    edges = [z.min(), *inside, z.max()]
    for i, (lo, hi) in enumerate(pairwise(edges)):
        piece = z[(z > lo) & (z < hi)] if i else z[(z >= lo) & (z < hi)]
        ax.plot(piece, dg(piece), label=name if i == 0 else None, **style)
    for k in inside:
        left, right = dg(np.float64(k)), dg(np.nextafter(k, np.inf))
        ax.plot([k], [left], "o", color=style["color"], markersize=7, zorder=5)
        ax.plot([k], [right], "o", markerfacecolor="white", markeredgecolor=style["color"],
                markersize=7, zorder=5)


def activation_figure(activation, z: np.ndarray | None = None) -> CourseFigure:
    """g, g′ and g″ of one activation record (:class:`course_lib.activations.Activation`, or
    anything with ``function``, ``derivative``, ``second_derivative``, ``kinks`` and
    ``title``, ``short_title``), side by side; g′ and g″ drawn in pieces at a kink, with the left-hand value
    marked.

    >>> from course_lib.activations import ATLAS
    >>> activation_figure(ATLAS["softsign"])
    <figure: Softsign: g, g′ and g″>
    """
    z = np.linspace(-6, 6, 1201) if z is None else np.asarray(z, dtype=float)
    kinks = [k for k in activation.kinks if z.min() < k < z.max()]
    fig, axes = new_figure(3, 1, width=4.2, height=3.4)
    with course_style():
        axes[0, 0].plot(z, activation.function(z), label="$g(z)$", **G_STYLE)
        draw_derivative(axes[0, 1], activation.derivative, z, kinks=kinks)
        draw_derivative(axes[0, 2], activation.second_derivative, z, kinks=kinks, order=2)
        for ax, title in zip(axes[0], ("g", "g′", "g″"), strict=True):
            style_axes(ax, title=f"{activation.short_title}: {title}")
            ax.legend(loc="best")
    return CourseFigure(fig, f"{activation.title}: g, g′ and g″")


def function_and_derivative(g: Callable, dg: Callable, *, label: str = "g", title: str = "",
                            z: np.ndarray | None = None, kinks: Sequence[float] = (),
                            ylim: tuple[float, float] | None = None) -> CourseFigure:
    """The standard static figure: g and g′ on one set of axes.

    >>> from course_lib.activations import sigmoid, sigmoid_derivative
    >>> function_and_derivative(sigmoid, sigmoid_derivative, label=r"\\sigma")
    <figure: \\sigma and its derivative>
    """
    fig, axes = new_figure()
    ax = axes[0, 0]
    draw_function_and_derivative(ax, g, dg, z=z, label=label, kinks=kinks)
    if ylim:
        ax.set_ylim(*ylim)
    style_axes(ax, title=title)
    return CourseFigure(fig, f"{label} and its derivative")


def tangent_line(g: Callable, dg: Callable, z0: float, half_width: float = 1.5
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Points of the tangent to g at z0: y = g(z0) + g′(z0)(z − z0)."""
    zs = np.array([z0 - half_width, z0 + half_width])
    return zs, float(g(z0)) + float(dg(z0)) * (zs - z0)


def tangent_figure(g: Callable, dg: Callable, z0_values: Sequence[float], *, label: str = "g",
                   title: str = "", z: np.ndarray | None = None,
                   kinks: Sequence[float] = ()) -> CourseFigure:
    """Static twin of the tangent explorer: tangents at several points, and g′ beside g.

    Left panel: g with a tangent at each z0; right panel: g′ with the matching points, so
    the slope of each tangent can be read off as a height (broken at ``kinks``, as
    :func:`draw_derivative` draws it).
    """
    z = np.linspace(-6, 6, 601) if z is None else np.asarray(z, dtype=float)
    fig, axes = new_figure(2, width=5.2, height=3.8)
    left, right = axes[0]
    with course_style():
        left.plot(z, g(z), label=f"${label}(z)$", **G_STYLE)
        draw_derivative(right, dg, z, label=label, kinks=kinks)
        for z0 in z0_values:
            tz, ty = tangent_line(g, dg, z0)
            left.plot(tz, ty, color=ACCENT, linewidth=1.8)
            left.plot([z0], [g(z0)], "o", color=ACCENT, markersize=7)
            right.plot([z0], [dg(z0)], "o", color=ACCENT, markersize=7)
            right.annotate(f"{float(dg(z0)):.3g}", (z0, float(dg(z0))),
                           textcoords="offset points", xytext=(4, 6), fontsize=10.5)
        left.legend(loc="upper left")
        right.legend(loc="upper left")
    style_axes(left, title=title or f"tangents to ${label}$")
    style_axes(right, title=f"slope ${label}'(z)$ at the same points")
    return CourseFigure(fig, f"tangents to {label} at z = {', '.join(f'{v:g}' for v in z0_values)}")
