"""Each validation message of the reporting package appears for the input that should cause it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction

import pytest

from core.i18n import Text, Translator
from handlers.reporting import (
    attendance,
    compact,
    figures,
    grades,
    numbers,
    userdates,
    usertimes,
)
from handlers.reporting.attendance import Attendance, TopicSessionStatus
from handlers.reporting.grades import Rating
from handlers.reporting.problems import Issue, ParseError
from handlers.reporting.report import KIND_LABELS
from handlers.reporting.userdates import DateRules

# Dates ahead, within about three months (as a rule a caller may set).
AHEAD_DATES = DateRules(allow_future=True, max_days_back=0, max_days_ahead=92, prefer="future")

TODAY = date(2026, 12, 7)
LABELS = {
    *grades.GRADE_LABELS.values(),
    *grades.RATING_LABELS.values(),
    *figures.UNIT_LABELS.values(),
    *KIND_LABELS.values(),
}


def first_text(result: object) -> Text:
    if isinstance(result, ParseError | Issue):
        return result.message
    if isinstance(result, Text):
        return result
    if isinstance(result, list | tuple) and result:
        return first_text(result[0])
    if isinstance(result, compact.CompactResult):
        assert result.errors, result
        return result.errors[0]
    if isinstance(result, figures.DefinitionsResult):
        assert result.errors, result
        return result.errors[0].message
    raise AssertionError(f"no message in {result!r}")


def ok_attendance(**changes: int) -> Attendance:
    values = dict(on_roll=20, exempted=1, present=17, absent_excused=1, absent_unexcused=1)
    values.update(changes)
    return Attendance(**values)


def report_date(text: str) -> object:
    return userdates.parse_user_date(text, TODAY)


def reschedule(text: str) -> object:
    return userdates.parse_user_date(text, TODAY, AHEAD_DATES)


def parse(text: str) -> object:
    return compact.parse_compact_report(text, TODAY)


DUES = figures.DEFAULT_BY_KEY["dues_collected"]
CAPPED = figures.FigureDefinition("x", "Số x", "X", min=2, max=5)

CASES: list[tuple[str, Callable[[], object], str]] = [
    # dates
    ("time unreadable", lambda: usertimes.split_time("12/12 25h"), usertimes._MSG_TIME),
    ("date empty", lambda: report_date("  "), userdates._MSG_EMPTY),
    ("date unreadable", lambda: report_date("abc"), userdates._MSG_UNREADABLE),
    ("no month 13", lambda: report_date("5/13"), userdates._MSG_MONTH),
    ("no day 32", lambda: report_date("32/5"), userdates._MSG_DAY),
    ("no day 40 alone", lambda: report_date("ngày 40"), userdates._MSG_DAY),
    ("31/2", lambda: report_date("31/2"), userdates._MSG_DAY_IN_MONTH),
    ("bad year", lambda: report_date("5/12/202"), userdates._MSG_YEAR),
    ("year out of range", lambda: report_date("5/12/1850"), userdates._MSG_YEAR),
    ("future", lambda: report_date("ngày mai"), userdates._MSG_FUTURE),
    ("too old", lambda: report_date("1/1/2026"), userdates._MSG_TOO_OLD),
    ("past for reschedule", lambda: reschedule("hôm qua"), userdates._MSG_PAST),
    ("too far ahead", lambda: reschedule("5/6/2027"), userdates._MSG_TOO_FAR_AHEAD),
    # numbers
    ("count empty", lambda: numbers.parse_count(""), numbers._MSG_EMPTY),
    ("count unreadable", lambda: numbers.parse_count("nhiều"), numbers._MSG_UNREADABLE),
    ("count negative", lambda: numbers.parse_count("-3"), numbers._MSG_NEGATIVE),
    ("count decimal", lambda: numbers.parse_count("1,5"), numbers._MSG_DECIMAL),
    ("count too large", lambda: numbers.parse_count("2000", maximum=999), numbers._MSG_TOO_LARGE),
    ("money empty", lambda: numbers.parse_money(" "), numbers._MSG_MONEY_EMPTY),
    ("money unreadable", lambda: numbers.parse_money("nhiều"), numbers._MSG_MONEY_UNREADABLE),
    ("money fraction", lambda: numbers.parse_money("1,5"), numbers._MSG_MONEY_FRACTION),
    ("money negative", lambda: numbers.parse_money("âm 5k"), numbers._MSG_NEGATIVE),
    # attendance errors
    *[
        (
            f"negative {name}",
            (lambda name=name: attendance.check_attendance(ok_attendance(**{name: -1}))),
            msgid,
        )
        for name, msgid in attendance._MSG_NEGATIVE.items()
    ],
    (
        "no members",
        lambda: attendance.check_attendance(Attendance(0, 0, 0, 0, 0)),
        attendance._MSG_NO_MEMBERS,
    ),
    (
        "present over roll",
        lambda: attendance.check_attendance(ok_attendance(present=21)),
        attendance._MSG_PRESENT_OVER_ROLL,
    ),
    (
        "none present",
        lambda: attendance.check_attendance(Attendance(18, 0, 0, 17, 1)),
        attendance._MSG_NONE_PRESENT,
    ),
    (
        "exempted over roll",
        lambda: attendance.check_attendance(Attendance(5, 6, 0, 0, 0)),
        attendance._MSG_EXEMPTED_OVER_ROLL,
    ),
    (
        "sum short",
        lambda: attendance.check_attendance(ok_attendance(present=15)),
        attendance._MSG_SUM_SHORT,
    ),
    (
        "sum over",
        lambda: attendance.check_attendance(ok_attendance(absent_excused=3)),
        attendance._MSG_SUM_OVER,
    ),
    # attendance warnings
    (
        "low attendance",
        lambda: attendance.attendance_warnings(
            ok_attendance(present=16, absent_excused=2, absent_unexcused=1)
        ),
        attendance._MSG_LOW_ATTENDANCE,
    ),
    (
        "unexcused",
        lambda: attendance.attendance_warnings(Attendance(20, 0, 19, 0, 1), min_ratio=Fraction(0)),
        attendance._MSG_UNEXCUSED[0],
    ),
    (
        "unexcused three months",
        lambda: attendance.attendance_warnings(
            Attendance(20, 0, 19, 0, 1), previous_unexcused=[2, 1]
        )[1],
        attendance._MSG_UNEXCUSED_RUN,
    ),
    (
        "no topic session",
        lambda: attendance.attendance_warnings(
            Attendance(20, 0, 20, 0, 0),
            topic=TopicSessionStatus(2026, 4, held_this_quarter=False, planned_month_passed=True),
        ),
        attendance._MSG_NO_TOPIC_SESSION,
    ),
    # grades
    ("grade", lambda: grades.parse_meeting_grade("xuất sắc lắm"), grades._MSG_GRADE),
    ("rating", lambda: grades.parse_rating("giỏi"), grades._MSG_RATING),
    ("yes no", lambda: grades.parse_yes_no("có lẽ"), grades._MSG_YES_NO),
    # compact
    ("compact unread", lambda: parse("cm 18/20, abc"), compact._MSG_UNREAD),
    ("compact bare number", lambda: parse("cm 18/20, 5"), compact._MSG_BARE_NUMBER),
    ("compact needs number", lambda: parse("vcl"), compact._MSG_NEEDS_NUMBER),
    ("compact bad number", lambda: parse("vcl 1.5"), compact._MSG_BAD_NUMBER),
    ("compact needs date", lambda: parse("ngay"), compact._MSG_NEEDS_DATE),
    ("compact needs title", lambda: parse("cd:"), compact._MSG_NEEDS_TITLE),
    ("compact needs yes/no", lambda: parse("nq: hmm"), compact._MSG_NEEDS_YES_NO),
    ("compact needs grade", lambda: parse("xl: sieu"), compact._MSG_NEEDS_GRADE),
    ("compact needs kind", lambda: parse("loai: la"), compact._MSG_NEEDS_KIND),
    ("compact needs upper", lambda: parse("cap tren:"), compact._MSG_NEEDS_UPPER),
    ("compact twice", lambda: parse("cm 18/20, cm 17/20"), compact._MSG_TWICE),
    ("compact absent split", lambda: parse("vang 2"), compact._MSG_ABSENT_SPLIT),
    ("compact absent sum", lambda: parse("vang 2, vcl 1, vkl 2"), compact._MSG_ABSENT_SUM),
    ("compact syntax", compact.describe_compact_syntax, compact._MSG_SYNTAX),
    # figures
    ("below min", lambda: figures.parse_figure_value(CAPPED, "1"), figures._MSG_BELOW_MIN),
    ("above max", lambda: figures.parse_figure_value(CAPPED, "6"), figures._MSG_ABOVE_MAX),
    (
        "ratings over roll",
        lambda: figures.check_rating_counts({Rating.HTXSNV: 5, Rating.HTTNV: 16}, 20),
        figures._MSG_RATINGS_OVER_ROLL,
    ),
    ("yaml syntax", lambda: figures.load_definitions_yaml("figures: [a, b"), figures._MSG_YAML),
    ("xlsx", lambda: figures.load_definitions_xlsx(b"not a zip"), figures._MSG_XLSX),
    ("not a list", lambda: figures.load_definitions_yaml("figures: 3"), figures._MSG_NOT_LIST),
    ("empty", lambda: figures.load_definitions_csv(""), figures._MSG_EMPTY),
    ("too big", lambda: figures.load_definitions_csv("key\n" * 1002), figures._MSG_TOO_BIG),
    ("row shape", lambda: figures.load_definitions_yaml("- [1, 2]"), figures._MSG_ROW_SHAPE),
    ("missing key", lambda: figures.load_definitions_yaml("- label_en: X"), figures._MSG_MISSING),
    (
        "unknown column",
        lambda: figures.load_definitions_yaml("- key: admissions\n  colour: red"),
        figures._MSG_UNKNOWN_COLUMN,
    ),
    (
        "people over the roll",
        lambda: figures.check_against_roll(figures.DEFAULT_BY_KEY["admissions"], 1_850_000, 18),
        figures._MSG_PEOPLE_OVER_ROLL,
    ),
    (
        "many people",
        lambda: figures.unusual_value(figures.DEFAULT_BY_KEY["admissions"], 50, 10),
        figures._MSG_MANY_PEOPLE,
    ),
    ("little money", lambda: figures.unusual_value(DUES, 2, 10), figures._MSG_LITTLE_MONEY),
    (
        "roll too large",
        lambda: attendance.roll_too_large(100_000),
        attendance._MSG_ROLL_TOO_LARGE,
    ),
    ("bad key", lambda: figures.load_definitions_yaml("- Kết nạp"), figures._MSG_KEY),
    (
        "duplicate",
        lambda: figures.load_definitions_yaml("- admissions\n- admissions"),
        figures._MSG_DUPLICATE,
    ),
    (
        "period",
        lambda: figures.load_definitions_yaml("- key: deaths\n  period: week"),
        figures._MSG_PERIOD,
    ),
    (
        "kind",
        lambda: figures.load_definitions_yaml("- key: deaths\n  kind: colour"),
        figures._MSG_KIND,
    ),
    (
        "bound",
        lambda: figures.load_definitions_yaml("- key: deaths\n  max: many"),
        figures._MSG_BOUND,
    ),
    (
        "bounds order",
        lambda: figures.load_definitions_yaml("- key: deaths\n  min: 5\n  max: 2"),
        figures._MSG_BOUNDS_ORDER,
    ),
]


@pytest.mark.parametrize(("name", "make", "msgid"), CASES, ids=[case[0] for case in CASES])
def test_message_appears(name: str, make: Callable[[], object], msgid: str, vi: Translator) -> None:
    text = first_text(make())
    assert text.msgid == msgid
    rendered = vi.render(text)
    assert rendered and "{" not in rendered


def test_every_message_is_exercised(reporting_msgids: set[str]) -> None:
    exercised = {case[2] for case in CASES}
    assert reporting_msgids - LABELS - exercised == set()


def test_sum_mismatch_reads_like_the_domain_example(vi: Translator) -> None:
    issues = attendance.check_attendance(Attendance(20, 1, 15, 2, 0))
    assert [vi.render(issue.message) for issue in issues] == [
        "Có mặt 15 + vắng có lý do 2 + vắng không lý do 0 + miễn sinh hoạt 1 = 18, nhưng chi bộ "
        "có 20 đảng viên. Còn thiếu 2 người. Đồng chí kiểm tra lại số vắng:"
    ]
    assert issues[0].fields == ("present", "absent_excused", "absent_unexcused", "exempted")


def test_present_over_roll_reads_like_the_domain_example(vi: Translator) -> None:
    issues = attendance.check_attendance(Attendance(18, 0, 19, 0, 0))
    assert vi.render(issues[0].message) == (
        "Số người có mặt (19) lớn hơn số đảng viên (18). Đồng chí nhập lại số có mặt:"
    )
    assert issues[0].fields == ("present",)


def test_unreadable_date_reads_like_the_brief(vi: Translator) -> None:
    error = userdates.parse_user_date("abc", TODAY, example=date(2026, 12, 5))
    assert isinstance(error, ParseError)
    assert vi.render(error.message) == (
        "Không đọc được ngày «abc». Đồng chí nhập theo dạng ngày/tháng, ví dụ 05/12."
    )


def test_help_text_has_two_examples(vi: Translator) -> None:
    help_text = vi.render(compact.describe_compact_syntax())
    assert "Ví dụ:\n18/20 vang 1 cp 1 kp\nhop 05/12" in help_text
    for line in help_text.splitlines()[-2:]:
        assert not compact.parse_compact_report(line, TODAY).errors
