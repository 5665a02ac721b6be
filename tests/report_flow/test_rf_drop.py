"""«Hủy» on the summary of a report with its answers asks once more before dropping them: on a
phone keypad 4 sits under 1, and one mistyped digit threw away ten answers («Đã hủy, không lưu
gì.» at once). A correction that changed nothing is dropped at once; /huy typed is itself."""

from __future__ import annotations

from rf_world import World, exchange, last_choices, rows

from storage.models import MeetingReport

SURE = "Bỏ cả báo cáo này? Những gì đồng chí đã nhập sẽ không được lưu."
SUMMARY = "Đồng chí gửi báo cáo chứ?"



async def at_the_summary(world: World) -> None:
    said = await exchange(
        world.chat, "chi", [("text", t) for t in ("/baocao", "2", "16", "0", "2", "1", "1")]
    )
    assert SUMMARY in said[-1]


async def test_four_on_the_summary_asks_before_dropping(world: World) -> None:
    chat = world.chat
    await at_the_summary(world)
    replies = await chat.send("chi", "4")
    assert SURE in replies[-1].text
    assert last_choices(replies) == ["Bỏ báo cáo", "Quay lại báo cáo"]
    said = await chat.say("chi", "2")
    assert SUMMARY in said and "Có mặt 16/18" in said  # nothing lost
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in await chat.say("chi", "1")
    assert len(await rows(world, MeetingReport)) == 1


async def test_dropped_when_said_twice(world: World) -> None:
    chat = world.chat
    await at_the_summary(world)
    assert SURE in await chat.say("chi", "huy")  # the choice's word, as its number
    said = await chat.say("chi", "ok")
    assert "Đồng chí chọn một mục (gõ số thứ tự)." in said and SURE in said
    assert "Đã hủy, không lưu gì." in await chat.say("chi", "1")
    assert await rows(world, MeetingReport) == []
    said = await chat.say("chi", "/baocao")  # begins again: nothing kept
    assert "Chi bộ đã họp chưa?" in said and "Đã nhập" not in said


async def test_a_correction_that_changed_nothing_is_dropped_at_once(world: World) -> None:
    chat = world.chat
    await at_the_summary(world)
    await chat.say("chi", "1")
    assert "Đồng chí gửi báo cáo đã sửa chứ?" in await chat.say("chi", "/sua")
    assert "Đã hủy, không lưu gì." in await chat.say("chi", "4")
    await chat.say("chi", "/sua")
    await chat.say("chi", "2")  # «Sửa một mục»
    await chat.say("chi", "Xếp loại")
    assert "Xếp loại: Khá" in await chat.say("chi", "kha")
    said = await chat.say("chi", "4")
    assert "Bỏ những thay đổi vừa nhập? Báo cáo đã gửi giữ nguyên như cũ." in said
    assert "Đã hủy, không lưu gì." in await chat.say("chi", "1")
    (row,) = await rows(world, MeetingReport)
    assert row.grade == "good"
