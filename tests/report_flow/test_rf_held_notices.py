"""A notice with numbered choices (an officer's nudge) that reaches a secretary in the middle
of a report, where there are no buttons (Zalo, the console): it comes without its numbers, so
a typed "1" answers the report's question and nothing else; what was entered is kept, and the
notice's choices are offered once the report is dropped, or sent when it is not what the notice
asked for (sent, it is done: nothing is offered)."""

from __future__ import annotations

from datetime import date

from rf_world import World, exchange, last_choices
from sqlmodel import select

from core.messages import Reply
from core.prompts import as_plain_text
from handlers.core import reports_done
from services.outgoing import ReportsWanted
from storage.models import MeetingReport
from storage.repos import Repositories

NUDGE = "Đảng ủy nhắc đồng chí: Chi bộ Thôn 1 chưa báo cáo"
HELD = "nên tin này chưa kèm lựa chọn"
AGAIN = "Trong lúc đồng chí đang trả lời, có tin nhắn này"
SENT = "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026"


async def nudged_mid_report(world: World) -> Reply:
    """Chi has said the meeting was held as planned with some absent (the count is asked
    next) when binh reminds the late cells: the nudge chi receives."""
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    assert "Có mặt bao nhiêu đồng chí" in said[-1]
    await chat.say("binh", "/chuabaocao thang 11")
    assert "Đã nhắc 3 chi bộ" in await chat.say("binh", "Nhắc ngay")  # chi's, tu's two
    nudge = chat.channel.to("chi")[-1]
    assert NUDGE in nudge.text
    return nudge


async def test_a_nudge_mid_report_offers_no_number_and_is_dropped_once_done(world: World) -> None:
    chat = world.chat
    nudge = await nudged_mid_report(world)
    assert nudge.choices == () and nudge.hint == ""
    assert "Trả lời 1" not in as_plain_text(nudge)
    assert HELD in nudge.text and "«Báo cáo ngay»" in nudge.text
    # the report goes on where it stopped: 16 present, then the rest, then sent
    assert "Vắng 2" in await chat.say("chi", "16")
    for answer in ("0", "2", "1", "1"):  # none without reason, no guest, resolution, good
        await chat.say("chi", answer)
    replies = await chat.send("chi", "1")
    # the report the nudge asked for is the one just sent: nothing more is offered
    assert [SENT in r.text for r in replies] == [True]
    assert last_choices(replies) == []
    said = "\n".join(r.text for r in replies)
    assert AGAIN not in said and NUDGE not in said
    assert "Chi bộ Thôn 1, tháng 11/2026:" not in await chat.say("chi", "1")  # opens nothing
    async with world.database.transaction() as session:
        rows = list((await session.exec(select(MeetingReport))).all())
    assert [(r.period, r.held, r.meeting_date, r.present) for r in rows] == [
        ("2026-11", True, date(2026, 11, 3), 16)
    ]


async def test_help_mid_report_keeps_the_nudge_aside(world: World) -> None:
    chat = world.chat
    await nudged_mid_report(world)
    replies = await chat.send("chi", "/trogiup")
    said = "\n".join(r.text for r in replies)
    assert "Có mặt bao nhiêu đồng chí" in replies[-1].text and AGAIN not in said
    assert "Vắng 2" in await chat.say("chi", "16")


async def test_dropping_the_report_offers_the_nudge_whose_1_opens_it(world: World) -> None:
    chat = world.chat
    await nudged_mid_report(world)
    replies = await chat.send("chi", "/huy")
    assert AGAIN in replies[-1].text and last_choices(replies) == ["Báo cáo ngay"]
    said = await chat.say("chi", "1")
    assert "Chi bộ Thôn 1, tháng 11/2026:" in said and "Chi bộ đã họp chưa?" in said


async def test_a_nudge_mid_figures_is_offered_once_they_are_sent(world: World) -> None:
    """Sending the month's figures is not the meeting report the nudge asked for: once the
    figures are sent, the nudge's choice is offered, and «1» opens the report."""
    chat = world.chat
    assert "Số liệu tháng 11/2026" in last_choices(await chat.send("chi", "/solieu"))
    assert "Kết nạp đảng viên mới?" in await chat.say("chi", "Số liệu tháng 11/2026")
    await chat.say("binh", "/chuabaocao thang 11")
    assert "Đã nhắc 3 chi bộ" in await chat.say("binh", "Nhắc ngay")
    assert HELD in chat.channel.to("chi")[-1].text
    for _figure in range(8):  # every monthly figure: none
        replies = await chat.send("chi", "0")
    assert "Gửi số liệu" in last_choices(replies)
    replies = await chat.send("chi", "Gửi số liệu")
    assert "Đã ghi số liệu tháng 11/2026" in replies[0].text
    assert AGAIN in replies[-1].text and NUDGE in replies[-1].text
    assert last_choices(replies) == ["Báo cáo ngay"]
    assert "Chi bộ đã họp chưa?" in await chat.say("chi", "1")


async def test_what_is_done_is_the_report_of_the_slot_asked_for(world: World) -> None:
    """A returned topic session's notice asks for that report again, not November's regular
    one: the regular report sent does not make it done, nor the reverse."""
    chat = world.chat
    said = await exchange(chat, "chi", [("text", t) for t in ("/baocao", "1", "1", "2", "2")])
    said = await exchange(chat, "chi", [("text", "1")] * 4)
    assert any(SENT in text for text in said), said
    cell = world.cells["Chi bộ Thôn 1"].id
    assert cell is not None
    async with world.database.transaction() as session:
        repos = Repositories(session)
        assert await reports_done(repos, ReportsWanted(cell, ("2026-11",)))
        assert not await reports_done(repos, ReportsWanted(cell, ("2026-11",), "topic"))
    wanted = ReportsWanted(cell, ("2026-11",), "topic")
    assert ReportsWanted.from_json(wanted.to_json()) == wanted
    assert ReportsWanted.from_json(ReportsWanted(cell, ("2026-11",)).to_json()) == ReportsWanted(
        cell, ("2026-11",), "monthly"
    )
