"""An aiosqlite-shaped SQLite connection that runs each call on the event loop's own thread.

aiosqlite sends every call (open a cursor, execute, fetch, close) to a helper thread and
waits for the answer: four thread hand-offs per statement, which cost far more than the
statement itself on a local database file. Our SQLite transactions are short and, within a
process, taken one at a time (Database.transaction), so running them in place is faster.

The one call that could wait long is BEGIN IMMEDIATE while another process holds the write
lock: that one is tried without SQLite's busy handler and retried with asyncio.sleep until
the busy timeout, so the event loop keeps serving while it waits. Every other statement
keeps the connection's busy timeout.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

BUSY_TIMEOUT_MS: Final = 30_000
_BEGIN: Final = "BEGIN IMMEDIATE"


class _RunAtOnce:
    """Stands in for aiosqlite's request queue (SQLAlchemy uses it to set isolation_level)."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:
            future.set_exception(error)


class InlineCursor:
    """A cursor whose coroutines finish without ever giving the loop up (except BEGIN)."""

    def __init__(self, connection: InlineConnection, cursor: sqlite3.Cursor) -> None:
        self._connection = connection
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        if sql == _BEGIN:
            await self._connection.begin_immediate(self._cursor)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _CursorOpening:
    def __init__(self, connection: InlineConnection) -> None:
        self._connection = connection

    async def __aenter__(self) -> InlineCursor:
        return InlineCursor(self._connection, self._connection._conn.cursor())

    def __await__(self) -> Any:
        return self.__aenter__().__await__()


class InlineConnection:
    """What SQLAlchemy's aiosqlite dialect uses of an aiosqlite.Connection, run in place."""

    def __init__(self, connection: sqlite3.Connection, busy_timeout_ms: int) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _RunAtOnce()
        self._busy_timeout_ms = busy_timeout_ms

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> _CursorOpening:
        return _CursorOpening(self)

    async def begin_immediate(self, cursor: sqlite3.Cursor) -> None:
        """BEGIN IMMEDIATE, waiting (asynchronously) while another process writes."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._busy_timeout_ms / 1000
        delay = 0.001
        while True:
            cursor.execute("PRAGMA busy_timeout=0")
            try:
                cursor.execute(_BEGIN)
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or loop.time() >= deadline:
                    raise
            finally:
                cursor.execute(f"PRAGMA busy_timeout={self._busy_timeout_ms}")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        cursor = InlineCursor(self, self._conn.cursor())
        return await cursor.execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


async def connect_inline(
    database: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> InlineConnection:
    """Open `database` like aiosqlite.connect would, but for use on this thread only."""
    connection = sqlite3.connect(
        database, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
    )
    return InlineConnection(connection, busy_timeout_ms)
