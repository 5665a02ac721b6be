"""The month an officer's /lich shows, as typed."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler.periods import Month
from scheduler.review_periods import PeriodError
from scheduler.schedule_months import E_MONTH, E_RANGE, parse_schedule_month

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("tháng 12", Month(2026, 12)),
        ("thang 1/2027", Month(2027, 1)),
        ("12/2026", Month(2026, 12)),
        ("2027-01", Month(2027, 1)),
        ("tháng trước", Month(2026, 11)),
        ("thang nay", Month(2026, 12)),
        ("tháng sau", Month(2027, 1)),
        ("next month", Month(2027, 1)),
        ("this", Month(2026, 12)),
        ("tháng 1 năm sau", Month(2027, 1)),
        ("thang 7", Month(2026, 7)),  # without a year: the nearest
        ("thang 6", Month(2027, 6)),  # as near either way: ahead
        ("thang 12/2025", Month(2025, 12)),
        ("thang 12/2027", Month(2027, 12)),
    ],
)
def test_a_month_as_typed(typed: str, month: Month) -> None:
    assert parse_schedule_month(typed, TODAY) == month


def test_a_month_that_cannot_be_or_is_too_far_is_refused() -> None:
    for typed, code in (("thang 13", E_MONTH), ("11/2025", E_RANGE), ("1/2028", E_RANGE)):
        found = parse_schedule_month(typed, TODAY)
        assert isinstance(found, PeriodError) and found.code == code, typed


def test_anything_else_is_no_month() -> None:
    for typed in ("", "12", "xin chao", "nhiem vu cua UBKT", "thang"):
        assert parse_schedule_month(typed, TODAY) is None, typed
