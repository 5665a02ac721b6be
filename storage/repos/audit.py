"""Writing and reading the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import AuditLog


class AuditRepository:
    """Every grant, revoke and data change is recorded here (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        *,
        actor_account_id: int | None,
        action: str,
        entity: str,
        entity_id: object,
        now: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        actor_label: str = "",
    ) -> None:
        self._session.add(
            AuditLog(
                actor_account_id=actor_account_id,
                actor_label=actor_label,
                action=action,
                entity=entity,
                entity_id=str(entity_id),
                before=before,
                after=after,
                at=now,
            )
        )
        await self._session.flush()

    async def entries(
        self, *, action: str | None = None, entity: str | None = None
    ) -> Sequence[AuditLog]:
        statement = select(AuditLog).order_by(col(AuditLog.id))
        if action is not None:
            statement = statement.where(col(AuditLog.action) == action)
        if entity is not None:
            statement = statement.where(col(AuditLog.entity) == entity)
        return (await self._session.exec(statement)).all()

    async def exists(self, *, action: str, entity: str, entity_id: object, since: datetime) -> bool:
        """Whether `action` was recorded on this entity since `since` (e.g. a nudge today)."""
        statement = (
            select(AuditLog.id)
            .where(
                col(AuditLog.action) == action,
                col(AuditLog.entity) == entity,
                col(AuditLog.entity_id) == str(entity_id),
                col(AuditLog.at) >= since,
            )
            .limit(1)
        )
        return (await self._session.exec(statement)).first() is not None

    async def for_entity(
        self, entity: str, entity_id: object, actions: Sequence[str], *, limit: int = 10
    ) -> Sequence[AuditLog]:
        """The latest entries of these actions on one entity, newest first."""
        statement = (
            select(AuditLog)
            .where(
                col(AuditLog.entity) == entity,
                col(AuditLog.entity_id) == str(entity_id),
                col(AuditLog.action).in_(list(actions)),
            )
            .order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc())
            .limit(limit)
        )
        return (await self._session.exec(statement)).all()

    async def entity_ids_since(self, *, action: str, entity: str, since: datetime) -> set[str]:
        """The ids of the entities `action` was recorded on since `since` (e.g. nudged today)."""
        statement = (
            select(AuditLog.entity_id)
            .where(
                col(AuditLog.action) == action,
                col(AuditLog.entity) == entity,
                col(AuditLog.at) >= since,
            )
            .distinct()
        )
        return set((await self._session.exec(statement)).all())
