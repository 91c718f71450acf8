"""The atlas pages of the site (course_tools.atlas_pages): one page per activation, reachable
from the contents page, offline and accessible like the rest — headings in order, tables with
header cells, every figure with a text alternative, the formulas printed from SymPy, the
exactness figures and the framework table present."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from course_lib.activations import ATLAS
from course_tools import atlas_pages


@pytest.fixture(scope="module")
def pages(built_site) -> Path:
    out, problems = built_site
    assert problems == []
    return out / "atlas"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), features="html.parser")


def test_a_page_per_activation_linked_from_the_contents(pages):
    index = _soup(pages.parent / "index.html")
    assert "atlas/index.html" in [a["href"] for a in index.find_all("a", href=True)]
    links = [a["href"] for a in _soup(pages / "index.html").find_all("a", href=True)]
    assert [f"{name}.html" for name in ATLAS] == [h for h in links if h[:-5] in ATLAS]
    assert sorted(p.stem for p in pages.glob("*.html")) == sorted([*ATLAS, "index"])


@pytest.mark.parametrize("name", ["sigmoid", "hardswish", "lecun_tanh"])
def test_each_page_has_what_the_issue_asks(pages, name):
    act = ATLAS[name]
    soup = _soup(pages / f"{name}.html")
    assert soup.html["lang"] == "en" and soup.title.string.startswith(act.title)
    headings = [h.name for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert headings[0] == "h1" and headings.count("h1") == 1
    assert all(int(b[1]) - int(a[1]) <= 1 for a, b in itertools.pairwise(headings))
    text = soup.get_text()
    for latex in (act.latex, act.derivative_latex, act.second_derivative_latex):
        assert latex in text                                  # printed from SymPy
    imgs = soup.find_all("img")
    assert imgs and all(len(img.get("alt", "")) > 40 for img in imgs)
    for table in soup.find_all("table"):
        assert table.find("th") and table.find("caption")
    assert act.paper.split(",")[0] in text
    assert "largest error (ulps)" in text and "What the frameworks do" in text
    assert soup.find("script", src=re.compile(r"^\.\./_static/mathjax/MathJax\.js"))


def test_the_framework_table_shows_measured_conventions(pages):
    text = _soup(pages / "leaky_relu.html").get_text()
    assert "JAX 0.10.2" in text and "at 0: 1 (the right-hand value)" in text
    assert "do not ship it" in _soup(pages / "lecun_tanh.html").get_text()


def test_exactness_is_measured_against_the_reference():
    figures = atlas_pages.exactness(ATLAS["sigmoid"])
    assert [f[0] for f in figures] == ["sigmoid", "sigmoid_derivative",
                                       "sigmoid_second_derivative"]
    assert all(err <= 4 for _, err, _, _ in figures)
    worst = max(atlas_pages.exactness(ATLAS["gelu_tanh"]), key=lambda f: f[1])
    assert worst[1] > 4 and worst[3] > worst[1] / 4        # large only where κ is large
