"""A meeting planned for later today is not held yet: at 10:00 on Thursday 03/12, Chi bộ Thôn 1
(meets 19:30 on the 3rd) had /baocao list December's meeting first, above the overdue November
one, and «Đã họp đúng lịch» record it as held. Now it comes after November's, and «held as
planned» is refused, as a typed day still to come is; a day typed as today is still taken
(the cell may have met earlier)."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, exchange, last_choices, rows

from storage.models import MeetingReport

HELD = "Chi bộ đã họp chưa?"
REFUSED = (
    "Lịch họp là 19:30 hôm nay, 03/12/2026 (thứ Năm): chưa tới giờ họp. Họp xong, đồng chí gõ "
    "/baocao để báo cáo; nếu chi bộ đã họp sớm hơn trong ngày, chọn «Họp ngày khác»."
)


async def at_ten_on_meeting_day(world: World) -> list[str]:
    world.clock.set(datetime(2026, 12, 3, 3, 0, tzinfo=UTC))  # 03/12, 10:00 in Hà Nội
    return last_choices(await world.chat.send("chi", "/baocao"))


async def test_the_meeting_of_later_today_comes_after_the_overdue_one(world: World) -> None:
    assert await at_ten_on_meeting_day(world) == [
        "Sinh hoạt thường kỳ tháng 11/2026 (03/11)",
        "Sinh hoạt thường kỳ tháng 12/2026 (03/12)",
    ]


async def test_held_as_planned_is_refused_before_its_hour(world: World) -> None:
    chat = world.chat
    await at_ten_on_meeting_day(world)
    assert HELD in await chat.say("chi", "2")  # December's
    for typed in ("1", "2"):  # «Đã họp đúng lịch, đủ …», «… có người vắng»
        said = await chat.say("chi", typed)
        assert REFUSED in said and HELD in said, said
    assert await rows(world, MeetingReport) == []
    # met earlier today: a day typed as today is taken
    assert "Chi bộ họp ngày nào?" in await chat.say("chi", "3")
    assert "Có mặt bao nhiêu đồng chí" in await chat.say("chi", "hom nay")
    said = await exchange(chat, "chi", [("text", t) for t in ("du", "2", "1", "1")])
    assert "Ngày họp: 03/12/2026 (thứ Năm)" in said[-1], said[-1]


async def test_held_as_planned_is_taken_once_its_hour_has_come(world: World) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 3, 12, 30, tzinfo=UTC))  # 19:30 in Hà Nội
    await chat.say("chi", "/baocao")
    assert HELD in await chat.say("chi", "1")  # December's: begun, first again
    said = await chat.say("chi", "1")
    assert REFUSED not in said and "Có đồng chí cấp ủy cấp trên dự không?" in said


async def test_not_held_before_its_hour_asks_whether_not_yet(world: World) -> None:
    """«Chưa họp» at 10:00 of a meeting at 19:30 may mean "not yet": asked, as of a day ahead,
    before a not-held report cancels the meeting."""
    chat = world.chat
    await at_ten_on_meeting_day(world)
    await chat.say("chi", "2")  # December's
    said = await chat.say("chi", "4")  # «Chưa họp»
    assert "Lịch họp là 19:30 hôm nay, 03/12/2026 (thứ Năm), còn chưa tới giờ. Ý đồng chí là:" in (
        said
    ), said
    assert "Chưa ghi gì" in await chat.say("chi", "1")
    assert await rows(world, MeetingReport) == []


async def test_a_line_without_a_day_is_not_taken_as_held_before_its_hour(world: World) -> None:
    """At 10:00, a line with no day for December's meeting of 19:30 today was taken as held on
    03/12; now whether it was held is asked, with why, the line's answers kept; a day typed as
    today is still taken."""
    chat = world.chat
    await at_ten_on_meeting_day(world)
    await chat.say("chi", "/huy")
    said = await chat.say("chi", "/baocao cm 16/18, vcl 2, vkl 0, ct khong, nq co, xl tot")
    assert "Đồng chí báo cáo buổi sinh hoạt nào?" in said, said
    said = await chat.say("chi", "2")  # December's
    assert REFUSED in said and HELD in said and "Ngày họp: 03/12/2026" not in said, said
    said = await chat.say("chi", "1")  # «Đã họp đúng lịch»: refused as ever
    assert REFUSED in said and HELD in said, said
    assert await rows(world, MeetingReport) == []
    assert "Chi bộ họp ngày nào?" in await chat.say("chi", "3")
    said = await chat.say("chi", "hom nay")
    assert "Ngày họp: 03/12/2026 (thứ Năm)" in said and "Có mặt 16/18" in said, said


async def test_a_line_typed_at_the_question_before_its_hour(world: World) -> None:
    chat = world.chat
    await at_ten_on_meeting_day(world)
    await chat.say("chi", "2")  # December's
    said = await chat.say("chi", "cm 16/18 vcl 2 vkl 0 ct khong nq co xl tot")
    assert REFUSED in said and HELD in said and "Ngày họp: 03/12/2026" not in said, said
