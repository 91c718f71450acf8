"""`make slides`: a reveal.js deck per notebook that needs nothing from the network, with
reveal.js and MathJax beside it, and no solution on any slide."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from course_tools import notebooks
from course_tools import slides as build_slides
from tests.html_audit import audit_html, scan
from tests.samples import committed_sample_course, dirty_exercise, leaks, write_sample_course

# <script src=...> or <link href=...> pointing at another host, however the tag is written
REMOTE_ASSET = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                          re.IGNORECASE)


class DeckShape(HTMLParser):
    """The deck's slides as a list of subslide counts; fails on a section or fragment that is
    not closed where reveal.js needs it (slides > subslides > fragments, nothing deeper)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.slides: list[int] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            if self.stack == []:
                self.slides.append(0)
            elif self.stack == ["section"]:
                self.slides[-1] += 1
            else:
                self.problems.append(f"a section inside {self.stack}")
            self.stack.append("section")
        elif tag == "div" and ("class", "fragment") in attrs:
            if self.stack != ["section", "section"]:
                self.problems.append(f"a fragment inside {self.stack}")
            self.stack.append("fragment")
        elif tag == "div" and self.stack and self.stack[-1].startswith("fragment"):
            self.stack[-1] += "+"  # an ordinary div inside a fragment

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            if not self.stack or self.stack[-1] != "section":
                self.problems.append(f"</section> closes {self.stack}")
            else:
                self.stack.pop()
        elif tag == "div" and self.stack and self.stack[-1].startswith("fragment"):
            if self.stack[-1].endswith("+"):
                self.stack[-1] = self.stack[-1][:-1]
            else:
                self.stack.pop()


def deck_shape(path: Path) -> DeckShape:
    shape = DeckShape()
    shape.feed(path.read_text(encoding="utf-8"))
    if shape.stack:
        shape.problems.append(f"left open: {shape.stack}")
    return shape


def solution_ids(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.id for c in nb.cells if "solution" in c.metadata.get("tags", [])]


def test_builds_without_warnings(built_slides):
    _, problems = built_slides
    assert problems == []


def test_every_notebook_has_a_deck(built_slides):
    out, _ = built_slides
    for path in notebooks.taught():
        deck = out / f"{path.stem}.slides.html"
        assert deck.exists(), f"no slides for {path.name}"
        html = deck.read_text(encoding="utf-8")
        assert "Reveal.initialize" in html
        shape = deck_shape(deck)
        assert shape.problems == [], deck.name
        assert len(shape.slides) >= 2, f"{deck.name}: fewer than two slides"


def test_no_script_or_stylesheet_from_another_host(built_slides):
    out, _ = built_slides
    for deck in out.glob("*.html"):
        html = deck.read_text(encoding="utf-8")
        assert not REMOTE_ASSET.search(html), f"{deck.name}: {REMOTE_ASSET.search(html)[0]}"
    assert audit_html(out) == []


def test_reveal_and_mathjax_are_beside_the_slides(built_slides):
    out, _ = built_slides
    deck = next(out.glob("*.slides.html"))
    fetched = [v for tag, attr, v in scan(deck).links if tag in ("script", "link")]
    assert "_static/reveal.js/dist/reveal.js" in fetched
    assert any(v.startswith("_static/mathjax/MathJax.js") for v in fetched)
    for value in fetched:
        assert (out / value.split("?")[0]).exists(), value
    theme = (out / "_static/reveal.js/dist/theme/white.css").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in theme
    assert (out / "_static/mathjax/fonts/HTML-CSS/STIX-Web").is_dir()


def test_solutions_stay_hidden(built_slides):
    out, _ = built_slides
    for path in notebooks.taught():
        html = (out / f"{path.stem}.slides.html").read_text(encoding="utf-8")
        assert "celltag_solution" not in html
        for cell_id in solution_ids(path):
            assert f'id="cell-id={cell_id}"' not in html, f"{path.name}: solution {cell_id} shown"


