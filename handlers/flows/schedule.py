"""/lich (next meetings; officers: their subtree's month) and /doilich (move this month's
meeting, with a reason; reminders follow the new date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.i18n import N_
from core.messages import Choice, Expect, Reply
from core.textfold import fold
from core.vnformat import format_day_inline, format_day_long, format_month, format_quarter
from handlers.cells import visible_cells
from handlers.committee.wording import NOT_HELD, REPORTED, RETURNED, lower_first
from handlers.context import Context
from handlers.flow import (
    Answer,
    CommandSpec,
    FlowState,
    Outcome,
    ask,
    asked_beside,
    done,
    passed_on,
)
from handlers.reporting.asked import asks_in_words
from handlers.reporting.draft import MONTHLY
from handlers.reporting.problems import ParseError
from handlers.reporting.userdates import E_EMPTY, E_UNREADABLE, MOVE_DATES, parse_user_date
from handlers.reporting.usertimes import split_time, time_alone
from handlers.typed_commands import cancel_said
from scheduler.calendar_vn import WorkCalendar, day_off_reason, holiday_name
from scheduler.moves import MoveError, validate_move
from scheduler.periods import Month, month_of, parse_period
from scheduler.planning import PlannedMeeting, meetings_in_month, month_calendar, next_meetings
from scheduler.reporting_window import last_open_day, open_months
from scheduler.review_periods import PeriodError
from scheduler.rule_dicts import parse_time
from scheduler.schedule_months import parse_schedule_month
from scheduler.texts import describe_shift, shift_note
from services.access import CELL_ROLES, ORG_ROLES, RoleName
from services.cell_schedule import regular_meeting, separate_topic_month
from services.cell_setting import load_setting
from services.reminder_planning import (
    CellContext,
    current_meeting,
    load_cells,
    replan_cell,
)
from services.reports import check_open
from storage.models import Cell, MeetingMove

NEXT_COUNT = 3
MAX_LINES = 60
REASON_LIMIT = 200

_KIND = {
    "regular": N_("regular meeting"),
    "combined": N_("regular meeting with topic session"),
    "topic": N_("topic session"),
}


def _example_day(period: str, planned: date, today: date, calendar: WorkCalendar) -> date:
    """A date valid for moving this meeting: two days after the planned date (or today), or
    the first day after that is no Sunday nor holiday (the example is not a day the answer
    then warns about), kept inside its month or quarter."""
    last = parse_period(period).last_day
    day = min(max(planned, today) + timedelta(days=2), last)
    for candidate in (day + timedelta(days=n) for n in range(8)):
        if candidate > last:
            break
        if day_off_reason(calendar, candidate) is None:
            return candidate
    return day


def _example_for(period: str, planned: date, today: date, calendar: WorkCalendar) -> str:
    """An example of a new date and time valid for this meeting, as people type it."""
    return f"{_example_day(period, planned, today, calendar):%d/%m/%Y} 19:30"


def _day_off_warning(ctx: Context, context: CellContext, day: date) -> str | None:
    """A word when the new date is a Sunday, a public holiday or the organisation's day off
    (the move is still allowed)."""
    _ = ctx.t.gettext
    reason = day_off_reason(context.calendar, day)
    when = format_day_long(day, ctx.t)
    if reason == "public_holiday":
        name = holiday_name(context.calendar, day)
        return _("Note: {date} is a public holiday ({name}).").format(date=when, name=name)
    if reason == "org_day_off":
        return _("Note: {date} is a day off of your organisation.").format(date=when)
    if reason == "sunday":
        return _("Note: {date} is a Sunday.").format(date=f"{day:%d/%m/%Y}")
    return None


def _undated_topic_due(context: CellContext, month: Month) -> bool:
    """Whether a separate topic session without a set date is due in `month`."""
    topic = context.schedule.topic
    return topic is not None and topic.rule is None and separate_topic_month(context, month)


def _topic_line(ctx: Context, context: CellContext, today: date) -> str | None:
    """The quarter's topic session for /lich: when it is planned, or that it is reported."""
    _ = ctx.t.gettext
    topic = context.schedule.topic
    if topic is None:
        return None
    month = month_of(today)
    quarter = month.quarter
    label = format_quarter(quarter.year, quarter.quarter)
    if str(quarter) in context.schedule.reported:
        return _("- Topic session of quarter {quarter}: reported.").format(quarter=label)
    planned = topic.month(quarter)
    if planned < month or (topic.combined and str(planned) in context.schedule.reported):
        # past its month, or its month's meeting reported without it (not held, or regular)
        return _(
            "- Topic session of quarter {quarter}: not reported yet (planned for {month}); "
            "the quarter ends on {date}."
        ).format(
            quarter=label,
            month=format_month(planned.year, planned.month),
            date=format_day_long(quarter.last_day, ctx.t),
        )
    if topic.combined:
        return _(
            "- Topic session of quarter {quarter}: with the regular meeting of {month}."
        ).format(quarter=label, month=format_month(planned.year, planned.month))
    dated = next(
        (m for m in meetings_in_month(context.schedule, planned) if str(m.kind) == "topic"), None
    )
    if dated is not None and dated.local_date < today:  # its day is past, no report yet
        return _(
            "- Topic session of quarter {quarter}: not reported yet (planned on {planned}); "
            "the quarter ends on {date}."
        ).format(
            quarter=label,
            planned=format_day_inline(dated.local_date, ctx.t),  # inside parentheses
            date=format_day_long(quarter.last_day, ctx.t),
        )
    if dated is not None:
        return _("- Topic session of quarter {quarter}: {date} at {time}.").format(
            quarter=label,
            date=format_day_long(dated.local_date, ctx.t),
            time=dated.local_time.strftime("%H:%M"),
        )
    return _("- Topic session of quarter {quarter}: due in {month}, date not set yet.").format(
        quarter=label, month=format_month(planned.year, planned.month)
    )


