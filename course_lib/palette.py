"""The course's colours: the Okabe & Ito (2008) palette, safe for the common colour-vision
deficiencies. Plain hex strings, so that the activation records can name their colour
without importing matplotlib; :mod:`course_lib.plots` draws with them.
"""

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

__all__ = ["BLACK", "BLUE", "GREEN", "GREY", "INDIGO", "ORANGE", "PURPLE", "SKY", "VERMILLION",
           "WINE", "YELLOW"]
