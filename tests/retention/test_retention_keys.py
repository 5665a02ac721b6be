"""Retention keeps what stops things happening twice: a cleared update's key still stops its
redelivery, a cleared message's dedupe key still stops its reminder being written again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.clock import FakeClock
from services.outgoing import Kind, templated
from services.reminder_planning import plan_all
from services.retention import apply_retention
from storage.engine import Database
from storage.models import InboxUpdate
from storage.repos import Repositories
from storage.repos.retention import CLEARED
from tests.reminders.rem_world import (
    RecordingChannel,
    ReminderRun,
    build_world,
    day_rule,
    fake_sleep,
    outbox_of,
)
from tests.test_inbox import EchoCore, incoming, table, worker_for
from tests.test_inbox import RecordingChannel as InboxChannel

# Thứ Ba 24/11/2026 09:00 in Hà Nội; C1 meets on the 27th at 19:30.
START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
ON_DAY_C1 = datetime(2026, 11, 27, 0, 0, tzinfo=UTC)  # 07:00 local: the on-the-day reminder


async def test_a_redelivered_update_whose_content_was_cleared_is_not_handled_again(
    database: Database, clock: FakeClock
) -> None:
    core, channel = EchoCore(), InboxChannel("console")
    worker = worker_for(database, clock, core, channel)
    update = incoming(clock, "tg-1001", "Nguyễn Văn A, 0912 345 678")
    assert await worker.store(update)
    assert await worker.process_available() == 1
    await worker.deliver()
    clock.advance(timedelta(days=31))
    counts = await apply_retention(database, clock)
    assert (counts.updates_cleared, counts.messages_cleared) == (1, 1)
    (row,) = await table(database, InboxUpdate)
    assert row.payload == CLEARED and row.status == "done"

    assert not await worker.store(update)  # the platform sends it again, a month late
    assert await worker.process_available() == 0
    await worker.deliver()
    assert core.handled == [("c1", "Nguyễn Văn A, 0912 345 678")]
    assert len(channel.sent) == 1


async def test_a_reminder_whose_message_was_cleared_is_not_written_again(
    database: Database,
) -> None:
    clock = FakeClock(START)
    world = await build_world(
        database, clock.now(), [("C1", day_rule(27, shift=False), {"enabled": False}, "A")]
    )
    await plan_all(database, clock)
    channel = RecordingChannel()
    clock.set(ON_DAY_C1)
    stats = await ReminderRun(database, channel, clock, sleep=fake_sleep(clock)).run_once()
    assert stats.sent >= 1
    on_day = f"{world.cells['C1'].id}:on_day:"
    (sent,) = [
        m for m in await outbox_of(database, kind="reminder") if m.dedupe_key.startswith(on_day)
    ]
    assert sent.status == "sent" and sent.dedupe_key
    before = {(chat, reply.text) for chat, reply in channel.sent}

    clock.advance(timedelta(days=31))
    assert (await apply_retention(database, clock)).messages_cleared >= 1
    (cleared,) = [m for m in await outbox_of(database, kind="reminder") if m.id == sent.id]
    assert cleared.payload == CLEARED
    assert (cleared.status, cleared.dedupe_key) == ("sent", sent.dedupe_key)

    # The expansion writing it once more (planned again, two instances) finds the key taken.
    secretary = world.secretaries["C1"]
    async with database.transaction() as session:
        written = await Repositories(session).outbox.add_many(
            [
                templated(
                    secretary,
                    "on_day",
                    {"cell_name": "C1"},
                    kind=Kind.REMINDER,
                    dedupe_key=sent.dedupe_key or "",
                    expires_at=clock.now() + timedelta(days=1),
                )
            ],
            now=clock.now(),
        )
    assert written == []
    # Planning and expanding again a month on send nothing that went before.
    sent_before = len(channel.sent)
    await plan_all(database, clock)
    await ReminderRun(database, channel, clock, sleep=fake_sleep(clock)).run_once()
    again = [m for m in await outbox_of(database) if m.dedupe_key == sent.dedupe_key]
    assert [m.id for m in again] == [sent.id]
    assert not before & {(chat, reply.text) for chat, reply in channel.sent[sent_before:]}
