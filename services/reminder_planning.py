"""The idempotent planning job: every active cell's next 40 days of reminders, into the outbox.

Running it twice, or on two instances at once, changes nothing: rows are keyed by the
planner's dedupe key and upserted with ON CONFLICT (dedupe_key) DO UPDATE … WHERE
status = 'pending'; pending rows the plan no longer wants are cancelled.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast

from core.clock import Clock
from core.i18n import N_
from scheduler.calendar_vn import WorkCalendar
from scheduler.moves import MeetingOverride
from scheduler.periods import Month, Quarter, parse_period
from scheduler.planning import (
    CellSchedule,
    PlannedMeeting,
    PlannedReminder,
    TaskDeadline,
    meetings_in_month,
    obsolete_keys,
    plan,
)
from scheduler.reminder_policy import ReminderPolicy
from scheduler.reporting_window import DEFAULT_OPEN_UNTIL_DAY, open_until_day
from scheduler.review_periods import existed
from scheduler.rule_dicts import (
    calendar_from_dict,
    meeting_rule_from_dict,
    parse_time,
    policy_from_dict,
    topic_rule_from_dict,
)
from scheduler.rules import MeetingRule, TopicRule
from storage.engine import Database
from storage.models import Cell, Organization
from storage.repos import Repositories
from storage.repos.meetings import PlannedMeetingRow

log = logging.getLogger(__name__)
PLAN_DAYS = 40  # meetings are noted this far ahead
# Reminders are written this far ahead: planning runs every 15 minutes, so a week is plenty of
# margin, and a week of rows per cell (not 40 days of daily escalations) keeps the table small.
REMIND_DAYS = 7
CELL_ROLES = ("secretary", "deputy")
_Read = TypeVar("_Read")
TaskDeadlines = Callable[[Repositories, int], Awaitable[list[TaskDeadline]]]


async def no_task_deadlines(repos: Repositories, cell_id: int) -> list[TaskDeadline]:
    """The default provider: no plan tasks (the plan knowledge base wires its own)."""
    return []


@dataclass
class CellContext:
    """A cell with what planning needs of it, resolved against its organisations."""

    cell: Cell
    org: Organization
    schedule: CellSchedule
    policy: ReminderPolicy
    calendar: WorkCalendar
    open_until_day: int = DEFAULT_OPEN_UNTIL_DAY
    """The day of the next month until which a month's reports may still be sent."""


@dataclass
class PlanStats:
    cells: int = 0
    reminders: int = 0
    written: int = 0
    cancelled: int = 0
    skipped: list[int] = field(default_factory=list)


def chain_of(org: Organization, orgs: dict[int, Organization]) -> list[Organization]:
    """The organisation and its ancestors, nearest first."""
    ids = org.lineage()
    return [orgs[i] for i in reversed(ids) if i in orgs] or [org]


def nearest_setting(chain: Sequence[Organization], key: str) -> Any:
    """The setting `key` of the nearest organisation of `chain` that sets it, or None."""
    for org in chain:
        value = (org.settings or {}).get(key)
        if value is not None:
            return value
    return None


class _Reader:
    """Stored rules read into (frozen) objects once per stored dict: the cells of an
    organisation share its default rule, policy and calendar dicts."""

    def __init__(self) -> None:
        self._read: dict[tuple[object, int], object] = {}
        self._kept: list[object] = []  # the dicts read, alive while their ids are keys

    def __call__(self, parse: Callable[[Any], _Read], raw: Any) -> _Read:
        key = (parse, id(raw))
        if key in self._read:
            return cast(_Read, self._read[key])
        value = parse(raw)  # an unreadable dict raises, for each cell that uses it
        self._read[key] = value
        self._kept.append(raw)
        return value


