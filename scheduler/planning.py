"""Planning: a cell's meetings and the reminders due for them, in a window of days."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter
from typing import Protocol
from zoneinfo import ZoneInfo

from scheduler.calendar_vn import WorkCalendar
from scheduler.moves import MeetingOverride
from scheduler.periods import Month, Quarter, month_of, months_between
from scheduler.reminder_policy import ReminderPolicy, after_quiet_hours
from scheduler.rules import DayShift, MeetingRule, TopicRule, meeting_day

DEFAULT_TZ = "Asia/Ho_Chi_Minh"


class MeetingKind(StrEnum):
    REGULAR = "regular"
    TOPIC = "topic"
    COMBINED = "combined"


class ReminderKind(StrEnum):
    BEFORE = "before"
    ON_DAY = "on_day"
    TOPIC_DUE = "topic_due"
    FOLLOW_UP = "follow_up"
    ESCALATION = "escalation"
    TASK_DUE = "task_due"


class Recipient(StrEnum):
    SECRETARY = "secretary"
    OFFICERS = "officers"


PRE_MEETING_KINDS = frozenset({ReminderKind.BEFORE, ReminderKind.ON_DAY})
MEETING_KINDS = frozenset(
    {ReminderKind.BEFORE, ReminderKind.ON_DAY, ReminderKind.FOLLOW_UP, ReminderKind.ESCALATION}
)


@dataclass(frozen=True, slots=True)
class TaskDeadline:
    """A plan task assigned to the cell; its reminders use `task_id` as their period (so it
    must not contain ':' nor look like a month or quarter)."""

    task_id: str
    deadline: date
    done: bool = False
    title: str = ""  # what the task says (shown in the reminder), with where it comes from

    def __post_init__(self) -> None:
        if ":" in self.task_id:
            raise ValueError("task ids must not contain ':' (they go into dedupe keys)")


@dataclass(frozen=True, slots=True)
class CellSchedule:
    """Everything the planner needs about one cell (rules already resolved against the org).

    `reported` holds the periods already reported: "2026-11" for the month's regular or
    combined meeting, "2026-Q4" for the quarter's topic session (a combined meeting reported
    as such adds both). `calendar` / `policy` override the ones given to plan().
    """

    cell_id: str
    rule: MeetingRule
    timezone: str = DEFAULT_TZ
    topic: TopicRule | None = field(default_factory=TopicRule)
    overrides: tuple[MeetingOverride, ...] = ()
    reported: frozenset[str] = frozenset()
    has_secretary: bool = True
    tasks: tuple[TaskDeadline, ...] = ()
    calendar: WorkCalendar | None = None
    policy: ReminderPolicy | None = None

    def __post_init__(self) -> None:
        if ":" in self.cell_id:
            raise ValueError("cell ids must not contain ':' (they go into dedupe keys)")


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    """One meeting: `period` is the month ("2026-11") for regular and combined meetings, the
    quarter ("2026-Q4") for a separate topic session; `topic_period` is the quarter a combined
    meeting also counts for. `moved_from` is the rule's date when an override moved it;
    `shift` says why the meeting is not on the day its rule names (a weekend or holiday moved
    it to a working day), when it is on the day the rule gives."""

    cell_id: str
    kind: MeetingKind
    period: str
    local_date: date
    local_time: time
    starts_at: datetime
    topic_period: str | None = None
    moved_from: date | None = None
    shift: DayShift | None = None


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    """One reminder to put in the outbox (dedupe_key unique and stable across runs).

    `payload` holds strings only (JSON-ready): the meeting's date, time, kind and UTC start for
    meeting reminders, the task and deadline for task reminders, the local due day, the step.
    """

    cell_id: str
    kind: ReminderKind
    recipient: Recipient
    period: str
    offset: str
    due_at: datetime
    expires_at: datetime
    payload: Mapping[str, str] = field(default_factory=dict, hash=False)
    # "cell:kind:period:offset", worked out once (planning reads it several times per row)
    dedupe_key: str = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        key = f"{self.cell_id}:{self.kind}:{self.period}:{self.offset}"
        object.__setattr__(self, "dedupe_key", key)


@dataclass(frozen=True, slots=True)
class Plan:
    """The planner's answer. `windows[cell_id]` is the UTC span [start, end) whose reminders
    were considered for that cell: a pending outbox row of the cell due inside it whose key is
    not in `reminders` is obsolete (see obsolete_keys)."""

    meetings: tuple[PlannedMeeting, ...]
    reminders: tuple[PlannedReminder, ...]
    windows: Mapping[str, tuple[datetime, datetime]]


class PendingReminder(Protocol):
    """What obsolete_keys needs of a pending outbox row."""

    @property
    def dedupe_key(self) -> str: ...

    @property
    def cell_id(self) -> str: ...

    @property
    def due_at(self) -> datetime: ...


def _utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _override_for(cell: CellSchedule, period: str) -> MeetingOverride | None:
    found = None
    for override in cell.overrides:
        if override.period == period:
            found = override
    return found


def _make_meeting(
    cell: CellSchedule,
    kind: MeetingKind,
    period: str,
    rule: MeetingRule,
    month: Month,
    calendar: WorkCalendar,
    topic_period: str | None = None,
) -> PlannedMeeting:
    tz = ZoneInfo(cell.timezone)
    planned, shift = meeting_day(rule, month, calendar)
    override = _override_for(cell, period)
    day, at, moved_from = planned, rule.at, None
    if override is not None:
        day, at = override.new_date, override.new_time or rule.at
        moved_from = planned if override.new_date != planned else None
    return PlannedMeeting(
        cell.cell_id,
        kind,
        period,
        day,
        at,
        _utc(day, at, tz),
        topic_period,
        moved_from,
        None if moved_from else shift,
    )


def meetings_in_month(
    cell: CellSchedule, month: Month, calendar: WorkCalendar | None = None
) -> list[PlannedMeeting]:
    """The cell's meetings of one month: the regular (or combined) one, and a separate dated
    topic session when this is the quarter's topic month. Overrides applied."""
    calendar = cell.calendar or calendar or WorkCalendar()
    quarter = month.quarter
    topic = cell.topic
    topic_here = topic is not None and topic.month(quarter) == month
    combined = topic_here and topic is not None and topic.combined
    meetings = [
        _make_meeting(
            cell,
            MeetingKind.COMBINED if combined else MeetingKind.REGULAR,
            str(month),
            cell.rule,
            month,
            calendar,
            str(quarter) if combined else None,
        )
    ]
    if topic_here and topic is not None and not topic.combined and topic.rule is not None:
        meetings.append(
            _make_meeting(cell, MeetingKind.TOPIC, str(quarter), topic.rule, month, calendar)
        )
    return sorted(meetings, key=lambda m: (m.starts_at, m.kind))


