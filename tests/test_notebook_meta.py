"""course_tools/notebook_meta.py: slide types by rule, the Binder badge, idempotence; one
repository address everywhere (course_tools/course_meta.py); the instructor guide against the
notebooks it describes."""

from __future__ import annotations

import re

import nbformat
import pytest

from course_tools import course_meta, notebook_meta, notebooks
from course_tools.notebooks import ROOT
from tests.guide import guide_key, guide_sections, notebook_guide_key
from tests.samples import sample_notebooks, write_sample_course


def test_slide_types_follow_the_rules():
    nb00 = sample_notebooks()["00_start_here.ipynb"]
    assert notebook_meta.slide_types(nb00) == [
        "slide",     # title
        "slide",     # ## objectives
        "-",         # short setup
        "slide",     # ## section
        "-",         # the figure cell
        "fragment",  # a question right after a code cell
        "-",         # exercise
        "skip",      # solution: never on a slide
        "subslide",  # ###
        "notes",     # tagged notes
        "slide",     # ## check yourself
        "-",         # link to the next notebook
    ]


def test_overfull_slide_continues_on_a_subslide_and_tags_override():
    nb01 = sample_notebooks()["01_sigmoid.ipynb"]
    nb01.cells[3].outputs = [nbformat.v4.new_output(
        "stream", name="stdout", text="\n".join(str(i) for i in range(40)) + "\n")]
    # long setup skipped; 40 printed lines fill the slide, so the next paragraph moves down;
    # the last cell is forced by its tag
    assert notebook_meta.slide_types(nb01) == ["slide", "skip", "slide", "-", "subslide",
                                               "fragment"]
    nb01.cells[3].outputs = []
    assert notebook_meta.slide_types(nb01)[4] == "-"
    nb01.cells[5].metadata["tags"] = ["slide:skip"]
    assert notebook_meta.slide_types(nb01)[5] == "skip"


def test_badge_is_inserted_before_the_time_line_then_replaced_in_place():
    source = "# 00 · Start here\nWe read a derivative as a slope.\n\n⏱ About 20 minutes"
    once = notebook_meta.with_badge(source, "00_start_here.ipynb")
    badge = course_meta.launch_badges("00_start_here.ipynb")
    assert once.splitlines() == ["# 00 · Start here", "We read a derivative as a slope.", "",
                                 badge, "", "⏱ About 20 minutes"]
    assert notebook_meta.with_badge(once, "00_start_here.ipynb") == once
    moved = once.replace("00_start_here.ipynb", "old_name.ipynb").replace(
        course_meta.REPOSITORY, "someone/else")
    assert notebook_meta.with_badge(moved, "00_start_here.ipynb") == once
    assert notebook_meta.with_badge("# 05 · Title", "05_x.ipynb").endswith(
        course_meta.launch_badges("05_x.ipynb"))


def test_binder_and_nbgitpuller_links():
    assert course_meta.binder_url("04_relu.ipynb") == (
        f"https://mybinder.org/v2/gh/{course_meta.REPOSITORY}/HEAD"
        "?labpath=notebooks%2F04_relu.ipynb")
    url = course_meta.nbgitpuller_url("hub.example.org/", "02_sigmoid.ipynb")
    owner_repo = course_meta.REPOSITORY.replace("/", "%2F")
    assert url == ("https://hub.example.org/hub/user-redirect/git-pull"
                   f"?repo=https%3A%2F%2Fgithub.com%2F{owner_repo}&branch=main"
                   f"&urlpath=lab%2Ftree%2F{course_meta.repo_name()}%2Fnotebooks%2F02_sigmoid.ipynb")


def test_tool_is_idempotent_and_check_mode_reports(tmp_path, capsys):
    paths = write_sample_course(tmp_path, execute=False)
    names = [str(p) for p in paths]
    assert notebook_meta.main(["--check", *names]) == 1
    assert "out of date" in capsys.readouterr().out
    assert notebook_meta.main(names) == 0
    first = [p.read_bytes() for p in paths]
    assert notebook_meta.main(names) == 0
    assert capsys.readouterr().out.count("updated") == len(paths)  # the first run only
    assert [p.read_bytes() for p in paths] == first
    assert notebook_meta.main(["--check", *names]) == 0
    nb = nbformat.read(paths[0], as_version=4)
    nbformat.validate(nb)
    assert all(c.metadata["slideshow"]["slide_type"] in notebook_meta.SLIDE_TYPES for c in nb.cells)
    assert nb.metadata["rise"]["theme"] == "white"
    assert course_meta.binder_url("00_start_here.ipynb") in nb.cells[0].source


@pytest.mark.builds
def test_rules_survive_execution(tmp_path):
    """Stored outputs (after `make execute`) still give valid types, and re-running the tool
    on an executed notebook is stable."""
    paths = write_sample_course(tmp_path)
    for p in paths:
        notebook_meta.process(p)
        assert not notebook_meta.process(p)


