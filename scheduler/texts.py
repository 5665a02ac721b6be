"""Reminder and digest texts, rendered at send time in the recipient's language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from core.i18n import N_, Translator
from core.messages import Choice, Reply
from core.vnformat import (
    format_date,
    format_day_inline,
    format_day_long,
    format_month,
    format_quarter,
    weekday_name,
)
from scheduler.periods import parse_period
from scheduler.rules import DayShift

REPORT_COMMAND = "/baocao"
MOVE_COMMAND = "/doilich"

_BEFORE = {
    "regular": N_(
        "Reminder: {cell} holds its regular meeting on {date} at {time}. Please prepare the"
        " content and let the members know."
    ),
    "combined": N_(
        "Reminder: {cell} holds its regular meeting together with the topic session on {date}"
        " at {time}. Please prepare the content and let the members know."
    ),
    "topic": N_(
        "Reminder: {cell} holds its topic session on {date} at {time}. Please prepare the"
        " content and let the members know."
    ),
}
_ON_DAY = {
    "regular": N_("Today, {date}, {cell} holds its regular meeting at {time}."),
    "combined": N_(
        "Today, {date}, {cell} holds its regular meeting together with the topic session at {time}."
    ),
    "topic": N_("Today, {date}, {cell} holds its topic session at {time}."),
}
_MOVED = N_("The meeting was moved from {date}.")
_SHIFT_WHY = {
    "weekend": N_("{date} is a {weekday}"),
    "public_holiday": N_("{date} ({weekday}) is a public holiday"),
    "org_day_off": N_("{date} ({weekday}) is a day off of the organisation"),
}
_SHIFT_HOLIDAY = N_("{date} ({weekday}) is a public holiday: {name}")
_SHIFT_LATER = N_("{why}, so the meeting moves to the next working day.")
_SHIFT_EARLIER = N_(
    "{why}, so the meeting moves back to the working day before it, to stay in its month."
)
_SHIFT_SHORT = {
    "weekend": N_("moved from {day}"),
    "public_holiday": N_("moved from {day}, a public holiday"),
    "org_day_off": N_("moved from {day}, a day off of the organisation"),
}
_SHIFT_SHORT_HOLIDAY = N_("moved from {day}, the holiday {name}")
_FOLLOW_UP = N_(
    "{cell} was due to meet on {date}. If the meeting has been held, please report it now."
)
_TOPIC_START = N_("Quarter {quarter}: {cell} has a topic session due, planned for {month}.")
_TOPIC_START_DATED = N_(
    "Quarter {quarter}: {cell} has a topic session due, planned on {date} at {time}."
)
_TOPIC_START_COMBINED = N_(
    "Quarter {quarter}: {cell} has a topic session due, together with the regular meeting on"
    " {date} at {time}."
)
_TOPIC_LAST_CALL = N_(
    "{cell} has not reported a topic session for quarter {quarter} yet; the quarter ends on {date}."
)
_TASK_AHEAD = N_("A plan task of {cell} is due on {date}: {task}")
_TASK_TODAY = N_("A plan task of {cell} is due today, {date}: {task}")
_DIGEST_HEAD = N_("Cells that have not reported their meeting, as of {date}:")
_LINE_LATE = N_("- {cell}: meeting of {date}, {days} days without a report")
_LINE_LATE_NO_SECRETARY = N_(
    "- {cell}: meeting of {date}, {days} days without a report; no secretary has joined the bot"
)
_LINE_LATE_UNREACHABLE = N_(
    "- {cell}: meeting of {date}, {days} days without a report; the secretary cannot be"
    " reached (blocked the bot)"
)
_LINE_BLOCKED = N_("- {cell}: the secretary blocked the bot and gets no reminders")
_REPORT_DONE = N_("Held it, report now")
_MOVE = N_("Move the meeting")
_REPORT_NOW = N_("Report now")


def _day(t: Translator, iso: str) -> str:
    return format_day_long(date.fromisoformat(iso), t)


def describe_shift(t: Translator, shift: DayShift) -> str:
    """One sentence: why the meeting is not on its rule's day ("Ngày 05/12/2026 là thứ Bảy nên
    buổi sinh hoạt dời sang ngày làm việc kế tiếp.")."""
    values = {
        "date": format_date(shift.rule_date),
        "weekday": weekday_name(shift.rule_date, t),
        "name": shift.holiday,
    }
    if shift.reason == "public_holiday" and shift.holiday:
        why = t.gettext(_SHIFT_HOLIDAY).format(**values)
    else:
        why = t.gettext(_SHIFT_WHY.get(shift.reason, _SHIFT_WHY["public_holiday"])).format(**values)
    return t.gettext(_SHIFT_LATER if shift.later else _SHIFT_EARLIER).format(why=why)


def shift_note(t: Translator, shift: DayShift) -> str:
    """A few words, for a line that already names the meeting and its cell ("dời từ thứ Bảy
    05/12/2026"): an officer's month of many cells, where a sentence each would be long."""
    day = format_day_inline(shift.rule_date, t)
    if shift.reason == "public_holiday" and shift.holiday:
        return t.gettext(_SHIFT_SHORT_HOLIDAY).format(day=day, name=shift.holiday)
    wording = _SHIFT_SHORT.get(shift.reason, _SHIFT_SHORT["public_holiday"])
    return t.gettext(wording).format(day=day)


