"""Test databases: a fresh SQLite file, or a fresh schema in the PostgreSQL CI provides."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from storage import migrate
from storage.engine import Database

POSTGRES_URL = os.environ.get(
    "CHIBO_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
_postgres_state: dict[str, str | None] = {}


def postgres_unavailable_reason() -> str | None:
    """None when PostgreSQL answers at POSTGRES_URL; otherwise why not (checked once)."""
    if "reason" not in _postgres_state:
        _postgres_state["reason"] = asyncio.run(_probe())
    return _postgres_state["reason"]


async def _probe() -> str | None:
    try:
        import asyncpg

        dsn = POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
        connection = await asyncio.wait_for(asyncpg.connect(dsn), timeout=10)
        await connection.close()
        return None
    except Exception as error:  # any failure means: skip, and say why
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(error).__name__}: {error}"


@asynccontextmanager
async def fresh_database(
    kind: str, tmp_path: Path, *, upgrade: bool = True
) -> AsyncIterator[Database]:
    """A new, empty database of `kind` ("sqlite" or "postgres"), migrated to head if asked."""
    if kind == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'chibo.db'}")
        try:
            if upgrade:
                await migrate.upgrade(database)
            yield database
        finally:
            await database.dispose()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    import asyncpg

    dsn = POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
    admin = await asyncpg.connect(dsn)
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    database = Database(POSTGRES_URL, pg_schema=schema)
    try:
        if upgrade:
            await migrate.upgrade(database)
        yield database
    finally:
        await database.dispose()
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()
