"""Closing and reopening periods, and finding the closure that covers a cell's month."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import PeriodClosure


class ClosureRepository:
    """Reads and writes period closures (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def active(self, org_ids: Sequence[int], periods: Sequence[str]) -> list[PeriodClosure]:
        """Open closures of these organisations for these periods, oldest first."""
        if not org_ids or not periods:
            return []
        statement = (
            select(PeriodClosure)
            .where(
                col(PeriodClosure.org_id).in_(list(org_ids)),
                col(PeriodClosure.period).in_(list(periods)),
                col(PeriodClosure.reopened_at).is_(None),
            )
            .order_by(col(PeriodClosure.closed_at), col(PeriodClosure.id))
        )
        return list((await self._session.exec(statement)).all())

    async def close(
        self, org_id: int, period: str, *, by: int | None, now: datetime, note: str = ""
    ) -> PeriodClosure:
        closure = PeriodClosure(
            org_id=org_id, period=period, note=note, closed_by=by, closed_at=now
        )
        self._session.add(closure)
        await self._session.flush()
        return closure

    async def reopen(self, closure: PeriodClosure, *, by: int | None, now: datetime) -> None:
        closure.reopened_by = by
        closure.reopened_at = now
        self._session.add(closure)
        await self._session.flush()

    async def history(self, org_ids: Sequence[int], *, limit: int = 24) -> list[PeriodClosure]:
        """Closures of these organisations (open or reopened), newest first."""
        if not org_ids:
            return []
        statement = (
            select(PeriodClosure)
            .where(col(PeriodClosure.org_id).in_(list(org_ids)))
            .order_by(col(PeriodClosure.closed_at).desc(), col(PeriodClosure.id).desc())
            .limit(limit)
        )
        return list((await self._session.exec(statement)).all())
