"""Benchmark: plan reminders, expand the due ones into the outbox, and deliver them through the
channel's deliverer to a local fake Telegram API.

Prints figures (not a test). (a) no server limit, 10,000 reminders to 10,000 distinct chats:
messages/s and CPU ms per message (the fake server runs in this same process, so its CPU is
included); (b) the server allows 30 messages/s and answers 429 past it: achieved rate, 429s,
lost, duplicated (1,000 reminders, to stay under a minute). On SQLite and, when reachable,
PostgreSQL. Run: .venv/bin/python benchmarks/reminders.py [--count 10000] [--limited 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func
from sqlmodel import col, select

from bot.telegram.callbacks import CallbackStore
from bot.telegram.channel import TelegramChannel
from bot.telegram.menus import CommandMenus
from bot.telegram.service import make_api
from core.clock import FakeClock, SystemClock
from core.i18n import Catalogs
from services.delivery import Deliverer
from services.pacing import TELEGRAM_PACE, Pace
from services.reminder_expansion import expand_due
from services.reminder_planning import plan_all
from storage.engine import Database
from storage.models import Account, OutboxMessage, Reminder, Role
from storage.repos import Repositories
from tests.databases import fresh_database, postgres_unavailable_reason
from tests.fakes.telegram_api import FakeTelegramAPI

TOKEN = "123456:benchmark-token"
# 03/12/2026 00:01 local: every cell meets that day at 19:30; its 07:00 reminder is the one due.
PLAN_AT = datetime(2026, 12, 2, 17, 1, tzinfo=UTC)
DUE_AT = datetime(2026, 12, 3, 0, 0, tzinfo=UTC)


class ShiftedClock:
    """The wall clock, moved so that the benchmark runs 'on' the meeting day."""

    def __init__(self, start: datetime) -> None:
        self._offset = start - SystemClock().now()

    def now(self) -> datetime:
        return SystemClock().now() + self._offset


async def populate(database: Database, count: int) -> None:
    now = PLAN_AT
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org(
            "Đảng bộ benchmark",
            parent=None,
            kind="xa",
            now=now,
            settings={
                "default_meeting_rule": {"kind": "day_of_month", "day": 3, "time": "19:30"},
                "default_topic_rule": {"enabled": False},
            },
        )
        for number in range(count):
            cell = await repos.orgs.add_cell(org, f"Chi bộ {number}", now=now)
            account = Account(
                channel="telegram",
                platform_user_id=str(number + 1),
                chat_id=str(number + 1),
                created_at=now,
            )
            session.add(account)
            await session.flush()
            session.add(
                Role(account_id=account.id or 0, role="secretary", cell_id=cell.id, granted_at=now)
            )
        await session.flush()


async def drain(deliverer: Deliverer, database: Database, clock: Any) -> None:
    """What the ticks do: expand due reminders, deliver, until nothing due is left (counted in
    SQL, so the check costs little)."""
    while True:
        await expand_due(database, clock)
        await deliverer.send_due()
        async with database.transaction() as session:
            pending = (
                await session.exec(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(col(OutboxMessage.status).in_(["pending", "sending"]))
                )
            ).one()
            due = (
                await session.exec(
                    select(func.count())
                    .select_from(Reminder)
                    .where(col(Reminder.status) == "pending", col(Reminder.due_at) <= DUE_AT)
                )
            ).one()
        if not pending and not due:
            return
        await asyncio.sleep(0.2)


async def run(kind: str, count: int, limit: float | None, pace: Pace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        async with fresh_database(kind, Path(folder)) as database:
            await populate(database, count)
            started = time.perf_counter()
            await plan_all(database, FakeClock(PLAN_AT))
            plan_seconds = time.perf_counter() - started
            async with FakeTelegramAPI(token=TOKEN, rate_limit_per_second=limit) as api:
                bot = make_api(TOKEN, api.base_url)
                clock = ShiftedClock(DUE_AT)
                catalogs = Catalogs()
                channel = TelegramChannel(
                    bot, CallbackStore(database, clock), CommandMenus(bot, {}, catalogs)
                )
                deliverer = Deliverer(database, channel, clock, catalogs, pace=pace, batch=200)
                cpu, wall = time.process_time(), time.perf_counter()
                await drain(deliverer, database, clock)
                wall = time.perf_counter() - wall
                cpu = time.process_time() - cpu
                await bot.close()
                async with database.transaction() as session:
                    sent = await Repositories(session).outbox.messages(status="sent")
                messages = api.sent_messages()
                chats = [m["chat_id"] for m in messages]
                times = sorted(float(m["at"]) for m in messages)
                span = times[-1] - times[0] if len(times) > 1 else 0.0
                return {
                    "db": kind,
                    "count": count,
                    "plan_s": plan_seconds,
                    "sent": len(sent),
                    "api_sent": api.sent_count,
                    "rate": len(sent) / wall if wall else 0.0,
                    # first message to last: the steady pace, without start-up and the drain
                    "sustained": (len(times) - 1) / span if span else 0.0,
                    "cpu_ms": cpu * 1000 / max(len(sent), 1),
                    "429s": api.too_many_requests_count,
                    "lost": count - len(sent),
                    "duplicated": len(chats) - len(set(chats)),
                    "wall_s": wall,
                }


def show(label: str, figures: dict[str, Any]) -> None:
    print(
        f"{label} [{figures['db']}] n={figures['count']}: plan {figures['plan_s']:.1f} s; "
        f"sent {figures['sent']} in {figures['wall_s']:.1f} s = {figures['rate']:.1f} msg/s "
        f"(first to last message: {figures['sustained']:.1f}/s); "
        f"CPU {figures['cpu_ms']:.2f} ms/msg (server included); 429s {figures['429s']}; "
        f"lost {figures['lost']}; duplicated {figures['duplicated']}"
    )


async def main(postgres_reason: str | None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--limited", type=int, default=1_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    print(f"os.cpu_count() = {os.cpu_count()}")
    kinds = ["sqlite"]
    if postgres_reason is None:
        kinds.append("postgres")
    else:
        print("PostgreSQL not reachable: SQLite only")
    if args.only:
        kinds = [args.only]
    for kind in kinds:
        unlimited = Pace(per_second=None, chat_seconds=1.0, group_per_minute=20, concurrency=16)
        show("(a) no limit", await run(kind, args.count, None, unlimited))
        paced = TELEGRAM_PACE
        show("(b) 30/s server", await run(kind, args.limited, 30, paced))


if __name__ == "__main__":
    asyncio.run(main(postgres_unavailable_reason()))
