"""INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession


async def insert_ignore(
    session: AsyncSession, model: Any, values: dict[str, Any], conflict: list[str]
) -> int | None:
    """Insert one row unless `conflict` columns already hold these values; return the new id."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    table = model.__table__
    statement: Any
    if dialect == "postgresql":
        statement = postgresql.insert(table).values(**values)
    else:
        statement = sqlite.insert(table).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=conflict).returning(table.c.id)
    result = await session.execute(statement)
    row = result.first()
    return int(row[0]) if row is not None else None


async def insert_ignore_many(
    session: AsyncSession,
    model: Any,
    rows: Sequence[dict[str, Any]],
    conflict: list[str],
    returning: list[str],
) -> list[tuple[Any, ...]]:
    """Insert many rows (a few statements at most), skipping conflicts; the `returning` columns of the
    rows actually inserted (in no promised order)."""
    if not rows:
        return []
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    table = model.__table__
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .on_conflict_do_nothing(index_elements=conflict)
        .returning(*(table.c[name] for name in returning))
    )
    # Executed for many rows at once: SQLAlchemy sends them as multi-row INSERTs.
    result = await session.execute(statement, list(rows))
    return [tuple(row) for row in result.all()]