# a Binder launch link, or the repository an nbgitpuller link pulls
LINK = re.compile(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/|repo=https(?::|%3A)(?://|%2F%2F)github\.com"
                  r"(?:/|%2F)([\w.-]+(?:/|%2F)[\w.-]+?)(?:&|\s|$|\))")


@pytest.mark.parametrize("doc", ["README.md", "docs/instructor_guide.md", "docs/launching.md"])
def test_docs_use_the_one_repository_address(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    found = {(a or b).replace("%2F", "/") for a, b in LINK.findall(text)}
    assert found, f"{doc} has no launch link"
    assert found <= {course_meta.REPOSITORY}, f"{doc} names another repository: {found}"


def test_course_notebooks_are_up_to_date():
    """The stored notebooks carry the metadata this tool gives them (run it after an edit)."""
    stale = [p.name for p in notebooks.course_notebooks()
             if notebook_meta.apply(nbformat.read(p, as_version=4), p.name)]
    assert not stale, f"run: python -m course_tools.notebook_meta  (stale: {stale})"


# -- docs/instructor_guide.md against the notebooks it describes ------------------------------

GUIDE = ROOT / "docs" / "instructor_guide.md"
EXPLORER_CALL = re.compile(r"\b([A-Z]\w*(?:Explorer|Lab))(?:\.for_activation)?\(")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _course() -> dict[str, dict]:
    """Per notebook number: its explorers, exercise count, solution text, all text, the
    number of check-yourself questions and the title cell."""
    found = {}
    for path in notebooks.lessons():
        nb = nbformat.read(path, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        outputs = [o.get("text", "") + o.get("data", {}).get("text/plain", "")
                   + o.get("data", {}).get("text/markdown", "")
                   for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        check = next((c.source for c in nb.cells if c.source.startswith("## Check yourself")), "")
        found[notebook_guide_key(path)] = {
            "explorers": {m for src in code for m in EXPLORER_CALL.findall(src)},
            "exercises": sum(notebooks.has_tag(c, notebooks.EXERCISE_TAG) for c in nb.cells),
            "solutions": _squash("\n".join(c.source for c in nb.cells
                                           if notebooks.has_tag(c, notebooks.SOLUTION_TAG))),
            "text": _squash("\n".join([c.source for c in nb.cells] + outputs)),
            "questions": len(re.findall(r"^\d+\. ", check.split("<details>")[0], re.MULTILINE)),
            "title": nb.cells[0].source,
        }
    return found


def _guide_sections(text: str) -> dict[str, str]:
    """The guide's "### NN · ..." sections, by notebook (:func:`tests.guide.guide_key`)."""
    return guide_sections(text)


@pytest.fixture(scope="module")
def guide():
    return GUIDE.read_text(encoding="utf-8"), _course()


def test_guide_has_a_section_per_notebook(guide):
    text, course = guide
    assert sorted(_guide_sections(text)) == sorted(course)


def test_guide_overview_table_matches_the_notebooks(guide):
    """Time, explorers and number of exercises in "The series at a glance"."""
    text, course = guide
    rows = {guide_key(m[0], m[1]): m[2:] for m in re.findall(
        r"^\| (\d\d) \| ([^|]+) \| (\d+) min \| ([^|]+) \| ([^|]+) \|$", text, re.MULTILINE)}
    assert sorted(rows) == sorted(course)
    for number, (minutes, explorers, exercises) in rows.items():
        nb = course[number]
        assert re.search(rf"\b{minutes} minutes", nb["title"]), f"{number}: not {minutes} minutes"
        named = (set() if explorers.strip().startswith("none")
                 else {e.strip() for e in explorers.split(",")})
        assert named == nb["explorers"], number
        count = 0 if exercises.strip().startswith("none") else int(exercises)
        assert count == nb["exercises"], f"{number}: {nb['exercises']} exercises, not {count}"


def test_guide_sections_name_what_the_notebooks_have(guide):
    """Each section's explorers exist in its notebook, its check-yourself questions exist, its
    exercise answers are one per exercise and their code is the solutions' code."""
    text, course = guide
    for number, section in _guide_sections(text).items():
        nb = course[number]
        named = set(re.findall(r"\b([A-Z]\w*(?:Explorer|Lab))\b", section))
        assert named <= nb["explorers"], f"{number}: {named - nb['explorers']} not in the notebook"
        for found in re.findall(r"check-yourself ((?:\d(?:, | and )?)+)", section):
            for k in map(int, re.findall(r"\d", found)):
                assert k <= nb["questions"], f"{number}: no check-yourself question {k}"
        answers = section.split("**Exercise answers.**")
        if nb["exercises"] == 0:
            assert len(answers) == 1, f"{number} has no exercises"
            continue
        assert len(answers) == 2, f"{number}: no exercise answers"
        answers = answers[1].split("\n\n")[0]
        numbers = re.findall(r"(?<![\w′'])\((\d)\)\s", answers)  # (1) ... (2) ..., not h′(1)
        assert numbers == [str(k + 1) for k in range(nb["exercises"])], f"{number}: {numbers}"
        for snippet in re.findall(r"`([^`]+)`", answers):
            assert _squash(snippet) in nb["solutions"], f"{number}: {snippet!r} is not a solution"


def test_guide_cross_references_and_quoted_results_exist(guide):
    """"exercise 03.2", "check-yourself 05.4" name a real exercise or question, and every
    result quoted as mean ± sd is printed or written in some notebook."""
    text, course = guide
    by_number = {key[:2]: nb for key, nb in course.items()}
    assert len(by_number) == len(course), "two notebooks share a number"
    for kind, number, k in re.findall(r"(exercise|check-yourself) (\d\d)\.(\d)", text):
        limit = by_number[number]["exercises" if kind == "exercise" else "questions"]
        assert int(k) <= limit, f"{kind} {number}.{k} does not exist"
    everything = " ".join(nb["text"] for nb in course.values())
    for quoted in re.findall(r"\d+\.\d+ ± \d+\.\d+", text):
        assert quoted in everything, f"{quoted} appears in no notebook"


def test_the_atlas_is_a_reference_not_a_lesson():
    """The reference notebook is executed and tested like a lesson, but it is no lesson: not
    in the numbered path (reading time, slides, class plans read course_notebooks())."""
    assert "atlas.ipynb" not in [p.name for p in notebooks.lessons()]
    assert notebooks.kind(notebooks.NOTEBOOK_DIR / "atlas.ipynb") == "reference"
