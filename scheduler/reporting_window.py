"""Which months are still open for reports and edits: until a day of the next month."""

from __future__ import annotations

from datetime import date
from typing import Any

from scheduler.periods import Month

OPEN_UNTIL_SETTING = "reports_open_until_day"
DEFAULT_OPEN_UNTIL_DAY = 10


def open_until_day(settings_nearest_first: list[dict[str, Any]]) -> int:
    """The day of the next month up to which a month's reports can be changed (default 10)."""
    for settings in settings_nearest_first:
        value = settings.get(OPEN_UNTIL_SETTING)
        if isinstance(value, int) and 1 <= value <= 28:
            return value
    return DEFAULT_OPEN_UNTIL_DAY


def last_open_day(month: Month, day: int) -> date:
    """The last day reports of `month` may be sent or changed."""
    following = month.plus(1)
    return date(following.year, following.month, day)


def is_open(month: Month, today: date, day: int) -> bool:
    return today <= last_open_day(month, day)


def open_months(today: date, day: int) -> list[Month]:
    """The months a report may still be sent for, newest first (this month, and the last one
    until its closing day)."""
    this = Month(today.year, today.month)
    return [m for m in (this, this.plus(-1)) if is_open(m, today, day)]