@pytest.mark.builds
def test_sample_deck_structure(tmp_path):
    """On a known notebook: the slide structure follows notebook_meta's rules, the solution
    is gone, speaker notes are notes, links go to the other deck, the badge is local."""
    folder = tmp_path / "notebooks"
    write_sample_course(folder, execute=False)
    out = tmp_path / "slides"
    assert build_slides.build(out, folder) == []
    assert audit_html(out) == []
    html = (out / "00_start_here.slides.html").read_text(encoding="utf-8")
    text = BeautifulSoup(html, features="html.parser").get_text()
    assert "answer = None" in text  # the exercise stays
    assert "answer = 0.25" not in text  # its solution does not
    assert '<aside class="notes">' in html and "Speaker note" in html
    assert 'href="01_sigmoid.slides.html"' in html
    assert 'src="_static/binder-badge.svg"' in html
    assert html.count('class="fragment"') == 1
    # title, objectives, "Slopes" (and its ### subslide), "Check yourself"
    shape = deck_shape(out / "00_start_here.slides.html")
    assert shape.problems == []
    assert shape.slides == [1, 1, 2, 1]


@pytest.mark.builds
def test_slides_never_publish_a_learners_answer(tmp_path):
    """An answer and its verdict autosaved into an exercise cell reach no slide."""
    paths = committed_sample_course(tmp_path)
    dirty_exercise(paths[0])
    out = tmp_path / "slides"
    assert build_slides.build(out, paths[0].parent) == []
    assert leaks(out) == []
    text = BeautifulSoup((out / "00_start_here.slides.html").read_text(encoding="utf-8"),
                         features="html.parser").get_text()
    assert "answer = None" in text


def test_slides_refuse_answers_they_cannot_undo(tmp_path):
    write_sample_course(tmp_path / "notebooks", execute=False)
    dirty_exercise(tmp_path / "notebooks" / "00_start_here.ipynb")
    with pytest.raises(notebooks.UnpublishableNotebook):
        build_slides.build(tmp_path / "slides", tmp_path / "notebooks")
    assert not (tmp_path / "slides").exists()


def test_long_outputs_split_over_subslides():
    """A derivation of nine steps and a table of nine rows each become several parts: the
    title repeats, marked continued, a table's header repeats, nothing is lost."""
    steps = "\n\n".join(f"{i}. Step {i}.  \n   $\\displaystyle = x_{i}$" for i in range(1, 10))
    derivation = "**the derivative**\n\n" + steps
    parts = build_slides.split_output(derivation)
    assert len(parts) >= 3
    assert parts[0].startswith("**the derivative**\n\n1. Step 1.")
    assert all(p.startswith("**the derivative** (continued)") for p in parts[1:])
    for i in range(1, 10):
        assert sum(f"{i}. Step {i}." in p for p in parts) == 1
    head = "| a | b |\n|---|---|"
    table = "### Sheet\n\n" + head + "\n" + "\n".join(f"| r{i} | x |" for i in range(9)) + "\n\nNote."
    parts = build_slides.split_output(table)
    assert len(parts) >= 3 and all(head in p for p in parts[:-1])
    assert all(p.startswith("### Sheet") for p in parts)
    assert sum(p.count("| r") for p in parts) == 9 and parts[-1].endswith("Note.")
    assert build_slides.split_output("**short**\n\n1. one step") == ["**short**\n\n1. one step"]


def test_course_decks_split_the_long_derivation(built_slides):
    """The sigmoid's nine-step derivation continues on sub-slides; every heading keeps its
    case (the deck is found by its topic, whatever its number)."""
    out, _ = built_slides
    (deck,) = out.glob("[0-9][0-9]_sigmoid.slides.html")
    html = deck.read_text(encoding="utf-8")
    assert html.count("the sigmoid's derivative** (continued)") == 0  # rendered, not raw
    soup = BeautifulSoup(html, features="html.parser")
    assert len([s for s in soup.find_all("strong") if "(continued)" in s.parent.get_text()]) >= 2
    assert "text-transform: none" in html
    assert 'navigationMode: "linear"' in html
    assert "Space" in soup.find("section").get_text()
