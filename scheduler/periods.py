"""Period strings: a month "2026-11" and a quarter "2026-Q4"."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month; str() gives "2026-11"."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, monthrange(self.year, self.month)[1])

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, (self.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Month:
        """ "2026-11" → Month(2026, 11); ValueError otherwise."""
        if found := _MONTH.match(text):
            return cls(int(found[1]), int(found[2]))
        raise ValueError(f"not a month: {text!r}")

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    """A calendar quarter; str() gives "2026-Q4"."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter out of range: {self.quarter}")

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.quarter}"

    def month(self, month_of_quarter: int) -> Month:
        """The 1st, 2nd or 3rd month of the quarter."""
        if not 1 <= month_of_quarter <= 3:
            raise ValueError(f"month of quarter out of range: {month_of_quarter}")
        return Month(self.year, (self.quarter - 1) * 3 + month_of_quarter)

    @property
    def first_day(self) -> date:
        return self.month(1).first_day

    @property
    def last_day(self) -> date:
        return self.month(3).last_day

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        return self.last_day + timedelta(days=1)


def month_of(day: date) -> Month:
    return Month(day.year, day.month)


def parse_period(text: str) -> Month | Quarter:
    """ "2026-11" → Month, "2026-Q4" → Quarter; ValueError otherwise."""
    if found := _MONTH.match(text):
        return Month(int(found[1]), int(found[2]))
    if found := _QUARTER.match(text):
        return Quarter(int(found[1]), int(found[2]))
    raise ValueError(f"not a period: {text!r}")


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from first to last, both included."""
    months: list[Month] = []
    current = first
    while current <= last:
        months.append(current)
        current = current.plus(1)
    return months