def _meeting_payload(meeting: PlannedMeeting, step: str, due_local: datetime) -> dict[str, str]:
    payload = {
        "step": step,
        "day": due_local.date().isoformat(),
        "meeting_kind": str(meeting.kind),
        "meeting_date": meeting.local_date.isoformat(),
        "meeting_time": meeting.local_time.strftime("%H:%M"),
        "meeting_starts_at": meeting.starts_at.isoformat(),
    }
    if meeting.topic_period:
        payload["topic_period"] = meeting.topic_period
    if meeting.moved_from:
        payload["moved_from"] = meeting.moved_from.isoformat()
    if meeting.shift is not None:
        payload |= shift_payload(meeting.shift)
    return payload


def shift_payload(shift: DayShift) -> dict[str, str]:
    """A DayShift as reminder payload strings (read back by scheduler.texts)."""
    payload = {
        "shifted_from": shift.rule_date.isoformat(),
        "shift_reason": shift.reason,
        "shift_later": "yes" if shift.later else "no",
    }
    if shift.holiday:
        payload["shift_holiday"] = shift.holiday
    return payload


class _Builder:
    """Collects one cell's reminders in its local time zone."""

    def __init__(self, cell: CellSchedule, policy: ReminderPolicy) -> None:
        self.cell = cell
        self.policy = policy
        self.tz = ZoneInfo(cell.timezone)
        self.out: list[PlannedReminder] = []

    def local(self, day: date, at: time) -> datetime:
        due = datetime.combine(day, at, tzinfo=self.tz)
        return after_quiet_hours(due, self.policy.quiet_start, self.policy.quiet_end)

    def add(
        self,
        kind: ReminderKind,
        recipient: Recipient,
        period: str,
        offset: str,
        due_local: datetime,
        expires_at: datetime,
        payload: dict[str, str],
    ) -> None:
        due_at = due_local.astimezone(UTC)
        self.out.append(
            PlannedReminder(
                self.cell.cell_id, kind, recipient, period, offset, due_at, expires_at, payload
            )
        )

    def meeting(self, meeting: PlannedMeeting) -> None:
        policy, secretary = self.policy, self.cell.has_secretary
        stamp = f"m{meeting.local_date:%Y%m%d}T{meeting.local_time:%H%M}"
        steps: list[tuple[ReminderKind, str, date, time]] = []
        if secretary:
            steps += [
                (
                    ReminderKind.BEFORE,
                    f"d{days}",
                    meeting.local_date - timedelta(days=days),
                    policy.before_at,
                )
                for days in sorted(set(policy.before_days), reverse=True)
            ]
            if policy.on_day_at is not None:
                steps.append((ReminderKind.ON_DAY, "d0", meeting.local_date, policy.on_day_at))
        for step, due_local in [(s, self.local(day, at)) for _, s, day, at in steps]:
            kind = ReminderKind.ON_DAY if step == "d0" else ReminderKind.BEFORE
            if due_local.astimezone(UTC) >= meeting.starts_at:
                continue  # a reminder at or after the start helps nobody
            self.add(
                kind,
                Recipient.SECRETARY,
                meeting.period,
                f"{step}@{stamp}",
                due_local,
                meeting.starts_at,
                _meeting_payload(meeting, step, due_local),
            )
        if meeting.kind is MeetingKind.TOPIC:
            return  # a separate topic session is chased by the topic-due reminders
        if secretary:
            for number in range(1, policy.follow_up_max + 1):
                days = policy.follow_up_first_days + policy.follow_up_every_days * (number - 1)
                due_local = self.local(
                    meeting.local_date + timedelta(days=days), policy.follow_up_at
                )
                step = f"f{number}"
                expires = due_local.astimezone(UTC) + timedelta(days=policy.follow_up_every_days)
                self.add(
                    ReminderKind.FOLLOW_UP,
                    Recipient.SECRETARY,
                    meeting.period,
                    f"{step}@{stamp}",
                    due_local,
                    expires,
                    _meeting_payload(meeting, step, due_local),
                )
        for number in range(policy.escalate_max):
            days = policy.escalate_after_days + number
            due_local = self.local(meeting.local_date + timedelta(days=days), policy.escalate_at)
            step = f"e{days}"
            expires = _utc(due_local.date() + timedelta(days=1), time(0), self.tz)
            payload = _meeting_payload(meeting, step, due_local)
            payload["days_late"] = str(days)
            payload["has_secretary"] = "yes" if secretary else "no"
            self.add(
                ReminderKind.ESCALATION,
                Recipient.OFFICERS,
                meeting.period,
                f"{step}@{stamp}",
                due_local,
                expires,
                payload,
            )

    def topic_due(self, quarter: Quarter, topic: TopicRule, dated: PlannedMeeting | None) -> None:
        if not self.cell.has_secretary:
            return
        policy = self.policy
        month = topic.month(quarter)
        steps = [
            ("start", month.first_day, policy.topic_start_at),
            (
                "last_call",
                quarter.end - timedelta(days=policy.topic_last_call_days),
                policy.topic_last_call_at,
            ),
        ]
        expires = _utc(quarter.end, time(0), self.tz)
        for step, day, at in steps:
            due_local = self.local(day, at)
            payload = {
                "step": step,
                "day": due_local.date().isoformat(),
                "topic_month": str(month),
                "combined": "yes" if topic.combined else "no",
            }
            if dated is not None:
                payload["meeting_date"] = dated.local_date.isoformat()
                payload["meeting_time"] = dated.local_time.strftime("%H:%M")
                payload["meeting_kind"] = str(dated.kind)
                if dated.shift is not None:
                    payload |= shift_payload(dated.shift)
            self.add(
                ReminderKind.TOPIC_DUE,
                Recipient.SECRETARY,
                str(quarter),
                step,
                due_local,
                expires,
                payload,
            )

    def task(self, task: TaskDeadline) -> None:
        if not self.cell.has_secretary or task.done:
            return
        expires = _utc(task.deadline + timedelta(days=1), time(0), self.tz)
        for days in sorted(set(self.policy.task_days_before), reverse=True):
            due_local = self.local(task.deadline - timedelta(days=days), self.policy.task_at)
            step = f"d{days}"
            payload = {
                "step": step,
                "day": due_local.date().isoformat(),
                "task_id": task.task_id,
                "deadline": task.deadline.isoformat(),
                **({"title": task.title} if task.title else {}),
            }
            self.add(
                ReminderKind.TASK_DUE,
                Recipient.SECRETARY,
                task.task_id,
                f"{step}@{task.deadline:%Y%m%d}",
                due_local,
                expires,
                payload,
            )


