"""The one deliverer: order per chat after a failure, one pace and one 429 pause for every kind,
one blocked policy for every kind, leases given up on stop, no network inside a transaction."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.channel import (
    ChannelBlocked,
    ChannelError,
    ChannelRateLimited,
    ChannelRefused,
    ChannelRejected,
    ChannelUnauthorized,
    ChannelUnconfirmed,
    PartsGone,
    Sent,
)
from core.clock import FakeClock, SystemClock
from core.i18n import Catalogs
from core.messages import ChannelName, Reply
from services.delivery import UNCONFIRMED_WAIT, Deliverer
from services.leases import LeaseKeeper
from services.outgoing import Kind, reply_to, templated, to_account
from services.pacing import UNLIMITED, Pace
from storage.engine import Database
from storage.models import Account, OutboxMessage
from storage.repos import Repositories
from storage.repos.outbox import Finish, NewMessage
from tests.harness import fake_sleep

START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


class ScriptedChannel:
    """Records each send with the fake time; fails as told, per chat and in order."""

    shows_buttons = False

    def __init__(self, clock: FakeClock, name: ChannelName = "console") -> None:
        self.name: ChannelName = name
        self.clock = clock
        self.sent: list[tuple[str, str, datetime]] = []
        self.tries: list[str] = []
        self.fail: dict[str, list[Exception]] = {}
        self.blocked: set[str] = set()
        self.down = False
        self._ids = itertools.count(1)
        self.in_transaction: list[bool] = []
        self.database: Database | None = None

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        self.tries.append(chat_id)
        if self.database is not None:
            # A send must never run inside a transaction: opening one here would fail then.
            async with self.database.transaction():
                pass
        if self.down:
            raise ChannelError("503 Service Unavailable")
        if chat_id in self.blocked:
            raise ChannelBlocked("Forbidden: bot was blocked by the user")
        queue = self.fail.get(chat_id)
        if queue:
            raise queue.pop(0)
        self.sent.append((chat_id, reply.text, self.clock.now()))
        return Sent(str(next(self._ids)))

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        self.tries.append(chat_id)

    def texts(self, chat_id: str) -> list[str]:
        return [text for chat, text, _at in self.sent if chat == chat_id]


def deliverer(
    database: Database, channel: ScriptedChannel, clock: FakeClock, pace: Pace = UNLIMITED, **kw: Any
) -> Deliverer:
    return Deliverer(
        database, channel, clock, Catalogs(), pace=pace, sleep=fake_sleep(clock), **kw
    )


async def write(database: Database, clock: FakeClock, messages: Sequence[NewMessage]) -> None:
    async with database.transaction() as session:
        await Repositories(session).outbox.add_many(messages, now=clock.now())


async def rows(database: Database) -> list[OutboxMessage]:
    async with database.transaction() as session:
        return await Repositories(session).outbox.messages()


def reply(chat: str, text: str, kind: Kind = Kind.REPLY) -> NewMessage:
    return reply_to("console", chat, Reply(text), kind=kind)


async def test_a_failed_message_holds_its_chat_so_order_is_kept(
    database: Database, clock: FakeClock
) -> None:
    channel = ScriptedChannel(clock)
    channel.fail["a"] = [ChannelError("timeout")]
    await write(database, clock, [reply("a", "first"), reply("a", "second"), reply("b", "other")])
    sender = deliverer(database, channel, clock)
    await sender.send_due()
    assert channel.texts("a") == []  # the second did not overtake the first
    clock.advance(timedelta(seconds=2))
    await sender.send_due()
    assert channel.texts("a") == ["first", "second"]
    assert channel.texts("b") == ["other"]
    assert {row.status for row in await rows(database)} == {"sent"}


async def test_a_message_written_to_wait_goes_then_and_does_not_hold_its_chat(
    database: Database, clock: FakeClock
) -> None:
    """A nudge written at night waits for the end of the quiet hours (`not_before`); a reply
    to the same person meanwhile goes at once (before, the waiting message held the chat as
    a message waiting for a retry does)."""
    morning = clock.now() + timedelta(hours=5)
    nudge = replace(reply("a", "nudge", Kind.NUDGE), not_before=morning)
    await write(database, clock, [nudge, reply("a", "answer")])
    channel = ScriptedChannel(clock)
    sender = deliverer(database, channel, clock)
    await sender.send_due()
    assert channel.texts("a") == ["answer"]
    clock.advance(timedelta(hours=5) - timedelta(seconds=1))
    await sender.send_due()
    assert channel.texts("a") == ["answer"]
    clock.advance(timedelta(seconds=1))
    await sender.send_due()
    assert channel.texts("a") == ["answer", "nudge"]


async def test_only_a_message_written_to_wait_lets_its_chat_s_later_messages_by(
    database: Database, clock: FakeClock
) -> None:
    """Written to wait is what the row says (`not_before`, kept only when later than it was
    written), not guessed from its looks: a message put back to wait with no error and its
    try refunded still holds its chat (it was taken for one written to wait)."""
    now = clock.now()
    await write(
        database,
        clock,
        [
            replace(reply("a", "first"), not_before=now - timedelta(minutes=1)),
            reply("a", "second"),
            replace(reply("b", "nudge", Kind.NUDGE), not_before=now + timedelta(hours=5)),
        ],
    )
    first, _second, nudge = await rows(database)
    assert (first.not_before, nudge.not_before) == (None, now + timedelta(hours=5))
    async with database.transaction() as session:
        outbox = Repositories(session).outbox
        claimed, _ = await outbox.claim("console", now, owner="me", limit=1)
        assert [row.id for row in claimed] == [first.id]
        back = Finish(first.id or 0, "pending", retry_at=now + timedelta(minutes=1), refund=True)
        assert await outbox.finish_many([back], now=now, owner="me") == []
    async with database.transaction() as session:
        assert await Repositories(session).outbox.claim("console", now, owner="me") == ([], False)


async def test_an_unanswered_send_is_tried_once_more_through_other_failures(
    database: Database, clock: FakeClock
) -> None:
    """A send that got no answer (it may have arrived) is sent once more only, whatever other
    failures come between: the row says so (`unconfirmed`), its error holds the last error
    alone, and a second unanswered send closes it."""
    channel = ScriptedChannel(clock)
    channel.fail["a"] = [
        ChannelUnconfirmed("read timeout"),
        ChannelError("502 Bad Gateway"),
        ChannelUnconfirmed("read timeout"),
    ]
    await write(database, clock, [reply("a", "hello")])
    sender = deliverer(database, channel, clock)
    seen: list[tuple[str, bool, str | None]] = []
    for _ in range(3):
        await sender.send_due()
        (row,) = await rows(database)
        seen.append((row.status, row.unconfirmed, row.error))
        clock.advance(UNCONFIRMED_WAIT + timedelta(seconds=1))
    assert seen == [
        ("pending", True, "read timeout"),
        ("pending", True, "502 Bad Gateway"),
        ("failed", False, "unconfirmed: sent twice, no answer, may have arrived"),
    ]
    assert channel.tries == ["a", "a", "a"] and channel.texts("a") == []


async def test_a_message_written_to_wait_is_not_a_backlog_when_its_time_comes(
    database: Database, clock: FakeClock
) -> None:
    """/healthz counts how long the oldest message that may go has waited: a nudge written at
    01:25 to go at 06:30 has waited since 06:30, not since 01:25 (a false alarm every morning)."""
    written = clock.now()
    morning = written + timedelta(hours=5)
    await write(
        database, clock, [replace(reply("a", "nudge", Kind.NUDGE), not_before=morning)]
    )
    clock.advance(timedelta(hours=5, seconds=1))
    async with database.transaction() as session:
        depths = await Repositories(session).queues.depths(["console"], clock.now())
    assert depths.oldest_due == morning


async def test_replies_behind_a_larger_reminder_batch_in_their_chats_go_after_it(
    database: Database, clock: FakeClock
) -> None:
    """Found by the kill -9 fault test: every chat has a reminder (low priority) and then a
    reply (high priority); a claim's candidates, by priority, were all replies, each held by
    its chat's earlier reminder, which the limit kept out: nothing was ever sent."""
    chats = [f"c{number}" for number in range(6)]
    reminders = [reply(chat, f"reminder {chat}", Kind.REMINDER) for chat in chats]
    await write(database, clock, reminders)
    await write(database, clock, [reply(chat, f"reply {chat}") for chat in chats])
    channel = ScriptedChannel(clock)
    # It used to spin without end: the guard turns that into a failure.
    await asyncio.wait_for(deliverer(database, channel, clock, batch=3).send_due(), 60)
    for chat in chats:
        assert channel.texts(chat) == [f"reminder {chat}", f"reply {chat}"]


