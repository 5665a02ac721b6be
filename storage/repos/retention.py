"""Old closed inbox and outbox rows: their content cleared, later the rows deleted, in batches."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import delete, exists, literal_column, select, text, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import InboxUpdate, OutboxMessage

# What a cleared row's payload becomes: no text, no name, no file, nothing a person typed or
# was sent. Code that reads a closed row's payload finds no "text" in it and does without.
CLEARED: Final[dict[str, Any]] = {"cleared": True}
UPDATES_CLOSED: Final = ("done", "failed")
MESSAGES_CLOSED: Final = ("sent", "failed", "blocked", "expired", "stale", "cancelled")
MESSAGES_OPEN: Final = ("pending", "sending")

# The exact words of the partial indexes ix_inbox_uncleared and ix_outbox_uncleared (0015):
# SQLite uses a partial index only for a query that repeats them.
_INBOX_UNCLEARED = text("inboxupdate.cleared_at IS NULL")
_OUTBOX_UNCLEARED = text("outboxmessage.cleared_at IS NULL")


def _inbox() -> Any:
    return InboxUpdate.__table__  # type: ignore[attr-defined]


def _outbox() -> Any:
    return OutboxMessage.__table__  # type: ignore[attr-defined]


class RetentionRepository:
    """Clears and deletes old closed rows, at most `limit` a call (never commits).

    Each call picks its rows oldest first and, on PostgreSQL, skips rows another transaction
    holds (`FOR UPDATE SKIP LOCKED`), so instances running it at the same time share the rows
    instead of waiting on each other; on SQLite writers take turns. Open rows (an update
    pending or being handled, a message pending or being sent) are never picked, whatever
    their age.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _postgresql(self) -> bool:
        bind = self._session.bind
        return bind is not None and bind.dialect.name == "postgresql"

    def _closed_update(self) -> Any:
        """The condition "the update is handled". On SQLite as `+status`, which no index
        serves: without statistics SQLite would otherwise walk ix_inbox_pending (status first)
        through every handled update instead of the date index."""
        column = _inbox().c.status
        if not self._postgresql():
            column = literal_column("+inboxupdate.status")
        return column.in_(UPDATES_CLOSED)

    def _locked(self, statement: Any, table: Any) -> Any:
        """`statement` skipping (and then holding) the rows of `table` others hold."""
        if not self._postgresql():
            return statement  # SQLite: this transaction holds the write lock already
        return statement.with_for_update(skip_locked=True, of=table)

    async def clear_updates(self, handled_before: datetime, *, now: datetime, limit: int) -> int:
        """Drop the payload and error of up to `limit` updates handled before `handled_before`
        and not cleared yet; the rows stay (channel, update key, status, dates). How many."""
        table = _inbox()
        picked = self._locked(
            select(table.c.id)
            .where(_INBOX_UNCLEARED, table.c.handled_at < handled_before, self._closed_update())
            .order_by(table.c.handled_at)
            .limit(limit),
            table,
        )
        result: Any = await self._session.execute(
            update(table)
            .where(table.c.id.in_(picked.scalar_subquery()))
            .values(payload=CLEARED, error=None, cleared_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def delete_updates(self, handled_before: datetime, *, limit: int) -> int:
        """Delete up to `limit` updates handled before `handled_before`; the closed outbox
        messages that answered them forget which update that was (`inbox_id`). An update an
        open message still points to is left for a later call. How many."""
        inbox, outbox = _inbox(), _outbox()
        answered_open = exists().where(
            outbox.c.inbox_id == inbox.c.id, outbox.c.status.in_(MESSAGES_OPEN)
        )
        picked = self._locked(
            select(inbox.c.id)
            .where(inbox.c.handled_at < handled_before, self._closed_update(), ~answered_open)
            .order_by(inbox.c.handled_at)
            .limit(limit),
            inbox,
        )
        ids = [int(row_id) for (row_id,) in (await self._session.execute(picked)).all()]
        if not ids:
            return 0
        await self._session.execute(
            update(outbox)
            .where(outbox.c.inbox_id.in_(ids), outbox.c.status.in_(MESSAGES_CLOSED))
            .values(inbox_id=None)
            .execution_options(synchronize_session=False)
        )
        result: Any = await self._session.execute(
            delete(inbox).where(inbox.c.id.in_(ids)).execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def clear_messages(self, written_before: datetime, *, now: datetime, limit: int) -> int:
        """Drop the payload of up to `limit` closed messages written before `written_before`
        and not cleared yet; the rows stay (status, kind, dedupe key, dates, error). How many."""
        table = _outbox()
        picked = self._locked(
            select(table.c.id)
            .where(
                _OUTBOX_UNCLEARED,
                table.c.created_at < written_before,
                table.c.status.in_(MESSAGES_CLOSED),
            )
            .order_by(table.c.created_at)
            .limit(limit),
            table,
        )
        result: Any = await self._session.execute(
            update(table)
            .where(table.c.id.in_(picked.scalar_subquery()))
            .values(payload=CLEARED, cleared_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def delete_messages(self, written_before: datetime, *, limit: int) -> int:
        """Delete up to `limit` closed messages written before `written_before`. How many."""
        table = _outbox()
        picked = self._locked(
            select(table.c.id)
            .where(table.c.created_at < written_before, table.c.status.in_(MESSAGES_CLOSED))
            .order_by(table.c.created_at)
            .limit(limit),
            table,
        )
        result: Any = await self._session.execute(
            delete(table)
            .where(table.c.id.in_(picked.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)
