"""course_lib: the formulas and helpers behind the notebooks of
"Derivatives of activation functions".

Where things live:

* :mod:`course_lib.activations` - one module per activation in ``activations/atlas/`` (g, g′,
  g″, SymPy definition and derivations, kinks, paper, look, advice …), assembled into
  ``ACTIVATIONS`` (the course's path) and ``ATLAS`` (every activation); softmax and the gated
  units GLU/SwiGLU beside them
* :mod:`course_lib.properties`  - every property of an activation, computed from its record:
  the property table, the atlas table and its filters, the cost
* :mod:`course_lib.conventions` - what PyTorch, Keras and JAX give at the kinks and in the
  tails, as measured (``activations/frameworks.json``)
* :mod:`course_lib.symbolic`    - the one SymPy layer: the course's functions, ``elementary``,
  ``equal``, and the step-by-step derivation machinery
* :mod:`course_lib.derivations` - every derivation by name, each checked by SymPy
* :mod:`course_lib.expressions` - a learner's own activation, parsed safely and derived
* :mod:`course_lib.gradcheck`   - finite differences and derivative checks
* :mod:`course_lib.plots`       - the one look of every figure (g, g′, g″ of a record:
  ``activation_figure``)
* :mod:`course_lib.widgets`     - the interactive explorers
* :mod:`course_lib.exercises`   - checkers that say what is wrong in an answer
"""

from course_lib.activations import ACTIVATIONS, Activation

__all__ = ["ACTIVATIONS", "Activation"]
__version__ = "0.1.0"
