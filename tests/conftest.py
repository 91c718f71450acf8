"""Settings and fixtures shared by every test.

Hypothesis: no per-example deadline. Timing belongs in the benchmark (`make bench`), not in
a test, and a busy 2-core CI machine must not turn a slow example into a failure.

Markers (pyproject.toml lists them) say what a test needs beyond this Python. Two are given
here, so that no test slips into ``make test-fast`` by being written without one: a test that
reads the built site or slides is ``builds``, and the tests of the explorers and figures
(``test_widgets_*.py``, ``test_classroom_fit.py``, ``test_figure_text.py``: they draw with
matplotlib and drive ipywidgets, half the time of the rest together) are ``figures``.
"""

from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("course", deadline=None)
settings.load_profile("course")

BUILT = ("built_site", "built_slides")
FIGURE_TESTS = ("test_widgets_*.py", "test_classroom_fit.py", "test_figure_text.py")


# make test spreads the tests over two processes (pytest-xdist, ``--dist loadgroup``). A file's
# tests stay in one process, since they share its module fixtures (the class check's hub, the
# grading run), and so do all the tests that read one build. The files in SPREAD are the
# exception: their tests are long and independent (a notebook in JupyterLab each), so they are
# shared out one by one. nbval's cells share a kernel: make test runs the notebooks in a
# process of their own, and without xdist they run in order anyway.
SPREAD = ("test_browser_notebooks.py", "test_exercise_slips.py")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not isinstance(item, pytest.Function):  # a notebook's cell under nbval
            item.add_marker(pytest.mark.xdist_group(f"notebook {item.path.name}"))
            continue
        built = [name for name in BUILT if name in item.fixturenames]
        if built:
            item.add_marker(pytest.mark.builds)
            item.add_marker(pytest.mark.xdist_group(built[0]))
        elif item.path.name not in SPREAD:
            item.add_marker(pytest.mark.xdist_group(item.path.name))
        if any(item.path.match(pattern) for pattern in FIGURE_TESTS):
            item.add_marker(pytest.mark.figures)


# One build of the site and one of the slides for the whole run: tests/test_site.py,
# tests/test_slides.py and the accessibility checks of tests/browser/ all read the same copy
# (each build takes a while).
@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Path, list[str]]:
    """The course site built once (``make site``): its folder and the build's warnings."""
    from course_tools import site

    out = tmp_path_factory.mktemp("site")
    return out, site.build(out)


@pytest.fixture(scope="session")
def built_slides(tmp_path_factory) -> tuple[Path, list[str]]:
    """The slides built once (``make slides``): their folder and the build's warnings."""
    from course_tools import slides

    out = tmp_path_factory.mktemp("slides")
    return out, slides.build(out)
