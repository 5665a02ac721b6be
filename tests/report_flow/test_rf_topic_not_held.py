"""A meeting combined with the quarter's topic session, reported, returned by the officer and
changed to «Chưa họp»: the topic session is owed again everywhere. Before, /lich said «Sinh
hoạt chuyên đề quý IV/2026: đã báo cáo.» while the officer's summary counted IV 0/9, and the
quarter's last reminder never went out."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, exchange

from services.reminder_planning import plan_all
from storage.models import Cell, Reminder
from storage.repos import Repositories

COMBINED = (
    "/baocao hop 03/11, cm 18/18, loai ket hop, cd: Nghị quyết Đại hội, ct khong, nq co, xl tot"
)
TOPIC_REPORTED = "- Sinh hoạt chuyên đề quý IV/2026: đã báo cáo."
TOPIC_OWED = "- Sinh hoạt chuyên đề quý IV/2026: chưa báo cáo (dự kiến tháng 10/2026);"


async def report_combined_then_not_held(world: World) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", COMBINED), ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1]
    assert TOPIC_REPORTED in await chat.say("chi", "/lich")
    await chat.say("binh", "/tonghop")
    await chat.send("binh", choice="return")
    said = await exchange(chat, "binh", [("text", "1"), ("text", "Xem lại"), ("text", "1")])
    assert "Đã trả lại báo cáo sinh hoạt tháng 11/2026" in said[-1]
    await chat.say("chi", "/sua")
    await chat.send("chi", choice="change")
    said = await exchange(chat, "chi", [("text", "1"), ("text", "4"), ("text", "Mưa bão")])
    said += await exchange(chat, "chi", [("text", "chua"), ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt tháng 11/2026 đã sửa" in said[-1], said


async def test_a_combined_meeting_changed_to_not_held_leaves_the_topic_session_owed(
    world: World,
) -> None:
    await report_combined_then_not_held(world)
    said = await world.chat.say("chi", "/lich")
    assert TOPIC_REPORTED not in said and TOPIC_OWED in said, said
    assert "IV 0/9" in await world.chat.say("binh", "/tonghop")


async def test_the_quarter_s_last_reminder_still_goes_out(world: World) -> None:
    await plan_all(world.database, world.clock)
    await report_combined_then_not_held(world)
    world.clock.set(datetime(2026, 12, 18, 1, 30, tzinfo=UTC))  # 18/12 08:30 in Hà Nội
    await plan_all(world.database, world.clock)
    await world.chat.remind()
    told = [r.text for r in world.chat.channel.to("chi")]
    assert any("chưa báo cáo buổi sinh hoạt chuyên đề quý IV/2026" in text for text in told), told


async def test_a_reminder_closed_by_the_combined_report_is_due_again(world: World) -> None:
    """The quarter's last call, planned before the report (within its week), was closed as no
    longer needed when the combined meeting was reported; the change to not held opens it."""
    world.clock.set(datetime(2026, 12, 14, 2, 0, tzinfo=UTC))  # 14/12: the last call is near
    await plan_all(world.database, world.clock)
    chat = world.chat
    said = await exchange(
        chat, "chi", [("text", COMBINED.replace("03/11", "03/12")), ("text", "1")]
    )
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 12/2026" in said[-1], said
    async with world.database.transaction() as session:
        repos = Repositories(session)
        closed = [r for r in await repos.reminders.reminders() if r.period == "2026-Q4"]
    cell = world.cells["Chi bộ Thôn 1"].id
    assert [r.status for r in closed if r.offset == "last_call" and r.cell_id == cell] == ["stale"]
    await chat.say("binh", "/tonghop 12/2026")
    await chat.send("binh", choice="return")
    await exchange(chat, "binh", [("text", "1"), ("text", "Xem lại"), ("text", "1")])
    await chat.say("chi", "/sua")
    await chat.send("chi", choice="change")
    await exchange(chat, "chi", [("text", "1"), ("text", "4"), ("text", "Mưa bão")])
    said = await exchange(chat, "chi", [("text", "chua"), ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt tháng 12/2026 đã sửa" in said[-1], said
    async with world.database.transaction() as session:
        rows: list[Reminder] = [
            r for r in await Repositories(session).reminders.reminders() if r.period == "2026-Q4"
        ]
    assert [r.status for r in rows if r.offset == "last_call" and r.cell_id == cell] == ["pending"]


async def test_a_combined_month_reported_not_held_leaves_the_topic_session_owed(
    world: World,
) -> None:
    """Thôn 1 set to hold its topic session with December's meeting, as the tester's cell: the
    month reported not held, /lich says the session is owed, not «with the meeting of 12/2026»
    (a meeting already reported) nor «reported»."""
    async with world.database.transaction() as session:
        cell = await session.get(Cell, world.cells["Chi bộ Thôn 1"].id)
        assert cell is not None
        cell.topic_rule = {"month_of_quarter": 0}
        session.add(cell)
    world.clock.set(datetime(2026, 12, 4, 2, 0, tzinfo=UTC))  # 04/12, after the meeting of 03/12
    chat = world.chat
    said = await exchange(
        chat, "chi", [("text", COMBINED.replace("03/11", "03/12")), ("text", "1")]
    )
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 12/2026" in said[-1], said
    await chat.say("binh", "/tonghop 12/2026")
    await chat.send("binh", choice="return")
    await exchange(chat, "binh", [("text", "1"), ("text", "Xem lại"), ("text", "1")])
    await chat.say("chi", "/sua")
    await chat.send("chi", choice="change")
    await exchange(chat, "chi", [("text", "1"), ("text", "4"), ("text", "Mưa bão")])
    said = await exchange(chat, "chi", [("text", "chua"), ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt tháng 12/2026 đã sửa" in said[-1], said
    said = await chat.say("chi", "/lich")
    assert (
        "- Sinh hoạt chuyên đề quý IV/2026: chưa báo cáo (dự kiến tháng 12/2026); quý kết thúc "
        "ngày 31/12/2026 (thứ Năm)." in said
    ), said
