"""Moving data between databases (`chibo data export` / `chibo data import`): SQLite to
PostgreSQL, or one organisation's subtree to a new instance.

The file is JSON lines, streamed both ways (memory stays bounded by one page of rows):

    {"format": "chibo-data", "version": 1, "schema": "0009", "org": null, "exported_at": "…"}
    {"table": "organization", "columns": ["id", "parent_id", …]}
    [1, null, …]                       one row: its values in the order of "columns"
    …
    {"end": true, "rows": {"organization": 1, …}}

Tables come in foreign-key order, rows in primary-key order; times are ISO 8601 in UTC, dates
ISO, JSON columns as they are. The export reads one consistent snapshot (one transaction; on
SQLite that transaction holds the write lock, so a running bot's writes wait until the export
is done: benchmarks/transfer.py measures about 13,000 rows a second on 2 cores). The import
takes a database with no chibo data at the file's schema version (a new, empty one is migrated
to it first), writes everything in one transaction (all or nothing: a short or damaged
file leaves nothing behind), keeps the ids, and moves PostgreSQL's sequences past them.

A subtree export (`org`) holds the organisation, the organisations under it and their cells
with everything of those (roles, invites, meetings, reports, figures, plans, reminders, period
closures, their audit entries) and the accounts these name; the organisation becomes a top-level
one (its parent left out, the paths shortened). Nothing of other organisations is in it, and
neither are the delivery machinery's tables (inbox, outbox, conversations in progress, Telegram
buttons, the Zalo quota count, invite lock-outs), which belong to the instance, not to an
organisation. The `lease` table (who runs what now) is never exported, nor are the summary
cache and its stamps (storage.models.summary: derived, computed again when first asked).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Integer,
    Select,
    String,
    Table,
    and_,
    cast,
    false,
    func,
    or_,
    select,
    text,
    true,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers every table)
from storage import migrate
from storage.engine import Database

FORMAT = "chibo-data"
VERSION = 1
PAGE = 500
NEVER = frozenset({"lease", "summarystamp", "summarycache"})
INSTANCE_ONLY = frozenset(
    {
        "inboxupdate",
        "outboxmessage",
        "conversation",
        "telegramcallback",
        "channelusage",
        "invitefailure",
        "accountaction",
    }
)


class TransferProblem(Exception):
    """An export or import that cannot be done; `code` names why, `params` the details."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass
class TransferResult:
    schema: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table that travels, parents before children."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in NEVER]


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


# --- which rows belong to an organisation's subtree ------------------------------------------


def _ids(name: str, where: ColumnElement[bool], column: str = "id") -> Select[Any]:
    table = _table(name)
    return select(table.c[column]).where(where)


class Subtree:
    """The row filters of one organisation's subtree, as SQL (no id is held in memory)."""

    def __init__(self, org_id: int, path: str, parent_path: str) -> None:
        self.org_id = org_id
        self.path = path
        self.parent_path = parent_path
        org = _table("organization")
        self.orgs = _ids("organization", org.c.path.startswith(path))
        self.cells = _ids("cell", _table("cell").c.org_id.in_(self.orgs))
        role, invite = _table("role"), _table("invite")
        self.filters: dict[str, ColumnElement[bool]] = {
            "organization": org.c.path.startswith(path),
            "cell": _table("cell").c.org_id.in_(self.orgs),
            "role": or_(role.c.org_id.in_(self.orgs), role.c.cell_id.in_(self.cells)),
            "invite": or_(invite.c.org_id.in_(self.orgs), invite.c.cell_id.in_(self.cells)),
            "figureset": _table("figureset").c.org_id.in_(self.orgs),
            "periodclosure": _table("periodclosure").c.org_id.in_(self.orgs),
            "plandocument": _table("plandocument").c.org_id.in_(self.orgs),
            "meeting": _table("meeting").c.cell_id.in_(self.cells),
            "meetingmove": _table("meetingmove").c.cell_id.in_(self.cells),
            "meetingreport": _table("meetingreport").c.cell_id.in_(self.cells),
            "figurerecord": _table("figurerecord").c.cell_id.in_(self.cells),
            "reminder": _table("reminder").c.cell_id.in_(self.cells),
        }
        self.filters["meetingreportversion"] = _table("meetingreportversion").c.report_id.in_(
            _ids("meetingreport", self.filters["meetingreport"])
        )
        self.filters["figurerecordversion"] = _table("figurerecordversion").c.record_id.in_(
            _ids("figurerecord", self.filters["figurerecord"])
        )
        holders = _ids("role", self.filters["role"], "account_id")
        self.filters["auditlog"] = self._audit()
        self.filters["account"] = self._accounts(holders)
        self.filters["linkcode"] = _table("linkcode").c.account_id.in_(
            _ids("account", self.filters["account"])
        )

    def _audit(self) -> ColumnElement[bool]:
        """The audit entries about the subtree's organisations, cells, roles, invites, plans,
        meetings, reports and role holders (entity ids are kept as text)."""
        audit = _table("auditlog")
        cell = _table("cell")

        def about(entity: str, name: str, where: ColumnElement[bool], column: str = "id") -> Any:
            keys = select(cast(_table(name).c[column], String)).where(where)
            return and_(audit.c.entity == entity, audit.c.entity_id.in_(keys))

        return or_(
            about("organization", "organization", self.filters["organization"]),
            about("cell", "cell", cell.c.org_id.in_(self.orgs)),
            about("role", "role", self.filters["role"]),
            about("invite", "invite", self.filters["invite"]),
            about("plan", "plandocument", self.filters["plandocument"]),
            about("meeting", "meeting", self.filters["meeting"]),
            about("meeting_report", "meetingreport", self.filters["meetingreport"]),
            about("account", "role", self.filters["role"], "account_id"),
        )

    def _accounts(self, holders: Select[Any]) -> ColumnElement[bool]:
        """Who holds a role here, and every account a travelling row names (its author, who
        granted a role, …), with the accounts linked to those."""
        account = _table("account")
        named: list[ColumnElement[bool]] = [account.c.id.in_(holders)]
        for name, where in self.filters.items():
            if name == "account":
                continue
            table = _table(name)
            for key in table.foreign_keys:
                if key.column.table.name == "account":
                    named.append(account.c.id.in_(select(key.parent).where(where)))
        base = or_(*named)
        base_ids = select(account.c.id).where(base)
        linked = select(account.c.linked_to).where(base, account.c.linked_to.is_not(None))
        return or_(base, account.c.id.in_(linked), account.c.linked_to.in_(base_ids))

    def rows(self, table: Table) -> ColumnElement[bool]:
        """Which rows of `table` travel (a table added later must be placed here)."""
        if table.name in INSTANCE_ONLY:
            return false()
        return self.filters[table.name]

    def adapt(self, table: Table, row: dict[str, Any]) -> dict[str, Any]:
        """The subtree's root becomes a top-level organisation: no parent, shorter paths."""
        if table.name == "organization":
            row["path"] = "/" + row["path"][len(self.parent_path) :]
            if row["id"] == self.org_id:
                row["parent_id"] = None
        return row


