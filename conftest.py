"""Loaded by pytest for every run from the repository (``make test``, ``pytest --nbval
notebooks``): the notebook kernels nbval starts inherit one numeric environment, so that
their outputs match the stored ones on any x86-64 processor (see course_tools/numeric_env.py).
It runs before anything imports NumPy, so this process is pinned too."""

from course_tools import numeric_env

numeric_env.pin_this_process()
