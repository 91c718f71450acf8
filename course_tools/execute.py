"""Run notebooks top to bottom and store them with their outputs (`make execute`).

    python -m course_tools.execute notebooks/04_relu.ipynb [...]   # these
    python -m course_tools.execute                                 # every course notebook

Each notebook runs in a fresh kernel as every notebook of the course is run
(:func:`course_tools.notebooks.run`: its folder as working directory, the numeric pin, the
outputs tidied so that the stored file is what nbval re-creates), is stored, and then gets
its slide metadata, launch badges and Colab block (:mod:`course_tools.notebook_meta`, whose
slide types depend on the outputs). This is the only way outputs should be stored: never save
a notebook from an interactive session.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from course_tools import notebook_meta, notebooks


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if any(a.startswith("-") for a in args):
        print(__doc__)
        return 2
    paths = [Path(a) for a in args] or notebooks.course_notebooks()
    for path in paths:
        start = time.perf_counter()
        notebooks.execute(path)
        notebook_meta.process(path)
        print(f"{path}: executed in {time.perf_counter() - start:.1f} s, slide metadata set")
    return 0


if __name__ == "__main__":
    sys.exit(main())
