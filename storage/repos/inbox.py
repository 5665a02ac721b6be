"""The inbox: updates stored once, claimed per chat in order."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, text, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import InboxUpdate
from storage.upsert import insert_ignore, insert_ignore_many

OPEN_STATUSES = ("pending", "processing")
INBOX_LEASE = timedelta(minutes=2)


# The exact words of ix_inbox_open's condition (0012): SQLite uses a partial index only for a
# query that repeats them.
_OPEN = text("inboxupdate.status IN ('pending', 'processing')")


@functools.cache
def _claim_statement(*, by_chat: bool, postgresql: bool) -> Any:
    """Built once (it is asked for every batch): the open updates that may go now, the oldest
    of each chat, oldest first; `claim_now`, `claim_limit` and, by chat, `claim_chat`."""
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
            _OPEN,  # as the partial index ix_inbox_open says it, so that it is used
            or_(
                col(InboxUpdate.status) == "pending",
                and_(
                    col(InboxUpdate.status) == "processing",
                    col(InboxUpdate.lease_until) < bindparam("claim_now"),
                ),
            ),
            ~blocked_by_earlier,
        )
        .order_by(col(InboxUpdate.id))
        .limit(bindparam("claim_limit"))
    )
    if by_chat:
        statement = statement.where(col(InboxUpdate.chat_key) == bindparam("claim_chat"))
    if postgresql:
        statement = statement.with_for_update(skip_locked=True, of=InboxUpdate)
    return statement


@functools.cache
def _mark_claimed_statement() -> Any:
    """Built once: `claimed_ids` marked processing under a lease until `claimed_until`."""
    return (
        update(InboxUpdate)
        .where(col(InboxUpdate.id).in_(bindparam("claimed_ids", expanding=True)))
        .values(
            status="processing",
            attempts=InboxUpdate.attempts + 1,
            lease_until=bindparam("claimed_until"),
        )
        .execution_options(synchronize_session=False)
    )


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

    async def claim_batch(
        self, now: datetime, *, chat_key: str | None = None, limit: int = 20
    ) -> list[InboxUpdate]:
        """Lock up to `limit` updates that may go now, at most one per chat, oldest first.

        Each is the oldest open update of its chat (an earlier open one blocks it), so handling
        them in one transaction keeps every chat's order. They are marked `processing` under a
        lease and stay locked until the caller's transaction ends.
        """
        postgresql = (
            self._session.bind is not None and self._session.bind.dialect.name == "postgresql"
        )
        statement = _claim_statement(by_chat=chat_key is not None, postgresql=postgresql)
        params: dict[str, Any] = {"claim_now": now, "claim_limit": limit}
        if chat_key is not None:
            params["claim_chat"] = chat_key
        rows: list[InboxUpdate] = []
        chats: set[str] = set()
        for row in (await self._session.exec(statement, params=params)).all():
            if row.chat_key not in chats:  # the query already blocks later ones; be sure
                chats.add(row.chat_key)
                rows.append(row)
        if not rows:
            return []
        lease_until = now + INBOX_LEASE
        await self._session.execute(
            _mark_claimed_statement(),
            {"claimed_ids": [row.id for row in rows], "claimed_until": lease_until},
        )
        for row in rows:
            set_committed_value(row, "status", "processing")
            set_committed_value(row, "attempts", row.attempts + 1)
            set_committed_value(row, "lease_until", lease_until)
        return rows

    async def release(self, inbox_ids: Sequence[int]) -> None:
        """Put claimed updates back untouched (to be handled in a later transaction)."""
        if inbox_ids:
            await self._session.execute(
                update(InboxUpdate)
                .where(col(InboxUpdate.id).in_(list(inbox_ids)))
                .values(status="pending", attempts=InboxUpdate.attempts - 1, lease_until=None)
                .execution_options(synchronize_session=False)
            )

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
        """How many updates there are (in `status`), counted in SQL."""
        statement = select(func.count()).select_from(InboxUpdate)
        if status is not None:
            statement = statement.where(col(InboxUpdate.status) == status)
        return int((await self._session.exec(statement)).one())

    async def oldest_open(self) -> datetime | None:
        """When the oldest update still waiting to be handled arrived (None: none waits)."""
        statement = select(func.min(InboxUpdate.received_at)).where(
            col(InboxUpdate.status).in_(OPEN_STATUSES)
        )
        value = (await self._session.exec(statement)).one()
        return value if isinstance(value, datetime) else None

    async def counts_since(self, chat_keys: Sequence[str], since: datetime) -> dict[str, int]:
        """How many updates each of these chats stored since `since` (for the rate limit)."""
        if not chat_keys:
            return {}
        statement = (
            select(InboxUpdate.chat_key, func.count())
            .where(
                col(InboxUpdate.chat_key).in_(sorted(set(chat_keys))),
                col(InboxUpdate.received_at) >= since,
            )
            .group_by(col(InboxUpdate.chat_key))
        )
        rows = (await self._session.exec(statement)).all()
        return {str(key): int(count) for key, count in rows}
