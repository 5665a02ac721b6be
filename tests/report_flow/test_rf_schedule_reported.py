"""/lich and /doilich once the month's meeting is reported early (on 01/12, planned 03/12): it is
not upcoming any more, /doilich says why it offers January; a time alone moves only the hour;
/trogiup in the middle repeats the question; a reason must be words, and a cancel word or a date
typed for the reason is no reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rf_world import World, rows

from storage.models import Cell, MeetingMove

REASON = "Lý do đổi lịch là gì?"


async def december_reported(world: World) -> None:
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # Tuesday 01/12/2026 09:00
    said = await world.chat.say("chi", "/baocao hop hom nay, 18/18 ct khong nq co xl tot")
    assert "Chi bộ Thôn 1, tháng 12/2026:" in said
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 12/2026" in await world.chat.say("chi", "1")


async def test_a_reported_meeting_is_not_upcoming(world: World) -> None:
    await december_reported(world)
    said = await world.chat.say("chi", "/lich")
    assert "03/12/2026" not in said
    assert "- 04/01/2027 (thứ Hai) lúc 19:30: sinh hoạt thường kỳ" in said
    assert "- Buổi sinh hoạt thường kỳ tháng 12/2026: đã báo cáo." in said
    assert said.count(": sinh hoạt thường kỳ") == 3  # still three meetings ahead


async def test_doilich_says_december_is_reported_and_takes_a_time_alone(world: World) -> None:
    chat = world.chat
    await december_reported(world)
    said = await chat.say("chi", "/doilich")
    assert said.startswith("Buổi sinh hoạt thường kỳ tháng 12/2026 đã báo cáo rồi.\n")
    assert "tháng 01/2027" in said
    for typed in ("8 giờ tối", "20h", "20:00"):
        said = await chat.say("chi", typed)
        assert "Không đọc được ngày" not in said
        assert "Ngày mới: 04/01/2027 (thứ Hai) lúc 20:00." in said and REASON in said
        if typed != "20:00":
            await chat.say("chi", "/huy")
            await chat.say("chi", "/doilich")
    said = await chat.say("chi", "họp chi ủy mở rộng")
    assert "nay vào ngày 04/01/2027 (thứ Hai) lúc 20:00" in said


async def test_help_in_the_middle_of_doilich_repeats_the_question(world: World) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    await chat.say("chi", "/doilich")
    replies = await chat.send("chi", "/trogiup")
    assert "Những gì đồng chí đã nhập vẫn được giữ" in replies[-2].text
    assert "Đồng chí gõ ngày mới" in replies[-1].text
    await chat.say("chi", "05/12 20:00")
    replies = await chat.send("chi", "/trogiup")
    assert "Ngày mới: 05/12/2026 (thứ Bảy) lúc 20:00." in replies[-1].text
    assert REASON in replies[-1].text
    said = await chat.say("chi", "nghỉ lễ")
    assert "nay vào ngày 05/12/2026 (thứ Bảy) lúc 20:00" in said


async def test_a_reason_of_one_number_or_letter_is_asked_again(world: World) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    await chat.say("chi", "/doilich")
    await chat.say("chi", "05/12")
    for typed in ("1", "x", "2."):
        said = await chat.say("chi", typed)
        assert f"«{typed}» chưa phải là lý do" in said and REASON in said
    said = await chat.say("chi", "trùng lịch họp thôn")
    assert "Đã đổi lịch" in said
    said = await chat.say("binh", "/lich nay")
    assert "lý do: 1" not in said and "trùng lịch họp thôn" in said


@pytest.mark.parametrize("typed", ["huy", "hủy", "huỷ", "Hủy.", "thoi", "thôi", "cancel", "huy bo"])
async def test_a_cancel_word_for_the_reason_cancels_the_move(world: World, typed: str) -> None:
    """«huy» at the reason question was saved as the reason: the meeting moved, «lý do: huy»."""
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    await chat.say("chi", "/doilich")
    said = await chat.say("chi", "chu nhat 7g30")
    assert "Ngày mới: 06/12/2026 (Chủ nhật) lúc 07:30." in said and REASON in said
    assert await chat.say("chi", typed) == "Đã hủy, không lưu gì."
    assert await rows(world, MeetingMove) == []
    assert "03/12/2026 (thứ Năm) lúc 19:30" in await chat.say("chi", "/lich")


async def test_a_date_typed_for_the_reason_is_the_new_date(world: World) -> None:
    """«6/12 8h» at the reason question was saved as the reason, the meeting moved to the date
    typed before: a date, a time or both are the day corrected, and the reason asked again."""
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    await chat.say("chi", "/doilich")
    await chat.say("chi", "chu nhat 7g30")
    said = await chat.say("chi", "6/12 8h")
    assert said.startswith("Ngày mới: 06/12/2026 (Chủ nhật) lúc 08:00.") and REASON in said
    said = await chat.say("chi", "20h")  # a time alone: on the new date
    assert said.startswith("Ngày mới: 06/12/2026 (Chủ nhật) lúc 20:00.") and REASON in said
    said = await chat.say("chi", "thu 7")  # a date alone: at the new time
    assert said.startswith("Ngày mới: 05/12/2026 (thứ Bảy) lúc 20:00.") and REASON in said
    said = await chat.say("chi", "5/1/2027")  # outside the month: the date asked again
    assert "phải diễn ra trong tháng" in said and REASON not in said
    said = await chat.say("chi", "5/12")
    assert "Ngày mới: 05/12/2026 (thứ Bảy) lúc 19:30." in said and REASON in said
    said = await chat.say("chi", "trùng lịch họp thôn")
    assert "nay vào ngày 05/12/2026 (thứ Bảy) lúc 19:30" in said
    moves = await rows(world, MeetingMove)
    assert [(m.to_date.isoformat(), m.to_time, m.reason) for m in moves] == [
        ("2026-12-05", "19:30", "trùng lịch họp thôn")
    ]


async def test_an_officer_s_month_menu_takes_words_and_lets_anything_else_through(
    world: World,
) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    assert "Đồng chí xem tháng nào?" in await chat.say("binh", "/lich")
    assert "tháng 01/2027" in await chat.say("binh", "thang sau")
    assert "Đồng chí xem tháng nào?" in await chat.say("binh", "/lich")
    # a greeting or a question is no month: answered as if nothing were pending
    said = await chat.say("binh", "xin chào")
    assert said.startswith("Chào đồng chí") and "xem tháng nào" not in said
    assert "Chọn ngôn ngữ / Choose your language:" in await chat.say("binh", "/ngonngu")
    said = await chat.say("binh", "cam on")
    assert "không có gì" in said and "ngôn ngữ" not in said


async def test_an_officer_s_lich_takes_a_month(world: World) -> None:
    """«/lich thang 12», «/lich 1/2027» asked «Tháng này / Tháng sau»; «lich thang 12» typed
    without a slash went to the plans («Chưa tìm thấy…»)."""
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    for typed, shown in (
        ("/lich thang 12", "tháng 12/2026"),
        ("/lich tháng 1/2027", "tháng 01/2027"),
        ("/lich 1/2027", "tháng 01/2027"),
        ("/lich 12/2026", "tháng 12/2026"),
        ("/lich thang truoc", "tháng 11/2026"),
        ("/lich thang 1", "tháng 01/2027"),  # without a year: the nearest, ahead
        ("lich thang 12", "tháng 12/2026"),
        ("lịch tháng 1/2027", "tháng 01/2027"),
        ("lich hop thang truoc", "tháng 11/2026"),
    ):
        said = await chat.say("binh", typed)
        assert said.startswith(f"Lịch sinh hoạt {shown} ("), (typed, said)
        if shown == "tháng 01/2027":  # another month's undated topic sessions are due in it
            assert "quý I/2027 dự kiến trong tháng 01/2027, chưa định ngày" in said, said
            assert "trong tháng này" not in said
    said = await chat.say("binh", "/lich thang 13")
    assert "Không có tháng 13" in said and "Đồng chí xem tháng nào?" in said
    said = await chat.say("binh", "1/2028")  # at the menu: too far, said, asked again
    assert "từ tháng 12/2025 đến tháng 12/2027" in said and "Đồng chí xem tháng nào?" in said
    assert await chat.say("binh", "thang 11/2026") == await chat.say("binh", "/lich thang truoc")
    said = await chat.say("binh", "lich thang 12/2030")
    assert "đến tháng 12/2027" in said and "Chưa tìm thấy" not in said


async def test_a_dated_topic_session_past_its_day_is_not_shown_as_ahead(world: World) -> None:
    """Thôn 1 dates its topic session on the 1st of the quarter's last month: on 10/12, not
    reported, /lich listed «ngày 01/12/2026 (thứ Ba) lúc 19:30» under the meetings ahead."""
    async with world.database.transaction() as session:
        cell = await session.get(Cell, world.cells["Chi bộ Thôn 1"].id)
        assert cell is not None
        cell.topic_rule = {
            "month_of_quarter": 3,
            "combined": False,
            "rule": {"kind": "day_of_month", "day": 1, "time": "19:30"},
        }
        session.add(cell)
    world.clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))  # Thursday 10/12/2026 09:00
    said = await world.chat.say("chi", "/lich")
    assert (
        "- Sinh hoạt chuyên đề quý IV/2026: chưa báo cáo (theo lịch: thứ Ba 01/12/2026); quý kết"
        " thúc ngày 31/12/2026 (thứ Năm)." in said
    ), said
    assert "ngày 01/12/2026 (thứ Ba) lúc 19:30" not in said


OWED_NOVEMBER = (
    "Chưa báo cáo: buổi sinh hoạt tháng 11/2026, ngày 03/11/2026 (thứ Ba); gõ /baocao để báo "
    "cáo (nhận báo cáo đến hết thứ Năm 10/12/2026)."
)


async def test_lich_tells_a_held_meeting_still_to_report_until_its_window_ends(
    world: World,
) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # November's meeting was 03/11
    said = await chat.say("chi", "/lich")
    assert said.endswith(OWED_NOVEMBER)
    assert "tháng 12/2026, ngày 03/12" not in said  # December's is still ahead
    # returned for correction: said so, with the same way back
    said = await chat.say("chi", "/baocao hop 03/11, 18/18 ct khong nq co xl tot")
    assert "Chi bộ Thôn 1, tháng 11/2026:" in said
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in await chat.say("chi", "1")
    assert "Chưa báo cáo: buổi sinh hoạt tháng 11" not in await chat.say("chi", "/lich")
    await chat.say("binh", "/tonghop thang 11")
    await chat.say("binh", "Trả lại báo cáo để sửa")
    await chat.say("binh", "Chi bộ Thôn 1")
    await chat.say("binh", "Ghi rõ số vắng")
    assert "Đã trả lại báo cáo" in await chat.say("binh", "1")
    said = await chat.say("chi", "/lich")
    assert (
        "Bị trả lại để sửa: báo cáo buổi sinh hoạt tháng 11/2026, ngày 03/11/2026 (thứ Ba); gõ "
        "/baocao để sửa và gửi lại (nhận báo cáo đến hết thứ Năm 10/12/2026)."
    ) in said
    # once November's reports are no longer taken, November is owed no more; December's
    # meeting, held on 03/12, is
    world.clock.set(datetime(2026, 12, 11, 2, 0, tzinfo=UTC))
    said = await chat.say("chi", "/lich")
    assert "tháng 11/2026" not in said and "Bị trả lại" not in said
    assert said.endswith(
        "Chưa báo cáo: buổi sinh hoạt tháng 12/2026, ngày 03/12/2026 (thứ Năm); gõ /baocao để "
        "báo cáo (nhận báo cáo đến hết Chủ nhật 10/01/2027)."
    )
