"""Two planners, expanders and deliverers (two engines, one PostgreSQL schema): nothing goes out
twice."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rem_world import RecordingChannel, ReminderRun, build_world, day_rule, fake_sleep, outbox_of

from core.clock import FakeClock
from services.reminder_expansion import expand_due
from services.reminder_planning import plan_all
from storage.engine import Database
from tests.databases import fresh_database

pytestmark = pytest.mark.postgres
START = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)


async def test_two_schedulers_and_two_senders_send_each_reminder_once(tmp_path: Path) -> None:
    async with fresh_database("postgres", tmp_path) as first:
        second = Database(first.url)
        try:
            clock = FakeClock(START)
            cells = [(f"C{n}", day_rule(1 + n % 27), None, f"O{n % 3}") for n in range(12)]
            await build_world(first, clock.now(), cells)
            channel = RecordingChannel()
            senders = [
                ReminderRun(db, channel, clock, sleep=fake_sleep(clock), owner=name)
                for db, name in ((first, "a"), (second, "b"))
            ]
            for _ in range(20):  # twenty days, planners racing each other, senders too
                await asyncio.gather(plan_all(first, clock), plan_all(second, clock))
                for _hour in range(0, 24, 6):
                    await asyncio.gather(*(s.run_once() for s in senders))
                    clock.advance(timedelta(hours=6))
            deliveries = [m for m in await outbox_of(first) if m.status == "sent"]
            assert len(deliveries) > 40
            assert len(channel.sent) == len(deliveries)
            # every platform call is one delivery row marked sent, each key once
            assert Counter(chat for chat, _ in channel.sent) == Counter(
                d.chat_id for d in deliveries
            )
            assert len({d.dedupe_key for d in deliveries}) == len(deliveries)
        finally:
            await second.dispose()


async def test_concurrent_expansions_write_each_message_once_and_one_deliverer_sends(
    tmp_path: Path,
) -> None:
    async with fresh_database("postgres", tmp_path) as first:
        second = Database(first.url)
        try:
            clock = FakeClock(START)
            await build_world(
                first, clock.now(), [(f"C{n}", day_rule(3), None, "O") for n in range(30)]
            )
            await plan_all(first, clock)
            clock.set(datetime(2026, 11, 3, 0, 0, tzinfo=UTC))
            await asyncio.gather(expand_due(first, clock), expand_due(second, clock))
            messages = await outbox_of(first, "reminder")
            assert len(messages) == 30
            assert len({m.dedupe_key for m in messages}) == 30
            channel = RecordingChannel()
            runs = [
                ReminderRun(db, channel, clock, sleep=fake_sleep(clock), owner=name)
                for db, name in ((first, "a"), (second, "b"))
            ]
            stats = await asyncio.gather(*(run.run_once() for run in runs))
            assert sorted(s.elected for s in stats) == [False, True]
            assert len(channel.sent) == 30
            assert Counter(chat for chat, _ in channel.sent).most_common(1)[0][1] == 1
        finally:
            await second.dispose()
