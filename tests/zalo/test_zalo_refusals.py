"""Zalo's 403: a burst of them is the platform failing, not every person blocking the bot; a
chat refused for long while others get their messages is a block."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.zalo.channel import ZaloChannel
from bot.zalo.refusals import CONFIRM_AFTER, RefusedChats
from core.channel import ChannelBlocked, ChannelError
from core.clock import FakeClock
from core.messages import Reply
from handlers.demo import DEMO_CELLS
from storage.engine import Database
from storage.models import Account
from tests.telegram.tgharness import seed
from tests.zalo.zharness import ZaloBot, running


class RefusingApi:
    """Refuses the chats in `refusing` with a 403, sends to the others."""

    def __init__(self) -> None:
        self.refusing: set[str] = set()
        self.sent: list[str] = []

    async def send_message(self, chat_id: str, text: str) -> str:
        if chat_id in self.refusing:
            raise ChannelBlocked("sendMessage: 403")
        self.sent.append(chat_id)
        return str(len(self.sent))


async def test_a_burst_of_403_is_no_block_but_a_chat_refused_for_long_is(clock: FakeClock) -> None:
    api = RefusingApi()
    channel = ZaloChannel(api, RefusedChats(clock))  # type: ignore[arg-type]
    api.refusing = {"a", "b", "c"}
    for chat in ("a", "b", "c"):  # everyone refused at once: the platform, retried
        with pytest.raises(ChannelError) as refused:
            await channel.send(chat, Reply("x"))
        assert not isinstance(refused.value, ChannelBlocked)
    api.refusing = {"a"}
    clock.advance(timedelta(minutes=1))
    await channel.send("b", Reply("x"))  # the platform works again; "a" is still refused
    clock.advance(timedelta(minutes=5))
    with pytest.raises(ChannelError) as still:
        await channel.send("a", Reply("x"))
    assert not isinstance(still.value, ChannelBlocked)  # not long enough yet
    clock.advance(CONFIRM_AFTER)
    with pytest.raises(ChannelBlocked):
        await channel.send("a", Reply("x"))


async def test_refusals_with_nothing_delivered_meanwhile_are_never_a_block(clock: FakeClock) -> None:
    refusals = RefusedChats(clock)
    for _ in range(10):
        assert not refusals.refused("a")
        clock.advance(timedelta(minutes=5))
    refusals.delivered("a")  # it went through in the end: counting starts again
    assert not refusals.refused("a")
    clock.advance(CONFIRM_AFTER)
    refusals.delivered("b")
    assert not refusals.refused("a")  # two tries since it went through
    assert refusals.refused("a")  # three, over ten minutes, others served meanwhile


@pytest.fixture
async def zalo(sqlite_database: Database, clock: FakeClock) -> AsyncIterator[ZaloBot]:
    async with running(sqlite_database, clock) as bot:
        yield bot


async def test_replies_refused_in_a_burst_of_403_go_out_after_it(zalo: ZaloBot) -> None:
    people = ["7101", "7102", "7103"]
    for person in people:
        await zalo.say(person, await seed(zalo.database, zalo.clock, "secretary", DEMO_CELLS[0].name))
    zalo.api.fail("sendMessage", 403, description="forbidden", count=3)
    before = len(zalo.api.sent)
    for person in people:
        await zalo.put(zalo.api.event(person, "/lich"))
    await zalo.app.worker.process_available()
    for _ in range(30):
        await zalo.app.worker.deliver()
        zalo.clock.advance(timedelta(seconds=10))
        if len(zalo.api.sent) - before >= 3:
            break
    assert sorted(s.chat_id for s in zalo.api.sent[before:]) == people
    async with zalo.database.transaction() as session:
        accounts = (await session.exec(select(Account).where(Account.channel == "zalo"))).all()
    assert accounts and all(account.blocked_at is None for account in accounts)
