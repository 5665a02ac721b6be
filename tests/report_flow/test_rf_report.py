"""/baocao through the whole app: the short path, every check, the compact form, the schedule."""

from __future__ import annotations

from datetime import date, timedelta

from rf_world import World, exchange, last_choices
from sqlmodel import select

from storage.models import MeetingReport, MeetingReportVersion
from storage.repos import Repositories

SENT = "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026"


async def report_rows(world: World) -> list[MeetingReport]:
    async with world.database.transaction() as session:
        return list((await session.exec(select(MeetingReport))).all())


async def test_as_planned_takes_eight_taps_on_telegram(world: World) -> None:
    """Telegram: the command, then one button press per question (defaults accepted)."""
    chat = world.chat
    presses = ["held_planned", "regular", "all_present", "no", "yes", "good", "send"]
    first = await chat.send("chi", "/baocao")
    assert "Lịch họp: 03/11/2026 (thứ Ba). Chi bộ đã họp chưa?" in first[-1].text
    assert last_choices(first) == ["Đã họp đúng lịch", "Họp ngày khác", "Chưa họp"]
    said = await exchange(chat, "chi", [("tap", p) for p in presses])
    exchanges = 1 + len(presses)
    assert exchanges <= 8
    assert "Có mặt bao nhiêu / 18?" in said[1]
    assert "Có mặt 18/18 (100%)" in said[-2]
    assert SENT in said[-1]
    rows = await report_rows(world)
    assert len(rows) == 1 and rows[0].present == 18 and rows[0].grade == "good"
    assert rows[0].period == "2026-11" and rows[0].meeting_date == date(2026, 11, 3)


async def test_as_planned_takes_eight_numbered_replies_on_zalo(world: World) -> None:
    """Zalo: numbered text replies, one message each; at most 10 allowed, 8 used."""
    chat = world.chat
    typed = ["/baocao", "1", "1", "1", "2", "1", "1", "1"]
    said = await exchange(chat, "chi", [("text", t) for t in typed])
    assert len(typed) <= 10
    assert SENT in said[-1]
    rows = await report_rows(world)
    assert rows[0].resolution_adopted is True and rows[0].upper_attended is False


