"""Whether a due (possibly late) reminder is still worth sending, and why not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from core.i18n import N_, Text
from core.vnformat import format_date, format_month
from scheduler.periods import Month
from scheduler.planning import (
    MEETING_KINDS,
    PRE_MEETING_KINDS,
    PlannedMeeting,
    PlannedReminder,
    ReminderKind,
)

# Reminders that chase a report after the meeting: pointless once its month is closed.
CHASING_KINDS = frozenset({ReminderKind.FOLLOW_UP, ReminderKind.ESCALATION})


class StaleReason(StrEnum):
    ALREADY_REPORTED = "already_reported"
    MEETING_MOVED = "meeting_moved"
    MEETING_PASSED = "meeting_passed"
    EXPIRED = "expired"
    PERIOD_CLOSED = "period_closed"


@dataclass(frozen=True, slots=True)
class Freshness:
    """`send` True, or False with a reason code and a message officers can read."""

    send: bool
    code: StaleReason | None = None
    reason: Text | None = None


SEND = Freshness(True)


def _month_text(period: str) -> str:
    """ "10/2026" for "2026-10"; another period as it is keyed."""
    try:
        month = Month.parse(period)
    except ValueError:
        return period
    return format_month(month.year, month.month)


def _stale(code: StaleReason, msgid: str, **params: str) -> Freshness:
    return Freshness(False, code, Text(msgid, dict(params)))


def is_still_meaningful(
    reminder: PlannedReminder,
    now: datetime,
    meeting: PlannedMeeting | None = None,
    *,
    reported: bool = False,
    closed: bool = False,
) -> Freshness:
    """Decide at send time. `meeting` is the current meeting of the reminder's period (after
    any move), if there is one; `reported` means the period is reported (or the task done);
    `closed` that the period's reports can no longer be sent (its window is over).

    Stale when: the period is reported; a follow-up or an escalation of a closed period; the
    meeting was moved since the reminder was planned; a before/on-the-day reminder whose
    meeting has started; any reminder past `expires_at`.
    """
    if reported:
        return _stale(
            StaleReason.ALREADY_REPORTED,
            N_("Not sent: the cell had already reported by then."),
        )
    if closed and reminder.kind in CHASING_KINDS:
        return _stale(
            StaleReason.PERIOD_CLOSED,
            N_("Not sent: reports of month {month} could no longer be sent by then."),
            month=_month_text(reminder.period),
        )
    planned_start = reminder.payload.get("meeting_starts_at")
    if (
        meeting is not None
        and reminder.kind in MEETING_KINDS
        and planned_start is not None
        and planned_start != meeting.starts_at.isoformat()
    ):
        return _stale(
            StaleReason.MEETING_MOVED,
            N_("Not sent: the meeting was moved to {date}."),
            date=format_date(meeting.local_date),
        )
    if (
        reminder.kind in PRE_MEETING_KINDS
        and planned_start is not None
        and now >= datetime.fromisoformat(planned_start)
    ):
        return _stale(
            StaleReason.MEETING_PASSED,
            N_("Not sent: the meeting of {date} had already started."),
            date=format_date(date.fromisoformat(reminder.payload["meeting_date"])),
        )
    if now >= reminder.expires_at:
        return _stale(
            StaleReason.EXPIRED,
            N_("Not sent: it was too late to be of use (due {date})."),
            date=format_date(date.fromisoformat(reminder.payload["day"])),
        )
    return SEND
