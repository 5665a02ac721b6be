"""/doilich says which date a typed day was read as before what follows from it («1» on 01/12
after 19:30 asked for a later time without saying it was read as today), and a date and time
that are the meeting's own is no move: asked again, no reason asked for a change of nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, rows

from storage.models import MeetingMove

ASK = "Đồng chí gõ ngày mới"
REASON = "Lý do đổi lịch là gì?"
SAME = "Đó đúng là ngày giờ họp hiện tại, không có gì thay đổi."



async def test_a_day_alone_is_said_as_read(world: World) -> None:
    world.clock.set(datetime(2026, 12, 1, 13, 40, tzinfo=UTC))  # 01/12, 20:40 in Hà Nội
    chat = world.chat
    assert ASK in await chat.say("chi", "/doilich")
    said = await chat.say("chi", "1")
    assert said.startswith("«1» được hiểu là ngày 01/12/2026 (thứ Ba).\nHôm nay đã quá 19:30.")
    said = await chat.say("chi", "5")
    assert "Ngày mới: 05/12/2026 (thứ Bảy) lúc 19:30." in said and REASON in said


async def test_the_meetings_own_date_is_no_move(world: World) -> None:
    world.clock.set(datetime(2026, 12, 1, 13, 40, tzinfo=UTC))
    chat = world.chat
    await chat.say("chi", "/doilich")
    for typed in ("3", "03/12", "03/12/2026 19:30"):
        said = await chat.say("chi", typed)
        assert "được hiểu là ngày 03/12/2026 (thứ Năm)." in said and SAME in said, typed
        assert REASON not in said
    said = await chat.say("chi", "03/12 20:00")  # the same day at another hour is a move
    assert "Ngày mới: 03/12/2026 (thứ Năm) lúc 20:00." in said and REASON in said
    assert "nay vào ngày 03/12/2026 (thứ Năm) lúc 20:00" in await chat.say("chi", "họp muộn")
    assert len(await rows(world, MeetingMove)) == 1


async def test_the_example_date_is_no_day_the_answer_then_warns_about(world: World) -> None:
    """Thôn 3 meets on Friday 04/12: the example was two days later, Sunday 06/12, and typing it
    got «Lưu ý: … là Chủ nhật»; it is now the first day after that which is no Sunday nor
    holiday."""
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # 01/12, 09:00 in Hà Nội
    chat = world.chat
    await chat.say("tu", "/doilich")
    said = await chat.say("tu", "Chi bộ Thôn 3")
    assert "đang định vào ngày 04/12/2026 (thứ Sáu) lúc 19:30" in said
    assert "(ví dụ 07/12/2026 19:30)" in said, said
    said = await chat.say("tu", "07/12/2026 19:30")
    assert "Lưu ý" not in said and REASON in said
