"""«Báo cáo ngay» in an officer's nudge about one month opens that month's report, even when
another month is open too (on 01/12, November and December): before, it opened the menu of
open meetings, one exchange more and a chance to report the wrong one."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, last_choices


async def test_report_now_opens_the_nudged_month(world: World) -> None:
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # Tuesday 01/12, 09:00
    chat = world.chat
    assert "buổi sinh hoạt nào" in await chat.say("chi", "/baocao")  # Nov and Dec both open
    await chat.say("chi", "/huy")
    await chat.say("binh", "/chuabaocao thang 11")
    await chat.say("binh", "Nhắc ngay")
    nudge = chat.channel.to("chi")[-1]
    assert "chưa báo cáo" in nudge.text and [c.label for c in nudge.choices] == ["Báo cáo ngay"]
    replies = await chat.send("chi", "1")
    said = "\n".join(r.text for r in replies)
    assert "buổi sinh hoạt nào" not in said
    assert "Chi bộ Thôn 1, tháng 11/2026:" in said and "Chi bộ đã họp chưa?" in said
    assert "Đã họp đúng lịch, có người vắng" in last_choices(replies)
