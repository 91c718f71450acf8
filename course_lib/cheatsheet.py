"""A one-page cheat sheet of the course's activations, generated so it cannot disagree with
the library.

The formulas come from the registry (:data:`course_lib.activations.ACTIVATIONS`: the LaTeX
of g printed from its SymPy definition, of g′ from the last step of its verified derivation),
the numbers from :func:`course_lib.properties.properties` (range, largest slope,
saturation). Only the advice is written by hand, in each activation's record, and it holds no
numbers: every number on the sheet is computed.

>>> sheet = cheat_sheet()
>>> len(sheet.names) == len(ACTIVATIONS)
True
>>> "0.25 at z = 0" in sheet.markdown
True

Written for notebook 10 (which shows it at the end of the series); its numbers are those of
notebook 09's property table.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib import conventions
from course_lib.activations import ACTIVATIONS, Advice
from course_lib.properties import properties

ADVICE: dict[str, Advice] = {name: act.advice for name, act in ACTIVATIONS.items()}
"""The hand-written part of the sheet, from each activation's record (its ``advice``). It
holds no digits (the tests check that, and that every activation has some): numbers come from
the library."""

COLUMNS = ("activation", "derivative", "range · largest g′ · saturates", "use it for",
           "avoids", "risks")
"""What the sheet says of each activation, over its two tables:"""
FORMULA_COLUMNS = COLUMNS[:2]
ADVICE_COLUMNS = (COLUMNS[0], *COLUMNS[2:])


@dataclass(frozen=True)
class CheatSheet:
    """The sheet as Markdown with LaTeX; shows as a table in a notebook."""

    markdown: str
    names: tuple[str, ...]

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return f"<cheat sheet: {len(self.names)} activations>"


def _as_pytorch() -> str:
    """What PyTorch gives at the kinks on the sheet, as ``make frameworks`` measured it: the
    same left-hand values, or at which kinks it differs."""
    def left_hand(act, k: float) -> bool:
        got, left = conventions.measured_slope(act, "torch", k), act.sides(k)["g′"][0]
        return got is not None and abs(got - left) <= 1e-12 * max(1.0, abs(left))

    differ = [f"{act.short_title}′({k:g})" for act in ACTIVATIONS.values() for k in act.kinks
              if not left_hand(act, k)]
    if differ:
        return f" (PyTorch differs at {', '.join(differ)}: see `course_lib.conventions`)"
    return (", which is what PyTorch gives at every kink on this sheet (measured: "
            "`course_lib.conventions`)")


def cheat_sheet() -> CheatSheet:
    """One page: each activation with g and g′ (LaTeX printed from SymPy), its key numbers
    (from :mod:`course_lib.properties`) and when to use it, what it avoids, what it risks."""
    # two tables, so that neither is wider than a notebook's output area (a table whose
    # formulas cannot wrap would scroll sideways): the formulas, then the numbers and advice
    formulas = ["| " + " | ".join(FORMULA_COLUMNS) + " |",
                "|" + "|".join("---" for _ in FORMULA_COLUMNS) + "|"]
    advice_rows = ["| " + " | ".join(ADVICE_COLUMNS) + " |",
                   "|" + "|".join("---" for _ in ADVICE_COLUMNS) + "|"]
    for name, act in ACTIVATIONS.items():
        p = properties(name)
        advice = ADVICE[name]
        settings = act.settings_latex
        first = f"**{act.title}**<br>${act.latex}$" + (f"<br>(${settings}$)" if settings else "")
        numbers = f"{p.range_text} · {p.max_slope_text} · {p.saturates_text}"
        formulas.append("| " + " | ".join([first, f"${act.derivative_latex}$"]) + " |")
        advice_rows.append("| " + " | ".join([f"**{act.title}**", numbers, advice.use,
                                             advice.avoids, advice.risks]) + " |")
    lines = ["### Cheat sheet: activations and their derivatives", "", *formulas, "",
             "**When to use which**", "", *advice_rows]
    lines += ["", f"At a kink g′ takes the left-hand value{_as_pytorch()}. Numbers computed "
                  "by `course_lib.properties` from the library's own g and g′."]
    return CheatSheet("\n".join(lines), tuple(ACTIVATIONS))


__all__ = ["ADVICE", "ADVICE_COLUMNS", "COLUMNS", "FORMULA_COLUMNS", "Advice", "CheatSheet", "cheat_sheet"]
