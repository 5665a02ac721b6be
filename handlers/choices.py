"""Reading a typed answer against the choices offered: one meaning, never two.

The rule every flow gets from here: when the question wants one of its choices (Expect.CHOICE),
a typed number is the choice at that position and nothing else, and a number that is no
choice's position is refused; when it wants a value (Expect.VALUE), a typed number is the value
itself and never a choice, and choices are typed by their keyword or words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.messages import Choice, Expect
from core.textfold import fold
from handlers.reporting.numbers import DIGIT_WORDS

MAX_CHOICE_DIGITS = 3
_KEYCAP, _VARIANT = "\u20e3", "\ufe0f"  # "1️⃣" as phones' emoji keyboards send it
NUMBER_WORDS_FROM = 3
"""Number words pick a choice only among this many or more: at Có/Không, where a name may be
typed instead, "Hai" or "Ba" is more likely a person (anh Hai, chú Ba) than a choice."""


@dataclass(frozen=True, slots=True)
class NoSuchChoice:
    """A number typed where only the numbered choices may be picked, and none has it."""

    typed: str
    count: int


def is_number(text: str) -> bool:
    """Digits only (after the dots and brackets people add: "2.", "(2)")."""
    typed = fold(text).strip(" .)(")
    return bool(typed) and typed.isdecimal()


def names_exactly(text: str, choice: Choice) -> bool:
    """Whether `text` is a number, or the whole label, value or keyword of `choice` (not only
    some of its words)."""
    typed = fold(text).strip(" .)(")
    return typed.isdecimal() or typed in (fold(choice.label), fold(choice.value)) or (
        bool(choice.keyword) and typed == fold(choice.keyword)
    )


def number_word(text: str) -> int | None:
    """1 for "một", 2 for "hai" ... 9 for "chín" (diacritics optional); None otherwise."""
    return _NUMBER_WORDS.get(fold(text).strip(" .)("))


def match_choice(
    text: str, choices: Sequence[Choice], expect: Expect = Expect.CHOICE
) -> Choice | NoSuchChoice | None:
    """The choice meant by `text`, a refusal, or None (the flow reads the text itself).

    By number (Expect.CHOICE only: "2", "số 2", "chọn 2", or "hai" unless a label is so named),
    by keyword, by label or value (any case, diacritics
    optional), by a unique start of the label ("da hop" for "Đã họp đúng lịch"), or (Expect.CHOICE
    only) by two words or more that one label alone holds ("chuyen de" for "Sinh hoạt chuyên
    đề quý IV/2026").
    """
    typed = fold(text.replace(_KEYCAP, "").replace(_VARIANT, "")).strip(" .)(")  # "1️⃣"
    if not typed or not choices:
        return None
    if expect is Expect.CHOICE:
        typed = _SAID_NUMBER.sub("", typed)  # "số 2", "chọn 2"
    if typed.isdecimal():
        if expect is not Expect.CHOICE:
            return None  # the value itself
        if len(typed) > MAX_CHOICE_DIGITS:
            return NoSuchChoice(typed[:MAX_CHOICE_DIGITS] + "…", len(choices))
        index = int(typed)
        if 1 <= index <= len(choices):
            return choices[index - 1]
        return NoSuchChoice(typed, len(choices))
    for choice in choices:
        if typed in (fold(choice.label), fold(choice.value)) or (
            choice.keyword and typed == fold(choice.keyword)
        ):
            return choice
    if (
        expect is Expect.CHOICE
        and typed in _NUMBER_WORDS
        and len(choices) >= NUMBER_WORDS_FROM
        and not any(_WORD.findall(fold(c.label))[:1] == [typed] for c in choices)
    ):
        # "hai", "ba": a choice's number in words, unless a label starts with that word
        # ("Năm 2026" for "năm"); before a label that only starts so ("Báo cáo" for "ba")
        return match_choice(str(_NUMBER_WORDS[typed]), choices, expect)
    if len(typed) >= 2:
        starting = [c for c in choices if fold(c.label).startswith(typed)]
        if len(starting) == 1:
            return starting[0]
    words = set(_WORD.findall(typed))
    if expect is Expect.CHOICE and len(words) >= 2:
        # "chuyen de", "thuong ky thang 12": words found in one label only, in any order
        holding = [c for c in choices if words <= set(_WORD.findall(fold(c.label)))]
        if len(holding) == 1:
            return holding[0]
    return None


_WORD = re.compile(r"\w+")
_SAID_NUMBER = re.compile(r"^(?:so|chon|cau|muc|phuong an|lua chon)\s+(?=[0-9]+$)")
_NUMBER_WORDS = {word: n for word, n in DIGIT_WORDS.items() if n > 0}  # "không" is no choice
