"""Telling the meeting schedule that a period was reported, or that its meeting moved."""

from __future__ import annotations

from datetime import date, datetime

from scheduler.periods import Month
from storage.repos import Repositories


async def mark_period_reported(
    repos: Repositories,
    *,
    cell_id: int,
    month: Month,
    kind: str | None,
    held: bool,
    held_on: date | None,
    report_id: int | None,
    by: int | None,
    now: datetime,
    separate_topic: bool = False,
) -> None:
    """The month's meeting (or the quarter's separate topic session) counts as reported.

    A combined meeting reports both the month and the quarter's topic session.
    """
    quarter = str(month.quarter)
    if separate_topic:
        await repos.meetings.mark_reported(
            cell_id,
            quarter,
            now=now,
            held=held,
            held_on=held_on,
            kind="topic",
            report_id=report_id,
            by=by,
        )
        return
    await repos.meetings.mark_reported(
        cell_id,
        str(month),
        now=now,
        held=held,
        held_on=held_on,
        kind=kind,
        report_id=report_id,
        by=by,
        topic_period=quarter if kind == "combined" else None,
    )


async def move_meeting(
    repos: Repositories,
    *,
    cell_id: int,
    month: Month,
    from_date: date,
    to_date: date,
    reason: str,
    by: int | None,
    now: datetime,
) -> None:
    """A meeting not held will be held on `to_date`: the schedule's reminders follow it."""
    await repos.meetings.record_move(
        cell_id=cell_id,
        period=str(month),
        kind="regular",
        from_date=from_date,
        to_date=to_date,
        to_time=None,
        reason=reason[:300],
        by=by,
        now=now,
    )
