"""One person on Zalo and Telegram (/lienket): the same roles and conversation on both, and what
the bot sends on its own goes to the app they used last."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from core.clock import FakeClock
from handlers.demo import DEMO_CELLS
from services.reminder_expansion import expand_due
from services.reminder_planning import plan_all
from storage.engine import Database
from storage.repos import Repositories
from tests.harness import RecordingChannel
from tests.telegram.tgharness import seed
from tests.zalo.zharness import ZaloBot, running

pytestmark = pytest.mark.e2e

ZALO_USER, TELEGRAM_USER = "7001", "555"
CODE_LINE = "/lienket "


@pytest.fixture
async def zalo(database: Database, clock: FakeClock) -> AsyncIterator[ZaloBot]:
    async with running(
        database, clock, others={"telegram": RecordingChannel("telegram")}
    ) as bot:
        yield bot


async def link_code(zalo: ZaloBot) -> str:
    said = await zalo.say(ZALO_USER, "/lienket")
    line = next(line for line in said.split("\n") if line.startswith(CODE_LINE))
    return line.removeprefix(CODE_LINE)


async def reminders_on_the_day(zalo: ZaloBot, day: int) -> None:
    zalo.clock.set(datetime(2026, 12, day, 0, 1, tzinfo=UTC))
    await plan_all(zalo.database, zalo.clock)
    await expand_due(zalo.database, zalo.clock)
    await zalo.app.worker.deliver()


async def test_linked_accounts_share_roles_and_reminders_follow_the_last_app(zalo: ZaloBot) -> None:
    code = await seed(zalo.database, zalo.clock, "secretary", DEMO_CELLS[0].name)
    await zalo.say(ZALO_USER, code)
    said = await zalo.say(ZALO_USER, "/lienket")
    assert "trong vòng 10 phút" in said and "Đây là Zalo." in said
    code = await link_code(zalo)
    # From Telegram, before joining there: the code alone (as a first message) links.
    seen = await zalo.elsewhere("telegram", TELEGRAM_USER, code)
    assert seen and seen[-1].startswith("Đã liên kết. Từ nay Telegram và Zalo là một tài khoản")
    # Same roles and the same conversation on both: a report begun on Telegram goes on on Zalo.
    seen = await zalo.elsewhere("telegram", TELEGRAM_USER, "/baocao")
    assert "Chi bộ Thôn 1, tháng 11/2026:" in seen[-1]
    said = await zalo.say(ZALO_USER, "1")
    assert "Có đồng chí cấp ủy cấp trên dự không?" in said
    await zalo.say(ZALO_USER, "/huy")

    # Telegram was used last (the /baocao above), then Zalo: the reminder goes to Zalo only.
    telegram = zalo.others["telegram"]
    before_tg, before_zalo = len(telegram.to(TELEGRAM_USER)), len(zalo.api.to(ZALO_USER))
    await reminders_on_the_day(zalo, 3)
    assert len(telegram.to(TELEGRAM_USER)) == before_tg
    assert any(s.text.startswith("Hôm nay, 03/12/2026") for s in zalo.api.to(ZALO_USER)[before_zalo:])
    # Now the person writes on Telegram: the next reminder goes there, not to Zalo.
    zalo.clock.set(datetime(2026, 12, 10, 0, 0, tzinfo=UTC))
    await zalo.elsewhere("telegram", TELEGRAM_USER, "/lich")
    async with zalo.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.find("zalo", ZALO_USER)
        assert account is not None
        assert (account.route_channel, account.route_chat_id) == ("telegram", TELEGRAM_USER)
        audit = await repos.audit.entries(action="account.link")
    assert len(audit) == 1

    # Unlinking from Telegram: Telegram keeps nothing, Zalo keeps the roles.
    seen = await zalo.elsewhere("telegram", TELEGRAM_USER, "/lienket huy")
    assert seen[-1].startswith("Đã bỏ liên kết. Tài khoản Telegram này không còn dùng chung")
    seen = await zalo.elsewhere("telegram", TELEGRAM_USER, "/baocao")
    assert "chưa tham gia" in seen[-1]
    assert "Chi bộ Thôn 1" in await zalo.say(ZALO_USER, "/lich")


async def test_a_link_code_works_once_for_ten_minutes_from_another_app(zalo: ZaloBot) -> None:
    code = await seed(zalo.database, zalo.clock, "secretary", DEMO_CELLS[0].name)
    await zalo.say(ZALO_USER, code)
    code = await link_code(zalo)
    said = await zalo.say(ZALO_USER, f"/lienket {code}")
    assert "gửi mã từ ứng dụng kia" in said  # not from the same app
    zalo.clock.advance(timedelta(minutes=11))
    seen = await zalo.elsewhere("telegram", TELEGRAM_USER, f"/lienket {code}")
    assert "không đúng hoặc đã hết hạn" in seen[-1]
    code = await link_code(zalo)
    seen = await zalo.elsewhere("telegram", TELEGRAM_USER, f"/lienket {code}")
    assert seen[-1].startswith("Đã liên kết.")
    seen = await zalo.elsewhere("telegram", "556", f"/lienket {code}")  # used: someone else
    assert "không đúng hoặc đã hết hạn" in seen[-1]
    seen = await zalo.elsewhere("telegram", "556", "/lienket")
    assert "chưa tham gia" in seen[-1]