def _local_today(ctx: Context, context: CellContext) -> tuple[datetime, date, ZoneInfo]:
    tz = ZoneInfo(context.schedule.timezone)
    now = ctx.clock.now()
    return now, now.astimezone(tz).date(), tz


def _meeting_line(ctx: Context, meeting: PlannedMeeting) -> str:
    _ = ctx.t.gettext
    return _("{date} at {time}: {kind}").format(
        date=format_day_long(meeting.local_date, ctx.t),
        time=meeting.local_time.strftime("%H:%M"),
        kind=_(_KIND[str(meeting.kind)]),
    )


async def _reported_line(ctx: Context, cell_id: int, meeting: PlannedMeeting) -> str:
    """A meeting already reported before its planned day (held early, or reported as not held
    with no other day set): not upcoming."""
    _ = ctx.t.gettext
    what, period = _(_KIND[str(meeting.kind)]), _period_label(ctx, meeting.period)
    if await _reported_not_held(ctx, cell_id, meeting.period):
        return _("- The {what} of {period}: reported as not held, no other day set.").format(
            what=what, period=period
        )
    return _("- The {what} of {period}: reported.").format(what=what, period=period)


async def _cell_contexts(ctx: Context, cells: list[Cell]) -> dict[int, CellContext]:
    return await load_cells(ctx.repos, cells)


def _latest_moves(moves: list[MeetingMove]) -> dict[str, MeetingMove]:
    latest: dict[str, MeetingMove] = {}
    for move in moves:
        latest[move.period] = move
    return latest


async def _moved_note(ctx: Context, move: MeetingMove | None) -> str | None:
    if move is None:
        return None
    _ = ctx.t.gettext
    who = ""
    if move.moved_by is not None:
        account = await ctx.repos.accounts.get(move.moved_by)
        who = account.display_name or account.platform_user_id if account else ""
    return _("  moved from {date} by {who}: {reason}").format(
        date=format_day_long(move.from_date, ctx.t), who=who or "?", reason=move.reason
    )


