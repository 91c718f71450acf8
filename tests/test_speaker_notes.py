"""course_tools/speaker_notes.py: what a room reads on a slide and what goes to the speaker
notes; the words-per-slide measure on the built decks (no slide over WORD_LIMIT)."""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_tools import notebook_meta, notebooks, speaker_notes
from course_tools import slides as build_slides
from course_tools.speaker_notes import WORD_LIMIT, deck_words, slide_parts, split, words

EXPLANATION = ("The exponential is always positive, so the denominator is greater than 1. "
               "One divided by a number greater than 1 is positive and less than 1. "
               "Far to the right the curve tends to 1, far to the left to 0, and both ends "
               "are approached but never reached, which is what saturation means.")


def test_words_count_what_a_room_reads():
    assert words("The slope of $\\sigma$ at $z$ is $\\sigma'(z)$.") == 8
    assert words("$$\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$$") == 1
    assert words("See [the plot](02_tanh.ipynb), **now**.") == 4
    assert words("Why?\n\n<details><summary>Answer</summary>\n\nA long answer of many "
                 "words that nobody sees until it is opened.\n</details>") == 2
    assert words("| a | b |\n|---|---|\n| 1 | 2 |") == 4


def test_explanation_goes_to_the_notes_the_rest_stays():
    cell = ("## 2. Saturation\n\n" + EXPLANATION + " Where is the slope largest?\n\n"
            "$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$$\n\nDrag $z$ across 0.\n\n"
            "| z | σ′ |\n|---|---|\n| 0 | 0.25 |")
    slide, notes = split(cell)
    assert slide == ("## 2. Saturation\n\nWhere is the slope largest?\n\n"
                     "$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$$\n\nDrag $z$ across 0.\n\n"
                     "| z | σ′ |\n|---|---|\n| 0 | 0.25 |")
    assert notes == EXPLANATION


def test_a_cell_of_explanation_only_goes_whole():
    assert split(EXPLANATION) == ("", EXPLANATION)
    assert split("A short lead, under thirty words.") == ("A short lead, under thirty words.", "")


def test_tasks_stay_whole():
    exercise = "### Exercise 2: σ′ from σ alone\n\n" + EXPLANATION
    assert split(exercise) == (exercise, "")
    bold = "**Predict first.** " + EXPLANATION
    assert split(bold) == (bold, "")
    # an explorer's heading is no task: its explanation goes, its questions stay
    explore = "### Explore: the dip\n\n" + EXPLANATION + " Where is the minimum?"
    assert split(explore) == ("### Explore: the dip\n\nWhere is the minimum?", EXPLANATION)


def test_a_long_list_item_keeps_its_point():
    cell = ("- **Sigmoid loses everywhere.** " + EXPLANATION + "\n"
            "- Tanh is slower.\n"
            "1. Which activation is cheapest? " + EXPLANATION)
    slide, notes = split(cell)
    assert slide.splitlines() == ["- **Sigmoid loses everywhere.**", "- Tanh is slower.",
                                  "1. Which activation is cheapest?"]
    assert notes.splitlines() == ["- " + EXPLANATION, "1. " + EXPLANATION]
    question = "- Which activation is cheapest, and why is it still not the best choice " \
               "for every network that we might want to train on the spirals today?"
    assert split(question) == (question, "")


def test_sentences_keep_formulas_code_and_abbreviations_whole():
    text = ("Take $z = 2.5$. Then e.g. `f(1.5)` is one call. Glorot et al. showed it. "
            "Is it $\\sigma(0) = 0.5$?")
    assert speaker_notes.sentences(text) == [
        "Take $z = 2.5$.", "Then e.g. `f(1.5)` is one call.", "Glorot et al. showed it.",
        "Is it $\\sigma(0) = 0.5$?"]


