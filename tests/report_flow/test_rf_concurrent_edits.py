"""Two people changing one report at once (the secretary and a deputy with /sua): the one who
sends second is told who changed it and when, sees the report as it now stands and their own
changes, and can change the report as it is; nothing of theirs overwrites the other's. The
check runs with the row locked, in the sending transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rf_world import World, last_choices, make_world
from sqlmodel import select

from core.clock import FakeClock
from handlers.core import load_principal
from scheduler.periods import Month
from services.access import Principal
from services.reports import REPORT_FIELDS, Refused, Submission, Submitted, submit_report
from storage.engine import Database
from storage.models import FigureRecord, MeetingReport
from storage.repos import Repositories

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
AT_SUMMARY = "Đồng chí gửi báo cáo đã sửa chứ?"


async def add_deputy(world: World) -> int:
    """Pho, deputy secretary of Thôn 1 (chi is its secretary): their account id."""
    now = world.clock.now()
    async with world.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get_or_create(
            "console", "pho", chat_id="pho", display_name="Pho", locale="vi", now=now
        )
        assert account.id is not None
        cell = world.cells["Chi bộ Thôn 1"].id
        await repos.roles.grant(
            account.id, "deputy", org_id=None, cell_id=cell, granted_by=None, now=now
        )
        return account.id


async def with_a_deputy(world: World) -> int:
    """Pho, deputy of Thôn 1, and chi's November report sent: pho's account id."""
    pho = await add_deputy(world)
    assert "Đồng chí gửi báo cáo chứ?" in await world.chat.say(
        "chi", "/baocao 18/18 ct khong nq co xl tot"
    )
    assert "Đã ghi báo cáo" in await world.chat.say("chi", "1")
    return pho


async def report_of_thon_1(world: World) -> MeetingReport:
    async with world.database.transaction() as session:
        found = (await session.exec(select(MeetingReport))).one()
    return found


async def test_the_second_sender_is_told_and_can_change_the_report_as_it_is(
    world: World,
) -> None:
    chat, clock = world.chat, world.clock
    pho = await with_a_deputy(world)
    assert AT_SUMMARY in await chat.say("chi", "/sua")  # chi opens it first...
    assert AT_SUMMARY in await chat.say("pho", "/sua")  # ...then pho, who sends first
    for typed in ("2", "Có mặt", "17", "0"):
        said = await chat.say("pho", typed)
    assert "Có mặt 17/18" in said
    clock.set(clock.now().replace(hour=3, minute=40))  # 10:40 in Hà Nội
    assert "Đã ghi báo cáo sinh hoạt tháng 11/2026 đã sửa" in await chat.say("pho", "1")
    clock.advance(timedelta(minutes=5))
    for typed in ("2", "Xếp loại", "Khá"):
        said = await chat.say("chi", typed)
    assert "Xếp loại: Khá" in said and AT_SUMMARY in said
    replies = await chat.send("chi", "1")
    said = replies[-1].text
    assert (
        "Đồng chí Pho đã sửa báo cáo này lúc 10:40 ngày 24/11/2026 (thứ Ba), sau khi đồng chí bắt đầu "
        "sửa. Phần sửa của đồng chí chưa được ghi" in said
    )
    now, mine = said.split("Báo cáo hiện giờ:\n")[1].split(
        "Phần đồng chí đã sửa (chưa được ghi):\n"
    )
    assert "- Có mặt 17/18 (94,4%)" in now and "- Xếp loại: Tốt" in now
    assert mine == "- Xếp loại: Khá"  # only what chi changed, not the figures chi began from
    assert last_choices(replies) == ["Sửa báo cáo hiện giờ"]
    row = await report_of_thon_1(world)
    assert (row.present, row.grade, row.version, row.updated_by) == (17, "good", 2, pho)
    # chi changes the report as it now stands: pho's 17 stays, chi's grade is added
    said = await chat.say("chi", "1")
    assert "Có mặt 17/18" in said and AT_SUMMARY in said
    for typed in ("2", "Xếp loại", "Khá"):
        await chat.say("chi", typed)
    assert "Đã ghi báo cáo sinh hoạt tháng 11/2026 đã sửa" in await chat.say("chi", "1")
    row = await report_of_thon_1(world)
    assert (row.present, row.grade, row.version) == (17, "fair", 3)


async def test_a_report_returned_meanwhile_is_said_so(world: World) -> None:
    chat = world.chat
    await with_a_deputy(world)
    assert AT_SUMMARY in await chat.say("chi", "/sua")
    await chat.say("binh", "/tonghop thang 11")
    await chat.say("binh", "Trả lại báo cáo để sửa")
    await chat.say("binh", "Chi bộ Thôn 1")
    assert "Trả lại báo cáo sinh hoạt" in await chat.say("binh", "Ghi rõ số vắng")
    assert "Đã trả lại báo cáo" in await chat.say("binh", "1")
    for typed in ("2", "Xếp loại", "Khá"):
        await chat.say("chi", typed)
    said = await chat.say("chi", "1")
    assert "Đồng chí Binh (Đảng ủy) đã trả lại báo cáo này để sửa lúc 09:00 ngày 24/11/2026" in said
    row = await report_of_thon_1(world)
    assert (row.status, row.grade) == ("returned", "good")


async def test_a_report_sent_meanwhile_is_not_overwritten(world: World) -> None:
    """Chi and pho both begin November's report; pho sends «chưa họp», then chi sends a meeting
    held: chi's does not replace pho's (before, a report not held was silently replaced)."""
    chat = world.chat
    await add_deputy(world)
    assert "Đồng chí gửi báo cáo chứ?" in await chat.say(
        "chi", "/baocao 18/18 ct khong nq co xl tot"
    )
    for typed in ("/baocao", "Chưa họp", "Mưa bão", "chưa"):
        said = await chat.say("pho", typed)
    assert "Đồng chí gửi báo cáo chứ?" in said
    assert "Đã ghi báo cáo" in await chat.say("pho", "1")
    said = await chat.say("chi", "1")
    assert "Đồng chí Pho đã gửi báo cáo buổi họp này lúc 09:00 ngày 24/11/2026" in said
    assert "Báo cáo của đồng chí (chưa được ghi):" in said and "Có mặt 18/18" in said
    row = await report_of_thon_1(world)
    assert (row.held, row.not_held_reason) == (False, "Mưa bão")


def changed(row: MeetingReport, **values: object) -> Submission:
    """A change of `row` begun from its version now."""
    return Submission(
        cell_id=row.cell_id,
        month=Month.parse(row.period),
        slot=row.slot,
        values={**{name: getattr(row, name) for name in REPORT_FIELDS}, **values},
        report_id=row.id,
        base_version=row.version,
        planned=row.meeting_date,
    )


async def test_two_sends_at_once_the_second_waits_and_is_refused(
    database: Database, clock: FakeClock
) -> None:
    """Two transactions send changes of version 1 at once: the second waits for the first
    (the row is locked on PostgreSQL; SQLite's transactions take turns), then finds version
    2 and writes nothing (read before the first committed, it overwrote it)."""
    world = await make_world(database, clock)
    await with_a_deputy(world)
    row = await report_of_thon_1(world)
    principals: dict[str, Principal] = {}
    async with database.transaction() as session:
        repos = Repositories(session)
        for user in ("chi", "pho"):
            account = await repos.accounts.find("console", user)
            assert account is not None
            principals[user] = await load_principal(repos, account)
    first_sent, release = asyncio.Event(), asyncio.Event()

    async def send(user: str, submission: Submission) -> Submitted | Refused:
        async with database.transaction() as session:
            result = await submit_report(
                Repositories(session),
                principals[user],
                submission,
                now=clock.now(),
                today=date(2026, 11, 24),
                zone=ZONE,
            )
            if user == "pho":
                first_sent.set()
                await release.wait()  # committed only once the other send has begun
            return result

    first = asyncio.create_task(send("pho", changed(row, present=17, absent_excused=1)))
    await first_sent.wait()
    second = asyncio.create_task(send("chi", changed(row, grade="fair")))
    await asyncio.sleep(0.3)
    assert not second.done()
    release.set()
    assert isinstance(await first, Submitted)
    refused = await second
    assert isinstance(refused, Refused) and refused.code == "changed"
    assert refused.current is not None and refused.current.version == 2
    row = await report_of_thon_1(world)
    assert (row.present, row.grade, row.version) == (17, "good", 2)


async def test_a_report_changed_while_the_officer_writes_the_note_is_shown_again(
    world: World,
) -> None:
    """The officer opens the return, the secretary's /sua goes in meanwhile: the return is not
    written over a report the officer never read; it is shown as it now is, note asked again."""
    chat = world.chat
    await with_a_deputy(world)
    await chat.say("binh", "/tonghop thang 11")
    await chat.say("binh", "Trả lại báo cáo để sửa")
    assert "Chi bộ cần sửa gì?" in await chat.say("binh", "Chi bộ Thôn 1")
    assert AT_SUMMARY in await chat.say("chi", "/sua")
    for typed in ("2", "Có mặt", "17", "0"):
        await chat.say("chi", typed)
    assert "Đã ghi báo cáo sinh hoạt tháng 11/2026 đã sửa" in await chat.say("chi", "1")
    said = await chat.say("binh", "Ghi rõ số vắng")
    assert said.startswith("Báo cáo vừa được sửa sau khi đồng chí mở ra")
    assert "17/18" in said and "Chi bộ cần sửa gì?" in said
    assert (await report_of_thon_1(world)).status == "sent"
    assert "Trả lại báo cáo sinh hoạt" in await chat.say("binh", "Ghi rõ số vắng")
    assert "Đã trả lại báo cáo" in await chat.say("binh", "1")
    assert (await report_of_thon_1(world)).status == "returned"


async def send_november_figures(world: World, user: str, admissions: str) -> None:
    """`user` sends November's figures: `admissions` admitted, none of the rest."""
    chat = world.chat
    await chat.say(user, "/solieu")
    assert "Kết nạp đảng viên mới?" in await chat.say(user, "Số liệu tháng 11/2026")
    await chat.say(user, admissions)
    for _figure in range(7):
        said = await chat.say(user, "0")
    assert "Đồng chí gửi chứ?" in said
    assert "Đã ghi số liệu tháng 11/2026" in await chat.say(user, "1")


async def test_figures_changed_meanwhile_are_not_overwritten(world: World) -> None:
    """Chi and pho both open November's figures with /sua; pho sends a change first: chi's
    change is refused, told who and when, shown the figures as they now stand and chi's own,
    and can change them as they are (before, chi's went over pho's without a word)."""
    chat, clock = world.chat, world.clock
    await add_deputy(world)
    await send_november_figures(world, "chi", "1")
    assert "Đồng chí gửi chứ?" in await chat.say("chi", "/sua")  # chi opens them first...
    assert "Đồng chí gửi chứ?" in await chat.say("pho", "/sua")  # ...then pho, who sends first
    for typed in ("2", "Kết nạp đảng viên mới", "2"):
        said = await chat.say("pho", typed)
    assert "Kết nạp đảng viên mới: 2 người" in said
    clock.set(clock.now().replace(hour=3, minute=40))  # 10:40 in Hà Nội
    assert "Đã ghi số liệu tháng 11/2026" in await chat.say("pho", "1")
    for typed in ("2", "Đảng viên từ trần", "1"):
        said = await chat.say("chi", typed)
    assert "Đảng viên từ trần: 1 người" in said
    replies = await chat.send("chi", "1")
    said = replies[-1].text
    assert (
        "Đồng chí Pho đã gửi số liệu kỳ này lúc 10:40 ngày 24/11/2026 (thứ Ba), sau khi đồng chí bắt đầu"
        in said
    )
    now, mine = said.split("Số liệu hiện giờ:\n")[1].split("Số liệu của đồng chí (chưa được ghi):\n")
    assert "- Kết nạp đảng viên mới: 2 người" in now and "- Đảng viên từ trần: 0 người" in now
    assert mine == "- Đảng viên từ trần: 1 người"  # only what chi changed
    assert last_choices(replies) == ["Sửa số liệu hiện giờ"]
    async with world.database.transaction() as session:
        rows = {r.key: r.number for r in (await session.exec(select(FigureRecord))).all()}
    assert (rows["admissions"], rows["deaths"]) == (2, 0)
    # chi changes them as they now stand: pho's 2 stays, chi's death is added
    said = await chat.say("chi", "1")
    assert "Kết nạp đảng viên mới: 2 người" in said and "Đồng chí gửi chứ?" in said
    for typed in ("2", "Đảng viên từ trần", "1"):
        await chat.say("chi", typed)
    assert "Đã ghi số liệu tháng 11/2026" in await chat.say("chi", "1")
    async with world.database.transaction() as session:
        rows = {r.key: r.number for r in (await session.exec(select(FigureRecord))).all()}
    assert (rows["admissions"], rows["deaths"]) == (2, 1)


async def test_a_report_sent_before_the_sender_began_is_not_said_to_be_after(
    world: World,
) -> None:
    """A report found sent where the sender began none is refused, and the refusal says when
    it was sent as it was: before they began (it said «after you began yours» whenever it
    was), after (as before), or nothing of it for a draft that does not know."""
    chat, clock = world.chat, world.clock
    pho = await add_deputy(world)
    assert "Đồng chí gửi báo cáo chứ?" in await chat.say("pho", "/baocao 18/18 ct khong nq co xl tot")
    assert "Đã ghi báo cáo" in await chat.say("pho", "1")  # 09:00
    async with world.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.find("console", "chi")
        assert account is not None
        chi = await load_principal(repos, account)
    sent = await report_of_thon_1(world)
    values = {name: getattr(sent, name) for name in REPORT_FIELDS}

    async def refusal(began_at: datetime | None) -> str:
        new = Submission(
            cell_id=sent.cell_id,
            month=Month.parse(sent.period),
            slot=sent.slot,
            values={**values, "grade": "fair"},
            began_at=began_at,
        )
        async with world.database.transaction() as session:
            result = await submit_report(
                Repositories(session), chi, new, now=clock.now(), today=date(2026, 11, 24), zone=ZONE
            )
        assert isinstance(result, Refused) and result.code == "changed"
        return world.chat.app.catalogs.translator("vi").render(result.message)

    before = await refusal(clock.now() + timedelta(hours=2))
    assert before.startswith("Báo cáo buổi họp này đã được gửi từ trước khi đồng chí bắt đầu")
    assert ": lần cuối do đồng chí Pho gửi lúc 09:00 ngày 24/11/2026 (thứ Ba). Báo cáo" in before
    assert "sau khi" not in before
    after = await refusal(clock.now() - timedelta(hours=2))
    said = "Đồng chí Pho đã gửi báo cáo buổi họp này lúc 09:00 ngày 24/11/2026 (thứ Ba), sau"
    assert after.startswith(said)
    unknown = await refusal(None)
    assert "sau khi" not in unknown and "trước khi" not in unknown
    assert (await report_of_thon_1(world)).updated_by == pho
