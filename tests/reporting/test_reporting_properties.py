"""Property tests: any text gives a value or a clear error, and formatted values read back."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from core.i18n import Text
from handlers.reporting.compact import format_compact, parse_compact_report
from handlers.reporting.grades import MeetingGrade
from handlers.reporting.numbers import format_count, format_money, parse_count, parse_money
from handlers.reporting.problems import ParseError
from handlers.reporting.report import MeetingKind, PartialReport
from handlers.reporting.userdates import (
    REPORT_DATES,
    DateRules,
    format_user_date,
    parse_user_date,
)

# Dates ahead, within about three months (as a rule a caller may set).
AHEAD_DATES = DateRules(allow_future=True, max_days_back=0, max_days_ahead=92, prefer="future")

FAST = settings(max_examples=150, deadline=None)
TODAYS = st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31))
PIECES = st.sampled_from(
    [*"0123456789/.-,:; ", "hôm", "qua", "thứ", "bảy", "tr", "k", "cm", "vang", "cp", "xl"]
)
TYPED = st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=30)


def is_clear_error(value: object) -> bool:
    return isinstance(value, ParseError) and isinstance(value.message, Text) and value.code != ""


@FAST
@given(TYPED, TODAYS)
def test_dates_never_raise(text: str, today: date) -> None:
    for rules in (REPORT_DATES, AHEAD_DATES):
        result = parse_user_date(text, today, rules)
        assert isinstance(result, date) or is_clear_error(result)


@FAST
@given(TODAYS, st.integers(min_value=0, max_value=62))
def test_dates_round_trip(today: date, back: int) -> None:
    day = today - timedelta(days=back)
    assert parse_user_date(format_user_date(day), today) == day
    assert parse_user_date(f"{day.day}/{day.month}", today) == day


@FAST
@given(TYPED)
def test_numbers_never_raise(text: str) -> None:
    for parse in (parse_count, parse_money):
        result = parse(text)
        assert (isinstance(result, int) and result >= 0) or is_clear_error(result)


@FAST
@given(st.integers(min_value=0, max_value=1_000_000))
def test_counts_round_trip(value: int) -> None:
    assert parse_count(str(value)) == value
    assert parse_count(format_count(value)) == value


@FAST
@given(st.integers(min_value=0, max_value=10**11))
def test_money_round_trip(value: int) -> None:
    assert parse_money(format_money(value)) == value
    assert parse_money(f"{value}đ") == value


@FAST
@given(TYPED, TODAYS)
def test_compact_never_raises(text: str, today: date) -> None:
    result = parse_compact_report(text, today)
    assert isinstance(result.report, PartialReport)
    assert all(isinstance(error, Text) for error in result.errors)


WORDS = st.text(
    alphabet=st.sampled_from(list("abcdeghiklmnoqrstuvxyàáạđêôơư")), min_size=2, max_size=8
)
NAMES = st.lists(WORDS, min_size=2, max_size=4).map(lambda words: "Đồng chí " + " ".join(words))
TITLES = st.lists(WORDS, min_size=1, max_size=5).map(lambda words: "Học tập " + " ".join(words))
COUNT = st.integers(min_value=0, max_value=300)


@st.composite
def reports(draw: st.DrawFn, today: date) -> PartialReport:
    held = draw(st.booleans())
    if not held:
        return PartialReport(held=False)
    upper_name = draw(st.none() | NAMES)
    upper = True if upper_name else draw(st.none() | st.booleans())
    return PartialReport(
        held=True,
        date=draw(st.none() | st.dates(today - timedelta(days=62), today)),
        kind=draw(st.none() | st.sampled_from(MeetingKind)),
        topic_title=draw(st.none() | TITLES),
        on_roll=draw(st.none() | COUNT),
        exempted=draw(st.none() | COUNT),
        present=draw(st.none() | COUNT),
        absent_excused=draw(st.none() | COUNT),
        absent_unexcused=draw(st.none() | COUNT),
        upper_attended=upper,
        upper_name=upper_name,
        resolution_adopted=draw(st.none() | st.booleans()),
        grade=draw(st.none() | st.sampled_from(MeetingGrade)),
    )


@FAST
@given(st.data(), TODAYS)
def test_compact_round_trip(data: st.DataObject, today: date) -> None:
    report = data.draw(reports(today))
    line = format_compact(report)
    result = parse_compact_report(line, today)
    assert result.errors == ()
    expected = report
    if report.held and report.known() == ("held",):
        expected = PartialReport(held=True)
    assert result.report == expected, line
