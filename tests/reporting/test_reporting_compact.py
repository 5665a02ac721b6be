"""The one-line report form."""

from __future__ import annotations

from datetime import date

from handlers.reporting.compact import format_compact, parse_compact_report
from handlers.reporting.grades import MeetingGrade
from handlers.reporting.report import MeetingKind, PartialReport

TODAY = date(2026, 12, 7)


def read(text: str) -> PartialReport:
    result = parse_compact_report(text, TODAY)
    assert result.errors == (), result.errors
    return result.report


def test_shortest_form() -> None:
    report = read("18/20 vang 1 cp 1 kp")
    assert (report.present, report.on_roll) == (18, 20)
    assert (report.absent_excused, report.absent_unexcused) == (1, 1)
    assert report.held is True


def test_long_form_without_diacritics() -> None:
    report = read(
        "hop 05/12 co mat 18/20, vang co ly do 1, khong ly do 1, mien 0, "
        "chuyen de: Hoc tap Nghi quyet 21, cap tren: dong chi Lan, nghi quyet: co, xep loai: tot"
    )
    assert report == PartialReport(
        held=True,
        date=date(2026, 12, 5),
        topic_title="Hoc tap Nghi quyet 21",
        on_roll=20,
        exempted=0,
        present=18,
        absent_excused=1,
        absent_unexcused=1,
        upper_attended=True,
        upper_name="dong chi Lan",
        resolution_adopted=True,
        grade=MeetingGrade.GOOD,
    )


def test_with_diacritics_semicolons_and_any_order() -> None:
    report = read("xếp loại: Khá; NQ: không; msh 1; vkl 0; vcl 1; có mặt 18/20; họp hôm qua")
    assert report.grade is MeetingGrade.FAIR
    assert report.resolution_adopted is False
    assert (report.exempted, report.absent_unexcused, report.absent_excused) == (1, 0, 1)
    assert report.date == date(2026, 12, 6)


def test_topic_title_keeps_what_was_typed() -> None:
    assert read("cd: Học tập Nghị quyết 21-NQ/TW").topic_title == "Học tập Nghị quyết 21-NQ/TW"


def test_glued_and_assigned_forms() -> None:
    report = read("cm18/20 vcl=1 vkl:0 mien 1 loai ket hop xl tb ct khong")
    assert (report.present, report.on_roll, report.absent_excused) == (18, 20, 1)
    assert report.kind is MeetingKind.COMBINED
    assert report.grade is MeetingGrade.AVERAGE
    assert report.upper_attended is False


def test_absent_total_with_one_part_given() -> None:
    report = read("cm 18/20 vang 2 kp 1")
    assert (report.absent_excused, report.absent_unexcused) == (1, 1)
    assert read("vang 0").absent_unexcused == 0


def test_counts_after_their_key_or_before_it() -> None:
    assert read("1 vcl 2 vkl 20 dv").absent_unexcused == 2
    assert read("vcl 1 vkl 2").absent_unexcused == 2


def test_not_held() -> None:
    assert read("chưa họp") == PartialReport(held=False)


def test_weekday_date_and_bare_full_date() -> None:
    assert read("hop thu 7").date == date(2026, 12, 5)
    assert read("05/12/2026 18/20").date == date(2026, 12, 5)


def test_what_can_be_read_is_kept_and_each_bad_part_is_named() -> None:
    result = parse_compact_report("cm 18/20, abc xyz, vcl 1, 7", TODAY)
    assert result.report.present == 18 and result.report.absent_excused == 1
    assert [error.params for error in result.errors] == [{"part": "abc xyz"}, {"part": "7"}]


def test_date_errors_are_passed_through() -> None:
    result = parse_compact_report("hop 31/2, cm 18/20", TODAY)
    assert {"day": 31, "month": 2, "year": 2026}.items() <= result.errors[0].params.items()
    assert result.report.present == 18


def test_upper_attended_yes_with_a_name_in_the_same_fragment() -> None:
    report = read("ct co dong chi Lan")
    assert (report.upper_attended, report.upper_name) == (True, "dong chi Lan")


def test_format_is_read_back() -> None:
    report = PartialReport(
        held=True,
        date=date(2026, 12, 5),
        kind=MeetingKind.TOPIC,
        topic_title="Học tập Nghị quyết 21",
        on_roll=20,
        exempted=1,
        present=17,
        absent_excused=1,
        absent_unexcused=1,
        upper_attended=True,
        resolution_adopted=False,
        grade=MeetingGrade.POOR,
    )
    assert read(format_compact(report)) == report


def test_a_count_of_people_attending_is_those_present_not_the_roll() -> None:
    for text in ("16 dv du hop", "16 đảng viên dự họp", "16 đồng chí có mặt", "16 nguoi du hop"):
        report = read(f"hop 05/12, {text}")
        assert (report.present, report.on_roll) == (16, None), text
    report = read("20 dv du hop 18")  # the roll, then those present
    assert (report.present, report.on_roll) == (18, 20)
    report = read("20 dv, cm 18")
    assert (report.present, report.on_roll) == (18, 20)
