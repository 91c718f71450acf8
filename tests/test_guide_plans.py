"""The instructor guide's 45- and 90-minute plans add up, with slack, and match the notebooks.

A plan in docs/instructor_guide.md is a line naming what is done in class and what is set as
homework, then a table:

    **45 minutes.** In class: §1–§5, Exercises 1–3. Homework: §6 (Exercise 4).

    | min | what |
    |---|---|
    | 0–3 | launch: the warmed class link ... |
    ...
    | 42–45 | spare: a slow launch or a stuck pair ... |

Checked for every notebook and both slots: the rows run from 0 to exactly 45 or 90 without a
gap, the first is launching, one is a spare of at least :data:`SPARE` minutes, every "§N"
named is a numbered section of that notebook, the rows cover the sections the line says are
done in class, every section and every exercise is either in a row or named as homework,
the exercises the line says are done in class are those of the rows, a row gives each
exercise it names at least :data:`EXERCISE_FLOOR` minutes, and a notebook
whose estimate (course_tools/reading_time.py) exceeds the slot sets something as homework.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from course_tools import notebooks, reading_time
from tests.guide import guide_sections, notebook_guide_key

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "instructor_guide.md"
SLOTS = (45, 90)
#: The least slack a plan keeps, per slot.
SPARE = {45: 3, 90: 5}
#: The least time in class for one exercise (reading_time.py allows 4 on one's own; a
#: one-number answer in pairs can take a little less).
EXERCISE_FLOOR = 3
PLAN = re.compile(r"^\*\*(45|90) minutes\b(?P<line>.*?)\n\n(?P<table>\| min \| what \|\n"
                  r"\|---\|---\|\n(?:\|[^\n]*\|(?:\n|$))+)", re.MULTILINE | re.DOTALL)
ROW = re.compile(r"^\| (\d+)–(\d+) \| (.+) \|$")
SECTION = re.compile(r"§(\d+)(?:–§?(\d+))?")
EXERCISES = re.compile(r"\b[Ee]xercises? (\d+(?:(?:–|, | and )\d+)*)")


@dataclass
class Plan:
    slot: int
    line: str
    rows: list[tuple[int, int, str]] = field(default_factory=list)


def numbers(text: str, pattern: re.Pattern) -> set[int]:
    """Section or exercise numbers named in ``text`` ("§4–§6" and "Exercises 1–3" are ranges)."""
    found: set[int] = set()
    for match in pattern.finditer(text):
        if pattern is SECTION:
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            found.update(range(first, last + 1))
            continue
        for part in re.split(r", | and ", match.group(1)):
            first, _, last = part.partition("–")
            found.update(range(int(first), int(last or first) + 1))
    return found


def parse_plans(section: str) -> dict[int, Plan]:
    """The plans of one notebook's section of the guide, by slot."""
    plans = {}
    for match in PLAN.finditer(section):
        plan = Plan(int(match.group(1)), " ".join(match.group("line").split()).lstrip(".* "))
        for line in match.group("table").strip().splitlines()[2:]:
            row = ROW.match(line)
            assert row, f"not a '| a–b | what |' row: {line!r}"
            plan.rows.append((int(row.group(1)), int(row.group(2)), row.group(3)))
        plans[plan.slot] = plan
    return plans