def test_long_slides_continue_under_their_heading():
    items = "\n".join(f"{i}. Which of the {i} options is the right one here, and why?"
                      for i in range(1, 20))
    parts = slide_parts("## Check yourself\n\n" + items)
    assert len(parts) >= 2
    assert all(words(shown) <= WORD_LIMIT for shown, _ in parts)
    assert all(shown.startswith("## Check yourself (continued)") for shown, _ in parts[1:])
    assert sum(shown.count("options is the right one") for shown, _ in parts) == 19


# -- nothing is lost: every sentence ends up on the slide or in the notes, in order -----------
SENTENCE = st.sampled_from([
    "The sigmoid squeezes any number into the interval from zero to one.",
    "Its derivative is largest at zero, where it equals one quarter.",
    "Why does a deep sigmoid network learn so slowly?",
    "Each layer multiplies the gradient by at most $\\tfrac14$.",
    "A unit whose input is far from zero barely learns at all.",
    "What happens to $\\sigma'(z)$ as $z$ grows?",
])
BLOCK = st.one_of(
    st.lists(SENTENCE, min_size=1, max_size=6).map(" ".join),
    st.lists(SENTENCE, min_size=1, max_size=4).map(lambda s: "- " + " ".join(s)),
    st.just("$$\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$$"),
    st.sampled_from(["## A section", "### Exercise 3: ten layers", "### A sub-section"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=8))
def test_every_sentence_is_kept_or_noted(blocks):
    markdown = "\n\n".join(blocks)
    parts = slide_parts(markdown)
    slide = "\n\n".join(shown for shown, _ in parts)
    notes = "\n\n".join(note for _, note in parts)
    for sentence in {s for b in blocks if not b.startswith("#")
                     for s in speaker_notes.sentences(b.lstrip("- "))}:
        assert slide.count(sentence) + notes.count(sentence) == markdown.count(sentence)
    assert all(words(shown) <= WORD_LIMIT or len(speaker_notes.blocks(shown)) <= 2
               for shown, _ in parts)
    assert all(re.sub(r" \(continued\)$", "", line) in markdown.splitlines()
               for shown, _ in parts for line in shown.splitlines() if line.startswith("#"))


# -- slide types (RISE reads them too) ----------------------------------------------------------
def _nb(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return new_notebook(cells=[new_markdown_cell("# 09 · Title\nA sentence."), *cells])


def _tagged(cell: nbformat.NotebookNode, *tags: str) -> nbformat.NotebookNode:
    cell.metadata["tags"] = list(tags)
    return cell


def test_explanation_cells_are_notes_for_rise_and_tags_decide():
    nb = _nb(new_markdown_cell("## Section\n\nWhere is σ′ largest?"),
             new_code_cell("1 + 1"),
             new_markdown_cell(EXPLANATION),
             _tagged(new_markdown_cell(EXPLANATION), speaker_notes.ON_SLIDE_TAG),
             _tagged(new_markdown_cell("A short remark."), notebooks.NOTES_TAG),
             _tagged(new_markdown_cell("For instructors: pause."), notebooks.INSTRUCTOR_TAG),
             _tagged(new_markdown_cell(EXPLANATION), "slide:fragment"))
    assert notebook_meta.slide_types(nb) == ["slide", "slide", "-", "notes", "-", "notes",
                                             "notes", "fragment"]


def test_a_slide_of_many_words_continues_on_a_subslide():
    point = " ".join(["Short point, under thirty words here."] * 4)
    paragraph = new_markdown_cell(point)
    nb = _nb(new_markdown_cell("## Points"), *[new_markdown_cell(point) for _ in range(7)])
    types = notebook_meta.slide_types(nb)
    assert types.count("subslide") == 1 and types.index("subslide") == 8  # 6 × 24 words fit
    shown = notebook_meta.cell_words(paragraph)
    assert shown == 24 and 1 + 6 * shown <= WORD_LIMIT < 1 + 7 * shown


def test_the_deck_moves_explanation_to_notes_and_keeps_the_rest(tmp_path):
    """The static deck: the explanation of a mixed cell in an aside, the cell tagged
    on-slide whole, a cell forced onto a slide by its slide: tag whole."""
    nb = _nb(new_markdown_cell("## Saturation\n\n" + EXPLANATION + " Where is it largest?"),
             _tagged(new_markdown_cell("Kept: " + EXPLANATION), speaker_notes.ON_SLIDE_TAG),
             _tagged(new_markdown_cell("Forced: " + EXPLANATION), "slide:subslide"))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(nb, folder / "09_sample.ipynb")
    out = tmp_path / "slides"
    assert build_slides.build(out, folder) == []
    html = (out / "09_sample.slides.html").read_text(encoding="utf-8")
    counted = deck_words(html)
    assert [(w.h, w.v) for w in counted] == [(0, 0), (1, 0), (1, 1)]
    saturation = counted[1]
    assert saturation.title == "Saturation" and saturation.words == words(
        "Saturation Where is it largest?") + words("Kept: " + EXPLANATION)
    aside = re.search(r'<aside class="notes">(.*?)</aside>', html, re.DOTALL)[1]
    assert "The exponential is always positive" in aside and "Where is it largest" not in aside
    assert "Kept: The exponential" in html.replace(aside, "")
    assert counted[2].words == words("Forced: " + EXPLANATION)


def test_deck_words_leave_out_notes_answers_and_code():
    html = """<div class="slides"><section><section>
      <div data-mime-type="text/markdown"><h2>Title</h2><p>One two $x$.</p>
        <details><summary>Answer</summary><p>hidden words here</p></details></div>
      <pre>code words do not count</pre>
      <aside class="notes"><div data-mime-type="text/markdown">notes do not count</div></aside>
    </section></section>
    <section><div data-mime-type="text/html"><p>Alone</p></div></section></div>"""
    assert [(w.h, w.v, w.title, w.words) for w in deck_words(html)] == [
        (0, 0, "Title", 5), (1, 0, "Alone", 1)]


# -- the course's decks ---------------------------------------------------------------------------
def test_no_slide_of_any_deck_carries_more_than_the_limit(built_slides):
    out, _ = built_slides
    over = []
    for path in notebooks.taught():
        counted = deck_words((out / f"{path.stem}{build_slides.SUFFIX}").read_text(encoding="utf-8"))
        assert len(counted) >= 2
        over += [f"{path.stem} #/{w.h}/{w.v} {w.title!r}: {w.words} words"
                 for w in counted if w.words > WORD_LIMIT]
    assert not over, "\n".join(over)


def test_course_decks_have_speaker_notes(built_slides):
    """Every deck whose notebook explains at length has notes, and they hold its prose."""
    out, _ = built_slides
    for path in notebooks.taught():
        soup = BeautifulSoup((out / f"{path.stem}{build_slides.SUFFIX}").read_text(encoding="utf-8"),
                             features="html.parser")
        notes = " ".join(" ".join(a.get_text(" ").split()) for a in soup.select("aside.notes"))
        nb = nbformat.read(path, as_version=4)
        moved = [s for c in nb.cells if c.cell_type == "markdown" and not speaker_notes.kept_whole(c)
                 and not notebooks.has_tag(c, notebooks.SOLUTION_TAG)
                 for b in speaker_notes.blocks(split(c.source)[1])
                 for s in speaker_notes.sentences(speaker_notes.LIST_ITEM.sub("", b.text))
                 if re.fullmatch(r"[\w ,.;:'’()\n-]+", s)]
        assert moved, f"{path.name}: no plain sentence of explanation to look for"
        missing = [s for s in moved if " ".join(s.split()) not in notes]
        assert not missing, f"{path.name}: not in the notes: {missing[:3]}"


@pytest.mark.parametrize("source", [EXPLANATION, "## H\n\n" + EXPLANATION])
def test_on_slide_shows_all_or_the_split(source):
    cell = new_markdown_cell(source)
    assert speaker_notes.on_slide(cell) == split(source)[0]
    assert speaker_notes.on_slide(_tagged(cell, speaker_notes.ON_SLIDE_TAG)) == source
    assert speaker_notes.on_slide(_tagged(new_markdown_cell(source), "slide:notes")) == ""
