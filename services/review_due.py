"""When a cell's month is due for review: its meeting has passed (the one rule every view uses).

A cell lacking the report of a month whose regular meeting is still to come (December's on
03/12, asked on 01/12; a meeting moved to a day ahead) is not late for that month yet. The
planned date is the schedule's (the cell's rule, its organisations' calendar, its moves); a cell
whose schedule cannot be read has none and is late once the month is owed. services.review
judges every cell with it, and /tonghop, /chuabaocao, the nudges and the files read that
judgement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from scheduler.periods import Month, month_of
from services.cell_schedule import regular_meeting
from services.reminder_planning import load_cells
from storage.repos import Repositories


def may_be_ahead(months: Sequence[Month], today: date) -> list[Month]:
    """Those of `months` whose meeting may still be to come on `today`: the month going on,
    and the month before it (its meeting moved into this month). Earlier ones are past."""
    current = month_of(today)
    return [m for m in months if current.plus(-1) <= m <= current]


async def planned_dates(
    repos: Repositories, wanted: Mapping[int, Sequence[Month]]
) -> dict[tuple[int, Month], date]:
    """(cell id, month) → the planned date of the cell's regular meeting of that month, for
    every cell and month asked at once (a few statements whatever their number)."""
    ids = [cell_id for cell_id, months in wanted.items() if months]
    if not ids:
        return {}
    cells = await repos.orgs.cells_by_ids(ids)
    contexts = await load_cells(repos, cells, dates_only=True)
    found: dict[tuple[int, Month], date] = {}
    for cell_id in ids:
        context = contexts.get(cell_id)
        if context is None:
            continue  # its rules cannot be read: no date, late once owed
        for month in wanted[cell_id]:
            meeting = regular_meeting(context, month)
            if meeting is not None:
                found[(cell_id, month)] = meeting.local_date
    return found


def not_due(planned: date | None, today: date) -> bool:
    """Whether a month whose meeting is planned on `planned` is not due yet on `today` (the
    meeting is today or later; a meeting today may not have been held yet)."""
    return planned is not None and planned >= today
