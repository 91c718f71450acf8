"""`make site`: the static site builds from the stored outputs without warnings, has a page
per notebook in course order, no broken internal links and nothing fetched from elsewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import build_site
import course_meta
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent

# (tag, attribute) pairs that make a browser fetch something when the page loads
FETCHING = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
            ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
            ("object", "data"), ("input", "src")}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(https?:)?//""", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
URL_IN_SCRIPT = re.compile(r"https?://", re.IGNORECASE)


class PageScan(HTMLParser):
    """Every link and fetched resource of one page, its ids, and its inline CSS and JS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.inline: list[tuple[str, str]] = []  # ("style" | "script", text)
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            if (tag, name) in FETCHING or (tag == "a" and name == "href"):
                self.links.append((tag, name, value))
            if name == "style":
                self.inline.append(("style", value))
        if tag in ("style", "script"):
            self._open = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline.append((self._open, data))


def scan(path: Path) -> PageScan:
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def audit_html(folder: Path) -> list[str]:
    """Problems in the built HTML under ``folder``: a resource fetched from another host (by
    tag, inline CSS or inline script), a relative link or resource whose file is missing, a
    ``#fragment`` that names no element of its page (as written or percent-decoded, as
    browsers look it up). Ordinary external ``<a href>`` links
    are fine."""
    problems = []
    pages = sorted(folder.rglob("*.html"))
    scans = {p.resolve(): scan(p) for p in pages}
    for page, found in scans.items():
        where = page.relative_to(folder.resolve())
        for tag, attr, value in found.links:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") or value.startswith("//"):
                if tag != "a":
                    problems.append(f"{where}: <{tag} {attr}> fetches {value}")
                continue
            if parts.scheme:  # data:, mailto:, javascript: ...
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                problems.append(f"{where}: <{tag} {attr}={value!r}>: no such file")
            elif parts.fragment and target in scans and not {
                    parts.fragment, unquote(parts.fragment)} & scans[target].ids:
                problems.append(f"{where}: <{tag} {attr}={value!r}>: no such anchor")
        for kind, text in found.inline:
            if kind == "style" and CSS_URL.search(CSS_COMMENT.sub("", text)):
                problems.append(f"{where}: inline CSS loads from another host")
            if kind == "script" and URL_IN_SCRIPT.search(text):
                problems.append(f"{where}: inline script names a URL: "
                                f"{URL_IN_SCRIPT.search(text).string[:80]!r}")
    for css in folder.rglob("*.css"):
        if CSS_URL.search(CSS_COMMENT.sub("", css.read_text(encoding="utf-8"))):
            problems.append(f"{css.relative_to(folder)}: loads from another host")
    return problems


@pytest.fixture(scope="module")
def site(built_site) -> tuple[Path, list[str]]:
    """The site built once for the whole run (tests/conftest.py)."""
    return built_site


def test_builds_without_warnings(site):
    _, problems = site
    assert problems == []


def test_a_page_per_notebook_in_course_order(site):
    out, _ = site
    notebooks = course_meta.course_notebooks()
    index = scan(out / "index.html")
    pages = [v for tag, _, v in index.links if tag == "a" and v.endswith(".html")
             and not v.startswith("atlas/")]  # (the reference section: test_atlas_pages.py)
    assert pages == [p.stem + ".html" for p in notebooks]
    text = (out / "index.html").read_text(encoding="utf-8")
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        assert (out / f"{path.stem}.html").exists()
        title = course_meta.notebook_title(nb)
        assert title and title.replace("&", "&amp;") in text
        assert course_meta.notebook_summary(nb), f"{path.name}: no one-line summary under the title"


def test_prev_next_navigation(site):
    out, _ = site
    names = [p.stem + ".html" for p in course_meta.course_notebooks()]
    for i, name in enumerate(names):
        links = [v for tag, _, v in scan(out / name).links if tag == "a"]
        assert links.count("index.html") == 2, name  # top and bottom
        if i > 0:
            assert names[i - 1] in links, f"{name} has no link back to {names[i - 1]}"
        if i + 1 < len(names):
            assert names[i + 1] in links, f"{name} has no link on to {names[i + 1]}"


def test_no_broken_links_and_nothing_fetched_from_elsewhere(site):
    out, _ = site
    assert audit_html(out) == []


def test_notebook_links_point_at_pages(site):
    out, _ = site
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


def test_build_on_sample_course_rewrites_links(tmp_path):
    """A course of two small notebooks: links between them become page links, a link to
    another file of the repository goes to GitHub, the Binder badge image is local."""
    from test_notebook_meta import write_sample_course

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


# -- a learner's answers are never published ------------------------------------------------
LEARNER_ANSWER = "answer = 0.25 ** 10  # typed-by-a-learner-7731"
LEARNER_OUTPUT = "✔ Correct (learner-output-7731)"


def git(folder: Path, *args: str) -> None:
    import subprocess

    env = course_meta._git_env()
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=Test", "-c",
                    "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
                   check=True, capture_output=True, env=env)


def committed_sample_course(tmp_path: Path) -> list[Path]:
    """The sample course in a git repository of its own, committed as the author wrote it."""
    from test_notebook_meta import write_sample_course

    paths = write_sample_course(tmp_path / "notebooks", execute=False)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "notebooks")
    git(tmp_path, "commit", "-q", "-m", "the course")
    return paths


def dirty_exercise(path: Path) -> None:
    """What JupyterLab autosaves after a learner solved the exercise: answer and verdict."""
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "exercise" in c.metadata.get("tags", []))
    cell.source = LEARNER_ANSWER + "\n" + cell.source.splitlines()[-1]
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=LEARNER_OUTPUT + "\n")]
    cell.execution_count = 7
    nbformat.write(nb, path)


def leaks(folder: Path) -> list[str]:
    """Built pages that show any of the learner's answer or its verdict."""
    found = []
    for page in folder.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for needle in ("typed-by-a-learner-7731", "learner-output-7731", "0.25 ** 10",
                       "✔ Correct"):
            if needle in html:
                found.append(f"{page.name}: {needle}")
    return found


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
        from test_notebook_meta import write_sample_course

        paths = write_sample_course(tmp_path / "notebooks", execute=False)
        dirty_exercise(paths[0])
    out = tmp_path / "site"
    with pytest.raises(course_meta.UnpublishableNotebook, match="00_start_here.ipynb, exercise"):
        build_site.build(out, paths[0].parent)
    assert not out.exists()
    assert build_site.main(["--out", str(out), "--notebooks", str(paths[0].parent)]) == 1
    assert not out.exists()


