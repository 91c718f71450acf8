"""A multiple-choice question with a checker that explains each wrong choice.

The learner answers with the letter of an option ("c", "C", "(c)") or the option's text;
anything else gets a one-line message listing the letters. Used where the question is a
judgement rather than a number: which change breaks the symmetry of equal weights, what
three seeds can tell, and so on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from course_lib.exercises.core import Feedback


@dataclass(frozen=True)
class ChoiceExercise:
    """``options`` maps letters to the options' text; ``answer`` is the right letter;
    ``hints`` explains each wrong letter (every wrong letter needs one)."""

    key: str
    options: Mapping[str, str]
    answer: str
    hints: Mapping[str, str]
    success: str

    def __post_init__(self) -> None:
        wrong = set(self.options) - {self.answer}
        if self.answer not in self.options or set(self.hints) != wrong:
            raise ValueError(f"{self.key}: the answer must be an option and every other "
                             "option needs a hint")

    def letter(self, answer: Any) -> str | None:
        """The letter the learner chose, or None if the answer names no option."""
        if not isinstance(answer, str):
            return None
        text = answer.strip().lower()
        match = re.fullmatch(r"\(?([a-z])\)?\.?", text)
        if match and match.group(1) in self.options:
            return match.group(1)
        for letter, option in self.options.items():
            if text.rstrip(".!") == option.strip().lower().rstrip("."):
                return letter
        return None

    def check(self, answer: Any) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback("unanswered", "replace None by the letter of your choice, e.g. "
                                          f"\"{next(iter(self.options))}\", and run the cell "
                                          "again.")
        letter = self.letter(answer)
        if letter is None:
            letters = ", ".join(f'"{k}"' for k in self.options)
            return Feedback("wrong", f"answer with one of the letters {letters} (as text, in "
                                     "quotes).")
        if letter == self.answer:
            return Feedback("correct", self.success)
        return Feedback("wrong", self.hints[letter])


__all__ = ["ChoiceExercise"]
