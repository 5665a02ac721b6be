"""«Chưa họp» of a meeting still ahead (December's on Thursday 03/12, asked on Tuesday 01/12):
which is meant is asked first. "Not yet" files nothing and the meeting stays planned, its
reminders with it; "not this month" is the not-held report as before. Before, «chưa họp» filed
a not-held report at once and the coming meeting vanished from /lich."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, last_choices, rows

from storage.models import MeetingReport

WHICH = "Lịch họp là 03/12/2026 (thứ Năm), còn chưa tới ngày. Ý đồng chí là:"



async def at_december(world: World) -> None:
    world.clock.set(datetime(2026, 12, 1, 13, 30, tzinfo=UTC))  # 01/12, 20:30 in Hà Nội
    chat = world.chat
    await chat.say("chi", "/baocao")
    assert "Chi bộ đã họp rồi chưa?" in await chat.say("chi", "2")  # December's, on 03/12


async def test_not_yet_files_nothing_and_the_meeting_stays(world: World) -> None:
    chat = world.chat
    await at_december(world)
    replies = await chat.send("chi", "2")  # «Chưa họp»
    assert WHICH in replies[-1].text
    assert last_choices(replies) == [
        "Chưa tới ngày: chi bộ sẽ họp, báo cáo sau buổi họp",
        "Tháng 12/2026 chi bộ không họp",
    ]
    said = await chat.say("chi", "1")
    assert "Chưa ghi gì; buổi họp vẫn theo lịch ngày 03/12/2026 (thứ Năm)." in said
    assert "/baocao" in said and "/doilich" in said
    assert await rows(world, MeetingReport) == []
    assert "03/12/2026 (thứ Năm) lúc 19:30: sinh hoạt thường kỳ" in await chat.say("chi", "/lich")


async def test_not_this_month_is_the_not_held_report(world: World) -> None:
    chat = world.chat
    await at_december(world)
    await chat.say("chi", "chua")  # typed, not picked: asked the same
    assert "Vì sao chưa họp?" in await chat.say("chi", "2")
    said = await chat.say("chi", "bận mùa vụ")  # no new date asked: not this month at all
    assert "Đã có ngày họp mới chưa?" not in said and "Đồng chí gửi báo cáo chứ?" in said
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 12/2026" in await chat.say("chi", "1")
    (row,) = await rows(world, MeetingReport)
    assert row.period == "2026-12" and not row.held


async def test_chua_hop_typed_for_the_day_is_asked_too(world: World) -> None:
    chat = world.chat
    await at_december(world)
    await chat.say("chi", "1")  # «Đã họp»: the day is asked
    assert WHICH in await chat.say("chi", "chua hop")
    assert "Chưa ghi gì" in await chat.say("chi", "1")
    assert await rows(world, MeetingReport) == []


async def test_a_meeting_past_is_not_asked(world: World) -> None:
    """November's meeting (03/11) is past: «Chưa họp» is the not-held report at once."""
    chat = world.chat
    await chat.say("chi", "/baocao")
    said = await chat.say("chi", "4")
    assert "Vì sao chưa họp?" in said and "còn chưa tới ngày" not in said


async def test_held_typed_in_words_is_the_one_held_option_of_a_meeting_ahead(
    world: World,
) -> None:
    """Only «1. Đã họp» says held here: «họp rồi» is it, not «fits more than one option»."""
    await at_december(world)
    said = await world.chat.say("chi", "họp rồi")
    assert "nhiều lựa chọn" not in said and "Chi bộ họp ngày nào?" in said, said


async def test_a_month_reported_not_held_is_said_so_and_a_day_set_later_moves_from_its_date(
    world: World,
) -> None:
    """/lich and /doilich say December was reported as not held and how to set another day
    (/sua, «Ngày họp mới»); the day set so moves the meeting from 03/12, where it stood (it
    read «dời từ ngày 10/12/2026»: the report knew only the day being set)."""
    chat = world.chat
    await at_december(world)
    await chat.say("chi", "2")
    await chat.say("chi", "2")
    await chat.say("chi", "bận mùa vụ")
    await chat.say("chi", "1")
    said = await chat.say("chi", "/lich")
    assert "- Buổi sinh hoạt thường kỳ tháng 12/2026: đã báo cáo là chưa họp, chưa có ngày họp bù." in said
    said = await chat.say("chi", "/doilich")
    assert (
        "Buổi sinh hoạt thường kỳ tháng 12/2026 đã báo cáo là chưa họp. Muốn ghi ngày họp bù, "
        "đồng chí gõ /sua rồi chọn «Ngày họp mới»." in said
    ), said
    await chat.say("chi", "/huy")
    await chat.say("chi", "/sua")
    assert "Đồng chí muốn sửa mục nào?" in await chat.say("chi", "2")
    await chat.say("chi", "3")  # «Ngày họp mới»
    assert "Ngày họp mới: 10/12/2026 (thứ Năm)" in await chat.say("chi", "10/12")
    assert "Lịch họp mới: 10/12/2026 (thứ Năm)." in await chat.say("chi", "1")
    said = await chat.say("chi", "/lich")
    assert "- 10/12/2026 (thứ Năm) lúc 19:30: sinh hoạt thường kỳ" in said
    assert "dời từ ngày 03/12/2026" in said, said


async def test_a_day_alone_is_that_day_of_the_reports_month(world: World) -> None:
    """«19» typed for December's meeting on 01/12 is 19/12, not yet come: not 19/11, refused
    as «before December»; «1» is today, 01/12."""
    chat = world.chat
    await at_december(world)
    await chat.say("chi", "1")  # «Đã họp»: the day is asked
    said = await chat.say("chi", "19")
    assert "\nNgày 19/12/2026 chưa tới." in said, said
    assert "trước tháng" not in said
    said = await chat.say("chi", "ngay 1")
    assert "Có mặt bao nhiêu đồng chí" in said, said  # taken: the present are asked
