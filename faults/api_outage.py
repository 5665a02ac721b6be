"""The Telegram API down for a while under a running `chibo run`, then back.

Every send fails (502) for --minutes while a reminder batch falls due and people write three
messages each (the webhooks still arrive). Then the API comes back, limiting us to 30 messages a
second (429 past it, like Telegram). Prints: /healthz during and after, how long the backlog took
to drain and at what rate, the 429s, messages lost and sent twice, chats whose messages arrived
out of order (each chat's outbox rows, in the order they were written, must carry increasing
platform message ids), the process's peak memory.
Run: .venv/bin/python faults/api_outage.py [--minutes 10] [--reminders 600] [--writers 100]
     (--minutes 2 is the 120-second outage of the issue "One way out")
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import col, select

from faults.common import HealthWatch, peak_memory_mb
from storage.engine import Database
from storage.models import OutboxMessage
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
from tests.fakes.telegram_api import FakeTelegramAPI

WRITES = ("/trogiup", "xin chào", "/huy")  # three messages from each writer, in this order


async def idle(database: Database, updates: int) -> bool:
    inbox = await inbox_counts(database)
    outbox = await outbox_counts(database)
    done = inbox.get("done", 0) + inbox.get("failed", 0)
    return done >= updates and not outbox.get("pending") and not outbox.get("sending")


async def run(minutes: float, reminders: int, writers: int, folder: Path) -> None:
    url = f"sqlite:///{folder / 'c.db'}"
    database = Database(url)
    await prepared(database)
    users = await telegram_accounts(database, max(reminders, writers))
    async with FakeTelegramAPI(token=TOKEN, rate_limit_per_second=30) as api:
        chibo = Chibo(chibo_environment(url, api, free_port()), folder, folder / "chibo.log")
        pusher = WebhookPusher(api)
        watch = HealthWatch(chibo, every=5.0)
        try:
            await chibo.start()
            await chibo.wait_ready()
            pusher.start()
            watch.start()
            api.fail_next("*", 502, "Bad Gateway", count=10**9)
            down = time.monotonic()
            await reminder_batch(database, users[:reminders], tag="outage")
            for text in WRITES:
                for user in users[:writers]:
                    api.inject_message(user, text)
            await asyncio.sleep(minutes * 60)
            during = dict(watch.statuses)
            requests_down = api.request_count
            api.clear_failures()
            back = time.monotonic()
            updates = writers * len(WRITES)
            drained = await wait_for(lambda: idle(database, updates), 3600, "drained", 0.2)
            healthy = await wait_for(lambda: _healthy(chibo), 600, "healthy", 0.5)
            peak = peak_memory_mb(chibo.pid)
            await chibo.terminate()
        finally:
            await watch.stop()
            await pusher.stop()
            await chibo.close()
        outbox = await outbox_counts(database)
        disordered = await out_of_order_chats(database)
        await database.dispose()
    sent = [m for m in api.sent_messages() if float(m["at"]) >= time.time() - (time.monotonic() - back)]
    times = sorted(float(m["at"]) for m in sent)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    expected = reminders + writers * len(WRITES)
    got: dict[tuple[int, str], int] = {}
    for message in api.sent_messages():
        key = (int(message["chat_id"]), str(message.get("text", ""))[:40])
        got[key] = got.get(key, 0) + 1
    doubled = sum(n - 1 for n in got.values() if n > 1)
    print(
        f"API down {back - down:.0f} s: requests made meanwhile {requests_down}; /healthz "
        f"during {during}; after it came back: {len(sent)} messages in {drained:.1f} s "
        f"({(len(times) - 1) / span if span else 0:.1f}/s first to last), 429s "
        f"{api.too_many_requests_count}, healthy after {drained + healthy:.1f} s; expected "
        f"{expected}, outbox {outbox}, sent twice {doubled}, chats out of order {disordered}; "
        f"peak memory {peak:.0f} MB"
    )


async def out_of_order_chats(database: Database) -> int:
    """Chats whose sent messages do not carry increasing message ids in the order the outbox
    wrote them (the fake API numbers each chat's messages 1, 2, 3…)."""
    async with database.transaction() as session:
        rows = (
            await session.exec(
                select(OutboxMessage.chat_id, OutboxMessage.message_id)
                .where(col(OutboxMessage.status) == "sent")
                .order_by(col(OutboxMessage.id))
            )
        ).all()
    last: dict[str, int] = {}
    broken: set[str] = set()
    for chat, message_id in rows:
        if message_id is None:  # an action (a keyboard taken away), not a message
            continue
        number = int(str(message_id).split(",")[-1])
        if number <= last.get(chat, 0):
            broken.add(chat)
        last[chat] = number
    return len(broken)


async def _healthy(chibo: Chibo) -> bool:
    try:
        status, _body = await chibo.health()
    except Exception:
        return False
    return status == 200


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--reminders", type=int, default=600)
    parser.add_argument("--writers", type=int, default=100)
    args = parser.parse_args()
    print(f"os.cpu_count() = {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as folder:
        await run(args.minutes, args.reminders, args.writers, Path(folder))


if __name__ == "__main__":
    asyncio.run(main())
