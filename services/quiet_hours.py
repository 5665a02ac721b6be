"""When a message the bot starts on someone's action (a nudge, a notice) may go: after quiet hours.

Reminders keep the quiet hours of the cell's organisation (its reminder policy, 21:00 to 06:30
by default, in its timezone); a message the bot starts because an officer or another person did
something keeps them too, and waits in the outbox (`not_before`) until they end. A reply to the
person who has just written is never held.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler.reminder_policy import ReminderPolicy, defer_for_quiet_hours
from scheduler.rule_dicts import policy_from_dict
from services.reminder_planning import chain_of, nearest_setting
from storage.models import Organization
from storage.repos import Repositories

log = logging.getLogger(__name__)


def send_at(now: datetime, zone: ZoneInfo, policy: ReminderPolicy) -> datetime:
    """When a message the bot starts `now` may go (UTC): now, or the end of the quiet hours
    `now` falls in."""
    return defer_for_quiet_hours(now, zone, policy)


def default_wait(now: datetime, zone: ZoneInfo) -> datetime | None:
    """When a notice the bot starts on its own (a person blocked it, the quota runs short) to
    officers and administrators may go: the end of the default quiet hours in `zone` when `now`
    falls in them, else None (at once)."""
    due = send_at(now, zone, ReminderPolicy())
    return due if due > now else None


async def cells_send_at(
    repos: Repositories, cell_ids: Sequence[int], now: datetime, fallback: ZoneInfo
) -> dict[int, datetime]:
    """For each cell, when a message the bot starts to its people may go (`send_at`), by its
    organisation's reminder policy and timezone (the nearest set up the tree); an unreadable
    policy, or a cell not found, keeps the default quiet hours in `fallback`. Two statements
    for any number of cells."""
    orgs = {org.id: org for org in await repos.orgs.orgs() if org.id is not None}
    cells = {c.id: c for c in await repos.orgs.cells_by_ids(cell_ids)}
    found: dict[int, datetime] = {}
    by_org: dict[int | None, datetime] = {}  # the cells of one organisation share its hours
    for cell_id in sorted(set(cell_ids)):
        cell = cells.get(cell_id)
        org = orgs.get(cell.org_id) if cell is not None else None
        key = org.id if org is not None else None
        if key not in by_org:
            by_org[key] = _org_send_at(org, orgs, now, fallback, cell_id)
        found[cell_id] = by_org[key]
    return found


def _org_send_at(
    org: Organization | None,
    orgs: dict[int, Organization],
    now: datetime,
    fallback: ZoneInfo,
    cell_id: int,
) -> datetime:
    policy, zone = ReminderPolicy(), fallback
    if org is not None:
        chain = chain_of(org, orgs)
        try:
            policy = policy_from_dict(nearest_setting(chain, "reminder_policy"))
            zone = ZoneInfo(org.timezone) if org.timezone else fallback
        except (ValueError, TypeError, KeyError) as error:
            log.warning(
                "cell %s: unreadable reminder policy, default quiet hours: %s", cell_id, error
            )
    return send_at(now, zone, policy)
