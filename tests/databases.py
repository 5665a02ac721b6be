"""Test databases: a copy of a migrated template, SQLite or PostgreSQL.

The migrations run once per test process into a template (an SQLite file; a PostgreSQL
database), and each test gets a copy: a file copy, on PostgreSQL one copy per process, emptied
between tests (rows deleted, ids restarted), and a new `CREATE DATABASE … TEMPLATE` only when a
test holds two databases at once. tests/test_storage.py still runs Alembic on an empty database of each kind.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from tempfile import mkdtemp

from sqlalchemy.engine import make_url

from storage import migrate
from storage.engine import Database

POSTGRES_URL = os.environ.get(
    "CHIBO_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
_postgres_state: dict[str, str | None] = {}
_templates: dict[str, str] = {}
# One migrated PostgreSQL database per test process, emptied between tests (milliseconds, where
# creating and dropping a database takes hundreds).
_reusable: dict[str, str | bool | None] = {"name": None, "busy": False}
_numbers = itertools.count(1)
_PREFIX = "chibo_t"


def postgres_unavailable_reason() -> str | None:
    """None when PostgreSQL answers at POSTGRES_URL; otherwise why not (checked once)."""
    if "reason" not in _postgres_state:
        _postgres_state["reason"] = asyncio.run(_probe())
    return _postgres_state["reason"]


def _dsn(database: str | None = None) -> str:
    url = make_url(POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://"))
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def _url(database: str) -> str:
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


async def _probe() -> str | None:
    try:
        import asyncpg

        connection = await asyncio.wait_for(asyncpg.connect(_dsn()), timeout=10)
        await connection.close()
        return None
    except Exception as error:  # any failure means: skip, and say why
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(error).__name__}: {error}"


async def _sqlite_template() -> Path:
    """A migrated SQLite file, made once per test process."""
    if "sqlite" not in _templates:
        folder = Path(mkdtemp(prefix="chibo-template-"))
        path = folder / "template.db"
        database = Database(f"sqlite+aiosqlite:///{path}")
        try:
            await migrate.upgrade(database)
        finally:
            await database.dispose()  # the last connection checkpoints the WAL into the file
        _templates["sqlite"] = str(path)
    return Path(_templates["sqlite"])


async def _postgres_template(admin: object) -> str:
    """A migrated PostgreSQL database, made once per test process (and dropped at its end)."""
    if "postgres" not in _templates:
        import asyncpg

        assert isinstance(admin, asyncpg.Connection)
        await _drop_leftovers(admin)
        name = f"{_PREFIX}_{os.getpid()}_template"
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
        database = Database(_url(name))
        try:
            await migrate.upgrade(database)
        finally:
            await database.dispose()
        _templates["postgres"] = name
    return _templates["postgres"]


async def _drop_leftovers(admin: object) -> None:
    """Drop the test databases of test processes that are gone (killed mid-run)."""
    import asyncpg

    assert isinstance(admin, asyncpg.Connection)
    rows = await admin.fetch("SELECT datname FROM pg_database WHERE datname LIKE $1", f"{_PREFIX}_%")
    for row in rows:
        name = str(row["datname"])
        pid = name.split("_")[2] if name.count("_") >= 3 else ""
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# Tables of a few rows: DELETE is much cheaper than TRUNCATE (new files for every table); the
# foreign keys' triggers are off meanwhile (replica role), and every id sequence starts again.
_EMPTY = """
DO $$
DECLARE item record;
BEGIN
  SET LOCAL session_replication_role = replica;
  FOR item IN SELECT tablename FROM pg_tables
              WHERE schemaname = 'public' AND tablename <> 'alembic_version' LOOP
    EXECUTE format('DELETE FROM %I', item.tablename);
  END LOOP;
  FOR item IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER SEQUENCE %I RESTART', item.sequencename);
  END LOOP;
END $$;
"""


@asynccontextmanager
async def _reused_postgres() -> AsyncIterator[Database]:
    """This process's reusable database, emptied: every table but Alembic's truncated and its
    ids restarted, so each test sees what a copy of the template would hold."""
    import asyncpg

    _reusable["busy"] = True
    try:
        name = _reusable["name"]
        if not isinstance(name, str):
            admin = await asyncpg.connect(_dsn())
            try:
                template = await _postgres_template(admin)
                name = f"{_PREFIX}_{os.getpid()}_reused"
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            finally:
                await admin.close()
            _reusable["name"] = name
        else:
            connection = await asyncpg.connect(_dsn(name))
            try:
                await connection.execute(_EMPTY)
            finally:
                await connection.close()
        database = Database(_url(name))
        try:
            yield database
        finally:
            await database.dispose()
    finally:
        _reusable["busy"] = False


def drop_templates() -> None:
    """Remove this process's templates (at the end of the session)."""
    sqlite = _templates.pop("sqlite", None)
    if sqlite is not None:
        shutil.rmtree(Path(sqlite).parent, ignore_errors=True)
    reused = _reusable["name"]
    _reusable["name"] = None
    name = _templates.pop("postgres", None)
    if name is not None:

        async def drop() -> None:
            import asyncpg

            admin = await asyncpg.connect(_dsn())
            try:
                if isinstance(reused, str):
                    await admin.execute(f'DROP DATABASE IF EXISTS "{reused}" WITH (FORCE)')
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await admin.close()

        asyncio.run(drop())


@asynccontextmanager
async def fresh_database(
    kind: str, tmp_path: Path, *, upgrade: bool = True
) -> AsyncIterator[Database]:
    """A new database of `kind` ("sqlite" or "postgres"): a copy of the migrated template, or
    empty with `upgrade=False`."""
    if kind == "sqlite":
        path = tmp_path / f"chibo-{uuid.uuid4().hex[:8]}.db"
        if upgrade:
            shutil.copyfile(await _sqlite_template(), path)
        database = Database(f"sqlite+aiosqlite:///{path}")
        try:
            yield database
        finally:
            await database.dispose()
        return
    import asyncpg

    if upgrade and not _reusable["busy"]:
        async with _reused_postgres() as database:
            yield database
        return
    admin = await asyncpg.connect(_dsn())
    name = f"{_PREFIX}_{os.getpid()}_{next(_numbers)}"
    try:
        if upgrade:
            template = await _postgres_template(admin)
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            await admin.execute(f'CREATE DATABASE "{name}"')
        database = Database(_url(name))
        try:
            yield database
        finally:
            await database.dispose()
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
