"""/baocao through the whole app as people answer it: numbered text replies (as on Zalo) and
button presses, wrong and ambiguous answers, the one-line form, the schedule's date and kind,
and the number of exchanges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from rf_world import World, exchange, last_choices, rows
from sqlmodel import select

from core.messages import Expect
from handlers.flows.report import period_said
from scheduler.periods import Quarter
from storage.models import MeetingReport, MeetingReportVersion
from storage.repos import Repositories

SENT = "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")



async def cell_roll(world: World, name: str) -> int:
    async with world.database.transaction() as session:
        cell = await Repositories(session).orgs.get_cell(world.cells[name].id or 0)
    assert cell is not None
    return cell.members_on_roll


# ---------------------------------------------------------------- how many exchanges


async def test_held_as_planned_with_everyone_present_in_five_numbered_answers(
    world: World,
) -> None:
    """As on Zalo: the command, then five typed numbers; the schedule gives date and kind."""
    chat = world.chat
    first = await chat.send("chi", "/baocao")
    assert first[-1].text.startswith("Chi bộ Thôn 1, tháng 11/2026:")
    assert "Lịch họp: 03/11/2026 (thứ Ba). Chi bộ đã họp chưa?" in first[-1].text
    assert last_choices(first) == [
        "Đã họp đúng lịch, đủ 18/18",
        "Đã họp đúng lịch, có người vắng",
        "Họp ngày khác",
        "Chưa họp",
    ]
    typed = ["1", "2", "1", "1", "1"]  # all present, no upper member, resolution, good, send
    said = await exchange(chat, "chi", [("text", t) for t in typed])
    assert len(typed) <= 5
    assert all(s.startswith("Chi bộ Thôn 1, tháng 11/2026:") for s in said[:-1])
    assert SENT in said[-1]
    [row] = await rows(world, MeetingReport)
    assert (row.period, row.slot, row.kind) == ("2026-11", "monthly", "regular")
    assert row.meeting_date == date(2026, 11, 3) and row.present == 18
    assert (row.upper_attended, row.resolution_adopted, row.grade) == (False, True, "good")


async def test_held_as_planned_with_everyone_present_in_five_taps(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    presses = ["planned_all", "no", "yes", "good", "send"]
    said = await exchange(chat, "chi", [("tap", p) for p in presses])
    assert SENT in said[-1] and len(presses) <= 5


async def test_absences_in_seven_answers_or_six_in_one_line(world: World) -> None:
    chat = world.chat
    typed = ["/baocao", "2", "16", "1", "2", "1", "1", "1"]
    said = await exchange(chat, "chi", [("text", t) for t in typed])
    assert "Có mặt bao nhiêu đồng chí (trên 18)?" in said[1]
    assert "Vắng 2. Bao nhiêu đồng chí vắng không lý do?" in said[2]
    assert SENT in said[-1] and len(typed) - 1 <= 7
    [row] = await rows(world, MeetingReport)
    assert (row.present, row.absent_excused, row.absent_unexcused) == (16, 1, 1)
    await chat.send("chi", "/sua")  # (the second path, on a new month, below)


async def test_absences_in_one_answer(world: World) -> None:
    chat = world.chat
    typed = ["/baocao", "2", "vắng 2: có lý do 1, không lý do 1", "2", "1", "1", "1"]
    said = await exchange(chat, "chi", [("text", t) for t in typed])
    assert SENT in said[-1] and len(typed) - 1 <= 6
    [row] = await rows(world, MeetingReport)
    assert (row.present, row.absent_excused, row.absent_unexcused) == (16, 1, 1)


# ---------------------------------------------------------------- a typed number means one thing


async def test_a_number_where_a_number_is_wanted_is_the_number(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    # "1" of 18 is never the shortcut «đủ», and too few to take unasked: it is confirmed
    said = await chat.say("chi", "1")
    assert "Chỉ 1/18 đồng chí có mặt?" in said and "«1 người»" in said
    replies = await chat.send("chi", "1 người")  # one present
    assert "Vắng 17." in replies[-1].text
    assert replies[-1].expect is Expect.VALUE
    replies = await chat.send("chi", "1")  # one absent without a reason, not "0 - all excused"
    assert "cấp ủy cấp trên" in replies[-1].text
    await exchange(chat, "chi", [("text", "2"), ("text", "2"), ("text", "4"), ("text", "1")])
    [row] = await rows(world, MeetingReport)
    assert (row.present, row.absent_excused, row.absent_unexcused) == (1, 16, 1)


async def test_one_for_the_roll_is_one_member(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    replies = await chat.send("chi", "đổi")  # the roll changed
    assert "Chi bộ có bao nhiêu đảng viên" in replies[-1].text
    assert [c.keyword for c in replies[-1].choices] == ["giữ"]  # typed by its word
    said = await chat.say("chi", "1")  # one member: the value, never "Vẫn là 18"
    assert "miễn sinh hoạt" in said
    said = await chat.say("chi", "0")
    # far from the 18 so far: confirmed before it changes the cell's roll
    assert "chi bộ có 1 đảng viên; trước nay là 18. Số nào đúng?" in said
    said = await chat.say("chi", "1")
    assert "Đảng viên 1, miễn sinh hoạt 0" in said
    said = await chat.say("chi", "1")
    assert "cấp ủy cấp trên" in said
    await exchange(chat, "chi", [("text", "2"), ("text", "1"), ("text", "1"), ("text", "1")])
    [row] = await rows(world, MeetingReport)
    assert (row.on_roll, row.present) == (1, 1)
    assert await cell_roll(world, "Chi bộ Thôn 1") == 1  # typed for the roll question itself


async def test_a_date_typed_at_the_count_question_is_said_not_taken_silently(
    world: World,
) -> None:
    """"hôm qua" at "how many were present": the line is read (the meeting's date), the reply
    says so, and the count is asked again; the date shows in the summary."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])  # held, some absent
    replies = await chat.send("chi", "hôm qua")
    said = replies[-1].text
    yesterday = world.clock.now().astimezone(TZ).date() - timedelta(days=1)
    assert "Đã đọc từ dòng đồng chí gửi:" in said
    assert f"- Ngày họp: {yesterday:%d/%m/%Y}" in said
    assert said.rstrip().endswith("Đồng chí gõ số.")  # the count question again
    said = await chat.say("chi", "17")
    assert "vắng không lý do" in said
    await exchange(chat, "chi", [("text", "0"), ("text", "2"), ("text", "1")])
    said = await chat.say("chi", "1")
    assert f"Ngày họp: {yesterday:%d/%m/%Y}" in said and "Có mặt 17/18" in said


async def test_another_answer_at_the_upper_member_question_is_no_name(world: World) -> None:
    """The question takes a typed name; "hôm qua" or "nq co" there is read as what it says."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1")])  # held, all present
    said = await chat.say("chi", "hom qua")
    assert "Đã đọc từ dòng đồng chí gửi:" in said and "cấp ủy cấp trên dự không" in said
    said = await chat.say("chi", "nq co")
    assert "- Ra nghị quyết: Có" in said and "cấp ủy cấp trên dự không" in said
    said = await chat.say("chi", "Nguyễn Văn Tốt")  # a name, even one ending in a grade
    assert "xếp loại" in said
    said = await chat.say("chi", "2")
    assert "Cấp ủy cấp trên dự: Có (Nguyễn Văn Tốt)" in said and "Ra nghị quyết: Có" in said


async def test_no_one_said_in_words_is_no_and_other_answers_are_no_name(world: World) -> None:
    """At the upper member question, "khong co ai" is «Không»; going back, cancelling or a
    topic title with a number is asked again, never stored as the name of who attended."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1")])  # held, all present
    for typed in ("quay lai", "huy", "Học tập Nghị quyết số 57"):
        said = await chat.say("chi", typed)
        assert "Đồng chí trả lời Có hoặc Không, hoặc gõ tên" in said, typed
        assert "cấp ủy cấp trên dự không" in said, typed
    said = await chat.say("chi", "khong co ai")
    assert "Chi bộ có ra nghị quyết không?" in said
    said = await exchange(chat, "chi", [("text", "1"), ("text", "1")])
    assert "Cấp ủy cấp trên dự: Không" in said[-1]


