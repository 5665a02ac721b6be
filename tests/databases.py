"""Test databases: a copy of a migrated template, SQLite or PostgreSQL.

The migrations run once per test process into a template (an SQLite file; a PostgreSQL
database), and each test gets a copy: a file copy, or `CREATE DATABASE … TEMPLATE`, which takes
milliseconds. tests/test_storage.py still runs Alembic on an empty database of each kind.
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


def drop_templates() -> None:
    """Remove this process's templates (at the end of the session)."""
    sqlite = _templates.pop("sqlite", None)
    if sqlite is not None:
        shutil.rmtree(Path(sqlite).parent, ignore_errors=True)
    name = _templates.pop("postgres", None)
    if name is not None:

        async def drop() -> None:
            import asyncpg

            admin = await asyncpg.connect(_dsn())
            try:
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
