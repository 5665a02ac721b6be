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
    """1 for "một", 2 for "hai" ... 10 for "mười" (diacritics optional); None otherwise."""
    return _NUMBER_WORDS.get(fold(text).strip(" .)("))


def match_choice(
    text: str, choices: Sequence[Choice], expect: Expect = Expect.CHOICE, *, names: bool = False
) -> Choice | NoSuchChoice | None:
    """The choice meant by `text`, a refusal, or None (the flow reads the text itself).

    By number (Expect.CHOICE only: "2", "số 2", "chọn 2"; a number beyond the last choice
    picks the one whose keyword it is, "18" for «Vẫn là 18»; or "hai" … "mười" when no label holds
    that word and no name may be typed instead: `names`, where «Hai», «Ba» are more likely a
    person, anh Hai, chú Ba), by keyword, by label or value (any case, diacritics optional), by
    a unique start of the label ("da hop" for "Đã họp đúng lịch"), or (Expect.CHOICE only) by
    two words or more that one label alone holds ("chuyen de" for "Sinh hoạt chuyên đề quý
    IV/2026").
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
        # "Số nào đúng? 1. Nay là 180  2. Vẫn là 18": "18" typed is the choice saying it
        naming = [c for c in choices if c.keyword and fold(c.keyword) == typed]
        if len(naming) == 1:
            return naming[0]
        return NoSuchChoice(typed, len(choices))
    for choice in choices:
        if typed in (fold(choice.label), fold(choice.value)) or (
            choice.keyword and typed == fold(choice.keyword)
        ):
            return choice
    if (
        expect is Expect.CHOICE
        and not names
        and typed in _NUMBER_WORDS
        and not any(typed in _WORD.findall(fold(c.label)) for c in choices)
    ):
        # "hai", "ba": a choice's number in words, unless a label holds that word ("Năm 2026",
        # "Số liệu năm 2026" for "năm", "Tạm hoãn" for "tám"); before a label that only starts
        # so ("Báo cáo" for "ba")
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
# "không" is no choice, «lăm» is never said alone (and «làm», «Lâm» fold to it); «mười» is
# the tenth of a long menu
_NUMBER_WORDS = {word: n for word, n in DIGIT_WORDS.items() if n > 0 and word != "lam"}
_NUMBER_WORDS["muoi"] = 10