@dataclass(frozen=True, slots=True)
class _CellPlan:
    """One cell's meetings and reminders in its window."""

    cell_id: str
    meetings: tuple[PlannedMeeting, ...]
    reminders: tuple[PlannedReminder, ...]
    window: tuple[datetime, datetime]

    def for_cell(self, cell_id: str) -> _CellPlan:
        """The same plan for another cell with the same schedule."""
        return _CellPlan(
            cell_id,
            tuple(
                PlannedMeeting(
                    cell_id,
                    m.kind,
                    m.period,
                    m.local_date,
                    m.local_time,
                    m.starts_at,
                    m.topic_period,
                    m.moved_from,
                    m.shift,
                )
                for m in self.meetings
            ),
            tuple(
                PlannedReminder(
                    cell_id,
                    r.kind,
                    r.recipient,
                    r.period,
                    r.offset,
                    r.due_at,
                    r.expires_at,
                    r.payload,
                )
                for r in self.reminders
            ),
            self.window,
        )


def _months_considered(first_day: date, days: int, policy: ReminderPolicy) -> list[Month]:
    return months_between(
        month_of(first_day - timedelta(days=policy.lookback_days)),
        month_of(first_day + timedelta(days=days + policy.lookahead_days)),
    )


def _plan_key(
    cell: CellSchedule,
    first_day: date,
    days: int,
    remind_days: int | None,
    policy: ReminderPolicy,
    calendar: WorkCalendar,
) -> tuple[object, ...]:
    """What a cell's plan depends on, its id aside (a tuple that may not be hashable)."""
    periods = _periods_considered(first_day, days, policy.lookback_days, policy.lookahead_days)
    schedule = replace(cell, cell_id="", reported=cell.reported & periods)
    return (schedule, first_day, days, remind_days, policy, calendar)


