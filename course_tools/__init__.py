"""The course's tools: what builds, runs, publishes and checks the notebooks (not what a
learner imports: that is :mod:`course_lib`). One module per concern:

* :mod:`course_tools.notebooks`     - which notebooks the course has, their cell tags, the
  exercise/solution pairing, and the one way to run a notebook (always numerically pinned)
* :mod:`course_tools.numeric_env`   - that pin: one numeric environment for stored outputs
* :mod:`course_tools.course_meta`   - the repository's address, launch links and badges
* :mod:`course_tools.execute`       - ``make execute``: run and store notebooks
* :mod:`course_tools.notebook_meta` - slide metadata, badges and the Colab block
* :mod:`course_tools.reading_time`  - the time a notebook states, estimated from its content
* :mod:`course_tools.solutions`     - ``make solutions``: the solved notebooks
* :mod:`course_tools.site`, :mod:`course_tools.slides` - ``make site``, ``make slides``
* :mod:`course_tools.colab_check`, :mod:`course_tools.venvs` - ``make colab-check``
* :mod:`course_tools.browser_lab`   - JupyterLab in headless Chromium (browser tests, bench)
* :mod:`course_tools.class_check`   - ``make class-check``: a JupyterHub serving a class
* :mod:`course_tools.bench`         - ``make bench``: speed, latency, memory
* :mod:`course_tools.reference`     - the one table of independent references (mpmath) and
  naive one-liners per activation, read by the accuracy tests and the benchmark
* :mod:`course_tools.atlas_pages`   - the atlas's pages of the site, one per activation
* :mod:`course_tools.frameworks`    - ``make frameworks``: what PyTorch, Keras and JAX give

Each command is ``python -m course_tools.<module>`` (the Makefile's targets call them). The
package ships beside course_lib (``pip install -e .``, and Binder's and Colab's installs);
its own dependencies (nbclient, nbconvert, ...) come from requirements-dev.txt. This file
imports nothing, so ``from course_tools import numeric_env`` (the repository's conftest.py,
before NumPy loads) costs nothing more.
"""
