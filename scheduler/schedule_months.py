"""The month an officer's /lich shows, as typed: «tháng 12», «tháng 1/2027», «12/2026», «tháng
trước», «tháng này», «tháng sau» (and the menu's "this", "next")."""

from __future__ import annotations

import re
from datetime import date

from core.i18n import N_, Text
from core.textfold import fold
from core.vnformat import format_month
from scheduler.periods import Month, month_of
from scheduler.review_periods import PeriodError

MONTHS_BACK = 12
MONTHS_AHEAD = 12

E_MONTH = "schedule_month.bad_month"
E_RANGE = "schedule_month.out_of_range"

_MSG_MONTH = N_(
    "There is no month {month}: months go from 1 to 12. Please type, for example: tháng 10 or "
    "10/2026."
)
_MSG_RANGE = N_(
    "The schedule can be shown from {first} to {last}; «{text}» is outside. Please type a month "
    "between them, for example: tháng sau or {example}."
)

_RELATIVE = {"nay": 0, "this": 0, "sau": 1, "toi": 1, "next": 1, "truoc": -1, "last": -1}
_YEAR_WORDS = {"nay": 0, "sau": 1, "toi": 1, "truoc": -1, "ngoai": -1}
_YEAR_TAIL = r"(?:\s*[/.-]\s*|\s+(?:nam\s+)?)(\d{4}|nay|sau|toi|truoc|ngoai)"
_MONTH_WORDS = re.compile(rf"^(?:thang|t)\s*(\d{{1,2}})(?:{_YEAR_TAIL})?$")
_MONTH_NUMBERS = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_schedule_month(text: str, today: date) -> Month | PeriodError | None:
    """The month `text` names, relative to `today` (the local date); an error for a month that
    cannot be or lies outside the months shown (12 back, 12 ahead); None when `text` is no
    month at all. A month without a year is the nearest one: in December «tháng 1» is the
    coming January, «tháng 11» the one just past."""
    typed = fold(text).strip(" .!?,;:")
    this_month = month_of(today)
    words = typed.split()
    if words and words[0] == "thang":
        words = words[1:]
    if words and words[-1] == "month":
        words = words[:-1]
    if len(words) == 1 and words[0] in _RELATIVE:
        return this_month.plus(_RELATIVE[words[0]])
    if found := _MONTH_ISO.match(typed):
        return _checked(int(found[2]), int(found[1]), text, today)
    if (found := _MONTH_WORDS.match(typed)) or (found := _MONTH_NUMBERS.match(typed)):
        word = found[2]
        if word is None:
            year = None
        elif word.isdecimal():
            year = int(word)
        else:
            year = today.year + _YEAR_WORDS[word]
        return _checked(int(found[1]), year, text, today)
    return None


def _checked(number: int, year: int | None, text: str, today: date) -> Month | PeriodError:
    if not 1 <= number <= 12:
        return PeriodError(E_MONTH, Text(_MSG_MONTH, {"month": number}))
    this_month = month_of(today)
    if year is None:
        month = Month(today.year, number)
        ahead = _months_between(this_month, month)
        if ahead > 6:
            month = Month(today.year - 1, number)
        elif ahead < -5:
            month = Month(today.year + 1, number)
    else:
        month = Month(year, number)
    if not -MONTHS_BACK <= _months_between(this_month, month) <= MONTHS_AHEAD:
        first, last = this_month.plus(-MONTHS_BACK), this_month.plus(MONTHS_AHEAD)
        params = {
            "text": text.strip(),
            "first": format_month(first.year, first.month),
            "last": format_month(last.year, last.month),
            "example": f"{this_month.plus(1).month:02d}/{this_month.plus(1).year}",
        }
        return PeriodError(E_RANGE, Text(_MSG_RANGE, params))
    return month


def _months_between(start: Month, end: Month) -> int:
    return (end.year - start.year) * 12 + end.month - start.month
