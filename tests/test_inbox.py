"""Each update handled once, in order per chat; replies delivered after commit, retried, never lost."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.intake import InboxIntake
from bot.worker import InboxWorker, WorkSignal
from core.channel import ChannelBlocked, ChannelError, ChannelRateLimited, PartsGone, Sent
from core.clock import FakeClock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.core import HandleResult
from services.delivery import Deliverer
from services.outgoing import reply_to
from services.pacing import UNLIMITED
from storage.engine import Database
from storage.models import InboxUpdate, OutboxMessage
from storage.repos import Repositories
from tests.harness import RecordingChannel, build_harness, fake_sleep


def incoming(clock: FakeClock, key: str, text: str, chat: str = "c1") -> Incoming:
    return Incoming(
        channel="console",
        user_id=chat,
        chat_id=chat,
        update_key=key,
        received_at=clock.now(),
        text=text,
    )


@dataclass
class EchoCore:
    """A stand-in core that echoes, records what it handled, and can be told to fail."""

    handled: list[tuple[str, str]] = field(default_factory=list)
    fail_on: str | None = None
    die_on: str | None = None
    delay: float = 0.0

    async def handle(self, repos: Repositories, message: Incoming) -> HandleResult:
        if self.delay:
            await asyncio.sleep(self.delay)
        if message.text == self.die_on:
            raise asyncio.CancelledError()  # the process is going away mid-update
        if message.text == self.fail_on:
            raise ValueError("a bug in a handler")
        await repos.accounts.get_or_create(
            message.channel,
            message.user_id,
            chat_id=message.chat_id,
            display_name="",
            locale="vi",
            now=message.received_at,
        )
        self.handled.append((message.chat_id, message.text))
        return HandleResult([Reply(f"echo {message.text}")])


def deliverer_for(database: Database, clock: FakeClock, channel: Any, **kwargs: Any) -> Deliverer:
    return Deliverer(
        database, channel, clock, Catalogs(), pace=UNLIMITED, sleep=fake_sleep(clock), **kwargs
    )


def worker_for(database: Database, clock: FakeClock, core: Any, channel: Any) -> InboxWorker:
    signal = WorkSignal()
    intake = InboxIntake(database, clock, signal.notify)
    deliverers = {channel.name: deliverer_for(database, clock, channel)}
    return InboxWorker(database, core, intake, signal, deliverers, clock, Catalogs())


async def table(database: Database, model: Any) -> list[Any]:
    async with database.transaction() as session:
        from sqlmodel import select

        return list((await session.exec(select(model))).all())


async def test_the_same_update_three_times_is_handled_once(
    database: Database, clock: FakeClock
) -> None:
    chat = build_harness(database, clock)
    for _ in range(3):
        await chat.send("an", "/trogiup", key="tg-1001")
    assert len(chat.channel.to("an")) == 1
    assert len(await table(database, InboxUpdate)) == 1


async def test_updates_of_one_chat_are_handled_in_order(
    database: Database, clock: FakeClock
) -> None:
    core, channel = EchoCore(), RecordingChannel("console")
    worker = worker_for(database, clock, core, channel)
    for number in range(5):
        await worker.store(incoming(clock, f"k{number}", f"m{number}"))
    assert await worker.process_available() == 5
    await worker.deliver()
    assert [text for _chat, text in core.handled] == [f"m{n}" for n in range(5)]
    assert [reply.text for _chat, reply in channel.sent] == [f"echo m{n}" for n in range(5)]


async def test_two_workers_share_the_inbox_without_doubles_or_reordering(
    database: Database, clock: FakeClock
) -> None:
    core, channel = EchoCore(delay=0.002), RecordingChannel("console")
    first = worker_for(database, clock, core, channel)
    second = worker_for(database, clock, core, channel)
    for number in range(24):
        await first.store(incoming(clock, f"k{number}", f"m{number}", chat=f"chat{number % 4}"))
    await asyncio.gather(first.process_available(), second.process_available())
    assert len(core.handled) == 24
    for chat in range(4):
        texts = [text for c, text in core.handled if c == f"chat{chat}"]
        assert texts == [f"m{n}" for n in range(chat, 24, 4)]


async def test_a_handler_error_is_logged_and_answered_with_an_apology(
    database: Database, clock: FakeClock
) -> None:
    core, channel = EchoCore(fail_on="boom"), RecordingChannel("console")
    worker = worker_for(database, clock, core, channel)
    await worker.submit(incoming(clock, "k1", "boom"))
    await worker.submit(incoming(clock, "k2", "after"))
    texts = [reply.text for _chat, reply in channel.sent]
    assert texts[0].startswith("Xin lỗi đồng chí") and texts[1] == "echo after"
    rows = {row.update_key: row for row in await table(database, InboxUpdate)}
    assert rows["k1"].status == "failed" and "a bug in a handler" in (rows["k1"].error or "")
    assert rows["k2"].status == "done"


async def test_an_update_interrupted_mid_handling_is_handled_after_restart(
    database: Database, clock: FakeClock
) -> None:
    dying, channel = EchoCore(die_on="hello"), RecordingChannel("console")
    with contextlib.suppress(asyncio.CancelledError):
        await worker_for(database, clock, dying, channel).submit(incoming(clock, "k1", "hello"))
    assert not channel.sent
    restarted = EchoCore()
    again = worker_for(database, clock, restarted, channel)
    assert await again.process_available() == 1
    await again.deliver()
    assert restarted.handled == [("c1", "hello")]
    assert [reply.text for _chat, reply in channel.sent] == ["echo hello"]


class FlakyChannel(RecordingChannel):
    def __init__(self, errors: list[Exception]) -> None:
        super().__init__("console")
        self.errors = errors

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        if self.errors:
            raise self.errors.pop(0)
        return await super().send(chat_id, reply)


async def test_failed_deliveries_are_retried_with_backoff(
    database: Database, clock: FakeClock
) -> None:
    channel = FlakyChannel([ChannelError("network down"), ChannelRateLimited(retry_after=30)])
    worker = worker_for(database, clock, EchoCore(), channel)
    await worker.submit(incoming(clock, "k1", "hi"))
    assert not channel.sent
    clock.advance(timedelta(seconds=3))
    assert await worker.deliver() == 0  # the retry hits the 429
    clock.advance(timedelta(seconds=10))
    assert await worker.deliver() == 0  # retry_after not over yet
    clock.advance(timedelta(seconds=25))
    assert await worker.deliver() == 1
    [row] = await table(database, OutboxMessage)
    assert row.status == "sent" and row.attempts == 2  # the 429 does not count


async def test_a_blocked_chat_marks_the_account(database: Database, clock: FakeClock) -> None:
    channel = FlakyChannel([ChannelBlocked("bot was blocked by the user")])
    worker = worker_for(database, clock, EchoCore(), channel)
    await worker.submit(incoming(clock, "k1", "hi", chat="blocker"))
    async with database.transaction() as session:
        account = await Repositories(session).accounts.find("console", "blocker")
    assert account is not None and account.blocked_at == clock.now()
    [row] = await table(database, OutboxMessage)
    assert row.status == "blocked" and "blocked" in (row.error or "")


async def test_a_403_on_a_reply_tells_the_officers_once(database: Database, clock: FakeClock) -> None:
    from datetime import timedelta as days

    from handlers.bootstrap import invite_from_cli
    from handlers.demo import load_demo

    chat = build_harness(database, clock)
    async with database.transaction() as session:
        repos = Repositories(session)
        await load_demo(repos, clock.now())
        secretary, _ = await invite_from_cli(repos, role="secretary", scope_text="Chi bộ Thôn 1",
                                             now=clock.now(), ttl=days(days=1))
        officer, _ = await invite_from_cli(repos, role="officer",
                                           scope_text="Đảng bộ xã Hòa Bình", now=clock.now(),
                                           ttl=days(days=1))
    await chat.say("lan", f"/start {secretary.code}")
    await chat.say("binh", f"/start {officer.code}")

    original = chat.channel.send

    async def refuse_lan(chat_id: str, reply: Reply, **_: object) -> Sent:
        if chat_id == "lan":
            raise ChannelBlocked("Forbidden: bot was blocked by the user")
        return await original(chat_id, reply)

    chat.channel.send = refuse_lan  # type: ignore[method-assign]
    await chat.send("lan", "/trogiup")
    async with database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.find("console", "lan")
        assert account is not None and account.blocked_at is not None
        await repos.outbox.add(reply_to("console", "lan", Reply("x")), now=clock.now())
    await chat.app.worker.deliver()  # not even tried: the officer is not told twice
    told = [r.text for r in chat.channel.to("binh") if "đã chặn chibo" in r.text]
    assert told == ["Đồng chí Lan (bí thư chi bộ, Chi bộ Thôn 1) đã chặn chibo nên không nhận "
                    "được nhắc việc nữa. Đề nghị liên hệ với đồng chí bằng cách khác."]