async def test_every_kind_shares_one_pace(database: Database, clock: FakeClock) -> None:
    channel = ScriptedChannel(clock)
    account = await _account(database, clock, "sec")
    kinds = [Kind.REPLY, Kind.NOTICE, Kind.NUDGE, Kind.DRAFT]
    messages = [reply(f"chat{n}", f"m{n}", kind) for n, kind in enumerate(kinds * 3)]
    messages.append(_reminder(account, clock))
    await write(database, clock, messages)
    sender = deliverer(database, channel, clock, Pace(per_second=5, chat_seconds=0, concurrency=1))
    await sender.send_due()
    times = sorted(at for _chat, _text, at in channel.sent)
    assert len(times) == 13
    assert all(b - a >= timedelta(seconds=0.2) for a, b in itertools.pairwise(times))


async def test_a_429_on_a_reminder_pauses_the_replies_too(
    database: Database, clock: FakeClock
) -> None:
    channel = ScriptedChannel(clock)
    account = await _account(database, clock, "sec")
    channel.fail["sec"] = [ChannelRateLimited(retry_after=20)]
    draft = reply("lan", "your report is not finished", Kind.DRAFT)  # same priority, after it
    await write(database, clock, [_reminder(account, clock), draft])
    sender = deliverer(database, channel, clock, Pace(per_second=None, chat_seconds=0, concurrency=1))
    started = clock.now()
    await sender.send_due()
    sent_at = {chat: at for chat, _text, at in channel.sent}
    assert sent_at["lan"] >= started + timedelta(seconds=20)  # it waited out the 429 too
    assert sender.stats.rate_limited == 1