def plan_problems(plan: Plan, sections: set[int], exercises: int, estimate: int) -> list[str]:
    """What is wrong with ``plan`` for a notebook with these numbered sections, this many
    exercises and this estimate (minutes on one's own); empty if nothing."""
    problems = []
    if not plan.rows:
        return ["no rows"]
    ends = [0] + [b for _, b, _ in plan.rows]
    for (a, b, what), start in zip(plan.rows, ends, strict=False):
        if a != start or b <= a:
            problems.append(f"row {a}–{b} does not follow {start}")
        count = len(numbers(what, EXERCISES))
        if count and b - a < EXERCISE_FLOOR * count:
            problems.append(f"row {a}–{b}: {b - a} min for {count} exercise(s)")
    if plan.rows[-1][1] != plan.slot:
        problems.append(f"ends at {plan.rows[-1][1]}, not {plan.slot}")
    if not plan.rows[0][2].lower().startswith("launch"):
        problems.append("the first row is not launching")
    spare = [b - a for a, b, what in plan.rows if what.lower().startswith("spare")]
    if not spare or max(spare) < SPARE[plan.slot]:
        problems.append(f"no spare row of at least {SPARE[plan.slot]} min")
    in_class, _, homework = plan.line.partition("Homework:")
    if "In class:" not in in_class or not homework:
        problems.append("no 'In class: ... Homework: ...' line")
    rows = " ".join(what for _, _, what in plan.rows)
    named = numbers(rows, SECTION) | numbers(plan.line, SECTION)
    if named - sections:
        problems.append(f"no section {sorted(named - sections)} in the notebook")
    in_rows = numbers(rows, SECTION)
    claimed = sections if "everything" in in_class else numbers(in_class, SECTION)
    if claimed != in_rows:
        problems.append(f"'In class' names §{sorted(claimed)}, the rows §{sorted(in_rows)}")
    said = numbers(in_class, EXERCISES)
    if said and said != numbers(rows, EXERCISES):
        problems.append(f"'In class' names exercises {sorted(said)}, the rows "
                        f"{sorted(numbers(rows, EXERCISES))}")
    left = sections - in_rows - numbers(homework, SECTION)
    if left:
        problems.append(f"§{sorted(left)} neither in class nor homework")
    done = numbers(rows, EXERCISES) | numbers(homework, EXERCISES)
    if done - set(range(1, exercises + 1)):
        problems.append(f"no exercise {sorted(done - set(range(1, exercises + 1)))}")
    if set(range(1, exercises + 1)) - done:
        problems.append(f"exercise(s) {sorted(set(range(1, exercises + 1)) - done)} "
                        "neither in class nor homework")
    if estimate > plan.slot and (homework.strip().lower().startswith("none") or not (
            numbers(homework, SECTION) or numbers(homework, EXERCISES))):
        problems.append(f"{estimate} min on one's own in a {plan.slot}-min slot, no homework")
    return problems


def _guide_sections(text: str) -> dict[str, str]:
    return guide_sections(text)


def _notebook_facts(path: Path) -> tuple[set[int], int, int]:
    nb = nbformat.read(path, as_version=4)
    sections = {int(m.group(1)) for name, _ in reading_time.sections(nb)
                if (m := re.match(r"(\d+)\. ", name))}
    exercises = sum("exercise" in c.metadata.get("tags", []) for c in nb.cells)
    return sections, exercises, reading_time.estimate(nb)


def class_phrase(plans: dict[int, Plan]) -> str:
    """What a notebook's title says of teaching it, from the guide's plans: whether the
    45-minute plan leaves part as homework, and whether the 90 minutes are one session or two."""
    in_class = plans[45].line.partition("Homework:")[0]
    first = "one 45-minute session" + ("" if "everything" in in_class else " with the rest as homework")
    second = ("two 45-minute sessions" if "two 45-minute sessions" in plans[90].line
              else "one 90-minute session")
    return f"or in class {first}, or {second} (the instructor guide's plans)."


@pytest.mark.parametrize("path", notebooks.lessons(), ids=lambda p: p.stem)
def test_the_title_offers_the_guides_plans(path):
    """The title's "in class" clause is the guide's: no 50- or 60-minute session that no plan
    describes, and "with the rest as homework" exactly when the 45-minute plan leaves some."""
    plans = parse_plans(_guide_sections(GUIDE.read_text(encoding="utf-8"))[notebook_guide_key(path)])
    title = nbformat.read(path, as_version=4).cells[0].source
    stated = reading_time.STATED.search(title)
    assert stated, f"{path.name}: the title states no time"
    clause = title[stated.end():].split("\n")[0].lstrip(", ")
    assert clause == class_phrase(plans), (path.name, clause, class_phrase(plans))


