"""Button values too long for Telegram's 64-byte callback data, kept in the database by key."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping

from core.clock import Clock
from storage.engine import Database
from storage.repos import Repositories


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
        async with self._db.transaction() as session:
            await Repositories(session).callbacks.save(values, self._clock.now())

    async def load(self, key: str) -> str | None:
        async with self._db.transaction() as session:
            return await Repositories(session).callbacks.load(key)