async def subtree_of(database: Database, org_id: int) -> Subtree:
    org = _table("organization")
    async with database.engine.connect() as connection:
        found = (await connection.execute(select(org.c.path).where(org.c.id == org_id))).first()
    if found is None:
        raise TransferProblem("no_org", org=org_id)
    path = str(found[0])
    return Subtree(org_id, path, path[: path.rstrip("/").rfind("/") + 1])


# --- export -----------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__}")


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_encode, separators=(",", ":")) + "\n"


async def _pages(
    connection: AsyncConnection, table: Table, where: ColumnElement[bool]
) -> AsyncIterator[list[dict[str, Any]]]:
    """The rows of `table` matching `where`, a page at a time, in primary-key order (keyset)."""
    key = list(table.primary_key.columns)
    last: tuple[Any, ...] | None = None
    while True:
        statement = select(table).where(where).order_by(*key).limit(PAGE)
        if last is not None and len(key) == 1:
            statement = statement.where(key[0] > last[0])
        elif last is not None:
            statement = statement.where(tuple_(*key) > tuple_(*last))
        page = [dict(row._mapping) for row in (await connection.execute(statement)).all()]
        if not page:
            return
        yield page
        last = tuple(page[-1][c.name] for c in key)


async def export_data(
    database: Database,
    out: IO[str],
    *,
    org_id: int | None = None,
    now: datetime,
    write: Callable[[IO[str], str], Awaitable[None]] | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> TransferResult:
    """Write every table (or the subtree of `org_id`) to `out`, from one snapshot."""
    schema = await migrate.current_revision(database)
    if schema is None:
        raise TransferProblem("no_schema")
    subtree = await subtree_of(database, org_id) if org_id is not None else None
    result = TransferResult(schema)

    async def emit(chunk: str) -> None:
        if write is not None:
            await write(out, chunk)
        else:
            out.write(chunk)

    header = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "org": org_id,
        "exported_at": now.isoformat(),
    }
    await emit(_line(header))
    async with database.transaction() as session:
        connection = await session.connection()
        if database.dialect == "postgresql":
            await connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        for table in tables():
            where = subtree.rows(table) if subtree is not None else true()
            columns = [c.name for c in table.columns]
            await emit(_line({"table": table.name, "columns": columns}))
            count = 0
            async for page in _pages(connection, table, where):
                rows = (subtree.adapt(table, r) if subtree else r for r in page)
                await emit("".join(_line([row[c] for c in columns]) for row in rows))
                count += len(page)
                if progress is not None:
                    progress(table.name, count)
            result.rows[table.name] = count
    await emit(_line({"end": True, "rows": result.rows}))
    return result


# --- import -----------------------------------------------------------------------------------


def _decoder(column: Any) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(kind, Integer):
        return lambda v: None if v is None else int(v)
    return lambda v: v  # text, and JSON columns as they were read


