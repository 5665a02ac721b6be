"""Messages the bot starts on an officer's action keep the quiet hours (21:00 to 06:30), as the
planned reminders do: «Nhắc ngay» at 01:25 reached the secretary at once, while the user guide
says the bot sends nothing from 21:00 to 06:30. Asked then, the nudge waits in the outbox until
06:30 and the officer is told so; a reply to someone who writes meanwhile goes at once, and the
waiting nudge does not hold it back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rf_world import World

from core.messages import Reply
from handlers.context import Context, CoreConfig
from services.delivery import deliver_now
from storage.repos import Repositories

NUDGE = "Đảng ủy nhắc đồng chí: Chi bộ Thôn 1 chưa báo cáo"
WAITS = "Ban đêm bot không nhắn tin: sẽ nhắc 3 chi bộ lúc 06:30 thứ Tư 02/12/2026."


async def test_a_nudge_asked_at_night_waits_for_the_morning(world: World) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 18, 25, tzinfo=UTC))  # Wednesday 02/12, 01:25
    await chat.say("binh", "/chuabaocao thang 11")
    said = await chat.say("binh", "Nhắc ngay")
    assert "Đã nhắc" not in said and WAITS in said
    assert not [r for r in chat.channel.to("chi") if NUDGE in r.text]  # not at 01:25

    # chi writes at 01:30: the answer comes at once, the nudge still waits
    world.clock.advance(timedelta(minutes=5))
    assert "/baocao" in await chat.say("chi", "/trogiup")
    assert not [r for r in chat.channel.to("chi") if NUDGE in r.text]

    world.clock.set(datetime(2026, 12, 1, 23, 29, tzinfo=UTC))  # 06:29
    await deliver_now(dict(chat.app.deliverers))
    assert not [r for r in chat.channel.to("chi") if NUDGE in r.text]
    world.clock.set(datetime(2026, 12, 1, 23, 30, tzinfo=UTC))  # 06:30
    await deliver_now(dict(chat.app.deliverers))
    assert len([r for r in chat.channel.to("chi") if NUDGE in r.text]) == 1
    assert len([r for r in chat.channel.to("tu") if "Đảng ủy nhắc đồng chí" in r.text]) == 2


async def test_a_nudge_asked_in_the_evening_before_21_goes_at_once(world: World) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 13, 59, tzinfo=UTC))  # Tuesday 01/12, 20:59
    await chat.say("binh", "/chuabaocao thang 11")
    said = await chat.say("binh", "Nhắc ngay")
    assert "Đã nhắc 3 chi bộ" in said and "Ban đêm" not in said
    assert [r for r in chat.channel.to("chi") if NUDGE in r.text]


async def test_an_organisation_without_quiet_hours_is_nudged_at_once(world: World) -> None:
    async with world.database.transaction() as session:
        org = await Repositories(session).orgs.get_org(world.org_id)
        assert org is not None
        org.settings = {**(org.settings or {}), "reminder_policy": {"quiet_start": None}}
        session.add(org)
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 18, 25, tzinfo=UTC))  # 01:25
    await chat.say("binh", "/chuabaocao thang 11")
    said = await chat.say("binh", "Nhắc ngay")
    assert "Đã nhắc 3 chi bộ" in said and "Ban đêm" not in said
    assert [r for r in chat.channel.to("chi") if NUDGE in r.text]


async def test_a_notice_to_someone_else_keeps_the_quiet_hours(world: World) -> None:
    """A notice a handler writes for another person (a returned report, a revoked role, a
    replaced secretary) waits until 06:30 when it is written at night; by day it goes now."""
    world.clock.set(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))  # 22:00
    async with world.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.find("console", "chi")
        assert account is not None and account.id is not None
        ctx = Context(
            repos, account, None, None, None, None, world.clock, CoreConfig()  # type: ignore[arg-type]
        )
        ctx.notify(account.id, Reply("x"))
        world.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))  # 10:00 the next day
        ctx.notify(account.id, Reply("y"))
    night, day = (notice.not_before for notice in ctx.notices)
    assert night == datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 06:30 local
    assert day == datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


async def test_a_report_returned_at_night_says_the_secretary_is_told_in_the_morning(
    world: World,
) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 18, 25, tzinfo=UTC))  # 01:25 on Wednesday 02/12
    said = await chat.say("chi", "/baocao hop 03/11, 18/18 ct khong nq co xl tot")
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in await chat.say("chi", "1")
    await chat.say("binh", "/tonghop thang 11")
    await chat.say("binh", "Trả lại báo cáo để sửa")
    await chat.say("binh", "Chi bộ Thôn 1")
    await chat.say("binh", "Ghi rõ số vắng")
    said = await chat.say("binh", "1")
    assert said.endswith(
        "ban đêm bot không nhắn tin: sẽ báo cho 1 bí thư lúc 06:30 thứ Tư 02/12/2026."
    ), said
    assert "đã báo cho" not in said