async def load_cells(
    repos: Repositories,
    cells: Sequence[Cell],
    *,
    tasks: TaskDeadlines | None = None,
    orgs: dict[int, Organization] | None = None,
    dates_only: bool = False,
) -> dict[int, CellContext]:
    """Resolve each cell's rules, policy, calendar, moves and reported periods; cells whose
    rules cannot be read are left out (and logged). `dates_only`: what the meetings' dates
    need, not which periods are reported nor who holds the cell's roles (left empty)."""
    if orgs is None:
        orgs = {o.id: o for o in await repos.orgs.orgs() if o.id is not None}
    ids = [c.id for c in cells if c.id is not None]
    reported = await repos.meetings.reported_periods(ids) if not dates_only else {}
    moves = await repos.meetings.moves(ids)
    staffed = await repos.reminders.cells_with_roles(ids, CELL_ROLES) if not dates_only else set()
    found: dict[int, CellContext] = {}
    read = _Reader()
    for cell in cells:
        assert cell.id is not None
        org = orgs.get(cell.org_id)
        if org is None:
            continue
        chain = chain_of(org, orgs)
        try:
            raw_rule = cell.meeting_rule or nearest_setting(chain, "default_meeting_rule")
            if raw_rule is None:
                raise ValueError("no meeting rule for the cell nor its organisations")
            rule: MeetingRule = read(meeting_rule_from_dict, raw_rule)
            raw_topic = cell.topic_rule or nearest_setting(chain, "default_topic_rule")
            topic: TopicRule | None = (
                read(topic_rule_from_dict, raw_topic) if raw_topic is not None else TopicRule()
            )
            policy = read(policy_from_dict, nearest_setting(chain, "reminder_policy"))
            calendar = read(calendar_from_dict, nearest_setting(chain, "calendar"))
        except (ValueError, TypeError, KeyError) as error:
            log.warning("cell %s: unreadable schedule settings: %s", cell.id, error)
            continue
        overrides = tuple(
            MeetingOverride(
                m.period, m.to_date, parse_time(m.to_time) if m.to_time is not None else None
            )
            for m in moves.get(cell.id, [])
        )
        deadlines = tuple(await tasks(repos, cell.id)) if tasks is not None else ()
        schedule = CellSchedule(
            str(cell.id),
            rule,
            timezone=org.timezone,
            topic=topic,
            overrides=overrides,
            reported=frozenset(reported.get(cell.id, set())),
            has_secretary=cell.id in staffed,
            tasks=deadlines,
            calendar=calendar,
            policy=policy,
        )
        found[cell.id] = CellContext(
            cell,
            org,
            schedule,
            policy,
            calendar,
            open_until_day([o.settings or {} for o in chain]),
        )
    return found


async def plan_cells(
    repos: Repositories,
    now: datetime,
    cells: Sequence[Cell],
    *,
    days: int = PLAN_DAYS,
    tasks: TaskDeadlines = no_task_deadlines,
    orgs: dict[int, Organization] | None = None,
) -> PlanStats:
    """Plan these cells inside the caller's transaction (upsert, then cancel obsolete rows)."""
    stats = PlanStats()
    contexts = await load_cells(repos, cells, tasks=tasks, orgs=orgs)
    stats.skipped = [c.id for c in cells if c.id is not None and c.id not in contexts]
    if not contexts:
        return stats
    result = plan(
        [c.schedule for c in contexts.values()], now, days, remind_days=min(REMIND_DAYS, days)
    )
    since = min((window[0] for window in result.windows.values()), default=now)
    known = {
        key: (str(cell_id), due, status, fingerprint)
        for key, cell_id, due, status, fingerprint in await repos.reminders.planned_since(
            list(contexts), since
        )
    }
    rows: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    fingerprints: dict[tuple[object, ...], str] = {}  # cells with one schedule share them
    created = {str(c.id): c.created_at for c in cells if c.id is not None}
    for reminder in result.reminders:
        if _ended_before(reminder.period, created.get(str(reminder.cell_id))):
            continue  # a cell added on 01/12 is not late for October's meeting
        payload = reminder.payload
        shape = (reminder.kind, reminder.period, reminder.offset, reminder.due_at, id(payload))
        fingerprint = fingerprints.get(shape)
        if fingerprint is None:
            fingerprint = fingerprints[shape] = reminder_fingerprint(reminder)
        key = reminder.dedupe_key
        found = known.get(key)
        if found is not None and (found[2] != "pending" or found[3] == fingerprint):
            continue  # sent or closed already, or planned just like this before
        (rows if found is None else changed).append(
            {
                "dedupe_key": key,
                "cell_id": int(reminder.cell_id),
                "kind": str(reminder.kind),
                "recipient": str(reminder.recipient),
                "period": reminder.period,
                "offset": reminder.offset,
                "due_at": reminder.due_at,
                "expires_at": reminder.expires_at,
                # the planner's own dict, shared by the cells of one schedule (never changed
                # afterwards), so that it is encoded once
                "payload": payload if isinstance(payload, dict) else dict(payload),
                "fingerprint": fingerprint,
                "status": "pending",
                "created_at": now,
            }
        )
    await repos.reminders.insert_new(rows)
    await repos.reminders.upsert_planned(changed)
    pending = [
        _Pending(key, cell_id, due)
        for key, (cell_id, due, status, _fingerprint) in known.items()
        if status == "pending"
    ]
    stale = obsolete_keys(result, pending)
    await repos.reminders.cancel(
        stale, code="replanned", msgid=N_("Not sent: the schedule changed."), now=now
    )
    await repos.meetings.note_planned(
        [
            PlannedMeetingRow(
                int(m.cell_id),
                str(m.kind),
                m.period,
                m.moved_from or m.local_date,
                m.local_date,
                m.local_time.strftime("%H:%M"),
            )
            for m in result.meetings
        ],
        now,
    )
    stats.cells = len(contexts)
    stats.reminders = len(result.reminders)
    stats.written = len(rows) + len(changed)
    stats.cancelled = len(stale)
    return stats


