"""Settings and fixtures shared by every test.

Hypothesis: no per-example deadline. Timing belongs in the benchmark (`make bench`), not in
a test, and a busy 2-core CI machine must not turn a slow example into a failure.
"""

import importlib
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("course", deadline=None)
settings.load_profile("course")


# ---------------------------------------------------------------------------- built site, slides
# One build of the site and one of the slides for the whole run: tests/test_site.py,
# tests/test_slides.py and the accessibility checks of tests/browser/ all read the same copy
# (each build takes a while).
def _tools_module(name: str):
    """A module of tools/ (on the import path through pytest's ``pythonpath`` setting)."""
    return importlib.import_module(name)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Path, list[str]]:
    """The course site built once (``make site``): its folder and the build's warnings."""
    if not _tools_module("course_meta").course_notebooks():
        pytest.skip("no notebooks yet")
    out = tmp_path_factory.mktemp("site")
    return out, _tools_module("build_site").build(out)


@pytest.fixture(scope="session")
def built_slides(tmp_path_factory) -> tuple[Path, list[str]]:
    """The slides built once (``make slides``): their folder and the build's warnings."""
    if not _tools_module("course_meta").course_notebooks():
        pytest.skip("no notebooks yet")
    out = tmp_path_factory.mktemp("slides")
    return out, _tools_module("build_slides").build(out)
