"""The explorers' sliders, built so that a screen reader can use them.

ipywidgets 8 draws a slider with noUiSlider and gives its handle no accessible name (a screen
reader says "slider, 1.1"); it speaks raw floats (``0.9500000000000006``) and a log slider
its exponent (``-0.30000000000000004`` for η = 0.5). :class:`NamedSlider` is a small
anywidget over a native ``<input type="range">`` with its ``<label>``: it is named by its
description, it says the value it shows (``aria-valuetext``, as formatted on screen), and it
moves over a list of exact values, so ``η = 0.5`` is 0.5 and never 0.501. Arrow keys step one
value, Page Up/Down a coarse step (ten steps, or a decade of a log scale), Home/End go to the
ends. Its front end (``controls.js``) and the explorers' layout at any width and their focus
outlines (``controls.css``) come with it; anywidget is a few hundred kB with no front-end
build.

The factories :func:`slider`, :func:`log_slider`, :func:`int_slider` and
:func:`choice_slider` give a :class:`NamedSlider` where it can be shown, and otherwise the
ipywidgets slider that does the same job (Google Colab, whose front end loads no third-party
widget without being told to, or anywidget missing). The environment variable
``COURSE_LIB_CONTROLS`` (``named`` or ``ipywidgets``) forces one or the other.

Used from notebook 00 on, through the explorers (first the secant explorer's z and h).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets

#: ``named`` or ``ipywidgets``: which sliders the factories give (default: named if usable)
CONTROLS_ENV = "COURSE_LIB_CONTROLS"
_HERE = Path(__file__).resolve().parent

try:
    import anywidget
except ImportError:  # pragma: no cover - anywidget is a dependency; Colab's fallback
    anywidget = None


def named_controls_usable() -> bool:
    """Whether :class:`NamedSlider` can be shown here: anywidget is installed and the page is
    not Google Colab's. ``COURSE_LIB_CONTROLS`` overrides the guess."""
    choice = os.environ.get(CONTROLS_ENV, "").strip().lower()
    if choice in ("named", "ipywidgets"):
        return choice == "named" and anywidget is not None
    return anywidget is not None and "google.colab" not in sys.modules


def _text(value: Any, fmt: str) -> str:
    """A value as the slider shows and says it (a true minus sign, no "−0.00")."""
    if isinstance(value, str):
        return value
    out = format(value + 0.0 if isinstance(value, float) else value, fmt)
    if out.lstrip("-").strip("0.") == "":
        out = out.lstrip("-")
    return out.replace("-", "−")


_Base = anywidget.AnyWidget if anywidget is not None else widgets.DOMWidget


