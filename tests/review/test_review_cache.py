"""The summary's per-organisation parts kept between requests never show stale numbers: any
change to a cell, a report or a figure (whoever writes it) is seen by the next summary, which
always equals one computed from nothing, on both databases."""

from __future__ import annotations

from datetime import date

from review_world import ReviewWorld
from sqlalchemy import delete, func, select, update
from sqlmodel import col

from scheduler.periods import Month
from scheduler.review_periods import ReviewPeriod
from services.review import Summary, scope_of, summarize
from storage.models import Cell, FigureRecord, MeetingReport, SummaryCache, SummaryStamp
from storage.repos import Repositories

TODAY = date(2026, 11, 24)
PERIODS = (
    ReviewPeriod.of_month(Month(2026, 11)),
    ReviewPeriod.of_quarter(Month(2026, 11).quarter),
    ReviewPeriod.of_year(2026),
)


async def _summaries(world: ReviewWorld, *, cold: bool = False) -> list[Summary]:
    """The province's and xã An's summaries for each period, with and without the cell
    detail (`cold`: the cache emptied first, in the same transaction)."""
    found = []
    async with world.database.transaction() as session:
        repos = Repositories(session)
        if cold:
            await session.execute(delete(SummaryCache))
        for name in ("province", "an"):
            org = await repos.orgs.get_org(world.orgs[name])
            assert org is not None
            for period in PERIODS:
                for detail in (False, True):
                    found.append(
                        await summarize(
                            repos,
                            scope_of([org]),
                            period,
                            today=TODAY,
                            now=world.clock.now(),
                            detail=detail,
                        )
                    )
    return found


async def _cached_parts(world: ReviewWorld) -> int:
    async with world.database.transaction() as session:
        return int((await session.execute(select(func.count()).select_from(SummaryCache))).one()[0])


async def test_a_summary_asked_again_is_the_same(world: ReviewWorld) -> None:
    first = await _summaries(world)
    assert await _cached_parts(world) > 0
    assert await _summaries(world) == first
    assert await _summaries(world, cold=True) == first


async def test_changes_are_seen_by_the_next_summary(world: ReviewWorld) -> None:
    before = await _summaries(world)
    async with world.database.transaction() as session:
        reports = (
            await session.execute(
                select(MeetingReport).where(
                    col(MeetingReport.cell_id) == world.cells["Chi bộ An 1"],
                    col(MeetingReport.period) == "2026-11",
                    col(MeetingReport.slot) == "monthly",
                )
            )
        ).scalars()
        report = reports.one()
        report.present = 5  # a report edited
        session.add(report)
        figure = (
            await session.execute(
                select(FigureRecord).where(
                    col(FigureRecord.cell_id) == world.cells["Chi bộ An 2"],
                    col(FigureRecord.key) == "admissions",
                    col(FigureRecord.period) == "2026-11",
                )
            )
        ).scalars()
        admissions = figure.one()
        admissions.number = 4  # a figure corrected
        session.add(admissions)
        moved = await session.get(Cell, world.cells["Chi bộ Bình 1"])
        assert moved is not None
        moved.org_id = world.orgs["an"]  # a cell moved to another commune
        session.add(moved)
        closed = await session.get(Cell, world.cells["Chi bộ An 3"])
        assert closed is not None
        closed.active = False  # a cell no longer active
        session.add(closed)
    after = await _summaries(world)
    stamps = await _stamps(world)
    async with world.database.transaction() as session:
        kept = (
            await session.execute(
                select(SummaryCache.org_id, SummaryCache.source, SummaryCache.stamp)
            )
        ).all()
    assert kept and all(stamp == stamps.get((org, source), 0) for org, source, stamp in kept)
    assert after == await _summaries(world, cold=True)
    assert after != before
    province_month = after[1]  # the province, November, with detail
    assert province_month.cells is not None
    assert world.cells["Chi bộ An 3"] not in {c.cell_id for c in province_month.cells}
    an_month = next(
        s
        for s in after
        if s.scope.single is not None
        and s.scope.single.id == world.orgs["an"]
        and s.period.is_month
        and s.detail
    )
    assert world.cells["Chi bộ Bình 1"] in {c.cell_id for c in an_month.cells}


async def test_a_change_stamps_only_its_own_organisation_and_source(world: ReviewWorld) -> None:
    before = await _stamps(world)
    async with world.database.transaction() as session:
        await session.execute(
            update(MeetingReport)
            .where(
                col(MeetingReport.cell_id) == world.cells["Chi bộ Bình 1"],
                col(MeetingReport.period) == "2026-11",
            )
            .values(status="returned")
        )
    after = await _stamps(world)
    binh, an = world.orgs["binh"], world.orgs["an"]
    assert after[(binh, "report")] > before.get((binh, "report"), 0)
    assert after.get((binh, "figure")) == before.get((binh, "figure"))
    assert {k: v for k, v in after.items() if k[0] == an} == {
        k: v for k, v in before.items() if k[0] == an
    }
    async with world.database.transaction() as session:
        cell = await session.get(Cell, world.cells["Chi bộ An 1"])
        assert cell is not None
        cell.name = "Chi bộ An Một"  # a cell changed: both of its organisation's stamps
        session.add(cell)
    renamed = await _stamps(world)
    assert renamed[(an, "report")] > after.get((an, "report"), 0)
    assert renamed[(an, "figure")] > after.get((an, "figure"), 0)


async def _stamps(world: ReviewWorld) -> dict[tuple[int, str], int]:
    async with world.database.transaction() as session:
        rows = await session.execute(
            select(SummaryStamp.org_id, SummaryStamp.source, SummaryStamp.stamp)
        )
        return {(int(org), str(source)): int(stamp) for org, source, stamp in rows.all()}


async def test_a_change_in_the_same_transaction_is_seen(world: ReviewWorld) -> None:
    """A flow that changes a report and shows the summary again in one transaction (an officer
    returning a report) sees its own change."""
    async with world.database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(world.orgs["an"])
        assert org is not None

        async def summary() -> Summary:
            return await summarize(
                repos, scope_of([org]), PERIODS[0], today=TODAY, now=world.clock.now()
            )

        before = await summary()
        await session.execute(
            update(MeetingReport)
            .where(
                col(MeetingReport.cell_id) == world.cells["Chi bộ An 1"],
                col(MeetingReport.period) == "2026-11",
                col(MeetingReport.slot) == "monthly",
            )
            .values(status="returned")
        )
        after = await summary()
    assert after.meetings.returned == before.meetings.returned + 1
    assert after.meetings.reported == before.meetings.reported - 1
