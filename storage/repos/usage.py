"""Messages sent per channel and month, for platforms with a monthly quota; costly actions per
account, for their rate limits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import AccountAction, ChannelUsage


class UsageRepository:
    """Counts of messages sent and of costly actions (never commits)."""

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
        statement = insert_for(table).values(
            channel=channel, month=month, sent=count, updated_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=["channel", "month"],
            set_={"sent": table.c.sent + count, "updated_at": now},
        )
        await self._session.execute(statement)

    async def action_times(self, account_id: int, action: str, since: datetime) -> list[datetime]:
        """When `account_id` took `action` since `since`, oldest first."""
        statement = (
            select(AccountAction.at)
            .where(
                col(AccountAction.account_id) == account_id,
                col(AccountAction.action) == action,
                col(AccountAction.at) >= since,
            )
            .order_by(col(AccountAction.at))
        )
        return list((await self._session.exec(statement)).all())

    async def record_action(
        self, account_id: int, action: str, *, now: datetime, forget_before: datetime
    ) -> None:
        """Record one `action` now; the account's rows of it before `forget_before` go."""
        await self._session.execute(
            delete(AccountAction).where(
                col(AccountAction.account_id) == account_id,
                col(AccountAction.action) == action,
                col(AccountAction.at) < forget_before,
            )
        )
        self._session.add(AccountAction(account_id=account_id, action=action, at=now))
        await self._session.flush()
