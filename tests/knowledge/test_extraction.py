"""Extracting identity, sections, tasks, timings, targets and citations from a plan."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from knowledge import (
    ParsedPlan,
    PlanImportError,
    TimingKind,
    parse_plan,
    summarize,
    summary_lines,
)
from knowledge.abbreviations import harvest
from knowledge.citations import citations_in
from knowledge.owners import explicit_owner, heading_owner, is_cell_owner, subject_owner
from knowledge.targets import number_value, targets_in
from knowledge.timing import parse_timing


def test_identity_of_the_demo_plan(demo_plan: ParsedPlan) -> None:
    identity = demo_plan.identity
    assert identity.code == "15-KH/ĐU"
    assert identity.kind == "KH"
    assert identity.place == "Hòa Bình"
    assert identity.date == dt.date(2026, 3, 10)
    assert identity.issuer == "Ban Thường vụ Đảng ủy xã Hòa Bình"
    assert identity.signer == "Nguyễn Văn Minh"
    assert identity.signer_role == "BÍ THƯ"
    assert identity.missing == ()
    assert demo_plan.label == "KH 15-KH/ĐU"


def test_missing_identity_is_reported_not_guessed() -> None:
    plan = parse_plan(
        "KẾ HOẠCH\nthực hiện nghị quyết\nI- MỤC ĐÍCH\n1. Quán triệt.\nNơi nhận:\n- Lưu."
    )
    assert plan.identity.missing == ("number", "date", "place", "issuer", "signer")
    assert plan.label == "KH"


def test_text_without_parts_is_refused() -> None:
    with pytest.raises(PlanImportError):
        parse_plan("Một đoạn văn bản không có phần nào được đánh số cả, dài cho đủ chữ.")


def test_section_tree_and_paths(demo_plan: ParsedPlan) -> None:
    paths = [section.path for section in demo_plan.sections]
    assert paths[:4] == ["I", "I.1", "I.2", "II"]
    assert "IV.5" in paths and "V.2" in paths
    chain = [section.path for section in demo_plan.heading_chain("IV.5")]
    assert chain == ["IV", "IV.5"]
    assert not any("Nơi nhận" in p for s in demo_plan.sections for p in s.paragraphs)


def test_numbering_styles() -> None:
    raw = "\n".join(
        [
            "I- MỤC TIÊU",
            "1. Mục tiêu cụ thể",
            "1.1. Mục tiêu đến năm 2025",
            "- Duy trì 100% chi bộ có cấp ủy.",
            "2.1 Ban Tuyên giáo Đảng ủy Khối",
            "II. NHIỆM VỤ",
            "3.Các tổ chức cơ sở đảng trực thuộc",
            "(1) Đổi mới tổ chức",
            "- Kiện toàn tổ chức (thực hiện thường xuyên).",
        ]
    )
    plan = parse_plan(raw)
    assert [s.path for s in plan.sections] == [
        "I",
        "I.1",
        "I.1.1",
        "I.2.1",
        "II",
        "II.3",
        "II.3.(1)",
    ]
    assert plan.section("II.3.(1)") is not None
    assert plan.tasks[0].owner == "Các tổ chức cơ sở đảng trực thuộc"
    assert plan.tasks[0].for_cells


def test_tasks_owners_and_timings(demo_plan: ParsedPlan) -> None:
    by_owner = {task.owner for task in demo_plan.tasks}
    assert {"Ban Xây dựng Đảng Đảng ủy", "Ủy ban Kiểm tra Đảng ủy", "Văn phòng Đảng ủy"} <= by_owner
    kiem_tra = next(t for t in demo_plan.tasks if t.owner == "Ủy ban Kiểm tra Đảng ủy")
    assert kiem_tra.owner_source in ("explicit", "heading")
    assert (kiem_tra.timing.kind, kiem_tra.timing.year, kiem_tra.timing.month) == (
        TimingKind.DEADLINE,
        2026,
        11,
    )
    cells = [t for t in demo_plan.tasks if t.for_cells]
    deadlines = {
        (t.timing.year, t.timing.month) for t in cells if t.timing.kind is TimingKind.DEADLINE
    }
    assert deadlines == {(2026, 4), (2027, 6)}
    assert any(t.timing.kind is TimingKind.CONDITIONAL for t in cells)
    quarter = next(t for t in demo_plan.tasks if t.timing.quarter == 2)
    assert quarter.timing.phrase == "hoàn thành trong quý II/2026"
    leading = next(t for t in demo_plan.tasks if t.section_path == "V.1")
    assert (leading.owner, leading.owner_source) == ("Ban Xây dựng Đảng Đảng ủy", "subject")
    issuer_tasks = [t for t in demo_plan.tasks if t.owner_source == "issuer"]
    assert issuer_tasks and all(t.owner == demo_plan.identity.issuer for t in issuer_tasks)


@pytest.mark.parametrize(
    ("phrase", "kind", "year", "month", "quarter"),
    [
        ("thực hiện thường xuyên", TimingKind.ONGOING, None, None, None),
        ("thường xuyên", TimingKind.ONGOING, None, None, None),
        ("thực hiện hàng năm", TimingKind.YEARLY, None, None, None),
        ("khi có văn bản của huyện", TimingKind.CONDITIONAL, None, None, None),
        ("hoàn thành trong tháng 6/2023", TimingKind.DEADLINE, 2023, 6, None),
        ("hoàn thành trong tháng 2 năm 2023", TimingKind.DEADLINE, 2023, 2, None),
        ("thực hiện trong tháng 2", TimingKind.DEADLINE, 2024, 2, None),
        ("thực hiện trong quý I", TimingKind.DEADLINE, 2024, None, 1),
        ("thực hiện xong trong Quý II năm 2019", TimingKind.DEADLINE, 2019, None, 2),
        ("hoàn thành trong năm 2023", TimingKind.DEADLINE, 2023, None, None),
        ("đã thực hiện trong tháng 11/2021", TimingKind.DONE, 2021, 11, None),
    ],
)
def test_timing_phrases(
    phrase: str, kind: TimingKind, year: int | None, month: int | None, quarter: int | None
) -> None:
    (timing,) = parse_timing(phrase, 2024)
    assert (timing.kind, timing.year, timing.month, timing.quarter) == (kind, year, month, quarter)
    assert timing.phrase == phrase


def test_two_deadlines_in_one_parenthesis_and_non_timings() -> None:
    timings = parse_timing(
        "khoán kinh phí xong trước tháng 7 năm 2019; sắp xếp xong trong năm 2019", None
    )
    assert [(t.year, t.month) for t in timings] == [(2019, 7), (2019, None)]
    assert parse_timing("trong đó: 15 đảng bộ xã", 2023) == []


def test_owner_rules() -> None:
    assert heading_owner("Đối với cán bộ Tổ chức Đảng ủy") == "cán bộ Tổ chức Đảng ủy"
    assert heading_owner("Ủy ban nhân dân tỉnh:") == "Ủy ban nhân dân tỉnh"
    assert heading_owner("Nhiệm vụ cụ thể") is None
    assert explicit_owner("Văn phòng Đảng ủy: Phối hợp tham mưu") == (
        "Văn phòng Đảng ủy",
        "Phối hợp tham mưu",
    )
    assert subject_owner("Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp") == "Ban Tổ chức Huyện ủy"
    for text in (
        "Tham mưu Ban Thường vụ hướng dẫn",
        "Chỉ đạo Ủy ban Kiểm tra",
        "Phối hợp với Văn phòng",
    ):
        assert subject_owner(text) is None
    assert is_cell_owner("Cấp ủy các chi, đảng bộ") and is_cell_owner("các chi bộ trực thuộc")
    assert not is_cell_owner("Văn phòng Đảng ủy")


def test_targets_of_the_demo_plan(demo_plan: ParsedPlan) -> None:
    by_phrase = {t.phrase: t for t in demo_plan.targets}
    above = by_phrase["trên 85%"]
    assert (above.comparison, above.value, above.year) == ("above", 85.0, 2027)
    assert above.baseline == "hiện có 7/12, chiếm 58,33%" and above.baseline_value == 58.33
    assert by_phrase["từ 25% đến 30%"].comparison == "range"
    assert by_phrase["từ 25% đến 30%"].value_max == 30.0
    assert by_phrase["từ 25% đến 30%"].year == 2030
    assert by_phrase["20%"].comparison == "at_most"
    assert by_phrase["4 lần/năm trở lên"].comparison == "at_least"
    assert by_phrase["đạt 4,5% trở lên"].value == 4.5


def test_target_numbers_and_comparisons() -> None:
    assert (
        number_value("4.482") == 4482 and number_value("20,8") == 20.8 and number_value("09") == 9
    )
    (target,) = targets_in(
        "Phấn đấu có từ 150 đảng viên trở lên", "II.2", "Mục tiêu đến năm 2025", False
    )
    assert (target.value, target.unit, target.comparison, target.year) == (
        150,
        "đảng viên",
        "at_least",
        2025,
    )
    assert (
        targets_in("thực hiện có hiệu quả Nghị quyết số 21-NQ/TW ngày 16/6/2022", "II", "", False)
        == []
    )


def test_citations_keep_dates_and_spacing_variants() -> None:
    text = (
        "Nghị quyết số 21- NQ/TW, ngày 16/6/2022; Kết luận số 38 KL/TW; "
        "Kế hoạch 64-Kh/ĐUK ngày 04 tháng 11 năm 2022; lại 21-NQ/TW"
    )
    codes = [(c.code, c.date) for c in citations_in(text)]
    assert ("21-NQ/TW", dt.date(2022, 6, 16)) in codes
    assert ("64-KH/ĐUK", dt.date(2022, 11, 4)) in codes
    assert len([c for c in codes if c[0] == "21-NQ/TW"]) == 1


def test_citations_of_the_demo_plan_exclude_its_own_code(demo_plan: ParsedPlan) -> None:
    codes = [c.code for c in demo_plan.citations]
    assert codes == ["21-NQ/TW", "88-KH/HU", "12-HD/BTCTW", "213-QĐ/TW"]


def test_harvested_abbreviations() -> None:
    text = "cán bộ đảng viên, công chức, viên chức, người lao động (CCVCNLĐ) đối với Đảng"
    assert harvest(text) == {"ccvcnld": "cong chuc vien chuc nguoi lao dong"}


def test_json_round_trip_and_stable_hash(demo_plan: ParsedPlan) -> None:
    data = json.loads(json.dumps(demo_plan.to_dict(), ensure_ascii=False))
    assert ParsedPlan.from_dict(data) == demo_plan
    again = parse_plan(demo_plan.text, document_id="demo")
    assert again.content_hash == demo_plan.content_hash


def test_summary(demo_plan: ParsedPlan) -> None:
    summary = summarize(demo_plan)
    assert summary.cell_tasks == 4
    assert summary.tasks_by_timing["deadline"] == 5
    assert summary.targets == len(demo_plan.targets)
    lines = summary_lines(summary)
    assert lines[0].params == {"label": "KH 15-KH/ĐU"}
    assert all(line.msgid for line in lines)
