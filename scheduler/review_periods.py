"""Periods an officer reviews, as people type them: a month, a quarter, a half, a year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from core.i18n import N_, Text
from core.textfold import fold
from core.vnformat import format_month, format_quarter
from scheduler.periods import Month, Quarter, month_of, months_between
from scheduler.planning import DEFAULT_TZ

PeriodKind = Literal["month", "quarter", "first_months", "last_months", "year"]

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_TYPED = 60  # longer is no period
MAX_SHOWN = 40
EXAMPLES = "tháng 10, 10/2026, quý 4, quý IV/2026, năm 2026, 6 tháng đầu năm"

E_UNREADABLE = "period.unreadable"
E_MONTH = "period.bad_month"
E_QUARTER = "period.bad_quarter"
E_YEAR = "period.bad_year"
E_FUTURE = "period.future"
E_COUNT = "period.bad_count"

_MSG_UNREADABLE = N_("Could not read the period «{text}». Please type, for example: {examples}.")
_MSG_MONTH = N_(
    "There is no month {month}: months go from 1 to 12. Please type, for example: tháng 10 or "
    "10/2026."
)
_MSG_QUARTER = N_(
    "There is no quarter {quarter}: quarters go from I to IV. Please type, for example: quý 4 or "
    "quý IV/2026."
)
_MSG_YEAR = N_("The year {year} is out of range. Please type, for example: năm 2026.")
_MSG_COUNT = N_(
    "A year has 12 months, so «{text}» cannot be. Please type, for example: 6 tháng đầu năm."
)
_MSG_FUTURE = N_(
    "«{text}» has not begun yet, so there is nothing to show. Please type a period that has "
    "begun, for example: {examples}."
)

_LABEL_MONTH = N_("month {month}")
_LABEL_QUARTER = N_("quarter {quarter}")
_LABEL_YEAR = N_("year {year}")
_LABEL_FIRST = N_("the first {n} months of {year}")
_LABEL_LAST = N_("the last {n} months of {year}")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_YEAR_TAIL = r"(?:\s*[/.-]\s*|\s+(?:nam\s+)?)(\d{1,4}|nay|truoc|ngoai)"
_MONTH_WORDS = re.compile(rf"^(?:thang|t)\s*(\d{{1,2}})(?:{_YEAR_TAIL})?$")
_MONTH_NUMBERS = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_WORDS = re.compile(rf"^(?:quy|q)\s*([0-9]{{1,2}}|[iv]{{1,4}})(?:{_YEAR_TAIL})?$")
_QUARTER_ISO = re.compile(r"^(\d{4})\s*-\s*q([0-9])$")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})$")
_RELATIVE_YEAR = re.compile(r"^nam\s+(nay|truoc|ngoai)$")
_PART = re.compile(
    r"^(?:(\d{1,2})\s+thang|(nua))\s+(dau|cuoi)\s+nam(?:\s+(?:nam\s+)?(\d{4}|nay|truoc|ngoai))?$"
)
_RELATIVE = {
    "thang nay": ("month", 0),
    "thang truoc": ("month", -1),
    "quy nay": ("quarter", 0),
    "quy truoc": ("quarter", -1),
}


@dataclass(frozen=True, slots=True)
class ReviewPeriod:
    """Consecutive months of one year that an officer looks at together."""

    first: Month
    last: Month
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.first.year != self.last.year or self.first > self.last:
            raise ValueError(f"not a period within a year: {self.first}..{self.last}")

    @classmethod
    def of_month(cls, month: Month) -> ReviewPeriod:
        return cls(month, month, "month")

    @classmethod
    def of_quarter(cls, quarter: Quarter) -> ReviewPeriod:
        return cls(quarter.month(1), quarter.month(3), "quarter")

    @classmethod
    def of_year(cls, year: int) -> ReviewPeriod:
        return cls(Month(year, 1), Month(year, 12), "year")

    @property
    def year(self) -> int:
        return self.last.year

    @property
    def months(self) -> list[Month]:
        return months_between(self.first, self.last)

    @property
    def quarters(self) -> list[Quarter]:
        """The quarters the period touches, in order."""
        found: list[Quarter] = []
        for month in self.months:
            if month.quarter not in found:
                found.append(month.quarter)
        return found

    @property
    def is_month(self) -> bool:
        return self.kind == "month"

    def contains(self, month: Month) -> bool:
        return self.first <= month <= self.last

    def elapsed(self, today: date) -> list[Month]:
        """The period's months up to today's month (the months a report can be expected for)."""
        current = month_of(today)
        return [m for m in self.months if m <= current]

    def owed(self, today: date) -> list[Month]:
        """The months whose reports are owed on `today`. A month, and a quarter (each of its
        months as the month alone), count every month once it has begun, so quarter IV on
        02/12 counts December as tháng 12 does. Longer periods count the months that have
        ended (on 01/12 the year 2026 owes January to November, not December, whose meetings
        are ahead). A cell owes only the ones it `existed` for, and besides them a month still
        going on once it reported it."""
        elapsed = self.elapsed(today)
        if self.kind in ("month", "quarter"):
            return elapsed
        return [m for m in elapsed if m.last_day < today]

    def previous(self) -> ReviewPeriod:
        """The period of the same kind just before (a year earlier for parts of a year)."""
        if self.kind == "month":
            return ReviewPeriod.of_month(self.first.plus(-1))
        if self.kind == "quarter":
            return ReviewPeriod.of_quarter(self.first.plus(-3).quarter)
        return ReviewPeriod(
            Month(self.first.year - 1, self.first.month),
            Month(self.last.year - 1, self.last.month),
            self.kind,
        )

    @property
    def token(self) -> str:
        """A short stable form for conversation state and file names: 2026-11, 2026-Q4, 2026."""
        if self.kind == "month":
            return str(self.first)
        if self.kind == "quarter":
            return str(self.first.quarter)
        if self.kind == "year":
            return f"{self.year:04d}"
        return f"{self.year:04d}-M{self.first.month:02d}-{self.last.month:02d}"

    @classmethod
    def from_token(cls, token: str) -> ReviewPeriod:
        """The inverse of `token`; ValueError for anything else."""
        if found := re.fullmatch(r"(\d{4})-(\d{2})", token):
            return cls.of_month(Month(int(found[1]), int(found[2])))
        if found := re.fullmatch(r"(\d{4})-Q([1-4])", token):
            return cls.of_quarter(Quarter(int(found[1]), int(found[2])))
        if found := re.fullmatch(r"(\d{4})", token):
            return cls.of_year(int(found[1]))
        if found := re.fullmatch(r"(\d{4})-M(\d{2})-(\d{2})", token):
            year, first, last = int(found[1]), int(found[2]), int(found[3])
            kind: PeriodKind = "first_months" if first == 1 else "last_months"
            return cls(Month(year, first), Month(year, last), kind)
        raise ValueError(f"not a review period: {token!r}")

    def describe(self) -> Text:
        """ "tháng 11/2026", "quý IV/2026", "6 tháng đầu năm 2026", "năm 2026" (to translate)."""
        if self.kind == "month":
            return Text(_LABEL_MONTH, {"month": format_month(self.year, self.first.month)})
        if self.kind == "quarter":
            quarter = self.first.quarter
            return Text(_LABEL_QUARTER, {"quarter": format_quarter(quarter.year, quarter.quarter)})
        if self.kind == "year":
            return Text(_LABEL_YEAR, {"year": self.year})
        n = len(self.months)
        label = _LABEL_FIRST if self.kind == "first_months" else _LABEL_LAST
        return Text(label, {"n": n, "year": self.year})


CELLS_ZONE = ZoneInfo(DEFAULT_TZ)
"""The time a cell's creation is read in, as the months it owes are (storage.repos.summary
reads it so in SQL)."""


def existed(period: Month | Quarter, created_at: datetime | None) -> bool:
    """Whether a cell created at `created_at` (UTC when naive, as stored) existed before
    `period` ended in Việt Nam's time (a cell added on 01/12, even at 06:00, owes no report for
    October or November, nor for quarter III)."""
    if created_at is None:
        return True
    moment = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    return moment.astimezone(CELLS_ZONE).date() <= period.last_day


def owes_topic_session(quarter: Quarter, created_at: datetime | None) -> bool:
    """Whether a cell created at `created_at` owes `quarter`'s topic session: it existed on the
    quarter's first day in Việt Nam's time. A cell created within the quarter (or after it)
    had no whole quarter to hold one and does not; one it held all the same counts."""
    if created_at is None:
        return True
    moment = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    return moment.astimezone(CELLS_ZONE).date() <= quarter.first_day


@dataclass(frozen=True, slots=True)
class PeriodError:
    """Why a typed period was refused, with what to type instead."""

    code: str
    message: Text


def parse_review_period(text: str, today: date) -> ReviewPeriod | PeriodError:
    """What an officer typed ("tháng 10", "quy IV/2026", "6 tháng đầu năm", "nam nay"...).

    Empty text is the current month. A month or quarter without a year is the latest one that
    has begun. Bare numbers other than a year are refused: in a chat they are choices.
    """
    typed = fold(text).strip(" .,;:")
    this_month = month_of(today)
    if not typed:
        return ReviewPeriod.of_month(this_month)
    period = _read(typed, text.strip(), today)
    if isinstance(period, PeriodError):
        return period
    if period.first > this_month:
        return PeriodError(
            E_FUTURE, Text(_MSG_FUTURE, {"text": text.strip(), "examples": EXAMPLES})
        )
    return period


def _read(typed: str, original: str, today: date) -> ReviewPeriod | PeriodError:
    this_month = month_of(today)
    if typed in _RELATIVE:
        unit, offset = _RELATIVE[typed]
        if unit == "month":
            return ReviewPeriod.of_month(this_month.plus(offset))
        return ReviewPeriod.of_quarter(this_month.plus(3 * offset).quarter)
    if found := _RELATIVE_YEAR.match(typed):
        return _year_period(_relative_year(found[1], today))
    if found := _MONTH_ISO.match(typed):
        return _month_period(int(found[2]), int(found[1]), today)
    if (found := _MONTH_WORDS.match(typed)) or (found := _MONTH_NUMBERS.match(typed)):
        year = _year_word(found[2], today) if found[2] else None
        return _month_period(int(found[1]), year, today)
    if found := _QUARTER_ISO.match(typed):
        return _quarter_period(found[2], int(found[1]), today)
    if found := _QUARTER_WORDS.match(typed):
        year = _year_word(found[2], today) if found[2] else None
        return _quarter_period(found[1], year, today)
    if found := _YEAR.match(typed):
        return _year_period(int(found[1]))
    if found := _PART.match(typed):
        return _part_period(found, original, today)
    return PeriodError(
        E_UNREADABLE, Text(_MSG_UNREADABLE, {"text": original, "examples": EXAMPLES})
    )


def _relative_year(word: str, today: date) -> int:
    return today.year if word == "nay" else today.year - 1


def _year_word(word: str, today: date) -> int:
    if word.isdecimal():
        return int(word) if len(word) == 4 else -int(word)  # a short year is refused below
    return _relative_year(word, today)


def _bad_year(year: int) -> PeriodError | None:
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return PeriodError(E_YEAR, Text(_MSG_YEAR, {"year": abs(year)}))


def _month_period(month: int, year: int | None, today: date) -> ReviewPeriod | PeriodError:
    if not 1 <= month <= 12:
        return PeriodError(E_MONTH, Text(_MSG_MONTH, {"month": month}))
    if year is None:
        year = today.year if month <= today.month else today.year - 1
    if error := _bad_year(year):
        return error
    return ReviewPeriod.of_month(Month(year, month))


def _quarter_period(word: str, year: int | None, today: date) -> ReviewPeriod | PeriodError:
    number = int(word) if word.isdecimal() else _ROMAN.get(word, 0)
    if not 1 <= number <= 4:
        return PeriodError(E_QUARTER, Text(_MSG_QUARTER, {"quarter": word.upper()}))
    if year is None:
        current = month_of(today).quarter
        year = today.year if number <= current.quarter else today.year - 1
    if error := _bad_year(year):
        return error
    return ReviewPeriod.of_quarter(Quarter(year, number))


def _year_period(year: int) -> ReviewPeriod | PeriodError:
    if error := _bad_year(year):
        return error
    return ReviewPeriod.of_year(year)


def _part_period(found: re.Match[str], original: str, today: date) -> ReviewPeriod | PeriodError:
    count = 6 if found[2] else int(found[1])
    first_part = found[3] == "dau"
    if not 1 <= count <= 12:
        return PeriodError(E_COUNT, Text(_MSG_COUNT, {"text": original}))
    if found[4]:
        year = _year_word(found[4], today)
    elif first_part:
        year = today.year
    else:
        year = today.year if today.month > 12 - count else today.year - 1
    if error := _bad_year(year):
        return error
    if count == 12:
        return ReviewPeriod.of_year(year)
    if first_part:
        return ReviewPeriod(Month(year, 1), Month(year, count), "first_months")
    return ReviewPeriod(Month(year, 13 - count), Month(year, 12), "last_months")
