"""Sending a meeting report: the one place that decides whether it may be stored, and stores it.

The guided report, the one-line report and a correction (/sua, a returned report) all end in
`submit_report`, in the caller's transaction: the person's access to the cell, the period not
closed by an officer, the reporting window (until a day of the next month, except for a report
returned for correction), the row and its version, the audit log, the schedule (the period
reported, or the meeting moved to its new date), and the cell's roll when the report changed it.

Two people may work on one report at once (a secretary and a deputy with /sua, or both with
/baocao): whatever is sent is checked, with the row locked, against the report as it stood
when the sender began (`Submission.base_version`, or no report at all); if someone changed,
returned or sent it since, nothing is written and the sender is told who and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.i18n import N_, Text
from core.vnformat import format_date, format_month, format_time, weekday_text
from scheduler.periods import Month
from scheduler.reporting_window import is_open, last_open_day
from services.access import Principal
from services.cell_roll import set_members_on_roll
from services.cell_setting import CellSetting, load_setting
from services.period_closing import closed_message, closure_for
from storage.models import MeetingReport
from storage.repos import Repositories

MONTHLY, TOPIC = "monthly", "topic"
REPORT_FIELDS = (
    "held",
    "meeting_date",
    "kind",
    "topic_title",
    "on_roll",
    "exempted",
    "present",
    "absent_excused",
    "absent_unexcused",
    "upper_attended",
    "upper_name",
    "resolution_adopted",
    "grade",
    "note",
    "not_held_reason",
    "new_date",
    "flags",
)
_MSG_NO_ACCESS = N_("You do not have access to that cell.")
_MSG_WINDOW = N_("Reports for {month} closed on {date} ({weekday}); nothing was saved.")
_MSG_CHANGED = N_(
    "Comrade {name} changed this report at {time} on {date} ({weekday}), after you began your "
    "change. Your change was not saved, so that it does not overwrite theirs."
)
_MSG_RETURNED_MEANWHILE = N_(
    "Comrade {name} of the party committee returned this report for correction at {time} on "
    "{date} ({weekday}), after you began your change. Your change was not saved."
)
_MSG_SENT_MEANWHILE = N_(
    "Comrade {name} sent the report of this meeting at {time} on {date} ({weekday}), after you "
    "began yours. Yours was not saved, so that it does not overwrite theirs."
)
_MSG_SENT_BEFORE = N_(
    "The report of this meeting had already been sent before you began yours: last by comrade "
    "{name} at {time} on {date} ({weekday}). Yours was not saved, so that it does not "
    "overwrite it."
)
_MSG_SENT_AT = N_(
    "The report of this meeting has been sent by someone else: last by comrade {name} at {time} "
    "on {date} ({weekday}). Yours was not saved, so that it does not overwrite it."
)
_MSG_CLASH = N_("A report of that meeting already exists for {month}. To change it, type /sua.")


@dataclass(frozen=True)
class Submission:
    """A finished report as the secretary confirmed it.

    `values` holds the row's reported fields (REPORT_FIELDS); `report_id` the row a correction
    changes; `returned` that it answers an officer's return (the window does not apply);
    `roll` the cell's new number of members when the report changes it (None: unchanged);
    `planned` the date the meeting was planned for (the move starts there), `planned_kind` its
    kind in the schedule (a meeting not held keeps that); `base_version` the
    version of the row `report_id` the sender began from (None: not checked); `began_at` when
    the sender began (None: not known), to say whether a report found was sent before or after.
    """

    cell_id: int
    month: Month
    slot: str
    values: dict[str, Any]
    report_id: int | None = None
    returned: bool = False
    roll: int | None = None
    planned: date | None = None
    planned_kind: str | None = None
    base_version: int | None = None
    began_at: datetime | None = None


@dataclass(frozen=True)
class Submitted:
    row: MeetingReport
    action: str  # "sent", "edited" (changed while open) or "resent" (after a return)
    setting: CellSetting


@dataclass(frozen=True)
class Refused:
    code: str  # "access", "closed", "window", "already", "changed"
    message: Text
    current: MeetingReport | None = None  # "changed": the report as it stands now


def row_data(row: MeetingReport) -> dict[str, Any]:
    """The row's reported values as JSON (for versions and the audit log)."""
    data: dict[str, Any] = {"status": row.status}
    for name in REPORT_FIELDS:
        value = getattr(row, name)
        data[name] = value.isoformat() if isinstance(value, date) else value
    data["flags"] = list(row.flags)
    return data


