"""The interactive explorers of the course (ipywidgets + ipympl).

Each explorer lives in the module of the idea it shows; every one has a static twin in
:mod:`course_lib.plots`.
"""

from course_lib.widgets.base import Explorer, make_canvas, slider
from course_lib.widgets.tangent import TangentExplorer

__all__ = ["Explorer", "TangentExplorer", "make_canvas", "slider"]
