"""`make site`: the static site builds from the stored outputs without warnings, has a page
per notebook in course order, no broken internal links and nothing fetched from elsewhere."""

from __future__ import annotations

import nbformat
import pytest

from course_tools import course_meta, notebooks
from course_tools import site as build_site
from tests.html_audit import audit_html, scan
from tests.samples import committed_sample_course, dirty_exercise, git, leaks, write_sample_course


def test_builds_without_warnings(built_site):
    _, problems = built_site
    assert problems == []


def test_a_page_per_notebook_in_course_order(built_site):
    out, _ = built_site
    index = scan(out / "index.html")
    pages = [v for tag, _, v in index.links if tag == "a" and v.endswith(".html")
             and not v.startswith("atlas/")]  # (the reference section: test_atlas_pages.py)
    paths = notebooks.course_notebooks()
    assert pages == [p.stem + ".html" for p in paths]
    text = (out / "index.html").read_text(encoding="utf-8")
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        assert (out / f"{path.stem}.html").exists()
        title = notebooks.notebook_title(nb)
        assert title and title.replace("&", "&amp;") in text
        assert notebooks.notebook_summary(nb), f"{path.name}: no one-line summary under the title"


def test_prev_next_navigation(built_site):
    out, _ = built_site
    names = [p.stem + ".html" for p in notebooks.course_notebooks()]
    for i, name in enumerate(names):
        links = [v for tag, _, v in scan(out / name).links if tag == "a"]
        assert links.count("index.html") == 2, name  # top and bottom
        if i > 0:
            assert names[i - 1] in links, f"{name} has no link back to {names[i - 1]}"
        if i + 1 < len(names):
            assert names[i + 1] in links, f"{name} has no link on to {names[i + 1]}"


def test_no_broken_links_and_nothing_fetched_from_elsewhere(built_site):
    out, _ = built_site
    assert audit_html(out) == []


def test_notebook_links_point_at_pages(built_site):
    out, _ = built_site
    for page in out.glob("[0-9][0-9]_*.html"):
        links = [v for tag, _, v in scan(page).links if tag == "a"]
        assert not [v for v in links if ".ipynb" in v and not v.startswith("https://")], page.name


def test_audit_catches_what_it_should(tmp_path):
    """The checker is not blind: each kind of problem is reported."""
    (tmp_path / "a.html").write_text(
        '<html><head><script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="missing.css"><style>@import "https://fonts.example/x";'
        '</style></head><body><a id="here" href="b.html#nowhere">b</a>'
        '<a href="https://example.org/fine">fine</a><a href="#here">ok</a>'
        '<img src="data:image/png;base64,AAAA" alt=""></body></html>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<p id="somewhere">b</p><script>import("https://x.y/z.js")'
                                     "</script>", encoding="utf-8")
    problems = audit_html(tmp_path)
    assert len(problems) == 5, problems
    assert any("fetches https://cdn.example.org/x.js" in p for p in problems)
    assert any("missing.css" in p for p in problems)
    assert any("no such anchor" in p for p in problems)
    assert any("inline CSS" in p for p in problems)
    assert any("inline script" in p for p in problems)


@pytest.mark.builds
def test_build_on_sample_course_rewrites_links(tmp_path):
    """A course of two small notebooks: links between them become page links, a link to
    another file of the repository goes to GitHub, the Binder badge image is local."""
    folder = tmp_path / "notebooks"
    paths = write_sample_course(folder, execute=False)
    nb = nbformat.read(paths[1], as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(
        "See [the conventions](../docs/authoring.md) and " + course_meta.binder_badge()))
    nbformat.write(nb, paths[1])
    out = tmp_path / "site"
    assert build_site.build(out, folder) == []
    assert audit_html(out) == []
    html = (out / "01_sigmoid.html").read_text(encoding="utf-8")
    assert 'href="00_start_here.html"' in html
    assert f'href="{course_meta.github_url("docs/authoring.md")}"' in html
    assert 'src="_static/binder-badge.svg"' in html
    assert 'href="00_start_here.html#Slopes"' in html
    assert 'href="#Slopes"' in (out / "00_start_here.html").read_text("utf-8")


