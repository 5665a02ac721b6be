"""«/baocao quý 4» offers another topic session of a quarter whose one is reported: choosing it
opens the topic-session report, not the month's regular meeting (audit F21)."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, last_choices, rows

from storage.models import MeetingReport


async def test_the_offered_second_topic_session_is_the_one_reported(world: World) -> None:
    chat = world.chat
    await chat.say("tu", "/baocao")
    await chat.say("tu", "1")  # Thôn 2
    await chat.say("tu", "2")  # its topic session of quarter IV, planned in November
    said = ""
    for typed in ["1", "hôm qua", "Chuyển đổi số", "đủ", "2", "2", "1", "1"]:
        said = await chat.say("tu", typed)
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said, said
    world.clock.set(datetime(2026, 12, 2, 13, 30, tzinfo=UTC))  # 02/12, 20:30 in Hà Nội
    await chat.say("tu", "/baocao quý 4")
    replies = await chat.send("tu", "1")  # Thôn 2
    offered = last_choices(replies)
    assert offered[0].startswith("Sinh hoạt chuyên đề quý IV/2026"), offered
    said = await chat.say("tu", "1")
    assert "Chi bộ Thôn 2, sinh hoạt chuyên đề quý IV/2026" in said, said
    assert "tháng 12/2026:" not in said
    for typed in ["1", "hôm qua", "Nghị quyết Đại hội", "đủ", "2", "2", "1", "1"]:
        said = await chat.say("tu", typed)
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said, said
    topics = sorted(r.period for r in await rows(world, MeetingReport) if r.slot == "topic")
    assert topics == ["2026-11", "2026-12"]
