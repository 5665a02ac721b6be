"""A cell's meetings as the planner sees them (its rule, its organisation's calendar, its moves),
for the conversations that need the planned date and kind of a meeting."""

from __future__ import annotations

from scheduler.periods import Month
from scheduler.planning import MeetingKind, PlannedMeeting, meetings_in_month
from services.reminder_planning import CellContext, load_cells
from storage.models import Cell
from storage.repos import Repositories


async def cell_schedule(repos: Repositories, cell: Cell) -> CellContext | None:
    """The cell resolved against its organisations (None when its rules cannot be read)."""
    if cell.id is None:
        return None
    return (await load_cells(repos, [cell])).get(cell.id)


def month_meetings(context: CellContext, month: Month) -> list[PlannedMeeting]:
    """The month's meetings: the regular (or combined) one, and a separate topic session in the
    quarter's topic month; moves applied."""
    return meetings_in_month(context.schedule, month)


def regular_meeting(context: CellContext, month: Month) -> PlannedMeeting | None:
    """The month's regular or combined meeting."""
    return next((m for m in month_meetings(context, month) if m.kind is not MeetingKind.TOPIC), None)


def topic_session(context: CellContext, month: Month) -> PlannedMeeting | None:
    """A separate topic session planned in this month, if the quarter has one here."""
    return next((m for m in month_meetings(context, month) if m.kind is MeetingKind.TOPIC), None)


def separate_topic_month(context: CellContext, month: Month) -> bool:
    """Whether the quarter's separate topic session (dated or not) falls in this month."""
    topic = context.schedule.topic
    return topic is not None and not topic.combined and topic.month(month.quarter) == month
