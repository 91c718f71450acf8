"""Loaded by pytest for every run from the repository (``make test``, ``pytest --nbval
notebooks``): the notebook kernels nbval starts inherit one numeric environment, so that
their outputs match the stored ones on any x86-64 processor (see tools/numeric_env.py)."""

import numeric_env  # tools/, on the path through pytest's ``pythonpath`` setting

numeric_env.pin_this_process()
