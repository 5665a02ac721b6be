"""A whole year in simulated time: nine cells, the planner run daily (every other hour on some
days, odd hours one day and even the next), an outbox that upserts by key, a sender that checks
staleness; compared with a list worked out here from first principles (without calling the
planner)."""

from __future__ import annotations

import random
from calendar import monthrange
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from scheduler.calendar_vn import WorkCalendar
from scheduler.moves import MeetingOverride
from scheduler.periods import Month
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
from scheduler.reporting_window import last_open_day
from scheduler.rules import LAST, MeetingRule, TopicRule
from scheduler.staleness import is_still_meaningful

VN_TZ = "Asia/Ho_Chi_Minh"
BERLIN = "Europe/Berlin"
SIM_START = datetime(2026, 1, 1, 0, 5, tzinfo=ZoneInfo(VN_TZ)).astimezone(UTC)
SIM_END = datetime(2027, 1, 1, 0, 0, tzinfo=ZoneInfo(VN_TZ)).astimezone(UTC)
LATE_FOLLOW_UPS = ReminderPolicy(follow_up_at=time(22, 0))  # falls in quiet hours → 06:30
TASKS = (
    TaskDeadline("T1", date(2026, 6, 30)),
    TaskDeadline("T2", date(2026, 11, 15)),
    TaskDeadline("T3", date(2026, 3, 31), done=True),
)

# ---------------------------------------------------------------------------- the nine cells


@dataclass
class Spec:
    """A cell as the test understands it (independent of the planner's own types)."""

    cell: CellSchedule
    kind: str  # "day" | "nth" | "lwd"
    day: int = 0
    nth: int = 0
    weekday: int = 0
    shift: bool = False
    at: time = time(8)
    topic_month: int | None = None  # None: no topic tracking
    topic_combined: bool = True
    topic_day: int | None = None  # separate dated session: "day N, shifted" at 08:00
    weekend: frozenset[int] = frozenset({5, 6})
    extra_off: frozenset[date] = frozenset()
    follow_up_at: time = time(19)
    moves: list[tuple[datetime, str, date]] = field(default_factory=list)


def specs() -> list[Spec]:
    def cell(cell_id: str, rule: MeetingRule, **kwargs: object) -> CellSchedule:
        return CellSchedule(cell_id, rule, **kwargs)  # type: ignore[arg-type]

    extra = frozenset({date(2026, 3, 5), date(2026, 7, 6)})
    return [
        Spec(
            cell("c1", MeetingRule.day_of_month(3, shift=True), topic=TopicRule(1, True)),
            "day",
            day=3,
            shift=True,
            topic_month=1,
        ),
        Spec(
            cell("c2", MeetingRule.day_of_month(31, at=time(19, 30)), topic=TopicRule(3, True)),
            "day",
            day=31,
            at=time(19, 30),
            topic_month=3,
        ),
        Spec(
            cell(
                "c3",
                MeetingRule.day_of_month(17, at=time(14), shift=True),
                topic=TopicRule(2, False, MeetingRule.day_of_month(20, shift=True)),
            ),
            "day",
            day=17,
            at=time(14),
            shift=True,
            topic_month=2,
            topic_combined=False,
            topic_day=20,
        ),
        Spec(
            cell("c4", MeetingRule.nth_weekday(2, 1, at=time(19)), topic=TopicRule(3, False)),
            "nth",
            nth=2,
            weekday=1,
            at=time(19),
            topic_month=3,
            topic_combined=False,
        ),
        Spec(
            cell(
                "c5",
                MeetingRule.nth_weekday(LAST, 4, shift=True),
                topic=TopicRule(2, True),
                policy=LATE_FOLLOW_UPS,
            ),
            "nth",
            nth=LAST,
            weekday=4,
            shift=True,
            topic_month=2,
            follow_up_at=time(22),
        ),
        Spec(
            cell("c6", MeetingRule.last_working_day(at=time(15)), topic=None),
            "lwd",
            at=time(15),
        ),
        Spec(
            cell(
                "c7",
                MeetingRule.day_of_month(5, at=time(7, 30), shift=True),
                topic=TopicRule(1, True),
                calendar=WorkCalendar(weekend=frozenset({6}), extra_holidays=extra),
            ),
            "day",
            day=5,
            at=time(7, 30),
            shift=True,
            topic_month=1,
            weekend=frozenset({6}),
            extra_off=extra,
        ),
        Spec(
            cell(
                "c8",
                MeetingRule.day_of_month(1, at=time(20), shift=True),
                topic=TopicRule(1, True),
                has_secretary=False,
            ),
            "day",
            day=1,
            at=time(20),
            shift=True,
            topic_month=1,
        ),
        Spec(
            cell(
                "c9",
                MeetingRule.day_of_month(10, at=time(18), shift=True),
                timezone=BERLIN,
                topic=TopicRule(3, True),
                tasks=TASKS,
            ),
            "day",
            day=10,
            at=time(18),
            shift=True,
            topic_month=3,
        ),
    ]


