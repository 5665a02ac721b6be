"""Dates, numbers, grades and yes/no as secretaries type them."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.reporting.grades import (
    MeetingGrade,
    Rating,
    parse_meeting_grade,
    parse_rating,
    parse_yes_no,
)
from handlers.reporting.numbers import format_money, parse_count, parse_money
from handlers.reporting.problems import ParseError
from handlers.reporting.userdates import (
    E_FUTURE,
    E_TOO_OLD,
    DateRules,
    parse_user_date,
)

# Dates ahead, within about three months (as a rule a caller may set).
AHEAD_DATES = DateRules(allow_future=True, max_days_back=0, max_days_ahead=92, prefer="future")

TODAY = date(2026, 12, 7)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5/12", date(2026, 12, 5)),
        ("05/12/2026", date(2026, 12, 5)),
        ("5-12", date(2026, 12, 5)),
        ("5.12.2026", date(2026, 12, 5)),
        ("5/12/26", date(2026, 12, 5)),
        ("2026-12-05", date(2026, 12, 5)),
        ("ngày 5", date(2026, 12, 5)),
        ("ngay 5", date(2026, 12, 5)),
        ("mùng 5", date(2026, 12, 5)),
        ("ngày 10", date(2026, 11, 10)),
        ("ngày 5 tháng 12", date(2026, 12, 5)),
        ("ngày 5 tháng 12 năm 2026", date(2026, 12, 5)),
        ("hôm nay", TODAY),
        ("Hôm qua", date(2026, 12, 6)),
        ("hom kia", date(2026, 12, 5)),
        ("thứ bảy", date(2026, 12, 5)),
        ("thu 7", date(2026, 12, 5)),
        ("T7", date(2026, 12, 5)),
        ("chủ nhật", date(2026, 12, 6)),
        ("CN", date(2026, 12, 6)),
        ("thứ hai", TODAY),
        ("thứ 3", date(2026, 12, 1)),
        ("vào thứ tư.", date(2026, 12, 2)),
        ("28/11", date(2026, 11, 28)),
        ("yesterday", date(2026, 12, 6)),  # in English, as the English question says
        ("Saturday", date(2026, 12, 5)),
    ],
)
def test_report_dates(text: str, expected: date) -> None:
    assert parse_user_date(text, TODAY) == expected


def test_day_month_across_new_year() -> None:
    assert parse_user_date("28/12", date(2027, 1, 3)) == date(2026, 12, 28)
    assert parse_user_date("29/2", date(2028, 3, 1)) == date(2028, 2, 29)


def test_a_date_just_ahead_is_reported_as_not_yet_not_as_last_year() -> None:
    error = parse_user_date("9/12", TODAY)
    assert isinstance(error, ParseError) and error.code == E_FUTURE
    assert error.message.params["date"] == "09/12/2026"


def test_an_old_date_says_how_far_back_is_allowed() -> None:
    error = parse_user_date("13/5", TODAY)
    assert isinstance(error, ParseError) and error.code == E_TOO_OLD
    wanted = {"date": "13/05/2026", "days": 62, "earliest": "06/10/2026"}
    assert wanted.items() <= error.message.params.items()


def test_reschedule_dates_point_forward() -> None:
    assert parse_user_date("thứ bảy", TODAY, AHEAD_DATES) == date(2026, 12, 12)
    assert parse_user_date("ngày 5", TODAY, AHEAD_DATES) == date(2027, 1, 5)
    assert parse_user_date("mai", TODAY, AHEAD_DATES) == date(2026, 12, 8)
    assert parse_user_date("hôm nay", TODAY, AHEAD_DATES) == TODAY


def test_no_window_accepts_old_dates() -> None:
    assert parse_user_date("1/1/2020", TODAY, DateRules(max_days_back=None)) == date(2020, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18", 18),
        (" 18 ", 18),
        ("18 người", 18),
        ("18người", 18),
        ("20 đảng viên", 20),
        ("0", 0),
        ("không", 0),
        ("khong", 0),
        ("1.234", 1234),
        ("1 234", 1234),
        ("mười tám", 18),
        ("muoi lam", 15),
        ("hai mươi mốt", 21),
        ("ba mươi", 30),
        ("một trăm linh năm", 105),
        ("hai trăm", 200),
        ("-0", 0),
    ],
)
def test_counts(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000", 1_250_000),
        ("1250000", 1_250_000),
        ("1.250.000 đ", 1_250_000),
        ("1250000đồng", 1_250_000),
        ("1,25 triệu", 1_250_000),
        ("1,25tr", 1_250_000),
        ("1250k", 1_250_000),
        ("1tr250", 1_250_000),
        ("2tr5", 2_500_000),
        ("1 triệu 250 nghìn", 1_250_000),
        ("500 nghìn", 500_000),
        ("500 ngàn", 500_000),
        ("1,250,000", 1_250_000),
        ("1.250 triệu", 1_250_000_000),
        ("0", 0),
        ("không", 0),
    ],
)
def test_money(text: str, expected: int) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["1 nghìn triệu", "1k tr", "tr", "1tr2345", "1,2,3"])
def test_money_rejects_muddles(text: str) -> None:
    assert isinstance(parse_money(text), ParseError)


def test_format_money() -> None:
    assert format_money(1_250_000) == "1.250.000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tốt", MeetingGrade.GOOD),
        ("tot", MeetingGrade.GOOD),
        ("khá", MeetingGrade.FAIR),
        ("TB", MeetingGrade.AVERAGE),
        ("trung bình", MeetingGrade.AVERAGE),
        ("kém", MeetingGrade.POOR),
        ("loại tốt.", MeetingGrade.GOOD),
    ],
)
def test_meeting_grades(text: str, expected: MeetingGrade) -> None:
    assert parse_meeting_grade(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HTXSNV", Rating.HTXSNV),
        ("Hoàn thành xuất sắc nhiệm vụ", Rating.HTXSNV),
        ("httnv", Rating.HTTNV),
        ("hoan thanh tot nhiem vu", Rating.HTTNV),
        ("HTNV", Rating.HTNV),
        ("hoàn thành nhiệm vụ", Rating.HTNV),
        ("KHTNV", Rating.KHTNV),
        ("Không hoàn thành nhiệm vụ", Rating.KHTNV),
        ("k.h.t.n.v", Rating.KHTNV),
    ],
)
def test_ratings(text: str, expected: Rating) -> None:
    assert parse_rating(text) == expected


@pytest.mark.parametrize(
    "text",
    ["có", "co", "c", "Có ạ", "dạ có", "rồi", "yes", "OK", "đã có", "đúng rồi", "dung roi", "vâng"],
)
def test_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize(
    "text",
    ["không", "khong", "ko", "k", "no", "chưa", "chua", "không có", "dạ không", "không phải"],
)
def test_no(text: str) -> None:
    assert parse_yes_no(text) is False


def test_the_example_in_a_date_message_is_one_the_question_accepts() -> None:
    """The example shown is the caller's (e.g. a date inside the meeting's month), today's
    by default: never a fixed date that may be invalid for the month in question."""
    error = parse_user_date("abc", TODAY, example=date(2026, 11, 5))
    assert isinstance(error, ParseError) and error.message.params["example"] == "05/11"
    error = parse_user_date("abc", TODAY)
    assert isinstance(error, ParseError)
    assert error.message.params["example"] == TODAY.strftime("%d/%m")