async def test_after_yes_the_name_of_who_attended_is_asked_and_may_be_left_out(
    world: World,
) -> None:
    """«Có» (1) asks who it was: a typed name is kept, "1" goes on without one."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1")])
    said = await chat.say("chi", "1")
    assert "Đồng chí cấp ủy cấp trên nào dự họp?" in said
    said = await chat.say("chi", "14/11")
    assert "Đồng chí gõ họ tên đồng chí cấp trên đã dự" in said
    said = await chat.say("chi", "Đ/c Nguyễn Văn Hùng, PBT Đảng ủy")
    assert "Chi bộ có ra nghị quyết không?" in said
    said = await exchange(chat, "chi", [("text", "1"), ("text", "1")])
    assert "Cấp ủy cấp trên dự: Có (Nguyễn Văn Hùng, PBT Đảng ủy)" in said[-1]  # «Đ/c» off
    await chat.send("chi", "/huy")
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1"), ("text", "1")])
    said = await chat.say("chi", "1")  # no name recorded
    assert "Chi bộ có ra nghị quyết không?" in said
    said = await exchange(chat, "chi", [("text", "1"), ("text", "1")])
    assert "Cấp ủy cấp trên dự: Có\n" in said[-1]


async def test_a_meeting_held_with_nobody_present_is_asked_again(world: World) -> None:
    """"0" present at a meeting said to be held is no figure to save: asked again, and
    «chưa họp» there turns the report into one of a meeting not held."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])  # held, some absent
    said = await chat.say("chi", "0")
    assert "không có đồng chí nào có mặt?" in said
    said = await chat.say("chi", "/baocao 0/18 ct khong nq co xl tot")
    assert "không có đồng chí nào có mặt?" in said
    said = await chat.say("chi", "chưa họp")
    assert "Chưa họp" in said or "chưa họp" in said.lower()
    assert await rows(world, MeetingReport) == []