# ------------------------------------------------------ first-principles meeting dates


def working(spec: Spec, day: date) -> bool:
    official = holidays.country_holidays("VN", years=day.year)
    if day in spec.extra_off or day in official:
        return False
    if day in getattr(official, "weekend_workdays", ()):
        return True
    return day.weekday() not in spec.weekend


def rule_day(spec: Spec, year: int, month: int, kind: str, day: int = 0) -> date:
    days = [date(year, month, d) for d in range(1, monthrange(year, month)[1] + 1)]
    if kind == "lwd":
        return [d for d in days if working(spec, d)][-1]
    if kind == "nth":
        same = [d for d in days if d.weekday() == spec.weekday]
        picked = same[-1] if spec.nth == LAST else same[spec.nth - 1]
    else:
        picked = days[min(day, len(days)) - 1]
    if not spec.shift or working(spec, picked):
        return picked
    after = [d for d in days if d > picked and working(spec, d)]
    before = [d for d in days if d < picked and working(spec, d)]
    return after[0] if after else before[-1]


# ----------------------------------------------------------------------- the story


def report_times(spec: Spec) -> dict[str, datetime]:
    """When each period's report arrives (absent: never), drawn from a seeded generator."""
    rng = random.Random(spec.cell.cell_id)
    tz = ZoneInfo(spec.cell.timezone)
    out: dict[str, datetime] = {}
    for month in range(1, 13):
        held = rule_day(spec, 2026, month, spec.kind, spec.day)
        delay = rng.choice([(0, 23, 11), (1, 10, 17), (2, 20, 0), (4, 12, 37), (9, 9, 41), None])
        if delay is None:
            continue
        days, hour, minute = delay
        when = datetime.combine(held + timedelta(days=days), time(hour, minute), tzinfo=tz)
        out[f"2026-{month:02d}"] = when.astimezone(UTC)
        if spec.topic_combined and spec.topic_month == (month - 1) % 3 + 1:
            out[f"2026-Q{(month - 1) // 3 + 1}"] = when.astimezone(UTC)
    if not spec.topic_combined and spec.topic_month is not None:
        for quarter in (1, 3):  # reported mid-quarter; Q2 and Q4 never
            month = (quarter - 1) * 3 + 2
            out[f"2026-Q{quarter}"] = datetime(2026, month, 25, 9, tzinfo=tz).astimezone(UTC)
    return out


def add_moves(spec: Spec) -> None:
    """c9 moves June's meeting well ahead, and October's after its d-3 reminder went out."""
    if spec.cell.cell_id != "c9":
        return
    tz = ZoneInfo(BERLIN)
    spec.moves.append(
        (datetime(2026, 5, 20, 10, tzinfo=tz).astimezone(UTC), "2026-06", date(2026, 6, 16))
    )
    october = rule_day(spec, 2026, 10, "day", 10)
    made = datetime.combine(october - timedelta(days=3), time(10), tzinfo=tz).astimezone(UTC)
    spec.moves.append((made, "2026-10", october + timedelta(days=3)))


# ------------------------------------------------------------- the expected reminders

Row = tuple[str, str, str, datetime]  # cell, kind, recipient, due (UTC)


def quiet(local: datetime) -> datetime:
    if local.time() >= time(21):
        return datetime.combine(local.date() + timedelta(days=1), time(6, 30), tzinfo=local.tzinfo)
    if local.time() < time(6, 30):
        return datetime.combine(local.date(), time(6, 30), tzinfo=local.tzinfo)
    return local