@pytest.mark.parametrize("kind", [k for k in Kind if k is not Kind.ACTION])
async def test_the_blocked_policy_is_the_same_for_every_kind(
    database: Database, clock: FakeClock, kind: Kind
) -> None:
    channel = ScriptedChannel(clock)
    secretary, officer, admin = await _cell_with_people(database, clock)
    channel.blocked.add("sec")
    if kind in (Kind.REMINDER, Kind.DIGEST):
        first = _reminder(secretary, clock, kind=kind)
    else:
        first = to_account(secretary, Reply("hello"), kind=kind)
    waiting = to_account(secretary, Reply("later"), kind=Kind.NOTICE)
    await write(database, clock, [first, waiting])
    sender = deliverer(database, channel, clock)
    await sender.send_due()
    assert channel.tries.count("sec") == 1  # one 403, then nothing more to that chat
    async with database.transaction() as session:
        repos = Repositories(session)
        marked = await repos.accounts.get(secretary.id or 0)
        statuses = {m.chat_id + ":" + m.kind: m.status for m in await repos.outbox.messages()}
    assert marked is not None and marked.blocked_at == clock.now()
    assert statuses[f"sec:{kind}"] == "blocked" and statuses["sec:notice"] == "blocked"
    for follower in ("off", "adm"):  # officers and administrators, once each
        told = [text for text in channel.texts(follower) if "đã chặn chibo" in text]
        assert len(told) == 1, channel.sent
    await write(database, clock, [to_account(secretary, Reply("again"), kind=Kind.REPLY)])
    await sender.send_due()
    assert channel.tries.count("sec") == 1  # never tried again, nobody told twice
    assert len([t for t in channel.texts("off") if "đã chặn chibo" in t]) == 1
    del officer, admin


