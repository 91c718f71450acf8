"""Run notebooks top to bottom in a fresh kernel and store their outputs (`make execute`).

    python tools/execute_notebooks.py notebooks/01_sigmoid.ipynb [...]

Each notebook runs with its folder as working directory, in a kernel of the Python running
this script (the project's .venv). Afterwards the outputs are tidied so that the stored file
is what nbval re-creates, and nothing machine-specific is kept:

* live-widget references (``application/vnd.jupyter.widget-view+json``) are dropped: they
  point at kernel objects that no longer exist; the widget's text form stays, and every
  widget has a static figure beside it;
* saved widget state and timing metadata are not written.

The kernels run in the numeric environment nbval re-creates them in (``numeric_env``: NumPy
without its AVX-512 paths), so the stored outputs match on any x86-64 processor.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
import numeric_env
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def tidy(nb: nbformat.NotebookNode) -> None:
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
            output.get("metadata", {}).pop(WIDGET_VIEW, None)


def execute(path: Path, timeout: int = 600) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=False, store_widget_state=False)
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    tidy(nb)
    nbformat.write(nb, path)
    return seconds


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    numeric_env.pin_this_process()
    for p in paths:
        seconds = execute(Path(p))
        print(f"{p}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
