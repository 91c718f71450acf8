"""Moved to :mod:`course_lib.experiments.nn`; this name stays so that old imports keep working
(it is the same module object, so patching one patches the other)."""

import sys

from course_lib.experiments import nn as _moved

sys.modules[__name__] = _moved
