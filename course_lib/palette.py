"""The course's colours: the Okabe & Ito (2008) palette, safe for the common colour-vision
deficiencies. Plain hex strings, so that the activation records can name their colour
without importing matplotlib; :mod:`course_lib.plots` draws with them.

Ten colours do not go far in an atlas of forty activations: :func:`styles` hands out looks
(colour, line style and marker together) that stay distinct as long as needed, so that no
two curves are told apart by colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
ORANGE = "#E69F00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#6E6E6E"
BLACK = "#000000"
INDIGO = "#332288"  # from Paul Tol's scheme: apart from vermillion under protanopia
WINE = "#882255"  # from Paul Tol's colour-blind-safe "muted" scheme

LINE_COLOURS = (BLUE, VERMILLION, GREEN, ORANGE, SKY, PURPLE, GREY, BLACK, INDIGO, WINE)
"""The colours a curve may take (yellow is left out: too pale for a thin line on white)."""
LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*", "h")


def styles(taken: Iterable[tuple[str, str, str]] = ()) -> Iterator[dict[str, str]]:
    """Looks for curves, one after another: ``{"colour", "linestyle", "marker"}``.

    The colour changes fastest, then the line style, so that the first 40 looks differ in
    (colour, line style) and a look never repeats within 360; the marker cycles with period
    9, prime to 10, as a third cue. Looks in ``taken`` (colour, line style, marker) are
    skipped: their (colour, line style) pair among the first 40, the whole look after.

    >>> next(styles())
    {'colour': '#0072B2', 'linestyle': '-', 'marker': 'o'}
    """
    taken = set(taken)
    pairs = {t[:2] for t in taken}
    i = 0
    while True:
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        linestyle = LINESTYLES[(i // len(LINE_COLOURS)) % len(LINESTYLES)]
        marker = MARKERS[i % len(MARKERS)]
        fresh = (colour, linestyle) not in pairs if i < len(LINE_COLOURS) * len(LINESTYLES) \
            else (colour, linestyle, marker) not in taken
        if fresh:
            yield {"colour": colour, "linestyle": linestyle, "marker": marker}
        i += 1


__all__ = ["BLACK", "BLUE", "GREEN", "GREY", "INDIGO", "LINESTYLES", "LINE_COLOURS", "MARKERS",
           "ORANGE", "PURPLE", "SKY", "VERMILLION", "WINE", "YELLOW", "styles"]
