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

try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pytest-xdist is for make test; without it every test still runs, in one process
    LoadScopeScheduling = None

settings.register_profile("course", deadline=None)
settings.load_profile("course")

BUILT = ("built_site", "built_slides")
FIGURE_TESTS = ("test_widgets_*.py", "test_classroom_fit.py", "test_figure_text.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not isinstance(item, pytest.Function):
            continue  # a notebook's cell under nbval
        if set(BUILT) & set(item.fixturenames):
            item.add_marker(pytest.mark.builds)
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


# ----------------------------------------------------------------- make test's two processes
#: Test files whose tests are long and share nothing costly: each test is handed out on its own.
SPREAD = ("test_browser_notebooks.py", "test_exercise_slips.py")
#: Test files that read the built site or slides: one process builds them once for all.
READ_BUILDS = ("test_accessibility.py", "test_atlas_pages.py", "test_site.py", "test_slides.py",
               "test_speaker_notes.py")

if LoadScopeScheduling is not None:
    class CourseScheduling(LoadScopeScheduling):
        """``make test``'s way of sharing the tests between processes (``-n 2 --dist
        loadscope --no-loadscope-reorder``): a test file goes to one process whole, since its
        tests share its module fixtures (the class check's hub, the grading run), and so does a
        notebook under nbval (its cells share one kernel, in order); the files that read a
        build go together, so the site and the slides are built once; the tests of SPREAD go
        one by one. In the order collected: the long browser tests first, the short ones fill
        the end.
        (pytest-xdist's own ``loadgroup`` cannot be used: it renames node ids in a way pytest 9
        no longer sees, and would silently split every group.)"""

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            name = path.rsplit("/", 1)[-1]
            if name in SPREAD:
                return nodeid
            if name in READ_BUILDS:
                return "the site and slides builds"
            return path

    def pytest_xdist_make_scheduler(config, log):
        if config.getoption("dist") == "loadscope":
            return CourseScheduling(config, log)
        return None

