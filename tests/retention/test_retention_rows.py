"""Retention: old closed inbox and outbox rows lose their content, then go; open and recent rows
stay; two instances at once share the work; a backlog goes in bounded batches over ticks."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from core.clock import FakeClock
from services.retention import RetentionCounts, RetentionPolicy, apply_retention
from storage.engine import Database
from storage.models import InboxUpdate, OutboxMessage
from storage.repos import Repositories
from storage.repos.outbox import NewMessage
from storage.repos.retention import CLEARED

DAY = timedelta(days=1)


async def add_update(
    database: Database,
    key: str,
    *,
    at: datetime,
    status: str = "done",
    error: str | None = None,
) -> int:
    """An update received (and, unless open, handled) at `at`, carrying a typed text."""
    async with database.transaction() as session:
        repos = Repositories(session)
        payload = {"text": f"Nguyễn Văn A gõ {key}", "display_name": "Nguyễn Văn A"}
        row_id = await repos.inbox.store(
            channel="console", update_key=key, chat_key=f"console:{key}", payload=payload, now=at
        )
        assert row_id is not None
        row = await repos.inbox.get(row_id)
        assert row is not None
        if status in ("done", "failed"):
            await repos.inbox.finish(row, now=at, error=error if status == "failed" else None)
        elif status == "processing":
            row.status = "processing"
            session.add(row)
        return row_id


async def add_message(
    database: Database,
    *,
    at: datetime,
    status: str = "sent",
    key: str | None = None,
    inbox_id: int | None = None,
) -> int:
    """A message written at `at` (and sent then, when `status` is sent)."""
    async with database.transaction() as session:
        repos = Repositories(session)
        message = NewMessage(
            "console",
            "chat-1",
            {"text": "Chi bộ Thôn 3 sinh hoạt ngày 05/12"},
            kind="reminder" if key else "reply",
            dedupe_key=key,
            inbox_id=inbox_id,
        )
        (row_id,) = await repos.outbox.add_many([message], now=at)
        await session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == row_id)
            .values(status=status, sent_at=at if status == "sent" else None, error=None)
        )
        return row_id


async def rows(database: Database, model: Any) -> dict[int, Any]:
    async with database.transaction() as session:
        return {row.id: row for row in (await session.exec(select(model))).all()}


async def test_old_closed_rows_lose_their_content_then_go_and_open_ones_stay(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    cleared_update = await add_update(database, "u-40", at=now - 40 * DAY)
    failed_update = await add_update(
        database, "u-41", at=now - 41 * DAY, status="failed", error="ValueError('Lan 0912')"
    )
    recent_update = await add_update(database, "u-10", at=now - 10 * DAY)
    await add_update(database, "u-100", at=now - 100 * DAY)
    answered_update = await add_update(database, "u-95", at=now - 95 * DAY)
    pending_update = await add_update(database, "u-p", at=now - 500 * DAY, status="pending")
    processing_update = await add_update(database, "u-h", at=now - 500 * DAY, status="processing")

    cleared_message = await add_message(database, at=now - 40 * DAY, key="c1:before:2026-10:d3>7")
    expired_message = await add_message(database, at=now - 35 * DAY, status="expired")
    recent_message = await add_message(database, at=now - 10 * DAY)
    old_message = await add_message(database, at=now - 500 * DAY)
    answer = await add_message(database, at=now - 95 * DAY, inbox_id=answered_update)
    pending_message = await add_message(database, at=now - 500 * DAY, status="pending")
    sending_message = await add_message(database, at=now - 500 * DAY, status="sending")

    counts = await apply_retention(database, clock)

    assert counts == RetentionCounts(
        updates_cleared=2, updates_deleted=2, messages_cleared=3, messages_deleted=1
    )
    updates = await rows(database, InboxUpdate)
    assert set(updates) == {
        cleared_update,
        failed_update,
        recent_update,
        pending_update,
        processing_update,
    }
    for row_id, status in ((cleared_update, "done"), (failed_update, "failed")):
        row = updates[row_id]
        assert row.payload == CLEARED and row.error is None and row.cleared_at == now
        assert row.status == status and row.update_key and row.handled_at is not None
    for row_id in (recent_update, pending_update, processing_update):
        assert updates[row_id].payload["text"].startswith("Nguyễn Văn A")
        assert updates[row_id].cleared_at is None
    assert updates[processing_update].status == "processing"
    assert updates[pending_update].status == "pending"

    messages = await rows(database, OutboxMessage)
    assert old_message not in messages
    kept = messages[cleared_message]
    assert kept.payload == CLEARED and kept.cleared_at == now
    assert (kept.status, kept.kind, kept.dedupe_key) == (
        "sent",
        "reminder",
        "c1:before:2026-10:d3>7",
    )
    assert kept.sent_at == now - 40 * DAY and kept.created_at == now - 40 * DAY
    assert messages[expired_message].payload == CLEARED
    # the answer to a deleted update stays (cleared), forgetting which update it answered
    assert messages[answer].inbox_id is None and messages[answer].payload == CLEARED
    for row_id in (recent_message, pending_message, sending_message):
        assert messages[row_id].payload["text"].startswith("Chi bộ")
        assert messages[row_id].cleared_at is None
    assert (messages[pending_message].status, messages[sending_message].status) == (
        "pending",
        "sending",
    )

    # Once done, a tick finds nothing more.
    assert await apply_retention(database, clock) == RetentionCounts()


async def test_the_limits_follow_the_policy(database: Database, clock: FakeClock) -> None:
    now = clock.now()
    update_id = await add_update(database, "u-8", at=now - 8 * DAY)
    message_id = await add_message(database, at=now - 130 * DAY)
    policy = RetentionPolicy(texts=7 * DAY, updates=9 * DAY, messages=120 * DAY)
    assert await apply_retention(database, clock, policy) == RetentionCounts(
        updates_cleared=1, messages_deleted=1
    )
    assert (await rows(database, InboxUpdate))[update_id].payload == CLEARED
    assert message_id not in await rows(database, OutboxMessage)
    clock.advance(DAY + timedelta(seconds=1))
    assert (await apply_retention(database, clock, policy)).updates_deleted == 1


async def test_a_large_backlog_is_worked_off_in_bounded_batches_over_several_ticks(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    for number in range(25):
        await add_update(database, f"u{number}", at=now - 40 * DAY - number * timedelta(minutes=1))
    for _number in range(12):
        await add_message(database, at=now - 400 * DAY - DAY)
    policy = RetentionPolicy(batch=4, batches=3)  # 12 rows a step and tick at most

    first = await apply_retention(database, clock, policy)
    assert (first.updates_cleared, first.messages_deleted, first.more) == (12, 12, True)
    # oldest first
    updates = await rows(database, InboxUpdate)
    cleared = sorted(row.update_key for row in updates.values() if row.cleared_at is not None)
    assert cleared == sorted(f"u{number}" for number in range(13, 25))
    second = await apply_retention(database, clock, policy)
    assert (second.updates_cleared, second.messages_deleted, second.more) == (12, 0, True)
    third = await apply_retention(database, clock, policy)
    assert (third.updates_cleared, third.more) == (1, False)
    assert all(row.payload == CLEARED for row in (await rows(database, InboxUpdate)).values())
    assert await rows(database, OutboxMessage) == {}


async def test_two_instances_running_it_at_once_share_the_rows(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    for number in range(40):
        await add_update(database, f"c{number}", at=now - 40 * DAY)
        await add_update(database, f"d{number}", at=now - 100 * DAY)
        await add_message(database, at=now - 40 * DAY)
        await add_message(database, at=now - 500 * DAY)
    # a second instance: its own engine and connections on the same database
    other = Database(database.url)
    policy = RetentionPolicy(batch=3, batches=100)
    try:
        results = await asyncio.gather(
            *(apply_retention(db, clock, policy) for db in (database, other, database, other))
        )
    finally:
        await other.dispose()
    assert sum(r.updates_cleared for r in results) == 40
    assert sum(r.updates_deleted for r in results) == 40
    assert sum(r.messages_cleared for r in results) == 40
    assert sum(r.messages_deleted for r in results) == 40
    updates = await rows(database, InboxUpdate)
    assert len(updates) == 40 and all(row.payload == CLEARED for row in updates.values())
    messages = await rows(database, OutboxMessage)
    assert len(messages) == 40 and all(row.payload == CLEARED for row in messages.values())