def shift_of(payload: Mapping[str, Any]) -> DayShift | None:
    """The DayShift a meeting reminder's payload carries (see planning.shift_payload)."""
    if not payload.get("shifted_from"):
        return None
    return DayShift(
        date.fromisoformat(str(payload["shifted_from"])),
        str(payload.get("shift_reason", "")),
        later=payload.get("shift_later") != "no",
        holiday=str(payload.get("shift_holiday", "")),
    )


def _meeting_reply(t: Translator, kind: str, p: Mapping[str, Any], cell: str) -> Reply:
    meeting_kind = str(p.get("meeting_kind", "regular"))
    table = _ON_DAY if kind == "on_day" else _BEFORE
    text = t.gettext(table.get(meeting_kind, table["regular"])).format(
        cell=cell, date=_day(t, p["meeting_date"]), time=p["meeting_time"]
    )
    if p.get("moved_from"):
        text += "\n" + t.gettext(_MOVED).format(date=_day(t, p["moved_from"]))
    shift = shift_of(p)
    if shift is not None:
        text += "\n" + describe_shift(t, shift)
    choices: tuple[Choice, ...] = (Choice(t.gettext(_MOVE), MOVE_COMMAND),)
    if kind == "on_day":  # the day of the meeting: once it is over, report it
        choices = (Choice(t.gettext(_REPORT_DONE), report_command(p)), *choices)
    return Reply(text, choices)


def report_command(payload: Mapping[str, Any]) -> str:
    """/baocao for the period the reminder is about ("/baocao 2026-11"), so its button opens
    that month's report even when another month is open too."""
    period = str(payload.get("period") or "")
    return f"{REPORT_COMMAND} {period}" if period else REPORT_COMMAND


def render_reminder(kind: str, payload: Mapping[str, Any], t: Translator) -> Reply:
    """One reminder to a secretary; `payload` is the planner's plus "cell_name" and "period"."""
    cell = str(payload.get("cell_name", ""))
    if kind in ("before", "on_day"):
        return _meeting_reply(t, kind, payload, cell)
    if kind == "follow_up":
        text = t.gettext(_FOLLOW_UP).format(cell=cell, date=_day(t, payload["meeting_date"]))
        return Reply(text, (Choice(t.gettext(_REPORT_NOW), report_command(payload)),))
    if kind == "topic_due":
        quarter = parse_period(str(payload["period"]))
        label = format_quarter(quarter.year, getattr(quarter, "quarter", 1))
        if payload.get("step") == "last_call":
            end = quarter.last_day
            text = t.gettext(_TOPIC_LAST_CALL).format(
                cell=cell, quarter=label, date=format_day_long(end, t)
            )
            return Reply(text, (Choice(t.gettext(_REPORT_NOW), report_command(payload)),))
        if payload.get("meeting_date"):
            # held with the month's regular meeting, as /lich says: not a session of its own
            combined = payload.get("meeting_kind") == "combined"
            text = t.gettext(_TOPIC_START_COMBINED if combined else _TOPIC_START_DATED).format(
                quarter=label,
                cell=cell,
                date=_day(t, payload["meeting_date"]),
                time=payload.get("meeting_time", ""),
            )
            shift = shift_of(payload)
            if shift is not None:
                text += "\n" + describe_shift(t, shift)
        else:
            month = parse_period(str(payload["topic_month"]))
            text = t.gettext(_TOPIC_START).format(
                quarter=label,
                cell=cell,
                month=format_month(month.year, getattr(month, "month", 1)),
            )
        return Reply(text)
    if kind == "task_due":
        msgid = _TASK_TODAY if payload.get("step") == "d0" else _TASK_AHEAD
        text = t.gettext(msgid).format(
            task=payload.get("title") or payload["task_id"], cell=cell,
            date=_day(t, payload["deadline"]),
        )
        return Reply(text)
    raise ValueError(f"unknown reminder kind {kind!r}")


def render_digest(payload: Mapping[str, Any], t: Translator) -> Reply:
    """An officer's daily digest: late cells, and cells whose secretary blocked the bot."""
    lines = [t.gettext(_DIGEST_HEAD).format(date=_day(t, payload["day"]))]
    for line in payload.get("lines", []):
        cell = line.get("cell_name", "")
        if line.get("type") == "unreachable":
            lines.append(t.gettext(_LINE_BLOCKED).format(cell=cell))
            continue
        if not line.get("has_secretary", True):
            msgid = _LINE_LATE_NO_SECRETARY
        elif not line.get("reachable", True):
            msgid = _LINE_LATE_UNREACHABLE
        else:
            msgid = _LINE_LATE
        lines.append(
            t.gettext(msgid).format(
                cell=cell,
                date=format_day_long(date.fromisoformat(line["meeting_date"]), t),
                days=line["days_late"],
            )
        )
    return Reply("\n".join(lines))


def render_delivery(kind: str, payload: Mapping[str, Any], t: Translator) -> Reply:
    if kind == "digest":
        return render_digest(payload, t)
    return render_reminder(kind, payload, t)
