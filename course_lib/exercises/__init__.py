"""Exercises with checkers that explain a wrong answer (see :mod:`course_lib.exercises.core`).

Each notebook imports the module of its exercises and calls its ``check_...`` functions. The
modules keep the names they had before the notebooks were renumbered (``nb01`` is the
sigmoid's, now notebook 02):

==================  ===================================================
module              used by
==================  ===================================================
``nb00``            00_start_here
``foundations``     01_foundations
``nb01``            02_sigmoid
``nb02``            03_tanh
``nb03``            04_relu
``nb04``            05_leaky_relu
``backprop``        06_backward_pass
``nb05``            06_backward_pass and 07_why_activations_fail
``symmetry``        07_why_activations_fail
``nb06``            08_smooth_relus and 09_self_gated
``showdown``        10_training_showdown
``floating_point``  appendix_floating_point
``choice``          no notebook directly: the multiple-choice questions of
                    ``symmetry`` and ``showdown`` are built on it
==================  ===================================================

:mod:`~course_lib.exercises.core` and :mod:`~course_lib.exercises.inspection` are the
machinery every module shares.
"""

from course_lib.exercises.core import Exercise, Feedback, Mistake

__all__ = ["Exercise", "Feedback", "Mistake"]
