"""What Zalo's errors do: 429 and 5xx wait and retry in order, 401 is said loudly once, a long
poll that ends empty or fails goes on."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from core.clock import FakeClock
from handlers.demo import DEMO_CELLS
from storage.engine import Database
from storage.models import OutboxMessage
from storage.repos import Repositories
from tests.fakes.zalo_api import FakeZaloAPI
from tests.telegram.tgharness import seed
from tests.zalo.zharness import ZaloBot, running

pytestmark = pytest.mark.e2e

USER = "7001"


@pytest.fixture
async def zalo(sqlite_database: Database, clock: FakeClock) -> AsyncIterator[ZaloBot]:
    async with running(sqlite_database, clock) as bot:
        yield bot


async def joined(zalo: ZaloBot) -> None:
    code = await seed(zalo.database, zalo.clock, "secretary", DEMO_CELLS[0].name)
    await zalo.say(USER, code)


async def test_429_and_5xx_wait_and_keep_the_order(zalo: ZaloBot) -> None:
    await joined(zalo)
    zalo.api.fail("sendMessage", 429, description="quota exceeded")
    zalo.api.fail("sendMessage", http_status=502)
    before = len(zalo.api.sent)
    await zalo.put(zalo.api.event(USER, "/lich"))
    await zalo.put(zalo.api.event(USER, "/trogiup"))
    await zalo.app.worker.process_available()
    for _ in range(20):  # the deliverer waits (in simulated time) and tries again
        await zalo.app.worker.deliver()
        zalo.clock.advance(timedelta(seconds=6))
        if len(zalo.api.sent) - before >= 2:
            break
    texts = [s.text for s in zalo.api.sent[before:]]
    assert len(texts) == 2
    assert texts[0].startswith("Lịch sinh hoạt sắp tới") and "/baocao" in texts[1]
    deliverer = zalo.app.deliverers["zalo"]
    assert deliverer.stats.rate_limited == 1 and deliverer.stats.unreachable == 1


async def test_a_wrong_token_is_said_loudly_once(
    zalo: ZaloBot, caplog: pytest.LogCaptureFixture
) -> None:
    await joined(zalo)
    zalo.api.fail("sendMessage", 401, count=3)
    await zalo.put(zalo.api.event(USER, "/lich"))
    await zalo.app.worker.process_available()
    with caplog.at_level(logging.CRITICAL):
        for _ in range(6):
            await zalo.app.worker.deliver()
            zalo.clock.advance(timedelta(seconds=40))
    loud = [r for r in caplog.records if r.levelno == logging.CRITICAL and "ZALO_BOT_TOKEN" in r.message]
    assert len(loud) == 1
    assert zalo.api.token not in caplog.text
    assert any(s.text.startswith("Lịch sinh hoạt") for s in zalo.api.to(USER))  # then it went


async def test_polling_survives_429_and_5xx_and_empty_polls(zalo: ZaloBot) -> None:
    await joined(zalo)
    zalo.api.fail("getUpdates", 429)
    zalo.api.fail("getUpdates", http_status=503)
    said = await zalo.say(USER, "/lich")  # stored once the poller has backed off and retried
    assert "Lịch sinh hoạt sắp tới" in said
    assert zalo.app.zalo is not None and zalo.app.zalo.poller.received >= 2


async def test_a_stop_waits_for_the_poll_in_flight_and_stores_its_event(
    sqlite_database: Database, clock: FakeClock
) -> None:
    """Zalo hands an event out once: a stop (SIGTERM) that came while the answer was on its
    way cut the poll and the message was lost (found by an outside fault test, one per stop
    under load). The poll in flight is now waited for and its event stored."""
    async with FakeZaloAPI() as api:
        bot = ZaloBot(api, sqlite_database, clock, "polling")
        await bot.start()
        await joined(bot)
        api.answer_delay = 0.5
        event = api.event(USER, "/lich")
        await api.inject(event)
        await asyncio.wait_for(api.handing_out.wait(), 10)  # out of the queue, not yet answered
        await bot.stop()
        assert f"m:{event['message']['message_id']}" in await bot.stored()


async def test_messages_are_counted_with_no_quota_set(zalo: ZaloBot) -> None:
    """Turned on mid-month, the quota must count what was sent before (it started at 0)."""
    await joined(zalo)
    said = await zalo.say(USER, "/lich")
    assert "Lịch sinh hoạt sắp tới" in said
    month = zalo.clock.now().astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%Y-%m")
    async with zalo.database.transaction() as session:
        counted = await Repositories(session).usage.sent("zalo", month)
    assert counted == len(zalo.api.sent) >= 2


async def test_empty_polls_answered_at_once_are_not_a_loop_of_requests(zalo: ZaloBot) -> None:
    """Zalo holds the long poll; were it to answer «nothing» (408) at once, chibo asked again
    at once, 7 to 20 times a second (an outside test's stand-in did)."""
    zalo.api.fail("getUpdates", 408, description="Request timeout", count=1000)
    before = sum(1 for method, _params in zalo.api.calls if method == "getUpdates")
    await asyncio.sleep(2.5)
    polls = sum(1 for method, _params in zalo.api.calls if method == "getUpdates") - before
    assert 1 <= polls <= 4


async def outbox_row(zalo: ZaloBot, text_start: str) -> OutboxMessage:
    async with zalo.database.transaction() as session:
        rows = (await session.exec(select(OutboxMessage))).all()
    return next(r for r in rows if str(r.payload.get("text", "")).startswith(text_start))


async def deliver_for(zalo: ZaloBot, rounds: int = 12) -> None:
    """Delivery turns in simulated time, long enough for every wait (no send waits a minute)."""
    for _ in range(rounds):
        await zalo.app.worker.deliver()
        zalo.clock.advance(timedelta(seconds=20))


def timeouts(zalo: ZaloBot, *, other: float, send: float) -> None:
    """The real read timeouts scaled down (30 s and 55 s in production)."""
    assert zalo.app.zalo is not None
    zalo.app.zalo.api.timeout, zalo.app.zalo.api.send_timeout = other, send


async def test_a_slow_send_answered_within_the_send_timeout_is_shown_once(zalo: ZaloBot) -> None:
    """A tester's Zalo answered a send after 40 s: chibo gave up at 30 s and sent it again,
    three copies. A send now waits longer than other calls for its answer."""
    await joined(zalo)
    timeouts(zalo, other=0.3, send=2.0)
    zalo.api.send_delay = 0.8  # slower than any other call may be, within a send's wait
    await zalo.put(zalo.api.event(USER, "/lich"))
    await zalo.app.worker.process_available()
    before = len(zalo.api.sent)
    await deliver_for(zalo, rounds=3)
    texts = [s.text for s in zalo.api.sent[before:]]
    assert len(texts) == 1 and texts[0].startswith("Lịch sinh hoạt sắp tới")
    assert (await outbox_row(zalo, "Lịch sinh hoạt")).status == "sent"


async def test_a_send_never_answered_is_shown_twice_at_most(zalo: ZaloBot) -> None:
    """Zalo took the message and never answered in time, again and again: it is sent once
    more after a pause, then closed as «unconfirmed» (it may have arrived) — two copies at
    most, where chibo used to send it every backoff."""
    await joined(zalo)
    timeouts(zalo, other=0.3, send=0.3)
    zalo.api.send_delay = 0.6
    await zalo.put(zalo.api.event(USER, "/lich"))
    await zalo.app.worker.process_available()
    before = len(zalo.api.sent)
    await deliver_for(zalo)
    assert len(zalo.api.sent) - before == 2
    row = await outbox_row(zalo, "Lịch sinh hoạt")
    assert row.status == "failed" and row.error and row.error.startswith("unconfirmed")


async def test_a_connection_dropped_after_the_send_was_taken_is_retried_once(
    zalo: ZaloBot,
) -> None:
    """The line dropped after Zalo had taken the message (a tester saw 4 copies): one retry
    (which may be a copy: Zalo has no idempotency key), after which it counts as sent; a
    second drop closes it, «unconfirmed»."""
    await joined(zalo)
    zalo.api.drop_after_send = 1
    await zalo.put(zalo.api.event(USER, "/lich"))
    await zalo.app.worker.process_available()
    before = len(zalo.api.sent)
    await deliver_for(zalo)
    assert len(zalo.api.sent) - before == 2
    assert (await outbox_row(zalo, "Lịch sinh hoạt")).status == "sent"
    zalo.api.drop_after_send = 5
    await zalo.put(zalo.api.event(USER, "/trogiup"))
    await zalo.app.worker.process_available()
    before = len(zalo.api.sent)
    await deliver_for(zalo)
    assert len(zalo.api.sent) - before == 2
    deliverer = zalo.app.deliverers["zalo"]
    assert deliverer.stats.total("unconfirmed") == 1


async def test_what_zalo_never_took_is_sent_again_until_it_goes(zalo: ZaloBot) -> None:
    """5xx answers (and refused connections, see the unit test) are no answer to a message
    Zalo took: they are retried as often as needed, never capped at one retry."""
    await joined(zalo)
    zalo.api.fail("sendMessage", http_status=502, count=4)
    await zalo.put(zalo.api.event(USER, "/lich"))
    await zalo.app.worker.process_available()
    before = len(zalo.api.sent)
    await deliver_for(zalo)
    texts = [s.text for s in zalo.api.sent[before:]]
    assert len(texts) == 1 and texts[0].startswith("Lịch sinh hoạt sắp tới")


async def test_a_zalo_that_drops_every_call_loses_no_message(zalo: ZaloBot) -> None:
    """Zalo down behind an open port reads each request and drops the line, as it does after
    taking a send; but it answers nothing else either (getMe), so the send was not taken: it
    is retried, past the one retry of an unconfirmed send, until Zalo is back."""
    await joined(zalo)
    await zalo.put(zalo.api.event(USER, "/lich"))
    await zalo.app.worker.process_available()
    before, calls = len(zalo.api.sent), len(zalo.api.calls)
    zalo.api.down = True
    await deliver_for(zalo, rounds=6)
    sends = sum(1 for method, _params in zalo.api.calls[calls:] if method == "sendMessage")
    assert sends >= 3 and len(zalo.api.sent) == before  # tried again and again, nothing taken
    zalo.api.down = False
    await deliver_for(zalo, rounds=4)
    texts = [s.text for s in zalo.api.sent[before:]]
    assert len(texts) == 1 and texts[0].startswith("Lịch sinh hoạt sắp tới")
    assert (await outbox_row(zalo, "Lịch sinh hoạt")).status == "sent"


async def test_a_getme_failing_inside_http_200_is_zalo_down_not_a_taken_send(
    zalo: ZaloBot,
) -> None:
    """Zalo's back end failing behind a working front (getMe answers HTTP 200 with ok false)
    after a dropped send: the send was not taken, so it is tried again until it goes, not
    closed «unconfirmed» after one retry (it was lost)."""
    await joined(zalo)
    zalo.api.drop_after_send = 3
    zalo.api.fail("getMe", 500, http_status=200, count=3, description="internal error")
    await zalo.put(zalo.api.event(USER, "/lich"))
    await zalo.app.worker.process_available()
    await deliver_for(zalo, rounds=8)
    assert zalo.app.deliverers["zalo"].stats.total("unconfirmed") == 0
    assert (await outbox_row(zalo, "Lịch sinh hoạt")).status == "sent"
