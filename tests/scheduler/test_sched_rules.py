"""Meeting rules and the working-day calendar across 2026–2027."""

from __future__ import annotations

from datetime import date, time

import holidays
import pytest

from scheduler.calendar_vn import WorkCalendar
from scheduler.periods import Month, Quarter, parse_period
from scheduler.rules import LAST, MeetingRule, TopicRule, base_date, meeting_date, resolve_rule

VN = WorkCalendar()
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def test_tet_2026_comes_from_the_holidays_package() -> None:
    table = holidays.country_holidays("VN", years=2026)
    for day in range(16, 21):
        assert date(2026, 2, day) in table
        assert VN.is_holiday(date(2026, 2, day))
        assert not VN.is_working_day(date(2026, 2, day))
    assert VN.is_working_day(date(2026, 2, 23))


@pytest.mark.parametrize(
    ("rule", "month", "expected"),
    [
        # day of month, no shift: Saturday stays, 31 → last day of short months
        (MeetingRule.day_of_month(3), Month(2026, 1), date(2026, 1, 3)),
        (MeetingRule.day_of_month(31), Month(2026, 2), date(2026, 2, 28)),
        (MeetingRule.day_of_month(31), Month(2028, 2), date(2028, 2, 29)),
        (MeetingRule.day_of_month(31), Month(2026, 4), date(2026, 4, 30)),
        (MeetingRule.day_of_month(31), Month(2026, 12), date(2026, 12, 31)),
        (MeetingRule.day_of_month(17), Month(2026, 2), date(2026, 2, 17)),
        # shifted: weekend → Monday
        (MeetingRule.day_of_month(3, shift=True), Month(2026, 1), date(2026, 1, 5)),
        (MeetingRule.day_of_month(3, shift=True), Month(2026, 2), date(2026, 2, 3)),
        # Tết 2026 (16–20/2) then a weekend → Monday 23/2
        (MeetingRule.day_of_month(17, shift=True), Month(2026, 2), date(2026, 2, 23)),
        (MeetingRule.day_of_month(16, shift=True), Month(2026, 2), date(2026, 2, 23)),
        # Tết 2027 (4–10/2)
        (MeetingRule.day_of_month(5, shift=True), Month(2027, 2), date(2027, 2, 11)),
        # National Day 2026: 1/9 and 2/9 off → 3/9
        (MeetingRule.day_of_month(1, shift=True), Month(2026, 9), date(2026, 9, 3)),
        # 31 in February on a Saturday: next working day leaves the month → previous (27/2)
        (MeetingRule.day_of_month(31, shift=True), Month(2026, 2), date(2026, 2, 27)),
        # 30/4 and 1/5 are holidays: stays in April → 29/4
        (MeetingRule.day_of_month(30, shift=True), Month(2026, 4), date(2026, 4, 29)),
        # Saturday 22/08/2026 is a substituted working day in the holidays package
        (MeetingRule.day_of_month(22, shift=True), Month(2026, 8), date(2026, 8, 22)),
        # Nth weekday
        (MeetingRule.nth_weekday(2, TUE), Month(2026, 3), date(2026, 3, 10)),
        (MeetingRule.nth_weekday(1, MON), Month(2026, 2), date(2026, 2, 2)),
        (MeetingRule.nth_weekday(3, WED), Month(2026, 2), date(2026, 2, 18)),
        (MeetingRule.nth_weekday(3, WED, shift=True), Month(2026, 2), date(2026, 2, 23)),
        (MeetingRule.nth_weekday(4, SUN), Month(2027, 2), date(2027, 2, 28)),
        (MeetingRule.nth_weekday(LAST, FRI), Month(2026, 1), date(2026, 1, 30)),
        (MeetingRule.nth_weekday(LAST, FRI), Month(2027, 2), date(2027, 2, 26)),
        (MeetingRule.nth_weekday(LAST, THU, shift=True), Month(2026, 4), date(2026, 4, 29)),
        # last working day
        (MeetingRule.last_working_day(), Month(2026, 1), date(2026, 1, 30)),
        (MeetingRule.last_working_day(), Month(2026, 4), date(2026, 4, 29)),
        (MeetingRule.last_working_day(), Month(2026, 8), date(2026, 8, 28)),
        (MeetingRule.last_working_day(), Month(2026, 12), date(2026, 12, 31)),
        (MeetingRule.last_working_day(), Month(2027, 2), date(2027, 2, 26)),
    ],
)
def test_rule_dates(rule: MeetingRule, month: Month, expected: date) -> None:
    assert meeting_date(rule, month, VN) == expected