async def check_open(
    repos: Repositories,
    setting: CellSetting,
    month: Month,
    *,
    today: date,
    zone: ZoneInfo,
    returned: bool = False,
) -> Refused | None:
    """Whether reports of `month` may be sent or changed now for this cell (None: they may)."""
    closed = await closure_for(repos, setting.org, month)
    if closed is not None:
        return Refused("closed", closed_message(closed, zone))
    day = setting.open_until_day()
    if not returned and not is_open(month, today, day):
        label = format_month(month.year, month.month)
        last = last_open_day(month, day)
        values = {"month": label, "date": format_date(last), "weekday": weekday_text(last)}
        return Refused("window", Text(_MSG_WINDOW, values))
    return None


async def submit_report(
    repos: Repositories,
    principal: Principal,
    submission: Submission,
    *,
    now: datetime,
    today: date,
    zone: ZoneInfo,
) -> Submitted | Refused:
    """Store a report if the person may, for that period, now; see the module docstring."""
    month = submission.month
    label = format_month(month.year, month.month)
    setting = await load_setting(repos, submission.cell_id)
    if setting is None or submission.cell_id not in principal.cell_ids():
        return Refused("access", Text(_MSG_NO_ACCESS))
    refused = await check_open(
        repos, setting, month, today=today, zone=zone, returned=submission.returned
    )
    if refused is not None:
        return refused
    row: MeetingReport | None = None
    if submission.report_id is not None:
        row = await repos.reports.get_for_update(submission.report_id)
        if row is None or row.cell_id != submission.cell_id:
            return Refused("access", Text(_MSG_NO_ACCESS))
        if submission.base_version is not None and row.version != submission.base_version:
            return await _changed_since(repos, row, zone, since_began=True)
        if row.period != str(month) or row.slot != submission.slot:
            clash = await repos.reports.find(submission.cell_id, str(month), submission.slot)
            if clash is not None and clash.id != row.id:
                return Refused("already", Text(_MSG_CLASH, {"month": label}))
            row.period, row.slot = str(month), submission.slot
    else:
        found = await repos.reports.find(submission.cell_id, str(month), submission.slot)
        if found is not None and found.id is not None:
            # sent by someone else: since the draft began, or before (the draft did not begin
            # from it); the wording says which, when it is known
            current = await repos.reports.get_for_update(found.id)
            return await _changed_since(repos, current or found, zone, began_at=submission.began_at)
    actor = principal.account_id
    before = row_data(row) if row is not None else None
    action = "sent"
    if row is None:
        row = MeetingReport(
            cell_id=submission.cell_id,
            period=str(month),
            slot=submission.slot,
            reported_by=actor,
            reported_at=now,
            updated_at=now,
        )
    else:
        action = "resent" if row.status == "returned" else "edited"
        row.version += 1
    for name in REPORT_FIELDS:
        setattr(row, name, submission.values.get(name))
    row.flags = list(submission.values.get("flags") or [])
    row.note = str(submission.values.get("note") or "")
    row.not_held_reason = str(submission.values.get("not_held_reason") or "")
    row.held = bool(submission.values.get("held"))
    row.status = "sent"
    row.updated_by, row.updated_at = actor, now
    await repos.reports.save(row, action=action, data=row_data(row), by=actor, now=now)
    await repos.audit.record(
        actor_account_id=actor,
        action="report." + action,
        entity="meeting_report",
        entity_id=row.id,
        now=now,
        before=before,
        after=row_data(row),
    )
    await _follow_schedule(repos, submission, row, actor=actor, now=now)
    if submission.roll is not None:
        await set_members_on_roll(repos, principal, submission.cell_id, submission.roll, now=now)
    return Submitted(row, action, setting)


