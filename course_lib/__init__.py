"""course_lib: the formulas and helpers behind the notebooks of
"Derivatives of activation functions".

Where things live:

* :mod:`course_lib.activations` - each activation beside its derivative, and ``ACTIVATIONS``
* :mod:`course_lib.derivations` - step-by-step symbolic derivations, checked by SymPy
* :mod:`course_lib.gradcheck`   - finite differences and derivative checks
* :mod:`course_lib.plots`       - the one look of every figure
* :mod:`course_lib.widgets`     - the interactive explorers
* :mod:`course_lib.exercises`   - checkers that say what is wrong in an answer
"""

from course_lib.activations import ACTIVATIONS, Activation

__all__ = ["ACTIVATIONS", "Activation"]
__version__ = "0.1.0"
