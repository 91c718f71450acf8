"""The atlas pages of the site (``make site``): ``atlas/index.html``, the table of every
activation with its computed properties, and one page per activation, ``atlas/<name>.html``:
g, g′ and g″ printed from SymPy and plotted, its properties, both one-sided values at each
kink, how exact the library is (measured here against the mpmath reference of
:mod:`course_tools.reference`), what PyTorch, Keras and JAX give (``frameworks.json``), and
the paper.

Offline like the rest of the site: MathJax from the site's local copy, figures as inline PNG
with their text alternative, tables with header cells, headings in order. Called by
``course_tools/site.py`` after the notebook pages.
"""

from __future__ import annotations

import base64
import html
import math
from pathlib import Path

import jinja2
import mpmath as mp
import numpy as np

from course_lib import conventions, plots
from course_lib.activations import ATLAS, FAMILIES, Activation
from course_lib.properties import ATLAS_CAPTION, number, properties, select
from course_tools import reference

TEMPLATES = Path(__file__).resolve().parent / "templates"

EXACTNESS_GRID = np.unique(np.concatenate([
    np.linspace(-30, 30, 61), [-700, -300, -100, -60, -40, 40, 60, 100, 300, 700],
    np.geomspace(1e-300, 1e-2, 5), -np.geomspace(1e-300, 1e-2, 5)]))
"""Where a page measures the error of g, g′ and g″ (the tests check many more points)."""
TINY = np.finfo(np.float64).tiny

PAGE = """<!DOCTYPE html>
{%- import 'course_mathjax.html.j2' as cm %}
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{{ title }} · {{ course }}</title>
<link rel="stylesheet" href="../_static/course.css">
<link rel="stylesheet" href="../_static/course-access.css">
{{ cm.local_mathjax('../_static') }}
</head>
<body class="course-index course-atlas">
<nav class="course-nav course-nav-top" aria-label="Atlas navigation">
  <span class="course-nav-prev">{% if prev -%}
    <a href="{{ prev.href }}" rel="prev">← {{ prev.title }}</a>{% endif %}</span>
  <a class="course-nav-index" href="index.html">The atlas: every activation</a>
  <span class="course-nav-next">{% if next -%}
    <a href="{{ next.href }}" rel="next">{{ next.title }} →</a>{% endif %}</span>
</nav>
<main>
{{ body }}
</main>
<nav class="course-nav course-nav-bottom" aria-label="Course navigation">
  <span></span><a class="course-nav-index" href="../index.html">{{ course }}: contents</a><span></span>
</nav>
</body>
</html>
"""


