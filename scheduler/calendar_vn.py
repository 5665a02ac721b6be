"""Working days: Vietnamese public holidays (incl. Tết) plus an organisation's own days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=128)
def _public_days(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(holidays, weekend days worked in substitution) of one year, from the holidays package."""
    table = holidays.country_holidays(country, years=year)
    off = frozenset(day for day in table if day.year == year)
    worked = frozenset(day for day in getattr(table, "weekend_workdays", ()) if day.year == year)
    return off, worked


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days are working days for an organisation.

    A working day is a day outside `weekend` that is not a public holiday (from the holidays
    package, Tết included) nor one of the organisation's `extra_holidays`. Substitutions: a
    weekend day the government declares worked (holidays' `weekend_workdays`, e.g. Saturday
    22/08/2026) and the organisation's `extra_working_days` are working days; an extra
    working day wins over everything, an extra holiday over everything else.
    """

    weekend: frozenset[int] = frozenset({5, 6})
    extra_holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    country: str = "VN"

    def is_holiday(self, day: date) -> bool:
        """A public holiday or one the organisation added (weekends are not holidays)."""
        return day in self.extra_holidays or day in _public_days(self.country, day.year)[0]

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if self.is_holiday(day):
            return False
        if day in _public_days(self.country, day.year)[1]:
            return True
        return day.weekday() not in self.weekend


def day_off_reason(calendar: WorkCalendar, day: date) -> str | None:
    """Why a meeting on `day` may be unwelcome: "org_day_off" (the organisation's own day off),
    "public_holiday", "sunday"; None for an ordinary day (Saturday evenings are common)."""
    if day in calendar.extra_working_days:
        return None
    if day in calendar.extra_holidays:
        return "org_day_off"
    if day in _public_days(calendar.country, day.year)[0]:
        return "public_holiday"
    if day.weekday() == 6:
        return "sunday"
    return None


def closed_reason(calendar: WorkCalendar, day: date) -> str | None:
    """Why `day` is not a working day: "org_day_off" (the organisation's own day off),
    "public_holiday", "weekend"; None for a working day."""
    if calendar.is_working_day(day):
        return None
    if day in calendar.extra_holidays:
        return "org_day_off"
    if day in _public_days(calendar.country, day.year)[0]:
        return "public_holiday"
    return "weekend"


@lru_cache(maxsize=256)
def holiday_name(calendar: WorkCalendar, day: date) -> str:
    """The public holiday's name on `day` (in Vietnamese where the package has it), or ""."""
    try:
        table = holidays.country_holidays(calendar.country, years=day.year, language="vi")
    except (NotImplementedError, KeyError, ValueError):
        table = holidays.country_holidays(calendar.country, years=day.year)
    return str(table.get(day) or "")
