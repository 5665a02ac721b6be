"""Editing a sent or returned report never records a meeting move the secretary did not make.
Before, a report of a meeting held on 02/11 (planned 03/11) opened in /sua asked «Lịch họp:
02/11/2026» (the day it was held, taken for the planned day), and a new date then moved the
meeting from 02/11; sending a not-held report again recorded its move once more."""

from __future__ import annotations

from datetime import date

from rf_world import World, exchange, rows

from storage.models import MeetingMove

HELD_EARLY = "/baocao hop 02/11, cm 18/18, ct khong, nq co, xl tot"


async def returned_report(world: World) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", HELD_EARLY), ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1], said
    await chat.say("binh", "/tonghop")
    await chat.send("binh", choice="return")
    said = await exchange(chat, "binh", [("text", "1"), ("text", "Xem lại"), ("text", "1")])
    assert "Đã trả lại báo cáo sinh hoạt tháng 11/2026" in said[-1], said


async def held_or_not(world: World) -> str:
    """/sua, change «Đã họp hay chưa»: the question asked."""
    await world.chat.say("chi", "/sua")
    await world.chat.send("chi", choice="change")
    return await world.chat.say("chi", "1")


async def test_held_as_planned_is_the_planned_day_and_moves_nothing(world: World) -> None:
    await returned_report(world)
    said = await held_or_not(world)
    assert "Lịch họp: 03/11/2026 (thứ Ba)" in said, said
    said = await exchange(world.chat, "chi", [("text", t) for t in ("1", "2", "1", "1")])
    assert "Ngày họp: 03/11/2026 (thứ Ba)" in said[-1], said  # held as planned, all present
    said = await world.chat.say("chi", "1")
    assert "Đã ghi báo cáo sinh hoạt tháng 11/2026 đã sửa" in said, said
    assert await rows(world, MeetingMove) == []


async def test_a_new_date_moves_the_meeting_from_its_planned_day_once(world: World) -> None:
    chat = world.chat
    await returned_report(world)
    await held_or_not(world)
    await exchange(chat, "chi", [("text", "4"), ("text", "Mưa bão")])
    said = await exchange(chat, "chi", [("text", "27/11"), ("text", "1")])
    assert "Lịch họp mới: 27/11/2026 (thứ Sáu)" in said[-1], said
    [move] = await rows(world, MeetingMove)
    assert (move.from_date, move.to_date) == (date(2026, 11, 3), date(2026, 11, 27))
    # changed again, the new date kept: no second move
    await chat.say("chi", "/sua")
    await chat.send("chi", choice="change")
    said = await exchange(chat, "chi", [("text", "ghi chu"), ("text", "Đã báo Đảng ủy")])
    said = await exchange(chat, "chi", [("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt tháng 11/2026 đã sửa" in said[-1], said
    assert len(await rows(world, MeetingMove)) == 1
