"""/lich and /doilich once the month's meeting is reported early (on 01/12, planned 03/12): it is
not upcoming any more, /doilich says why it offers January; a time alone moves only the hour;
/trogiup in the middle repeats the question; a reason must be words."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World

from storage.models import Cell

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
