"""Closing a month or a quarter for a subtree, reopening it, and whether a cell's month is closed.

A closure of "2026-11" or "2026-Q4" on an organisation holds for every cell below it: while it
stands, no secretary can send or change a report or figure of that month (or of the quarter's
months). Officers of the organisation that closed it reopen it. Both are in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from core.i18n import N_, Text
from core.vnformat import format_date, format_month, format_quarter, weekday_text
from scheduler.periods import Month, Quarter, parse_period
from storage.models import Account, Organization, PeriodClosure
from storage.repos import Repositories

_MSG_CLOSED_MONTH = N_(
    "Reports of month {period} are closed: {org} closed the period on {date} ({weekday}). To "
    "send or change one, please ask the officers of {org} to reopen it."
)
_MSG_CLOSED_QUARTER = N_(
    "Reports of quarter {period} are closed: {org} closed the period on {date} ({weekday}). To "
    "send or change one, please ask the officers of {org} to reopen it."
)


class AlreadyClosed(Exception):
    """The organisation has already closed this period."""


@dataclass(frozen=True, slots=True)
class Closed:
    """The closure that keeps a period closed, with who closed it."""

    closure: PeriodClosure
    org: Organization
    closer: Account | None


def closed_message(closed: Closed, zone: ZoneInfo) -> Text:
    """What a secretary reads when the period is closed: when, by whom, who can reopen it."""
    period = parse_period(closed.closure.period)
    if isinstance(period, Month):
        text, label = _MSG_CLOSED_MONTH, format_month(period.year, period.month)
    else:
        text, label = _MSG_CLOSED_QUARTER, format_quarter(period.year, period.quarter)
    day = closed.closure.closed_at.astimezone(zone).date()
    values = {"period": label, "org": closed.org.name, "date": format_date(day)}
    return Text(text, {**values, "weekday": weekday_text(day)})


async def closure_for(repos: Repositories, org: Organization, month: Month) -> Closed | None:
    """Whether `month` is closed for the cells of `org`: by `org` or one above it, for the month
    or its quarter (the oldest standing closure), else None."""
    closures = await repos.closures.active(org.lineage(), [str(month), str(month.quarter)])
    if not closures:
        return None
    closure = closures[0]
    closing = org if closure.org_id == org.id else await repos.orgs.get_org(closure.org_id)
    closer = await repos.accounts.get(closure.closed_by) if closure.closed_by else None
    return Closed(closure, closing or org, closer)


async def cell_month_closure(repos: Repositories, cell_id: int, month: Month) -> Closed | None:
    """`closure_for` the organisation of a cell (None for an unknown cell)."""
    cell = await repos.orgs.get_cell(cell_id)
    if cell is None:
        return None
    return await closure_for(repos, await repos.orgs.org_of_cell(cell), month)


async def close_period(
    repos: Repositories,
    org: Organization,
    period: Month | Quarter,
    *,
    by: int | None,
    now: datetime,
) -> PeriodClosure:
    """Close `period` for the subtree of `org` (AlreadyClosed if it stands already)."""
    assert org.id is not None
    if await repos.closures.active([org.id], [str(period)]):
        raise AlreadyClosed(str(period))
    closure = await repos.closures.close(org.id, str(period), by=by, now=now)
    await repos.audit.record(
        actor_account_id=by,
        action="period.close",
        entity="organization",
        entity_id=org.id,
        now=now,
        after={"period": str(period), "closure": closure.id},
    )
    return closure


async def reopen_period(
    repos: Repositories, closure: PeriodClosure, *, by: int | None, now: datetime
) -> None:
    await repos.closures.reopen(closure, by=by, now=now)
    await repos.audit.record(
        actor_account_id=by,
        action="period.reopen",
        entity="organization",
        entity_id=closure.org_id,
        now=now,
        before={"period": closure.period, "closed_at": closure.closed_at.isoformat()},
        after={"period": closure.period, "closure": closure.id},
    )
