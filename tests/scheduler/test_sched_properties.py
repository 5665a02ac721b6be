"""Property tests: every rule gives one date inside its month; planning is deterministic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.calendar_vn import WorkCalendar
from scheduler.periods import Month
from scheduler.planning import CellSchedule, meetings_in_month, plan
from scheduler.rules import LAST, MeetingRule, RuleKind, TopicRule, meeting_date

rules = st.builds(
    MeetingRule,
    kind=st.sampled_from(list(RuleKind)),
    day=st.integers(1, 31),
    nth=st.sampled_from([1, 2, 3, 4, LAST]),
    weekday=st.integers(0, 6),
    shift_to_working_day=st.booleans(),
    at=st.times(),
)
months = st.builds(Month, st.integers(2024, 2030), st.integers(1, 12))
calendars = st.builds(
    WorkCalendar,
    weekend=st.frozensets(st.integers(0, 6), max_size=7),
    extra_holidays=st.frozensets(st.dates(date(2024, 1, 1), date(2030, 12, 31)), max_size=20),
)


@given(rules, months, calendars)
@settings(max_examples=300, deadline=None)
def test_one_date_inside_the_month(rule: MeetingRule, month: Month, calendar: WorkCalendar) -> None:
    day = meeting_date(rule, month, calendar)
    assert month.first_day <= day <= month.last_day
    assert meeting_date(rule, month, calendar) == day
    if rule.shift_to_working_day or rule.kind is RuleKind.LAST_WORKING_DAY:
        any_working = any(
            calendar.is_working_day(month.first_day + timedelta(days=n))
            for n in range(month.last_day.day)
        )
        assert calendar.is_working_day(day) or not any_working


@given(
    rules,
    st.datetimes(datetime(2025, 1, 1), datetime(2029, 1, 1)),
    st.integers(0, 86399),
    st.integers(1, 3),
)
@settings(max_examples=60, deadline=None)
def test_planning_is_deterministic(
    rule: MeetingRule, start: datetime, seconds: int, topic_month: int
) -> None:
    cell = CellSchedule("x", rule, topic=TopicRule(topic_month, topic_month != 2))
    moment = start.replace(tzinfo=UTC)
    first = plan([cell], moment)
    again = plan([cell], moment)
    assert first == again
    keys = [r.dedupe_key for r in first.reminders]
    assert len(keys) == len(set(keys))
    # any moment of the same local day gives the same plan
    local = moment.astimezone(__import__("zoneinfo").ZoneInfo(cell.timezone))
    other = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo) + timedelta(
        seconds=seconds
    )
    assert plan([cell], other.astimezone(UTC)) == first
    assert len(meetings_in_month(cell, Month(2026, 3))) == 1
