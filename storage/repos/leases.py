"""Leases that elect one instance for a job (the deliverer of a channel, its poller)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Lease


def _table() -> Any:
    return Lease.__table__  # type: ignore[attr-defined]


class LeaseRepository:
    """Take, renew and give up named leases (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def acquire(self, name: str, owner: str, now: datetime, ttl: timedelta) -> bool:
        """Take or renew the lease `name` for `owner` until now + ttl; False while another
        owner holds it (a lease whose holder let it run out can be taken)."""
        table = _table()
        dialect = self._session.bind.dialect.name if self._session.bind is not None else "sqlite"
        insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        await self._session.execute(
            insert(table)
            .values(name=name, owner=owner, expires_at=now + ttl)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        result: Any = await self._session.execute(
            update(table)
            .where(table.c.name == name, or_(table.c.owner == owner, table.c.expires_at < now))
            .values(owner=owner, expires_at=now + ttl)
        )
        return bool(result.rowcount == 1)

    async def release(self, name: str, owner: str, now: datetime) -> None:
        """Give the lease up at once (a clean stop), so another instance takes over now."""
        table = _table()
        await self._session.execute(
            update(table)
            .where(table.c.name == name, table.c.owner == owner)
            .values(expires_at=now - timedelta(seconds=1))
        )