class NamedSlider(_Base):
    """A slider over a list of values, named by its description, that says the value it shows.

    ``values`` are the positions (numbers or any values, in order), ``labels`` what each
    position shows and says (from ``fmt``, or given). ``value`` is the value of the current
    position; setting it to a value that is not a position inserts it, between its
    neighbours (so a value a notebook names is shown exactly); a value that is not a finite
    number (NaN) is kept as the value, for the explorer to refuse with a message, and the
    handle stays where it was.

    >>> s = NamedSlider("z", [0.0, 0.05, 0.1], 0.05)
    >>> s.value, s.labels[s.index]
    (0.05, '0.05')
    """

    _esm = _HERE / "controls.js"
    _css = _HERE / "controls.css"
    description = traitlets.Unicode("").tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    #: positions moved by Page Up / Page Down
    coarse = traitlets.Int(10).tag(sync=True)
    #: said after the value (e.g. "epochs"); empty for the course's unitless quantities
    unit = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    continuous_update = traitlets.Bool(True).tag(sync=True)
    value = traitlets.Any()

    def __init__(self, description: str, values: Sequence[Any], value: Any, *, fmt: str = ".2f",
                 labels: Sequence[str] | None = None, coarse: int = 10, unit: str = "",
                 continuous_update: bool = True, **kwargs: Any):
        values = list(values)
        if not values:
            raise ValueError(f"NamedSlider({description!r}) needs at least one value")
        self._values = values
        self._fmt = fmt
        given = list(labels) if labels is not None else [_text(v, fmt) for v in values]
        self._syncing = False
        kwargs.setdefault("layout", widgets.Layout(max_width="100%"))
        super().__init__(description=description, labels=given, coarse=int(coarse), unit=unit,
                         continuous_update=continuous_update, **kwargs)
        self.value = value

    # the parts of an ipywidgets slider the course uses
    @property
    def min(self) -> Any:
        return self._values[0]

    @property
    def max(self) -> Any:
        return self._values[-1]

    @property
    def options(self) -> list[tuple[str, Any]]:
        """(label, value) of every position, as an ipywidgets ``SelectionSlider`` has them."""
        return list(zip(self.labels, self._values, strict=True))

    @traitlets.validate("value")
    def _clip(self, proposal: dict) -> Any:
        value = proposal["value"]
        if _is_number(value) and math.isfinite(value) and _is_number(self._values[0]):
            return min(max(value, self._values[0]), self._values[-1])
        return value

    @traitlets.observe("value")
    def _value_moved(self, change: dict) -> None:
        if self._syncing:
            return
        value = change["new"]
        if _is_number(value) and not math.isfinite(value):
            return  # the explorer says why it cannot use it; the handle stays
        if value not in self._values:
            if not all(map(_is_number, [value, *self._values])):
                raise traitlets.TraitError(f"{self.description}: {value!r} is not one of the "
                                           f"slider's values")
            at = sum(v < value for v in self._values)
            self._values.insert(at, value)
            self._syncing = True
            try:
                self.labels = [*self.labels[:at], _text(value, self._fmt), *self.labels[at:]]
            finally:
                self._syncing = False
        self._syncing = True
        try:
            self.index = self._values.index(value)
        finally:
            self._syncing = False

    @traitlets.observe("index")
    def _index_moved(self, change: dict) -> None:
        if self._syncing:
            return
        index = min(max(int(change["new"]), 0), len(self._values) - 1)
        self._syncing = True
        try:
            self.value = self._values[index]
        finally:
            self._syncing = False

    def __repr__(self) -> str:
        return f"NamedSlider({self.description!r}, value={self.value!r})"


_LIVE_ESM = """
export default { render({ model, el }) {
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  el.append(region);
  const sync = () => { region.textContent = model.get("text"); };
  model.on("change:text", sync);
  sync();
  return () => model.off("change:text", sync);
} };
"""


if anywidget is not None and named_controls_usable():
    class LiveText(anywidget.AnyWidget):
        """A live region (``role="status"``, ``aria-live="polite"``) that stays the same element
        while its ``text`` changes, so every screen reader announces the change (one that
        ipywidgets' HTML widget re-creates on each change is missed by some)."""

        _esm = _LIVE_ESM
        text = traitlets.Unicode("").tag(sync=True)
else:  # pragma: no cover - Colab's fallback: ipywidgets' HTML, re-created on each change
    class LiveText(widgets.HTML):
        """A live region in an ipywidgets HTML widget (the fallback where anywidget cannot be
        shown); ``text`` is what it says."""

        text = traitlets.Unicode("")

        @traitlets.observe("text")
        def _say(self, change: dict) -> None:
            import html

            self.value = f'<div role="status" aria-live="polite">{html.escape(change["new"])}</div>'


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def linear_values(lo: float, hi: float, step: float) -> list[float]:
    """``lo, lo + step, ..., hi`` as the decimal numbers they are meant to be (0.95, not
    0.9500000000000001)."""
    if not (math.isfinite(lo) and math.isfinite(hi) and step > 0 and hi >= lo):
        raise ValueError(f"a slider needs lo <= hi and step > 0, got {lo}, {hi}, {step}")
    digits = max(0, -math.floor(math.log10(step))) + 4
    n = math.floor((hi - lo) / step + 1e-9)
    return [round(lo + k * step, digits) + 0.0 for k in range(n + 1)]