async def _owed_lines(ctx: Context, cell: Cell, context: CellContext, today: date) -> list[str]:
    """A line for each month's meeting already held by its date and still to report (none
    sent, or returned for correction) while reports of that month are taken: the secretary
    looking at /lich after the meeting is told what is owed and until when."""
    _ = ctx.t.gettext
    setting = await load_setting(ctx.repos, cell.id or 0)
    if setting is None:
        return []
    last_day = setting.open_until_day()
    lines: list[str] = []
    for month in reversed(open_months(today, last_day)):
        meeting = regular_meeting(context, month)
        if meeting is None or meeting.local_date > today:
            continue
        refused = await check_open(
            ctx.repos, setting, month, today=today, zone=ctx.config.timezone
        )
        if refused is not None:
            continue
        report = await ctx.repos.reports.find(setting.cell_id, str(month), MONTHLY)
        if report is not None and report.status != "returned":
            continue
        text = (
            _(
                "Not reported yet: the meeting of month {month} on {date}; type /baocao to report "
                "it (reports are taken until {last})."
            )
            if report is None
            else _(
                "Returned for correction: the report of the meeting of month {month} on {date}; "
                "type /baocao to send it again (reports are taken until {last})."
            )
        )
        lines.append(
            text.format(
                month=format_month(month.year, month.month),
                date=format_day_long(meeting.local_date, ctx.t),
                last=format_day_inline(last_open_day(month, last_day), ctx.t),
            )
        )
    return lines


