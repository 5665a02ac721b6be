"""Group commit of stores, batches of updates per transaction, batched marks, in-place SQLite."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import select

from core.clock import FakeClock
from storage.engine import Database
from storage.models import InboxUpdate, OutboxMessage
from storage.repos.outbox import OutboxRepository
from tests.harness import RecordingChannel
from tests.test_inbox import EchoCore, deliverer_for, incoming, table, worker_for


def count_commits(database: Database) -> list[int]:
    commits = [0]

    @event.listens_for(database.engine.sync_engine, "commit")
    def _count(_connection: Any) -> None:
        commits[0] += 1

    return commits


async def stored_keys(database: Database) -> list[str]:
    """The inbox as another connection (another instance) sees it."""
    other = Database(database.url, pg_schema=database.pg_schema)
    try:
        async with other.transaction() as session:
            return [row.update_key for row in (await session.exec(select(InboxUpdate))).all()]
    finally:
        await other.dispose()


async def test_concurrent_stores_share_a_commit_and_each_answers_after_it(
    database: Database, clock: FakeClock
) -> None:
    worker = worker_for(database, clock, EchoCore(), RecordingChannel("console"))
    commits = count_commits(database)
    keys = [f"k{n}" for n in range(12)] + ["k3"]  # k3 redelivered while the first is in flight
    seen_after: dict[int, list[str]] = {}

    async def store(number: int, key: str) -> bool:
        stored = await worker.store(incoming(clock, key, f"m{number}", chat=f"c{number % 3}"))
        seen_after[number] = await stored_keys(database)
        return stored

    results = await asyncio.gather(*(store(n, key) for n, key in enumerate(keys)))
    assert results.count(True) == 12 and results[3] != results[12]
    for number, key in enumerate(keys):
        assert key in seen_after[number]  # committed before the caller was told
    assert sorted(await stored_keys(database)) == sorted(set(keys))
    assert commits[0] < len(keys)  # grouped, not one transaction each


async def test_a_failing_update_in_a_batch_fails_alone_and_order_is_kept(
    database: Database, clock: FakeClock
) -> None:
    core, channel = EchoCore(fail_on="boom"), RecordingChannel("console")
    worker = worker_for(database, clock, core, channel)
    plan = [("a", "a1"), ("b", "b1"), ("c", "c1"), ("b", "boom"), ("a", "a2"), ("b", "b2")]
    for number, (chat, text_) in enumerate(plan):
        await worker.store(incoming(clock, f"k{number}", text_, chat=chat))
    assert await worker.process_available() == len(plan)
    await worker.deliver()
    for chat in "abc":
        texts = [reply.text for c, reply in channel.sent if c == chat]
        expected = [f"echo {t}" for c, t in plan if c == chat and t != "boom"]
        if chat == "b":
            assert texts[0] == "echo b1" and texts[1].startswith("Xin lỗi đồng chí")
            assert texts[2:] == ["echo b2"]
        else:
            assert texts == expected
    assert [t for c, t in core.handled if c == "b"] == ["b1", "b2"]
    rows = {row.update_key: row for row in await table(database, InboxUpdate)}
    assert rows["k3"].status == "failed" and "a bug in a handler" in (rows["k3"].error or "")
    assert {key for key, row in rows.items() if row.status == "done"} == {
        "k0",
        "k1",
        "k2",
        "k4",
        "k5",
    }
    assert all(row.status == "sent" for row in await table(database, OutboxMessage))


async def test_several_chats_are_handled_in_one_transaction(
    database: Database, clock: FakeClock
) -> None:
    core, channel = EchoCore(), RecordingChannel("console")
    worker = worker_for(database, clock, core, channel)
    for number in range(6):
        await worker.store(incoming(clock, f"k{number}", f"m{number}", chat=f"c{number % 3}"))
    # At most one update per chat per batch: the first batch takes the first of each chat.
    assert await worker.process_batch() == 3
    assert sorted(core.handled) == [("c0", "m0"), ("c1", "m1"), ("c2", "m2")]
    assert await worker.process_batch() == 3
    assert await worker.process_batch() == 0


async def test_replies_sent_together_are_marked_in_one_transaction(
    database: Database, clock: FakeClock
) -> None:
    channel = RecordingChannel("console")
    worker = worker_for(database, clock, EchoCore(), channel)
    await worker.deliver()  # this instance takes the channel's lease once
    for number in range(4):
        await worker.store(incoming(clock, f"k{number}", f"m{number}", chat=f"c{number}"))
    commits = count_commits(database)
    assert await worker.process_batch() == 4
    assert await worker.deliver() == 4
    assert commits[0] == 3  # the handling transaction, one claim, then one for every mark
    rows = await table(database, OutboxMessage)
    assert len(rows) == 4 and all(row.status == "sent" and row.message_id for row in rows)
    assert all(row.attempts == 1 for row in rows)


async def test_a_crash_between_sending_and_marking_resends_only_the_unmarked(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = RecordingChannel("console")
    worker = worker_for(database, clock, EchoCore(), channel)
    await worker.submit(incoming(clock, "k0", "first", chat="a"))  # sent and marked

    async def crash(*_args: Any, **_kwargs: Any) -> None:
        raise asyncio.CancelledError()  # the process dies before marking

    monkeypatch.setattr(OutboxRepository, "finish_many", crash)
    await worker.store(incoming(clock, "k1", "second", chat="b"))
    await worker.store(incoming(clock, "k2", "third", chat="c"))
    await worker.process_available()
    with pytest.raises(asyncio.CancelledError):
        await worker.deliver()
    monkeypatch.undo()
    assert sorted(reply.text for _chat, reply in channel.sent) == [
        "echo first",
        "echo second",
        "echo third",
    ]
    restarted = deliverer_for(database, clock, channel)
    assert await restarted.send_due() == 0  # the dead one's lease still holds
    clock.advance(timedelta(seconds=11))
    assert await restarted.send_due() == 2
    texts = [reply.text for _chat, reply in channel.sent]
    assert sorted(texts[3:]) == ["echo second", "echo third"]  # only those, once more
    assert all(row.status == "sent" for row in await table(database, OutboxMessage))
    inbox = await table(database, InboxUpdate)
    assert all(row.status == "done" for row in inbox)  # handled once, not again


async def test_a_transaction_inside_another_raises_on_sqlite(sqlite_database: Database) -> None:
    async with sqlite_database.transaction():
        with pytest.raises(RuntimeError, match="inside another"):
            async with sqlite_database.transaction():
                pass


async def test_sqlite_waits_for_another_process_without_blocking_the_loop(
    sqlite_database: Database,
) -> None:
    url = sqlite_database.engine.url
    other = sqlite3.connect(str(url.database), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    ticks = 0

    async def write() -> int:
        async with sqlite_database.transaction() as session:
            return int((await session.execute(text("SELECT 1"))).scalar_one())

    task = asyncio.create_task(write())
    while ticks < 5:  # the loop keeps running while the transaction waits
        await asyncio.sleep(0.01)
        ticks += 1
    assert not task.done()
    other.execute("COMMIT")
    other.close()
    assert await task == 1


async def test_accounts_read_ahead_for_a_batch_are_used_once(
    database: Database, clock: FakeClock
) -> None:
    from storage.models import Conversation
    from storage.repos import Repositories

    now = clock.now()
    async with database.transaction() as session:
        repos = Repositories(session)
        for user in ("u1", "u2"):
            account = await repos.accounts.get_or_create(
                "console", user, chat_id=user, display_name=user, locale="vi", now=now
            )
            assert account.id is not None
            await repos.roles.grant(
                account.id, "member", org_id=None, cell_id=None, granted_by=None, now=now
            )
    async with database.transaction() as session:
        repos = Repositories(session)
        await repos.accounts.read_ahead([("console", "u1"), ("console", "u2"), ("console", "u3")])
        statements = [0]

        @event.listens_for(database.engine.sync_engine, "before_cursor_execute")
        def _count(*_args: Any) -> None:
            statements[0] += 1

        try:
            account, conversation = await repos.accounts.get_or_create_with_conversation(
                "console", "u1", chat_id="u1", display_name="u1", locale="vi", now=now
            )
            assert account.id is not None and conversation is None
            assert [r.role for r in await repos.roles.active_for(account.id)] == ["member"]
            assert statements[0] == 0  # all read ahead
            await repos.conversations.save(
                Conversation(account_id=account.id, flow="f", updated_at=now)
            )
            # Used once: a second lookup reads again and sees the conversation just saved.
            again, conversation = await repos.accounts.get_or_create_with_conversation(
                "console", "u1", chat_id="u1", display_name="u1", locale="vi", now=now
            )
            assert again is account and conversation is not None and conversation.flow == "f"
            new, conversation = await repos.accounts.get_or_create_with_conversation(
                "console", "u3", chat_id="u3", display_name="u3", locale="vi", now=now
            )
            assert new.id is not None and conversation is None
        finally:
            event.remove(database.engine.sync_engine, "before_cursor_execute", _count)
