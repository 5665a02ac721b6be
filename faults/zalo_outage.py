"""Zalo down for a while under a running `chibo run` (long polling, fake Zalo), then a kill -9.

Zalo stops answering (every call read, nothing taken, the connection dropped) for --minutes
while a reminder batch falls due and people write three messages each (Zalo keeps them for
getUpdates). Then Zalo comes back; when about half of the backlog has gone out, the process is
killed with SIGKILL (no clean-up) and started again at once. Prints: /healthz during the outage,
the seconds from the kill to answering again, how long the backlog took after Zalo came back,
messages lost and shown twice (a send in flight at the kill may show twice: Zalo took it but
its answer never came; the operator guide's one-retry rule bounds that to one message per
such send), updates lost, the process's peak memory.
Run: .venv/bin/python faults/zalo_outage.py [--minutes 2] [--reminders 300] [--writers 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from faults.common import HealthWatch, peak_memory_mb
from storage.engine import Database
from storage.models import Account
from tests.chibo_process import (
    Chibo,
    free_port,
    inbox_counts,
    outbox_counts,
    prepared,
    reminder_batch,
    wait_for,
)
from tests.fakes.zalo_api import FakeZaloAPI

ROOT = Path(__file__).resolve().parents[1]
WRITES = ("/trogiup", "xin chào", "/huy")  # three messages from each writer, in this order


def environment(database_url: str, api: FakeZaloAPI, port: int) -> dict[str, str]:
    """`chibo run` on Zalo alone (long polling), health on 127.0.0.1:`port`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))}
    env.update(
        CHIBO_DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
        ZALO_BOT_TOKEN=api.token,
        CHIBO_ZALO_API_URL=api.base_url,
        CHIBO_LISTEN_HOST="127.0.0.1",
        CHIBO_LISTEN_PORT=str(port),
    )
    return env


async def zalo_people(database: Database, api: FakeZaloAPI, count: int) -> list[str]:
    """`count` Zalo accounts with no role, each having written to the bot once (Zalo lets a bot
    write only to those); their user ids."""
    now = datetime.now(UTC)
    users = [f"z{number:06d}" for number in range(count)]
    async with database.transaction() as session:
        for user in users:
            session.add(
                Account(channel="zalo", platform_user_id=user, chat_id=user,
                        display_name=f"Người {user}", locale="vi", created_at=now)
            )
    api.known_chats.update(users)
    return users


async def idle(database: Database, updates: int) -> bool:
    inbox = await inbox_counts(database)
    outbox = await outbox_counts(database)
    done = inbox.get("done", 0) + inbox.get("failed", 0)
    return done >= updates and not outbox.get("pending") and not outbox.get("sending")


async def run(minutes: float, reminders: int, writers: int, folder: Path) -> None:
    url = f"sqlite:///{folder / 'c.db'}"
    database = Database(url)
    await prepared(database)
    async with FakeZaloAPI() as api:
        users = await zalo_people(database, api, max(reminders, writers))
        chibo = Chibo(environment(url, api, free_port()), folder, folder / "chibo.log")
        watch = HealthWatch(chibo, every=5.0)
        try:
            await chibo.start()
            await chibo.wait_ready()
            watch.start()
            api.down = True
            down = time.monotonic()
            await reminder_batch(database, users[:reminders], tag="zalo", channel="zalo")
            for text in WRITES:
                for user in users[:writers]:
                    await api.inject(api.event(user, text, name=f"Người {user}"))
            await asyncio.sleep(minutes * 60)
            during = dict(watch.statuses)
            calls_down = len(api.calls)
            await watch.stop()
            api.down = False
            back = time.monotonic()
            expected = reminders + writers * len(WRITES)
            await wait_for(lambda: _sent_at_least(api, expected // 2), 600, "half sent", 0.01)
            sent_at_kill = len(api.sent)
            await chibo.kill()
            killed = time.monotonic()
            await chibo.start()
            await chibo.wait_ready()
            recovered = time.monotonic() - killed
            updates = writers * len(WRITES)
            await wait_for(lambda: idle(database, updates), 3600, "drained", 0.2)
            drained = time.monotonic() - back
            peak = peak_memory_mb(chibo.pid)
            await chibo.terminate()
        finally:
            await watch.stop()
            await chibo.close()
        outbox = await outbox_counts(database)
        inbox = await inbox_counts(database)
        await database.dispose()
    shown = Counter((sent.chat_id, sent.text) for sent in api.sent)
    doubled = sum(n - 1 for n in shown.values() if n > 1)
    reminded = {sent.chat_id for sent in api.sent if sent.text.startswith("Nhắc lịch")}
    lost_reminders = len(set(users[:reminders]) - reminded)
    answered = Counter(sent.chat_id for sent in api.sent if not sent.text.startswith("Nhắc lịch"))
    short_writers = sum(1 for user in users[:writers] if answered[user] < len(WRITES))
    print(
        f"Zalo down {back - down:.0f} s: calls made meanwhile {calls_down}; /healthz during "
        f"{during}; after it came back: killed -9 with {sent_at_kill} of {expected} expected "
        f"messages shown, answering again {recovered:.1f} s after the kill, everything handled "
        f"and sent {drained:.1f} s after Zalo came back; messages shown {len(api.sent)}, shown "
        f"twice {doubled}, reminders lost {lost_reminders} of {reminders}, writers with fewer "
        f"than {len(WRITES)} answers {short_writers} of {writers}; inbox {inbox}, outbox "
        f"{outbox}; peak memory after the restart {peak:.0f} MB"
    )


async def _sent_at_least(api: FakeZaloAPI, count: int) -> bool:
    return len(api.sent) >= count


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--reminders", type=int, default=300)
    parser.add_argument("--writers", type=int, default=60)
    args = parser.parse_args()
    print(f"os.cpu_count() = {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as folder:
        await run(args.minutes, args.reminders, args.writers, Path(folder))


if __name__ == "__main__":
    asyncio.run(main())
