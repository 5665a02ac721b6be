"""What waits, counted for health and metrics: a few cheap aggregate queries, each on an index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, text
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import InboxUpdate, OutboxMessage, Reminder

INBOX_OPEN = ("pending", "processing")
OUTBOX_OPEN = ("pending", "sending")


@dataclass(frozen=True)
class QueueDepths:
    """The inbox and outbox backlogs and the age marks of their oldest waiting rows.

    `outbox` is keyed (channel, status) for the open statuses; `oldest_due` is when the oldest
    outbox message that may go now was written (one written to wait: when its time came);
    `oldest_open_update` when the oldest update
    still waiting arrived; `reminders_pending` the reminders planned and not yet due or written.
    """

    inbox: dict[str, int] = field(default_factory=dict)
    outbox: dict[tuple[str, str], int] = field(default_factory=dict)
    oldest_due: datetime | None = None
    oldest_open_update: datetime | None = None
    reminders_pending: int = 0

    @property
    def inbox_backlog(self) -> int:
        return sum(self.inbox.values())

    @property
    def outbox_backlog(self) -> int:
        return sum(self.outbox.values())


class QueueRepository:
    """Reads only (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def ping(self) -> None:
        """One round trip to the database (raises when it cannot be reached)."""
        await self._session.execute(text("SELECT 1"))

    async def depths(self, channels: Sequence[str], now: datetime) -> QueueDepths:
        """The backlogs: per status for the inbox (index ix_inbox_pending), per channel and
        status for the outbox (ix_outbox_due), pending reminders (ix_reminder_due)."""
        inbox_table = InboxUpdate.__table__  # type: ignore[attr-defined]
        outbox_table = OutboxMessage.__table__  # type: ignore[attr-defined]
        reminder_table = Reminder.__table__  # type: ignore[attr-defined]
        inbox: dict[str, int] = {}
        oldest_update: datetime | None = None
        for status in INBOX_OPEN:
            count, oldest = (
                await self._session.execute(
                    select(func.count(), func.min(inbox_table.c.received_at)).where(
                        inbox_table.c.status == status
                    )
                )
            ).one()
            inbox[status] = int(count)
            if isinstance(oldest, datetime) and (oldest_update is None or oldest < oldest_update):
                oldest_update = oldest
        outbox: dict[tuple[str, str], int] = {}
        oldest_due: datetime | None = None
        for channel in channels:
            for status in OUTBOX_OPEN:
                count = (
                    await self._session.execute(
                        select(func.count()).where(
                            outbox_table.c.channel == channel, outbox_table.c.status == status
                        )
                    )
                ).scalar()
                outbox[(channel, status)] = int(count or 0)
            # a message written to wait (`not_before`: quiet hours) has waited since it was
            # due, not since it was written
            since = func.coalesce(outbox_table.c.not_before, outbox_table.c.created_at)
            due = (
                await self._session.execute(
                    select(func.min(since)).where(
                        outbox_table.c.channel == channel,
                        outbox_table.c.status == "pending",
                        outbox_table.c.next_attempt_at <= now,
                    )
                )
            ).scalar()
            if isinstance(due, datetime) and (oldest_due is None or due < oldest_due):
                oldest_due = due
        reminders = (
            await self._session.execute(
                select(func.count()).where(reminder_table.c.status == "pending")
            )
        ).scalar()
        return QueueDepths(inbox, outbox, oldest_due, oldest_update, int(reminders or 0))
