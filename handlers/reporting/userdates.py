"""Meeting dates as secretaries type them: 5/12, 05/12/2026, ngày 5, hôm qua, thứ bảy, cn (and
in English: yesterday, Saturday)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from core.i18n import N_, Text
from core.textfold import fold
from core.vnformat import format_date
from handlers.reporting.problems import ParseError, echo

MIN_YEAR = 1900
MAX_YEAR = 2100
_NEAR_DAYS = 31

E_EMPTY = "date.empty"
E_UNREADABLE = "date.unreadable"
E_MONTH = "date.no_such_month"
E_DAY = "date.no_such_day"
E_DAY_IN_MONTH = "date.no_such_day_in_month"
E_YEAR = "date.bad_year"
E_FUTURE = "date.future"
E_PAST = "date.past"
E_TOO_OLD = "date.too_old"
E_TOO_FAR_AHEAD = "date.too_far_ahead"


@dataclass(frozen=True, slots=True)
class DateRules:
    """Which dates are acceptable, and which way a day name or a lone day number points.

    max_days_back: oldest acceptable date, in days before today (None: no limit; 0: not before
    today). max_days_ahead applies only when allow_future. prefer: "past" resolves "thứ bảy" or
    "ngày 5" to the latest such day not after today, "future" to the first one not before today.
    """

    allow_future: bool = False
    max_days_back: int | None = 62
    max_days_ahead: int | None = None
    prefer: Literal["past", "future"] = "past"


REPORT_DATES = DateRules()
"""For /baocao: a meeting already held, at most 62 days ago."""

MOVE_DATES = DateRules(allow_future=True, max_days_back=None, max_days_ahead=None, prefer="future")
"""For a meeting's new date: any date is read; scheduler.moves.validate_move then says, in one
message, which dates the move allows (from today to the end of its month or quarter)."""

_SEPARATED = re.compile(r"^([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})(?:\s*[/.\-]\s*([0-9]+))?$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_IN_WORDS = re.compile(r"^([0-9]{1,2}) thang ([0-9]{1,2})(?:,? nam ([0-9]+))?$")
_DAY_ONLY = re.compile(r"^([0-9]{1,2})$")
_WEEKDAY_NUMBER = re.compile(r"^(?:thu|t)\s*([2-7])$")
_PREFIXES = ("vao ngay ", "vao ", "ngay ", "mung ", "mong ", "hom ")
_TRAILING = " .,!?:;"

_RELATIVE = {
    "hom nay": 0,
    "nay": 0,
    "bua nay": 0,
    "ngay hom nay": 0,
    "hom qua": -1,
    "qua": -1,
    "bua qua": -1,
    "ngay hom qua": -1,
    "hom kia": -2,
    "bua kia": -2,
    "ngay mai": 1,
    "mai": 1,
    "ngay kia": 2,
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
}
_WEEKDAY_WORDS = {
    "thu hai": 0,
    "thu ba": 1,
    "thu tu": 2,
    "thu bon": 2,
    "thu nam": 3,
    "thu sau": 4,
    "thu bay": 5,
    "chu nhat": 6,
    "cn": 6,
    "chunhat": 6,
    **{
        day: number
        for number, day in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}

_MSG_EMPTY = N_("Please type the meeting date as day/month, e.g. {example}.")
_MSG_UNREADABLE = N_(
    "Could not read the date «{text}». Please type it as day/month, e.g. {example}."
)
_MSG_MONTH = N_("There is no month {month}. Please type the date as day/month, e.g. {example}.")
_MSG_DAY = N_(
    "There is no day {day} in a month. Please type the date as day/month, e.g. {example}."
)
_MSG_DAY_IN_MONTH = N_(
    "Month {month}/{year} has no day {day}. Please check the date and type it again:"
)
_MSG_YEAR = N_(
    "The year {year} does not look right. Please type the date as day/month/year, e.g."
    " {example_full}."
)
_MSG_FUTURE = N_("{date} has not come yet. Please type the day the meeting was held:")
_MSG_PAST = N_("{date} has already passed. Please type a date from today ({today}) on:")
_MSG_TOO_OLD = N_("{date} is more than {days} days ago. Please type a date from {earliest} on:")
_MSG_TOO_FAR_AHEAD = N_("{date} is more than {days} days ahead. Please type a date up to {latest}:")


def parse_user_date(
    text: str, today: date, rules: DateRules = REPORT_DATES, *, example: date | None = None
) -> date | ParseError:
    """Read a date typed by a secretary, relative to `today` (the local date). Messages show
    `example` (default: today) as the date to copy, so the example is valid where it is asked."""
    found = _parse_user_date(text, today, rules)
    if isinstance(found, ParseError):
        shown = example or today
        params = {
            **found.message.params,
            "example": shown.strftime("%d/%m"),
            "example_full": format_date(shown),
        }
        return ParseError(found.code, Text(found.message.msgid, params, found.message.plural))
    return found


def _parse_user_date(text: str, today: date, rules: DateRules) -> date | ParseError:
    folded = fold(text).strip(_TRAILING)
    if not folded:
        return ParseError(E_EMPTY, Text(_MSG_EMPTY))
    resolved = _resolve(folded, today, rules)
    if resolved is None:
        return ParseError(E_UNREADABLE, Text(_MSG_UNREADABLE, {"text": echo(text)}))
    if isinstance(resolved, ParseError):
        return resolved
    return check_date(resolved, today, rules)


def day_alone(text: str) -> int | None:
    """The day of the month when `text` is a day alone («19», «ngày 19», «mùng 5»), else None."""
    match = _DAY_ONLY.match(_strip_prefixes(fold(text).strip(_TRAILING)))
    return int(match[1]) if match else None


def check_date(day: date, today: date, rules: DateRules = REPORT_DATES) -> date | ParseError:
    """`day` itself if `rules` accept it, else the error that says which dates are accepted."""
    if day > today:
        if not rules.allow_future:
            return ParseError(E_FUTURE, Text(_MSG_FUTURE, {"date": format_date(day)}))
        if rules.max_days_ahead is not None and (day - today).days > rules.max_days_ahead:
            latest = today + timedelta(days=rules.max_days_ahead)
            params = {
                "date": format_date(day),
                "days": rules.max_days_ahead,
                "latest": format_date(latest),
            }
            return ParseError(E_TOO_FAR_AHEAD, Text(_MSG_TOO_FAR_AHEAD, params))
    if rules.max_days_back is not None and (today - day).days > rules.max_days_back:
        if rules.max_days_back == 0:
            params = {"date": format_date(day), "today": format_date(today)}
            return ParseError(E_PAST, Text(_MSG_PAST, params))
        earliest = today - timedelta(days=rules.max_days_back)
        params = {
            "date": format_date(day),
            "days": rules.max_days_back,
            "earliest": format_date(earliest),
        }
        return ParseError(E_TOO_OLD, Text(_MSG_TOO_OLD, params))
    return day


def format_user_date(day: date) -> str:
    """05/12/2026: what `parse_user_date` reads back as the same date."""
    return format_date(day)


def _resolve(folded: str, today: date, rules: DateRules) -> date | ParseError | None:
    """The date `folded` names, an error about an impossible date, or None if unreadable."""
    if folded in _RELATIVE:
        return today + timedelta(days=_RELATIVE[folded])
    stripped = _strip_prefixes(folded)
    if stripped in _RELATIVE:
        return today + timedelta(days=_RELATIVE[stripped])
    weekday = _weekday(stripped)
    if weekday is not None:
        return _nearest_weekday(weekday, today, rules.prefer)
    match = _ISO.match(stripped)
    if match:
        return _full_date(int(match[3]), int(match[2]), match[1])
    match = _SEPARATED.match(stripped) or _IN_WORDS.match(stripped)
    if match:
        day, month = int(match[1]), int(match[2])
        if match[3] is None:
            return _day_month(day, month, today, rules.prefer)
        return _full_date(day, month, match[3])
    match = _DAY_ONLY.match(stripped)
    if match:
        return _day_only(int(match[1]), today, rules.prefer)
    return None


def _strip_prefixes(folded: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if folded.startswith(prefix):
                folded = folded[len(prefix) :].strip()
                changed = True
    return folded


def _weekday(stripped: str) -> int | None:
    if stripped in _WEEKDAY_WORDS:
        return _WEEKDAY_WORDS[stripped]
    match = _WEEKDAY_NUMBER.match(stripped)
    if match:
        return int(match[1]) - 2
    return None


def _nearest_weekday(weekday: int, today: date, prefer: Literal["past", "future"]) -> date:
    if prefer == "past":
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _month_day_error(day: int, month: int, year: int) -> ParseError | None:
    if not 1 <= month <= 12:
        return ParseError(E_MONTH, Text(_MSG_MONTH, {"month": month}))
    if not 1 <= day <= 31:
        return ParseError(E_DAY, Text(_MSG_DAY, {"day": day}))
    if day > calendar.monthrange(year, month)[1]:
        params = {"day": day, "month": month, "year": year}
        return ParseError(E_DAY_IN_MONTH, Text(_MSG_DAY_IN_MONTH, params))
    return None


def _full_date(day: int, month: int, year_text: str) -> date | ParseError:
    if len(year_text) == 2:
        year = 2000 + int(year_text)
    elif len(year_text) == 4:
        year = int(year_text)
    else:
        return ParseError(E_YEAR, Text(_MSG_YEAR, {"year": year_text}))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return ParseError(E_YEAR, Text(_MSG_YEAR, {"year": year_text}))
    return _month_day_error(day, month, year) or date(year, month, day)


def _day_month(
    day: int, month: int, today: date, prefer: Literal["past", "future"]
) -> date | ParseError:
    """Day and month without a year: the occurrence on the preferred side of today, unless the
    other side is within a month and nearer (so "5/12" typed on 3/12 is 5/12 of this year)."""
    candidates = [
        date(year, month, day)
        for year in (today.year - 1, today.year, today.year + 1)
        if _month_day_error(day, month, year) is None
    ]
    if not candidates:
        error = _month_day_error(day, month, today.year)
        assert error is not None
        return error
    past = max((c for c in candidates if c <= today), default=None)
    future = min((c for c in candidates if c >= today), default=None)
    preferred, other = (past, future) if prefer == "past" else (future, past)
    if preferred is None:
        assert other is not None
        return other
    if (
        other is not None
        and abs((other - today).days) <= _NEAR_DAYS
        and abs((other - today).days) < abs((preferred - today).days)
    ):
        return other
    return preferred


def _day_only(day: int, today: date, prefer: Literal["past", "future"]) -> date | ParseError:
    """A day of the month alone: the latest such date not after today (or first not before)."""
    if not 1 <= day <= 31:
        return ParseError(E_DAY, Text(_MSG_DAY, {"day": day}))
    year, month = today.year, today.month
    step = -1 if prefer == "past" else 1
    for _ in range(13):
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if (prefer == "past" and candidate <= today) or (
                prefer == "future" and candidate >= today
            ):
                return candidate
        month += step
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
    return ParseError(E_DAY, Text(_MSG_DAY, {"day": day}))  # pragma: no cover
