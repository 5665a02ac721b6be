"""A province's work is a few statements, not some per organisation or per cell: the plan targets
of an officer of several communes (each with its plan), and when a nudge to each cell may go
(services.quiet_hours.cells_send_at). Counted with 2 and with 6 communes: the same number."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from handlers.demo import DEMO_PLAN
from scheduler.periods import Month
from scheduler.review_periods import ReviewPeriod
from services.plan_library import import_document
from services.quiet_hours import cells_send_at
from services.review import ReviewScope, scope_of, summarize
from storage.engine import Database
from storage.models import Organization
from storage.repos import Repositories

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@contextmanager
def counted(database: Database) -> Iterator[list[int]]:
    found = [0]

    def count(*_args: Any) -> None:
        found[0] += 1

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield found
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)


async def _communes(database: Database, first: int, count: int) -> tuple[list[int], list[int]]:
    """`count` communes of 3 cells each, each with the demo plan; their ids and the cells'."""
    orgs: list[int] = []
    cells: list[int] = []
    async with database.transaction() as session:
        repos = Repositories(session)
        for number in range(first, first + count):
            org = await repos.orgs.add_org(f"Đảng bộ xã Số {number}", parent=None, kind="xa", now=NOW)
            assert org.id is not None
            orgs.append(org.id)
            for index in range(3):
                cell = await repos.orgs.add_cell(
                    org, f"Chi bộ Thôn {index + 1} ({number})", now=NOW, members_on_roll=9
                )
                assert cell.id is not None
                cells.append(cell.id)
            await import_document(
                repos,
                org,
                filename=DEMO_PLAN.name,
                data=DEMO_PLAN.read_bytes(),
                actor_id=None,
                now=NOW,
            )
    return orgs, cells


async def _statements(
    database: Database, work: Callable[[Repositories], Awaitable[object]]
) -> int:
    async with database.transaction() as session:
        repos = Repositories(session)
        await repos.summary.count_cells(["/"])  # the session's connection, begun
        with counted(database) as found:
            await work(repos)
    return found[0]


async def test_targets_and_quiet_hours_take_as_many_statements_for_6_communes_as_for_2(
    sqlite_database: Database,
) -> None:
    database = sqlite_database
    period = ReviewPeriod.of_month(Month(2026, 11))
    measured: list[tuple[int, int]] = []
    first = 1
    for count in (2, 6):
        orgs, cells = await _communes(database, first, count)
        first += count

        async with database.transaction() as session:
            found = [await Repositories(session).orgs.get_org(o) for o in orgs]
            scope = scope_of([o for o in found if isinstance(o, Organization)])

        async def targets(
            repos: Repositories, scope: ReviewScope = scope, count: int = count
        ) -> object:
            summary = await summarize(repos, scope, period, today=NOW.date(), now=NOW)
            assert {t.plan for t in summary.targets} and len(summary.scope.orgs) == count
            return summary

        async def send_at(repos: Repositories, cells: list[int] = cells) -> object:
            found = await cells_send_at(repos, cells, NOW, ZONE)
            assert len(found) == len(cells)
            return found

        # asked twice: the second time reads what the summary cache kept, as an officer asks
        await _statements(database, targets)
        measured.append((await _statements(database, targets), await _statements(database, send_at)))
    assert measured[0] == measured[1], measured
