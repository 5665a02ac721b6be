"""Rules and policies as stored in JSON (Cell.meeting_rule, Organization.settings) ↔ objects.

Meeting rule: {"kind": "day_of_month" | "nth_weekday" | "last_working_day", "day": 3,
"n": 2 (-1 = last), "weekday": 0..6 (0 = Monday), "time": "19:30", "shift_to_working_day": true}.
Topic rule: {"month_of_quarter": 1..3, "combined": false, "rule": {meeting rule}} — a session
in that month of each quarter, separate unless "combined"; {"month_of_quarter": 0} means held
with the regular meeting of the quarter's last month; {"enabled": false}: no topic tracking.
Reminder policy: Organization.settings["reminder_policy"], ReminderPolicy's field names, times
"HH:MM", day lists as lists. Calendar: Organization.settings["calendar"] with "weekend"
(weekday numbers), "extra_holidays" and "extra_working_days" (ISO dates).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from scheduler.calendar_vn import WorkCalendar
from scheduler.reminder_policy import ReminderPolicy
from scheduler.rules import MeetingRule, RuleKind, TopicRule

NO_TOPIC = "no_topic"


def parse_time(text: str) -> time:
    """ "19:30" → time(19, 30); ValueError otherwise."""
    hours, _, minutes = str(text).strip().partition(":")
    return time(int(hours), int(minutes or 0))


def meeting_rule_from_dict(data: Mapping[str, Any]) -> MeetingRule:
    """A stored meeting rule; ValueError when it cannot be read."""
    kind = RuleKind(str(data.get("kind", "day_of_month")))
    return MeetingRule(
        kind,
        day=int(data.get("day", 1)),
        nth=int(data.get("n", data.get("nth", 1))),
        weekday=int(data.get("weekday", 0)),
        shift_to_working_day=bool(data.get("shift_to_working_day", False)),
        at=parse_time(str(data.get("time", "08:00"))),
    )


def meeting_rule_to_dict(rule: MeetingRule) -> dict[str, Any]:
    return {
        "kind": str(rule.kind),
        "day": rule.day,
        "n": rule.nth,
        "weekday": rule.weekday,
        "time": rule.at.strftime("%H:%M"),
        "shift_to_working_day": rule.shift_to_working_day,
    }


def topic_rule_from_dict(data: Mapping[str, Any]) -> TopicRule | None:
    """A stored topic rule; None when topic sessions are not tracked."""
    if data.get("enabled") is False:
        return None
    month = int(data.get("month_of_quarter", 3))
    if month == 0:
        return TopicRule(3, combined=True)
    rule = data.get("rule")
    return TopicRule(
        month,
        combined=bool(data.get("combined", False)),
        rule=meeting_rule_from_dict(rule) if isinstance(rule, Mapping) else None,
    )


def topic_rule_to_dict(rule: TopicRule | None) -> dict[str, Any]:
    if rule is None:
        return {"enabled": False}
    data: dict[str, Any] = {"month_of_quarter": rule.month_of_quarter, "combined": rule.combined}
    if rule.rule is not None:
        data["rule"] = meeting_rule_to_dict(rule.rule)
    return data


def policy_from_dict(data: Mapping[str, Any] | None) -> ReminderPolicy:
    """An organisation's reminder policy (defaults for what it does not set); ValueError when
    a value cannot be read. Unknown keys are ignored."""
    if not data:
        return ReminderPolicy()
    fields = {f.name: f for f in dataclasses.fields(ReminderPolicy)}
    defaults = ReminderPolicy()
    values: dict[str, Any] = {}
    for name, raw in data.items():
        if name not in fields:
            continue
        current = getattr(defaults, name)
        if raw is None:
            values[name] = None
        elif isinstance(current, time) or name in ("on_day_at", "quiet_start"):
            values[name] = parse_time(str(raw))
        elif isinstance(current, tuple):
            values[name] = tuple(int(v) for v in raw)
        else:
            values[name] = int(raw)
    return ReminderPolicy(**values)


def calendar_from_dict(data: Mapping[str, Any] | None) -> WorkCalendar:
    if not data:
        return WorkCalendar()
    return WorkCalendar(
        weekend=frozenset(int(d) for d in data.get("weekend", (5, 6))),
        extra_holidays=frozenset(date.fromisoformat(d) for d in data.get("extra_holidays", ())),
        extra_working_days=frozenset(
            date.fromisoformat(d) for d in data.get("extra_working_days", ())
        ),
    )
