"""Backups of a live SQLite database and their checked restore (storage.backup, chibo backup and
chibo restore)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage import migrate
from storage.backup import BackupProblem, backup_sqlite, check_file, live_leases, postgres_commands
from storage.engine import Database
from tests.databases import fresh_database
from tests.test_cli import Cli, make_cli

WRITER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
connection.execute("PRAGMA journal_mode=WAL")
for n in range(1, 1_000_000):
    connection.execute("BEGIN IMMEDIATE")
    for half in ("a", "b"):  # two rows per transaction: a copy never holds one alone
        connection.execute(
            "INSERT INTO auditlog (actor_label, action, entity, entity_id, at) "
            "VALUES ('writer', 'test.write', ?, ?, '2026-11-30 00:00:00')", (half, str(n)))
    connection.execute("COMMIT")
    if n == 20:
        print("writing", flush=True)
"""


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return make_cli(tmp_path, monkeypatch, capsys)


def _rows(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT entity, entity_id FROM auditlog WHERE action = 'test.write' ORDER BY id"
        ).fetchall()


def _database_file(database: Database) -> Path:
    return Path(database.url.split("///", 1)[1])


@pytest.mark.integration
async def test_a_backup_while_another_process_writes_is_whole_and_checked(tmp_path: Path) -> None:
    async with fresh_database("sqlite", tmp_path) as database:
        source = _database_file(database)
        writer = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WRITER, str(source), stdout=asyncio.subprocess.PIPE
        )
        try:
            assert writer.stdout is not None
            assert await writer.stdout.readline() == b"writing\n"
            copies = []
            for number in range(3):
                target = tmp_path / "backups" / f"copy-{number}.db"
                copies.append(await asyncio.to_thread(backup_sqlite, source, target))
                await asyncio.sleep(0.05)
        finally:
            writer.kill()
            await writer.wait()
        counts = []
        for made in copies:
            assert made.revision == migrate.head_revision()
            checked = check_file(made.path)  # integrity_check passes on the copy as it is
            assert checked.revision == migrate.head_revision()
            with sqlite3.connect(made.path) as connection:
                mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            assert mode == "delete"  # one self-contained file, no WAL beside it
            rows = _rows(made.path)
            # A snapshot: every transaction whole, in order, none missing before the last.
            assert len(rows) % 2 == 0 and rows
            assert rows == [(h, str(n)) for n in range(1, len(rows) // 2 + 1) for h in ("a", "b")]
            counts.append(len(rows))
        assert counts == sorted(counts) and counts[-1] <= len(_rows(source))
        assert not list((tmp_path / "backups").glob(".*partial"))


def test_a_backup_never_overwrites_and_a_damaged_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "exists.db"
    target.write_bytes(b"x")
    source = tmp_path / "source.db"
    with sqlite3.connect(source) as connection:
        connection.execute("CREATE TABLE other (id INTEGER PRIMARY KEY)")
    with pytest.raises(BackupProblem) as refused:
        backup_sqlite(source, target)
    assert refused.value.code == "target_exists"
    with pytest.raises(BackupProblem) as not_sqlite:
        check_file(target)
    assert not_sqlite.value.code == "not_sqlite"
    with pytest.raises(BackupProblem) as no_schema:
        check_file(source)
    assert no_schema.value.code == "no_schema"


def test_postgres_gets_the_pg_dump_and_pg_restore_lines() -> None:
    dump, restore = postgres_commands(
        "postgresql+asyncpg://chibo:secret@db.local:5433/chibo", "/srv/chibo.dump"
    )
    assert dump == "pg_dump -h db.local -p 5433 -U chibo -Fc -f /srv/chibo.dump chibo"
    assert restore.startswith("pg_restore -h db.local -p 5433 -U chibo --clean")
    assert "secret" not in dump + restore


@pytest.mark.integration
async def test_leases_held_now_are_found(tmp_path: Path) -> None:
    now = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    async with fresh_database("sqlite", tmp_path) as database:
        path = _database_file(database)
        with sqlite3.connect(path) as connection:
            connection.executemany(
                "INSERT INTO lease (name, owner, expires_at) VALUES (?, ?, ?)",
                [
                    ("deliver:telegram", "host-1", (now + timedelta(seconds=8)).replace(tzinfo=None)),
                    ("deliver:zalo", "host-1", (now - timedelta(seconds=1)).replace(tzinfo=None)),
                ],
            )
        held = live_leases(path, now)
    assert [(name, owner) for name, owner, _until in held] == [("deliver:telegram", "host-1")]


def _database_of(tmp_path: Path) -> Path:
    return tmp_path / "data" / "chibo.db"


@pytest.mark.e2e
def test_backup_and_restore_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").returncode == 0
    made = cli("backup", "backups/one.db")
    assert made.returncode == 0, made.stderr
    assert "Đã sao lưu vào backups/one.db" in made.stdout and migrate.head_revision() in made.stdout
    assert cli("org", "add", "Đảng bộ phường Mới").returncode == 0
    # While an instance holds a lease, nothing is restored.
    live = _database_of(tmp_path)
    until = datetime.now(UTC) + timedelta(minutes=5)
    with sqlite3.connect(live) as connection:
        connection.execute(
            "INSERT INTO lease (name, owner, expires_at) VALUES ('deliver:zalo', 'may-chu-1', ?)",
            (until.replace(tzinfo=None).isoformat(" "),),
        )
    refused = cli("restore", "backups/one.db")
    assert refused.returncode == 1
    assert "đang chạy" in refused.stderr and "deliver:zalo" in refused.stderr
    local = until.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))  # said in the settings' time zone
    assert f"đến {local:%H:%M:%S} (Asia/Ho_Chi_Minh)" in refused.stderr
    assert "Đảng bộ phường Mới" in cli("org", "list").stdout
    with sqlite3.connect(live) as connection:
        connection.execute("DELETE FROM lease")
    restored = cli("restore", "backups/one.db")
    assert restored.returncode == 0, restored.stderr
    assert "Đảng bộ phường Mới" not in cli("org", "list").stdout
    kept = list((tmp_path / "data").glob("chibo.before-restore-*.db"))
    assert len(kept) == 1 and str(kept[0]) in restored.stdout
    assert check_file(live).revision == migrate.head_revision()


