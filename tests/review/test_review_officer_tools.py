"""Officers' smaller tools: /solieu in Vietnamese with a list or an Excel template, /chibo by
name, /lich marks from the reports, and the CLI's progress bar only on a terminal."""

from __future__ import annotations

import io

from review_world import ReviewWorld

from bot.report_cli import ProgressBar
from handlers.reporting.figures import load_definitions_xlsx
from storage.repos import Repositories
from tests.harness import Harness, build_harness


async def say(chat: Harness, user: str, text: str) -> str:
    return "\n".join(r.text for r in await chat.send(user, text))


async def test_solieu_lists_labels_and_picks_by_typed_numbers(sqlite_world: ReviewWorld) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    replies = await chat.send("an", "/solieu")
    text = replies[-1].text
    assert "- Kết nạp đảng viên mới (hằng tháng, người)" in text
    assert "- Đảng phí đã thu (hằng tháng, đồng)" in text
    assert "- Xếp loại chi bộ (hằng năm, xếp loại)" in text
    assert "admissions" not in text and "dues_collected" not in text and "YAML" not in text
    assert [c.label for c in replies[-1].choices] == [
        "Chọn trong danh sách",
        "Nhận tệp Excel mẫu",
        "Dùng bộ mặc định",
        "Giữ nguyên",
    ]
    said = await say(chat, "an", "1")
    assert "1. ✓ Kết nạp đảng viên mới (hằng tháng, người)" in said
    assert "13. ✓ Xếp loại chi bộ (hằng năm, xếp loại)" in said
    # In this step the numbers are the selection, not choices.
    said = await say(chat, "an", "1 2 14")
    assert said.startswith("Không có số 14 trong danh sách (từ 1 đến 13).")
    said = await say(chat, "an", "mot hai")
    assert said.startswith("Đồng chí chỉ gõ các số thứ tự trong danh sách")
    said = await say(chat, "an", "1, 8")
    assert said.split("\n")[:3] == [
        "Đã chọn 2 số liệu:",
        "- Kết nạp đảng viên mới (hằng tháng, người)",
        "- Đảng phí đã thu (hằng tháng, đồng)",
    ]
    assert "Đã lưu 2 chỉ tiêu." in await say(chat, "an", "1")
    async with sqlite_world.database.transaction() as session:
        saved = await Repositories(session).reports.figure_set(sqlite_world.orgs["an"])
    assert saved is not None and [d["key"] for d in saved.definitions] == [
        "admissions",
        "dues_collected",
    ]


async def test_the_template_round_trips_and_new_rows_need_only_a_name(
    sqlite_world: ReviewWorld,
) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    await chat.send("an", "/solieu")
    replies = await chat.send("an", "2")
    attachment = replies[-1].attachment
    assert attachment is not None and attachment.filename == "so-lieu-thu-thap.xlsx"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(attachment.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "Mã",
        "Tên tiếng Việt",
        "Tên tiếng Anh",
        "Đơn vị",
        "Kỳ",
        "Tối thiểu",
        "Tối đa",
        "Loại",
    ]
    sheet.append([None, "Đoàn viên ưu tú được giới thiệu", None, "người", "tháng"])
    sheet.delete_rows(3, 12)  # keep admissions and the new row
    buffer = io.BytesIO()
    book.save(buffer)
    read = load_definitions_xlsx(buffer.getvalue())
    assert read.ok, read.errors
    assert [d.key for d in read.definitions] == ["admissions", "doan_vien_uu_tu_duoc_gioi_thieu"]
    said = "\n".join(
        r.text for r in await chat.send("an", file=("so-lieu.xlsx", buffer.getvalue()))
    )
    assert "- Đoàn viên ưu tú được giới thiệu (hằng tháng, người)" in said


async def test_chibo_by_name_or_number(sqlite_world: ReviewWorld) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    said = await say(chat, "an", "/chibo chi bo an 4")
    assert said.split("\n")[:2] == [
        "Chi bộ An 4 (Đảng bộ xã An)",
        "Số đảng viên: 12; chưa có bí thư tham gia bot.",
    ]
    assert (
        "- 11/2026: chưa báo cáo sinh hoạt thường kỳ; sinh hoạt chuyên đề 10/11/2026 (thứ Ba)" in said
    )
    replies = await chat.send("an", "/chibo an")
    assert replies[-1].text == "Có 5 chi bộ khớp với «an». Đồng chí chọn chi bộ nào?"
    said = await say(chat, "an", "2")  # typed as on Zalo
    assert said.startswith("Chi bộ An 2 (Đảng bộ xã An)")
    assert "- 11/2026: 04/11/2026 (thứ Tư), có mặt 15/18 (83,3%)" in said
    assert " - gửi 24/11/2026 (thứ Ba)" in said
    said = await say(chat, "an", "/chibo")
    said = await say(chat, "an", "an 5")  # a typed name in the picker
    assert said.startswith("Chi bộ An 5 (Đảng bộ bộ phận Thôn Trên)")
    assert "Số đảng viên: 12; bí thư đã chặn bot." in said
    assert "trả lại: Ghi lại số có mặt" in said
    said = await say(chat, "an", "/chibo xom khac")
    assert said == (
        "Không có chi bộ nào tên «xom khac». Đồng chí gõ /chibo để chọn trong danh sách, hoặc "
        "/chibo kèm tên khác."
    )
    await say(chat, "an", "/chibo")
    said = await say(chat, "an", "xom khac")  # in the picker: the name is asked again
    assert said == "Không có chi bộ nào tên «xom khac». Đồng chí gõ lại tên:"
    # A secretary sees their own cell.
    assert (await say(chat, "mot", "/chibo")).startswith("Chi bộ An 1 (Đảng bộ xã An)")


async def test_officers_lich_reads_the_reports(sqlite_world: ReviewWorld) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    said = await say(chat, "an", "/lich nay")
    lines = {line.split(", ", 1)[1] for line in said.split("\n") if line.startswith("- ")}
    assert "Chi bộ An 1: sinh hoạt thường kỳ (đã báo cáo)" in lines
    assert "Chi bộ An 3: sinh hoạt thường kỳ (chưa họp)" in lines
    assert "Chi bộ An 5: sinh hoạt thường kỳ (trả lại để sửa)" in lines
    assert "Chi bộ An 4: sinh hoạt thường kỳ" in lines


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain = io.StringIO()
    bar = ProgressBar(plain, 4, "export")
    bar.step("meetings")
    bar.finish()
    assert plain.getvalue() == ""
    terminal = Terminal()
    bar = ProgressBar(terminal, 4, "export")
    bar.step("meetings")
    bar.finish()
    assert "\rexport [######..................] meetings" in terminal.getvalue()
    assert terminal.getvalue().endswith("[########################] " + " " * 30 + "\n")
