"""A half-filled report survives, is reminded once the next morning, and expires after 7 days."""

from __future__ import annotations

from datetime import timedelta

from rf_world import World

from services.drafts import remind_unfinished_drafts
from storage.repos import Repositories


async def due(world: World) -> list[tuple[int, str]]:
    async with world.database.transaction() as session:
        found = await remind_unfinished_drafts(Repositories(session), world.clock.now())
    return [(account_id, reply.text) for account_id, reply in found]


async def test_unfinished_report_is_reminded_once_next_morning(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    await chat.send("chi", choice="planned")
    assert await due(world) == []
    world.clock.advance(timedelta(hours=12))  # 21:00 the same day
    assert await due(world) == []
    world.clock.advance(timedelta(hours=11))  # 08:00 the next day
    reminders = await due(world)
    assert len(reminders) == 1
    assert "Báo cáo sinh hoạt của Chi bộ Thôn 1 còn dở" in reminders[0][1]
    world.clock.advance(timedelta(hours=3))
    assert await due(world) == []  # only once
    # The draft kept what was entered: the next answer goes on where it stopped.
    said = await chat.say("chi", "15")
    assert "Vắng 3" in said


async def test_draft_expires_after_seven_days(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    world.clock.advance(timedelta(days=8))
    assert await due(world) == []
    said = await chat.say("chi", "1")
    assert "Có mặt bao nhiêu" not in said


async def test_finished_or_cancelled_reports_are_not_reminded(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/baocao")
    await chat.send("chi", "/huy")
    world.clock.advance(timedelta(days=1))
    assert await due(world) == []
