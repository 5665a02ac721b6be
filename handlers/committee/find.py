"""Finding a cell or an organisation by what an officer typed (diacritics optional)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from core.i18n import Translator
from core.textfold import fold

T = TypeVar("T")
_PREFIXES = ("chi bo ", "dang bo bo phan ", "dang bo ", "dang uy ")
# What a period is typed with: "tháng 10", "quý 4", "năm 2026", "6 tháng đầu năm", "10/2026"
_PERIOD_WORDS = re.compile(r"\d|\b(?:thang|quy|nam|ky|dau|cuoi|nay|truoc|sau)\b")
# Words every unit's name has: typed alone they say no name in particular
_UNIT_WORDS = frozenset({"chi", "bo", "dang", "uy", "xa", "thon", "phan", "cua"})
_UNIT_PREFIXES = ("chi bo", "dang bo", "dang uy", "xa ", "phuong ", "thon ", "bon ", "to dan pho")


def looks_like_period(text: str) -> bool:
    """Whether `text` has what a period is written with (a number, "tháng", "quý"...)."""
    return bool(_PERIOD_WORDS.search(fold(text)))


SENTENCE_WORDS = 6  # this many words or more, with no name in them, is a sentence


def is_no_answer(text: str, names: Iterable[str], *, periods: bool = True) -> bool:
    """Whether `text`, found neither as a period nor a name, is no answer to "which period
    (when `periods`) or unit" at all ("nhiệm vụ của UBKT", a sentence): fewer than half of its
    words are in any one of `names`, and it is no mistyped period (no period word, or a
    sentence). A mistyped name ("Thon Dong Hao", "Dong Hao") shares half its words with one
    and is asked again, as "quý 5" is."""
    folded = fold(text).strip()
    all_words = re.findall(r"\w+", folded)
    if periods and looks_like_period(text) and len(all_words) < SENTENCE_WORDS:
        return False
    if folded.startswith(_UNIT_PREFIXES) and len(all_words) < SENTENCE_WORDS:
        return False  # "xã An", "thôn 9": a unit's name, of another scope or mistyped
    words = {w for w in all_words if len(w) >= 3 and w not in _UNIT_WORDS}
    if not words:
        return True
    found = [set(re.findall(r"\w+", fold(name))) for name in names]
    # a mistyped name has half its words or more in one name ("Dong Hao"); a question only
    # shares a word or two with some name ("tiêu" of "Tiểu học" in "chỉ tiêu kết nạp ...")
    return not any(2 * len(words & name) >= len(words) for name in found)


def _short(folded: str) -> str:
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def find_by_name(items: Sequence[T], text: str, name: Callable[[T], str]) -> list[T]:
    """Items whose name is what was typed ("thon dong hoa" finds "Chi bộ Thôn Đông Hòa");
    failing that, those whose name contains it. Empty when nothing matches."""
    typed = fold(text).strip(" .,;:")
    if len(typed) < 2:
        return []
    exact = [i for i in items if typed in (fold(name(i)), _short(fold(name(i))))]
    if exact:
        return exact
    return [i for i in items if typed in fold(name(i))]


MAX_FOUND = 10  # more cells than this matching a typed name: more of the name is asked


def search_question(t: Translator, found: int, text: str) -> str:
    """What to ask when a typed name (`text`) found `found` cells other than one: it again
    (none), more of it (more than MAX_FOUND), or which one (a list follows)."""
    if not found:
        return t.gettext("No cell is named «{text}». Please type the name again:").format(text=text)
    if found > MAX_FOUND:
        return t.gettext("{n} cells match «{text}». Please type more of the name:").format(
            n=found, text=text
        )
    return t.gettext("{n} cells match «{text}». Which one?").format(n=found, text=text)