@pytest.mark.e2e
def test_restore_checks_the_file_and_upgrades_an_older_schema(cli: Cli, tmp_path: Path) -> None:
    older = tmp_path / "older.db"

    async def make_older() -> None:
        database = Database(f"sqlite:///{older}")
        try:
            await migrate.upgrade(database, "0008")
        finally:
            await database.dispose()

    asyncio.run(make_older())
    upgraded = cli("restore", str(older))
    assert upgraded.returncode == 0, upgraded.stderr
    assert "0008" in upgraded.stdout and migrate.head_revision() in upgraded.stdout
    assert check_file(_database_of(tmp_path)).revision == migrate.head_revision()

    newer = tmp_path / "newer.db"
    newer.write_bytes(older.read_bytes())
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    refused = cli("restore", str(newer))
    assert refused.returncode == 1 and "0099_future" in refused.stderr

    damaged = tmp_path / "damaged.db"
    data = bytearray(older.read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200  # scribble over a page
    damaged.write_bytes(bytes(data))
    broken = cli("restore", str(damaged))
    assert broken.returncode == 1 and "hỏng" in broken.stderr


@pytest.mark.e2e
def test_data_export_and_import_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").returncode == 0
    assert cli("org", "add", "Đảng bộ xã Bên Cạnh").returncode == 0
    everything = cli("data", "export", "all.jsonl.gz")
    assert everything.returncode == 0, everything.stderr
    assert "Đã xuất" in everything.stdout and migrate.head_revision() in everything.stdout
    one = cli("data", "export", "hoa-binh.jsonl", "--org", "hoa binh")
    assert one.returncode == 0, one.stderr
    assert "Bên Cạnh" not in (tmp_path / "hoa-binh.jsonl").read_text(encoding="utf-8")
    again = cli("data", "export", "all.jsonl.gz")
    assert again.returncode == 2 and "đã có" in again.stderr
    new = {"CHIBO_DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}"}
    imported = cli("data", "import", "all.jsonl.gz", env=new)
    assert imported.returncode == 0, imported.stderr
    assert cli("org", "list", env=new).stdout == cli("org", "list").stdout
    refused = cli("data", "import", "hoa-binh.jsonl", env=new)
    assert refused.returncode == 1 and "đã có dữ liệu" in refused.stderr