@lru_cache(maxsize=64)
def _periods_considered(
    first_day: date, days: int, lookback_days: int, lookahead_days: int
) -> frozenset[str]:
    """The months and quarters _months_considered covers, as period strings."""
    months = months_between(
        month_of(first_day - timedelta(days=lookback_days)),
        month_of(first_day + timedelta(days=days + lookahead_days)),
    )
    return frozenset({str(m) for m in months} | {str(m.quarter) for m in months})


def _plan_cell(
    cell: CellSchedule,
    first_day: date,
    days: int,
    policy: ReminderPolicy,
    calendar: WorkCalendar,
    remind_days: int | None = None,
) -> _CellPlan:
    tz = ZoneInfo(cell.timezone)
    start = _utc(first_day, time(0), tz)
    end = _utc(first_day + timedelta(days=remind_days or days), time(0), tz)
    months = _months_considered(first_day, days, policy)
    builder = _Builder(cell, policy)
    meetings: list[PlannedMeeting] = []
    dated_topics: dict[str, PlannedMeeting] = {}
    for month in months:
        for meeting in meetings_in_month(cell, month, calendar):
            meetings.append(meeting)
            if meeting.kind is not MeetingKind.REGULAR:
                dated_topics[meeting.topic_period or meeting.period] = meeting
            if meeting.period not in cell.reported:
                builder.meeting(meeting)
    if cell.topic is not None:
        for quarter in sorted({month.quarter for month in months}):
            if str(quarter) not in cell.reported:
                builder.topic_due(quarter, cell.topic, dated_topics.get(str(quarter)))
    for task in cell.tasks:
        builder.task(task)
    in_window = [m for m in meetings if first_day <= m.local_date < first_day + timedelta(days)]
    reminders = [r for r in builder.out if start <= r.due_at < end]
    return _CellPlan(cell.cell_id, tuple(in_window), tuple(reminders), (start, end))