def _table(columns, rows, caption: str = "", row_headers: bool = True) -> str:
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in columns)
    body = []
    for row in rows:
        cells = [f"<th scope='row'>{c}</th>" if i == 0 and row_headers else f"<td>{c}</td>"
                 for i, c in enumerate(row)]
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{_text(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _text(value: str) -> str:
    """A cell of course_lib's tables (Markdown backticks) as escaped HTML."""
    parts = html.escape(value).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


# ----------------------------------------------------------------------------- exactness
def exactness(act: Activation) -> list[tuple[str, float, float, float]]:
    """For g, g′ and g″: (function name, largest error in units in the last place on
    :data:`EXACTNESS_GRID`, the z where it is largest, the function's condition number
    |z f′(z)/f(z)| there). A large error comes with a large condition number: the function
    itself magnifies the rounding of z there (the tests then ask for the exact value at an
    input within 4 ulps of z)."""
    out = []
    for f in (act.function, act.derivative, act.second_derivative):
        name = f.__name__
        got = np.asarray(f(EXACTNESS_GRID), dtype=float)
        worst, where = 0.0, float("nan")
        for z, value in zip(EXACTNESS_GRID, got, strict=True):
            exact = reference.exact(name, float(z))
            if abs(exact) < TINY or math.isinf(value):
                continue
            err = float(abs(mp.mpf(float(value)) - exact)) / float(np.spacing(abs(float(exact))))
            if err > worst:
                worst, where = err, float(z)
        kappa = _condition(name, where) if worst > 0 else 0.0
        out.append((name, worst, where, kappa))
    return out


def _condition(name: str, z: float) -> float:
    """|z f′(z)/f(z)| of a library function, from its reference (a relative step of 10⁻⁹)."""
    with mp.workdps(reference.digits_needed(z) + 20):
        fz = reference.exact(name, z)
        if fz == 0:
            return 0.0
        step = mp.mpf(z) * mp.mpf("1e-9") or mp.mpf("1e-9")
        zz = float(mp.mpf(z) + step)
        return float(abs((reference.exact(name, zz) - fz) / fz / (step / mp.mpf(z)))) if z else 0.0


# ----------------------------------------------------------------------------- the pages
def _figure(act: Activation) -> str:
    fig = plots.activation_figure(act)
    png = base64.b64encode(fig.png()).decode("ascii")
    width, height = (round(float(v)) for v in fig.fig.get_size_inches() * fig.fig.dpi)
    return (f'<img class="course-figure" src="data:image/png;base64,{png}" width="{width}" '
            f'height="{height}" alt="{html.escape(fig.alt)}">')


def _sections(act: Activation) -> str:
    family = FAMILIES[act.family]
    parts = [f"<h1>{html.escape(act.title)}</h1>",
             f"<p><strong>{html.escape(family[:1].upper() + family[1:])}.</strong> "
             f"Name in the library: <code>{act.name}</code>"
             + (f" (also called {', '.join(f'<code>{a}</code>' for a in act.aliases)})"
                if act.aliases else "")
             + (f"; parameters {html.escape(', '.join(f'{k} = {v:g}' for k, v in act.params.items()))}"
                if act.params else "")
             + f".</p><p>Source: {html.escape(act.paper)}.</p>"]
    parts.append("<h2>g, g′ and g″</h2>")
    parts.append("<p>Printed from the SymPy definition (g′ and g″ from the verified "
                 "derivations where the course derives them, else by differentiating it); "
                 "the tests compare them with the NumPy functions.</p>")
    for latex in (act.latex, act.derivative_latex, act.second_derivative_latex):
        parts.append(f"<p>$$ {html.escape(latex)} $$</p>")
    parts.append(_figure(act))
    parts.append("<h2>Properties</h2>")
    row = properties(act).atlas_row()
    parts.append(_table(list(row)[2:], [[_text(v) for v in list(row.values())[2:]]],
                        "Computed from the record (course_lib.properties)", row_headers=False))
    if act.kinks:
        parts.append("<h2>At the kinks</h2>")
        parts.append("<p>Both one-sided values; at the kink itself g′ and g″ take the one "
                     "from the left.</p>")
        rows = []
        for k in act.kinks:
            sides = act.sides(k)
            rows.append([number(k, 6)] + [f"{number(sides[s][0], 6)} | {number(sides[s][1], 6)}"
                                        for s in ("g", "g′", "g″")])
        parts.append(_table(["z", "g (left | right)", "g′ (left | right)", "g″ (left | right)"],
                            rows, "One-sided values at each kink"))
    parts.append("<h2>How exact</h2>")
    rows = [[f"<code>{name}</code>", f"{err:.2g}", number(where) if err else "—",
             f"{kappa:.2g}" if err else "—"]
            for name, err, where, kappa in exactness(act)]
    parts.append(_table(["function", "largest error (ulps)", "at z", "condition number there"],
                        rows, f"Against the 30-digit mpmath reference on {EXACTNESS_GRID.size} "
                              "points from −700 to 700"))
    parts.append("<p>Where the error exceeds a few units in the last place, the function's "
                 "condition number is large: it magnifies the rounding of z itself, and the "
                 "result is the exact value at an input within 4 ulps of z (what the tests "
                 "check, on many more points).</p>")
    table = conventions.conventions_table(act)
    parts.append("<h2>What the frameworks do</h2>")
    if table.rows:
        parts.append(_table(table.columns, [[_text(c) for c in r] for r in table.rows],
                            table.caption))
    else:
        parts.append("<p>PyTorch, Keras and JAX do not ship it.</p>")
    return "\n".join(parts)


def build(out: Path, course: str) -> list[str]:
    """Write ``out/atlas/``: the index and a page per activation. Returns the problems met
    (an empty list when clean): a figure without alternative text, say."""
    folder = out / "atlas"
    folder.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False)
    page = env.from_string(PAGE)
    names = list(ATLAS)
    problems = []
    for i, name in enumerate(names):
        act = ATLAS[name]
        link = lambda j: ({"href": f"{names[j]}.html", "title": html.escape(ATLAS[names[j]].title)}  # noqa: E731
                          if 0 <= j < len(names) else None)
        body = _sections(act)
        if 'alt=""' in body:
            problems.append(f"atlas/{name}.html: a figure without alternative text")
        (folder / f"{name}.html").write_text(
            page.render(title=html.escape(act.title), course=html.escape(course), body=body,
                        prev=link(i - 1), next=link(i + 1)), encoding="utf-8")
    rows = []
    for p in select():
        cells = list(p.atlas_row().values())
        rows.append([f'<a href="{p.name}.html">{html.escape(cells[0])}</a>']
                    + [_text(c) for c in cells[1:]])
    intro = ("<h1>The atlas: every activation</h1><p>Every activation PyTorch, Keras and JAX "
             "ship, and notable ones from the literature: g, g′ and g″ exact over the whole "
             "real line, properties computed from each record, what each framework does at "
             "the kinks and in the tails. The reference notebook <code>atlas.ipynb</code> "
             "filters this table interactively.</p>")
    body = intro + _table(list(properties("sigmoid").atlas_row()), rows, ATLAS_CAPTION)
    (folder / "index.html").write_text(
        page.render(title="The atlas", course=html.escape(course), body=body, prev=None,
                    next=None), encoding="utf-8")
    return problems


__all__ = ["EXACTNESS_GRID", "build", "exactness"]
