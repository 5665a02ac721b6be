"""Editing a sent report, the committee's summary, returning a report and sending it again."""

from __future__ import annotations

from datetime import timedelta

from rf_world import World, exchange, last_choices
from sqlmodel import select

from storage.models import MeetingReport, MeetingReportVersion
from storage.repos import Repositories

AS_PLANNED = ["planned_all", "no", "yes", "good", "send"]


async def send_report(world: World, user: str = "chi") -> None:
    await world.chat.send(user, "/baocao")
    await exchange(world.chat, user, [("tap", p) for p in AS_PLANNED])


async def test_sua_changes_a_report_keeping_every_version(world: World) -> None:
    chat = world.chat
    await send_report(world)
    replies = await chat.send("chi", "/sua")
    assert "Chi bộ Thôn 1, tháng 11/2026:\nNgày họp: 03/11/2026" in replies[-1].text
    assert "Đồng chí gửi báo cáo đã sửa chứ?" in replies[-1].text
    await chat.send("chi", choice="change")
    said = await chat.say("chi", "có mặt")
    assert "Có mặt bao nhiêu đồng chí (trên 18)?" in said
    said = await chat.say("chi", "16")
    said = await chat.say("chi", "1")
    assert "Vắng có lý do 1, không lý do 1" in said
    said = await chat.say("chi", "1")
    assert "Đã ghi báo cáo sinh hoạt tháng 11/2026 đã sửa" in said
    async with world.database.transaction() as session:
        repos = Repositories(session)
        row = (await session.exec(select(MeetingReport))).one()
        assert row.id is not None
        versions = await repos.reports.versions(row.id)
        edits = await repos.audit.entries(action="report.edited")
    assert row.present == 16 and row.version == 2
    assert [v.action for v in versions] == ["sent", "edited"]
    assert versions[0].data["present"] == 18 and versions[1].data["present"] == 16
    assert edits[0].before is not None and edits[0].before["present"] == 18
    assert edits[0].after is not None and edits[0].after["present"] == 16


async def test_sua_after_the_period_closes(world: World) -> None:
    await send_report(world)
    world.clock.advance(timedelta(days=17))  # 11/12/2026: November closed on 10/12
    said = await world.chat.say("chi", "/sua")
    assert "Không có báo cáo hay số liệu nào còn sửa được" in said


async def test_officer_summary_scope_return_and_resend(world: World) -> None:
    chat = world.chat
    await send_report(world)
    said = await chat.say("binh", "/tonghop")
    assert "Sinh hoạt chi bộ tháng 11/2026 - Đảng bộ xã Hòa Bình: 9 chi bộ." in said
    assert "Đã báo cáo: 1/9 chi bộ (11,1%)." in said
    assert "- Chi bộ Thôn 1: 03/11/2026 (thứ Ba), có mặt 18/18 (100%), xếp loại Tốt" in said
    assert "chưa sinh hoạt chuyên đề trong quý" in said  # the flag the secretary was told
    assert "Chưa báo cáo (7):\n- Bí thư đã tham gia bot: Chi bộ Thôn 2 (Tu)" in said
    assert "Chưa đến ngày họp (1): Chi bộ Trạm Y tế xã (thứ Hai 30/11/2026)" in said
    assert "theo quý năm 2026: I 0/9, II 0/9, III 0/9, IV 0/9" in said
    # An officer of another commune sees none of it.
    other = await chat.say("xa", "/tonghop")
    assert "Đảng bộ xã Khác: 1 chi bộ." in other and "Đã báo cáo: 0/1" in other
    assert "Thôn 1" not in other
    # A secretary cannot use the committee's summary.
    assert "không dành cho vai trò" in await chat.say("chi", "/tonghop")

    await chat.say("binh", "/tonghop")
    replies = await chat.send("binh", choice="return")
    assert last_choices(replies) == ["Chi bộ Thôn 1"]
    said = await chat.say("binh", "1")
    assert "Chi bộ cần sửa gì?" in said
    said = await chat.say("binh", "Ghi lại số có mặt")
    assert "Trả lại báo cáo sinh hoạt tháng 11/2026 của Chi bộ Thôn 1" in said
    said = await chat.say("binh", "1")
    assert "Đã trả lại báo cáo sinh hoạt tháng 11/2026 của Chi bộ Thôn 1; đã báo cho 1 bí thư." in said
    told = world.chat.channel.to("chi")[-1]
    assert "Đảng ủy đã trả lại báo cáo sinh hoạt tháng 11/2026 của Chi bộ Thôn 1" in told.text
    assert "Ghi lại số có mặt" in told.text
    assert "[đã trả lại]" in await chat.say("binh", "/tonghop")

    # The secretary corrects and sends again (even via /baocao).
    said = await chat.say("chi", "/baocao")
    assert "Đảng ủy đã trả lại báo cáo này để sửa: Ghi lại số có mặt" in said
    await chat.send("chi", choice="change")
    await chat.say("chi", "có mặt")
    await chat.say("chi", "17")
    await chat.say("chi", "0")
    said = await chat.say("chi", "1")
    assert "Đã ghi báo cáo sinh hoạt tháng 11/2026 đã sửa" in said
    summary = await chat.say("binh", "/tonghop")
    assert "[đã trả lại]" not in summary and "có mặt 17/18" in summary
    async with world.database.transaction() as session:
        actions = [v.action for v in (await session.exec(select(MeetingReportVersion))).all()]
    assert actions == ["sent", "returned", "resent"]


async def test_history_and_previous_month(world: World) -> None:
    chat = world.chat
    await send_report(world)
    await chat.say("binh", "/tonghop")
    said = await chat.say("binh", "Tháng trước")
    assert "tháng 10/2026 - Đảng bộ xã Hòa Bình: 9 chi bộ." in said
    assert "Đã báo cáo: 0/9 chi bộ" in said
    await chat.send("binh", choice="history")
    said = await chat.say("binh", "Chi bộ Thôn 1")
    assert said.startswith("Chi bộ Thôn 1 (Đảng bộ xã Hòa Bình)")
    assert "- 11/2026: 03/11/2026 (thứ Ba), có mặt 18/18 (100%), xếp loại Tốt" in said
