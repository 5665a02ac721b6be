"""A reply Zalo takes as several messages, sent again after a failure part-way: the messages
that went are not sent again, and a message left unanswered is tried once, then the rest go
on (before, the whole reply went again from its first message, and a second «no answer»
closed it with its last message, the one with the choices, never sent)."""

from __future__ import annotations

from datetime import timedelta

from bot.zalo.channel import ZaloChannel
from bot.zalo.refusals import RefusedChats
from core.channel import ChannelError, ChannelUnconfirmed
from core.clock import FakeClock
from core.i18n import Catalogs
from core.messages import Choice, Reply
from services.delivery import Deliverer
from services.outgoing import Kind, reply_to
from services.pacing import UNLIMITED
from storage.engine import Database
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