async def test_help_in_the_middle_of_a_report_keeps_it(world: World) -> None:
    """/trogiup at the last step answers and keeps what was entered, its choices offered
    again: "1" then sends. A command starting another conversation drops it and says so."""
    chat = world.chat
    await exchange(chat, "chi", [("text", t) for t in ("/baocao", "1", "2", "1", "1")])
    replies = await chat.send("chi", "/trogiup")
    assert "/baocao" in replies[0].text and not replies[0].choices
    assert "Những gì đồng chí đã nhập vẫn được giữ" in replies[-2].text
    assert "Đồng chí gửi báo cáo chứ?" in replies[-1].text  # the question itself again
    assert last_choices(replies)[0] == "Gửi báo cáo"
    said = await chat.say("chi", "1")
    assert SENT in said
    await chat.send("chi", "/huy")
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1")])
    said = await chat.say("chi", "/sua")
    assert "Báo cáo đang làm dở đã bỏ, chưa lưu gì." in said


async def test_one_or_two_at_the_date_question_is_asked_again_not_taken_for_a_day(
    world: World,
) -> None:
    """After numbered questions, "1" at "họp ngày nào" may mean «hôm nay», listed first: it
    is asked again with the day and month to type; "01" or "ngày 1" is the 1st."""
    chat = world.chat
    replies = await chat.send("chi", "/baocao")
    assert "Họp ngày khác" in last_choices(replies)[2]
    said = await chat.say("chi", "3")  # held on another day
    assert "Chi bộ họp ngày nào?" in said
    month = world.clock.now().astimezone(TZ).month
    said = await chat.say("chi", "1")
    assert "«1» có thể là một ngày hoặc một trong các từ bên dưới" in said
    assert f"ví dụ 01/{month:02d}" in said and "Chi bộ họp ngày nào?" in said
    said = await chat.say("chi", "ngày 1")
    assert "Có mặt bao nhiêu đồng chí" in said
    await exchange(chat, "chi", [("text", "đủ"), ("text", "2"), ("text", "1")])
    said = await chat.say("chi", "1")  # the grade: the summary follows
    assert f"Ngày họp: 01/{month:02d}/" in said


