"""The inbox (updates stored once, claimed per chat in order) and the reply outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import InboxUpdate, OutboxMessage
from storage.upsert import insert_ignore

OPEN_STATUSES = ("pending", "processing")


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

    async def claim_next(self, now: datetime, *, chat_key: str | None = None) -> InboxUpdate | None:
        """Lock the oldest open update of a chat whose earlier updates are all handled.

        The row stays locked (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite's write lock) until the
        caller's transaction ends, so it is handled together with the state change it causes.
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
            .limit(1)
        )
        if chat_key is not None:
            statement = statement.where(col(InboxUpdate.chat_key) == chat_key)
        if self._session.bind is not None and self._session.bind.dialect.name == "postgresql":
            statement = statement.with_for_update(skip_locked=True, of=InboxUpdate)
        row = (await self._session.exec(statement)).first()
        if row is None:
            return None
        row.status = "processing"
        row.attempts += 1
        row.lease_until = now + timedelta(minutes=2)
        self._session.add(row)
        await self._session.flush()
        return row

    async def get(self, inbox_id: int) -> InboxUpdate | None:
        return await self._session.get(InboxUpdate, inbox_id)

    async def finish(self, row: InboxUpdate, *, now: datetime, error: str | None = None) -> None:
        row.status = "failed" if error else "done"
        row.error = error[:2000] if error else None
        row.handled_at = now
        row.lease_until = None
        self._session.add(row)
        await self._session.flush()

    async def count(self, status: str | None = None) -> int:
        statement = select(InboxUpdate)
        if status is not None:
            statement = statement.where(col(InboxUpdate.status) == status)
        return len((await self._session.exec(statement)).all())


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
