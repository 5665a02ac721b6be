"""Due reminders become outbox messages: one per person they concern, or lines of a digest.

Runs on a tick on any instance (one transaction per batch): due `pending` reminders are locked
(PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite's write lock from BEGIN IMMEDIATE), checked with
`is_still_meaningful` against the cell's state now (reported? moved? started? expired?), and
either closed (`stale` / `unreachable`, with a reason officers can read) or turned into outbox
messages (keys "<reminder key>><account id>", so never twice). One found due inside the quiet
hours (due earlier, not sent then) waits, pending, for their end. Escalations are grouped into
one digest per officer per local day. Dying during expansion rolls back: the reminder stays
pending.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.i18n import N_
from core.roles import CELL_ROLES, FOLLOWER_ROLES
from scheduler.digest import build_digests
from scheduler.periods import Month
from scheduler.planning import MEETING_KINDS, PlannedReminder, Recipient, ReminderKind
from scheduler.reminder_policy import ReminderPolicy, defer_for_quiet_hours
from scheduler.reporting_window import is_open
from scheduler.staleness import is_still_meaningful
from services.outgoing import Kind, templated
from services.reminder_planning import CellContext, current_meeting, load_cells
from storage.engine import Database
from storage.models import Account, Reminder
from storage.repos import Repositories

_CELL_ROLES = sorted(role.value for role in CELL_ROLES)
_FOLLOWER_ROLES = sorted(role.value for role in FOLLOWER_ROLES)
# Said of a reminder to officers when it was due (an officer who joins later reads it in /lich:
# it must not read as "nobody follows this cell" now). Rows closed before keep the older msgid,
# which the catalog still translates in the same past sense.
NO_OFFICER_YET = N_("Not sent: when it was due, no officer over this cell had joined the bot.")
_NO_OFFICER_BEFORE = N_("Not sent: no officer follows this cell.")


def _planned(row: Reminder, payload: dict[str, str] | None = None) -> PlannedReminder:
    return PlannedReminder(
        str(row.cell_id),
        ReminderKind(row.kind),
        Recipient(row.recipient),
        row.period,
        row.offset,
        row.due_at,
        row.expires_at,
        payload if payload is not None else {str(k): str(v) for k, v in row.payload.items()},
    )


async def followers_of(
    repos: Repositories, contexts: dict[int, CellContext]
) -> dict[int, list[Account]]:
    """cell id → the officers and administrators whose organisation covers the cell."""
    org_ids = sorted({i for c in contexts.values() for i in c.org.lineage()})
    by_org = await repos.reminders.org_accounts(org_ids, _FOLLOWER_ROLES)
    found: dict[int, list[Account]] = {}
    for cell_id, context in contexts.items():
        accounts: dict[int, Account] = {}
        for org_id in context.org.lineage():
            for account in by_org.get(org_id, []):
                if account.id is not None:
                    accounts[account.id] = account
        found[cell_id] = list(accounts.values())
    return found


def _window_over(period: str, now: datetime, context: CellContext) -> bool:
    """Whether reports of a month period can no longer be sent (the 10th of the next month, or
    the day the organisation set, is past); a quarter or task period never is here."""
    try:
        month = Month.parse(period)
    except ValueError:
        return False
    today = now.astimezone(ZoneInfo(context.org.timezone)).date()
    return not is_open(month, today, context.open_until_day)


async def add_digest_lines(
    repos: Repositories,
    officer: Account,
    day_key: str,
    lines: Sequence[dict[str, Any]],
    *,
    now: datetime,
    expires_at: datetime,
) -> None:
    """Put lines into the officer's digest of a day: the one not yet sent, else a new one."""
    assert officer.id is not None
    prefix = f"digest:{officer.id}:{day_key}:"
    open_digest = await repos.outbox.open_digest(officer.id, prefix)
    if open_digest is not None and open_digest.id is not None:
        known = {(line.get("key"), line.get("type")) for line in open_digest.payload["lines"]}
        fresh = [ln for ln in lines if (ln.get("key"), ln.get("type")) not in known]
        if fresh:
            payload = dict(open_digest.payload)
            payload["lines"] = [*payload["lines"], *fresh]
            expires = max(open_digest.expires_at or expires_at, expires_at)
            await repos.outbox.replace_payload(open_digest.id, payload, expires)
        return
    number = await repos.outbox.count_keys(prefix) + 1
    await repos.outbox.add(
        templated(
            officer,
            "digest",
            {"day": day_key, "lines": list(lines)},
            kind=Kind.DIGEST,
            dedupe_key=f"{prefix}{number}",
            expires_at=expires_at,
        ),
        now=now,
    )


async def expand_due(database: Database, clock: Clock, *, limit: int = 500) -> tuple[int, int]:
    """Turn due reminders into outbox messages (or close them); (expanded, closed)."""
    expanded = closed = 0
    while True:
        async with database.transaction() as session:
            batch = await _expand_batch(Repositories(session), clock.now(), limit)
        expanded += batch[0]
        closed += batch[1]
        if not batch[2]:
            return expanded, closed