async def test_a_number_that_is_no_choice_is_refused_and_changes_nothing(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    for typed in ("5", "0", "9" * 4096):
        replies = await chat.send("chi", typed)
        assert "Không có lựa chọn số" in replies[0].text
        assert "Đồng chí gõ 1, 2, 3 hoặc 4" in replies[0].text
        assert "Chi bộ đã họp chưa?" in replies[-1].text and len(last_choices(replies)) == 4
    # Past one message's limit the edge answers, the question stays and is asked again.
    replies = await chat.send("chi", "9" * 5000)
    assert replies[0].text.startswith("Tin nhắn của đồng chí quá dài (5000 ký tự)")
    assert "Chi bộ đã họp chưa?" in replies[-1].text and len(last_choices(replies)) == 4
    replies = await chat.send("chi", "4")
    assert "Vì sao chưa họp?" in replies[-1].text


async def test_four_is_not_a_date_at_a_three_choice_question(world: World) -> None:
    """The meeting planned ahead: two choices; 4 is no choice and never the date 04/11."""
    world.clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))  # 02/12: meeting on 03/12
    chat = world.chat
    replies = await chat.send("chi", "/baocao")
    assert "Đồng chí báo cáo buổi sinh hoạt nào?" in replies[-1].text  # Dec and Nov open
    # November's, held, comes first; December's, planned for tomorrow, after it.
    assert [label[-7:] for label in last_choices(replies)] == ["(03/11)", "(03/12)"]
    replies = await chat.send("chi", "2")
    assert "Chi bộ Thôn 1, tháng 12/2026:" in replies[-1].text
    assert last_choices(replies) == ["Đã họp", "Chưa họp"]
    replies = await chat.send("chi", "4")
    assert "Không có lựa chọn số 4" in replies[0].text
    assert "Chi bộ đã họp rồi chưa?" in replies[-1].text  # the question again
    assert await rows(world, MeetingReport) == []


async def test_the_meeting_is_picked_by_its_words_and_other_words_say_why(
    world: World,
) -> None:
    """On 02/12, "thuong ky thang 12" picks December's meeting; "ok" gets the list again with
    what to type."""
    world.clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    chat = world.chat
    await chat.send("chi", "/baocao")
    said = await chat.say("chi", "ok")
    assert said.startswith("Đồng chí chọn buổi sinh hoạt bằng số thứ tự, hoặc gõ vài chữ")
    assert "Đồng chí báo cáo buổi sinh hoạt nào?" in said
    said = await chat.say("chi", "thuong ky thang 12")
    assert "Chi bộ Thôn 1, tháng 12/2026:" in said


async def test_a_one_line_report_reports_the_month_of_its_meeting_date(world: World) -> None:
    """On 02/12 December and November are both open: "hop 03/11" says which, no question."""
    world.clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    said = await world.chat.say(
        "chi", "/baocao hop 03/11, cm 17/18, vkl 0, thuong ky, ct khong, nq co, xl kha"
    )
    assert "buổi sinh hoạt nào" not in said
    assert "Chi bộ Thôn 1, tháng 11/2026:" in said and "Đồng chí gửi báo cáo chứ?" in said
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in await world.chat.say("chi", "1")


