"""The inbox (updates stored once, claimed per chat in order) and the reply outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, insert, or_, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import InboxUpdate, OutboxMessage
from storage.upsert import insert_ignore, insert_ignore_many

OPEN_STATUSES = ("pending", "processing")
INBOX_LEASE = timedelta(minutes=2)
OUTBOX_LEASE = timedelta(minutes=2)


class InboxRepository:
    """Every incoming update goes through here (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def store(
        self,
        *,
        channel: str,
        update_key: str,
        chat_key: str,
        payload: dict[str, Any],
        now: datetime,
    ) -> int | None:
        """Store an update once; None when (channel, update_key) was already stored."""
        return await insert_ignore(
            self._session,
            InboxUpdate,
            {
                "channel": channel,
                "update_key": update_key,
                "chat_key": chat_key,
                "payload": payload,
                "status": "pending",
                "attempts": 0,
                "received_at": now,
            },
            ["channel", "update_key"],
        )

    async def store_many(
        self, updates: Sequence[tuple[str, str, str, dict[str, Any]]], *, now: datetime
    ) -> set[tuple[str, str]]:
        """Store (channel, update_key, chat_key, payload) updates in one statement, in this
        order (so ids follow it); the (channel, update_key) of those not stored before."""
        rows = [
            {
                "channel": channel,
                "update_key": update_key,
                "chat_key": chat_key,
                "payload": payload,
                "status": "pending",
                "attempts": 0,
                "received_at": now,
            }
            for channel, update_key, chat_key, payload in updates
        ]
        inserted = await insert_ignore_many(
            self._session,
            InboxUpdate,
            rows,
            ["channel", "update_key"],
            returning=["channel", "update_key"],
        )
        return {(str(channel), str(key)) for channel, key in inserted}

    async def claim_next(self, now: datetime, *, chat_key: str | None = None) -> InboxUpdate | None:
        """Lock the oldest open update of a chat whose earlier updates are all handled.

        The row stays locked (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite's write lock) until the
        caller's transaction ends, so it is handled together with the state change it causes.
        """
        rows = await self.claim_batch(now, chat_key=chat_key, limit=1)
        return rows[0] if rows else None

    async def claim_batch(
        self, now: datetime, *, chat_key: str | None = None, limit: int = 20
    ) -> list[InboxUpdate]:
        """Lock up to `limit` updates that may go now, at most one per chat, oldest first.

        Each is the oldest open update of its chat (an earlier open one blocks it), so handling
        them in one transaction keeps every chat's order. They are marked `processing` under a
        lease and stay locked until the caller's transaction ends.
        """
        earlier = aliased(InboxUpdate)
        blocked_by_earlier = (
            select(earlier.id)
            .where(
                earlier.chat_key == InboxUpdate.chat_key,
                col(earlier.status).in_(OPEN_STATUSES),
                earlier.id < InboxUpdate.id,  # type: ignore[operator]
            )
            .exists()
        )
        statement = (
            select(InboxUpdate)
            .where(
                or_(
                    col(InboxUpdate.status) == "pending",
                    and_(
                        col(InboxUpdate.status) == "processing",
                        col(InboxUpdate.lease_until) < now,
                    ),
                ),
                ~blocked_by_earlier,
            )
            .order_by(col(InboxUpdate.id))
            .limit(limit)
        )
        if chat_key is not None:
            statement = statement.where(col(InboxUpdate.chat_key) == chat_key)
        if self._session.bind is not None and self._session.bind.dialect.name == "postgresql":
            statement = statement.with_for_update(skip_locked=True, of=InboxUpdate)
        rows: list[InboxUpdate] = []
        chats: set[str] = set()
        for row in (await self._session.exec(statement)).all():
            if row.chat_key not in chats:  # the query already blocks later ones; be sure
                chats.add(row.chat_key)
                rows.append(row)
        if not rows:
            return []
        lease_until = now + INBOX_LEASE
        await self._session.execute(
            update(InboxUpdate)
            .where(col(InboxUpdate.id).in_([row.id for row in rows]))
            .values(status="processing", attempts=InboxUpdate.attempts + 1, lease_until=lease_until)
            .execution_options(synchronize_session=False)
        )
        for row in rows:
            set_committed_value(row, "status", "processing")
            set_committed_value(row, "attempts", row.attempts + 1)
            set_committed_value(row, "lease_until", lease_until)
        return rows

    async def get(self, inbox_id: int) -> InboxUpdate | None:
        return await self._session.get(InboxUpdate, inbox_id)

    async def finish(self, row: InboxUpdate, *, now: datetime, error: str | None = None) -> None:
        row.status = "failed" if error else "done"
        row.error = error[:2000] if error else None
        row.handled_at = now
        row.lease_until = None
        self._session.add(row)
        await self._session.flush()

    async def finish_done(self, inbox_ids: Sequence[int], *, now: datetime) -> None:
        """Mark these updates handled (one statement)."""
        if inbox_ids:
            await self._session.execute(
                update(InboxUpdate)
                .where(col(InboxUpdate.id).in_(list(inbox_ids)))
                .values(status="done", error=None, handled_at=now, lease_until=None)
                .execution_options(synchronize_session=False)
            )

    async def count(self, status: str | None = None) -> int:
        statement = select(InboxUpdate)
        if status is not None:
            statement = statement.where(col(InboxUpdate.status) == status)
        return len((await self._session.exec(statement)).all())


@dataclass(frozen=True)
class Outgoing:
    """An outbox row claimed for sending: what the deliverer needs of it."""

    id: int
    channel: str
    chat_id: str
    payload: dict[str, Any]
    attempts: int

    @classmethod
    def of(cls, row: OutboxMessage) -> Outgoing:
        assert row.id is not None
        return cls(row.id, row.channel, row.chat_id, row.payload, row.attempts)


class OutboxRepository:
    """Replies waiting to be delivered (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        channel: str,
        chat_id: str,
        payload: dict[str, Any],
        now: datetime,
        inbox_id: int | None = None,
    ) -> OutboxMessage:
        message = OutboxMessage(
            channel=channel,
            chat_id=chat_id,
            payload=payload,
            inbox_id=inbox_id,
            created_at=now,
            next_attempt_at=now,
        )
        self._session.add(message)
        await self._session.flush()
        return message

    async def add_claimed(
        self, messages: Sequence[dict[str, Any]], *, now: datetime, lease: timedelta = OUTBOX_LEASE
    ) -> list[Outgoing]:
        """Add messages (channel, chat_id, payload, inbox_id) already claimed for sending by
        this process: `sending` under a lease, first attempt counted. Returned in this order.

        If they are not marked after sending (a crash), the lease runs out and `claim` picks
        them up again.
        """
        if not messages:
            return []
        lease_until = now + lease
        rows = [
            {
                "channel": message["channel"],
                "chat_id": message["chat_id"],
                "payload": message["payload"],
                "inbox_id": message.get("inbox_id"),
                "status": "sending",
                "attempts": 1,
                "next_attempt_at": now,
                "lease_until": lease_until,
                "created_at": now,
            }
            for message in messages
        ]
        table: Any = OutboxMessage.__table__  # type: ignore[attr-defined]
        if self._session.bind is not None and self._session.bind.dialect.name == "postgresql":
            result = await self._session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            )
            ids = [int(row[0]) for row in result.all()]
        else:
            # SQLite numbers the rows of one INSERT in order (this transaction holds the write
            # lock), so the sorted ids follow `rows`.
            result = await self._session.execute(insert(table).returning(table.c.id), rows)
            ids = sorted(int(row[0]) for row in result.all())
        return [
            Outgoing(row_id, row["channel"], row["chat_id"], row["payload"], 1)
            for row_id, row in zip(ids, rows, strict=True)
        ]

    async def claim(
        self,
        now: datetime,
        *,
        ids: Sequence[int] | None = None,
        channels: Sequence[str] = (),
        limit: int = 50,
        lease: timedelta = timedelta(minutes=2),
    ) -> list[OutboxMessage]:
        """Mark due messages `sending` under a lease and return them, oldest first."""
        due = or_(
            and_(col(OutboxMessage.status) == "pending", col(OutboxMessage.next_attempt_at) <= now),
            and_(col(OutboxMessage.status) == "sending", col(OutboxMessage.lease_until) < now),
        )
        statement = select(OutboxMessage.id).where(due).order_by(col(OutboxMessage.id)).limit(limit)
        if ids is not None:
            statement = statement.where(col(OutboxMessage.id).in_(list(ids)))
        if channels:
            statement = statement.where(col(OutboxMessage.channel).in_(list(channels)))
        if self._session.bind is not None and self._session.bind.dialect.name == "postgresql":
            statement = statement.with_for_update(skip_locked=True)
        chosen = [int(i) for i in (await self._session.exec(statement)).all() if i is not None]
        if not chosen:
            return []
        await self._session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(chosen))
            .values(status="sending", lease_until=now + lease, attempts=OutboxMessage.attempts + 1)
        )
        rows = await self._session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.id).in_(chosen))
            .order_by(col(OutboxMessage.id))
            .execution_options(populate_existing=True)
        )
        return list(rows.all())

    async def mark_sent(self, message_id: int, *, platform_id: str, now: datetime) -> None:
        await self._session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == message_id)
            .values(status="sent", message_id=platform_id, sent_at=now, lease_until=None)
        )

    async def mark_sent_many(self, sent: Sequence[tuple[int, str]], *, now: datetime) -> None:
        """Mark (outbox id, platform message id) pairs sent, in one statement."""
        if not sent:
            return
        table: Any = OutboxMessage.__table__  # type: ignore[attr-defined]
        await self._session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(
                status="sent", message_id=bindparam("platform_id"), sent_at=now, lease_until=None
            ),
            [{"row_id": row_id, "platform_id": platform_id} for row_id, platform_id in sent],
        )

    async def mark_retry(self, message_id: int, *, error: str, at: datetime) -> None:
        await self._session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == message_id)
            .values(status="pending", error=error[:2000], next_attempt_at=at, lease_until=None)
        )

    async def mark_failed(self, message_id: int, *, error: str) -> None:
        await self._session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == message_id)
            .values(status="failed", error=error[:2000], lease_until=None)
        )

    async def pending_count(self) -> int:
        statement = select(OutboxMessage).where(
            col(OutboxMessage.status).in_(["pending", "sending"])
        )
        return len((await self._session.exec(statement)).all())
