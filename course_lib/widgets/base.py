"""What every explorer of the course shares.

An explorer is a column of controls (sliders, dropdowns), a live matplotlib figure drawn by
``ipympl`` and a one-line readout. Moving a control changes the data of existing artists;
nothing is re-created. The artists that move are *animated*: the static part of the figure
(axes, ticks, curves) is rendered once and kept as a background, and an update only pastes
the background back and draws the moving artists on it ("blitting"). That is ~10× cheaper
than a full redraw (``make bench`` measures it).

Design rules, so that a notebook re-run by nbval reproduces its stored text exactly:

* an explorer's text form (``repr``) is short and depends only on its settings, never on
  object ids or timings;
* a control given a value it cannot use shows a one-line message in the readout instead of
  raising (a traceback in a widget callback would otherwise appear in the log, not in view).

Each explorer also has a static twin: a function in the explorer's own module that returns a
:class:`course_lib.plots.CourseFigure` (``TangentExplorer`` → ``plots.tangent_figure``,
``DepthExplorer`` → ``saturation.depth_figure``, …), shown beside it so the notebook still
teaches where widgets do not run (GitHub, print, the static site). The numbers both draw come
from :mod:`course_lib.experiments`, which never imports ipywidgets.

Where ``ipympl`` cannot be used (Google Colab ships ipywidgets 7.7 and no working ipympl, or
ipympl is not installed), :func:`make_canvas` gives a :class:`PictureCanvas` instead: the same
figure rendered by Agg into an ``ipywidgets.Image`` (PNG), redrawn on every change, with the
same controls and readout. The environment variable ``COURSE_LIB_CANVAS`` (``picture`` or
``ipympl``) forces one or the other.
"""

from __future__ import annotations

import html
import io
import os
import re
import sys
import time
import warnings
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.widgets.controls import LiveText, slider  # noqa: F401  (slider: re-exported)

#: ``picture`` or ``ipympl``: which canvas :func:`make_canvas` gives (default: ipympl if usable).
CANVAS_ENV = "COURSE_LIB_CANVAS"


def ipympl_usable() -> bool:
    """Whether the explorers can draw with ``ipympl`` here: it is installed and the page is not
    Google Colab's (whose front end cannot show ipympl's canvas). ``COURSE_LIB_CANVAS``
    overrides the guess."""
    choice = os.environ.get(CANVAS_ENV, "").strip().lower()
    if choice in ("picture", "ipympl"):
        return choice == "ipympl"
    if "google.colab" in sys.modules:
        return False
    try:
        import ipympl  # noqa: F401
    except ImportError:
        return False
    return True


class PictureCanvas(widgets.Image):
    """A figure shown as a PNG picture, for where ``ipympl`` cannot be used.

    It offers the part of a matplotlib canvas the explorers use (``draw``, ``mpl_connect``,
    ``copy_from_bbox``, ``restore_region``, ``blit``): Agg renders, and every ``draw`` or
    ``blit`` publishes the rendered picture as the widget's new value.
    """

    def __init__(self, fig: Figure, **kwargs):
        width, height = (fig.get_size_inches() * fig.dpi).round().astype(int)
        # scaled down to the output area's width when that is narrower (zoom, a phone)
        kwargs.setdefault("layout", widgets.Layout(max_width="100%", height="auto"))
        super().__init__(format="png", width=str(width), height=str(height), **kwargs)
        self.figure = fig
        self._agg = FigureCanvasAgg(fig)  # becomes fig.canvas

    def mpl_connect(self, name: str, callback) -> int:
        return self._agg.mpl_connect(name, callback)

    def draw(self) -> None:
        self._agg.draw()  # fires draw_event: the explorer adds its moving artists
        self._publish()

    def draw_idle(self) -> None:
        self.draw()

    def copy_from_bbox(self, bbox):
        return self._agg.copy_from_bbox(bbox)

    def restore_region(self, region) -> None:
        self._agg.restore_region(region)

    def blit(self, bbox=None) -> None:
        self._publish()

    def png(self) -> bytes:
        """What the renderer holds now, as PNG bytes."""
        from PIL import Image

        out = io.BytesIO()
        Image.fromarray(np.asarray(self._agg.buffer_rgba())).save(out, format="png")
        return out.getvalue()

    def _publish(self) -> None:
        self.value = self.png()


def make_canvas(fig: Figure):
    """Attach an interactive canvas to ``fig``, without going through pyplot.

    The canvas is an ipywidget: put it in a box to show it. With ``ipympl`` (see
    :func:`ipympl_usable`) it is ipympl's canvas with toolbar, header and footer hidden (a
    learner only needs the picture); elsewhere a :class:`PictureCanvas`.
    """
    if not ipympl_usable():
        return PictureCanvas(fig)
    from ipympl.backend_nbagg import Canvas, FigureManager

    canvas = Canvas(fig)
    with warnings.catch_warnings():
        # ipympl 0.10's toolbar passes its canvas on in a way traitlets deprecates; harmless
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        FigureManager(canvas, 0)
    canvas.toolbar_visible = False
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.resizable = False
    canvas._closed = False
    # ipympl 0.10 stores each draw in _data_url as bare base64 (no "data:image/png;base64,"),
    # which breaks the page's <img> ("Error setting state", 0×0 canvas); the page asks for
    # the picture itself when it shows the canvas, so don't sync it (ipympl's own state once
    # a page is attached; also saves a full PNG encode per draw)
    canvas.syncing_data_url = False
    return canvas