@pytest.mark.parametrize("path", notebooks.lessons(), ids=lambda p: p.stem)
def test_every_plan_adds_up_and_matches_its_notebook(path):
    section = _guide_sections(GUIDE.read_text(encoding="utf-8")).get(notebook_guide_key(path))
    assert section, f"the guide has no section for {path.name}"
    plans = parse_plans(section)
    assert sorted(plans) == list(SLOTS), f"{path.name}: plans for {sorted(plans)} minutes"
    facts = _notebook_facts(path)
    for slot, plan in plans.items():
        assert not plan_problems(plan, *facts), (path.name, slot, plan_problems(plan, *facts))


GOOD = """\
**45 minutes.** In class: §1 and §2, Exercise 1. Homework: §3 (Exercise 2).

| min | what |
|---|---|
| 0–3 | launch: the warmed class link |
| 3–20 | §1: the idea, demo |
| 20–40 | §2: the derivation, Exercise 1 in pairs |
| 40–45 | spare: a slow launch |
"""


def _check(text: str, estimate: int = 50) -> list[str]:
    return plan_problems(parse_plans(text)[45], {1, 2, 3}, 2, estimate)


def test_a_good_plan_passes_and_each_fault_is_found():
    assert _check(GOOD) == []
    assert numbers("§4–§6 and §8, Exercises 1–3 and 5", SECTION) == {4, 5, 6, 8}
    assert numbers("§4–§6 and §8, Exercises 1–3 and 5", EXERCISES) == {1, 2, 3, 5}
    faults = {
        "| 3–20 |": ("| 4–20 |", "row 4–20 does not follow 3"),
        "| 40–45 | spare": ("| 40–44 | spare", "ends at 44, not 45"),
        "launch: the": ("lunch: the", "the first row is not launching"),
        "| 40–45 | spare: a slow launch": ("| 40–45 | check yourself", "no spare row"),
        "§2: the derivation, Exercise 1": ("§2: the derivation, Exercises 1 and 3",
                                           "no exercise [3]"),
        "§2: the derivation": ("§4: the derivation", "no section [4]"),
        "Homework: §3 (Exercise 2)": ("Homework: Exercise 2", "§[3] neither in class"),
        "Homework: §3 (Exercise 2).": ("Homework: §3.", "exercise(s) [2] neither"),
        "In class: §1 and §2": ("In class: §1–§3", "'In class' names §[1, 2, 3]"),
        "§2, Exercise 1.": ("§2, Exercises 1 and 2.", "'In class' names exercises [1, 2]"),
    }
    for old, (new, expected) in faults.items():
        broken = GOOD.replace(old, new, 1)
        assert broken != GOOD, old
        assert any(expected in p for p in _check(broken)), (expected, _check(broken))
    tight = GOOD.replace("| 3–20 | §1: the idea, demo |\n| 20–40 | §2: the derivation, Exercise 1",
                         "| 3–38 | §1: the idea, demo |\n| 38–40 | §2: the derivation, Exercise 1")
    assert any("2 min for 1 exercise" in p for p in _check(tight))
    everything = GOOD.replace("Homework: §3 (Exercise 2)", "Homework: none").replace(
        "| 20–40 | §2: the derivation, Exercise 1 in pairs |",
        "| 20–30 | §2: the derivation, Exercise 1 in pairs |\n| 30–40 | §3: Exercise 2 |"
    ).replace("In class: §1 and §2, Exercise 1", "In class: everything")
    assert _check(everything, estimate=40) == []
    unfinished = GOOD.replace("Homework: §3 (Exercise 2)", "Homework: none")
    assert any("no homework" in p for p in _check(unfinished, estimate=60))