async def test_absences_and_every_attendance_check(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    said = await chat.say("chi", "25/11")
    assert "Ngày 25/11/2026 chưa tới" in said  # a date in the future
    said = await chat.say("chi", "15/08/2026")
    assert "hơn 62 ngày" in said
    said = await chat.say("chi", "hôm qua")
    assert "Hình thức sinh hoạt?" in said
    said = await chat.say("chi", "2")  # topic session
    assert "Tên chuyên đề?" in said
    said = await chat.say("chi", "Học tập Nghị quyết 21")
    said = await chat.say("chi", "mười chín")
    assert "Số người có mặt (19) lớn hơn số đảng viên (18)" in said
    said = await chat.say("chi", "abc")
    assert "Không đọc được" in said or "không đọc được" in said.lower()
    said = await chat.say("chi", "15")
    assert "Vắng 3. Bao nhiêu đồng chí vắng không lý do?" in said
    said = await chat.say("chi", "4")
    assert "Chỉ có 3 đồng chí vắng" in said
    said = await chat.say("chi", "1")
    assert "cấp ủy cấp trên" in said
    said = await chat.say("chi", "đồng chí Lan")
    said = await chat.say("chi", "chắc vậy")
    assert "«có» hoặc «không»" in said
    said = await chat.say("chi", "có")
    said = await chat.say("chi", "xuất sắc")
    assert "tốt, khá, trung bình (tb) hoặc kém" in said
    said = await chat.say("chi", "khá")
    assert "Vắng có lý do 2, không lý do 1" in said and "Có (đồng chí Lan)" in said
    said = await chat.say("chi", "Thêm ghi chú")
    said = await chat.say("chi", "x" * 501)
    assert "dài 501 ký tự, tối đa 500" in said
    said = await chat.say("chi", "Họp tại nhà văn hóa")
    assert "Ghi chú: Họp tại nhà văn hóa" in said
    said = await chat.say("chi", "1")
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said
    assert "Đồng chí lưu ý:" in said
    assert "83,3%" in said  # 15/18 is at most 85%: told gently
    assert "vắng không lý do" in said
    rows = await report_rows(world)
    assert rows[0].slot == "topic" and rows[0].kind == "topic"
    assert "attendance.low" in rows[0].flags and "attendance.unexcused" in rows[0].flags
    async with world.database.transaction() as session:
        meeting = await Repositories(session).meetings.get(rows[0].cell_id, "2026-Q4")
    assert meeting is not None and meeting.status == "reported"


async def test_roll_and_exempted_changes(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1"), ("text", "1")])
    said = await chat.say("chi", "Số đảng viên đã thay đổi")
    assert "Chi bộ có bao nhiêu đảng viên" in said
    said = await chat.say("chi", "0")
    assert "Số đảng viên của chi bộ đang là 0" in said
    said = await chat.say("chi", "20")
    assert "miễn sinh hoạt" in said
    said = await chat.say("chi", "21")
    assert "Số miễn sinh hoạt (21) lớn hơn số đảng viên (20)" in said
    said = await chat.say("chi", "2")
    assert "Có mặt bao nhiêu / 18?" in said
    said = await chat.say("chi", "19")
    assert "Có mặt 19 + vắng có lý do 0 + vắng không lý do 0 + miễn sinh hoạt 2 = 21" in said
    said = await chat.say("chi", "18")
    assert "cấp ủy cấp trên" in said
    await exchange(chat, "chi", [("text", "2"), ("text", "2"), ("text", "1"), ("text", "1")])
    rows = await report_rows(world)
    assert (rows[0].on_roll, rows[0].exempted, rows[0].present) == (20, 2, 18)
    async with world.database.transaction() as session:
        cell = await Repositories(session).orgs.get_cell(rows[0].cell_id)
    assert cell is not None and cell.members_on_roll == 20  # next time pre-filled


async def test_compact_line_goes_straight_to_the_summary(world: World) -> None:
    chat = world.chat
    said = await chat.say(
        "chi",
        "/baocao hop 03/11, cm 17/18, vcl 1, vkl 0, mien 0, thuong ky, ct khong, nq co, xl tot",
    )
    assert "Đã đọc từ dòng đồng chí gửi:" in said
    assert "Có mặt 17/18" in said and "Đồng chí gửi báo cáo chứ?" in said
    said = await chat.say("chi", "gui bao cao")
    assert SENT in said


async def test_compact_line_with_mistakes_keeps_what_it_read(world: World) -> None:
    chat = world.chat
    replies = await chat.send("chi", "/baocao 17/18 vkl 1 abc")
    assert "Không đọc được «abc»" in replies[-1].text
    assert last_choices(replies)[0] == "Đúng lịch, 03/11/2026"
    said = await chat.say("chi", "1")  # held as planned
    said = await chat.say("chi", "1")  # regular
    assert "cấp ủy cấp trên" in said  # present and absences came from the line


async def test_compact_line_typed_in_the_middle(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1")])
    said = await chat.say("chi", "cm 16/18 vcl 2, ct khong, nq co, xl kha")
    assert "Hình thức sinh hoạt?" in said
    said = await chat.say("chi", "3")
    assert "Tên chuyên đề?" in said
    said = await chat.say("chi", "Nghị quyết 21")
    assert "Có mặt 16/18" in said and "Vắng có lý do 2, không lý do 0" in said


async def test_sum_that_does_not_add_up(world: World) -> None:
    chat = world.chat
    said = await chat.say("chi", "/baocao hop 03/11, cm 15/18, vcl 1, vkl 1, mien 0, thuong ky")
    assert "thiếu 1" in said.lower() or "Còn thiếu 1" in said or "1 người" in said, said
    assert "Có mặt bao nhiêu / 18?" in said


async def test_not_held_with_a_new_date_moves_the_meeting(world: World) -> None:
    chat = world.chat
    said = await chat.say("chi", "/baocao")
    said = await chat.say("chi", "chưa họp")
    assert "Vì sao chưa họp?" in said
    said = await chat.say("chi", "Mưa bão")
    said = await chat.say("chi", "05/12")
    assert "tháng 11/2026" in said  # must stay in the month
    said = await chat.say("chi", "27/11")
    assert "Ngày họp mới: 27/11/2026 (thứ Sáu)" in said
    said = await chat.say("chi", "1")
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said
    assert "Lịch họp mới: 27/11/2026 (thứ Sáu)." in said
    rows = await report_rows(world)
    assert rows[0].held is False and rows[0].new_date == date(2026, 11, 27)
    async with world.database.transaction() as session:
        meeting = await Repositories(session).meetings.get(rows[0].cell_id, "2026-11")
    assert meeting is not None and meeting.status == "moved"
    assert meeting.meeting_date == date(2026, 11, 27)
    # When it is held, /baocao reports it into the same row, as a new version.
    world.clock.advance(timedelta(days=3, hours=10))
    said = await chat.say("chi", "/baocao")
    assert "Lịch họp: 27/11/2026" in said
    await exchange(
        chat,
        "chi",
        [
            ("tap", p)
            for p in ["held_planned", "regular", "all_present", "no", "yes", "good", "send"]
        ],
    )
    rows = await report_rows(world)
    assert len(rows) == 1 and rows[0].held and rows[0].version == 2
    async with world.database.transaction() as session:
        meeting = await Repositories(session).meetings.get(rows[0].cell_id, "2026-11")
        versions = (await session.exec(select(MeetingReportVersion))).all()
    assert meeting is not None and meeting.status == "reported" and len(versions) == 2


async def test_not_held_without_a_date_closes_the_period(world: World) -> None:
    chat = world.chat
    await exchange(
        chat, "chi", [("text", "/baocao"), ("text", "3"), ("text", "Tết"), ("tap", "no_date")]
    )
    said = await chat.say("chi", "1")
    assert SENT in said
    rows = await report_rows(world)
    async with world.database.transaction() as session:
        meeting = await Repositories(session).meetings.get(rows[0].cell_id, "2026-11")
    assert meeting is not None and meeting.status == "reported" and meeting.held is False


async def test_change_one_answer_and_cancel(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    await exchange(
        chat,
        "chi",
        [("tap", p) for p in ["held_planned", "regular", "all_present", "no", "yes", "good"]],
    )
    said = await chat.say("chi", "Sửa một mục")
    assert "Đồng chí muốn sửa mục nào?" in said
    said = await chat.say("chi", "xếp loại")
    assert "Chi bộ tự xếp loại buổi sinh hoạt?" in said
    said = await chat.say("chi", "kém")
    assert "Xếp loại: Kém" in said
    said = await chat.say("chi", "Sửa một mục")
    said = await chat.say("chi", "ngày họp")
    said = await chat.say("chi", "thứ hai")
    assert "Ngày họp: 23/11/2026 (thứ Hai)" in said
    said = await chat.say("chi", "/huy")
    assert "Đã hủy, không lưu gì." in said
    assert await report_rows(world) == []


async def test_second_report_for_the_month_points_to_sua(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    await exchange(
        chat,
        "chi",
        [
            ("tap", p)
            for p in ["held_planned", "regular", "all_present", "no", "yes", "good", "send"]
        ],
    )
    replies = await chat.send("chi", "/baocao")
    assert "đã gửi rồi" in replies[-1].text and last_choices(replies) == ["Sửa báo cáo"]


async def test_officers_cannot_use_baocao(world: World) -> None:
    said = await world.chat.say("binh", "/baocao")
    assert "không dành cho vai trò của đồng chí" in said


async def test_help_shows_the_compact_form_to_secretaries_only(world: World) -> None:
    secretary = await world.chat.say("chi", "/trogiup")
    assert "/baocao 18/20 vkl 1 nq co xl tot" in secretary and "/solieu" in secretary
    officer = await world.chat.say("binh", "/trogiup")
    assert "/baocao 18/20" not in officer and "/tonghop" in officer
