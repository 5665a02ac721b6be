"""A day typed straight at «Chi bộ đã họp chưa?» (or with other answers at a later question) is
checked as the date question checks it: on 02/12, «hôm qua» (01/12) is no day of November's
meeting, and a topic session held on 01/12 counts for December (audit F31, F30)."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, rows

from storage.models import MeetingReport

REFUSED = "Ngày 01/12/2026 (thứ Ba) thuộc tháng 12/2026, còn báo cáo này là của tháng 11/2026"
DAY = "Chi bộ họp ngày nào trong tháng 11/2026?"
PRESENT = "Có mặt bao nhiêu đồng chí"


async def on_december_2nd(world: World) -> None:
    world.clock.set(datetime(2026, 12, 2, 13, 30, tzinfo=UTC))  # 02/12, 20:30 in Hà Nội


async def test_yesterday_at_held_is_no_day_of_last_month(world: World) -> None:
    await on_december_2nd(world)
    chat = world.chat
    await chat.say("chi", "/baocao")
    assert "Chi bộ đã họp chưa?" in await chat.say("chi", "1")  # November's
    said = await chat.say("chi", "hom qua")
    assert REFUSED in said and DAY in said, said
    assert "Ngày họp: 01/12/2026" not in said
    said = await chat.say("chi", "05/11")
    assert PRESENT in said, said
    said = await chat.say("chi", "hom qua")  # at the count: the day said stays November's
    assert REFUSED in said and PRESENT in said, said
    for typed in ["đủ", "2", "2", "1", "1"]:
        said = await chat.say("chi", typed)
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said, said
    (report,) = await rows(world, MeetingReport)
    assert report.period == "2026-11" and str(report.meeting_date) == "2026-11-05"


async def test_a_line_at_held_with_a_day_of_another_month_takes_the_rest(world: World) -> None:
    await on_december_2nd(world)
    chat = world.chat
    await chat.say("chi", "/baocao")
    await chat.say("chi", "1")
    said = await chat.say("chi", "hop hom qua, co mat 17")
    assert REFUSED in said and DAY in said, said
    said = await chat.say("chi", "30/11")
    assert PRESENT not in said, said  # 17 present was taken with the line


async def test_a_topic_session_held_yesterday_counts_for_december(world: World) -> None:
    await on_december_2nd(world)
    chat = world.chat
    await chat.say("tu", "/baocao")
    await chat.say("tu", "1")  # Thôn 2
    assert "Chi bộ đã họp chưa?" in await chat.say("tu", "2")  # the quarter's topic session
    said = await chat.say("tu", "hom qua")
    assert "sinh hoạt chuyên đề quý IV/2026 (tháng 12/2026)" in said, said
    assert "Ngày họp: 01/12/2026" in said
    for typed in ["Chuyển đổi số", "đủ", "2", "2", "1", "1"]:
        said = await chat.say("tu", typed)
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said, said
    (report,) = await rows(world, MeetingReport)
    assert report.period == "2026-12"
    december = await chat.say("binh", "/tonghop 12/2026")
    assert "Sinh hoạt chuyên đề tháng 12/2026: 1 buổi" in december, december
    november = await chat.say("binh", "/tonghop 11/2026")
    assert "Sinh hoạt chuyên đề tháng 11/2026: 0 buổi" in november, november