def expected_rows(
    spec: Spec, reports: dict[str, datetime], *, window_day: int | None = None
) -> list[Row]:
    """The reminders a cell gets in the simulation; with `window_day`, as sent: follow-ups and
    escalations of a month stop once its reports close (that day of the next month)."""
    cid, tz = spec.cell.cell_id, ZoneInfo(spec.cell.timezone)
    secretary = spec.cell.has_secretary
    never = datetime.max.replace(tzinfo=UTC)
    rows: list[Row] = []

    def at(day: date, moment: time) -> datetime:
        return quiet(datetime.combine(day, moment, tzinfo=tz)).astimezone(UTC)

    def keep(
        kind: str, recipient: str, due: datetime, period: str, alive: tuple[datetime, datetime]
    ) -> None:
        if window_day is not None and kind in ("follow_up", "escalation"):
            closes = last_open_day(Month.parse(period), window_day)
            if due.astimezone(tz).date() > closes:
                return
        if (
            SIM_START <= due < SIM_END
            and alive[0] <= due < alive[1]
            and due < reports.get(period, never)
        ):
            rows.append((cid, kind, recipient, due))

    for year, month in [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 13)]:
        period = f"{year}-{month:02d}"
        held = rule_day(spec, year, month, spec.kind, spec.day)
        versions = [(held, (SIM_START - timedelta(days=400), never))]
        for made, moved_period, new_day in spec.moves:
            if moved_period == period:
                versions = [(held, (versions[0][1][0], made)), (new_day, (made, never))]
        for day, alive in versions:
            start = datetime.combine(day, spec.at, tzinfo=tz).astimezone(UTC)
            if secretary:
                for kind, due in (
                    ("before", at(day - timedelta(days=3), time(8))),
                    ("on_day", at(day, time(7))),
                ):
                    if due < start:
                        keep(kind, "secretary", due, period, alive)
                for n in (1, 3, 5):
                    keep(
                        "follow_up",
                        "secretary",
                        at(day + timedelta(days=n), spec.follow_up_at),
                        period,
                        alive,
                    )
            for n in range(5, 35):
                keep("escalation", "officers", at(day + timedelta(days=n), time(8)), period, alive)
    if spec.topic_month is not None and secretary:
        for quarter in range(1, 5):
            period = f"2026-Q{quarter}"
            alive = (SIM_START, never)
            first = date(2026, (quarter - 1) * 3 + spec.topic_month, 1)
            end = date(2026 + quarter // 4, quarter * 3 % 12 + 1, 1)
            keep("topic_due", "secretary", at(first, time(8)), period, alive)
            keep("topic_due", "secretary", at(end - timedelta(days=14), time(8)), period, alive)
            if spec.topic_day is not None:
                day = rule_day(spec, 2026, first.month, "day", spec.topic_day)
                for kind, due in (
                    ("before", at(day - timedelta(days=3), time(8))),
                    ("on_day", at(day, time(7))),
                ):
                    keep(kind, "secretary", due, period, alive)
    for task in spec.cell.tasks:
        if not task.done and secretary:
            for n in (7, 0):
                due = at(task.deadline - timedelta(days=n), time(8))
                if SIM_START <= due < SIM_END:
                    rows.append((cid, "task_due", "secretary", due))
    return rows


# ------------------------------------------------------------------------ the simulation


@dataclass
class OutboxRow:
    reminder: PlannedReminder
    status: str = "pending"

    @property
    def dedupe_key(self) -> str:
        return self.reminder.dedupe_key

    @property
    def cell_id(self) -> str:
        return self.reminder.cell_id

    @property
    def due_at(self) -> datetime:
        return self.reminder.due_at


def planner_runs() -> list[datetime]:
    runs = []
    day = SIM_START
    index = 0
    while day < SIM_END:
        runs.append(day + timedelta(hours=index * 7 % 24, minutes=index % 50))
        index += 1
        day += timedelta(days=1)
    hourly_days = [date(2026, 2, 10) + timedelta(days=n) for n in range(10)]
    hourly_days += [date(2026, 10, 1) + timedelta(days=n) for n in range(8)]
    for day_ in hourly_days:
        base = datetime.combine(day_, time(0, 1), tzinfo=ZoneInfo(VN_TZ)).astimezone(UTC)
        runs += [base + timedelta(hours=h) for h in range(day_.day % 2, 24, 2)]
    return sorted(r for r in runs if SIM_START <= r < SIM_END)


@pytest.mark.long  # ~18 s of CPU: `python3 dev.py test -m long`
def test_a_whole_year_of_reminders() -> None:
    all_specs = specs()
    reports = {}
    for spec in all_specs:
        add_moves(spec)
        reports[spec.cell.cell_id] = report_times(spec)

    events: list[tuple[datetime, int, str, str, object]] = []
    for run in planner_runs():
        events.append((run, 2, "plan", "", None))
    for spec in all_specs:
        cid = spec.cell.cell_id
        for period, when in reports[cid].items():
            events.append((when, 0, "report", cid, period))
        for made, period, new_day in spec.moves:
            events.append((made, 1, "move", cid, (period, new_day)))
    events = sorted((e for e in events if e[0] < SIM_END), key=lambda e: (e[0], e[1], e[3]))

    state = {spec.cell.cell_id: spec.cell for spec in all_specs}
    outbox: dict[str, OutboxRow] = {}
    sent: list[PlannedReminder] = []
    stale: Counter[str] = Counter()
    key_dues: dict[str, set[datetime]] = defaultdict(set)

    def current_meeting(reminder: PlannedReminder) -> PlannedMeeting | None:
        cell = state[reminder.cell_id]
        if reminder.period.count("-Q") or "meeting_date" not in reminder.payload:
            return None
        month = Month(int(reminder.period[:4]), int(reminder.period[5:7]))
        found = [m for m in meetings_in_month(cell, month) if m.period == reminder.period]
        return found[0] if found else None

    def send_until(moment: datetime) -> None:
        due = sorted(
            (row for row in outbox.values() if row.status == "pending" and row.due_at <= moment),
            key=lambda row: (row.due_at, row.dedupe_key),
        )
        for row in due:
            reminder = row.reminder
            now = max(reminder.due_at, SIM_START)
            verdict = is_still_meaningful(
                reminder,
                now,
                current_meeting(reminder),
                reported=reminder.period in state[reminder.cell_id].reported,
            )
            if verdict.send:
                row.status = "sent"
                sent.append(reminder)
            else:
                row.status = "cancelled"
                assert verdict.code is not None
                stale[verdict.code] += 1

    def run_planner(now: datetime) -> None:
        result = plan(list(state.values()), now)
        for reminder in result.reminders:
            key_dues[reminder.dedupe_key].add(reminder.due_at)
            row = outbox.get(reminder.dedupe_key)
            if row is None:
                if reminder.due_at >= SIM_START:
                    outbox[reminder.dedupe_key] = OutboxRow(reminder)
            elif row.status == "pending":
                row.reminder = reminder
        pending = [row for row in outbox.values() if row.status == "pending"]
        for key in obsolete_keys(result, pending):
            outbox[key].status = "cancelled"

    for moment, _, what, cid, data in events:
        send_until(moment)
        if what == "plan":
            run_planner(moment)
        elif what == "report":
            assert isinstance(data, str)
            state[cid] = replace(state[cid], reported=state[cid].reported | {data})
        else:
            period, new_day = data  # type: ignore[misc]
            override = MeetingOverride(period, new_day)
            state[cid] = replace(state[cid], overrides=(*state[cid].overrides, override))
            run_planner(moment)  # the /doilich handler replans the cell at once
    send_until(SIM_END - timedelta(microseconds=1))

    keys = [reminder.dedupe_key for reminder in sent]
    assert len(keys) == len(set(keys)), "a reminder went out twice"
    assert all(len(dues) == 1 for dues in key_dues.values()), "a key changed its due time"
    got = Counter((r.cell_id, str(r.kind), str(r.recipient), r.due_at) for r in sent)
    want = Counter(
        row for spec in all_specs for row in expected_rows(spec, reports[spec.cell.cell_id])
    )
    missing, extra = want - got, got - want
    assert not missing and not extra, (sorted(missing)[:10], sorted(extra)[:10])
    # sanity: the story exercises every kind, late reports and the October move
    kinds = Counter(kind for _, kind, _, _ in got)
    assert set(kinds) == {"before", "on_day", "follow_up", "escalation", "topic_due", "task_due"}
    assert sum(got.values()) > 1000
    assert any(r.cell_id == "c9" and r.payload.get("moved_from") for r in sent)
