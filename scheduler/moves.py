"""A secretary's move of one meeting to another date, and its validation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.i18n import N_, Text
from core.vnformat import format_date, format_month, format_quarter, format_time
from scheduler.periods import Month, parse_period


@dataclass(frozen=True, slots=True)
class MeetingOverride:
    """The meeting of `period` ("2026-11" regular/combined, "2026-Q4" separate topic session)
    is held on `new_date`, at `new_time` (None: the rule's time). The latest one per period
    wins; the lead stores them."""

    period: str
    new_date: date
    new_time: time | None = None


class MoveError(ValueError):
    """A requested move that cannot be accepted; `text` says why, for the chat."""

    code = "move_error"

    def __init__(self, text: Text) -> None:
        super().__init__(text.msgid)
        self.text = text


class MoveInPast(MoveError):
    code = "in_past"


class MoveOutsidePeriod(MoveError):
    code = "outside_period"


class MoveAlreadyReported(MoveError):
    code = "already_reported"


def validate_move(
    period: str,
    new_date: date,
    new_time: time | None,
    *,
    now: datetime,
    tz: ZoneInfo,
    reported: bool = False,
) -> MeetingOverride:
    """Check a requested move and return the override to store; raise a MoveError otherwise.

    Checks, in order: the period is already reported; the date (or today's time) is past in the
    cell's time zone; the date leaves the month (or quarter, for a topic session).
    """
    target = parse_period(period)
    is_month = isinstance(target, Month)
    label = (
        format_month(target.year, target.month)
        if isinstance(target, Month)
        else format_quarter(target.year, target.quarter)
    )
    if reported:
        msgid = (
            N_("The meeting of {month} has already been reported, so it can no longer be moved.")
            if is_month
            else N_(
                "The topic session of quarter {quarter} has already been reported,"
                " so it can no longer be moved."
            )
        )
        raise MoveAlreadyReported(Text(msgid, {"month" if is_month else "quarter": label}))
    local_now = now.astimezone(tz)
    today = local_now.date()
    if new_date < today:
        raise MoveInPast(
            Text(
                N_("{date} is already past. Please type a date from {today} on (dd/mm/yyyy):"),
                {"date": format_date(new_date), "today": format_date(today)},
            )
        )
    if new_date == today and new_time is not None and new_time <= local_now.time():
        raise MoveInPast(
            Text(
                N_("{time} today has already passed. Please type a later time (hh:mm):"),
                {"time": format_time(new_time)},
            )
        )
    if not target.first_day <= new_date <= target.last_day:
        first = max(target.first_day, today)
        if first == target.last_day:
            # the period's last day: one date to type, not a range from a day to itself
            msgid = (
                N_(
                    "The meeting of {month} must stay in that month, and {last} is the only"
                    " day of it left. Please type {last} (dd/mm/yyyy):"
                )
                if is_month
                else N_(
                    "The topic session of quarter {quarter} must stay in that quarter, and"
                    " {last} is the only day of it left. Please type {last} (dd/mm/yyyy):"
                )
            )
        else:
            msgid = (
                N_(
                    "The meeting of {month} must stay in that month."
                    " Please type a date from {first} to {last} (dd/mm/yyyy):"
                )
                if is_month
                else N_(
                    "The topic session of quarter {quarter} must stay in that quarter."
                    " Please type a date from {first} to {last} (dd/mm/yyyy):"
                )
            )
        raise MoveOutsidePeriod(
            Text(
                msgid,
                {
                    "month" if is_month else "quarter": label,
                    "first": format_date(first),
                    "last": format_date(target.last_day),
                },
            )
        )
    return MeetingOverride(period, new_date, new_time)
