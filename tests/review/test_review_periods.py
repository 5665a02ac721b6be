"""Periods as officers type them: months, quarters, parts of a year, years; impossible ones refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.i18n import Catalogs
from scheduler.periods import Month, Quarter
from scheduler.review_periods import (
    E_FUTURE,
    E_MONTH,
    E_QUARTER,
    E_UNREADABLE,
    E_YEAR,
    PeriodError,
    ReviewPeriod,
    parse_review_period,
)

TODAY = date(2026, 11, 24)
VI = Catalogs().translator("vi")


def parsed(text: str, today: date = TODAY) -> ReviewPeriod:
    found = parse_review_period(text, today)
    assert isinstance(found, ReviewPeriod), (text, found)
    return found


@pytest.mark.parametrize(
    ("typed", "token", "label"),
    [
        ("", "2026-11", "tháng 11/2026"),
        ("tháng 10", "2026-10", "tháng 10/2026"),
        ("thang 10/2026", "2026-10", "tháng 10/2026"),
        ("Tháng 10 năm 2026", "2026-10", "tháng 10/2026"),
        ("10/2026", "2026-10", "tháng 10/2026"),
        ("t10", "2026-10", "tháng 10/2026"),
        ("tháng 12", "2025-12", "tháng 12/2025"),  # December 2026 has not begun
        ("tháng trước", "2026-10", "tháng 10/2026"),
        ("thang nay", "2026-11", "tháng 11/2026"),
        ("quý 4", "2026-Q4", "quý IV/2026"),
        ("quy IV/2026", "2026-Q4", "quý IV/2026"),
        ("Quý iii năm 2026", "2026-Q3", "quý III/2026"),
        ("q1", "2026-Q1", "quý I/2026"),
        ("2026-Q2", "2026-Q2", "quý II/2026"),
        ("quý trước", "2026-Q3", "quý III/2026"),
        ("năm 2026", "2026", "năm 2026"),
        ("2025", "2025", "năm 2025"),
        ("nam nay", "2026", "năm 2026"),
        ("năm ngoái", "2025", "năm 2025"),
        ("6 tháng đầu năm", "2026-M01-06", "6 tháng đầu năm 2026"),
        ("6 thang dau nam 2025", "2025-M01-06", "6 tháng đầu năm 2025"),
        ("nửa cuối năm 2025", "2025-M07-12", "6 tháng cuối năm 2025"),
        ("9 tháng đầu năm nay", "2026-M01-09", "9 tháng đầu năm 2026"),
        ("12 tháng đầu năm", "2026", "năm 2026"),
    ],
)
def test_what_officers_type(typed: str, token: str, label: str) -> None:
    period = parsed(typed)
    assert period.token == token
    assert VI.render(period.describe()) == label
    assert ReviewPeriod.from_token(token) == period


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        (
            "tháng 13",
            E_MONTH,
            "Không có tháng 13: tháng chỉ từ 1 đến 12. Đồng chí gõ ví dụ: tháng 10",
        ),
        ("13/2026", E_MONTH, "Không có tháng 13"),
        ("tháng 0", E_MONTH, "Không có tháng 0"),
        ("quý 5", E_QUARTER, "Không có quý 5: quý chỉ từ I đến IV"),
        ("quy V", E_QUARTER, "Không có quý V"),
        ("năm 1890", E_YEAR, "Năm 1890 không hợp lệ"),
        ("tháng 10/26", E_YEAR, "Năm 26 không hợp lệ"),
        ("tháng 12/2026", E_FUTURE, "Kỳ «tháng 12/2026» chưa bắt đầu"),
        ("năm 2027", E_FUTURE, "chưa bắt đầu"),
        ("10", E_UNREADABLE, "Không hiểu kỳ «10». Đồng chí gõ ví dụ: tháng 10, 10/2026, quý 4"),
        ("hôm qua", E_UNREADABLE, "Không hiểu kỳ «hôm qua»"),
        ("13 tháng đầu năm", "period.bad_count", "Một năm chỉ có 12 tháng"),
    ],
)
def test_impossible_periods_are_refused_with_an_example(
    typed: str, code: str, message: str
) -> None:
    found = parse_review_period(typed, TODAY)
    assert isinstance(found, PeriodError)
    assert found.code == code
    assert message in VI.render(found.message)


def test_previous_periods() -> None:
    assert parsed("tháng 1/2026").previous().token == "2025-12"
    assert parsed("quý 1/2026").previous().token == "2025-Q4"
    assert parsed("năm 2026").previous().token == "2025"
    assert parsed("6 tháng đầu năm").previous().token == "2025-M01-06"


def test_elapsed_months_stop_at_today() -> None:
    assert [str(m) for m in parsed("quý 4").elapsed(TODAY)] == ["2026-10", "2026-11"]
    assert len(parsed("năm 2025").elapsed(TODAY)) == 12
    assert parsed("quý 4").quarters == [Quarter(2026, 4)]
    assert parsed("6 tháng cuối năm 2025").quarters == [Quarter(2025, 3), Quarter(2025, 4)]


@given(st.integers(min_value=2000, max_value=2026), st.integers(min_value=1, max_value=12))
def test_every_begun_month_reads_back_in_each_form(year: int, month: int) -> None:
    today = date(2026, 11, 24)
    if Month(year, month) > Month(2026, 11):
        return
    for typed in (f"{month}/{year}", f"tháng {month}/{year}", f"thang {month:02d} nam {year}"):
        assert parsed(typed, today) == ReviewPeriod.of_month(Month(year, month))
    quarter = Month(year, month).quarter
    roman = ("I", "II", "III", "IV")[quarter.quarter - 1]
    assert parsed(f"quý {roman}/{year}", today) == ReviewPeriod.of_quarter(quarter)


@given(st.text(max_size=200))
def test_anything_typed_is_a_period_or_a_clear_refusal(text: str) -> None:
    found = parse_review_period(text, TODAY)
    if isinstance(found, PeriodError):
        rendered = VI.render(found.message)
        outside = rendered[: rendered.find("«")] + rendered[rendered.rfind("»") + 1 :]
        assert rendered and "{" not in outside
        assert len(rendered) < 250  # what was typed is quoted back, bounded
    else:
        assert found.first <= Month(2026, 11)


def test_owed_months_are_those_ended() -> None:
    first_of_december = date(2026, 12, 1)
    # the year 2026 on 01/12: December's meetings are ahead, nobody owes it yet
    assert [str(m) for m in parsed("năm 2026", first_of_december).owed(first_of_december)] == [
        f"2026-{n:02d}" for n in range(1, 12)
    ]
    # a month asked alone is counted as it goes, and so is it in its quarter
    assert [str(m) for m in parsed("quý 4").owed(TODAY)] == ["2026-10", "2026-11"]
    assert [str(m) for m in parsed("tháng 11").owed(TODAY)] == ["2026-11"]
    assert parsed("năm 2026", date(2026, 1, 20)).owed(date(2026, 1, 20)) == []
