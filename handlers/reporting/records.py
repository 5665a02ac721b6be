"""Reports and figures as stored: rows read back as reports, the roll, the quarter's topic session,
figure definitions, whether a month is closed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from zoneinfo import ZoneInfo

from core.i18n import Translator
from handlers.reporting.attendance import TopicSessionStatus
from handlers.reporting.figures import DEFAULT_FIGURES, FigureDefinition
from handlers.reporting.grades import MeetingGrade
from handlers.reporting.report import MeetingKind, PartialReport
from scheduler.periods import Month
from scheduler.rules import TopicRule
from services.cell_schedule import cell_schedule
from services.cell_setting import CellSetting, load_setting, org_chain
from services.period_closing import closed_message, closure_for
from storage.models import Cell, MeetingReport, Organization
from storage.repos import Repositories

__all__ = ["CellSetting", "load_setting", "org_chain"]

MONTHLY, TOPIC = "monthly", "topic"
TOPIC_KINDS = (MeetingKind.TOPIC.value, MeetingKind.COMBINED.value)


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
    """This quarter's topic session, counting the report being sent (of kind `kind`): held in
    one of the quarter's months, and whether the month the schedule plans it for is over."""
    assert cell.id is not None
    quarter = month.quarter
    months = [str(quarter.month(i)) for i in (1, 2, 3)]
    rows = await repos.reports.in_periods([cell.id], months)
    held = kind in TOPIC_KINDS or any(
        r.held and r.kind in TOPIC_KINDS and r.id != exclude for r in rows
    )
    context = await cell_schedule(repos, cell)
    topic = context.schedule.topic if context is not None else TopicRule()
    planned = topic.month(quarter) if topic is not None else quarter.month(3)
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


async def closed_month_text(
    repos: Repositories, t: Translator, setting: CellSetting, month: Month, zone: ZoneInfo
) -> str | None:
    """Why the cell can no longer send or change reports and figures of `month`: the period was
    closed by its organisation or one above (naming who can reopen it); None while open."""
    closed = await closure_for(repos, setting.org, month)
    if closed is None:
        return None
    return t.render(closed_message(closed, zone))
