"""The atlas table with a dropdown per property: pick a family, a smoothness, "can die: no", …
and the table shows the activations that have all of them. Its static twin is
:func:`course_lib.properties.atlas_table` (the whole table, or filtered in code); both read
:mod:`course_lib.properties`.

Introduced in the reference notebook ``atlas.ipynb``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course_lib import properties
from course_lib.activations import ATLAS

_LABELS = {"family": "Family", "smoothness": "Smoothness", "monotone": "Monotone",
           "bounded": "Bounded", "zero_centred": "Zero-centred", "can_die": "Can a unit die",
           "self_gated": "Self-gated"}
_ANY = "any"


def _option(value) -> tuple[str, object]:
    return ({True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool)
            else str(value), value)


class AtlasTable(widgets.VBox):
    """The atlas as an HTML table under seven dropdowns (each labelled, reachable by Tab and
    changed with the arrow keys), and a line saying how many activations match.

    >>> AtlasTable(family="shrink")
    <atlas table: family=shrink, 3 of 42>
    """

    def __init__(self, **filters: object) -> None:
        properties.select(**filters)  # unknown filters or values: a ValueError naming them
        self.dropdowns = {
            key: widgets.Dropdown(options=[(_ANY, None), *map(_option, values)],
                                  value=filters.get(key), description=_LABELS[key],
                                  style={"description_width": "120px"},
                                  layout=widgets.Layout(width="300px", max_width="100%",
                                                        margin="2px 0px"))
            for key, values in properties.FILTERS.items()
        }
        self.count = widgets.HTML()
        self.output = widgets.HTML(layout=widgets.Layout(width="100%", margin="2px 0px"))
        self.output.add_class("course-atlas-html")
        for dropdown in self.dropdowns.values():
            dropdown.observe(lambda _change: self.update(), names="value")
        super().__init__([widgets.HBox(list(self.dropdowns.values())[:4],
                                       layout=widgets.Layout(flex_flow="row wrap")),
                          widgets.HBox(list(self.dropdowns.values())[4:],
                                       layout=widgets.Layout(flex_flow="row wrap")),
                          self.count, self.output])
        self.update()

    @property
    def filters(self) -> dict[str, object]:
        return {k: d.value for k, d in self.dropdowns.items() if d.value is not None}

    def update(self) -> None:
        """Redraw the table for the dropdowns' values."""
        rows = properties.select(**self.filters)
        self.matches = [p.name for p in rows]
        self.count.value = (f"<p role='status'>{len(rows)} of {len(ATLAS)} activations "
                            "match.</p>")
        self.output.value = _html_table([p.atlas_row() for p in rows])

    def __repr__(self) -> str:
        chosen = ", ".join(f"{k}={_option(v)[0]}" for k, v in self.filters.items()) or "all"
        return f"<atlas table: {chosen}, {len(self.matches)} of {len(ATLAS)}>"


def _html_table(rows: list[dict[str, str]]) -> str:
    if not rows:
        return "<p>No activation has all of these properties.</p>"
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(
        f"<th scope='row'>{html.escape(v)}</th>" if i == 0 else
        f"<td>{html.escape(v.strip('`'))}</td>" for i, v in enumerate(r.values())) + "</tr>"
        for r in rows)
    # a narrow screen (or 200 % zoom) scrolls the table sideways inside its own box, which Tab
    # reaches (then the arrow keys scroll it) and a screen reader names
    return ("<style>.course-atlas-html > .widget-html-content {min-width: 0; flex: 1 1 0}"
            "</style><div class='course-atlas-scroll' tabindex='0' role='region' "
            "aria-label='The atlas, filtered (scrolls sideways)' "
            "style='overflow-x: auto; max-width: 100%'>"
            f"<table><caption>The atlas, filtered</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


__all__ = ["AtlasTable"]