def test_placeholder_check_is_not_blind():
    cell = nbformat.v4.new_code_cell("answer = None\ncheck(answer)")
    assert course_meta.placeholder_problems(cell, "x") == []
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="… Not answered yet\n")]
    assert course_meta.placeholder_problems(cell, "x") == []
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✘ Not yet: 1/2\n")]
    assert len(course_meta.placeholder_problems(cell, "x")) == 1
    cell.outputs = [nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[])]
    assert len(course_meta.placeholder_problems(cell, "x")) == 1
    cell.outputs = []
    cell.source = "answer = 0.25\ncheck(answer)"
    assert "replaced" in course_meta.placeholder_problems(cell, "x")[0]


def test_course_exercise_cells_are_placeholders():
    """As committed, every course notebook can be published."""
    for path in course_meta.course_notebooks():
        course_meta.learner_version(nbformat.read(path, as_version=4), path)


def test_instructor_cells_stay_off_the_site(site):
    """Cells tagged ``instructor`` ("For instructors") are not on the learners' pages."""
    out, _ = site
    tagged = 0
    for path in course_meta.course_notebooks():
        nb = nbformat.read(path, as_version=4)
        html = (out / f"{path.stem}.html").read_text(encoding="utf-8")
        for cell in nb.cells:
            if build_site.INSTRUCTOR_TAG in cell.metadata.get("tags", []):
                tagged += 1
                assert f'id="cell-id={cell.id}"' not in html, f"{path.name}: {cell.id}"
        assert "For instructors" not in html, path.name
    assert tagged >= 2
