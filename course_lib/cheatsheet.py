"""A one-page cheat sheet of the nine activations, generated so it cannot disagree with the
library.

The formulas come from the registry (:data:`course_lib.activations.ACTIVATIONS`: the LaTeX
of g and g′), the numbers from :func:`course_lib.properties.properties` (range, largest slope,
saturation). Only the advice is written by hand, in :data:`ADVICE`, and it holds no numbers:
every number on the sheet is computed.

>>> sheet = cheat_sheet()
>>> sheet
<cheat sheet: 9 activations>
>>> "0.25 at z = 0" in sheet.markdown
True

Written for notebook 07 (which shows it at the end of the series); built in notebook 06.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.activations import ACTIVATIONS
from course_lib.properties import properties


@dataclass(frozen=True)
class Advice:
    """When to reach for an activation, the failure it avoids and the one it risks."""

    use: str
    avoids: str
    risks: str


ADVICE: dict[str, Advice] = {
    "sigmoid": Advice(
        use="the output unit of a binary classifier (g(z) is a probability); gates",
        avoids="outputs that cannot be read as a probability",
        risks="vanishing gradients in hidden layers: g′ is small everywhere and fades on "
              "both sides; outputs are not zero-centred"),
    "tanh": Advice(
        use="hidden layers of small or recurrent networks",
        avoids="the sigmoid's off-centre outputs and its smaller slope",
        risks="vanishing gradients once units saturate on either side"),
    "relu": Advice(
        use="the default for hidden layers of deep feed-forward and convolutional networks",
        avoids="saturation on the positive side: the gradient passes through unchanged, and "
               "it is cheap",
        risks="dead units: a unit that is negative on every input gets no gradient and "
              "never recovers"),
    "leaky_relu": Advice(
        use="instead of ReLU when many units die (large learning rates, unlucky "
            "initialisation)",
        avoids="dead units: the negative side keeps a small slope α",
        risks="one more choice to make (α); outputs still far from zero-centred"),
    "softplus": Advice(
        use="a smooth, positive output (a rate or a variance); a smooth stand-in for ReLU",
        avoids="ReLU's kink and its exactly-zero gradient: g′ = σ(z) never vanishes",
        risks="slower than ReLU, and the gradient still fades for very negative z"),
    "elu": Advice(
        use="hidden layers where mean activations near zero speed up learning",
        avoids="dead units and ReLU's positive mean: outputs go down to −α",
        risks="an exponential per unit; g′ jumps at the kink unless α is one"),
    "silu": Advice(
        use="deep vision and language models (EfficientNet, many recent networks)",
        avoids="dead units: smooth, and a small negative dip keeps gradients alive",
        risks="not monotonic, and several times the cost of ReLU"),
    "gelu": Advice(
        use="transformers (BERT, GPT and most large language models)",
        avoids="dead units and ReLU's kink: a smooth gate z·Φ(z)",
        risks="cost: the exact form needs erf (frameworks often use the tanh approximation); "
              "not monotonic"),
    "mish": Advice(
        use="vision models (YOLO detectors) where a smooth ReLU replacement gains a little "
            "accuracy",
        avoids="dead units, like SiLU, with a smooth self-gate",
        risks="the cost of a tanh of a softplus per unit, for a small gain"),
}
"""The hand-written part of the sheet, keyed by registry name. It holds no digits (the tests
check that, and that its keys are exactly the registry's): numbers come from the library."""

_SYMBOLS = {"alpha": r"\alpha"}
COLUMNS = ("activation", "derivative", "range · largest g′ · saturates", "use it for",
           "avoids", "risks")


@dataclass(frozen=True)
class CheatSheet:
    """The sheet as Markdown with LaTeX; shows as a table in a notebook."""

    markdown: str
    names: tuple[str, ...]

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return f"<cheat sheet: {len(self.names)} activations>"


def cheat_sheet() -> CheatSheet:
    """One page: each activation with g and g′ (LaTeX from the registry), its key numbers
    (from :mod:`course_lib.properties`) and when to use it, what it avoids, what it risks."""
    lines = [
        "### Cheat sheet: activations and their derivatives",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    for name, act in ACTIVATIONS.items():
        p = properties(name)
        advice = ADVICE[name]
        params = ", ".join(f"${_SYMBOLS.get(k, k)} = {v:g}$" for k, v in act.params.items())
        first = f"**{act.title}**<br>${act.latex}$" + (f"<br>({params})" if params else "")
        numbers = f"{p.range_text} · {p.max_slope_text} · {p.saturates_text}"
        cells = [first, f"${act.derivative_latex}$", numbers, advice.use, advice.avoids,
                 advice.risks]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "At a kink g′ takes the left-hand value (as PyTorch and TensorFlow do). "
                  "Numbers computed by `course_lib.properties` from the library's own g and g′."]
    return CheatSheet("\n".join(lines), tuple(ACTIVATIONS))


__all__ = ["ADVICE", "Advice", "CheatSheet", "cheat_sheet"]
