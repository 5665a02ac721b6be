"""Reports and figures as stored: loading a cell's setting, turning rows into reports and back."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from core.i18n import Translator
from handlers.reporting.attendance import TopicSessionStatus
from handlers.reporting.figures import DEFAULT_FIGURES, FigureDefinition
from handlers.reporting.grades import MeetingGrade
from handlers.reporting.openness import open_until_day, planned_by_rule, topic_month_of_quarter
from handlers.reporting.report import MeetingKind, PartialReport
from scheduler.periods import Month
from services.period_closing import closed_message, closure_for
from storage.models import Cell, MeetingReport, Organization
from storage.repos import Repositories

MONTHLY, TOPIC = "monthly", "topic"
TOPIC_KINDS = (MeetingKind.TOPIC.value, MeetingKind.COMBINED.value)


@dataclass(frozen=True)
class CellSetting:
    """A cell, its organisation and the organisations above it (nearest first)."""

    cell: Cell
    org: Organization
    chain: tuple[Organization, ...]

    @property
    def cell_id(self) -> int:
        assert self.cell.id is not None
        return self.cell.id

    def open_until_day(self) -> int:
        return open_until_day([org.settings or {} for org in self.chain])


async def org_chain(repos: Repositories, org: Organization) -> tuple[Organization, ...]:
    """`org` and its ancestors, nearest first."""
    ids = org.lineage()
    chain: list[Organization] = []
    for org_id in reversed(ids):
        found = org if org_id == org.id else await repos.orgs.get_org(org_id)
        if found is not None:
            chain.append(found)
    return tuple(chain) or (org,)


async def load_setting(repos: Repositories, cell_id: int) -> CellSetting | None:
    cell = await repos.orgs.get_cell(cell_id)
    if cell is None:
        return None
    org = await repos.orgs.org_of_cell(cell)
    return CellSetting(cell, org, await org_chain(repos, org))


def slot_for(kind: str | None) -> str:
    return TOPIC if kind == MeetingKind.TOPIC.value else MONTHLY


def row_report(row: MeetingReport) -> PartialReport:
    """The report a stored row holds."""
    return PartialReport(
        held=row.held,
        date=row.meeting_date,
        kind=MeetingKind(row.kind) if row.kind else None,
        topic_title=row.topic_title,
        on_roll=row.on_roll,
        exempted=row.exempted,
        present=row.present,
        absent_excused=row.absent_excused,
        absent_unexcused=row.absent_unexcused,
        upper_attended=row.upper_attended,
        upper_name=row.upper_name,
        resolution_adopted=row.resolution_adopted,
        grade=MeetingGrade(row.grade) if row.grade else None,
    )


def fill_row(
    row: MeetingReport,
    report: PartialReport,
    *,
    note: str,
    reason: str,
    new_date: date | None,
    flags: list[str],
) -> None:
    """Write a finished report into its row (fields that do not apply are cleared)."""
    row.held = bool(report.held)
    row.meeting_date = report.date
    row.kind = report.kind.value if report.kind else None
    row.topic_title = report.topic_title
    row.on_roll = report.on_roll
    row.exempted = report.exempted
    row.present = report.present
    row.absent_excused = report.absent_excused
    row.absent_unexcused = report.absent_unexcused
    row.upper_attended = report.upper_attended
    row.upper_name = report.upper_name
    row.resolution_adopted = report.resolution_adopted
    row.grade = report.grade.value if report.grade else None
    row.note = note
    row.not_held_reason = reason
    row.new_date = new_date
    row.flags = list(flags)


def row_data(row: MeetingReport) -> dict[str, Any]:
    """The row's reported values as JSON (for versions and the audit log)."""
    return {
        "status": row.status,
        "held": row.held,
        "meeting_date": row.meeting_date.isoformat() if row.meeting_date else None,
        "kind": row.kind,
        "topic_title": row.topic_title,
        "on_roll": row.on_roll,
        "exempted": row.exempted,
        "present": row.present,
        "absent_excused": row.absent_excused,
        "absent_unexcused": row.absent_unexcused,
        "upper_attended": row.upper_attended,
        "upper_name": row.upper_name,
        "resolution_adopted": row.resolution_adopted,
        "grade": row.grade,
        "note": row.note,
        "not_held_reason": row.not_held_reason,
        "new_date": row.new_date.isoformat() if row.new_date else None,
        "flags": list(row.flags),
    }


