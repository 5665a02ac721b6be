"""A cell's meeting rule and topic-session rule, and the date they give in a month."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from typing import TypeVar

from scheduler.calendar_vn import WorkCalendar, closed_reason, holiday_name
from scheduler.periods import Month, Quarter

LAST = -1
T = TypeVar("T")


class RuleKind(StrEnum):
    DAY_OF_MONTH = "day_of_month"
    NTH_WEEKDAY = "nth_weekday"
    LAST_WORKING_DAY = "last_working_day"


@dataclass(frozen=True, slots=True)
class MeetingRule:
    """When a cell meets each month, at local time `at`.

    - DAY_OF_MONTH: `day` 1..31 ("ngày 3 hằng tháng"); past the month's end → its last day.
    - NTH_WEEKDAY: the `nth` (1..4, or LAST = -1) `weekday` (0 = Monday … 6 = Sunday).
    - LAST_WORKING_DAY: the month's last working day.
    With `shift_to_working_day`, a date on a weekend or holiday moves to the next working day;
    if that would leave the month, it moves back to the previous working day instead (a
    monthly meeting always stays in its month). No working day at all: the date stays.
    """

    kind: RuleKind
    day: int = 1
    nth: int = 1
    weekday: int = 0
    shift_to_working_day: bool = False
    at: time = time(8, 0)

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31:
            raise ValueError(f"day must be 1..31, not {self.day}")
        if self.nth not in (1, 2, 3, 4, LAST):
            raise ValueError(f"nth must be 1..4 or LAST, not {self.nth}")
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, not {self.weekday}")
        if self.at.tzinfo is not None:
            raise ValueError("the meeting time is a local wall time without tzinfo")

    @classmethod
    def day_of_month(cls, day: int, *, at: time = time(8, 0), shift: bool = False) -> MeetingRule:
        return cls(RuleKind.DAY_OF_MONTH, day=day, at=at, shift_to_working_day=shift)

    @classmethod
    def nth_weekday(
        cls, nth: int, weekday: int, *, at: time = time(8, 0), shift: bool = False
    ) -> MeetingRule:
        return cls(
            RuleKind.NTH_WEEKDAY, nth=nth, weekday=weekday, at=at, shift_to_working_day=shift
        )

    @classmethod
    def last_working_day(cls, *, at: time = time(8, 0)) -> MeetingRule:
        return cls(RuleKind.LAST_WORKING_DAY, at=at)


@dataclass(frozen=True, slots=True)
class TopicRule:
    """Where the quarter's topic session (sinh hoạt chuyên đề) falls.

    `month_of_quarter` 1..3. `combined`: held with that month's regular meeting (the meeting
    becomes kind "combined"). Otherwise a separate session on the date `rule` gives in that
    month; with no `rule` the session is not dated (only the "due this quarter" reminders).
    """

    month_of_quarter: int = 3
    combined: bool = True
    rule: MeetingRule | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.month_of_quarter <= 3:
            raise ValueError(f"month_of_quarter must be 1..3, not {self.month_of_quarter}")

    def month(self, quarter: Quarter) -> Month:
        return quarter.month(self.month_of_quarter)


def resolve_rule(cell_value: T | None, *defaults: T | None) -> T:
    """The cell's own setting, else the nearest organisation default (pass them nearest first)."""
    for candidate in (cell_value, *defaults):
        if candidate is not None:
            return candidate
    raise ValueError("no rule: neither the cell nor any organisation sets one")


def base_date(rule: MeetingRule, month: Month, calendar: WorkCalendar) -> date:
    """The date the rule names, before any shift to a working day."""
    year, number = month.year, month.month
    days_in_month = monthrange(year, number)[1]
    if rule.kind is RuleKind.DAY_OF_MONTH:
        return date(year, number, min(rule.day, days_in_month))
    if rule.kind is RuleKind.NTH_WEEKDAY:
        if rule.nth == LAST:
            last = month.last_day
            return last - timedelta(days=(last.weekday() - rule.weekday) % 7)
        first = month.first_day
        return first + timedelta(days=(rule.weekday - first.weekday()) % 7 + 7 * (rule.nth - 1))
    day = month.last_day
    while day >= month.first_day:
        if calendar.is_working_day(day):
            return day
        day -= timedelta(days=1)
    return month.last_day


def to_working_day(day: date, calendar: WorkCalendar) -> date:
    """`day` if it is a working day; else the next one in the month; else the previous one."""
    if calendar.is_working_day(day):
        return day
    month_first, month_last = date(day.year, day.month, 1), Month(day.year, day.month).last_day
    later = day + timedelta(days=1)
    while later <= month_last:
        if calendar.is_working_day(later):
            return later
        later += timedelta(days=1)
    earlier = day - timedelta(days=1)
    while earlier >= month_first:
        if calendar.is_working_day(earlier):
            return earlier
        earlier -= timedelta(days=1)
    return day


@dataclass(frozen=True, slots=True)
class DayShift:
    """Why a meeting is not on the date its rule names: `rule_date` is not a working day
    (`reason`: "weekend", "public_holiday" with the holiday's `holiday` name, "org_day_off"),
    so it moved to the next working day, or back to the previous one (`later` False) to stay
    in its month."""

    rule_date: date
    reason: str
    later: bool = True
    holiday: str = ""


def meeting_day(
    rule: MeetingRule, month: Month, calendar: WorkCalendar
) -> tuple[date, DayShift | None]:
    """The rule's meeting date in `month` (always inside the month), and why it is not the
    rule's own date when a shift to a working day moved it."""
    day = base_date(rule, month, calendar)
    if not rule.shift_to_working_day:
        return day, None
    moved = to_working_day(day, calendar)
    reason = closed_reason(calendar, day)
    if moved == day or reason is None:
        return moved, None
    name = holiday_name(calendar, day) if reason == "public_holiday" else ""
    return moved, DayShift(day, reason, later=moved > day, holiday=name)


def meeting_date(rule: MeetingRule, month: Month, calendar: WorkCalendar) -> date:
    """The rule's meeting date in `month` (always inside the month)."""
    return meeting_day(rule, month, calendar)[0]