async def test_a_block_found_at_night_tells_officers_in_the_morning(
    database: Database, clock: FakeClock
) -> None:
    """The bot keeps its quiet hours (21:00–06:30) for the notices it starts on its own too:
    a secretary found blocking it at 23:00 is told to officers and administrators at 06:30."""
    clock.set(datetime(2026, 12, 1, 16, 0, tzinfo=UTC))  # 23:00 in Hà Nội
    channel = ScriptedChannel(clock)
    secretary, _officer, _admin = await _cell_with_people(database, clock)
    channel.blocked.add("sec")
    await write(database, clock, [to_account(secretary, Reply("hello"), kind=Kind.REPLY)])
    sender = deliverer(database, channel, clock)
    await sender.send_due()
    assert not channel.texts("off") and not channel.texts("adm")
    clock.set(datetime(2026, 12, 1, 23, 29, tzinfo=UTC))  # 06:29
    await sender.send_due()
    assert not channel.texts("off")
    clock.set(datetime(2026, 12, 1, 23, 30, tzinfo=UTC))  # 06:30
    await sender.send_due()
    for follower in ("off", "adm"):
        assert len([t for t in channel.texts(follower) if "đã chặn chibo" in t]) == 1


async def test_a_refused_message_is_given_up_and_the_chat_goes_on(
    database: Database, clock: FakeClock
) -> None:
    channel = ScriptedChannel(clock)
    channel.fail["a"] = [ChannelRejected("Bad Request: message is too long")]
    await write(database, clock, [reply("a", "too long"), reply("a", "next")])
    await deliverer(database, channel, clock).send_due()
    assert channel.texts("a") == ["next"]
    assert [row.status for row in await rows(database)] == ["failed", "sent"]


async def test_an_outage_loses_nothing_and_probes_instead_of_hammering(
    database: Database, clock: FakeClock
) -> None:
    channel = ScriptedChannel(clock)
    await write(database, clock, [reply(f"c{n % 10}", f"m{n}") for n in range(50)])
    sender = deliverer(database, channel, clock)
    channel.down = True
    end = clock.now() + timedelta(minutes=10)
    passes = 0
    while clock.now() < end:
        await sender.send_due()
        passes += 1
        clock.advance(timedelta(seconds=5))
    assert not channel.sent and len(channel.tries) <= passes * 2  # one probe a pass, not 50
    channel.down = False
    for _ in range(10):
        clock.advance(timedelta(seconds=31))
        await sender.send_due()
    assert {row.status for row in await rows(database)} == {"sent"}
    for chat in range(10):
        assert channel.texts(f"c{chat}") == [f"m{n}" for n in range(chat, 50, 10)]


async def test_a_message_is_given_up_only_after_a_day(database: Database, clock: FakeClock) -> None:
    channel = ScriptedChannel(clock)
    channel.down = True
    await write(database, clock, [reply("a", "hello")])
    sender = deliverer(database, channel, clock)
    for _ in range(20):
        clock.advance(timedelta(hours=1))
        await sender.send_due()
    assert (await rows(database))[0].status == "pending"
    clock.advance(timedelta(hours=5))
    await sender.send_due()
    (row,) = await rows(database)
    assert row.status == "expired" and sender.stats.total("expired") == 1