def plan(
    cells: Sequence[CellSchedule],
    window_start: datetime,
    days: int = 40,
    policy: ReminderPolicy | None = None,
    calendar: WorkCalendar | None = None,
    *,
    remind_days: int | None = None,
) -> Plan:
    """Meetings of `cells` for `days` local days from the local day holding `window_start` (so
    any start within that day gives the same answer), and their reminders for the first
    `remind_days` of them (all `days` when None).

    Reminders whose due time falls in the window are returned even if it is already past
    (earlier that day): the outbox's unique key keeps them once, and the sender decides with
    is_still_meaningful. Deterministic: output sorted by time, then key. Cells whose schedules
    differ only in their id (the usual case: cells of one organisation share its rule) are
    worked out once.
    """
    if window_start.tzinfo is None:
        raise ValueError("window_start must be timezone-aware (UTC)")
    if days < 1 or (remind_days is not None and not 1 <= remind_days <= days):
        raise ValueError("days must be 1 or more, and remind_days between 1 and days")
    meetings: list[PlannedMeeting] = []
    reminders: list[PlannedReminder] = []
    windows: dict[str, tuple[datetime, datetime]] = {}
    worked_out: dict[object, _CellPlan] = {}
    first_days: dict[str, date] = {}
    default_policy = policy or ReminderPolicy()
    default_calendar = calendar or WorkCalendar()
    for cell in cells:
        first_day = first_days.get(cell.timezone)
        if first_day is None:
            first_day = window_start.astimezone(ZoneInfo(cell.timezone)).date()
            first_days[cell.timezone] = first_day
        cell_policy = cell.policy or default_policy
        cell_calendar = cell.calendar or default_calendar
        key: object | None = _plan_key(
            cell, first_day, days, remind_days, cell_policy, cell_calendar
        )
        try:
            found = worked_out.get(key)
        except TypeError:  # something in the schedule cannot be hashed: plan it on its own
            key, found = None, None
        if found is None:
            found = _plan_cell(cell, first_day, days, cell_policy, cell_calendar, remind_days)
            if key is not None:
                worked_out[key] = found
        elif found.cell_id != cell.cell_id:
            found = found.for_cell(cell.cell_id)
        meetings += found.meetings
        reminders += found.reminders
        windows[cell.cell_id] = found.window
    meetings.sort(key=attrgetter("starts_at", "cell_id", "kind"))
    reminders.sort(key=attrgetter("due_at", "dedupe_key"))
    return Plan(tuple(meetings), tuple(reminders), windows)


def obsolete_keys(plan_: Plan, pending: Iterable[PendingReminder]) -> list[str]:
    """Keys of pending outbox rows the plan no longer wants (meeting moved or reported, task
    done, policy changed): rows of a planned cell, due inside its window, not in the plan."""
    wanted = {reminder.dedupe_key for reminder in plan_.reminders}
    stale: list[str] = []
    for row in pending:
        window = plan_.windows.get(row.cell_id)
        if window is None or row.dedupe_key in wanted:
            continue
        if window[0] <= row.due_at < window[1]:
            stale.append(row.dedupe_key)
    return sorted(stale)


def next_meetings(
    cell: CellSchedule, start: date, count: int, calendar: WorkCalendar | None = None
) -> list[PlannedMeeting]:
    """The cell's next `count` meetings on or after the local date `start` (for /lich)."""
    found: list[PlannedMeeting] = []
    month = month_of(start)
    for _ in range(max(count, 0) * 2 + 2):
        if len(found) >= count:
            break
        found += [m for m in meetings_in_month(cell, month, calendar) if m.local_date >= start]
        month = month.plus(1)
    return found[:count]


@dataclass(frozen=True, slots=True)
class CalendarRow:
    """One line of an organisation's month calendar."""

    cell_id: str
    meeting: PlannedMeeting
    reported: bool


def month_calendar(
    cells: Iterable[CellSchedule], month: Month, calendar: WorkCalendar | None = None
) -> list[CalendarRow]:
    """Every meeting of `cells` in `month`, by date and time, then cell (for officers' /lich)."""
    rows = [
        CalendarRow(cell.cell_id, meeting, meeting.period in cell.reported)
        for cell in cells
        for meeting in meetings_in_month(cell, month, calendar)
    ]
    return sorted(rows, key=lambda r: (r.meeting.local_date, r.meeting.local_time, r.cell_id))