def test_organisation_extra_holidays_and_working_days() -> None:
    rule = MeetingRule.day_of_month(3, shift=True)
    closed = WorkCalendar(extra_holidays=frozenset({date(2026, 3, 3), date(2026, 3, 4)}))
    assert meeting_date(rule, Month(2026, 3), VN) == date(2026, 3, 3)
    assert meeting_date(rule, Month(2026, 3), closed) == date(2026, 3, 5)
    # an extra working day turns Sunday 8/3 into a meeting day
    sunday = WorkCalendar(extra_working_days=frozenset({date(2026, 3, 8)}))
    assert meeting_date(MeetingRule.day_of_month(8, shift=True), Month(2026, 3), sunday) == date(
        2026, 3, 8
    )
    # an extra working day even wins over a public holiday
    assert WorkCalendar(extra_working_days=frozenset({date(2026, 9, 2)})).is_working_day(
        date(2026, 9, 2)
    )
    # last working day honours the organisation's days
    end_closed = WorkCalendar(extra_holidays=frozenset({date(2026, 12, 31)}))
    assert meeting_date(MeetingRule.last_working_day(), Month(2026, 12), end_closed) == date(
        2026, 12, 30
    )


def test_saturday_working_agency() -> None:
    six_days = WorkCalendar(weekend=frozenset({SUN}))
    rule = MeetingRule.day_of_month(3, shift=True)
    assert meeting_date(rule, Month(2026, 1), six_days) == date(2026, 1, 3)
    assert meeting_date(MeetingRule.last_working_day(), Month(2026, 1), six_days) == date(
        2026, 1, 31
    )
    # Tết still closes a six-day agency: 21/2/2026 is a Saturday, a working day for it
    assert meeting_date(MeetingRule.day_of_month(17, shift=True), Month(2026, 2), six_days) == (
        date(2026, 2, 21)
    )


def test_no_working_day_in_month_keeps_the_base_date() -> None:
    feb = Month(2026, 2)
    every_day = WorkCalendar(weekend=frozenset(range(7)))
    assert meeting_date(MeetingRule.day_of_month(10, shift=True), feb, every_day) == date(
        2026, 2, 10
    )
    assert base_date(MeetingRule.last_working_day(), feb, every_day) == date(2026, 2, 28)


def test_resolve_rule_prefers_the_cell_then_the_nearest_org() -> None:
    cell = MeetingRule.day_of_month(5)
    commune = MeetingRule.day_of_month(3)
    province = MeetingRule.last_working_day()
    assert resolve_rule(cell, commune, province) == cell
    assert resolve_rule(None, commune, province) == commune
    assert resolve_rule(None, None, province) == province
    assert resolve_rule(None, TopicRule(2)) == TopicRule(2)
    with pytest.raises(ValueError):
        resolve_rule(None, None)


@pytest.mark.parametrize(
    "kwargs",
    [{"day": 0}, {"day": 32}, {"nth": 5}, {"nth": 0}, {"weekday": 7}],
)
def test_invalid_rules(kwargs: dict[str, int]) -> None:
    from scheduler.rules import RuleKind

    with pytest.raises(ValueError):
        MeetingRule(RuleKind.NTH_WEEKDAY, **kwargs)  # type: ignore[arg-type]


def test_rule_time_is_wall_time() -> None:
    from datetime import UTC

    with pytest.raises(ValueError):
        MeetingRule.day_of_month(3, at=time(8, tzinfo=UTC))
    with pytest.raises(ValueError):
        TopicRule(month_of_quarter=4)


def test_periods() -> None:
    assert str(Month(2026, 11)) == "2026-11"
    assert str(Quarter(2026, 4)) == "2026-Q4"
    assert parse_period("2026-11") == Month(2026, 11)
    assert parse_period("2026-Q4") == Quarter(2026, 4)
    assert Month(2026, 11).quarter == Quarter(2026, 4)
    assert Month(2026, 12).plus(1) == Month(2027, 1)
    assert Month(2026, 1).plus(-1) == Month(2025, 12)
    assert Quarter(2026, 4).end == date(2027, 1, 1)
    for bad in ("2026-13", "2026-Q5", "2026/11", "26-11"):
        with pytest.raises(ValueError):
            parse_period(bad)