def _out_of_sight() -> widgets.Layout:
    """The layout of a widget that only a screen reader needs: 1 px, clipped."""
    return widgets.Layout(width="1px", height="1px", overflow="hidden", margin="0",
                          padding="0")


class Explorer(widgets.VBox):
    """Controls on top, the live figure in the middle, a readout line below.

    Subclasses build ``self.fig`` (with :func:`course_lib.plots.new_figure`) and their
    artists, call :meth:`_assemble` with their controls and the artists that move, and
    implement :meth:`update`, which moves those artists and returns the readout text (HTML
    and $LaTeX$ allowed). An update that changes more than the moving artists (axis limits,
    a whole curve) sets ``self.full_redraw = True`` before returning.
    """

    fig: Figure
    #: Lay the figure out again on a full redraw (set by explorers whose axis limits change)
    relayout_on_full_redraw = False

    def _assemble(self, controls: Sequence[widgets.Widget],
                  moving: Sequence[Artist] = ()) -> None:
        self.controls = list(controls)
        self.moving = list(moving)
        for artist in self.moving:
            artist.set_animated(True)
        self.full_redraw = False
        self._background = None
        plots.fit_text(self.fig)  # a figure narrowed to fit the screen: its text too
        self.fig.draw_without_rendering()  # settle the constrained layout once...
        self.fig.set_layout_engine("none")  # ...and keep it: relayout costs ~60 ms a draw
        self.canvas = make_canvas(self.fig)
        self.canvas.mpl_connect("draw_event", self._on_draw)
        self.readout = widgets.HTMLMath()
        # what the live figure shows, for a screen reader (the canvas itself has no text):
        # read where the figure is, kept out of sight (1 px, clipped), rewritten on every
        # redraw from the figure's own data and the readout (see refresh)
        self.figure_text = widgets.HTML(layout=_out_of_sight())
        self.figure_text.add_class("course-figure-text")
        self._described = ""
        self.announcer = LiveText(layout=_out_of_sight())
        self.last_update_seconds = 0.0
        controls_row = widgets.HBox(self.controls, layout=widgets.Layout(flex_flow="row wrap"))
        controls_row.add_class("course-controls")
        super().__init__([controls_row, self.figure_text, self.canvas, self.readout,
                          self.announcer])
        # the explorer's layout at any width and its focus outlines: course_lib/widgets/controls.css
        self.add_class("course-explorer")
        for control in self.controls:
            control.observe(self._on_change, names="value")
        self.refresh()

    def update(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def refresh(self) -> None:
        """Recompute from the current control values and redraw in place."""
        start = time.perf_counter()
        try:
            text = self.update()
        except (ValueError, TypeError, ArithmeticError) as err:
            text = f"<span style='color:{plots.VERMILLION}'>⚠ {html.escape(str(err))}</span>"
        self.readout.value = text
        self._describe(text, redrawn=self.full_redraw and self._background is not None)
        if self._background is None or self.full_redraw:
            if self.full_redraw and self.relayout_on_full_redraw:
                self._relayout()
            self.full_redraw = False
            self.canvas.draw()  # the draw event stores the new background
        else:
            self.canvas.restore_region(self._background)
            self._draw_moving()
            self.canvas.blit(self.fig.bbox)
        self.last_update_seconds = time.perf_counter() - start

    def _describe(self, readout: str, redrawn: bool = False) -> None:
        """Say what is drawn now: the figure's description (:func:`plots.describe_figure`, from
        the data of its curves as they are now) followed by the readout, in the hidden text
        beside the canvas; and in the live region, the readout (what a screen reader
        announces when a control moves), with the new description when the update redrew
        the whole figure (``redrawn``: another function picked, new axis limits)."""
        spoken = plots.plain_text(html.unescape(re.sub(r"<[^>]+>", " ", readout)))
        figure = plots.describe_figure(self.fig)
        changed = redrawn and figure != self._described
        self._described = figure
        text = f"<span>Figure: {html.escape(figure)} Shown now: {html.escape(spoken)}</span>"
        if self.figure_text.value != text:
            self.figure_text.value = text
        self.announcer.text = spoken + (f" The figure now shows: {figure}" if changed else "")

    def _relayout(self) -> None:
        """Lay the figure out again (new axis limits may need wider tick labels, which a
        frozen layout would cut off at the canvas edge): ~60 ms, only on a full redraw."""
        engine = self.fig.get_layout_engine()
        self.fig.set_layout_engine("constrained")
        self.fig.draw_without_rendering()
        self.fig.set_layout_engine(engine)

    def _on_draw(self, event) -> None:
        """After a full draw (first show, resize, new dpi): keep the background, add the
        moving artists on top."""
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        self._draw_moving()

    def _draw_moving(self) -> None:
        for artist in self.moving:
            self.fig.draw_artist(artist)

    def _on_change(self, change) -> None:
        self.refresh()

    def settings(self) -> str:
        """The current settings as text, for ``repr`` (override for a richer summary)."""
        return ", ".join(f"{c.description.rstrip(':') or type(c).__name__}={c.value!r}"
                         for c in self.controls if hasattr(c, "value"))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.settings()}) [interactive: run the cell to use it]"
