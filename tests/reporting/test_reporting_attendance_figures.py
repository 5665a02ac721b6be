"""Attendance ratios and warnings; figure definitions from YAML, CSV and Excel."""

from __future__ import annotations

import io
from fractions import Fraction

import openpyxl

from handlers.reporting.attendance import (
    W_LOW_ATTENDANCE,
    W_UNEXCUSED,
    W_UNEXCUSED_RUN,
    Attendance,
    TopicSessionStatus,
    attendance_warnings,
    check_attendance,
    format_percent,
    unexcused_months_running,
)
from handlers.reporting.figures import (
    DEFAULT_FIGURES,
    check_rating_counts,
    load_definitions_csv,
    load_definitions_xlsx,
    load_definitions_yaml,
    parse_figure_value,
    rating_counts_from_figures,
)
from handlers.reporting.grades import Rating
from handlers.reporting.problems import ParseError


def test_ratio_excludes_exempted() -> None:
    attendance = Attendance(
        on_roll=20, exempted=2, present=17, absent_excused=1, absent_unexcused=0
    )
    assert check_attendance(attendance) == []
    assert attendance.ratio == Fraction(17, 18)
    assert Attendance(2, 2, 0, 0, 0).ratio is None


def test_warnings() -> None:
    clean = Attendance(20, 0, 20, 0, 0)
    assert attendance_warnings(clean) == []
    exactly_85 = Attendance(20, 0, 17, 3, 0)
    assert [w.code for w in attendance_warnings(exactly_85)] == [W_LOW_ATTENDANCE]
    assert attendance_warnings(exactly_85)[0].message.params["percent"] == "85"
    running = attendance_warnings(Attendance(20, 0, 19, 0, 1), previous_unexcused=[0, 1, 2])
    assert [w.code for w in running] == [W_UNEXCUSED, W_UNEXCUSED_RUN]
    assert running[1].message.params == {"months": 3}
    broken = attendance_warnings(Attendance(20, 0, 19, 0, 1), previous_unexcused=[1, None, 2])
    assert [w.code for w in broken] == [W_UNEXCUSED]


def test_topic_session_warning_only_when_overdue() -> None:
    clean = Attendance(20, 0, 20, 0, 0)
    held = TopicSessionStatus(2026, 4, held_this_quarter=True, planned_month_passed=True)
    early = TopicSessionStatus(2026, 4, held_this_quarter=False, planned_month_passed=False)
    late = TopicSessionStatus(2026, 4, held_this_quarter=False, planned_month_passed=True)
    assert attendance_warnings(clean, topic=held) == []
    assert attendance_warnings(clean, topic=early) == []
    assert attendance_warnings(clean, topic=late)[0].message.params == {"quarter": "IV/2026"}


def test_months_running_and_percent() -> None:
    assert unexcused_months_running(0, [1, 1]) == 0
    assert unexcused_months_running(1, []) == 1
    assert format_percent(Fraction(5, 6)) == "83,3"


def test_default_figures() -> None:
    keys = [d.key for d in DEFAULT_FIGURES]
    assert "dues_collected" in keys and "cell_rating" in keys
    assert len(set(keys)) == len(keys)
    by_key = {d.key: d for d in DEFAULT_FIGURES}
    assert parse_figure_value(by_key["dues_collected"], "1,25 triệu") == 1_250_000
    assert parse_figure_value(by_key["admissions"], "2 người") == 2
    assert parse_figure_value(by_key["cell_rating"], "HTTNV") is Rating.HTTNV
    assert isinstance(parse_figure_value(by_key["admissions"], "-1"), ParseError)


def test_yaml_defaults_and_custom() -> None:
    result = load_definitions_yaml(
        "figures:\n"
        "  - admissions\n"
        "  - key: dues_collected\n"
        "    max: 50.000.000\n"
        "  - key: youth_recommended\n"
        "    label_vi: Đoàn viên ưu tú được giới thiệu\n"
        "    period: năm\n"
    )
    assert result.ok, result.errors
    admissions, dues, youth = result.definitions
    assert admissions.label_vi == "Kết nạp đảng viên mới"
    assert (dues.kind, dues.unit, dues.max) == ("money", "VND", 50_000_000)
    assert (youth.period, youth.label_en, youth.kind) == ("year", youth.label_vi, "count")


def test_yaml_errors_name_the_line() -> None:
    result = load_definitions_yaml("figures:\n  - admissions\n  - key: deaths\n    period: week\n")
    assert [e.row for e in result.errors] == [3]
    assert [d.key for d in result.definitions] == ["admissions"]
    assert not result.ok


def test_csv_with_vietnamese_headers() -> None:
    text = (
        "Mã;Tên;Kỳ;Tối đa;Loại\nadmissions;;;;\nbooks;Sách đã mua;tháng;10;số lượng\nx;Y;tuần;a;\n"
    )
    result = load_definitions_csv(text)
    assert [d.key for d in result.definitions] == ["admissions", "books"]
    assert result.definitions[1].max == 10
    assert {e.row for e in result.errors} == {4}
    assert len(result.errors) == 2


def test_xlsx() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["key", "label_vi", "label_en", "unit", "period", "min", "max", "kind"])
    sheet.append(["dues_collected", "Đảng phí", "Dues", "đồng", "month", 0, 100000000, "money"])
    sheet.append(["dues_collected", "Again", None, None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = load_definitions_xlsx(buffer.getvalue())
    assert [d.key for d in result.definitions] == ["dues_collected"]
    assert result.definitions[0].unit == "VND"
    assert [(e.row, e.message.params["first"]) for e in result.errors] == [(3, 2)]


def test_rating_counts() -> None:
    counts = rating_counts_from_figures({"rated_htxsnv": 3, "rated_httnv": 15})
    assert check_rating_counts(counts, 18) is None
    issue = check_rating_counts(counts, 17)
    assert issue is not None
    assert issue.message.params == {
        "htxsnv": 3,
        "httnv": 15,
        "htnv": 0,
        "khtnv": 0,
        "total": 18,
        "on_roll": 17,
    }
