"""The database unavailable for a while under a running `chibo run` (webhooks, fake Telegram).

SQLite: another process holds the write lock (BEGIN EXCLUSIVE) for --seconds. PostgreSQL: the
bot reaches it through a TCP proxy that drops every connection and refuses new ones for
--seconds. Meanwhile people write (their updates are posted again and again, as Telegram does
until it gets a 200). Prints: /healthz answers during and after, the time to healthy and to
everything handled after the database is back, updates lost and answered twice, the process's
peak memory. Run: .venv/bin/python faults/db_outage.py [--seconds 30] [--only sqlite|postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.engine import make_url

from faults.common import CuttableProxy, HealthWatch, peak_memory_mb
from storage.engine import Database
from tests.chibo_process import (
    TOKEN,
    Chibo,
    WebhookPusher,
    chibo_environment,
    free_port,
    inbox_counts,
    outbox_counts,
    prepared,
    reminder_batch,
    telegram_accounts,
    wait_for,
)
from tests.databases import fresh_database, postgres_unavailable_reason
from tests.fakes.telegram_api import FakeTelegramAPI

USERS = 100


async def idle(database: Database, updates: int) -> bool:
    inbox = await inbox_counts(database)
    outbox = await outbox_counts(database)
    return inbox.get("done", 0) + inbox.get("failed", 0) >= updates and not outbox.get(
        "pending"
    ) and not outbox.get("sending")


async def run(kind: str, seconds: float, folder: Path) -> None:
    proxy: CuttableProxy | None = None
    async with fresh_database(kind, folder) as database:
        url = database.url
        if kind == "postgres":
            parsed = make_url(url)
            proxy = CuttableProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
            await proxy.start()
            url = parsed.set(port=proxy.port).render_as_string(hide_password=False)
        else:
            await prepared(database)
        users = await telegram_accounts(database, USERS)
        await reminder_batch(database, users, tag="before")
        async with FakeTelegramAPI(token=TOKEN) as api:
            chibo = Chibo(chibo_environment(url, api, free_port()), folder, folder / f"{kind}.log")
            pusher = WebhookPusher(api)
            watch = HealthWatch(chibo)
            try:
                await chibo.start()
                await chibo.wait_ready()
                pusher.start()
                await wait_for(lambda: idle(database, 0), 120, "the first batch sent")
                watch.start()
                # The outage; half the people write during it, half just after.
                locker = None
                if kind == "sqlite":
                    path = make_url(database.url).database or ""
                    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
                    locker.execute("BEGIN EXCLUSIVE")
                else:
                    assert proxy is not None
                    await proxy.cut()
                down = time.monotonic()
                for user in users[: USERS // 2]:
                    api.inject_message(user, "/trogiup")
                await asyncio.sleep(seconds)
                during = dict(watch.statuses)
                if locker is not None:
                    locker.execute("COMMIT")
                    locker.close()
                elif proxy is not None:
                    await proxy.restore()
                back = time.monotonic()
                for user in users[USERS // 2 :]:
                    api.inject_message(user, "/trogiup")
                healthy = await wait_for(lambda: _healthy(chibo), 300, "healthy again", 0.2)
                drained = await wait_for(lambda: idle(database, USERS), 300, "all handled", 0.2)
                peak = peak_memory_mb(chibo.pid)
                await chibo.terminate()
            finally:
                await watch.stop()
                await pusher.stop()
                await chibo.close()
                if proxy is not None:
                    await proxy.close()
        answers = [len(api.sent_messages(u)) - 1 for u in users]  # minus the first reminder
        inbox = await inbox_counts(database)
    lost = sum(1 for n in answers if n == 0)
    doubled = sum(n - 1 for n in answers if n > 1)
    print(
        f"[{kind}] database away {back - down:.1f} s: /healthz during {during} "
        f"(first not-200 after {((watch.first_unhealthy or back) - down):.1f} s); healthy "
        f"{healthy:.1f} s and everything handled {drained:.1f} s after it came back; "
        f"updates {USERS} (inbox {inbox}), lost {lost}, answered twice {doubled}; "
        f"webhook posts refused or failed {pusher.failed_posts}; peak memory {peak:.0f} MB"
    )


async def _healthy(chibo: Chibo) -> bool:
    try:
        status, _body = await chibo.health()
    except Exception:
        return False
    return status == 200


async def main(reason: str | None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    print(f"os.cpu_count() = {os.cpu_count()}")
    kinds = [args.only] if args.only else ["sqlite", "postgres"]
    for kind in kinds:
        if kind == "postgres" and reason is not None:
            print(f"[postgres] skipped: {reason}")
            continue
        with tempfile.TemporaryDirectory() as folder:
            await run(kind, args.seconds, Path(folder))


if __name__ == "__main__":
    asyncio.run(main(postgres_unavailable_reason()))
