"""A reply Zalo takes as several messages, sent again after a failure part-way: the messages
that went are not sent again, and a message left unanswered is tried once, then the rest go
on (before, the whole reply went again from its first message, and a second «no answer»
closed it with its last message, the one with the choices, never sent)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.zalo.channel import ZaloChannel
from bot.zalo.refusals import RefusedChats
from core.channel import ChannelError, ChannelUnconfirmed
from core.clock import FakeClock
from core.i18n import Catalogs
from core.messages import Choice, Reply
from services.delivery import Deliverer
from services.leases import LeaseKeeper
from services.outgoing import Kind, reply_to
from services.pacing import UNLIMITED
from storage.engine import Database
from storage.models import OutboxMessage
from storage.repos import Repositories
from tests.harness import fake_sleep

LONG = Reply(
    "\n".join(f"Dòng {n:03d} " + "x" * 80 for n in range(50)),  # about 4,500 characters
    (Choice("Kỳ trước", "a"), Choice("Tệp Excel", "b")),
)


class ScriptedApi:
    """Takes messages in order; the n-th send (1-based) in `fail_at` raises its error once."""

    def __init__(self, fail_at: dict[int, Exception]) -> None:
        self.fail_at = fail_at
        self.calls = 0
        self.shown: list[str] = []

    async def send_message(self, chat_id: str, text: str) -> str:
        self.calls += 1
        error = self.fail_at.pop(self.calls, None)
        if isinstance(error, ChannelUnconfirmed):
            self.shown.append(text)  # taken, but no answer came
        if error is not None:
            raise error
        self.shown.append(text)
        return str(self.calls)


async def run(database: Database, clock: FakeClock, api: ScriptedApi) -> Deliverer:
    channel = ZaloChannel(api, RefusedChats(clock))  # type: ignore[arg-type]
    deliverer = Deliverer(
        database, channel, clock, Catalogs(), pace=UNLIMITED, sleep=fake_sleep(clock)
    )
    async with database.transaction() as session:
        await Repositories(session).outbox.add_many(
            [reply_to("zalo", "7001", LONG, kind=Kind.REPLY)], now=clock.now()
        )
    for _ in range(10):
        await deliverer.send_due()
        clock.advance(timedelta(seconds=40))
    return deliverer


async def statuses(database: Database) -> list[str]:
    async with database.transaction() as session:
        return [m.status for m in await Repositories(session).outbox.messages()]


async def test_a_failure_part_way_sends_only_what_did_not_go(
    sqlite_database: Database, clock: FakeClock
) -> None:
    api = ScriptedApi({2: ChannelError("502 Bad Gateway")})
    await run(sqlite_database, clock, api)
    first = api.shown[0]
    assert first.startswith("Dòng 000") and len(api.shown) == 3  # 3 messages, none twice
    assert [text for text in api.shown if text.startswith("Dòng 000")] == [first]
    assert "2. Tệp Excel" in api.shown[-1]  # the choices, in the last message
    assert await statuses(sqlite_database) == ["sent"]


async def test_an_unanswered_message_part_way_is_tried_once_and_the_rest_go_on(
    sqlite_database: Database, clock: FakeClock
) -> None:
    api = ScriptedApi({2: ChannelUnconfirmed("read timeout"), 4: ChannelUnconfirmed("drop")})
    deliverer = await run(sqlite_database, clock, api)
    # message 2 unanswered, shown again once (Zalo may have shown it), then message 3 (its
    # own first try unanswered, tried once more): the choices arrive, nothing three times
    assert "2. Tệp Excel" in api.shown[-1]
    assert max(api.shown.count(text) for text in api.shown) == 2
    assert api.shown.count(api.shown[0]) == 1
    assert await statuses(sqlite_database) == ["sent"]
    assert deliverer.stats.total("unconfirmed") == 0


class HoldingApi(ScriptedApi):
    """Takes messages in order; the `hold_at`-th send (1-based) and those after it wait
    forever, not taken (a platform that stops answering)."""

    def __init__(self, hold_at: int) -> None:
        super().__init__({})
        self.hold_at = hold_at
        self.held = asyncio.Event()

    async def send_message(self, chat_id: str, text: str) -> str:
        if self.calls + 1 >= self.hold_at:
            self.held.set()
            await asyncio.Event().wait()
        return await super().send_message(chat_id, text)


class TakenOverApi(ScriptedApi):
    """Takes messages in order; while the first is on its way, `meanwhile` runs (another
    instance takes the message over)."""

    def __init__(self, meanwhile: Callable[[], Awaitable[None]]) -> None:
        super().__init__({})
        self.meanwhile = meanwhile

    async def send_message(self, chat_id: str, text: str) -> str:
        if self.calls == 0:
            await self.meanwhile()
        return await super().send_message(chat_id, text)


def zalo_deliverer(
    database: Database, clock: FakeClock, api: ScriptedApi, owner: str
) -> Deliverer:
    channel = ZaloChannel(api, RefusedChats(clock))  # type: ignore[arg-type]
    return Deliverer(
        database, channel, clock, Catalogs(), pace=UNLIMITED, sleep=fake_sleep(clock),
        lease=LeaseKeeper(database, clock, "deliver:zalo", owner=owner),
    )


async def only_row(database: Database) -> OutboxMessage:
    async with database.transaction() as session:
        (row,) = await Repositories(session).outbox.messages()
    return row


async def test_a_kill_part_way_resumes_after_the_messages_zalo_answered(
    sqlite_database: Database, clock: FakeClock
) -> None:
    """Killed (nothing marked, nothing given back) while the second of three messages waits
    for Zalo: the count of messages answered is in the row already, and the next holder of the
    lease sends the second and the third only (before, all three went again)."""
    async with sqlite_database.transaction() as session:
        await Repositories(session).outbox.add_many(
            [reply_to("zalo", "7001", LONG, kind=Kind.REPLY)], now=clock.now()
        )
    dying_api = HoldingApi(hold_at=2)
    dying = asyncio.create_task(
        zalo_deliverer(sqlite_database, clock, dying_api, "one").send_due()
    )
    await asyncio.wait_for(dying_api.held.wait(), 10)
    row = await only_row(sqlite_database)
    assert (row.status, row.parts_sent, row.error) == ("sending", 1, None)
    dying.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await dying
    clock.advance(timedelta(seconds=11))  # the dead holder's lease runs out
    api = ScriptedApi({})
    await zalo_deliverer(sqlite_database, clock, api, "two").send_due()
    assert len(dying_api.shown) == 1 and len(api.shown) == 2
    shown = dying_api.shown + api.shown
    assert shown[0].startswith("Dòng 000") and "2. Tệp Excel" in shown[-1]
    assert len(set(shown)) == 3  # each message once, in order
    assert "\n".join(shown).startswith(LONG.text)
    row = await only_row(sqlite_database)
    assert (row.status, row.error, row.parts_sent) == ("sent", None, 0)


async def test_a_reply_taken_over_part_way_is_left_to_the_new_holder(
    sqlite_database: Database, clock: FakeClock
) -> None:
    """A deliverer stalled past its lease part-way: another instance took the message over
    (put back, claimed). The stalled one's count is not written over the other's claim, and
    it sends nothing more of that reply: the rest are the other's to send."""
    async with sqlite_database.transaction() as session:
        await Repositories(session).outbox.add_many(
            [reply_to("zalo", "7001", LONG, kind=Kind.REPLY)], now=clock.now()
        )

    async def taken_over() -> None:  # while the first message is on its way
        clock.advance(timedelta(seconds=11))
        async with sqlite_database.transaction() as session:
            outbox = Repositories(session).outbox
            assert await outbox.release_orphans("zalo") == 1
            (claimed,), _ = await outbox.claim("zalo", clock.now(), owner="two")
            assert claimed.claimed_by == "two"

    api = TakenOverApi(taken_over)
    stalled = zalo_deliverer(sqlite_database, clock, api, "one")
    await stalled.send_due()
    assert len(api.shown) == 1  # the second and third messages were not sent by it
    row = await only_row(sqlite_database)
    assert (row.status, row.claimed_by) == ("sending", "two")
    assert row.parts_sent == 0
