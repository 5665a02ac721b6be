"""`chibo data export` and `chibo data import` on growing SQLite databases: time and peak memory.

    .venv/bin/python benchmarks/transfer.py [ROWS ...]     (default 20000 200000)

For each size, a migrated SQLite database gets ROWS inbox updates, ROWS outbox messages and
ROWS audit entries (the tables that grow without end), with 500 cells; then the real `chibo data
export` and `chibo data import` (into a second SQLite file) run as processes, and their wall time
and peak resident memory (from the kernel, per process) are printed. The memory should not grow
with the rows: the export reads 500 rows a page, the import writes 500 at a time.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage import migrate  # noqa: E402
from storage.engine import Database  # noqa: E402

WHEN = "2026-11-30 00:00:00.000000"


def seed(path: Path, rows: int) -> None:
    async def schema() -> None:
        database = Database(f"sqlite:///{path}")
        try:
            await migrate.upgrade(database)
        finally:
            await database.dispose()

    asyncio.run(schema())
    payload = json.dumps({"text": "Nhắc lịch sinh hoạt chi bộ tháng 12/2026. " * 6})
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO organization (id, parent_id, path, name, kind, timezone, settings, "
            "created_at) VALUES (1, NULL, '/1/', 'Đảng bộ thử', 'dang_bo', 'Asia/Ho_Chi_Minh', "
            "'{}', ?)",
            (WHEN,),
        )
        connection.executemany(
            "INSERT INTO cell (id, org_id, name, kind, members_on_roll, active, created_at) "
            "VALUES (?, 1, ?, 'thon', 20, 1, ?)",
            [(n, f"Chi bộ {n}", WHEN) for n in range(1, 501)],
        )
        connection.executemany(
            "INSERT INTO inboxupdate (id, channel, update_key, chat_key, payload, status, "
            "attempts, received_at) VALUES (?, 'telegram', ?, ?, ?, 'done', 1, ?)",
            [(n, f"u{n}", f"telegram:{n % 3000}", payload, WHEN) for n in range(1, rows + 1)],
        )
        connection.executemany(
            "INSERT INTO outboxmessage (id, channel, chat_id, kind, priority, payload, inbox_id, "
            "cell_id, status, attempts, next_attempt_at, buttons_live, created_at) VALUES "
            "(?, 'telegram', ?, 'reply', 0, ?, ?, ?, 'sent', 1, ?, 0, ?)",
            [(n, str(n % 3000), payload, n, n % 500 + 1, WHEN, WHEN) for n in range(1, rows + 1)],
        )
        connection.executemany(
            "INSERT INTO auditlog (id, actor_label, action, entity, entity_id, after, at) "
            "VALUES (?, 'bench', 'report.send', 'meeting_report', ?, ?, ?)",
            [(n, str(n), payload, WHEN) for n in range(1, rows + 1)],
        )


def run(*args: str, database: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one `chibo` process."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))
    }
    env.update(CHIBO_DATABASE_URL=f"sqlite:///{database}", PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=database.parent,
        stdout=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"chibo {' '.join(args)} failed ({process.returncode})")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [20_000, 200_000]
    print(f"cores: {os.cpu_count()}")
    print(
        f"{'rows/table':>10} {'total':>8} {'file MB':>8} {'export s':>9} {'MB':>6} "
        f"{'import s':>9} {'MB':>6}"
    )
    for rows in sizes:
        with TemporaryDirectory(prefix="chibo-transfer-") as folder:
            source, target = Path(folder) / "source.db", Path(folder) / "target.db"
            seed(source, rows)
            export_s, export_mb = run("data", "export", "all.jsonl", database=source)
            size = (Path(folder) / "all.jsonl").stat().st_size / 1e6
            import_s, import_mb = run("data", "import", "all.jsonl", database=target)
            print(
                f"{rows:>10} {3 * rows + 501:>8} {size:>8.1f} {export_s:>9.1f} {export_mb:>6.0f} "
                f"{import_s:>9.1f} {import_mb:>6.0f}"
            )


if __name__ == "__main__":
    main()
