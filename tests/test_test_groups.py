"""make test's sharing of the tests (tests/conftest.py, CourseScheduling) stays in step with
the tests: a file that reads the built site or slides is grouped with the builds, so they are
built once, and every file it names exists."""

from pathlib import Path

from tests.conftest import BUILT, READ_BUILDS, SPREAD

TESTS = Path(__file__).parent


def test_every_file_that_reads_a_build_is_grouped_with_the_builds():
    readers = {p.name for p in TESTS.rglob("test_*.py")
               if p.name != Path(__file__).name
               and any(name in p.read_text(encoding="utf-8") for name in BUILT)}
    assert readers == set(READ_BUILDS)


def test_the_spread_files_exist():
    names = {p.name for p in TESTS.rglob("test_*.py")}
    assert set(SPREAD) <= names
