"""Apply Alembic migrations from code (`chibo db upgrade` and start-up) and compare models to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(database: Database, revision: str = "heads") -> None:
    """Bring the database to `revision` (idempotent; several instances may call it at once)."""
    config = alembic_config(database.url)

    def _run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(_run)


def head_revision() -> str:
    """The newest migration's revision: the schema version this code expects."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    """Every migration's revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


async def current_revision(database: Database) -> str | None:
    """The schema version the database is at (None: never migrated)."""

    def _read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with database.engine.connect() as connection:
        return await connection.run_sync(_read)


async def is_empty(database: Database) -> bool:
    """True when the database has no chibo tables yet."""

    def _tables(connection: Connection) -> list[str]:
        return list(inspect(connection).get_table_names())

    async with database.engine.connect() as connection:
        tables = await connection.run_sync(_tables)
    return "organization" not in tables


async def model_differences(database: Database) -> list[Any]:
    """What autogenerate would change: empty when the models match the migrations."""

    def _compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, SQLModel.metadata))

    async with database.engine.connect() as connection:
        return await connection.run_sync(_compare)