async def test_a_clean_stop_releases_the_lease_so_another_instance_goes_on_at_once(
    database: Database, clock: FakeClock
) -> None:
    channel = ScriptedChannel(clock)
    first, second = (
        deliverer(database, channel, clock, lease=LeaseKeeper(database, clock, name, owner=who))
        for name, who in (("deliver:console", "a"), ("deliver:console", "b"))
    )
    stop = asyncio.Event()
    running = asyncio.create_task(first.run(stop, poll_seconds=0.01))
    await asyncio.sleep(0.05)
    await write(database, clock, [reply("a", "before the stop")])
    assert await second.send_due() == 0  # the first holds the lease
    stop.set()
    await running
    await write(database, clock, [reply("a", "after the stop")])
    assert await second.send_due() >= 1  # taken over without waiting for the lease to run out
    assert channel.texts("a") == ["before the stop", "after the stop"]


async def test_sends_and_file_downloads_run_outside_any_transaction(
    sqlite_database: Database, clock: FakeClock
) -> None:
    """On SQLite a transaction opened inside another in the same task raises: the channel and
    the file fetcher open one, so they prove they are not called inside a transaction."""
    from tests.harness import build_harness

    channel = ScriptedChannel(clock)
    channel.database = sqlite_database
    await write(sqlite_database, clock, [reply("a", "hello")])
    await deliverer(sqlite_database, channel, clock).send_due()
    assert channel.texts("a") == ["hello"]

    chat = build_harness(sqlite_database, clock)
    fetched: list[str] = []
    original = chat.app.worker._hooks["console"].fetch_file
    assert original is not None

    async def fetch(file_id: str) -> bytes:
        async with sqlite_database.transaction():  # raises if called inside the handling one
            fetched.append(file_id)
        return await original(file_id)

    chat.app.worker._hooks["console"] = type(chat.app.worker._hooks["console"])(fetch_file=fetch)
    await chat.send("lan", "", file=("plan.txt", b"KE HOACH"))
    assert fetched


async def _account(database: Database, clock: FakeClock, name: str) -> Account:
    async with database.transaction() as session:
        return await Repositories(session).accounts.get_or_create(
            "console", name, chat_id=name, display_name=name, locale="vi", now=clock.now()
        )


async def _cell_with_people(database: Database, clock: FakeClock) -> tuple[Account, ...]:
    now = clock.now()
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org("Đảng bộ xã Thử", parent=None, kind="xa", now=now)
        cell = await repos.orgs.add_cell(org, "Chi bộ Thôn 1", now=now)
        people = []
        for name, role, scope in (("sec", "secretary", "cell"), ("off", "officer", "org"),
                                  ("adm", "admin", "org")):
            account = await repos.accounts.get_or_create(
                "console", name, chat_id=name, display_name=name, locale="vi", now=now
            )
            await repos.roles.grant(
                account.id or 0,
                role,
                org_id=org.id if scope == "org" else None,
                cell_id=cell.id if scope == "cell" else None,
                granted_by=None,
                now=now,
            )
            people.append(account)
    return tuple(people)


def _reminder(account: Account, clock: FakeClock, kind: Kind = Kind.REMINDER) -> NewMessage:
    if kind is Kind.DIGEST:
        line = {"type": "unreachable", "cell_id": 1, "cell_name": "Chi bộ Thôn 1"}
        values: dict[str, Any] = {"day": "2026-11-24", "lines": [line]}
        template = "digest"
    else:
        values = {"cell_name": "Chi bộ Thôn 1", "meeting_date": "2026-11-27", "period": "2026-11"}
        template = "follow_up"
    return templated(
        account,
        template,
        values,
        kind=kind,
        dedupe_key=f"test:{account.id}:{kind}",
        expires_at=clock.now() + timedelta(days=2),
    )