class ScheduleFlow:
    """/lich."""

    name = "schedule"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        if ctx.principal.has_any(ORG_ROLES):
            month = parse_schedule_month(args, ctx.today())
            if isinstance(month, Month):
                return await self._month(ctx, month)
            if isinstance(month, PeriodError):  # «tháng 13», two years ahead: why, then ask
                return self._ask_month(ctx, ctx.t.render(month.message))
            return self._ask_month(ctx)
        return await self._next(ctx)

    def _ask_month(self, ctx: Context, problem: str = "") -> Outcome:
        _ = ctx.t.gettext
        return ask(
            FlowState(self.name, "month"),
            "\n".join([*([problem] if problem else []), _("Which month?")]),
            (Choice(_("This month"), "this"), Choice(_("Next month"), "next")),
        )

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        month = parse_schedule_month(answer.value or answer.text, ctx.today())
        if isinstance(month, Month):
            return await self._month(ctx, month)
        if isinstance(month, PeriodError):
            return self._ask_month(ctx, ctx.t.render(month.message))
        # anything else ("nhiệm vụ của UBKT") is no month: read as if nothing were pending
        return passed_on()

    async def _next(self, ctx: Context) -> Outcome:
        _ = ctx.t.gettext
        cells = [
            c
            for c in await visible_cells(ctx.repos, ctx.principal)
            if c.id in ctx.principal.cell_ids()
        ]
        if not cells:
            return done(Reply(_("You have no cell in your scope yet.")))
        contexts = await _cell_contexts(ctx, cells)
        blocks = []
        for cell in cells:
            context = contexts.get(cell.id or 0)
            if context is None:
                blocks.append(
                    _("{cell}: no meeting day is set yet. Please ask the party committee.").format(
                        cell=cell.name
                    )
                )
                continue
            _now, today, _tz = _local_today(ctx, context)
            moves = _latest_moves(
                (await ctx.repos.meetings.moves([cell.id or 0])).get(cell.id or 0, [])
            )
            lines = [_("Next meetings of {cell}:").format(cell=cell.name)]
            reported = context.schedule.reported
            ahead = next_meetings(context.schedule, today, NEXT_COUNT + len(reported))
            done_lines = [
                await _reported_line(ctx, cell.id or 0, meeting)
                for meeting in ahead
                if meeting.period in reported
            ]
            for meeting in [m for m in ahead if m.period not in reported][:NEXT_COUNT]:
                lines.append("- " + _meeting_line(ctx, meeting))
                if meeting.moved_from is not None:
                    note = await _moved_note(ctx, moves.get(meeting.period))
                    if note:
                        lines.append(note)
                if meeting.shift is not None:
                    lines.append("  " + describe_shift(ctx.t, meeting.shift))
            lines.extend(done_lines)
            topic = _topic_line(ctx, context, today)
            if topic:
                lines.append(topic)
            lines.extend(await _owed_lines(ctx, cell, context, today))
            blocks.append("\n".join(lines))
        return done(Reply("\n\n".join(blocks)))

    async def _month(self, ctx: Context, month: Month) -> Outcome:
        _ = ctx.t.gettext
        cells = await visible_cells(ctx.repos, ctx.principal)
        if not cells:
            return done(Reply(_("You have no cell in your scope yet.")))
        contexts = await _cell_contexts(ctx, cells)
        names = {str(c.id): c.name for c in cells}
        rows = month_calendar([c.schedule for c in contexts.values()], month)
        periods = [str(month), str(month.quarter)]
        moves = await ctx.repos.meetings.moves(list(contexts), periods)
        lines = [
            ctx.t.ngettext(
                "Meetings in {month} ({n} cell):", "Meetings in {month} ({n} cells):", len(contexts)
            ).format(
                month=format_month(month.year, month.month), n=len(contexts)
            )
        ]
        marks = await _report_marks(ctx, [int(c) for c in contexts], month)
        for row in rows[:MAX_LINES]:
            meeting = row.meeting
            mark = marks.get((int(row.cell_id), str(meeting.kind) == "topic"), "")
            line = _("- {date} {time}, {cell}: {kind}").format(
                date=format_day_long(meeting.local_date, ctx.t),
                time=meeting.local_time.strftime("%H:%M"),
                cell=names.get(row.cell_id, row.cell_id),
                kind=_(_KIND[str(meeting.kind)]),
            )
            said = [shift_note(ctx.t, meeting.shift)] if meeting.shift is not None else []
            said += [mark] if mark else []
            lines.append(f"{line} ({'; '.join(said)})" if said else line)
            if meeting.moved_from is not None:
                latest = _latest_moves(moves.get(int(row.cell_id), []))
                note = await _moved_note(ctx, latest.get(meeting.period))
                if note:
                    lines.append(note)
        if len(rows) > MAX_LINES:
            lines.append(_("… and {n} more.").format(n=len(rows) - MAX_LINES))
        undated = [
            names.get(str(cell_id), str(cell_id))
            for cell_id, context in contexts.items()
            if _undated_topic_due(context, month)
            and (cell_id, True) not in marks
            and str(month.quarter) not in context.schedule.reported
        ]
        if undated:
            quarter = month.quarter
            due = (
                _("Topic session of quarter {quarter} due this month, not dated yet: {cells}")
                if month == month_of(ctx.today())
                else _("Topic session of quarter {quarter} due in {month}, not dated yet: {cells}")
            )
            lines.append(
                due.format(
                    quarter=format_quarter(quarter.year, quarter.quarter),
                    month=format_month(month.year, month.month),
                    cells=", ".join(undated[:MAX_LINES]),
                )
            )
        missing = [c.name for c in cells if c.id not in contexts]
        if missing:
            lines.append(_("No meeting day set: {cells}").format(cells=", ".join(missing[:20])))
        since = datetime.combine(month.plus(-1).first_day, time(0), tzinfo=ctx.config.timezone)
        end = datetime.combine(month.plus(1).first_day, time(0), tzinfo=ctx.config.timezone)
        until = min(ctx.clock.now(), end)  # a past month: its own reminders, not the months after
        closed = await ctx.repos.reminders.closed_since(list(contexts), since, until)
        unsent: list[str] = []
        for reminder in closed:
            line = _("- {cell}, {date}: {reason}").format(
                cell=names.get(str(reminder.cell_id), str(reminder.cell_id)),
                date=format_day_long(reminder.due_at.astimezone(ctx.config.timezone).date(), ctx.t),
                reason=_reason(ctx, reminder.reason_msgid, reminder.reason_params),
            )
            if line not in unsent:  # two reminders of one day for one reason: one line
                unsent.append(line)
        if unsent:
            lines += [_("Reminders not sent:"), *unsent[-10:]]
        return done(Reply("\n".join(lines)))


