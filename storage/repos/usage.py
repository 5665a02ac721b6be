"""Messages sent per channel and month, for platforms with a monthly quota."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import ChannelUsage


class UsageRepository:
    """Counts of messages sent (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def sent(self, channel: str, month: str) -> int:
        row = await self._session.get(ChannelUsage, (channel, month))
        return row.sent if row is not None else 0

    async def add(self, channel: str, month: str, count: int, *, now: datetime) -> None:
        """Add `count` messages to the month's tally (one statement, safe with several
        writers)."""
        if count <= 0:
            return
        dialect = self._session.bind.dialect.name if self._session.bind is not None else "sqlite"
        insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = ChannelUsage.__table__  # type: ignore[attr-defined]
        statement = insert_for(table).values(channel=channel, month=month, sent=count, updated_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=["channel", "month"],
            set_={"sent": table.c.sent + count, "updated_at": now},
        )
        await self._session.execute(statement)