async def test_offers_lock_conversations_in_the_order_of_the_people(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two instances flushing offers for the same people must take their conversations' locks
    in one order (a circle of waits is a deadlock PostgreSQL aborts): the order of the people,
    whatever the order the messages went out in."""
    from storage.repos.conversations import ConversationRepository

    people = [await _account(database, clock, f"p{number}") for number in range(4)]
    # written (and sent) newest person first
    await write(database, clock, [_reminder(person, clock) for person in reversed(people)])
    locked: list[int] = []
    original = ConversationRepository._locked

    async def spy(self: ConversationRepository, account_id: int) -> Any:
        locked.append(account_id)
        return await original(self, account_id)

    monkeypatch.setattr(ConversationRepository, "_locked", spy)
    channel = ScriptedChannel(clock)
    await deliverer(database, channel, clock).send_due()
    assert len(channel.sent) == 4
    assert locked == sorted(person.id or 0 for person in people)


async def test_sending_counts_as_the_loop_turning_for_health(
    database: Database, clock: FakeClock
) -> None:
    """A batch waiting out 429s one message after another turns no loop for minutes: each
    message tried says the deliverer is alive (/healthz said «not running» after 60 s)."""
    channel = ScriptedChannel(clock)
    channel.fail["a"] = [ChannelRateLimited(5.0), ChannelRateLimited(5.0)]
    await write(database, clock, [reply("a", "first"), reply("b", "other")])
    sender = deliverer(database, channel, clock)
    sender.beat = None
    await sender.send_due()
    assert sender.beat is not None


async def test_a_refused_token_is_unhealthy_until_a_message_goes(
    database: Database, clock: FakeClock
) -> None:
    from bot.health import HealthCheck, Heartbeats

    channel = ScriptedChannel(clock)
    channel.fail["a"] = [ChannelUnauthorized("401 invalid token")]
    await write(database, clock, [reply("a", "first")])
    sender = deliverer(database, channel, clock)
    await sender.send_due()
    check = HealthCheck(database, clock, {"console": sender}, Heartbeats(), ticks=False)
    healthy, body = await check.report()
    assert not healthy and "console refuses the bot token" in body["problems"]
    await sender.release()  # standing by, it delivers nothing: its last try says nothing now
    healthy, body = await check.report()
    assert "console refuses the bot token" not in body["problems"]
    clock.advance(timedelta(seconds=5))
    await sender.send_due()
    assert channel.texts("a") == ["first"]
    healthy, body = await check.report()
    assert "console refuses the bot token" not in body["problems"]


async def test_a_chat_refused_alone_waits_while_the_others_go_on(
    database: Database, clock: FakeClock
) -> None:
    """Zalo's 403 not yet confirmed as a block: that chat waits (minutes), no pause for the
    others, and the platform answering the others does not hurry it back."""
    channel = ScriptedChannel(clock)
    channel.fail["a"] = [ChannelRefused("sendMessage: 403")]
    await write(database, clock, [reply("a", "first"), reply("a", "second")])
    await write(database, clock, [reply(chat, f"to {chat}") for chat in ("b", "c", "d")])
    sender = deliverer(database, channel, clock)
    await sender.send_due()
    assert [channel.texts(chat) for chat in "bcd"] == [["to b"], ["to c"], ["to d"]]
    assert channel.texts("a") == [] and sender.stats.unreachable == 0
    assert sender.pacer.paused_until is None
    await write(database, clock, [reply("b", "again")])
    clock.advance(timedelta(seconds=5))
    await sender.send_due()
    assert channel.texts("b") == ["to b", "again"] and channel.tries.count("a") == 1
    clock.advance(timedelta(minutes=3))
    await sender.send_due()
    assert channel.texts("a") == ["first", "second"]  # in order, once it went


class BeginsAFlow(ScriptedChannel):
    """Records each send; the person `account_id` begins /baocao as a message to `chat` goes."""

    def __init__(self, clock: FakeClock, database: Database, account_id: int, chat: str) -> None:
        super().__init__(clock)
        self._database, self._account_id, self._chat = database, account_id, chat

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        if chat_id == self._chat:
            from storage.models import Conversation

            async with self._database.transaction() as session:
                await Repositories(session).conversations.save(
                    Conversation(
                        account_id=self._account_id,
                        flow="report",
                        step="present",
                        data={"draft": {}},
                        updated_at=self.clock.now(),
                        expires_at=self.clock.now() + timedelta(hours=1),
                    )
                )
        return await super().send(chat_id, reply)


async def test_a_notice_sent_as_the_person_begins_a_flow_is_kept_aside(
    database: Database, clock: FakeClock
) -> None:
    """Claimed while the person was in no flow, sent as they began one (/baocao): its choices
    cannot be theirs now; they are kept aside for when the flow is over, not lost."""
    person = await _account(database, clock, "sec")
    assert person.id is not None
    await write(database, clock, [_reminder(person, clock)])
    await deliverer(database, BeginsAFlow(clock, database, person.id, "sec"), clock).send_due()
    async with database.transaction() as session:
        kept = await Repositories(session).conversations.get(person.id)
    assert kept is not None and kept.flow == "report"
    assert len(kept.aside) == 1 and kept.aside[0]["choices"]


async def test_a_notice_sent_after_the_person_began_a_flow_goes_without_its_numbers(
    database: Database, clock: FakeClock
) -> None:
    """The person begins /baocao while the batch holding their reminder is going out: at its
    turn the reminder is sent without its numbered choices (checked again just before)."""
    person = await _account(database, clock, "sec")
    assert person.id is not None
    await write(database, clock, [reply("other", "first"), _reminder(person, clock)])
    channel = BeginsAFlow(clock, database, person.id, "other")
    await deliverer(
        database, channel, clock, Pace(per_second=None, chat_seconds=0, concurrency=1)
    ).send_due()
    assert channel.texts("other") == ["first"]
    [sent] = channel.texts("sec")
    assert "chưa kèm lựa chọn" in sent and "Trả lời" not in sent


class SlowChannel(ScriptedChannel):
    """A platform that takes `seconds` (real time) to answer each send."""

    def __init__(self, clock: Any, seconds: float) -> None:
        super().__init__(clock)
        self.seconds = seconds

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        await asyncio.sleep(self.seconds)
        return await super().send(chat_id, reply)


async def test_a_send_slower_than_the_lease_keeps_it_so_no_other_instance_sends_again(
    sqlite_database: Database,
) -> None:
    """A send that waits longer than the delivery lease (Zalo answering in 40 s, the lease
    10 s): the lease is renewed while the batch goes out, so a standby instance never takes
    over and sends the message in flight a second time."""
    database, clock = sqlite_database, SystemClock()
    ttl = timedelta(seconds=1.5)
    channel = SlowChannel(clock, seconds=3.5)
    first, second = (
        Deliverer(
            database,
            channel,
            clock,
            Catalogs(),
            pace=UNLIMITED,
            lease=LeaseKeeper(database, clock, "deliver:console", owner=who, ttl=ttl),
        )
        for who in ("a", "b")
    )
    async with database.transaction() as session:
        await Repositories(session).outbox.add_many([reply("a", "slow")], now=clock.now())

    async def standby() -> int:
        sent = 0
        for _ in range(6):
            await asyncio.sleep(0.6)
            sent += await second.send_due()
        return sent

    went, again = await asyncio.gather(first.send_due(), standby())
    assert went == 1 and again == 0
    assert channel.texts("a") == ["slow"]  # once


async def test_a_slow_send_keeps_saying_the_deliverer_is_alive(sqlite_database: Database) -> None:
    """One send waiting on a slow platform (Zalo: up to 55 s and a check) turns no loop: the
    deliverer says it is alive meanwhile, or /healthz would call it stopped after 60 s and a
    supervisor would kill it mid-send. It says so each time it renews its lease meanwhile
    (every third of the lease: here 0.2 s)."""
    database, clock = sqlite_database, SystemClock()
    channel = SlowChannel(clock, seconds=1.5)
    lease = LeaseKeeper(database, clock, "deliver:console", ttl=timedelta(seconds=0.6))
    sender = Deliverer(database, channel, clock, Catalogs(), pace=UNLIMITED, lease=lease)
    async with database.transaction() as session:
        await Repositories(session).outbox.add_many([reply("a", "slow")], now=clock.now())
    sender.beat = None
    seen: set[float] = set()

    async def watch() -> None:
        for _ in range(5):
            await asyncio.sleep(0.25)
            if sender.beat is not None:
                seen.add(sender.beat)

    await asyncio.gather(sender.send_due(), watch())
    assert len(seen) >= 3  # said again and again while the one send waited
    assert channel.texts("a") == ["slow"]


async def test_marks_of_a_claim_taken_over_leave_the_new_claim_alone(
    database: Database, clock: FakeClock
) -> None:
    """A deliverer whose lease ran out while it held messages: another instance was elected,
    put them back and claimed them (one already sent, one in flight). The first one's marks,
    coming late, touch neither; a message it still holds (another channel) is marked."""
    await write(
        database,
        clock,
        [
            reply("a", "taken, sent"),
            reply("b", "taken, in flight"),
            reply_to("zalo", "c", Reply("kept")),
        ],
    )
    async with database.transaction() as session:
        outbox = Repositories(session).outbox
        claimed, _ = await outbox.claim("console", clock.now(), owner="first")
        kept, _ = await outbox.claim("zalo", clock.now(), owner="first")
    taken, sent_by_first = [row.id or 0 for row in claimed], kept[0].id or 0
    clock.advance(timedelta(seconds=11))
    async with database.transaction() as session:  # the next holder of the lease
        outbox = Repositories(session).outbox
        assert await outbox.release_orphans("console") == 2
        again, _ = await outbox.claim("console", clock.now(), owner="second")
        assert [row.id for row in again] == taken
        assert await outbox.finish_many(
            [Finish(taken[0], "sent", message_id="second-1")], now=clock.now(), owner="second"
        ) == []
    late = [
        Finish(taken[0], "pending", error="timeout", retry_at=clock.now(), parts_sent=1),
        Finish(taken[1], "sent", message_id="first-2"),
        Finish(sent_by_first, "sent", message_id="first-3"),
    ]
    async with database.transaction() as session:
        lost = await Repositories(session).outbox.finish_many(late, now=clock.now(), owner="first")
    assert lost == taken
    found = {row.id: row for row in await rows(database)}
    assert (found[taken[0]].status, found[taken[0]].message_id) == ("sent", "second-1")
    assert (found[taken[0]].error, found[taken[0]].parts_sent) == (None, 0)
    assert (found[taken[1]].status, found[taken[1]].message_id) == ("sending", None)
    assert found[taken[1]].claimed_by == "second"
    assert (found[sent_by_first].status, found[sent_by_first].message_id) == ("sent", "first-3")


class StallingChannel(ScriptedChannel):
    """The first send waits until `go` is set (a process frozen mid-send); later sends go."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.stalled = asyncio.Event()
        self.go = asyncio.Event()

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        if not self.stalled.is_set():
            self.stalled.set()
            await self.go.wait()
        return await super().send(chat_id, reply)


async def test_a_deliverer_back_from_a_stall_does_not_mark_what_another_took_over(
    database: Database, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    channel = StallingChannel(clock)
    first, second = (
        deliverer(
            database, channel, clock, lease=LeaseKeeper(database, clock, "deliver:console", owner=who)
        )
        for who in ("first", "second")
    )
    await write(database, clock, [reply("a", "Nhắc họp chi bộ")])
    stalled = asyncio.ensure_future(first.send_due())
    await channel.stalled.wait()
    clock.advance(timedelta(seconds=11))  # the first one's lease runs out meanwhile
    assert await second.send_due() == 1
    [row] = await rows(database)
    assert (row.status, row.message_id) == ("sent", "1")
    channel.go.set()
    await stalled
    [row] = await rows(database)
    assert (row.status, row.message_id) == ("sent", "1")  # the second's outcome stays
    assert first.stats.taken_over == 1 and second.stats.taken_over == 0
    [line] = [r.getMessage() for r in caplog.records if "took them over" in r.getMessage()]
    assert "Nhắc họp" not in line  # no message text in the log