async def _report_marks(
    ctx: Context, cell_ids: list[int], month: Month
) -> dict[tuple[int, bool], str]:
    """(cell, is the topic session) → what its report says: reported, meeting not held, returned.

    The month's meeting reads from the month's regular report; a topic session from any topic
    session held in the quarter (on its own or with a regular meeting)."""
    quarter = month.quarter
    months = [str(quarter.month(i)) for i in (1, 2, 3)]
    marks: dict[tuple[int, bool], str] = {}
    for report in await ctx.repos.reports.in_periods(cell_ids, months):
        if report.slot == "monthly" and report.period == str(month):
            if report.status == "returned":
                word = RETURNED
            elif report.held:
                word = REPORTED
            else:
                word = NOT_HELD
            marks[(report.cell_id, False)] = lower_first(ctx.t.gettext(word))
        if report.status == "sent" and report.held and report.kind in ("topic", "combined"):
            marks[(report.cell_id, True)] = lower_first(ctx.t.gettext(REPORTED))
    return marks


def _reason(ctx: Context, msgid: str | None, params: dict[str, Any] | None) -> str:
    if not msgid:
        return ""
    text = ctx.t.gettext(msgid)
    return text.format(**params) if params else text


@dataclass(frozen=True)
class _Target:
    period: str
    meeting: PlannedMeeting


