"""A simulated year with two chibo instances on one database (PostgreSQL by default).

Both instances are built by the real bootstrap (bot/app.py) with their own engine and pool, on
one fake clock: every simulated day both plan the reminders (at 00:05), every two hours both
expand what fell due and both deliverers try to send (the delivery lease elects one, and the
other takes over when it runs out), and each evening a few secretaries write, their updates
stored through one instance or the other and handled by both workers at once. A channel that
records every send stands in for Telegram on each instance.

Prints: days, reminders planned and sent, updates, messages sent twice (sends recorded by the
two channels minus outbox rows marked sent), updates handled twice (replies per update),
errors raised by concurrent ticks, wall time, this process's peak memory.
Run: .venv/bin/python faults/year_two_instances.py [--days 365] [--only sqlite|postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select

from bot.app import App, build_app
from bot.settings import Settings
from core.clock import FakeClock
from core.messages import Incoming
from services.delivery import deliver_now
from services.pacing import UNLIMITED
from services.reminder_expansion import expand_due
from services.reminder_planning import plan_all
from storage.engine import Database
from storage.models import InboxUpdate, OutboxMessage, Reminder
from tests.chibo_process import demo_secretaries
from tests.databases import fresh_database, postgres_unavailable_reason
from tests.harness import RecordingChannel

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 1, 1, 0, 5, tzinfo=ZONE).astimezone(UTC)


def instance(database: Database, clock: FakeClock) -> tuple[App, RecordingChannel]:
    channel = RecordingChannel("telegram")
    settings = Settings.model_validate({"CHIBO_DATABASE_URL": database.url})
    app = build_app(
        settings, clock=clock, database=database, channels={"telegram": channel},
        paces={"telegram": UNLIMITED},
    )
    return app, channel


async def guarded(errors: Counter[str], name: str, work: object) -> None:
    try:
        await work  # type: ignore[misc]
    except Exception as error:  # a tick that fails is retried by the next one, as in chibo run
        errors[f"{name}: {type(error).__name__}"] += 1


async def run(kind: str, days: int, folder: Path) -> None:
    async with fresh_database(kind, folder) as first_db:
        second_db = Database(first_db.url)
        clock = FakeClock(START)
        secretaries = await demo_secretaries(first_db, 9)
        one, one_channel = instance(first_db, clock)
        two, two_channel = instance(second_db, clock)
        errors: Counter[str] = Counter()
        rng = random.Random(14)
        updates = 0
        started = time.perf_counter()
        for day in range(days):
            clock.set(START + timedelta(days=day))
            await asyncio.gather(
                guarded(errors, "plan", plan_all(first_db, clock)),
                guarded(errors, "plan", plan_all(second_db, clock)),
            )
            for hour in range(0, 24, 2):
                clock.set(START + timedelta(days=day, hours=hour))
                if hour == 20:  # the evening: a few secretaries write, through either instance
                    for user in rng.sample(secretaries, 3):
                        updates += 1
                        incoming = Incoming(
                            channel="telegram", user_id=str(user), chat_id=str(user),
                            update_key=f"d{day}u{user}", received_at=clock.now(), text="/trogiup",
                        )
                        await (one if updates % 2 else two).worker.store(incoming)
                    await asyncio.gather(
                        guarded(errors, "handle", one.worker.process_available()),
                        guarded(errors, "handle", two.worker.process_available()),
                    )
                await asyncio.gather(
                    guarded(errors, "expand", expand_due(first_db, clock)),
                    guarded(errors, "expand", expand_due(second_db, clock)),
                )
                await asyncio.gather(
                    guarded(errors, "deliver", deliver_now(dict(one.deliverers))),
                    guarded(errors, "deliver", deliver_now(dict(two.deliverers))),
                )
        # The last ticks, so that nothing is left for lack of one.
        for app in (one, two):
            await app.worker.process_available()
            await deliver_now(dict(app.deliverers))
        wall = time.perf_counter() - started
        async with first_db.transaction() as session:
            rows = (await session.exec(select(OutboxMessage))).all()
            inbox = (await session.exec(select(InboxUpdate))).all()
            reminders = (await session.exec(select(Reminder))).all()
        await second_db.dispose()
    sends = len(one_channel.sent) + len(two_channel.sent)
    sent_rows = [r for r in rows if r.status == "sent" and r.kind != "action"]
    replies = Counter(r.inbox_id for r in rows if r.kind == "reply" and r.inbox_id is not None)
    by_status = Counter(r.status for r in rows)
    reminder_status = Counter(r.status for r in reminders)
    kinds_sent = Counter(r.kind for r in sent_rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"[{kind}] {days} days, two instances: reminders {dict(reminder_status)}; outbox "
        f"{dict(by_status)}; sent by kind {dict(kinds_sent)}; sends {sends} (first "
        f"{len(one_channel.sent)}, second {len(two_channel.sent)}) for {len(sent_rows)} rows: "
        f"sent twice {sends - len(sent_rows)}; updates {updates}, inbox "
        f"{dict(Counter(u.status for u in inbox))}, handled twice "
        f"{sum(1 for n in replies.values() if n > 1)}; errors in concurrent ticks "
        f"{dict(errors) or 0}; {wall:.0f} s wall; peak memory {peak:.0f} MB"
    )


async def main(reason: str | None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--only", choices=["sqlite", "postgres"], default="postgres")
    args = parser.parse_args()
    print(f"os.cpu_count() = {os.cpu_count()}")
    if args.only == "postgres" and reason is not None:
        print(f"PostgreSQL not reachable ({reason}): SQLite instead")
        args.only = "sqlite"
    with tempfile.TemporaryDirectory() as folder:
        await run(args.only, args.days, Path(folder))


if __name__ == "__main__":
    asyncio.run(main(postgres_unavailable_reason()))