def _records(lines: Iterator[str]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise TransferProblem("bad_line", line=number) from error


async def _empty(connection: AsyncConnection) -> list[str]:
    """The travelling tables that already hold rows."""
    filled = []
    for table in tables():
        count = (await connection.execute(select(func.count()).select_from(table))).scalar_one()
        if count:
            filled.append(table.name)
    return filled


def read_header(records: Iterator[tuple[int, Any]]) -> dict[str, Any]:
    """The first record: the format, its version and the schema of the rows."""
    for number, record in records:
        if (
            not isinstance(record, dict)
            or record.get("format") != FORMAT
            or not isinstance(record.get("schema"), str)
        ):
            raise TransferProblem("not_export", line=number)
        if record.get("version") != VERSION:
            raise TransferProblem("format_version", version=record.get("version"))
        return record
    raise TransferProblem("not_export", line=1)


async def import_data(
    database: Database,
    lines: Iterator[str],
    *,
    progress: Callable[[str, int], None] | None = None,
) -> TransferResult:
    """Read an export from `lines` into `database` (no chibo data in it), in one transaction."""
    records = _records(lines)
    header = read_header(records)
    schema = str(header["schema"])
    if schema not in migrate.known_revisions():
        raise TransferProblem("newer_schema", schema=schema, head=migrate.head_revision())
    current = await migrate.current_revision(database)
    if current is None or (current != schema and await migrate.is_empty(database)):
        await migrate.upgrade(database, schema)
        current = schema
    if current != schema:
        raise TransferProblem("schema_differs", schema=schema, current=current)
    result = TransferResult(schema)
    async with database.transaction() as session:
        connection = await session.connection()
        filled = await _empty(connection)
        if filled:
            raise TransferProblem("not_empty", tables=", ".join(filled))
        await _load(connection, records, result, progress)
        if database.dialect == "postgresql":
            await _move_sequences(connection)
    if schema != migrate.head_revision():
        await migrate.upgrade(database)
    return result


async def _load(
    connection: AsyncConnection,
    records: Iterator[tuple[int, Any]],
    result: TransferResult,
    progress: Callable[[str, int], None] | None,
) -> None:
    known = {t.name: t for t in tables()}
    table: Table | None = None
    columns: list[str] = []
    decoders: list[Callable[[Any], Any]] = []
    self_refs: list[str] = []
    later: list[tuple[Table, Any, dict[str, Any]]] = []
    batch: list[dict[str, Any]] = []
    ended: dict[str, Any] | None = None

    async def flush() -> None:
        if table is not None and batch:
            await connection.execute(table.insert(), batch)
            result.rows[table.name] = result.rows.get(table.name, 0) + len(batch)
            if progress is not None:
                progress(table.name, result.rows[table.name])
            batch.clear()

    for number, record in records:
        if ended is not None:
            raise TransferProblem("bad_line", line=number)
        if isinstance(record, list):
            if table is None or len(record) != len(columns):
                raise TransferProblem("bad_line", line=number)
            try:
                row = {c: decode(v) for c, decode, v in zip(columns, decoders, record, strict=True)}
            except (TypeError, ValueError) as error:
                raise TransferProblem("bad_line", line=number) from error
            for column in self_refs:  # a row may name one that comes later: set afterwards
                if row[column] is not None:
                    later.append((table, table.c.id == row["id"], {column: row[column]}))
                    row[column] = None
            batch.append(row)
            if len(batch) >= PAGE:
                await flush()
            continue
        if isinstance(record, dict) and "table" in record:
            await flush()
            table = known.get(str(record["table"]))
            if table is None:
                raise TransferProblem("unknown_table", table=record["table"], line=number)
            columns = [str(c) for c in record.get("columns", [])]
            if sorted(columns) != sorted(c.name for c in table.columns):
                raise TransferProblem("columns_differ", table=table.name, line=number)
            decoders = [_decoder(table.c[c]) for c in columns]
            self_refs = [k.parent.name for k in table.foreign_keys if k.column.table is table]
            result.rows.setdefault(table.name, 0)
            continue
        if isinstance(record, dict) and record.get("end") is True:
            await flush()
            ended = record
            continue
        raise TransferProblem("bad_line", line=number)
    if ended is None:
        raise TransferProblem("incomplete")
    expected = {str(k): int(v) for k, v in dict(ended.get("rows", {})).items()}
    if {k: v for k, v in expected.items() if v} != {k: v for k, v in result.rows.items() if v}:
        raise TransferProblem("incomplete")
    for target, where, values in later:
        await connection.execute(target.update().where(where).values(**values))


async def _move_sequences(connection: AsyncConnection) -> None:
    """PostgreSQL hands out ids from sequences: move each past the ids imported."""
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer) or not key[0].autoincrement:
            continue
        sequence = (
            await connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": key[0].name},
            )
        ).scalar_one_or_none()
        if sequence is None:
            continue
        await connection.execute(
            text(
                f'SELECT setval(:sequence, COALESCE((SELECT max("{key[0].name}") FROM '
                f'"{table.name}"), 0) + 1, false)'
            ),
            {"sequence": sequence},
        )