async def _expand_batch(repos: Repositories, now: datetime, limit: int) -> tuple[int, int, bool]:
    expanded = closed = 0
    due = await repos.reminders.claim_due(now, limit=limit)
    if not due:
        return 0, 0, False
    cell_ids = sorted({r.cell_id for r in due})
    cells = await repos.reminders.cells(cell_ids)
    contexts = await load_cells(repos, [c for c in cells if c.active])
    people = await repos.reminders.cell_accounts(cell_ids, _CELL_ROLES)
    followers = await followers_of(repos, contexts)
    escalations: list[PlannedReminder] = []
    for row in due:
        context = contexts.get(row.cell_id)
        if context is None:
            await repos.reminders.close(
                row,
                "cancelled",
                now=now,
                code="no_cell",
                msgid=N_("Not sent: the cell is closed or its schedule cannot be read."),
            )
            closed += 1
            continue
        planned = _planned(row)
        meeting = (
            current_meeting(context.schedule, row.period) if planned.kind in MEETING_KINDS else None
        )
        verdict = is_still_meaningful(
            planned,
            now,
            meeting,
            reported=row.period in context.schedule.reported,
            closed=_window_over(row.period, now, context),
        )
        if not verdict.send:
            reason = verdict.reason
            await repos.reminders.close(
                row,
                "stale",
                now=now,
                code=str(verdict.code),
                msgid=reason.msgid if reason else None,
                params=dict(reason.params) if reason else None,
            )
            closed += 1
            continue
        later = defer_for_quiet_hours(
            now, ZoneInfo(context.schedule.timezone), context.schedule.policy or ReminderPolicy()
        )
        if later > now:
            # due earlier and not sent then (a cell added late in the evening, a server down
            # overnight): it waits for the morning rather than wake the secretary up
            await repos.reminders.postpone(row, later)
            continue
        accounts = people.get(row.cell_id, [])
        reachable = [a for a in accounts if a.blocked_at is None]
        if planned.recipient is Recipient.OFFICERS:
            if not followers.get(row.cell_id):
                await repos.reminders.close(
                    row,
                    "unreachable",
                    now=now,
                    code="no_officer",
                    msgid=NO_OFFICER_YET,
                )
                closed += 1
                continue
            payload = dict(planned.payload)
            payload["reachable"] = "yes" if reachable or not accounts else "no"
            payload["cell_name"] = context.cell.name
            escalations.append(_planned(row, payload))
            await repos.reminders.close(row, "expanded", now=now)
            expanded += 1
            continue
        if not reachable:
            msgid = (
                N_("Not sent: the secretary has blocked the bot.")
                if accounts
                else N_("Not sent: the cell has no secretary on the bot.")
            )
            code = "blocked" if accounts else "no_secretary"
            await repos.reminders.close(row, "unreachable", now=now, code=code, msgid=msgid)
            closed += 1
            continue
        values = {**row.payload, "cell_name": context.cell.name, "period": row.period}
        await repos.outbox.add_many(
            [
                templated(
                    account,
                    row.kind,
                    values,
                    kind=Kind.REMINDER,
                    dedupe_key=f"{row.dedupe_key}>{account.id}",
                    expires_at=row.expires_at,
                    reminder_id=row.id,
                    cell_id=row.cell_id,
                    period=row.period,
                )
                for account in reachable
            ],
            now=now,
        )
        await repos.reminders.close(row, "expanded", now=now)
        expanded += 1
    await _write_digests(repos, escalations, followers, now)
    return expanded, closed, len(due) >= limit


async def _write_digests(
    repos: Repositories,
    escalations: list[PlannedReminder],
    followers: dict[int, list[Account]],
    now: datetime,
) -> None:
    follower_ids = {str(cell): [str(a.id) for a in accounts] for cell, accounts in followers.items()}
    accounts_by_id = {str(a.id): a for accounts in followers.values() for a in accounts}
    by_key = {e.dedupe_key: e for e in escalations}
    for digest in build_digests(escalations, follower_ids):
        lines = []
        expires = now
        for line in digest.lines:
            source = by_key[line.reminder_key]
            expires = max(expires, source.expires_at)
            lines.append(
                {
                    "type": "late",
                    "key": line.reminder_key,
                    "cell_id": int(line.cell_id),
                    "cell_name": source.payload.get("cell_name", ""),
                    "period": line.period,
                    "meeting_date": line.meeting_date.isoformat(),
                    "days_late": line.days_late,
                    "has_secretary": line.has_secretary,
                    "reachable": source.payload.get("reachable") == "yes",
                }
            )
        await add_digest_lines(
            repos,
            accounts_by_id[digest.officer_id],
            digest.day.isoformat(),
            lines,
            now=now,
            expires_at=expires,
        )