def _ended_before(period: str, created_at: datetime | None) -> bool:
    """Whether `period` ("2026-10", "2026-Q3") was over before the cell was created."""
    try:
        target = parse_period(period)
    except ValueError:
        return False
    return not existed(target, created_at)


def reminder_fingerprint(reminder: PlannedReminder) -> str:
    """A short hash of what a planned reminder says (its row is rewritten only if this changed)."""
    body = json.dumps(
        [
            str(reminder.kind),
            str(reminder.recipient),
            reminder.period,
            reminder.offset,
            reminder.due_at.isoformat(),
            reminder.expires_at.isoformat(),
            sorted(reminder.payload.items()),
        ],
        separators=(",", ":"),
    )
    return hashlib.blake2b(body.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class _Pending:
    dedupe_key: str
    cell_id: str
    due_at: datetime


async def replan_cell(
    repos: Repositories,
    cell_id: int,
    now: datetime,
    *,
    tasks: TaskDeadlines = no_task_deadlines,
) -> PlanStats:
    """Re-plan one cell at once (after /doilich), in the caller's transaction."""
    cell = await repos.orgs.get_cell(cell_id)
    if cell is None or not cell.active:
        return PlanStats()
    return await plan_cells(repos, now, [cell], tasks=tasks)


async def plan_all(
    database: Database,
    clock: Clock,
    *,
    days: int = PLAN_DAYS,
    batch: int = 500,
    tasks: TaskDeadlines = no_task_deadlines,
) -> PlanStats:
    """Plan every active cell, `batch` cells per transaction (short write locks on SQLite)."""
    now = clock.now()
    async with database.transaction() as session:
        repos = Repositories(session)
        cell_ids = await repos.orgs.active_cell_ids()
        orgs = {o.id: o for o in await repos.orgs.orgs() if o.id is not None}
    # On PostgreSQL two batches run at once, on two connections: while the server writes one
    # batch's rows, this process works out the next one (their cells, hence rows, differ). On
    # SQLite there is one writer at a time anyway.
    width = 2 if database.dialect == "postgresql" else 1
    total = PlanStats()
    running: deque[asyncio.Task[PlanStats]] = deque()
    try:
        for start in range(0, len(cell_ids), batch):
            chunk = cell_ids[start : start + batch]
            running.append(
                asyncio.create_task(
                    _plan_batch(database, now, chunk, days=days, tasks=tasks, orgs=orgs)
                )
            )
            if len(running) >= width:
                _add(total, await running.popleft())
        while running:
            _add(total, await running.popleft())
    finally:  # a batch failed (its error goes up as it is) or planning was cancelled
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
    return total


def _add(total: PlanStats, stats: PlanStats) -> None:
    total.cells += stats.cells
    total.reminders += stats.reminders
    total.written += stats.written
    total.cancelled += stats.cancelled
    total.skipped += stats.skipped


async def _plan_batch(
    database: Database,
    now: datetime,
    chunk: Sequence[int],
    *,
    days: int,
    tasks: TaskDeadlines,
    orgs: dict[int, Organization],
) -> PlanStats:
    async with database.transaction() as session:
        with collector_paused():
            repos = Repositories(session)
            cells = [c for c in await repos.reminders.cells(chunk) if c.active]
            return await plan_cells(repos, now, cells, days=days, tasks=tasks, orgs=orgs)


class _Collector:
    """How many planning batches hold the cyclic garbage collector off, and whether it was on
    before the first one did."""

    holders = 0
    was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off for a while: a batch of planning allocates
    some 100,000 short-lived dicts, tuples and reminders (freed by reference counting as usual),
    and while they live the collector would scan them and the whole heap again and again — it
    took half the planning time. Collection resumes when the last batch running is done, as it
    was before the first."""
    if _Collector.holders == 0:
        _Collector.was_enabled = gc.isenabled()
        gc.disable()
    _Collector.holders += 1
    try:
        yield
    finally:
        _Collector.holders -= 1
        if _Collector.holders == 0 and _Collector.was_enabled:
            gc.enable()


def current_meeting(schedule: CellSchedule, period: str) -> PlannedMeeting | None:
    """The meeting of `period` as it stands now (moves applied): the month's regular or
    combined meeting, or the quarter's dated topic session."""
    try:
        target = parse_period(period)
    except ValueError:
        return None
    if isinstance(target, Month):
        months = [target]
    else:
        assert isinstance(target, Quarter)
        months = [target.month(n) for n in (1, 2, 3)]
    for month in months:
        for meeting in meetings_in_month(schedule, month):
            if meeting.period == period:
                return meeting
    return None
