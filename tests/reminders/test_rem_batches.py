"""Planning in batches: small batches (two at once on PostgreSQL) write exactly the rows one
batch writes, and the garbage collector pause held by batches is given back as it was."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rem_world import build_world, day_rule
from sqlmodel import select

from core.clock import FakeClock
from scheduler.planning import TaskDeadline
from services.reminder_planning import collector_paused, plan_all
from storage.models import Meeting, Reminder
from storage.repos import Repositories
from tests.databases import fresh_database

START = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
CELLS = [
    (f"C{n}", day_rule(1 + n * 4 % 27), {"month_of_quarter": 1 + n % 3}, f"O{n % 2}")
    for n in range(7)
]


async def _planned(kind: str, folder: Path, batch: int) -> tuple[list[Any], list[Any], list[Any]]:
    """Stats of three runs a few days apart, then every reminder and meeting (without ids)."""
    async with fresh_database(kind, folder) as database:
        await build_world(database, START, CELLS, no_secretary=["C3"])
        clock = FakeClock(START)
        runs = []
        for _ in range(3):
            runs.append(await plan_all(database, clock, batch=batch))
            clock.advance(timedelta(days=4))
        async with database.transaction() as session:
            reminders = (await session.exec(select(Reminder))).all()
            meetings = (await session.exec(select(Meeting))).all()
        rows = sorted(
            (r.dedupe_key, r.due_at, r.expires_at, r.payload, r.fingerprint, r.status)
            for r in reminders
        )
        noted = sorted(
            (m.cell_id, m.period, m.kind, m.planned_date, m.meeting_date, m.meeting_time)
            for m in meetings
        )
        return [(s.cells, s.reminders, s.written, s.cancelled) for s in runs], rows, noted


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_small_batches_plan_what_one_batch_plans(
    kind: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    whole = await _planned(kind, tmp_path_factory.mktemp("whole"), batch=500)
    split = await _planned(kind, tmp_path_factory.mktemp("split"), batch=2)
    assert whole[0][0][1] > 0 and whole[1] and whole[2]
    assert split == whole


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_a_failing_batch_raises_its_own_error(
    kind: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    async def tasks(repos: Repositories, cell_id: int) -> list[TaskDeadline]:
        if cell_id == world.cells["C4"].id:
            raise LookupError("the plan knowledge base is not there")
        return []

    async with fresh_database(kind, tmp_path_factory.mktemp("failing")) as database:
        world = await build_world(database, START, CELLS)
        with pytest.raises(LookupError):
            await plan_all(database, FakeClock(START), batch=2, tasks=tasks)
        # the batches that went through are kept; the next run plans the rest
        assert (await plan_all(database, FakeClock(START))).cells == len(CELLS)


def test_the_collector_pause_gives_back_what_it_found() -> None:
    enabled = gc.isenabled()
    try:
        gc.enable()
        with collector_paused():
            with collector_paused():  # two batches at once
                assert not gc.isenabled()
            assert not gc.isenabled()  # the other one still runs
        assert gc.isenabled()
        gc.disable()
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off, it stays off
    finally:
        (gc.enable if enabled else gc.disable)()
