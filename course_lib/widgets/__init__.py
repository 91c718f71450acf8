"""The interactive explorers of the course (ipywidgets + ipympl).

Each explorer lives in the module of the idea it shows, beside its static twin (a function
returning a :class:`course_lib.plots.CourseFigure`); the experiments they show are in
:mod:`course_lib.experiments`.
"""

from course_lib.widgets.base import Explorer, make_canvas, slider
from course_lib.widgets.controls import NamedSlider, choice_slider, int_slider, log_slider
from course_lib.widgets.tangent import TangentExplorer

__all__ = ["Explorer", "NamedSlider", "TangentExplorer", "choice_slider", "int_slider",
           "log_slider", "make_canvas", "slider"]