async def _changed_since(
    repos: Repositories,
    row: MeetingReport,
    zone: ZoneInfo,
    *,
    since_began: bool = False,
    began_at: datetime | None = None,
) -> Refused:
    """The refusal of a report changed (or sent, or returned) by someone else: who did it and
    when, and the report as it stands now. A change of the version the sender began from came
    after they began (`since_began`); a report found where the sender began none came after
    `began_at` or before it (None: not known, and not said)."""
    last = await repos.reports.last_version(row.id) if row.id is not None else None
    by, at = (last.by, last.at) if last is not None else (row.updated_by, row.updated_at)
    account = await repos.accounts.get(by) if by is not None else None
    name = (account.display_name or account.platform_user_id) if account is not None else "?"
    local = at.astimezone(zone)
    action = last.action if last is not None else "edited"
    if since_began or (began_at is not None and at >= began_at):
        message = {"returned": _MSG_RETURNED_MEANWHILE, "sent": _MSG_SENT_MEANWHILE}.get(
            action, _MSG_CHANGED
        )
    else:
        message = _MSG_SENT_BEFORE if began_at is not None else _MSG_SENT_AT
    values = {
        "name": name,
        "time": format_time(local.time()),
        "date": format_date(local.date()),
        "weekday": weekday_text(local.date()),
    }
    return Refused("changed", Text(message, values), current=row)


async def _follow_schedule(
    repos: Repositories, submission: Submission, row: MeetingReport, *, actor: int, now: datetime
) -> None:
    """The meeting counts as reported (a combined one for the quarter's topic session too), or,
    not held with a new date, it moves there from the day the schedule had (`planned`) and its
    reminders follow; a new date that is that day moves nothing."""
    month = submission.month
    quarter = str(month.quarter)
    if not row.held and row.new_date is not None:
        await _topic_follows(repos, row.cell_id, month, now=now)
        if row.new_date == submission.planned:
            # the day the meeting stands at already (an edit keeping its new date, or the
            # planned day said again): no move, the meeting only to be held and reported again
            await repos.meetings.unmark_reported(row.cell_id, str(month), now=now)
            return
        await repos.meetings.record_move(
            cell_id=row.cell_id,
            period=str(month),
            kind="regular",
            from_date=submission.planned or row.new_date,
            to_date=row.new_date,
            to_time=None,
            reason=row.not_held_reason[:300],
            by=actor,
            now=now,
        )
        return
    if submission.slot == TOPIC and not row.held:
        await _topic_follows(repos, row.cell_id, month, now=now)
        return
    if submission.slot == TOPIC:
        await repos.meetings.mark_reported(
            row.cell_id,
            quarter,
            now=now,
            held=row.held,
            held_on=row.meeting_date,
            kind="topic",
            report_id=row.id,
            by=actor,
            planned=submission.planned,
        )
        return
    combined = row.held and row.kind == "combined"
    await repos.meetings.mark_reported(
        row.cell_id,
        str(month),
        now=now,
        held=row.held,
        held_on=row.meeting_date,
        kind=row.kind or submission.planned_kind,
        report_id=row.id,
        by=actor,
        topic_period=quarter if combined else None,
        planned=submission.planned,
    )
    if not combined:
        await _topic_follows(repos, row.cell_id, month, now=now)


async def _topic_follows(repos: Repositories, cell_id: int, month: Month, *, now: datetime) -> None:
    """The quarter's topic session stays reported only while a report says it was held (apart,
    or with a monthly meeting): a report changed to not held, or to a regular meeting, leaves it
    owed again, as /lich, the reminders and the summary then all say."""
    quarter = month.quarter
    months = [str(quarter.month(i)) for i in (1, 2, 3)]
    rows = await repos.reports.in_periods([cell_id], months)
    if not any(r.held and r.kind in ("topic", "combined") for r in rows):
        await repos.meetings.unmark_reported(cell_id, str(quarter), now=now)