class MoveMeetingFlow:
    """/doilich: pick the cell (if several), the meeting (if the month has two), a new date
    (and time), a reason; then store the move, audit it and re-plan the cell's reminders."""

    name = "move_meeting"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        cell_ids = sorted(ctx.principal.cell_ids())
        if not cell_ids:
            return done(Reply(_("Only a cell's secretary can move its meeting.")))
        if len(cell_ids) > 1:
            cells = [c for c in await ctx.repos.reminders.cells(cell_ids)]
            choices = tuple(Choice(c.name, str(c.id)) for c in cells)
            return ask(FlowState(self.name, "cell"), _("Which cell?"), choices)
        return await self._pick_meeting(ctx, cell_ids[0])

    async def _context(self, ctx: Context, cell_id: int) -> CellContext | None:
        cells = await ctx.repos.reminders.cells([cell_id])
        return (await load_cells(ctx.repos, cells)).get(cell_id)

    async def _pick_meeting(self, ctx: Context, cell_id: int) -> Outcome:
        _ = ctx.t.gettext
        context = await self._context(ctx, cell_id)
        if context is None:
            return done(
                Reply(_("No meeting day is set for this cell yet. Please ask the party committee."))
            )
        _now, today, _tz = _local_today(ctx, context)
        month = month_of(today)
        reported = context.schedule.reported
        this_month = meetings_in_month(context.schedule, month)
        meetings = [m for m in this_month if m.period not in reported]
        before: list[str] = []
        if all(m.local_date < today for m in meetings):
            # this month's meeting is behind us: next month's may be the one to move
            meetings += meetings_in_month(context.schedule, month.plus(1))
            before = [
                await _reported_already(ctx, cell_id, m)
                for m in this_month
                if m.period in reported
            ]
        if not meetings:
            return done(Reply(_("This month's meeting has already been reported.")))
        if len(meetings) > 1:
            choices = tuple(Choice(_meeting_line(ctx, m), m.period) for m in meetings)
            return ask(
                FlowState(self.name, "meeting", {"cell_id": cell_id}),
                "\n".join([*before, _("Which meeting do you want to move?")]),
                choices,
            )
        return await self._ask_date(ctx, context, meetings[0].period, before)

    async def _ask_date(
        self, ctx: Context, context: CellContext, period: str, before: list[str] | None = None
    ) -> Outcome:
        _ = ctx.t.gettext
        meeting = _find(context, period)
        if meeting is None:
            return done(Reply(_("That meeting is no longer on the schedule.")))
        reported = period in context.schedule.reported
        now, _today, tz = _local_today(ctx, context)
        try:
            validate_move(period, meeting.local_date, None, now=now, tz=tz, reported=reported)
        except MoveError as error:
            if error.code == "already_reported":
                return done(Reply(ctx.t.render(error.text)))
        label = _period_label(ctx, period)
        values = {
            "what": _(_KIND[str(meeting.kind)]),
            "period": label,
            "cell": context.cell.name,
            "date": format_day_long(meeting.local_date, ctx.t),
            "time": meeting.local_time.strftime("%H:%M"),
            "example": _example_for(period, meeting.local_date, _today, context.calendar),
        }
        if meeting.shift is not None:  # on a working day, not the rule's own day: say why
            text = _(
                "The {what} of {period} of {cell} is set for {date} at {time}. {shift} Please type"
                " the new date, with a time if it changes (e.g. {example}):"
            ).format(shift=describe_shift(ctx.t, meeting.shift), **values)
        else:
            text = _(
                "The {what} of {period} of {cell} is set for {date} at {time}. Please type the new"
                " date, with a time if it changes (e.g. {example}):"
            ).format(**values)
        data = {
            "cell_id": context.cell.id,
            "period": period,
            "kind": str(meeting.kind),
            "from_date": meeting.local_date.isoformat(),
            "from_time": meeting.local_time.strftime("%H:%M"),
        }
        return ask(FlowState(self.name, "date", data), "\n".join([*(before or []), text]))

    async def again(self, ctx: Context, state: FlowState) -> Outcome:
        """The pending question once more (after /trogiup, or /doilich typed again): the new
        date, or the reason with the new date already given."""
        cell_id = int(state.data.get("cell_id", 0))
        context = await self._context(ctx, cell_id) if cell_id else None
        if context is None or state.step not in ("date", "reason"):
            return Outcome([], state)  # a choice pending: shown again as it was
        if state.step == "date":
            return await self._ask_date(ctx, context, str(state.data["period"]))
        return self._ask_reason(ctx, context, state.data)

    def _ask_reason(
        self, ctx: Context, context: CellContext, data: dict[str, Any], problem: str = ""
    ) -> Outcome:
        _ = ctx.t.gettext
        new_date = date.fromisoformat(str(data["new_date"]))
        at = data.get("new_time") or data.get("from_time") or ""
        lines = [
            _("New date: {date} at {time}.").format(
                date=format_day_long(new_date, ctx.t), time=at
            )
        ]
        warning = _day_off_warning(ctx, context, new_date)
        if problem:
            lines.append(problem)
        elif warning:
            lines.append(warning)
        lines.append(_('Why is the meeting moved? (a short reason, e.g. "Tết holiday"):'))
        return ask(FlowState(self.name, "reason", data), "\n".join(lines), expect=Expect.VALUE)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        if state.step == "cell":
            if (
                answer.value is None
                or not answer.value.isdecimal()
                or int(answer.value) not in ctx.principal.cell_ids()
            ):
                return await self.start(ctx, "")
            return await self._pick_meeting(ctx, int(answer.value))
        cell_id = int(state.data.get("cell_id", 0))
        if cell_id not in ctx.principal.cell_ids():
            return done(Reply(_("Only a cell's secretary can move its meeting.")))
        context = await self._context(ctx, cell_id)
        if context is None:
            return done(
                Reply(_("No meeting day is set for this cell yet. Please ask the party committee."))
            )
        if state.step == "meeting":
            if answer.value is None:
                return await self._pick_meeting(ctx, cell_id)
            return await self._ask_date(ctx, context, answer.value)
        if state.step == "date":
            return await self._got_date(ctx, context, state, answer.text)
        if state.step == "reason":
            return await self._got_reason(ctx, context, state, answer.text)
        return await self.start(ctx, "")

    async def _got_date(
        self, ctx: Context, context: CellContext, state: FlowState, text: str
    ) -> Outcome:
        _ = ctx.t.gettext
        now, today, tz = _local_today(ctx, context)
        period = str(state.data["period"])
        alone = time_alone(text)
        if isinstance(alone, ParseError):  # what was wrong, then the question again
            return await self._ask_date(ctx, context, period, [ctx.t.render(alone.message)])
        if alone is not None:  # "20:00", "8 giờ tối": the same day, at a new time
            text = f"{date.fromisoformat(str(state.data['from_date'])):%d/%m/%Y} {text}"
        split = split_time(text)
        if isinstance(split, ParseError):
            return await self._ask_date(ctx, context, period, [ctx.t.render(split.message)])
        date_text, new_time = split.rest, split.at
        if new_time is None and state.data.get("from_time"):
            # a new date alone keeps the meeting's time (as the question says), not the
            # cell's usual one: a meeting moved to 20:00 stays at 20:00 when moved again
            new_time = parse_time(str(state.data["from_time"]))
        planned = date.fromisoformat(str(state.data["from_date"]))
        example = _example_day(period, planned, today, context.calendar)
        parsed = parse_user_date(date_text, today, MOVE_DATES, example=example)
        if not isinstance(parsed, date):
            return await self._ask_date(ctx, context, period, [ctx.t.render(parsed.message)])
        # what the typed date was read as, said before anything that follows from it ("1" is
        # today: «19:30 today has already passed» alone does not say why a time is asked)
        read = _("«{typed}» is read as {date}.").format(
            typed=date_text.strip(), date=format_day_long(parsed, ctx.t)
        )
        try:  # one rule, one message: from today to the end of the meeting's month (or quarter)
            validate_move(
                period,
                parsed,
                new_time,
                now=now,
                tz=tz,
                reported=period in context.schedule.reported,
            )
        except MoveError as error:
            if error.code == "already_reported":
                return done(Reply(ctx.t.render(error.text)))
            return await self._ask_date(ctx, context, period, [read, ctx.t.render(error.text)])
        at = new_time.strftime("%H:%M") if new_time else None
        if parsed == planned and at == state.data.get("from_time"):
            return ask(
                state,
                "\n".join(
                    (
                        read,
                        _(
                            "That is the meeting's date and time already: nothing changes. "
                            "Please type the new date (e.g. {example}), or /huy to keep the "
                            "meeting as it is:"
                        ).format(example=_example_for(period, planned, today, context.calendar)),
                    )
                ),
            )
        data = dict(state.data)
        data["new_date"] = parsed.isoformat()
        data["new_time"] = at
        return self._ask_reason(ctx, context, data)  # «Ngày mới: …» says the date read

    async def _got_reason(
        self, ctx: Context, context: CellContext, state: FlowState, text: str
    ) -> Outcome:
        _ = ctx.t.gettext
        if cancel_said(text):  # «huy», «thôi» at the reason: no move, nothing saved
            return done(Reply(_("Cancelled. Nothing was saved.")))
        when = _new_day_typed(text, state.data, _local_today(ctx, context)[1])
        if when is not None:  # «6/12 8h», «20h»: the day corrected, the reason asked again
            data = {k: v for k, v in state.data.items() if k not in ("new_date", "new_time")}
            return await self._got_date(ctx, context, FlowState(self.name, "date", data), when)
        if asks_in_words(text) or text.strip().endswith("?"):
            # «cho hoi doi lich co can bao dang uy khong?»: no reason the officers should read,
            # a question, answered beside; the reason is asked again, nothing moved
            return asked_beside(state)
        reason = " ".join(text.split())
        if not reason:
            return ask(state, _("Please type a short reason for the move:"))
        if len(reason) < 2 or not any(c.isalpha() for c in reason):
            # "1", "2": a choice's number from habit, not a reason the officers can read
            problem = _("«{text}» is no reason: please type the reason in words.").format(
                text=reason
            )
            return self._ask_reason(ctx, context, state.data, problem)
        if len(reason) > REASON_LIMIT:
            problem = _(
                "The reason is too long ({n} characters). Please keep it under {limit}:"
            ).format(n=len(reason), limit=REASON_LIMIT)
            return self._ask_reason(ctx, context, state.data, problem)
        period = str(state.data["period"])
        new_date = date.fromisoformat(str(state.data["new_date"]))
        new_time_text = state.data.get("new_time")
        new_time = parse_time(str(new_time_text)) if new_time_text else None
        now, _today, tz = _local_today(ctx, context)
        try:  # the state may have changed while the secretary typed
            validate_move(
                period,
                new_date,
                new_time,
                now=now,
                tz=tz,
                reported=period in context.schedule.reported,
            )
        except MoveError as error:
            return done(Reply(ctx.t.render(error.text)))
        cell_id = context.cell.id or 0
        from_date = date.fromisoformat(str(state.data["from_date"]))
        move = await ctx.repos.meetings.record_move(
            cell_id=cell_id,
            period=period,
            kind=str(state.data["kind"]),
            from_date=from_date,
            to_date=new_date,
            to_time=new_time_text,
            reason=reason,
            by=ctx.account.id,
            now=now,
        )
        await ctx.repos.audit.record(
            actor_account_id=ctx.account.id,
            action="meeting.move",
            entity="meeting",
            entity_id=move.meeting_id,
            now=now,
            before={"period": period, "date": from_date.isoformat()},
            after={"date": new_date.isoformat(), "time": new_time_text, "reason": reason},
        )
        await replan_cell(ctx.repos, cell_id, now, tasks=ctx.services.task_deadlines)
        meeting = _find(await self._context(ctx, cell_id) or context, period)
        at = meeting.local_time if meeting else (new_time or context.schedule.rule.at)
        return done(
            Reply(
                _(
                    "Done: the {what} of {period} of {cell} is now on {date} at {time}."
                    " Reminders will follow the new date."
                ).format(
                    what=_(_KIND[str(state.data["kind"])]),
                    period=_period_label(ctx, period),
                    cell=context.cell.name,
                    date=format_day_long(new_date, ctx.t),
                    time=at.strftime("%H:%M"),
                )
            )
        )


