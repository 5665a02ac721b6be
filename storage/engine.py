"""The database engine: SQLite (WAL, busy timeout, foreign keys, BEGIN IMMEDIATE) or PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.inline_sqlite import BUSY_TIMEOUT_MS, InlineConnection, connect_inline


def normalise_url(url: str) -> str:
    """Pick the async driver for plain `sqlite:` and `postgresql:` URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_folder(url: str) -> None:
    """Create the folder of an SQLite file database on first use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database or "").expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def _inline_sqlite_file(url: str) -> str | None:
    """The file of a plain SQLite file URL (no options), which can run in place; else None."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.query:
        return None
    if parsed.database in (None, "", ":memory:"):
        return None
    return str(Path(parsed.database or "").expanduser())


def create_engine(url: str, *, echo: bool = False, pg_schema: str | None = None) -> AsyncEngine:
    """An async engine for `url`, with SQLite made safe for concurrent writers.

    `pg_schema` puts every table of a PostgreSQL database in that schema (tests use one each).
    A SQLite file is used on the event loop's thread (storage.inline_sqlite), not through
    aiosqlite's helper thread.
    """
    url = normalise_url(url)
    kwargs: dict[str, Any] = {"echo": echo}
    if is_sqlite(url):
        ensure_sqlite_folder(url)
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
        path = _inline_sqlite_file(url)
        if path is not None:

            async def connect() -> InlineConnection:
                return await connect_inline(path)

            kwargs["async_creator"] = connect
    else:
        kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        # Statements are prepared and kept per connection; PostgreSQL would switch a statement
        # run five times to one "generic" plan, which for `cell_id IN (…500 ids…) AND due_at >= …`
        # scans the table in due order (30× slower): plan each execution for its values.
        server_settings = {"plan_cache_mode": "force_custom_plan"}
        if pg_schema:
            server_settings["search_path"] = pg_schema
        kwargs["connect_args"] = {"server_settings": server_settings}
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        _make_sqlite_safe(engine)
    return engine


def _make_sqlite_safe(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so they can be BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: no deadlock upgrading a read lock, no lost updates.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The engine and a session factory; `transaction()` is the one way to touch data."""

    def __init__(self, url: str, *, echo: bool = False, pg_schema: str | None = None) -> None:
        self.url = normalise_url(url)
        self.pg_schema = pg_schema
        self.engine = create_engine(self.url, echo=echo, pg_schema=pg_schema)
        self._sessions = async_sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False
        )
        # SQLite has one writer at a time: this process queues its own transactions here
        # instead of sleeping in SQLite's busy handler (BEGIN IMMEDIATE and the busy timeout
        # still guard against other processes).
        self._serialise = is_sqlite(self.url)
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None
        self._holder: asyncio.Task[Any] | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error.

        On SQLite the transactions of this process take turns (see `_write_lock`); opening
        one inside another in the same task would wait for itself, so it raises instead.
        """
        if not self._serialise:
            async with self._sessions() as session, session.begin():
                yield session
            return
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            raise RuntimeError("a transaction was opened inside another one (SQLite)")
        async with self._write_lock():
            self._holder = task
            try:
                async with self._sessions() as session, session.begin():
                    yield session
            finally:
                self._holder = None

    def _write_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    async def dispose(self) -> None:
        await self.engine.dispose()
