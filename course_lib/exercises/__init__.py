"""Exercises with checkers that explain a wrong answer (see :mod:`course_lib.exercises.core`).

Each notebook's exercises live in their own module (``nb00``, ``nb01``, ...); a notebook
imports that module and calls its ``check_...`` functions.
"""

from course_lib.exercises.core import Exercise, Feedback, Mistake

__all__ = ["Exercise", "Feedback", "Mistake"]
