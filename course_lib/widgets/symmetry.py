"""The figure of the symmetry experiment: hidden units that start equal stay equal.

* :func:`symmetry_figure` - each hidden unit's weight from the first input, epoch by epoch,
  for an equal start and a random one (no explorer: the experiment has no knob worth turning
  but the start, and the figure shows both).

The numbers come from :mod:`course_lib.experiments.symmetry`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course_lib import plots
from course_lib.experiments.symmetry import SymmetryRun

_UNIT_COLOURS = [plots.BLUE, plots.VERMILLION, plots.GREEN, plots.ORANGE, plots.PURPLE,
                 plots.SKY, plots.GREY, plots.YELLOW]


def symmetry_figure(runs: Sequence[SymmetryRun]) -> plots.CourseFigure:
    """One panel per run: the weight from input 1 to each hidden unit after every epoch.

    >>> from course_lib.experiments.symmetry import symmetry_run
    >>> symmetry_figure([symmetry_run("equal", "tanh", epochs=5)])
    <figure: each hidden unit's first weight during training: tanh, equal start>
    """
    fig, axes = plots.new_figure(len(runs), width=3.9, height=3.3)
    sentences = []
    with plots.course_style():
        for ax, run in zip(axes[0], runs, strict=True):
            epochs = np.arange(run.weights.shape[0])
            width = run.weights.shape[2]
            for k in range(width):
                ax.plot(epochs, run.weights[:, 0, k], color=_UNIT_COLOURS[k % 8],
                        linewidth=2.2, linestyle="-" if k % 2 == 0 else "--",
                        label=f"unit {k}" if k < 2 else f"_unit {k}")
            n = int(run.distinct[-1])
            plots.style_axes(ax, xlabel="epoch", ylabel="weight from input 1",
                             title=f"{run.start} start: {width} units, "
                                   f"{'one line' if n == 1 else f'{n} lines'}")
            end = run.weights[-1, 0]
            ending = (f"all ending at {end[0]:.2f}" if n == 1 else
                      f"ending between {end.min():.2f} and {end.max():.2f}")
            sentences.append(f"{run.start} start: {width} lines, {n} distinct, {ending}, "
                             f"accuracy {run.accuracy[-1]:.2f}")
    starts = ", ".join(f"{r.start} start" for r in runs)
    description = (f"each hidden unit's first weight during training: {runs[0].activation}, "
                   f"{starts}")
    alt = (f"{len(runs)} panel{'s' if len(runs) > 1 else ''}, the weight from input 1 to each "
           "hidden unit (vertical) against the epoch (horizontal), one line per unit. "
           + "; ".join(sentences) + ". Lines of equal units lie on top of each other.")
    return plots.CourseFigure(fig, description, alt=alt)


__all__ = ["symmetry_figure"]
