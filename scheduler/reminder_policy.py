"""When each kind of reminder goes out, and quiet hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """An organisation's reminder settings (all times local to the cell).

    - before the meeting: `before_days` days before at `before_at`; on the day at `on_day_at`
      (None: no on-the-day reminder);
    - topic session due: first day of the chosen month at `topic_start_at`, and
      `topic_last_call_days` before the quarter ends at `topic_last_call_at` while unreported;
    - follow-up until reported: `follow_up_first_days` after the meeting, then every
      `follow_up_every_days`, at most `follow_up_max` times, at `follow_up_at`;
    - escalation to officers: daily from `escalate_after_days` after the meeting at
      `escalate_at`, at most `escalate_max` days, while unreported;
    - plan-task deadlines: `task_days_before` days before the deadline (0 = on the day) at
      `task_at`;
    - quiet hours from `quiet_start` to `quiet_end` (None: no quiet hours): a reminder due
      inside goes out at `quiet_end`.
    """

    before_days: tuple[int, ...] = (3,)
    before_at: time = time(8, 0)
    on_day_at: time | None = time(7, 0)
    topic_start_at: time = time(8, 0)
    topic_last_call_days: int = 14
    topic_last_call_at: time = time(8, 0)
    follow_up_first_days: int = 1
    follow_up_every_days: int = 2
    follow_up_max: int = 3
    follow_up_at: time = time(19, 0)
    escalate_after_days: int = 5
    escalate_max: int = 30
    escalate_at: time = time(8, 0)
    task_days_before: tuple[int, ...] = (7, 0)
    task_at: time = time(8, 0)
    quiet_start: time | None = time(21, 0)
    quiet_end: time = time(6, 30)

    def __post_init__(self) -> None:
        if any(days < 1 for days in self.before_days):
            raise ValueError("before_days must be 1 or more (use on_day_at for the day itself)")
        if any(days < 0 for days in self.task_days_before):
            raise ValueError("task_days_before must not be negative")
        if self.follow_up_every_days < 1 or self.follow_up_first_days < 0:
            raise ValueError("follow-ups need a first day >= 0 and a step of 1 day or more")
        if self.follow_up_max < 0 or self.escalate_max < 0 or self.escalate_after_days < 0:
            raise ValueError("counts and delays must not be negative")

    @property
    def lookback_days(self) -> int:
        """How long after a meeting its reminders can still fall due."""
        follow_up = self.follow_up_first_days + self.follow_up_every_days * self.follow_up_max
        return max(follow_up, self.escalate_after_days + self.escalate_max) + 2

    @property
    def lookahead_days(self) -> int:
        """How long before a meeting or deadline its reminders can fall due."""
        return max((*self.before_days, *self.task_days_before, 0)) + 1


def in_quiet_hours(moment: time, start: time | None, end: time) -> bool:
    """Whether a wall time falls in [start, end) (the period may run past midnight)."""
    if start is None or start == end:
        return False
    plain = moment.replace(tzinfo=None)
    if start < end:
        return start <= plain < end
    return plain >= start or plain < end


def after_quiet_hours(local: datetime, start: time | None, end: time) -> datetime:
    """A local wall-time moment, moved to the end of the quiet period if it falls inside."""
    if not in_quiet_hours(local.timetz(), start, end):
        return local
    day = local.date()
    if start is not None and start > end and local.time() >= start:
        day += timedelta(days=1)
    return datetime.combine(day, end, tzinfo=local.tzinfo)


def defer_for_quiet_hours(moment: datetime, tz: ZoneInfo, policy: ReminderPolicy) -> datetime:
    """A UTC moment moved out of the quiet hours of `tz` (usable at send time); UTC out."""
    local = moment.astimezone(tz)
    return after_quiet_hours(local, policy.quiet_start, policy.quiet_end).astimezone(UTC)