def _new_day_typed(text: str, data: dict[str, Any], today: date) -> str | None:
    """What to read as the new date when the text typed for the reason is a date and/or a time
    (the day corrected), else None. A time alone is on the new date typed before; a date alone
    keeps the new time typed before. A number alone («1», «2.») is a choice's number from
    habit, no date."""
    if not text.strip():
        return None
    alone = time_alone(text)
    new_date = date.fromisoformat(str(data["new_date"]))
    if alone is not None:
        return f"{new_date:%d/%m/%Y} {text}"
    split = split_time(text)
    if isinstance(split, ParseError):
        return None
    if split.at is None and fold(text).strip(" .!?,;:").isdecimal():
        return None
    parsed = parse_user_date(split.rest, today, MOVE_DATES)
    if isinstance(parsed, ParseError) and parsed.code in (E_EMPTY, E_UNREADABLE):
        return None
    if split.at is None and data.get("new_time"):
        return f"{text} {data['new_time']}"
    return text


async def _reported_already(ctx: Context, cell_id: int, meeting: PlannedMeeting) -> str:
    """One line: this month's meeting is reported, so the next one is the one to move; reported
    as not held, the date it will be held instead is set by changing that report."""
    _ = ctx.t.gettext
    values = {
        "what": _(_KIND[str(meeting.kind)]),
        "period": _period_label(ctx, meeting.period),
        "new_date": _("New date"),
    }
    if await _reported_not_held(ctx, cell_id, meeting.period):
        return _(
            "The {what} of {period} was reported as not held. To set the day it will be held "
            "instead, type /sua and choose «{new_date}»."
        ).format(**values)
    return _("The {what} of {period} is already reported.").format(**values)