async def test_a_five_thousand_digit_number_gets_a_message(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    said = await chat.say("chi", "9" * 4000)  # Python refuses to read past 4,300 digits
    assert "Xin lỗi" not in said and "số" in said


# ---------------------------------------------------------------- the period is explicit


async def test_two_open_months_are_offered_newest_first(world: World) -> None:
    world.clock.set(datetime(2026, 12, 5, 2, 0, tzinfo=UTC))
    chat = world.chat
    replies = await chat.send("chi", "/baocao")
    labels = last_choices(replies)
    assert labels == [
        "Sinh hoạt thường kỳ tháng 12/2026 (03/12)",
        "Sinh hoạt thường kỳ tháng 11/2026 (03/11)",
    ]
    replies = await chat.send("chi", "2")
    assert replies[-1].text.startswith("Chi bộ Thôn 1, tháng 11/2026:")


async def test_a_reminder_button_opens_the_month_it_is_about(world: World) -> None:
    world.clock.set(datetime(2026, 12, 5, 2, 0, tzinfo=UTC))
    replies = await world.chat.send("chi", choice="/baocao 2026-11")
    assert replies[-1].text.startswith("Chi bộ Thôn 1, tháng 11/2026:")
    assert "Lịch họp: 03/11/2026" in replies[-1].text


# ---------------------------------------------------------------- topic sessions


async def test_after_the_regular_report_a_separate_topic_session_can_be_reported(
    world: World,
) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", t) for t in ["/baocao", "1", "2", "1", "1", "1"]])
    replies = await chat.send("chi", "/baocao")
    assert "Báo cáo sinh hoạt của tháng đã gửi" in replies[-1].text
    assert last_choices(replies) == [
        "Sinh hoạt chuyên đề quý IV/2026 (dự kiến tháng 10/2026)",  # as /lich plans it
        "Sửa báo cáo",
    ]
    said = await exchange(
        chat,
        "chi",
        [("text", t) for t in ["1", "1", "hôm qua", "Học tập Nghị quyết 21", "đủ", "2", "2", "1"]],
    )
    # the month is the one it is held in, said once the day is: not before
    assert "Chi bộ Thôn 1, sinh hoạt chuyên đề quý IV/2026:" in said[0]
    assert "sinh hoạt chuyên đề quý IV/2026 (tháng 11/2026):" in said[2]
    said = await chat.say("chi", "1")
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said
    stored = sorted(await rows(world, MeetingReport), key=lambda r: r.slot)
    assert [(r.slot, r.kind) for r in stored] == [("monthly", "regular"), ("topic", "topic")]
    assert stored[1].topic_title == "Học tập Nghị quyết 21"
    async with world.database.transaction() as session:
        topic = await Repositories(session).meetings.get(stored[0].cell_id, "2026-Q4")
    assert topic is not None and topic.status == "reported"


async def test_a_topic_session_not_held_is_not_reported(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", t) for t in ["/baocao", "1", "2", "1", "1", "1"]])
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "1"), ("text", "2")])
    assert "chưa cần báo cáo" in said[-1]
    assert len(await rows(world, MeetingReport)) == 1


# ---------------------------------------------------------------- the one-line form


async def test_the_readme_line_takes_one_confirmation(world: World) -> None:
    chat = world.chat
    said = await chat.say("chi", "/baocao 17/18 vkl 1 ct co nq co xl tot")
    assert "Đã đọc từ dòng đồng chí gửi:" in said
    assert "Ngày họp: 03/11/2026 (thứ Ba)" in said  # from the schedule
    assert "Hình thức: Sinh hoạt thường kỳ" in said
    assert "Có mặt 17/18" in said and "Vắng có lý do 0, không lý do 1" in said
    assert "Đồng chí gửi báo cáo chứ?" in said
    said = await chat.say("chi", "1")
    assert SENT in said
    [row] = await rows(world, MeetingReport)
    assert (row.present, row.absent_unexcused, row.upper_attended) == (17, 1, True)


async def test_a_line_changing_the_roll_asks_before_changing_it(world: World) -> None:
    chat = world.chat
    said = await chat.say("chi", "/baocao 18/20 vkl 1 ct khong nq co xl tot")
    assert "chi bộ có 20 đảng viên; trước nay là 18. Số nào đúng?" in said
    said = await chat.say("chi", "2")  # still 18
    assert "Có mặt bao nhiêu đồng chí (trên 18)?" in said
    await exchange(chat, "chi", [("text", "17"), ("text", "1"), ("text", "1")])
    assert await cell_roll(world, "Chi bộ Thôn 1") == 18
    [row] = await rows(world, MeetingReport)
    assert (row.on_roll, row.present) == (18, 17)


async def test_more_present_than_members_is_said_once_without_a_loop(world: World) -> None:
    chat = world.chat
    said = await chat.say("chi", "/baocao 16/15 xl tot")
    assert "Số nào đúng?" in said  # 15 or 18 first
    said = await chat.say("chi", "1")  # 15 now
    assert "Số người có mặt (16) lớn hơn số đảng viên (15)" in said
    assert "-1" not in said
    said = await chat.say("chi", "16")
    assert "lớn hơn" in said or "từ 0 đến 15" in said
    said = await chat.say("chi", "15")
    assert "cấp ủy cấp trên" in said


