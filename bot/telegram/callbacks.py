"""Button values too long for Telegram's 64-byte callback data, kept in the database by key."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from core.clock import Clock
from storage.engine import Database
from storage.models import TelegramCallback


def callback_key(value: str) -> str:
    """A short, stable key for a value: the same value always gets the same key (24 chars)."""
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode("ascii")


class CallbackStore:
    """Keys → values in the shared database, so any instance can decode any button."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def save(self, values: Mapping[str, str]) -> None:
        """Keep `values` (key → value); keys already stored are left as they are."""
        if not values:
            return
        table: Any = TelegramCallback.__table__  # type: ignore[attr-defined]
        now = self._clock.now()
        async with self._db.transaction() as session:
            dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
            insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
            for key, value in values.items():
                statement = (
                    insert(table)
                    .values(key=key, value=value, created_at=now)
                    .on_conflict_do_nothing(index_elements=["key"])
                )
                await session.execute(statement)

    async def load(self, key: str) -> str | None:
        async with self._db.transaction() as session:
            row = await session.get(TelegramCallback, key)
            return row.value if row is not None else None
