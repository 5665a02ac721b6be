"""Plan documents: current versions per organisation, history, identity corrections."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import PlanDocument


class PlanRepository:
    """Reads and writes imported plans (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def current(self, org_ids: Sequence[int] | None = None) -> Sequence[PlanDocument]:
        """The current version of every plan (of these organisations), oldest import first."""
        statement = (
            select(PlanDocument)
            .where(col(PlanDocument.superseded_at).is_(None))
            .order_by(col(PlanDocument.id))
        )
        if org_ids is not None:
            statement = statement.where(col(PlanDocument.org_id).in_(list(org_ids)))
        return (await self._session.exec(statement)).all()

    async def stamp(self) -> str:
        """Changes whenever a plan is imported, replaced or corrected (an opaque string)."""
        statement = select(func.count(), func.max(PlanDocument.updated_at))
        count, newest = (await self._session.exec(statement)).one()
        return f"{count}:{newest}"

    async def get(self, document_id: int) -> PlanDocument | None:
        return await self._session.get(PlanDocument, document_id)

    async def find_current(
        self,
        org_id: int,
        *,
        content_hash: str | None = None,
        code: str | None = None,
        source_name: str | None = None,
    ) -> PlanDocument | None:
        """The current plan of `org_id` with this content, code or file name (checked in that order)."""
        for column, value in (
            (PlanDocument.content_hash, content_hash),
            (PlanDocument.code, code),
            (PlanDocument.source_name, source_name),
        ):
            if not value:
                continue
            statement = select(PlanDocument).where(
                col(PlanDocument.org_id) == org_id,
                col(PlanDocument.superseded_at).is_(None),
                col(column) == value,
            )
            found = (await self._session.exec(statement)).first()
            if found is not None:
                return found
        return None

    async def add(self, document: PlanDocument) -> PlanDocument:
        self._session.add(document)
        await self._session.flush()
        return document

    async def supersede(self, document: PlanDocument, now: datetime) -> None:
        document.superseded_at = now
        document.updated_at = now
        self._session.add(document)
        await self._session.flush()

    async def save(self, document: PlanDocument) -> None:
        self._session.add(document)
        await self._session.flush()

    async def history(self, org_id: int) -> Sequence[PlanDocument]:
        statement = (
            select(PlanDocument)
            .where(col(PlanDocument.org_id) == org_id)
            .order_by(col(PlanDocument.id))
        )
        return (await self._session.exec(statement)).all()