async def test_a_line_with_mistakes_keeps_what_it_read(world: World) -> None:
    chat = world.chat
    said = await chat.say("chi", "/baocao 17/18 vkl 1 abc")
    assert "Không đọc được «abc»" in said
    assert "- Có mặt 17/18 (94,4%)" in said  # what was read is shown, not nothing
    assert "cấp ủy cấp trên" in said  # date and kind from the schedule, absences from the line


async def test_a_line_typed_in_the_middle(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    said = await chat.say("chi", "cm 16/18 vcl 2, ct khong, nq co, xl kha")
    assert "Có mặt 16/18" in said and "Vắng có lý do 2, không lý do 0" in said
    assert "Đồng chí gửi báo cáo chứ?" in said


# ---------------------------------------------------------------- not held, changes


async def test_not_held_with_a_new_date_moves_the_meeting(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    said = await chat.say("chi", "chưa họp")
    assert "Vì sao chưa họp?" in said
    said = await chat.say("chi", "Mưa bão")
    assert "ví dụ 27/11" in said  # an example valid for this month
    said = await chat.say("chi", "05/12")
    assert "tháng 11/2026" in said  # must stay in the month: one rule, one message
    said = await chat.say("chi", "27/11")
    assert "Ngày họp mới: 27/11/2026 (thứ Sáu)" in said
    said = await chat.say("chi", "1")
    assert SENT in said and "Lịch họp mới: 27/11/2026 (thứ Sáu)." in said
    [row] = await rows(world, MeetingReport)
    assert row.held is False and row.new_date == date(2026, 11, 27)
    async with world.database.transaction() as session:
        meeting = await Repositories(session).meetings.get(row.cell_id, "2026-11")
    assert meeting is not None and meeting.status == "moved"
    # Held on the new date (27/11 at 19:30): /baocao after it reports it into the same row, as
    # a new version.
    world.clock.advance(timedelta(days=3, hours=12))
    said = await chat.say("chi", "/baocao")
    assert "Lịch họp: 27/11/2026" in said
    await exchange(chat, "chi", [("tap", p) for p in ["planned_all", "no", "yes", "good", "send"]])
    [row] = await rows(world, MeetingReport)
    assert row.held and row.version == 2
    async with world.database.transaction() as session:
        meeting = await Repositories(session).meetings.get(row.cell_id, "2026-11")
        versions = (await session.exec(select(MeetingReportVersion))).all()
    assert meeting is not None and meeting.status == "reported" and len(versions) == 2


async def test_not_held_without_a_date(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "4"), ("text", "Tết")])
    said = await chat.say("chi", "chưa")  # «chưa»: no date yet
    assert "Ngày họp mới: chưa có" in said
    assert SENT in await chat.say("chi", "1")
    [row] = await rows(world, MeetingReport)
    async with world.database.transaction() as session:
        meeting = await Repositories(session).meetings.get(row.cell_id, "2026-11")
    assert meeting is not None and meeting.status == "reported" and meeting.held is False


async def test_change_one_answer_and_cancel(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    await exchange(chat, "chi", [("tap", p) for p in ["planned_all", "no", "yes", "good"]])
    said = await chat.say("chi", "2")
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
    assert await rows(world, MeetingReport) == []


async def test_officers_cannot_use_baocao(world: World) -> None:
    said = await world.chat.say("binh", "/baocao")
    assert "không dành cho vai trò của đồng chí" in said


async def test_help_shows_the_one_line_form_to_secretaries_only(world: World) -> None:
    secretary = await world.chat.say("chi", "/trogiup")
    assert "/baocao 17/18 vkl 1 ct co nq co xl tot" in secretary and "/solieu" in secretary
    officer = await world.chat.say("binh", "/trogiup")
    assert "/baocao 17/18" not in officer and "/tonghop" in officer


def test_a_quarter_typed_after_baocao() -> None:
    today = date(2026, 12, 1)
    assert period_said("quý 4", today) == Quarter(2026, 4)
    assert period_said("Quy IV/2026", today) == Quarter(2026, 4)
    assert period_said("q3", today) == Quarter(2026, 3)
    assert period_said("chuyên đề", today) == Quarter(2026, 4)
    assert period_said("quý 2", date(2026, 1, 5)) == Quarter(2025, 2)  # not begun this year
    assert period_said("17/18 vkl 1", today) is None
