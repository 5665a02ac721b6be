"""INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL alike, one row or very many."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.types import UTCDateTime


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


def _converter(column_type: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """How a column's values go to the driver, as the column's type would send them; for UTC
    datetimes on SQLite the same text done in C (the generic path cost a third of planning)."""
    if isinstance(column_type, UTCDateTime) and dialect.name == "sqlite":
        return _sqlite_utc_text
    processor: Callable[[Any], Any] | None = column_type.dialect_impl(dialect).bind_processor(
        dialect
    )
    return processor


def _sqlite_utc_text(value: datetime | None) -> str | None:
    """What UTCDateTime stores on SQLite: naive UTC as "YYYY-MM-DD HH:MM:SS.ffffff"."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


async def bulk_insert_ignore(
    session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]], conflict: list[str]
) -> None:
    """Insert very many rows in the caller's transaction, skipping conflicts, the fastest way
    each database has: the driver's executemany on SQLite, COPY into a temporary table then one
    INSERT … SELECT on PostgreSQL. Values go through the columns' own types, exactly as an ORM
    insert would store them. All rows must have the same keys."""
    await bulk_upsert(session, model, rows, conflict)


async def bulk_upsert(
    session: AsyncSession,
    model: Any,
    rows: Sequence[dict[str, Any]],
    conflict: list[str],
    *,
    update: Sequence[str] = (),
    only_if: dict[str, str] | None = None,
) -> None:
    """bulk_insert_ignore, but a row whose `conflict` columns are taken updates the `update`
    columns of the row there instead (ON CONFLICT … DO UPDATE), when that row's columns hold the
    `only_if` values (constants of the code, never user input). Without `update`, conflicts are
    skipped. One statement for all the rows on PostgreSQL, where executemany would plan each row
    on its own. The rows' `conflict` values must differ from one another."""
    if not rows:
        return
    table = model.__table__
    columns = list(rows[0])
    connection = await session.connection()
    dialect = connection.dialect
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        convert = _converter(table.c[name].type, dialect)
        if convert is not None:
            converters.append((index, convert))
    # Column by column: each distinct value object is converted once (planned rows share their
    # due times and payloads across cells), the rest is done by C loops (map, zip).
    values = [list(map(itemgetter(name), rows)) for name in columns]
    for index, convert in converters:
        column = values[index]
        distinct = {id(value): value for value in column}
        converted = {key: convert(value) for key, value in distinct.items()}
        values[index] = list(map(converted.__getitem__, map(id, column)))
    records: list[tuple[Any, ...]] = list(zip(*values, strict=True))
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    names = ", ".join(f'"{name}"' for name in columns)
    on_conflict = _on_conflict(table.name, conflict, update, only_if or {})
    if dialect.name == "postgresql":
        # The staging table has just these columns (no defaults: the table's own fill the
        # others, and its id sequence is used once per row inserted).
        shape = hashlib.blake2b(names.encode(), digest_size=4).hexdigest()
        staging = f"{table.name}_bulk_{shape}"
        await driver.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{staging}" ON COMMIT DELETE ROWS '
            f'AS SELECT {names} FROM "{table.name}" WITH NO DATA'
        )
        await driver.copy_records_to_table(staging, records=records, columns=columns)
        await driver.execute(
            f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM "{staging}" {on_conflict}'
        )
        await driver.execute(f'DELETE FROM "{staging}"')
        return
    marks = ", ".join("?" for _ in columns)
    cursor = await driver.cursor()
    try:
        await cursor.executemany(
            f'INSERT INTO "{table.name}" ({names}) VALUES ({marks}) {on_conflict}', records
        )
    finally:
        await cursor.close()


def _on_conflict(
    table: str, conflict: Sequence[str], update: Sequence[str], only_if: dict[str, str]
) -> str:
    keys = ", ".join(f'"{name}"' for name in conflict)
    if not update:
        return f"ON CONFLICT ({keys}) DO NOTHING"
    changes = ", ".join(f'"{name}" = excluded."{name}"' for name in update)
    clause = f"ON CONFLICT ({keys}) DO UPDATE SET {changes}"
    if only_if:
        tests = " AND ".join(
            f'"{table}"."{name}" = {_literal(value)}' for name, value in only_if.items()
        )
        clause += f" WHERE {tests}"
    return clause


def _literal(text: str) -> str:
    """An SQL string literal (standard quoting, as both databases read it)."""
    return "'" + text.replace("'", "''") + "'"