async def last_roll(repos: Repositories, cell: Cell) -> tuple[int | None, int]:
    """Members on the roll and exempted, from the last report (else the cell's own count)."""
    assert cell.id is not None
    for row in await repos.reports.history(cell.id, limit=6):
        if row.on_roll is not None:
            return row.on_roll, row.exempted or 0
    return (cell.members_on_roll or None), 0


async def previous_unexcused(repos: Repositories, cell_id: int, month: Month) -> list[int | None]:
    """Unexcused absences of the two months before `month`, oldest first (None: no report)."""
    months = [month.plus(-2), month.plus(-1)]
    rows = await repos.reports.in_periods([cell_id], [str(m) for m in months])
    by_period = {r.period: r.absent_unexcused for r in rows if r.slot == MONTHLY and r.held}
    return [by_period.get(str(m)) for m in months]


async def topic_status(
    repos: Repositories, cell: Cell, month: Month, kind: str | None, *, exclude: int | None
) -> TopicSessionStatus:
    """This quarter's topic session, counting the report being sent (of kind `kind`)."""
    assert cell.id is not None
    quarter = month.quarter
    months = [str(quarter.month(i)) for i in (1, 2, 3)]
    rows = await repos.reports.in_periods([cell.id], months)
    held = kind in TOPIC_KINDS or any(
        r.held and r.kind in TOPIC_KINDS and r.id != exclude for r in rows
    )
    planned = quarter.month(topic_month_of_quarter(cell.topic_rule))
    return TopicSessionStatus(quarter.year, quarter.quarter, held, month > planned)


def definition_to_json(definition: FigureDefinition) -> dict[str, Any]:
    return asdict(definition)


def definition_from_json(data: dict[str, Any]) -> FigureDefinition:
    return FigureDefinition(**data)


async def definitions_for(
    repos: Repositories, chain: tuple[Organization, ...]
) -> tuple[tuple[FigureDefinition, ...], Organization | None]:
    """The figures the nearest organisation with its own set collects (default: DEFAULT_FIGURES)."""
    for org in chain:
        if org.id is None:
            continue
        found = await repos.reports.figure_set(org.id)
        if found is not None and found.definitions:
            return tuple(definition_from_json(d) for d in found.definitions), org
    return DEFAULT_FIGURES, None


async def planned_meeting_date(
    repos: Repositories, setting: CellSetting, month: Month
) -> date | None:
    """The month's meeting date: the schedule's (moved or held) date, else the cell's rule, else
    the nearest organisation's default rule."""
    meeting = await repos.meetings.get(setting.cell_id, str(month))
    if meeting is not None and (meeting.meeting_date or meeting.planned_date):
        return meeting.meeting_date or meeting.planned_date
    rule = setting.cell.meeting_rule
    if rule is None:
        for org in setting.chain:
            found = (org.settings or {}).get("default_meeting_rule")
            if isinstance(found, dict):
                rule = found
                break
    return planned_by_rule(rule, month)


async def closed_month_text(
    repos: Repositories, t: Translator, setting: CellSetting, month: Month, zone: ZoneInfo
) -> str | None:
    """Why the cell can no longer send or change reports and figures of `month`: the period was
    closed by its organisation or one above (naming who can reopen it); None while open."""
    closed = await closure_for(repos, setting.org, month)
    if closed is None:
        return None
    return t.render(closed_message(closed, zone))
