"""The same cells and period give the same figures whoever asks and however: /tonghop for a
month and for its quarter, /chuabaocao, and the chart's bars by month, over cells created at
any time and reports sent for months they owed or not (a cell that reported a month counts
for it even if it was created after it: the report flow offers it)."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_world import _held

from core.clock import FakeClock
from handlers.committee.chart import rate_values
from scheduler.periods import Month, Quarter
from scheduler.review_periods import ReviewPeriod
from services.review import Summary, monthly_rates, scope_of, summarize
from storage.engine import Database
from storage.repos import Repositories
from tests.harness import build_harness

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 02/12/2026 10:00 in Hà Nội
MONTHS = [Month(2026, 10), Month(2026, 11), Month(2026, 12)]
CREATED = [
    datetime(2026, 8, 15, 2, 0, tzinfo=UTC),
    datetime(2026, 10, 20, 2, 0, tzinfo=UTC),
    datetime(2026, 11, 15, 2, 0, tzinfo=UTC),
    datetime(2026, 11, 30, 16, 59, tzinfo=UTC),  # 23:59 on 30/11 in Hà Nội: owes November
    datetime(2026, 11, 30, 17, 0, tzinfo=UTC),  # 00:00 on 01/12: owes no November
    datetime(2026, 12, 2, 1, 0, tzinfo=UTC),  # created that day
]
REPORT = st.sampled_from(["none", "none", "sent", "returned"])
CELLS = st.lists(
    st.tuples(st.sampled_from(CREATED), st.tuples(REPORT, REPORT, REPORT)),
    min_size=1,
    max_size=5,
)
_orgs = itertools.count(1)


async def _commune(database: Database, cells: list[tuple[datetime, tuple[str, str, str]]]) -> str:
    """A commune of `cells` (no meeting day: a month begun is late for them as it goes) and its
    officer, whose name is returned."""
    number = next(_orgs)
    officer = f"officer{number}"
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org(f"Đảng bộ xã {number}", parent=None, kind="xa", now=NOW)
        for index, (created, reports) in enumerate(cells):
            cell = await repos.orgs.add_cell(
                org, f"Chi bộ Thôn {index + 1}", now=created, members_on_roll=9
            )
            assert cell.id is not None
            for month, status in zip(MONTHS, reports, strict=True):
                if status != "none":
                    row = _held(cell.id, str(month), NOW, 1, 9, 8, status=status)
                    await repos.reports.save(row, action="sent", data={}, by=None, now=NOW)
        account = await repos.accounts.get_or_create(
            "console", officer, chat_id=officer, display_name=officer, locale="vi", now=NOW
        )
        assert account.id is not None and org.id is not None
        await repos.roles.grant(
            account.id, "officer", org_id=org.id, cell_id=None, granted_by=None, now=NOW
        )
    return officer


async def _summaries(
    database: Database, officer: str
) -> tuple[dict[Month, Summary], Summary, list[float | None], list[int]]:
    async with database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.find("console", officer)
        assert account is not None and account.id is not None
        grants = await repos.roles.active_for(account.id)
        orgs = [await repos.orgs.get_org(g.org_id) for g in grants if g.org_id is not None]
        scope = scope_of([o for o in orgs if o is not None])
        today = NOW.date()

        async def of(period: ReviewPeriod) -> Summary:
            return await summarize(repos, scope, period, today=today, now=NOW, detail=True)

        months = {m: await of(ReviewPeriod.of_month(m)) for m in MONTHS}
        quarter = await of(ReviewPeriod.of_quarter(Quarter(2026, 4)))
        rates = await monthly_rates(repos, scope, MONTHS[-1], count=len(MONTHS))
    return months, quarter, rate_values(rates), [r.cells for r in rates]


def _missing(summary: Summary) -> set[tuple[int, Month]]:
    return {(c.cell_id, m) for c in summary.owing for m in (*c.missing, *c.returned)}


PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(cells=CELLS)
async def test_month_quarter_late_cells_and_chart_agree(
    sqlite_database: Database, cells: list[tuple[datetime, tuple[str, str, str]]]
) -> None:
    officer = await _commune(sqlite_database, cells)
    months, quarter, bars, owing = await _summaries(sqlite_database, officer)
    q = quarter.meetings
    assert q.owed == sum(s.meetings.owed for s in months.values())
    assert q.reported_owed == sum(s.meetings.reported_owed for s in months.values())
    assert _missing(quarter) == set().union(*(_missing(s) for s in months.values()))
    for index, (month, summary) in enumerate(months.items()):
        m = summary.meetings
        assert owing[index] == m.owed, month
        # a month with reports has its bar; a month no cell owed has none, not 0%
        if m.owed:
            assert bars[index] == 100.0 * m.reported_owed / m.owed, month
        else:
            assert bars[index] is None, month
    # each example later the same day: what earlier ones sent is paced out of the way
    later = NOW + timedelta(minutes=5 * int(officer.removeprefix("officer")))
    chat = build_harness(sqlite_database, FakeClock(later))
    keys = itertools.count()

    async def say(text: str) -> str:
        # update keys of their own: the inbox is shared by every example
        replies = await chat.send(officer, text, key=f"{officer}-{next(keys)}")
        return "\n".join(r.text for r in replies)

    for month, summary in months.items():
        m = summary.meetings
        said = await say(f"/tonghop {month.month}/2026")
        if m.owed:
            assert f"Đã báo cáo: {m.reported_owed}/{m.owed} chi bộ" in said
        else:
            assert "Chưa chi bộ nào phải báo cáo kỳ này" in said
        await say("/huy")
        said = await say(f"/chuabaocao {month.month}/2026")
        found = re.search(r"^Chưa báo cáo tháng [\d/]+ \((\d+) chi bộ\)", said)
        assert (int(found[1]) if found else 0) == len(summary.owing), (month, said)
        await say("/huy")
    said = await say("/tonghop quy 4")
    if q.owed:
        assert f"Báo cáo đến hạn tính đến nay: {q.reported_owed}/{q.owed} lượt" in said
    await say("/huy")
