"""The summary computed in the database gives exactly the seeded numbers, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

from review_world import ReviewWorld

from knowledge.target_measures import Measure
from scheduler.periods import Month, Quarter
from scheduler.review_periods import ReviewPeriod
from services.review import (
    Ratings,
    Reach,
    ReviewScope,
    Summary,
    _Facts,
    _rated_so_far,
    scope_of,
    summarize,
)
from storage.repos import Repositories
from storage.repos.summary import MeetingCounts

TODAY = date(2026, 11, 24)
NOVEMBER = ReviewPeriod.of_month(Month(2026, 11))


async def summary_of(
    world: ReviewWorld, org: str, period: ReviewPeriod = NOVEMBER, *, detail: bool = True
) -> Summary:
    async with world.database.transaction() as session:
        repos = Repositories(session)
        found = await repos.orgs.get_org(world.orgs[org])
        assert found is not None
        scope: ReviewScope = scope_of([found])
        return await summarize(
            repos, scope, period, today=TODAY, now=world.clock.now(), detail=detail
        )


async def test_the_month_of_a_commune(world: ReviewWorld) -> None:
    s = await summary_of(world, "an")
    assert s.meetings == MeetingCounts(
        cells=5,
        reported=3,
        returned=1,
        cells_complete=3,
        held=2,
        not_held=1,
        present=24,
        expected=28,
        lowest=15 / 18,
        low_meetings=1,
        low_cells=1,
        unexcused=2,
        unexcused_cells=1,
        upper=1,
        resolutions=2,
        grade_good=1,
        grade_fair=1,
        owed=5,
        reported_owed=3,
    )
    assert s.late_count == 2 and s.warned == 1
    assert s.lowest is not None and s.lowest.cell_name == "Chi bộ An 2"
    topics = s.topics
    assert topics.cells_by_quarter == (2, 1, 1, 3)
    assert (topics.full_year_cells, topics.sessions, topics.separate, topics.combined) == (
        1,
        7,
        3,
        4,
    )
    assert (topics.sessions_in_period, topics.separate_in_period, topics.cells_in_period) == (
        3,
        2,
        3,
    )
    assert {f.key: (f.total, f.cells) for f in s.figures} == {
        "admissions": (3, 2),
        "dues_collected": (1_200_000, 2),
    }
    assert s.ratings.year == 2025
    assert s.ratings.cells == {"htxsnv": 1, "httnv": 1, "htnv": 1}
    assert s.ratings.members == {"htxsnv": 2, "httnv": 6, "htnv": 1, "khtnv": 1}
    assert s.members_on_roll == 62


async def test_groups_are_the_sub_organisations(world: ReviewWorld) -> None:
    s = await summary_of(world, "an")
    groups = {g.name: g for g in s.groups}
    assert set(groups) == {"Đảng bộ xã An", "Đảng bộ bộ phận Thôn Trên"}
    own, tren = groups["Đảng bộ xã An"], groups["Đảng bộ bộ phận Thôn Trên"]
    assert own.direct and not tren.direct
    assert (own.cells, own.meetings.reported, own.late) == (4, 3, 1)
    assert (tren.cells, tren.meetings.reported, tren.meetings.returned, tren.late) == (1, 0, 1, 1)
    assert own.warned == 1 and own.figures == {"admissions": 3, "dues_collected": 1_200_000}
    province = await summary_of(world, "province", detail=False)
    assert [g.name for g in province.groups] == ["Đảng bộ xã An", "Đảng bộ xã Bình"]
    assert province.meetings.cells == 7 and province.meetings.reported == 4
    assert {f.key: f.total for f in province.figures}["admissions"] == 8


async def test_late_cells_with_their_secretaries(world: ReviewWorld) -> None:
    s = await summary_of(world, "an")
    late = {c.name: c for c in s.late}
    assert list(late) == ["Chi bộ An 4", "Chi bộ An 5"]
    assert late["Chi bộ An 4"].reach is Reach.INVITED
    assert late["Chi bộ An 5"].reach is Reach.BLOCKED
    assert late["Chi bộ An 5"].returned == (Month(2026, 11),)
    b = await summary_of(world, "binh")
    assert [(c.name, c.reach) for c in b.late] == [("Chi bộ Bình 2", Reach.NO_SECRETARY)]


async def test_cell_detail_keeps_the_topic_session_apart(world: ReviewWorld) -> None:
    s = await summary_of(world, "an")
    cells = {c.name: c for c in s.cells}
    an4 = cells["Chi bộ An 4"]
    assert an4.monthly is None and an4.topic is not None and an4.topic.held
    assert an4.topics.by_quarter == (0, 0, 0, 1)
    an1 = cells["Chi bộ An 1"]
    assert an1.topics.by_quarter == (1, 1, 1, 1) and an1.topics.quarters_covered == 4
    assert an1.figures == {"admissions": 1, "dues_collected": 500_000, "cell_rating": "htxsnv"}
    assert cells["Chi bộ An 2"].warned and not an1.warned
    assert cells["Chi bộ An 2"].meetings.low_meetings == 1


async def test_a_quarter_and_the_year(world: ReviewWorld) -> None:
    quarter = await summary_of(world, "an", ReviewPeriod.of_quarter(Quarter(2026, 4)))
    assert [str(m) for m in quarter.months] == ["2026-10", "2026-11"]  # December not begun
    m = quarter.meetings
    # October and November, still going on, are owed by all five, as each month alone
    assert [str(m) for m in quarter.owed] == ["2026-10", "2026-11"]
    assert (m.reported, quarter.expected_reports, m.cells_complete) == (4, 10, 1)
    assert m.unexcused == 3 and quarter.warned == 1
    assert {c.name: [str(x) for x in c.missing] for c in quarter.late} == {
        "Chi bộ An 1": ["2026-10"],
        "Chi bộ An 3": ["2026-10"],
        "Chi bộ An 4": ["2026-10", "2026-11"],
        "Chi bộ An 5": ["2026-10", "2026-11"],
    }
    assert not any(c.running for c in quarter.late)
    year = await summary_of(world, "an", ReviewPeriod.of_year(2026))
    assert year.meetings.reported == 8 and year.topics.sessions_in_period == 7
    assert {f.key: f.total for f in year.figures}["admissions"] == 4
    assert year.ratings.year == 2026 and year.ratings.cells == {}


async def test_targets_against_the_figures(world: ReviewWorld) -> None:
    s = await summary_of(world, "an", detail=False)
    checks = {c.measure: c for c in s.targets}
    assert set(checks) == {
        Measure.CELLS_GOOD,
        Measure.CELLS_EXCELLENT,
        Measure.ADMISSIONS,
        Measure.ADMISSION_RATE,
        Measure.TOPIC_CELLS,
    }
    admissions = checks[Measure.ADMISSIONS]
    # 2026 still going on (November): short of the target so far is no verdict yet
    assert (admissions.actual, admissions.met, admissions.year) == (4.0, None, 2026)
    assert admissions.so_far
    rate = checks[Measure.ADMISSION_RATE]
    assert (rate.numerator, rate.denominator) == (4, 264) and rate.met is None
    good = checks[Measure.CELLS_GOOD]
    # 2025's ratings are in (3 of the 5 cells rated): judged as they are
    assert (good.numerator, good.denominator, good.year, good.met) == (2, 3, 2025, False)
    assert good.rated is None
    topic = checks[Measure.TOPIC_CELLS]
    assert (topic.numerator, topic.denominator) == (1, 5)
    # Xã Bình has no plan of its own: no targets.
    assert (await summary_of(world, "binh", detail=False)).targets == ()


async def test_a_year_owes_only_ended_months_a_cell_existed_for(world: ReviewWorld) -> None:
    """On 01/12 the year 2026 owes January to November; a cell created on 15/10 owes October
    and November only, one created early on 01/11 (Hà Nội time) November only: the
    denominators, the complete cells and the late list agree."""
    first_of_december = date(2026, 12, 1)
    async with world.database.transaction() as session:
        repos = Repositories(session)
        binh = await repos.orgs.get_org(world.orgs["binh"])
        assert binh is not None
        await repos.orgs.add_cell(
            binh, "Chi bộ Bình Mới", now=datetime(2026, 10, 15, tzinfo=UTC), members_on_roll=5
        )
        # created at 06:00 on 01/11 in Hà Nội (31/10 in UTC): it owes November only
        await repos.orgs.add_cell(
            binh, "Chi bộ Bình Sớm", now=datetime(2026, 10, 31, 23, 0, tzinfo=UTC), members_on_roll=5
        )
        s = await summarize(
            repos,
            scope_of([binh]),
            ReviewPeriod.of_year(2026),
            today=first_of_december,
            now=world.clock.now(),
            detail=True,
        )
    assert len(s.owed) == 11
    # Bình 1 and Bình 2: 11 months each; Bình Mới: October and November
    assert s.expected_reports == 11 + 11 + 2 + 1
    missing = {c.name: [str(m) for m in c.missing] for c in s.owing}
    assert missing["Chi bộ Bình Mới"] == ["2026-10", "2026-11"]
    assert missing["Chi bộ Bình Sớm"] == ["2026-11"]
    assert all("2026-12" not in months for months in missing.values())
    new = next(c for c in s.cells if c.name == "Chi bộ Bình Mới")
    assert new.meetings.owed == 2


def test_ratings_targets_wait_while_the_year_s_ratings_come_in() -> None:
    """2026's ratings, 2 of 9 cells in on 01/12/2026: no verdict but «2/9»; once the year's
    ratings are in (from April 2027), those rated are judged (cells created since never were)."""
    facts = _Facts(
        admissions=0,
        members=264,
        cells=9,
        topic_full=0,
        present=0,
        expected=0,
        ratings=Ratings(2026, {"htxsnv": 2}, {"httnv": 30}),
    )
    assert _rated_so_far(Measure.CELLS_GOOD, facts, date(2026, 12, 1)) == (2, 9)
    assert _rated_so_far(Measure.MEMBERS_GOOD, facts, date(2027, 3, 31)) == (30, 264)
    assert _rated_so_far(Measure.CELLS_GOOD, facts, date(2027, 4, 1)) is None
    assert _rated_so_far(Measure.ADMISSIONS, facts, date(2026, 12, 1)) is None


async def test_a_head_count_over_several_months_is_each_cell_s_last(world: ReviewWorld) -> None:
    """Candidates being trained are people counted at a moment: a quarter gives each cell's
    last value (3 in October and 3 in November are 3, not 6), summed over cells; events
    (admissions) are still summed over the months."""
    async with world.database.transaction() as session:
        repos = Repositories(session)
        an = await repos.orgs.get_org(world.orgs["an"])
        assert an is not None
        cells = {c.name: c for c in await repos.orgs.all_cells()}
        for cell, period, number in (
            ("Chi bộ An 1", "2026-10", 3),
            ("Chi bộ An 1", "2026-11", 3),
            ("Chi bộ An 2", "2026-10", 2),
        ):
            cell_id = cells[cell].id
            assert cell_id is not None
            await repos.reports.save_figure(
                cell_id,
                "candidates_in_training",
                period,
                number=number,
                text=None,
                by=None,
                now=world.clock.now(),
            )
        s = await summarize(
            repos,
            scope_of([an]),
            ReviewPeriod.of_quarter(Quarter(2026, 4)),
            today=date(2026, 11, 24),
            now=world.clock.now(),
            detail=True,
        )
    totals = {f.key: f.total for f in s.figures}
    assert totals["candidates_in_training"] == 3 + 2
    assert totals["admissions"] == 1 + 2  # November's events, summed
    by_cell = {c.name: c.figures.get("candidates_in_training") for c in s.cells}
    assert by_cell["Chi bộ An 1"] == 3 and by_cell["Chi bộ An 2"] == 2
