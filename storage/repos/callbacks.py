"""Long button values kept by key, so any instance can decode any button."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import TelegramCallback


class CallbackRepository:
    """Key → value rows for button data too long for the platform (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, values: Mapping[str, str], now: datetime) -> None:
        """Keep `values`; keys already stored are left as they are."""
        table: Any = TelegramCallback.__table__  # type: ignore[attr-defined]
        dialect = self._session.bind.dialect.name if self._session.bind is not None else "sqlite"
        insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        for key, value in values.items():
            statement = (
                insert(table)
                .values(key=key, value=value, created_at=now)
                .on_conflict_do_nothing(index_elements=["key"])
            )
            await self._session.execute(statement)

    async def load(self, key: str) -> str | None:
        row = await self._session.get(TelegramCallback, key)
        return row.value if row is not None else None
