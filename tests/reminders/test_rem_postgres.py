"""Two planners and two senders (two engines, one PostgreSQL schema): nothing goes out twice."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rem_world import RecordingChannel, build_world, day_rule, fake_sleep

from core.clock import FakeClock
from core.i18n import Catalogs
from services.reminder_planning import plan_all
from services.reminder_sender import CONSOLE_PACE, ReminderSender, expand_due
from storage.engine import Database
from storage.repos import Repositories
from tests.databases import POSTGRES_URL, fresh_database

pytestmark = pytest.mark.postgres
START = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)


async def test_two_schedulers_and_two_senders_send_each_reminder_once(tmp_path: Path) -> None:
    async with fresh_database("postgres", tmp_path) as first:
        second = Database(POSTGRES_URL, pg_schema=first.pg_schema)
        try:
            clock = FakeClock(START)
            cells = [(f"C{n}", day_rule(1 + n % 27), None, f"O{n % 3}") for n in range(12)]
            await build_world(first, clock.now(), cells)
            channel = RecordingChannel()
            senders = [
                ReminderSender(
                    db,
                    channel,
                    clock,
                    Catalogs(),
                    pace=CONSOLE_PACE,
                    sleep=fake_sleep(clock),
                    owner=name,
                    election_ttl=timedelta(seconds=1),
                )
                for db, name in ((first, "a"), (second, "b"))
            ]
            for _ in range(20):  # twenty days, planners racing each other, senders too
                await asyncio.gather(plan_all(first, clock), plan_all(second, clock))
                for _hour in range(0, 24, 6):
                    await asyncio.gather(*(s.run_once() for s in senders))
                    clock.advance(timedelta(hours=6))
            async with first.transaction() as session:
                deliveries = await Repositories(session).reminders.deliveries("sent")
            assert len(deliveries) > 40
            assert len(channel.sent) == len(deliveries)
            # every platform call is one delivery row marked sent, each key once
            assert Counter(chat for chat, _ in channel.sent) == Counter(
                d.chat_id for d in deliveries
            )
            assert len({d.dedupe_key for d in deliveries}) == len(deliveries)
        finally:
            await second.dispose()


async def test_concurrent_claims_are_disjoint(tmp_path: Path) -> None:
    async with fresh_database("postgres", tmp_path) as first:
        second = Database(POSTGRES_URL, pg_schema=first.pg_schema)
        try:
            clock = FakeClock(START)
            await build_world(
                first, clock.now(), [(f"C{n}", day_rule(3), None, "O") for n in range(30)]
            )
            await plan_all(first, clock)
            clock.set(datetime(2026, 11, 3, 0, 0, tzinfo=UTC))
            await asyncio.gather(expand_due(first, clock), expand_due(second, clock))

            async def claim(db: Database) -> list[int]:
                async with db.transaction() as session:
                    rows = await Repositories(session).reminders.claim_deliveries(
                        "console", clock.now(), limit=20, lease=timedelta(minutes=5)
                    )
                    await asyncio.sleep(0.05)  # hold the locks while the other claims
                return [r.id or 0 for r in rows]

            a, b = await asyncio.gather(claim(first), claim(second))
            assert a and b and not set(a) & set(b)
        finally:
            await second.dispose()
