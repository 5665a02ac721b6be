"""Which months are still open for reports and edits, and the planned meeting date of a month."""

from __future__ import annotations

from datetime import date
from typing import Any

from scheduler.calendar_vn import WorkCalendar
from scheduler.periods import Month
from scheduler.rules import MeetingRule, RuleKind, meeting_date

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


def rule_from_json(rule: dict[str, Any] | None) -> MeetingRule | None:
    """A cell's stored meeting rule as a MeetingRule (None when absent or unreadable)."""
    if not rule:
        return None
    try:
        kind = RuleKind(str(rule.get("kind")))
        shift = bool(rule.get("shift_to_working_day", False))
        if kind is RuleKind.DAY_OF_MONTH:
            return MeetingRule.day_of_month(int(rule.get("day", 1)), shift=shift)
        if kind is RuleKind.NTH_WEEKDAY:
            return MeetingRule.nth_weekday(
                int(rule.get("n", rule.get("nth", 1))), int(rule.get("weekday", 0)), shift=shift
            )
        return MeetingRule.last_working_day()
    except (ValueError, TypeError):
        return None


def planned_by_rule(rule: dict[str, Any] | None, month: Month) -> date | None:
    """The date the cell's rule gives in `month` (public holidays respected)."""
    parsed = rule_from_json(rule)
    if parsed is None:
        return None
    return meeting_date(parsed, month, WorkCalendar())


def topic_month_of_quarter(topic_rule: dict[str, Any] | None) -> int:
    """The month of the quarter (1..3) a cell plans its topic session for (default the 3rd)."""
    value = (topic_rule or {}).get("month_of_quarter")
    if isinstance(value, int) and 1 <= value <= 3:
        return value
    return 3