def log_values(lo: float, hi: float, mantissas: Sequence[float] = (1, 2, 5)) -> list[float]:
    """The round numbers m·10^k (m in ``mantissas``) from ``lo`` to ``hi``:
    ``log_values(0.01, 1)`` is 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1."""
    if not (0 < lo <= hi and math.isfinite(hi)):
        raise ValueError(f"a log slider needs 0 < lo <= hi, got {lo}, {hi}")
    values = []
    for k in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for m in mantissas:
            v = float(f"{m}e{k}")
            if lo * (1 - 1e-12) <= v <= hi * (1 + 1e-12):
                values.append(v)
    return sorted(set(values))


def slider(description: str, value: float, lo: float, hi: float, step: float,
           readout_format: str = ".2f", width: str = "420px") -> widgets.Widget:
    """A slider from ``lo`` to ``hi`` in steps of ``step``, at ``value`` (exactly).

    ``readout_format`` should show enough digits to tell the steps apart (".2f" for steps
    of 0.05); Page Up/Down move ten steps.
    """
    if not named_controls_usable():
        return widgets.FloatSlider(
            value=value, min=lo, max=hi, step=step, description=description,
            readout_format=readout_format, continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width=width))
    return NamedSlider(description, linear_values(lo, hi, step), value, fmt=readout_format,
                       layout=widgets.Layout(max_width="100%", width=width))


def log_slider(description: str, value: float, lo: float, hi: float, *,
               mantissas: Sequence[float] = (1, 2, 5), readout_format: str = ".3g",
               width: str = "420px", continuous_update: bool = True) -> widgets.Widget:
    """A slider over round numbers on a log scale (:func:`log_values`): it shows and says the
    value (0.001), not its exponent; Page Up/Down move a decade."""
    values = log_values(lo, hi, mantissas)
    if not named_controls_usable():
        return widgets.SelectionSlider(
            options=[(_text(v, readout_format), v) for v in sorted({*values, value})],
            value=value, description=description, continuous_update=continuous_update,
            style={"description_width": "initial"}, layout=widgets.Layout(width=width))
    return NamedSlider(description, values, value, fmt=readout_format, coarse=len(mantissas),
                       continuous_update=continuous_update,
                       layout=widgets.Layout(max_width="100%", width=width))


def int_slider(description: str, value: int, lo: int, hi: int, *, width: str = "420px",
               continuous_update: bool = True) -> widgets.Widget:
    """A slider over the whole numbers ``lo..hi``; Page Up/Down move ten (or to the end)."""
    if not named_controls_usable():
        return widgets.IntSlider(value=value, min=lo, max=hi, step=1, description=description,
                                 continuous_update=continuous_update,
                                 style={"description_width": "initial"},
                                 layout=widgets.Layout(width=width))
    return NamedSlider(description, list(range(int(lo), int(hi) + 1)), int(value), fmt="d",
                       continuous_update=continuous_update,
                       layout=widgets.Layout(max_width="100%", width=width))


def choice_slider(description: str, options: Sequence[tuple[str, Any]], value: Any, *,
                  width: str = "420px", continuous_update: bool = True) -> widgets.Widget:
    """A slider over labelled values ``[(label, value), ...]`` (like ipywidgets'
    ``SelectionSlider``); it says each label."""
    if not named_controls_usable():
        return widgets.SelectionSlider(options=list(options), value=value,
                                       description=description,
                                       continuous_update=continuous_update,
                                       style={"description_width": "initial"},
                                       layout=widgets.Layout(width=width))
    labels = [label for label, _ in options]
    return NamedSlider(description, [v for _, v in options], value, labels=labels,
                       coarse=max(1, len(labels) // 4), continuous_update=continuous_update,
                       layout=widgets.Layout(max_width="100%", width=width))


__all__ = ["LiveText", "NamedSlider", "choice_slider", "int_slider", "linear_values", "log_slider",
           "log_values", "named_controls_usable", "slider"]