async def _reported_not_held(ctx: Context, cell_id: int, period: str) -> bool:
    """Whether the period's meeting is reported as not held (and no other day set since: a
    day set moves it, and it is no longer reported)."""
    stored = await ctx.repos.meetings.get(cell_id, period)
    return stored is not None and stored.held is False


def _find(context: CellContext, period: str) -> PlannedMeeting | None:
    return current_meeting(context.schedule, period)


def _period_label(ctx: Context, period: str) -> str:
    """ "tháng 11/2026" or "quý IV/2026"."""
    _ = ctx.t.gettext
    target = parse_period(period)
    if isinstance(target, Month):
        return _("month {month}").format(month=format_month(target.year, target.month))
    return _("quarter {quarter}").format(quarter=format_quarter(target.year, target.quarter))


def schedule_commands() -> list[CommandSpec]:
    """The commands this module adds (wired in handlers/app.py)."""
    officers_and_cells = frozenset(CELL_ROLES | ORG_ROLES)
    return [
        CommandSpec("lich", officers_and_cells, N_("next meetings"), ScheduleFlow()),
        CommandSpec(
            "doilich",
            frozenset({RoleName.SECRETARY, RoleName.DEPUTY}),
            N_("move this month's meeting"),
            MoveMeetingFlow(),
        ),
    ]
