"""A cell owes nothing for a period it did not exist in: a quarter's topic session is owed by the
cells that existed when the quarter began (one created within it, or after it, does not owe
it; one it held all the same counts), and a month's report by those created before it ended.
On 08/12/2026, in a commune of four cells: An (created in 2025), Bình (15/08, within
quarter III), Cúc (01/10, the first day of quarter IV) and Dũng (20/11, within quarter IV)."""

from __future__ import annotations

from datetime import UTC, datetime

from review_world import _held

from core.clock import FakeClock
from handlers.demo import DEMO_PLAN
from knowledge.target_measures import Measure
from scheduler.periods import Month, Quarter
from scheduler.review_periods import ReviewPeriod, owes_topic_session
from services.plan_library import import_document
from services.review import scope_of, summarize
from storage.engine import Database
from storage.repos import Repositories
from tests.harness import build_harness

NOW = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)  # Tuesday 08/12/2026 10:00 in Hà Nội
CELLS = {
    "Chi bộ An": datetime(2025, 12, 1, 2, 0, tzinfo=UTC),
    "Chi bộ Bình": datetime(2026, 8, 15, 2, 0, tzinfo=UTC),
    "Chi bộ Cúc": datetime(2026, 10, 1, 2, 0, tzinfo=UTC),  # 09:00 on 01/10 in Hà Nội
    "Chi bộ Dũng": datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
}
HELD_IN_Q4 = ("Chi bộ An", "Chi bộ Bình")  # a meeting combined with the topic session


async def _commune(database: Database) -> int:
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org("Đảng bộ xã Mới", parent=None, kind="xa", now=NOW)
        for name, created in CELLS.items():
            cell = await repos.orgs.add_cell(org, name, now=created, members_on_roll=9)
            assert cell.id is not None
            if name in HELD_IN_Q4:
                row = _held(cell.id, "2026-11", NOW, 5, 9, 9, kind="combined")
                await repos.reports.save(row, action="sent", data={}, by=None, now=NOW)
        await import_document(
            repos, org, filename=DEMO_PLAN.name, data=DEMO_PLAN.read_bytes(), actor_id=None, now=NOW
        )
        officer = await repos.accounts.get_or_create(
            "console", "canbo", chat_id="canbo", display_name="canbo", locale="vi", now=NOW
        )
        assert officer.id is not None and org.id is not None
        await repos.roles.grant(
            officer.id, "officer", org_id=org.id, cell_id=None, granted_by=None, now=NOW
        )
        return org.id


def test_a_cell_owes_the_topic_session_of_a_quarter_it_existed_from_its_first_day() -> None:
    q4 = Quarter(2026, 4)
    assert owes_topic_session(q4, None)
    assert owes_topic_session(q4, datetime(2026, 9, 30, 17, 0, tzinfo=UTC))  # 00:00 on 01/10
    assert owes_topic_session(q4, datetime(2026, 10, 1, 16, 59, tzinfo=UTC))  # 23:59 on 01/10
    assert not owes_topic_session(q4, datetime(2026, 10, 1, 17, 0, tzinfo=UTC))  # 02/10
    assert not owes_topic_session(Quarter(2026, 3), CELLS["Chi bộ Bình"])


async def test_cells_created_within_or_after_a_period_do_not_owe_it(
    sqlite_database: Database,
) -> None:
    org_id = await _commune(sqlite_database)
    today = NOW.date()
    async with sqlite_database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(org_id)
        assert org is not None
        scope = scope_of([org])
        year = await summarize(repos, scope, ReviewPeriod.of_year(2026), today=today, now=NOW)
        october = await summarize(
            repos, scope, ReviewPeriod.of_month(Month(2026, 10)), today=today, now=NOW
        )
        third = await summarize(
            repos, scope, ReviewPeriod.of_quarter(Quarter(2026, 3)), today=today, now=NOW
        )
    topics = year.topics
    assert topics.cells_by_quarter == (0, 0, 0, 2)
    # quarters I-III: An alone; IV: An, Bình, Cúc (Dũng was created within it)
    assert topics.owing_by_quarter == (1, 1, 1, 3)
    # Bình held the one session it owed; An owed four, Cúc one: not every quarter
    assert (topics.full_year_cells, topics.full_year_owing) == (1, 3)
    [check] = [t for t in year.targets if t.measure is Measure.TOPIC_CELLS]
    assert (check.numerator, check.denominator) == (1, 3)
    # months: October is owed by An, Bình and Cúc; quarter III by An (3) and Bình (2)
    assert october.meetings.owed == 3
    assert third.expected_reports == 5

    chat = build_harness(sqlite_database, FakeClock(NOW))
    said = await chat.say("canbo", "/tonghop năm 2026")
    assert "theo quý năm 2026: I 0/1, II 0/1, III 0/1, IV 2/3; đủ cả 4 quý (4 lần/năm): 1/3" in said, said
