"""A whole year in simulated time for nine cells, through the database and the real sender:
the reminders that reach the recording channel are exactly those worked out from first
principles in tests/scheduler/test_sched_year.py — none missing, none twice."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from rem_world import RecordingChannel, ReminderRun, build_world, fake_sleep, outbox_of
from sqlalchemy import update
from sqlmodel import col

from core.clock import FakeClock
from scheduler.planning import TaskDeadline
from scheduler.reporting_window import DEFAULT_OPEN_UNTIL_DAY
from scheduler.rule_dicts import meeting_rule_to_dict, topic_rule_to_dict
from services.reminder_planning import plan_all, replan_cell
from storage.models import Reminder
from storage.repos import Repositories
from tests.databases import fresh_database
from tests.scheduler.test_sched_year import (
    SIM_END,
    SIM_START,
    add_moves,
    expected_rows,
    planner_runs,
    report_times,
    specs,
)

ORG_OF = {"c5": "late", "c7": "calendar", "c9": "berlin"}
pytestmark = pytest.mark.long  # ~35 s: `python3 dev.py test -m long`


async def test_a_whole_year_through_the_database(tmp_path: Path) -> None:
    all_specs = specs()
    reports = {}
    for spec in all_specs:
        add_moves(spec)
        reports[spec.cell.cell_id] = report_times(spec)
    clock = FakeClock(SIM_START)
    c7 = next(s for s in all_specs if s.cell.cell_id == "c7")
    org_settings = {
        "late": {"reminder_policy": {"follow_up_at": "22:00"}},
        "calendar": {
            "calendar": {
                "weekend": [6],
                "extra_holidays": [d.isoformat() for d in sorted(c7.extra_off)],
            }
        },
        "berlin": {"timezone": "Europe/Berlin"},
    }
    async with fresh_database("sqlite", tmp_path) as database:
        world = await build_world(
            database,
            clock.now(),
            [
                (
                    s.cell.cell_id,
                    meeting_rule_to_dict(s.cell.rule),
                    topic_rule_to_dict(s.cell.topic),
                    ORG_OF.get(s.cell.cell_id, "main"),
                )
                for s in all_specs
            ],
            org_settings=org_settings,
            no_secretary=["c8"],
        )
        db_id = {name: cell.id for name, cell in world.cells.items()}
        name_of = {cell_id: name for name, cell_id in db_id.items()}
        c9_tasks = next(s for s in all_specs if s.cell.cell_id == "c9").cell.tasks

        async def tasks(repos: Repositories, cell_id: int) -> list[TaskDeadline]:
            return list(c9_tasks) if name_of[cell_id] == "c9" else []

        channel = RecordingChannel()
        channel.clock = clock
        sender = ReminderRun(database, channel, clock, sleep=fake_sleep(clock))

        events: list[tuple[datetime, int, str, str, object]] = []
        events += [(run, 2, "plan", "", None) for run in planner_runs()]
        for spec in all_specs:
            cid = spec.cell.cell_id
            events += [(when, 0, "report", cid, p) for p, when in reports[cid].items()]
            events += [(made, 1, "move", cid, (p, d)) for made, p, d in spec.moves]
        events = sorted((e for e in events if e[0] < SIM_END), key=lambda e: (e[0], e[1], e[3]))

        async def send_until(moment: datetime) -> None:
            while True:
                async with database.transaction() as session:
                    repos = Repositories(session)
                    times = [await repos.reminders.next_due(), await repos.outbox.next_attempt()]
                known = [t for t in times if t is not None]
                due = min(known) if known else None
                if due is None or due > moment:
                    return
                clock.set(max(due, clock.now()))
                await sender.run_once()

        first = True
        for moment, _, what, cid, data in events:
            await send_until(moment)
            clock.set(moment)
            if what == "plan":
                await plan_all(database, clock, tasks=tasks)
                if first:  # what was due before the simulation began is history
                    first = False
                    async with database.transaction() as session:
                        await session.execute(
                            update(Reminder)
                            .where(col(Reminder.due_at) < SIM_START)
                            .values(status="cancelled")
                        )
            elif what == "report":
                assert isinstance(data, str)
                async with database.transaction() as session:
                    await Repositories(session).meetings.mark_reported(db_id[cid], data, now=moment)
            else:
                period, new_day = data  # type: ignore[misc]
                assert isinstance(new_day, date)
                async with database.transaction() as session:
                    repos = Repositories(session)
                    meeting = await repos.meetings.get(db_id[cid], period)
                    await repos.meetings.record_move(
                        cell_id=db_id[cid],
                        period=period,
                        kind="regular",
                        from_date=meeting.meeting_date
                        if meeting and meeting.meeting_date
                        else new_day,
                        to_date=new_day,
                        to_time=None,
                        reason="test",
                        by=None,
                        now=moment,
                    )
                    await replan_cell(repos, db_id[cid], moment, tasks=tasks)
        await send_until(SIM_END)

        async with database.transaction() as session:
            repos = Repositories(session)
            reminders = {r.id: r for r in await repos.reminders.reminders()}
        deliveries = [m for m in await outbox_of(database) if m.kind in ("reminder", "digest")]
        sent = [d for d in deliveries if d.status == "sent"]
        assert len(channel.sent) == len(sent), "every message is a delivery marked sent"
        assert Counter(d.chat_id for d in sent) == Counter(chat for chat, _ in channel.sent)
        assert not [d for d in deliveries if d.status not in ("sent", "stale")]

        got: Counter[tuple[str, str, str, datetime]] = Counter()
        secretary_chat = {n: a.chat_id for n, a in world.secretaries.items()}
        for delivery in sent:
            if delivery.kind == "digest":
                continue
            reminder = reminders[delivery.reminder_id]
            name = name_of[reminder.cell_id]
            assert delivery.chat_id == secretary_chat[name]
            assert delivery.sent_at == reminder.due_at  # sent at its time, not later
            got[(name, reminder.kind, "secretary", reminder.due_at)] += 1
        digest_lines: Counter[tuple[str, str]] = Counter()
        for delivery in sent:
            if delivery.kind != "digest":
                continue
            for line in delivery.payload["lines"]:
                digest_lines[(line["key"], delivery.chat_id)] += 1
        for key_chat, times in digest_lines.items():
            assert times == 1, f"a late cell appeared twice in one officer's digests: {key_chat}"
        officers = {
            name: world.officers[o].chat_id
            for name, o in ((s.cell.cell_id, ORG_OF.get(s.cell.cell_id, "main")) for s in all_specs)
        }
        for reminder in reminders.values():
            if reminder.kind != "escalation" or reminder.status != "expanded":
                continue
            name = name_of[reminder.cell_id]
            for chat in ("off_root", officers[name]):
                assert digest_lines[(reminder.dedupe_key, chat)] == 1, (reminder.dedupe_key, chat)
            got[(name, "escalation", "officers", reminder.due_at)] += 1

        want = Counter(
            row
            for spec in all_specs
            for row in expected_rows(
                spec, reports[spec.cell.cell_id], window_day=DEFAULT_OPEN_UNTIL_DAY
            )
        )
        missing, extra = want - got, got - want
        assert not missing and not extra, (sorted(missing)[:10], sorted(extra)[:10])
        kinds = Counter(kind for _, kind, _, _ in got.elements())
        assert set(kinds) == {
            "before",
            "on_day",
            "follow_up",
            "escalation",
            "topic_due",
            "task_due",
        }
        assert sum(got.values()) > 800  # fewer escalations once months close (the 10th)
