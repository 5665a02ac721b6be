"""One month of a subtree's cells: each cell's report (if any), reachability, topic sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from handlers.access import Principal, RoleName
from handlers.cells import visible_cells
from handlers.reporting.records import MONTHLY, TOPIC_KINDS
from scheduler.periods import Month
from storage.models import Cell, MeetingReport
from storage.repos import Repositories


@dataclass(frozen=True)
class CellMonth:
    cell: Cell
    org_name: str
    report: MeetingReport | None
    reachable: bool
    secretary_ids: tuple[int, ...]
    topics_by_quarter: tuple[int, int, int, int]

    @property
    def attendance(self) -> Fraction | None:
        report = self.report
        if report is None or not report.held or report.present is None or report.on_roll is None:
            return None
        expected = report.on_roll - (report.exempted or 0)
        return Fraction(report.present, expected) if expected > 0 else None

    @property
    def topics_in_year(self) -> int:
        return sum(self.topics_by_quarter)


@dataclass(frozen=True)
class MonthTable:
    month: Month
    rows: tuple[CellMonth, ...] = field(default_factory=tuple)

    @property
    def late(self) -> tuple[CellMonth, ...]:
        return tuple(row for row in self.rows if row.report is None)


async def month_table(repos: Repositories, principal: Principal, month: Month) -> MonthTable:
    """The month for every cell the person may read (officers: their subtree)."""
    cells = await visible_cells(repos, principal)
    ids = [c.id for c in cells if c.id is not None]
    year = [str(Month(month.year, m)) for m in range(1, 13)]
    reports = await repos.reports.in_periods(ids, year)
    monthly = {r.cell_id: r for r in reports if r.period == str(month) and r.slot == MONTHLY}
    topics: dict[int, list[int]] = {i: [0, 0, 0, 0] for i in ids}
    for report in reports:
        if report.held and report.kind in TOPIC_KINDS:
            quarter = (int(report.period.split("-")[1]) - 1) // 3
            topics[report.cell_id][quarter] += 1
    rows = []
    org_names: dict[int, str] = {}
    for cell in cells:
        assert cell.id is not None
        if cell.org_id not in org_names:
            org_names[cell.org_id] = (await repos.orgs.org_of_cell(cell)).name
        roles = await repos.roles.active_in_cell(cell.id, [RoleName.SECRETARY, RoleName.DEPUTY])
        reachable = False
        for role in roles:
            account = await repos.accounts.get(role.account_id)
            reachable = reachable or (account is not None and account.blocked_at is None)
        q = topics[cell.id]
        rows.append(
            CellMonth(
                cell=cell,
                org_name=org_names[cell.org_id],
                report=monthly.get(cell.id),
                reachable=reachable,
                secretary_ids=tuple(r.account_id for r in roles),
                topics_by_quarter=(q[0], q[1], q[2], q[3]),
            )
        )
    return MonthTable(month, tuple(rows))
