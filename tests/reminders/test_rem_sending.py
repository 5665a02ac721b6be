"""The sender: crashes, 429, 403, an outage, downtime, pacing and idempotent planning."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from rem_world import (
    RecordingChannel,
    ReminderRun,
    World,
    build_world,
    day_rule,
    fake_sleep,
    outbox_of,
)

from core.clock import FakeClock
from core.messages import Reply
from services.pacing import Pace, Pacer
from services.reminder_planning import plan_all
from storage.engine import Database
from storage.repos import Repositories

# Thứ Ba 24/11/2026 09:00 in Hà Nội; C1 meets on the 27th at 19:30, C2 on the 28th at 08:00.
START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
CELLS = [
    ("C1", day_rule(27, shift=False), {"enabled": False}, "A"),
    ("C2", day_rule(28, "08:00", shift=False), {"enabled": False}, "A"),
]


class Crash(BaseException):
    """The process dies here."""


async def setup(database: Database) -> tuple[FakeClock, World, RecordingChannel]:
    clock = FakeClock(START)
    world = await build_world(database, clock.now(), CELLS)
    await plan_all(database, clock)
    channel = RecordingChannel()
    channel.clock = clock
    return clock, world, channel


def sender_for(
    database: Database, channel: object, clock: FakeClock, **kwargs: object
) -> ReminderRun:
    return ReminderRun(database, channel, clock, sleep=fake_sleep(clock), **kwargs)  # type: ignore[arg-type]


async def statuses(database: Database) -> dict[str, str]:
    """Reminder and digest messages in the outbox: dedupe key → status."""
    return {
        m.dedupe_key or "": m.status
        for m in await outbox_of(database)
        if m.kind in ("reminder", "digest")
    }


# 27/11 07:00 local: the on-the-day reminder of C1 (the d-3 one was due 24/11 08:00, before START).
ON_DAY_C1 = datetime(2026, 11, 27, 0, 0, tzinfo=UTC)


async def test_planning_twice_changes_nothing(database: Database) -> None:
    clock, _world, _channel = await setup(database)
    async with database.transaction() as session:
        first = [
            (r.dedupe_key, r.due_at, r.status)
            for r in await Repositories(session).reminders.reminders()
        ]
    await plan_all(database, clock)
    clock.advance(timedelta(hours=5))
    await plan_all(database, clock)
    async with database.transaction() as session:
        again = [
            (r.dedupe_key, r.due_at, r.status)
            for r in await Repositories(session).reminders.reminders()
        ]
    assert first == again and len(first) > 10


async def test_crash_after_claim_before_send_loses_nothing(database: Database) -> None:
    clock, _world, channel = await setup(database)
    clock.set(ON_DAY_C1)

    class DiesBeforeSending(RecordingChannel):
        async def send(self, chat_id: str, reply: Reply, **_: object) -> object:  # type: ignore[override]
            raise Crash

    with pytest.raises(Crash):
        await sender_for(database, DiesBeforeSending(), clock).run_once()
    assert "sending" in (await statuses(database)).values()
    clock.advance(timedelta(seconds=11))  # the dead deliverer's lease runs out
    stats = await sender_for(database, channel, clock).run_once()
    assert stats.elected and stats.sent >= 1
    delivered = await statuses(database)
    assert set(delivered.values()) == {"sent"}
    assert len(channel.sent) == len(delivered)  # each once
    assert len({(chat, reply.text) for chat, reply in channel.sent}) == len(channel.sent)


async def test_crash_after_send_before_mark_duplicates_only_that_message(
    database: Database,
) -> None:
    clock, _world, channel = await setup(database)
    clock.set(ON_DAY_C1)

    class DiesAfterSending(RecordingChannel):
        async def send(self, chat_id: str, reply: Reply, **_: object) -> object:  # type: ignore[override]
            await channel.send(chat_id, reply)
            raise Crash

    with pytest.raises(Crash):
        await sender_for(database, DiesAfterSending(), clock).run_once()
    in_flight = list(channel.sent)  # the calls the platform accepted before the process died
    assert 1 <= len(in_flight) <= 2  # at most the calls in flight (one per chat here)
    clock.advance(timedelta(seconds=11))
    await sender_for(database, channel, clock).run_once()
    keys = await statuses(database)
    assert set(keys.values()) == {"sent"}
    # the messages in the window went out twice (documented); nothing else did
    assert len(channel.sent) == len(keys) + len(in_flight)
    assert sorted(r.text for _c, r in in_flight) == sorted(
        r.text for _c, r in channel.sent[len(in_flight) :] if (_c, r) in in_flight
    )


async def test_429_pauses_the_sender_until_retry_after(database: Database) -> None:
    clock, _world, channel = await setup(database)
    clock.set(datetime(2026, 12, 3, 1, 0, tzinfo=UTC))  # several escalation / follow-ups due
    await plan_all(database, clock)
    channel.rate_limit_next = [7.0]
    sender = sender_for(database, channel, clock, pace=Pace(per_second=20, concurrency=1))
    started = clock.now()
    stats = await sender.run_once()
    assert stats.rate_limited == 1 and stats.failed == 0
    assert channel.times and min(channel.times) >= started + timedelta(seconds=7)
    delivered = await statuses(database)
    assert set(delivered.values()) == {"sent"}
    assert len(channel.sent) == len(delivered)  # nothing lost, nothing twice


async def test_403_marks_the_account_and_tells_officers_and_admins_once(database: Database) -> None:
    clock, world, channel = await setup(database)
    clock.set(ON_DAY_C1)
    channel.blocked.add("sec_C1")
    await sender_for(database, channel, clock).run_once()
    assert channel.calls.count("sec_C1") == 1  # one 403, then no more calls to that chat
    async with database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get(world.secretaries["C1"].id or 0)
    assert account is not None and account.blocked_at == ON_DAY_C1
    for officer in ("off_root", "off_A"):
        texts = [r.text for r in channel.to(officer)]
        assert sum("sec_C1" in t and "đã chặn chibo" in t for t in texts) == 1, texts
    # later reminders of C1 are closed, not sent; the officers see why
    clock.set(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    before = len(channel.calls)
    await sender_for(database, channel, clock).run_once()
    assert "sec_C1" not in channel.calls[before:]
    async with database.transaction() as session:
        closed = await Repositories(session).reminders.reminders("unreachable")
    assert closed and all(r.reason_code == "blocked" for r in closed)


async def test_a_ten_minute_outage_drains_afterwards(database: Database) -> None:
    clock, _world, channel = await setup(database)
    clock.set(datetime(2026, 12, 3, 1, 0, tzinfo=UTC))
    await plan_all(database, clock)
    channel.down = True
    sender = sender_for(database, channel, clock)
    end = clock.now() + timedelta(minutes=10)
    while clock.now() < end:
        await sender.run_once()
        clock.advance(timedelta(seconds=20))
    assert not channel.sent
    channel.down = False
    for _ in range(60):
        await sender.run_once()
        clock.advance(timedelta(seconds=30))
    delivered = await statuses(database)
    assert delivered and set(delivered.values()) == {"sent"}
    assert len(channel.sent) == len(delivered)


async def test_after_downtime_past_meetings_are_closed_stale_with_a_reason(
    database: Database,
) -> None:
    clock, _world, channel = await setup(database)
    clock.set(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))  # 28/11 10:00: both meetings started
    await sender_for(database, channel, clock).run_once()
    async with database.transaction() as session:
        stale = await Repositories(session).reminders.reminders("stale")
    passed = [r for r in stale if r.kind in ("before", "on_day")]
    assert {r.reason_code for r in passed} == {"meeting_passed"} and len(passed) == 4
    assert all(r.reason_msgid and "already started" in r.reason_msgid for r in passed)
    # October's escalations are closed: its reports closed on 10/11 (earlier days' expired
    # first); today's digest of November still went out
    assert {r.reason_code for r in stale} - {"meeting_passed"} <= {"expired", "period_closed"}
    october = [r for r in stale if r.period == "2026-10" and r.kind == "escalation"]
    assert october and {r.reason_code for r in october} <= {"expired", "period_closed"}
    assert any(r.reason_code == "period_closed" for r in october)
    assert not channel.to("sec_C1") and not channel.to("sec_C2")
    assert not channel.to("off_A")  # no officer is asked to chase a month that is closed


async def test_reported_period_cancels_what_is_waiting(database: Database) -> None:
    clock, world, channel = await setup(database)
    clock.set(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))
    async with database.transaction() as session:
        await Repositories(session).meetings.mark_reported(
            world.cells["C1"].id or 0, "2026-11", now=clock.now()
        )
    clock.set(datetime(2026, 12, 3, 13, 0, tzinfo=UTC))  # 03/12 20:00 local
    await plan_all(database, clock)  # the planner ticks on meanwhile
    await sender_for(database, channel, clock).run_once()
    assert not channel.to("sec_C1")
    assert channel.to("sec_C2")  # C2 has not reported: follow-ups went out
    digests = [r.text for r in channel.to("off_A")]
    assert digests and all("C1:" not in t for t in digests) and any("C2:" in t for t in digests)


async def test_only_the_elected_sender_sends(database: Database) -> None:
    clock, _world, channel = await setup(database)
    clock.set(ON_DAY_C1)
    first = sender_for(database, channel, clock, owner="a")
    second = sender_for(database, channel, clock, owner="b")
    assert (await first.run_once()).elected
    assert not (await second.run_once()).elected
    clock.advance(timedelta(seconds=11))  # a died: its lease runs out
    assert (await second.run_once()).elected


async def test_pacer_spacing_per_chat_group_and_overall() -> None:
    clock = FakeClock(START)
    pacer = Pacer(
        Pace(per_second=10, chat_seconds=1.0, chat_burst=1, group_per_minute=20),
        clock,
        fake_sleep(clock),
    )
    times: dict[str, list[datetime]] = {}
    for number in range(30):
        for chat in ("-100", f"u{number}", "u0"):
            await pacer.wait_turn(chat)
            times.setdefault(chat, []).append(clock.now())
    every = sorted(t for ts in times.values() for t in ts)
    assert all(
        b - a >= timedelta(seconds=0.1) - timedelta(microseconds=1)
        for a, b in itertools.pairwise(every)
    )
    gaps = [b - a for a, b in zip(times["u0"], times["u0"][1:], strict=False)]
    assert min(gaps) >= timedelta(seconds=1)
    group = times["-100"]
    assert all(group[i + 20] - group[i] >= timedelta(minutes=1) for i in range(len(group) - 20))
    pacer.pause(clock.now() + timedelta(seconds=30))
    before = clock.now()
    await pacer.wait_turn("u99")
    assert clock.now() >= before + timedelta(seconds=30)


async def test_a_chat_may_get_a_short_burst_then_one_a_second() -> None:
    clock = FakeClock(START)
    pacer = Pacer(Pace(per_second=None, chat_seconds=1.0, chat_burst=3), clock, fake_sleep(clock))
    times = []
    for _ in range(6):
        await pacer.wait_turn("u1")
        times.append((clock.now() - START).total_seconds())
    assert times == [0, 0, 0, 1, 2, 3]
    clock.advance(timedelta(seconds=10))  # the bucket fills again
    start = clock.now()
    for _ in range(3):
        await pacer.wait_turn("u1")
    assert clock.now() == start


async def test_a_pause_ends_the_wait_for_a_turn_when_stopping() -> None:
    """Stopping, the deliverer's sleep returns at once: waiting out a 429 pause must not spin
    until the pause ends (the stop has 8 s)."""
    import asyncio

    clock = FakeClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))

    async def at_once(_seconds: float) -> None:  # the interruptible sleep, once stopping
        await asyncio.sleep(0)

    pacer = Pacer(Pace(per_second=None, chat_seconds=0), clock, at_once)
    pacer.pause(clock.now() + timedelta(seconds=30))
    stopping = asyncio.Event()
    stopping.set()
    await asyncio.wait_for(pacer.wait_turn("chat", stopping), 2)


async def test_a_reminder_found_due_in_the_quiet_hours_waits_for_the_morning(
    database: Database,
) -> None:
    """Reminders due in the day but not sent then (the server was down, the cell was added in
    the evening) are not sent at 23:00 local time: they wait, pending, until 06:30."""
    clock, _world, channel = await setup(database)
    clock.set(datetime(2026, 11, 26, 16, 0, tzinfo=UTC))  # 23:00 on 26/11 in Hà Nội
    run = await sender_for(database, channel, clock).run_once()
    assert run.expanded == 0 and not channel.sent
    morning = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)  # 06:30 on 27/11
    async with database.transaction() as session:
        waiting = [
            r
            for r in await Repositories(session).reminders.reminders("pending")
            if r.due_at.replace(tzinfo=UTC) < morning
        ]
    assert not waiting  # every overdue one waits for the morning, none is lost or closed
    clock.set(morning - timedelta(minutes=1))
    await sender_for(database, channel, clock).run_once()
    assert not channel.sent
    clock.set(morning)
    run = await sender_for(database, channel, clock).run_once()
    assert run.expanded > 0 and channel.to("sec_C1")
    assert all(moment >= morning for moment in channel.times)
