"""/baocao: report a meeting in a few answers (or one line), each checked, then sent.

/baocao asks which cell and which meeting only when there is a choice (the open months, newest
first but those planned for a later day after those due; a separate topic session);
`/baocao 2026-11` (a reminder's button) opens that month, and `/baocao 17/18 vkl 1 ct co nq co
xl tot` reads a whole report from one line. The schedule gives the meeting's date and kind. The
questions are the steps of handlers/flows/report_steps.py; every one names the cell and the
month. Sending goes through services.reports.submit_report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from core.i18n import Text, Translator
from core.messages import Choice, Reply
from core.textfold import fold
from core.vnformat import format_date, format_day_long, format_month, format_quarter
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, asked_beside, done
from handlers.flows.report_lines import describe_report
from handlers.flows.report_steps import (
    BY_NAME,
    CANCEL,
    CHANGE,
    COMING,
    DROP_BACK,
    DROP_SURE,
    NOT_HELD,
    NOTE,
    NUMBER_STEPS,
    SEND,
    asked_instead,
    attendance_problems,
    check_not_yet,
    choose_again,
    header,
    line_too_early,
    next_step,
    take_compact,
)
from handlers.reporting.asked import asks_at_choice
from handlers.reporting.attendance import attendance_warnings
from handlers.reporting.compact import parse_compact_report
from handlers.reporting.draft import MONTHLY, TOPIC, ReportDraft, report_to_json
from handlers.reporting.grades import parse_yes_no
from handlers.reporting.records import last_roll, previous_unexcused, row_report, topic_status
from handlers.reporting.report import KIND_LABELS, MeetingKind, PartialReport
from handlers.reporting.userdates import REPORT_DATES
from handlers.typed_commands import command_said
from scheduler.periods import Month, Quarter, month_of, parse_period
from scheduler.reporting_window import open_months
from scheduler.review_periods import (
    E_FUTURE,
    E_MONTH,
    E_QUARTER,
    PeriodError,
    ReviewPeriod,
    parse_review_period,
)
from services.cell_schedule import (
    cell_schedule,
    regular_meeting,
    separate_topic_month,
    topic_session,
)
from services.cell_setting import CellSetting, load_setting
from services.reminder_planning import CellContext
from services.reports import Refused, Submission, check_open, submit_report
from storage.models import MeetingReport

NAME = "report"
_PERIOD_ARG = re.compile(r"^\s*(\d{4}-(?:\d{2}|Q[1-4]))\s*$")
_TOPIC_SAID = frozenset(
    (
        "chuyen de",
        "sinh hoat chuyen de",
        "buoi chuyen de",
        "bao cao chuyen de",
        "bao cao sinh hoat chuyen de",
        "bao cao buoi chuyen de",
    )
)


def period_said(text: str, today: date) -> Month | Quarter | PeriodError | None:
    """The month or quarter typed after /baocao (or at its list of meetings) as officers type
    periods, scheduler.review_periods: «tháng 09/2026», «t9/2026», «09/2026», «quý 4», «q4» (a
    month or quarter without a year is the latest begun); "chuyên đề" is this quarter's topic
    session; why a period read cannot be («tháng 13», a month not begun). None for anything
    else (a line of answers: «17/18 vkl 1»)."""
    if " ".join(fold(text).strip(" .").split()) in _TOPIC_SAID:
        return month_of(today).quarter
    if not text.strip():
        return None
    period = parse_review_period(text, today)
    if isinstance(period, ReviewPeriod) and period.kind == "quarter":
        return period.first.quarter
    if isinstance(period, ReviewPeriod) and period.kind == "month":
        return period.first
    if isinstance(period, PeriodError) and period.code in (E_MONTH, E_QUARTER, E_FUTURE):
        return period
    return None


@dataclass(frozen=True)
class Option:
    """One meeting that can be reported now."""

    month: Month
    slot: str
    label: str
    row: MeetingReport | None  # a returned or not-held report it replaces


def month_label(month: Month) -> str:
    return format_month(month.year, month.month)


def quarter_text(quarter: Quarter) -> str:
    """ "IV/2026"."""
    return format_quarter(quarter.year, quarter.quarter)


def topic_label(t: Translator, context: CellContext | None, quarter: Quarter) -> str:
    """A quarter's topic session before it is held, as /lich and the reminders plan it:
    «Sinh hoạt chuyên đề quý IV/2026 (dự kiến tháng 10/2026)», or its planned date when the
    cell dates it. Never the month it would be filed in: that is the month it is held in,
    known once the secretary says the day."""
    label = t.gettext("Topic session of quarter {quarter}").format(quarter=quarter_text(quarter))
    topic = context.schedule.topic if context is not None else None
    if context is None or topic is None:
        return label
    planned = topic.month(quarter)
    session = topic_session(context, planned)
    if session is not None:
        return f"{label} ({format_date(session.local_date)[:5]})"
    return t.gettext("{label} (planned for month {month})").format(
        label=label, month=month_label(planned)
    )


class ReportFlow:
    """The meeting report: one question per message, each checked, the summary, then sent."""

    name = NAME

    def takes_name(self, state: FlowState) -> bool:
        """Whether the pending question takes who attended from the upper level, by name."""
        return state.step in ("upper", "upper_name")

    def wants_number(self, state: FlowState) -> bool:
        """Whether the pending question wants a count typed (members, exempted, present,
        absent without a reason) or a day (the meeting's, a new one), where «huy», «thôi» can
        only mean /huy."""
        return state.step in NUMBER_STEPS

    # --- starting ----------------------------------------------------------------------------

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        cells = sorted(ctx.principal.cell_ids())
        if not cells:
            return done(Reply(_("You have no cell to report for.")))
        if len(cells) > 1:
            names = [await load_setting(ctx.repos, cell_id) for cell_id in cells]
            choices = tuple(Choice(s.cell.name, f"cell:{s.cell_id}") for s in names if s)
            state = FlowState(NAME, "cell", {"args": args})
            return ask(state, _("Which cell are you reporting for?"), choices)
        return await self._for_cell(ctx, cells[0], args)

    async def _for_cell(self, ctx: Context, cell_id: int, args: str) -> Outcome:
        _ = ctx.t.gettext
        setting = await load_setting(ctx.repos, cell_id)
        if setting is None or cell_id not in ctx.principal.cell_ids():
            return done(Reply(_("You do not have access to that cell.")))
        context = await cell_schedule(ctx.repos, setting.cell)
        wanted = _PERIOD_ARG.match(args)
        period = parse_period(wanted[1]) if wanted else period_said(args, ctx.today())
        if isinstance(period, PeriodError):
            return done(Reply(self._period_refused(ctx, period)))
        line = "" if wanted or period is not None else args.strip()
        options, closed = await self._options(ctx, setting, context, period)
        if not options:
            return done(self._nothing_to_report(ctx, setting, period, closed))
        if line and period is None:
            # "/baocao hop 30/11, ..." on 1 December: the line's meeting date says the month.
            held = parse_compact_report(line, ctx.today(), REPORT_DATES).report.date
            if held is not None:
                month = Month(held.year, held.month)
                options = [o for o in options if o.month == month] or options
        if len(options) == 1 and (options[0].slot == MONTHLY or period is not None):
            return await self._begin(ctx, setting, context, options[0], line)
        data = {"cell_id": cell_id, "line": line}
        state = FlowState(NAME, "meeting", data)
        choices = tuple(
            Choice(o.label, f"{o.month}|{o.slot}|{o.row.id if o.row else ''}") for o in options
        )
        question = _("Which meeting are you reporting?")
        if all(o.slot == TOPIC for o in options):
            # The month's meeting is reported: a separate topic session, or a correction.
            question = _("The month's meeting report has been sent. What would you like to do?")
            choices += (Choice(_("Change the report"), "/sua"),)
        return ask(state, question, choices)

    async def _options(
        self,
        ctx: Context,
        setting: CellSetting,
        context: CellContext | None,
        period: Month | Quarter | None,
    ) -> tuple[list[Option], dict[Month, str]]:
        """The meetings that can be reported now, and why others cannot (the months closed):
        newest first, but a meeting still to come (December's on 03/12 asked on 01/12, or at
        14:00 today asked at 02:45) after those already due, since the one due is the one a
        secretary most likely reports."""
        _ = ctx.t.gettext
        repos, today, now = ctx.repos, ctx.today(), ctx.clock.now()
        options: list[Option] = []
        ahead: list[Option] = []  # planned for a day and hour still to come
        closed: dict[Month, str] = {}
        months = open_months(today, setting.open_until_day())
        if isinstance(period, Month) and period not in months and period <= month_of(today):
            # a month asked for by name («/baocao tháng 9») whose reports are no longer taken
            refused = await check_open(repos, setting, period, today=today, zone=ctx.config.timezone)
            if refused is not None:
                closed[period] = ctx.t.render(refused.message)
        for month in months:
            if isinstance(period, Month) and month != period:
                continue
            if isinstance(period, Quarter) and month.quarter != period:
                continue
            refused = await check_open(repos, setting, month, today=today, zone=ctx.config.timezone)
            if refused is not None:
                closed[month] = ctx.t.render(refused.message)
                continue
            monthly = await repos.reports.find(setting.cell_id, str(month), MONTHLY)
            meeting = regular_meeting(context, month) if context else None
            if monthly is None or monthly.status == "returned" or not monthly.held:
                when = f" ({format_date(meeting.local_date)[:5]})" if meeting else ""
                kind = meeting.kind if meeting else MeetingKind.REGULAR
                label = _("{kind} of month {month}").format(
                    kind=ctx.t.gettext(KIND_LABELS[kind]), month=month_label(month)
                ) + when
                if monthly is not None and monthly.status == "returned":
                    label = _("{label} (returned for correction)").format(label=label)
                later = meeting is not None and meeting.starts_at > now
                (ahead if later else options).append(Option(month, MONTHLY, label, monthly))
            offered = any(o.slot == TOPIC and o.month.quarter == month.quarter for o in options)
            if offered or any(o.slot == TOPIC and o.month.quarter == month.quarter for o in ahead):
                continue  # a quarter's topic session is offered once, in its newest month
            if await self._topic_open(ctx, setting, context, month, monthly, period):
                label = topic_label(ctx.t, context, month.quarter)
                session = topic_session(context, month) if context else None
                later = session is not None and session.starts_at > now
                (ahead if later else options).append(Option(month, TOPIC, label, None))
        return options + ahead, closed

    async def _topic_open(
        self,
        ctx: Context,
        setting: CellSetting,
        context: CellContext | None,
        month: Month,
        monthly: MeetingReport | None,
        period: Month | Quarter | None,
    ) -> bool:
        """A separate topic session can be reported this month: none reported for it yet, the
        schedule plans one here or the month's meeting is reported, and the quarter has none
        held yet; or it was asked for."""
        if await ctx.repos.reports.find(setting.cell_id, str(month), TOPIC) is not None:
            return False
        asked = isinstance(period, Quarter)
        planned_here = context is not None and separate_topic_month(context, month)
        monthly_done = monthly is not None and monthly.held and monthly.status == "sent"
        if not (asked or planned_here or monthly_done):
            return False
        status = await topic_status(ctx.repos, setting.cell, month, None, exclude=None)
        # a quarter whose topic session is held (a meeting combined with one) is offered
        # another only when asked for ("/baocao quý 4")
        return asked or not status.held_this_quarter

    def _period_refused(self, ctx: Context, error: PeriodError) -> str:
        """Why a month or quarter typed cannot be reported: one not begun has no meeting yet."""
        if error.code == E_FUTURE:
            return ctx.t.gettext(
                "«{text}» has not begun yet, so there is no meeting of it to report."
            ).format(text=error.message.params.get("text", ""))
        return ctx.t.render(error.message)

    def _nothing_to_report(
        self,
        ctx: Context,
        setting: CellSetting,
        period: Month | Quarter | None,
        closed: dict[Month, str],
    ) -> Reply:
        """Why nothing can be reported: the months closed, and the month asked for (or this
        one) already reported when it is not closed, with the way to change it."""
        _ = ctx.t.gettext
        month = period if isinstance(period, Month) else Month(ctx.today().year, ctx.today().month)
        lines = list(closed.values())
        if month in closed:
            return Reply("\n".join(lines))
        lines.append(
            _("The meeting report for {month} has already been sent. To change it, type /sua.")
            .format(month=month_label(month))
        )
        return Reply("\n".join(lines), (Choice(_("Change the report"), "/sua"),))

    async def _begin(
        self,
        ctx: Context,
        setting: CellSetting,
        context: CellContext | None,
        option: Option,
        line: str,
    ) -> Outcome:
        _ = ctx.t.gettext
        if option.row is not None and option.row.status == "returned":
            return await edit_report(ctx, option.row, setting)
        month = option.month
        if option.slot == TOPIC:
            meeting = topic_session(context, month) if context else None
            kind = MeetingKind.TOPIC
        else:
            meeting = regular_meeting(context, month) if context else None
            kind = meeting.kind if meeting else MeetingKind.REGULAR
        on_roll, exempted = await last_roll(ctx.repos, setting.cell)
        draft = ReportDraft(
            cell_id=setting.cell_id,
            cell_name=setting.cell.name,
            period=str(month),
            slot=option.slot,
            planned_date=meeting.local_date if meeting else None,
            planned_start=meeting.starts_at if meeting else None,
            planned_kind=kind,
            report=PartialReport(on_roll=on_roll, exempted=exempted),
            roll_before=on_roll,
            exempted_before=exempted,
            report_id=option.row.id if option.row else None,
            base_version=option.row.version if option.row else None,
            base=base_of(option.row) if option.row else None,
            began_at=ctx.clock.now(),
        )
        before: list[str] = []
        if line:
            result = parse_compact_report(line, ctx.today(), REPORT_DATES)
            refused = await take_compact(ctx, draft, result.report)
            errors = [ctx.t.render(error) for error in result.errors]
            errors += line_too_early(ctx, draft, result.report)
            errors += [refused] if refused is not None else []
            if result.report.known():
                before.append(_("Read from your line:"))
                if next_step(draft) is not None or errors:  # else the summary says it all
                    before.extend(f"- {item}" for item in describe_draft(ctx.t, draft, ctx.today()))
            before.extend(errors)
        return await self._next(ctx, FlowState(NAME, "", {}), draft, before)

    # --- answering ---------------------------------------------------------------------------

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        if state.step == "cell":
            value = answer.value or ""
            if not value.startswith("cell:"):
                return await self.start(ctx, str(state.data.get("args", "")))
            return await self._for_cell(ctx, int(value[5:]), str(state.data.get("args", "")))
        if state.step == "meeting":
            return await self._picked(ctx, state, answer)
        draft = ReportDraft.from_json(dict(state.data["draft"]))
        if state.step == "summary":
            return await self._summary_answer(ctx, state, draft, answer)
        if state.step == "drop":
            return await self._drop_answer(ctx, state, draft, answer)
        step = BY_NAME.get(state.step) or next_step(draft)
        if step is None:
            return await self._next(ctx, state, draft, [])
        if answer.choice is None and asked_instead(step, answer.text):
            return asked_beside(state)  # answered, then this question again: nothing lost
        if answer.choice is None and not step.in_words and command_said(answer.text):
            # «lich hop», «huong dan» at a question that takes no words: the command, beside
            return asked_beside(state)
        taken = await step.take(ctx, draft, answer)
        if taken == NOT_HELD:
            return done(
                Reply(
                    ctx.t.gettext(
                        "Then there is nothing to report yet. When the topic session has been "
                        "held, type /baocao."
                    )
                )
            )
        if taken == COMING:
            return done(self._not_yet(ctx, draft))
        problems = taken if isinstance(taken, list) else []
        if problems == [choose_again(ctx)] and asks_at_choice(answer.text):
            # «ai ký kế hoạch 74» where an option is picked: asked, not a wrong pick
            return asked_beside(state)
        return await self._next(ctx, state, draft, problems)

    def _not_yet(self, ctx: Context, draft: ReportDraft) -> Reply:
        """The meeting is still to come: nothing is filed, and the person is told when to
        report (its reminders stay as they were)."""
        _ = ctx.t.gettext
        planned = draft.planned_date
        return Reply(
            "\n".join(
                (
                    header(ctx, draft),
                    _("Nothing was saved; the meeting stays planned for {date}.").format(
                        date=format_day_long(planned, ctx.t) if planned else "-"
                    ),
                    _(
                        "After the meeting, type /baocao to report it. To move the meeting to "
                        "another day, type /doilich."
                    ),
                )
            )
        )

    async def again(self, ctx: Context, state: FlowState) -> Outcome:
        """The pending question once more, after what is entered so far (/baocao typed again
        in the middle of a report); before the draft exists, the question as it was shown."""
        if "draft" not in state.data:
            return Outcome([], state)
        draft = ReportDraft.from_json(dict(state.data["draft"]))
        if state.step == "summary":
            return await self._next(ctx, state, draft, [])  # the summary says it all
        # before «held or not» is answered, the roll the cell's record gives is all there is:
        # nothing the person entered
        entered = describe_draft(ctx.t, draft, ctx.today()) if draft.report.held is not None else []
        before = [ctx.t.gettext("Entered so far:"), *(f"- {line}" for line in entered)]
        return await self._next(ctx, state, draft, before if entered else [])

    async def _picked(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        cell_id = int(state.data["cell_id"])
        line = str(state.data.get("line", ""))
        if answer.value is None and (
            asks_at_choice(answer.text) or command_said(answer.text) is not None
        ):
            # «ai ký kế hoạch 15», «lich hop» where a meeting is picked: answered beside, the
            # list again after it (as at the report's own numbered questions)
            return asked_beside(state)
        said = period_said(answer.text, ctx.today()) if answer.value is None else None
        if said is not None and not isinstance(said, PeriodError):
            # «chuyên đề», «báo cáo chuyên đề», «quý 4» where a meeting is picked: that
            # quarter's topic session, as «/baocao quý 4» offers it, though this list did not;
            # «tháng 11/2026», «t11»: that month's meeting
            return await self._period_picked(ctx, cell_id, said, line, answer.text)
        if answer.value is None or answer.value.count("|") != 2:
            # the list again, with why: the answer named none of the meetings (or a month or
            # quarter that cannot be: «tháng 13», one not begun)
            why = ctx.t.gettext(
                "Please choose the meeting by its number, or type words of one of them (e.g. "
                "«chuyên đề»)."
            )
            if isinstance(said, PeriodError):
                why = self._period_refused(ctx, said)
            return await self._list_again(ctx, cell_id, line, why)
        period, slot, _row = answer.value.split("|")
        setting = await load_setting(ctx.repos, cell_id)
        if setting is None or cell_id not in ctx.principal.cell_ids():
            return done(Reply(ctx.t.gettext("You do not have access to that cell.")))
        context = await cell_schedule(ctx.repos, setting.cell)
        options, _closed = await self._options(ctx, setting, context, None)
        chosen = next(
            (o for o in options if str(o.month) == period and o.slot == slot), None
        )
        if chosen is None and slot == TOPIC:
            # one more topic session of a quarter that has one is offered only when asked for
            # («/baocao quý 4»): asked again for its quarter, or the list opened another meeting
            options, _closed = await self._options(
                ctx, setting, context, Month.parse(period).quarter
            )
            chosen = next(
                (o for o in options if str(o.month) == period and o.slot == slot), None
            )
        if chosen is None:  # it was reported or closed meanwhile
            return await self._for_cell(ctx, cell_id, line)
        return await self._begin(ctx, setting, context, chosen, line)

    async def _period_picked(
        self, ctx: Context, cell_id: int, period: Month | Quarter, line: str, typed: str
    ) -> Outcome:
        """The topic session of a quarter, or the meeting of a month, begun, said in words at
        the list of meetings; when it cannot be reported (sent already, the month closed),
        what «/baocao quý 4», «/baocao tháng 11» answer."""
        setting = await load_setting(ctx.repos, cell_id)
        if setting is None or cell_id not in ctx.principal.cell_ids():
            return done(Reply(ctx.t.gettext("You do not have access to that cell.")))
        context = await cell_schedule(ctx.repos, setting.cell)
        options, _closed = await self._options(ctx, setting, context, period)
        slot = TOPIC if isinstance(period, Quarter) else MONTHLY
        chosen = next((o for o in options if o.slot == slot), None)
        if chosen is None:
            # why not (sent already, the month closed), then the list again
            refused = await self._for_cell(ctx, cell_id, typed)
            if refused.state is not None or not refused.replies:
                return refused
            return await self._list_again(ctx, cell_id, line, refused.replies[0].text)
        return await self._begin(ctx, setting, context, chosen, line)

    async def _list_again(self, ctx: Context, cell_id: int, line: str, why: str) -> Outcome:
        """The list of meetings once more, after why the answer picked none of them."""
        asked = await self._for_cell(ctx, cell_id, line)
        if asked.state is None or not asked.replies:
            return asked
        first = asked.replies[0]
        return Outcome(
            [replace(first, text=f"{why}\n{first.text}"), *asked.replies[1:]], asked.state
        )

    async def _summary_answer(
        self, ctx: Context, state: FlowState, draft: ReportDraft, answer: Answer
    ) -> Outcome:
        if answer.value == SEND or (answer.value is None and parse_yes_no(answer.text) is True):
            # «có», «ok», «đúng rồi» to «Đồng chí gửi báo cáo chứ?»: send it
            return await self._send(ctx, draft)
        if answer.value == CHANGE:
            draft.queue.insert(0, "change")
            return await self._next(ctx, state, draft, [])
        if answer.value == NOTE:
            draft.queue.insert(0, "note")
            return await self._next(ctx, state, draft, [])
        if answer.value == CANCEL:
            return self._ask_drop(ctx, state, draft)
        return await self._next(
            ctx, state, draft, [choose_again(ctx)]
        )

    def _ask_drop(
        self, ctx: Context, state: FlowState, draft: ReportDraft, before: tuple[str, ...] = ()
    ) -> Outcome:
        """«Hủy» on the summary: a report with its answers is dropped only when said twice (one
        mistyped digit, 4 for 1, would lose them all); a correction that changed nothing, at
        once."""
        _ = ctx.t.gettext
        began = draft.began_from()
        today = ctx.today()
        if began is not None and describe_draft(ctx.t, began, today) == describe_draft(
            ctx.t, draft, today
        ):
            return done(Reply(_("Cancelled. Nothing was saved.")))
        if draft.edit:
            question = _("Drop your changes? The report sent before stays as it was.")
            sure = _("Drop the changes")
        else:
            question = _("Drop this whole report? Nothing you entered will be saved.")
            sure = _("Drop the report")
        state.step = "drop"
        state.data = {"draft": draft.to_json()}
        choices = (Choice(sure, DROP_SURE), Choice(_("Back to the report"), DROP_BACK))
        return ask(state, "\n".join([header(ctx, draft), *before, question]), choices)

    async def _drop_answer(
        self, ctx: Context, state: FlowState, draft: ReportDraft, answer: Answer
    ) -> Outcome:
        if answer.value == DROP_SURE:
            return done(Reply(ctx.t.gettext("Cancelled. Nothing was saved.")))
        if answer.value == DROP_BACK or (
            answer.value is None and parse_yes_no(answer.text) is False
        ):
            return await self._next(ctx, state, draft, [])
        why = choose_again(ctx)
        return self._ask_drop(ctx, state, draft, (why,))

    # --- asking ------------------------------------------------------------------------------

    async def _next(
        self, ctx: Context, state: FlowState, draft: ReportDraft, before: list[str]
    ) -> Outcome:
        problems = attendance_problems(ctx, draft)
        check_not_yet(ctx, draft)
        step = next_step(draft)
        state.data = {"draft": draft.to_json()}
        lines = [header(ctx, draft), *before, *problems]
        if step is None:
            state.step = "summary"
            text, choices = self._summary(ctx, draft)
            return ask(state, "\n".join([*lines, text]), choices)
        state.step = step.name
        question = step.ask(ctx, draft)
        return Outcome(
            [Reply("\n".join([*lines, question.text]), question.choices, expect=question.expect)],
            state,
        )

    def _summary(self, ctx: Context, draft: ReportDraft) -> tuple[str, tuple[Choice, ...]]:
        _ = ctx.t.gettext
        lines = [*describe_draft(ctx.t, draft, ctx.today())]
        lines.append(_("Send the changed report?") if draft.edit else _("Send it?"))
        note_label = _("Change the note") if draft.note else _("Add a note")
        return "\n".join(lines), (
            Choice(_("Send the report"), SEND),
            Choice(_("Change an answer"), CHANGE),
            Choice(note_label, NOTE),
            Choice(_("Cancel"), CANCEL),
        )

    # --- sending -----------------------------------------------------------------------------

    async def _send(self, ctx: Context, draft: ReportDraft) -> Outcome:
        _ = ctx.t.gettext
        month = Month.parse(draft.period)
        report = draft.report
        setting = await load_setting(ctx.repos, draft.cell_id)
        flags: list[str] = []
        warnings: list[str] = []
        attendance = report.attendance()
        if setting is not None and report.held and attendance is not None:
            issues = attendance_warnings(
                attendance,
                previous_unexcused=await previous_unexcused(ctx.repos, draft.cell_id, month),
                topic=await topic_status(
                    ctx.repos,
                    setting.cell,
                    month,
                    report.kind.value if report.kind else None,
                    exclude=draft.report_id,
                ),
            )
            flags = [i.code for i in issues]
            warnings = [ctx.t.render(i.message) for i in issues]
        roll_changed = report.held and report.on_roll is not None and draft.roll_confirmed
        submission = Submission(
            cell_id=draft.cell_id,
            month=month,
            slot=draft.slot,
            values={
                "held": bool(report.held),
                "meeting_date": report.date,
                "kind": report.kind.value if report.kind else None,
                "topic_title": report.topic_title,
                "on_roll": report.on_roll,
                "exempted": report.exempted,
                "present": report.present,
                "absent_excused": report.absent_excused,
                "absent_unexcused": report.absent_unexcused,
                "upper_attended": report.upper_attended,
                "upper_name": report.upper_name,
                "resolution_adopted": report.resolution_adopted,
                "grade": report.grade.value if report.grade else None,
                "note": draft.note,
                "not_held_reason": draft.reason or "",
                "new_date": draft.new_date,
                "flags": flags,
            },
            report_id=draft.report_id,
            returned=draft.returned,
            roll=report.on_roll if roll_changed else None,
            planned=draft.planned_date,
            planned_kind=draft.planned_kind.value,
            base_version=draft.base_version,
            began_at=draft.began_at,
        )
        result = await submit_report(
            ctx.repos,
            ctx.principal,
            submission,
            now=ctx.clock.now(),
            today=ctx.today(),
            zone=ctx.config.timezone,
        )
        if isinstance(result, Refused) and result.current is not None:
            return done(self._changed_meanwhile(ctx, draft, result.message, result.current))
        if isinstance(result, Refused):
            text = ctx.t.render(result.message)
            if result.code == "closed":
                text += " " + _("Nothing was saved.")
            choices = (Choice(_("Change the report"), "/sua"),) if result.code == "already" else ()
            return done(Reply(text, choices))
        if draft.slot == TOPIC:
            quarter = month.quarter
            first = _("Recorded the topic session of quarter {quarter}. Thank you.").format(
                quarter=format_quarter(quarter.year, quarter.quarter)
            )
        elif result.action == "sent":
            first = _("Recorded the cell meeting report for {month}. Thank you.").format(
                month=month_label(month)
            )
        else:
            first = _("Recorded the changed meeting report for {month}. Thank you.").format(
                month=month_label(month)
            )
        lines = [first]
        if not report.held and draft.new_date is not None:
            lines.append(
                _("The meeting is now planned for {date}.").format(
                    date=format_day_long(draft.new_date, ctx.t)
                )
            )
        if warnings:
            lines.append(_("Please note:"))
            lines.extend(f"- {w}" for w in warnings)
        return done(Reply("\n".join(lines)))

    def _changed_meanwhile(
        self, ctx: Context, draft: ReportDraft, message: Text, current: MeetingReport
    ) -> Reply:
        """Someone changed the report after this draft began (services.reports): who and when,
        the report as it stands now, what this draft says otherwise, and a way to change the
        report as it now is (nothing of this draft was written)."""
        _ = ctx.t.gettext
        today = ctx.today()
        now = describe_report(
            ctx.t,
            row_report(current),
            reason=current.not_held_reason if not current.held else None,
            new_date=current.new_date,
            note=current.note,
            month_over=today > Month.parse(current.period).last_day,
        )
        began = draft.began_from()
        before = describe_draft(ctx.t, began, today) if began is not None else []
        mine = [
            line
            for line in describe_draft(ctx.t, draft, today)
            if line not in now and line not in before
        ]
        lines = [header(ctx, draft), ctx.t.render(message), _("The report as it stands now:")]
        lines += [f"- {line}" for line in now]
        if mine:
            lines.append(_("Your changes, not saved:") if began else _("Your report, not saved:"))
            lines += [f"- {line}" for line in mine]
        choices = (Choice(_("Change the report as it stands now"), f"/sua r:{current.id}"),)
        return Reply("\n".join(lines), choices)


def describe_draft(t: Translator, draft: ReportDraft, today: date) -> list[str]:
    """A draft's lines, as its summary shows them on `today`."""
    return describe_report(
        t,
        draft.report,
        reason=draft.reason,
        new_date=draft.new_date,
        note=draft.note,
        month_over=today > Month.parse(draft.period).last_day,
    )


async def edit_report(ctx: Context, row: MeetingReport, setting: CellSetting) -> Outcome:
    """Open a sent (or returned) report at its summary, to change and send again."""
    _ = ctx.t.gettext
    report = row_report(row)
    # the day the schedule has (its moves applied), not the day the report says it was held:
    # «held as planned» and a new date are measured from it (else a move nobody made)
    context = await cell_schedule(ctx.repos, setting.cell)
    month = Month.parse(row.period)
    if context is None:
        meeting = None
    elif row.slot == TOPIC:
        meeting = topic_session(context, month)
    else:
        meeting = regular_meeting(context, month)
    draft = ReportDraft(
        cell_id=setting.cell_id,
        cell_name=setting.cell.name,
        period=row.period,
        slot=row.slot,
        planned_date=meeting.local_date if meeting is not None else None,
        planned_start=meeting.starts_at if meeting is not None else None,
        # the schedule's kind (a report changed to not held keeps that, not the kind it said)
        planned_kind=(
            meeting.kind
            if meeting is not None
            else MeetingKind(row.kind) if row.kind else MeetingKind.REGULAR
        ),
        report=report,
        roll_before=report.on_roll,
        exempted_before=report.exempted or 0,
        reason=row.not_held_reason if not row.held else None,
        new_date=row.new_date,
        new_date_asked=not row.held,
        # said not held when sent: a meeting still to come on its new date is no «not yet»
        not_held_sure=not row.held,
        note=row.note,
        edit=True,
        report_id=row.id,
        returned=row.status == "returned",
        base_version=row.version,
        base=base_of(row),
        began_at=ctx.clock.now(),
    )
    before: list[str] = []
    if row.status == "returned":
        before.append(
            _("The party committee returned this report for correction: {note}").format(
                note=row.return_note or "-"
            )
        )
    state = FlowState(NAME, "summary", {"draft": draft.to_json()})
    text, choices = ReportFlow()._summary(ctx, draft)
    return ask(state, "\n".join([header(ctx, draft), *before, text]), choices)


def base_of(row: MeetingReport) -> dict[str, Any]:
    """What a stored report says, as a draft beginning from it keeps it (ReportDraft.base)."""
    return {
        "report": report_to_json(row_report(row)),
        "reason": row.not_held_reason if not row.held else None,
        "new_date": row.new_date.isoformat() if row.new_date else None,
        "note": row.note,
    }


def period_text(period: str) -> str:
    """ "2026-11" → "11/2026"."""
    return month_label(Month.parse(period))