@pytest.mark.builds
def test_site_never_publishes_a_learners_answer(tmp_path):
    """JupyterLab autosaved an answer and its verdict into the notebook: the site shows the
    committed placeholder instead, and the learner's file is left as it is."""
    paths = committed_sample_course(tmp_path)
    dirty_exercise(paths[0])
    before = paths[0].read_bytes()
    out = tmp_path / "site"
    assert build_site.build(out, paths[0].parent) == []
    assert leaks(out) == []
    from bs4 import BeautifulSoup

    page = (out / "00_start_here.html").read_text(encoding="utf-8")
    assert "answer = None" in BeautifulSoup(page, features="html.parser").get_text()
    assert paths[0].read_bytes() == before


@pytest.mark.parametrize("where", ["outside git", "committed"])
def test_site_refuses_answers_it_cannot_undo(tmp_path, where):
    """Outside git (nothing to restore from) or with the answer committed, the build refuses
    before it writes anything."""
    if where == "committed":
        paths = committed_sample_course(tmp_path)
        dirty_exercise(paths[0])
        git(tmp_path, "commit", "-q", "-am", "oops, my answers")
    else:
        paths = write_sample_course(tmp_path / "notebooks", execute=False)
        dirty_exercise(paths[0])
    out = tmp_path / "site"
    with pytest.raises(notebooks.UnpublishableNotebook, match="00_start_here.ipynb, exercise"):
        build_site.build(out, paths[0].parent)
    assert not out.exists()
    assert build_site.main(["--out", str(out), "--notebooks", str(paths[0].parent)]) == 1
    assert not out.exists()


def test_placeholder_check_is_not_blind():
    cell = nbformat.v4.new_code_cell("answer = None\ncheck(answer)")
    assert notebooks.placeholder_problems(cell, "x") == []
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="… Not answered yet\n")]
    assert notebooks.placeholder_problems(cell, "x") == []
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✘ Not yet: 1/2\n")]
    assert len(notebooks.placeholder_problems(cell, "x")) == 1
    cell.outputs = [nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[])]
    assert len(notebooks.placeholder_problems(cell, "x")) == 1
    cell.outputs = []
    cell.source = "answer = 0.25\ncheck(answer)"
    assert "replaced" in notebooks.placeholder_problems(cell, "x")[0]


def test_course_exercise_cells_are_placeholders():
    """As committed, every course notebook can be published."""
    for path in notebooks.course_notebooks():
        notebooks.learner_version(nbformat.read(path, as_version=4), path)


def test_instructor_cells_stay_off_the_site(built_site):
    """Cells tagged ``instructor`` ("For instructors") are not on the learners' pages."""
    out, _ = built_site
    tagged = 0
    for path in notebooks.course_notebooks():
        nb = nbformat.read(path, as_version=4)
        html = (out / f"{path.stem}.html").read_text(encoding="utf-8")
        for cell in nb.cells:
            if notebooks.has_tag(cell, notebooks.INSTRUCTOR_TAG):
                tagged += 1
                assert f'id="cell-id={cell.id}"' not in html, f"{path.name}: {cell.id}"
        assert "For instructors" not in html, path.name
    assert tagged >= 2


def test_a_link_to_a_notebook_without_a_page_goes_to_github(tmp_path):
    """The slides build no deck of the atlas (a reference): a lesson's link to it leads to
    the notebook on GitHub, while a link to a lesson stays a link to its deck."""
    html = ('<div class="jp-Cell"><a href="atlas.ipynb">the atlas</a> '
            '<a href="02_sigmoid.ipynb#Slopes">the sigmoid</a></div>')
    out = build_site.rewrite_links(html, ".slides.html", tmp_path, tmp_path, ("lesson", "appendix"))
    assert f'href="{course_meta.github_url("notebooks/atlas.ipynb")}"' in out
    assert 'href="02_sigmoid.slides.html#Slopes"' in out
    assert 'href="atlas.html"' in build_site.rewrite_links(html, ".html", tmp_path, tmp_path)
