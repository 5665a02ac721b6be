"""Online backups of an SQLite database and their checked restore (`chibo backup`, `chibo restore`).

A backup uses SQLite's backup API in one step: it reads one consistent snapshot while the bot
goes on writing (the database is in WAL mode, so writers are not held up), into a new file next
to the target that is checked (integrity, schema version), made a single self-contained file
(no WAL) and only then renamed to the target. A restore checks the file the same way, keeps a
copy of the database it replaces, and copies the backup in through the same API, so SQLite's
own locks and WAL stay right; it refuses while an instance holds a lease (is running).
PostgreSQL has pg_dump and pg_restore for this (`postgres_commands`).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.inline_sqlite import BUSY_TIMEOUT_MS

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupProblem(Exception):
    """A backup or restore that cannot be done; `code` names why, `params` the details."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class BackupFile:
    """A checked SQLite database file: where, its schema version, its size in bytes."""

    path: Path
    revision: str | None
    size: int


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite database URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "").expanduser()


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}{'?mode=ro' if read_only else ''}"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return connection


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def check_file(path: Path) -> BackupFile:
    """Read `path` as an SQLite database: it must be one, pass integrity_check, and carry a
    schema version. Raises BackupProblem (not_found, not_sqlite, damaged, no_schema)."""
    if not path.is_file():
        raise BackupProblem("not_found", path=str(path))
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupProblem("not_sqlite", path=str(path))
    connection = _connect(path, read_only=True)
    try:
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as error:
            raise BackupProblem("damaged", path=str(path), detail=str(error)) from error
        if result != ["ok"]:
            raise BackupProblem("damaged", path=str(path), detail="; ".join(result[:3]))
        revision = _revision(connection)
    finally:
        connection.close()
    if revision is None:
        raise BackupProblem("no_schema", path=str(path))
    return BackupFile(path, revision, path.stat().st_size)


def backup_sqlite(source: Path, target: Path) -> BackupFile:
    """Copy the live database `source` to `target` (which must not exist), consistent and
    checked; the bot may go on writing meanwhile."""
    if not source.is_file():
        raise BackupProblem("not_found", path=str(source))
    if target.exists():
        raise BackupProblem("target_exists", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(source, partial)
        checked = check_file(partial)
        with partial.open("rb") as file:
            os.fsync(file.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return BackupFile(target, checked.revision, checked.size)


def _copy(source: Path, target: Path) -> None:
    """One backup step of every page: a single read snapshot of `source`."""
    origin = _connect(source)
    copy = sqlite3.connect(target)
    try:
        origin.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
        origin.close()


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def live_leases(database: Path, now: datetime) -> list[tuple[str, str, datetime]]:
    """The leases held now (name, owner, until): a running instance renews them every few
    seconds, a clean stop gives them up, a crashed one's run out within their ttl."""
    if not database.is_file():
        return []
    connection = _connect(database, read_only=True)
    try:
        try:
            rows = connection.execute("SELECT name, owner, expires_at FROM lease").fetchall()
        except sqlite3.DatabaseError:
            return []
    finally:
        connection.close()
    held = []
    for name, owner, until in rows:
        expires = _as_datetime(until)
        if expires > now:
            held.append((str(name), str(owner), expires))
    return held


def _as_datetime(value: object) -> datetime:
    """A stored time (SQLite keeps UTC without its offset, storage.types) as an aware UTC one."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def restore_sqlite(backup: Path, database: Path, *, keep_as: Path) -> BackupFile:
    """Replace the contents of `database` with the checked `backup`, first copying what was
    there to `keep_as`. The caller checks that no instance runs."""
    checked = check_file(backup)
    if database.exists():
        backup_sqlite(database, keep_as)
    database.parent.mkdir(parents=True, exist_ok=True)
    origin = _connect(backup, read_only=True)
    live = _connect(database)
    try:
        origin.backup(live, pages=-1)
        live.execute("PRAGMA journal_mode=WAL")
        result = [row[0] for row in live.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupProblem("damaged", path=str(database), detail="; ".join(result[:3]))
    finally:
        live.close()
        origin.close()
    return BackupFile(database, checked.revision, checked.size)


def postgres_commands(url: str, path: str) -> tuple[str, str]:
    """The pg_dump and pg_restore lines for a PostgreSQL URL (the password left out: use
    PGPASSWORD or ~/.pgpass)."""
    parsed = make_url(url)
    parts = []
    if parsed.host:
        parts.append(f"-h {parsed.host}")
    if parsed.port:
        parts.append(f"-p {parsed.port}")
    if parsed.username:
        parts.append(f"-U {parsed.username}")
    connection = " ".join(parts)
    name = parsed.database or ""
    dump = f"pg_dump {connection} -Fc -f {path} {name}".replace("  ", " ")
    restore = f"pg_restore {connection} --clean --if-exists --no-owner -d {name} {path}"
    return dump, restore.replace("  ", " ")
