"""/baocao: report a meeting in a few taps (or one compact line), checked at every answer."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import date
from typing import Any

from core.i18n import N_, Translator
from core.messages import Choice, Reply
from core.textfold import fold
from core.vnformat import format_date, format_day_long, format_month
from handlers.cells import set_members_on_roll
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.reporting.attendance import (
    E_EXEMPTED_OVER_ROLL,
    E_NO_MEMBERS,
    E_PRESENT_OVER_ROLL,
    E_SUM_OVER,
    E_SUM_SHORT,
    Attendance,
    attendance_warnings,
    check_attendance,
    format_percent,
)
from handlers.reporting.compact import parse_compact_report
from handlers.reporting.draft import (
    clear,
    complete_absences,
    merge,
    report_from_json,
    report_to_json,
)
from handlers.reporting.grades import (
    GRADE_LABELS,
    MeetingGrade,
    parse_meeting_grade,
    parse_yes_no,
)
from handlers.reporting.numbers import parse_count
from handlers.reporting.openness import is_open, last_open_day
from handlers.reporting.problems import ParseError
from handlers.reporting.records import (
    MONTHLY,
    CellSetting,
    closed_month_text,
    fill_row,
    last_roll,
    load_setting,
    planned_meeting_date,
    previous_unexcused,
    row_data,
    row_report,
    slot_for,
    topic_status,
)
from handlers.reporting.report import KIND_LABELS, MeetingKind, PartialReport
from handlers.reporting.schedule_link import mark_period_reported, move_meeting
from handlers.reporting.userdates import REPORT_DATES, RESCHEDULE_DATES, parse_user_date
from scheduler.moves import MoveError, validate_move
from scheduler.periods import Month, month_of
from storage.models import MeetingReport

NAME = "report"
SEND_NOW = "\x00send"
NOTE_LIMIT = 500
TITLE_LIMIT = 300
_RATIO = re.compile(r"^\s*([0-9]+)\s*/\s*([0-9]+)\s*$")
_LETTER = re.compile(r"[^\W\d_]")

HELD_PLANNED, HELD_OTHER, NOT_HELD = "held_planned", "held_other", "not_held"
SEND, CHANGE, NOTE, CANCEL = "send", "change", "note", "/huy"
ALL_PRESENT, CHANGE_ROLL, NO_DATE, NO_NOTE, ALL_EXCUSED = (
    "all_present",
    "change_roll",
    "no_date",
    "no_note",
    "all_excused",
)
YES, NO = "yes", "no"
KIND_WORDS = {
    "thuong ky": MeetingKind.REGULAR,
    "tk": MeetingKind.REGULAR,
    "chuyen de": MeetingKind.TOPIC,
    "cd": MeetingKind.TOPIC,
    "ket hop": MeetingKind.COMBINED,
    "kh": MeetingKind.COMBINED,
    "ca hai": MeetingKind.COMBINED,
}
FREE_TEXT_STEPS = ("title", "reason", "note", "upper")

CHANGE_LABELS: dict[str, str] = {
    "held": N_("Held or not"),
    "date": N_("Meeting date"),
    "kind": N_("Kind of meeting"),
    "title": N_("Topic title"),
    "on_roll": N_("Members on the roll"),
    "exempted": N_("Exempted from meetings"),
    "present": N_("Present"),
    "absences": N_("Absent without a reason"),
    "upper": N_("Upper-level committee member"),
    "resolution": N_("Resolution"),
    "grade": N_("Grade"),
    "note": N_("Note"),
    "reason": N_("Reason not held"),
    "new_date": N_("New date"),
}


def typed_digits(answer: Answer) -> Answer:
    """A number typed where choices were offered means the number, not the choice's position
    (the choices of number questions are labelled with what to type, e.g. "0 - none")."""
    text = answer.text.strip()
    if answer.choice is not None and text.isdigit() and text != answer.choice.label:
        return Answer(text)
    return answer



def month_label(month: Month) -> str:
    return format_month(month.year, month.month)


def yes_no(value: bool | None, t: Translator) -> str:
    return t.gettext("Yes") if value else t.gettext("No")


class ReportFlow:
    """The meeting report: one question per message, defaults accepted with one tap."""

    name = NAME

    # --- starting ----------------------------------------------------------------------------

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        cells = sorted(ctx.principal.cell_ids())
        if not cells:
            return done(Reply(_("You have no cell to report for.")))
        if len(cells) > 1:
            settings = [await load_setting(ctx.repos, cell_id) for cell_id in cells]
            choices = tuple(Choice(s.cell.name, str(s.cell_id)) for s in settings if s)
            state = FlowState(NAME, "cell", {"args": args})
            return ask(state, _("Which cell are you reporting for?"), choices)
        return await self._begin(ctx, cells[0], args)

    async def _begin(self, ctx: Context, cell_id: int, args: str) -> Outcome:
        _ = ctx.t.gettext
        setting = await load_setting(ctx.repos, cell_id)
        if setting is None or cell_id not in ctx.principal.cell_ids():
            return done(Reply(_("You do not have access to that cell.")))
        today = ctx.today()
        month = await self._default_month(ctx, setting, today)
        existing = await ctx.repos.reports.find(cell_id, str(month), MONTHLY)
        if existing is not None and existing.status == "returned":
            return await edit_report(ctx, existing, setting)
        if existing is not None and existing.held:
            return done(
                Reply(
                    _(
                        "The meeting report for {month} has already been sent. To change it, "
                        "type /sua."
                    ).format(month=month_label(month)),
                    (Choice(_("Change the report"), "/sua"),),
                )
            )
        on_roll, exempted = await last_roll(ctx.repos, setting.cell)
        planned = await self._planned(ctx, setting, month)
        data: dict[str, Any] = {
            "cell": cell_id,
            "cell_name": setting.cell.name,
            "period": str(month),
            "planned": planned.isoformat() if planned else None,
            "r": report_to_json(PartialReport(on_roll=on_roll, exempted=exempted)),
            "note": "",
            "ask": [],
            "mode": "new",
        }
        if existing is not None:
            data["report_id"] = existing.id
        state = FlowState(NAME, "", data)
        intro = [
            _("Meeting report of {cell}, {month}.").format(
                cell=setting.cell.name, month=month_label(month)
            )
        ]
        if args.strip():
            errors = self._merge_compact(ctx, state, args)
            if errors:
                intro.extend(errors)
            elif state.data["r"].get("held") is not None:
                intro = [_("Read from your line:")]
        return await self._next(ctx, state, intro)

    async def _default_month(self, ctx: Context, setting: CellSetting, today: date) -> Month:
        """Last month while it is open and unreported, else this month."""
        this = month_of(today)
        previous = this.plus(-1)
        if is_open(previous, today, setting.open_until_day()):
            found = await ctx.repos.reports.find(setting.cell_id, str(previous), MONTHLY)
            if found is None or found.status == "returned":
                return previous
        return this

    async def _planned(self, ctx: Context, setting: CellSetting, month: Month) -> date | None:
        return await planned_meeting_date(ctx.repos, setting, month)

    # --- answering ---------------------------------------------------------------------------

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        # A copy: nested values changed in place would not be seen as changed and saved.
        state.data = copy.deepcopy(state.data)
        if state.step == "cell":
            if answer.value is None or not answer.value.isdigit():
                return await self.start(ctx, str(state.data.get("args", "")))
            return await self._begin(ctx, int(answer.value), str(state.data.get("args", "")))
        handler = getattr(self, f"_answer_{state.step}", None)
        if handler is None:
            return await self._next(ctx, state, [])
        problems: list[str] = await handler(ctx, state, answer)
        if problems == [SEND_NOW]:
            return await self._send(ctx, state)
        if problems and state.step not in FREE_TEXT_STEPS and answer.choice is None:
            # A line that reads as a compact report answers several questions at once.
            compact = self._try_compact(ctx, state, answer.text)
            if compact:
                return await self._next(ctx, state, [])
        if problems:
            return await self._next(ctx, state, problems)
        return await self._next(ctx, state, [])

    def _report(self, state: FlowState) -> PartialReport:
        return report_from_json(state.data["r"])

    def _set(self, state: FlowState, report: PartialReport) -> None:
        state.data["r"] = report_to_json(complete_absences(report))

    def _try_compact(self, ctx: Context, state: FlowState, text: str) -> bool:
        if not _LETTER.search(text):
            return False  # a bare number or date answers the question, or is a mistake in it
        result = parse_compact_report(text, ctx.today(), REPORT_DATES)
        if result.errors or not result.report.known():
            return False
        self._apply(state, result.report)
        return True

    def _merge_compact(self, ctx: Context, state: FlowState, text: str) -> list[str]:
        result = parse_compact_report(text, ctx.today(), REPORT_DATES)
        self._apply(state, result.report)
        return [ctx.t.render(error) for error in result.errors]

    def _apply(self, state: FlowState, extra: PartialReport) -> None:
        report = merge(self._report(state), extra)
        if extra.upper_attended is False:
            report = replace(report, upper_name=None)
        if report.date is not None:
            state.data["period"] = str(month_of(report.date))
        self._set(state, report)

    async def _answer_held(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        _ = ctx.t.gettext
        report = self._report(state)
        if answer.value == HELD_PLANNED and state.data.get("planned"):
            self._set(
                state, replace(report, held=True, date=date.fromisoformat(state.data["planned"]))
            )
            return []
        if answer.value == HELD_OTHER:
            state.data["other_day"] = True
            self._set(state, replace(report, held=True, date=None))
            return []
        if answer.value == NOT_HELD:
            self._set(state, replace(report, held=False))
            return []
        typed = parse_yes_no(answer.text)
        if typed is True:
            self._set(state, replace(report, held=True))
            return []
        if typed is False:
            self._set(state, replace(report, held=False))
            return []
        parsed = parse_user_date(answer.text, ctx.today(), REPORT_DATES)
        if isinstance(parsed, date):
            state.data["period"] = str(month_of(parsed))
            self._set(state, replace(report, held=True, date=parsed))
            return []
        return [_("Please choose one of the options (type its number).")]

    async def _answer_date(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        parsed = parse_user_date(answer.value or answer.text, ctx.today(), REPORT_DATES)
        if isinstance(parsed, ParseError):
            return [ctx.t.render(parsed.message)]
        problem = await self._closed_month(ctx, state, month_of(parsed))
        if problem:
            return [problem]
        state.data["period"] = str(month_of(parsed))
        self._set(state, replace(self._report(state), date=parsed))
        return []

    async def _closed_month(self, ctx: Context, state: FlowState, month: Month) -> str | None:
        setting = await load_setting(ctx.repos, int(state.data["cell"]))
        if setting is None:
            return None
        closed_text = await closed_month_text(ctx.repos, ctx.t, setting, month, ctx.config.timezone)
        if closed_text is not None:
            return closed_text
        if state.data.get("returned"):
            return None
        day = setting.open_until_day()
        if is_open(month, ctx.today(), day):
            return None
        return ctx.t.gettext(
            "Reports for {month} closed on {date}. Please type a date in an open month:"
        ).format(month=month_label(month), date=format_date(last_open_day(month, day)))

    async def _answer_reason(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        _ = ctx.t.gettext
        text = answer.text.strip()
        if not text:
            return [_("Please type the reason in a few words.")]
        if len(text) > NOTE_LIMIT:
            return [self._too_long(ctx, len(text))]
        state.data["reason"] = text
        return []

    async def _answer_new_date(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        if answer.value == NO_DATE:
            state.data["new_date"] = None
            state.data["new_date_asked"] = True
            return []
        parsed = parse_user_date(answer.text, ctx.today(), RESCHEDULE_DATES)
        if isinstance(parsed, ParseError):
            return [ctx.t.render(parsed.message)]
        try:
            validate_move(
                state.data["period"], parsed, None, now=ctx.clock.now(), tz=ctx.config.timezone
            )
        except MoveError as error:
            return [ctx.t.render(error.text)]
        state.data["new_date"] = parsed.isoformat()
        state.data["new_date_asked"] = True
        return []

    async def _answer_kind(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        _ = ctx.t.gettext
        value = answer.value or ""
        kind = (
            MeetingKind(value)
            if value in {k.value for k in MeetingKind}
            else KIND_WORDS.get(fold(answer.text).strip())
        )
        if kind is None:
            return [_("Please choose the kind of meeting (type its number).")]
        report = self._report(state)
        if kind is MeetingKind.REGULAR:
            report = replace(report, topic_title=None)
        self._set(state, replace(report, kind=kind))
        return []

    async def _answer_title(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        _ = ctx.t.gettext
        text = " ".join(answer.text.split())
        if len(text) < 3:
            return [_("Please type the title of the topic session.")]
        if len(text) > TITLE_LIMIT:
            return [self._too_long(ctx, len(text), TITLE_LIMIT)]
        self._set(state, replace(self._report(state), topic_title=text))
        return []

    async def _answer_on_roll(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        answer = typed_digits(answer)
        report = self._report(state)
        if answer.value == YES and report.on_roll is not None:
            value: int | ParseError = report.on_roll
        else:
            value = parse_count(answer.text)
        if isinstance(value, ParseError):
            return [ctx.t.render(value.message)]
        if value == 0:
            issues = check_attendance(Attendance(0, 0, 0, 0, 0))
            return [ctx.t.render(i.message) for i in issues if i.code == E_NO_MEMBERS]
        self._pop_forced(state, "on_roll")
        self._set(state, clear(replace(report, on_roll=value), *_PRESENT_FIELDS))
        return []

    async def _answer_exempted(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        answer = typed_digits(answer)
        report = self._report(state)
        value = parse_count(answer.text)
        if isinstance(value, ParseError):
            return [ctx.t.render(value.message)]
        on_roll = report.on_roll or 0
        if value > on_roll:
            issues = check_attendance(Attendance(on_roll, value, 0, 0, 0))
            return [ctx.t.render(i.message) for i in issues if i.code == E_EXEMPTED_OVER_ROLL]
        self._pop_forced(state, "exempted")
        self._set(state, clear(replace(report, exempted=value), *_PRESENT_FIELDS))
        return []

    async def _answer_present(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        report = self._report(state)
        on_roll, exempted = report.on_roll or 0, report.exempted or 0
        if answer.value == CHANGE_ROLL:
            state.data["ask"] = ["on_roll", "exempted"]
            return []
        if answer.value == ALL_PRESENT:
            self._set(state, replace(report, present=on_roll - exempted))
            return []
        ratio = _RATIO.match(answer.text)
        if ratio:
            present, on_roll = int(ratio[1]), int(ratio[2])
            report = replace(report, on_roll=on_roll)
        else:
            parsed = parse_count(answer.text)
            if isinstance(parsed, ParseError):
                return [ctx.t.render(parsed.message)]
            present = parsed
        if on_roll == 0:
            state.data["ask"] = ["on_roll"]
            return [ctx.t.render(i.message) for i in check_attendance(Attendance(0, 0, 0, 0, 0))]
        absent = on_roll - exempted - present
        if absent < 0:
            issues = check_attendance(Attendance(on_roll, exempted, present, 0, 0))
            wanted = (E_PRESENT_OVER_ROLL,) if present > on_roll else (E_SUM_OVER,)
            return [ctx.t.render(i.message) for i in issues if i.code in wanted][:1]
        self._set(state, clear(replace(report, present=present), *_ABSENCE_FIELDS))
        return []

    async def _answer_unexcused(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        answer = typed_digits(answer)
        _ = ctx.t.gettext
        report = self._report(state)
        absent = (report.on_roll or 0) - (report.exempted or 0) - (report.present or 0)
        value: int | ParseError = 0 if answer.value == ALL_EXCUSED else parse_count(answer.text)
        if isinstance(value, ParseError):
            return [ctx.t.render(value.message)]
        if value > absent:
            return [
                _(
                    "Only {absent} were absent, so {count} cannot be absent without a reason. "
                    "Please type a number from 0 to {absent}:"
                ).format(absent=absent, count=value)
            ]
        self._set(state, replace(report, absent_unexcused=value, absent_excused=absent - value))
        return []

    async def _answer_upper(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        _ = ctx.t.gettext
        report = self._report(state)
        if answer.value in (YES, NO):
            self._set(state, replace(report, upper_attended=answer.value == YES, upper_name=None))
            return []
        text = " ".join(answer.text.split())
        typed = parse_yes_no(text)
        if isinstance(typed, bool):
            self._set(state, replace(report, upper_attended=typed, upper_name=None))
            return []
        if len(text) < 2 or len(text) > 120:
            return [_("Please answer Có or Không, or type the name of the person who attended.")]
        self._set(state, replace(report, upper_attended=True, upper_name=text))
        return []

    async def _answer_resolution(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        report = self._report(state)
        typed: bool | ParseError = (
            answer.value == YES if answer.value in (YES, NO) else parse_yes_no(answer.text)
        )
        if isinstance(typed, ParseError):
            return [ctx.t.render(typed.message)]
        self._set(state, replace(report, resolution_adopted=typed))
        return []

    async def _answer_grade(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        values = {g.value for g in MeetingGrade}
        grade = (
            MeetingGrade(answer.value)
            if answer.value in values
            else parse_meeting_grade(answer.text)
        )
        if isinstance(grade, ParseError):
            return [ctx.t.render(grade.message)]
        self._set(state, replace(self._report(state), grade=grade))
        return []

    async def _answer_note(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        if answer.value == NO_NOTE:
            self._pop_forced(state, "note")
            state.data["note"] = ""
            return []
        text = answer.text.strip()
        if len(text) > NOTE_LIMIT:
            return [self._too_long(ctx, len(text))]
        self._pop_forced(state, "note")
        state.data["note"] = text
        return []

    async def _answer_summary(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        _ = ctx.t.gettext
        if answer.value == SEND:
            return [SEND_NOW]
        if answer.value == CHANGE:
            state.data["ask"] = ["change"]
            return []
        if answer.value == NOTE:
            state.data["ask"] = ["note"]
            return []
        return [_("Please choose one of the options (type its number).")]

    async def _answer_change(self, ctx: Context, state: FlowState, answer: Answer) -> list[str]:
        _ = ctx.t.gettext
        state.data["ask"] = []
        field = answer.value
        if field not in CHANGE_LABELS:
            state.data["ask"] = ["change"]
            return [_("Please choose one of the options (type its number).")]
        report = self._report(state)
        cleared: dict[str, tuple[str, ...]] = {
            "date": ("date",),
            "kind": ("kind", "topic_title"),
            "title": ("topic_title",),
            "present": _PRESENT_FIELDS,
            "absences": _ABSENCE_FIELDS,
            "upper": ("upper_attended", "upper_name"),
            "resolution": ("resolution_adopted",),
            "grade": ("grade",),
        }
        if field == "held":
            keep = PartialReport(on_roll=report.on_roll, exempted=report.exempted)
            state.data["r"] = report_to_json(keep)
            state.data.pop("reason", None)
            state.data.pop("new_date_asked", None)
            state.data.pop("new_date", None)
        elif field in ("on_roll", "exempted", "note"):
            state.data["ask"] = [field]
        elif field == "reason":
            state.data.pop("reason", None)
        elif field == "new_date":
            state.data.pop("new_date_asked", None)
        else:
            state.data["r"] = report_to_json(clear(report, *cleared[field]))
        return []

    def _pop_forced(self, state: FlowState, step: str) -> None:
        forced = list(state.data.get("ask", []))
        if forced and forced[0] == step:
            forced.pop(0)
        state.data["ask"] = forced

    def _too_long(self, ctx: Context, length: int, limit: int = NOTE_LIMIT) -> str:
        return ctx.t.gettext(
            "That is {length} characters; at most {limit} fit. Please shorten it:"
        ).format(length=length, limit=limit)

    # --- asking ------------------------------------------------------------------------------

    def _step(self, state: FlowState) -> str:
        forced = state.data.get("ask") or []
        if forced:
            return str(forced[0])
        r = self._report(state)
        if r.held is None:
            return "held"
        if r.held is False:
            if state.data.get("reason") is None:
                return "reason"
            if not state.data.get("new_date_asked"):
                return "new_date"
            return "summary"
        if r.date is None:
            return "date"
        if r.kind is None:
            return "kind"
        if r.kind is not MeetingKind.REGULAR and not r.topic_title:
            return "title"
        if r.on_roll is None:
            return "on_roll"
        if r.exempted is None:
            return "exempted"
        if r.present is None:
            return "present"
        if r.absent_excused is None or r.absent_unexcused is None:
            return "unexcused"
        if r.upper_attended is None:
            return "upper"
        if r.resolution_adopted is None:
            return "resolution"
        if r.grade is None:
            return "grade"
        return "summary"

    async def _next(self, ctx: Context, state: FlowState, before: list[str]) -> Outcome:
        problems = self._check(ctx, state)
        step = self._step(state)
        state.step = step
        text, choices = await self._question(ctx, state, step)
        return ask(state, "\n".join([*before, *problems, text]), choices)

    def _check(self, ctx: Context, state: FlowState) -> list[str]:
        """Figures that cannot all be right: say why and ask for them again."""
        report = self._report(state)
        attendance = report.attendance()
        if attendance is None:
            return []
        issues = check_attendance(attendance)
        if not issues:
            return []
        codes = {i.code for i in issues}
        if E_NO_MEMBERS in codes:
            state.data["ask"] = ["on_roll"]
        elif E_EXEMPTED_OVER_ROLL in codes:
            state.data["ask"] = ["exempted"]
        if codes & {E_PRESENT_OVER_ROLL, E_SUM_OVER, E_SUM_SHORT, E_NO_MEMBERS}:
            report = clear(report, *_PRESENT_FIELDS)
        state.data["r"] = report_to_json(report)
        return [ctx.t.render(i.message) for i in issues]

    async def _question(
        self, ctx: Context, state: FlowState, step: str
    ) -> tuple[str, tuple[Choice, ...]]:
        _ = ctx.t.gettext
        r = self._report(state)
        if step == "held":
            month = Month.parse(str(state.data["period"]))
            planned = state.data.get("planned")
            if planned and date.fromisoformat(planned) <= ctx.today():
                text = _("Planned for {date}. Was the meeting held?").format(
                    date=format_day_long(date.fromisoformat(planned), ctx.t)
                )
                return text, (
                    Choice(_("Held as planned"), HELD_PLANNED),
                    Choice(_("Held on another day"), HELD_OTHER),
                    Choice(_("Not held"), NOT_HELD),
                )
            text = _("Was the meeting of {month} held?").format(month=month_label(month))
            return text, (Choice(_("Held"), HELD_OTHER), Choice(_("Not held"), NOT_HELD))
        if step == "date":
            day_choices = [Choice(_("Today"), "hom nay"), Choice(_("Yesterday"), "hom qua")]
            planned = state.data.get("planned")
            if (
                planned
                and not state.data.get("other_day")
                and date.fromisoformat(planned) <= ctx.today()
            ):
                shown = format_date(date.fromisoformat(planned))
                day_choices.insert(0, Choice(_("As planned, {date}").format(date=shown), shown))
            question = _("On what day was the meeting held? (e.g. 05/12, hôm qua, thứ bảy)")
            return question, tuple(day_choices)
        if step == "reason":
            return _("Why was the meeting not held? (a few words)"), ()
        if step == "new_date":
            return _("Is there a new date? Type it (e.g. 05/12), or choose:"), (
                Choice(_("No date yet"), NO_DATE),
            )
        if step == "kind":
            return _("What kind of meeting was it?"), tuple(
                Choice(ctx.t.gettext(KIND_LABELS[k]), k.value) for k in MeetingKind
            )
        if step == "title":
            return _("Title of the topic session?"), ()
        if step == "on_roll":
            choices: tuple[Choice, ...] = ()
            if r.on_roll:
                choices = (Choice(_("Still {n}").format(n=r.on_roll), YES),)
            return _("How many members on the roll (full and probationary)?"), choices
        if step == "exempted":
            return _("How many are exempted from meetings?"), (Choice(_("0 - none"), "0"),)
        if step == "present":
            expected = (r.on_roll or 0) - (r.exempted or 0)
            text = _(
                "On the roll {on_roll}, exempted {exempted}. How many present / {expected}?"
            ).format(on_roll=r.on_roll, exempted=r.exempted, expected=expected)
            return text, (
                Choice(_("All {n}/{n}").format(n=expected), ALL_PRESENT),
                Choice(_("The roll has changed"), CHANGE_ROLL),
            )
        if step == "unexcused":
            absent = (r.on_roll or 0) - (r.exempted or 0) - (r.present or 0)
            text = _("{absent} absent. How many of them without a reason?").format(absent=absent)
            return text, (Choice(_("0 - all had a reason"), ALL_EXCUSED),)
        if step == "upper":
            return _(
                "Did an upper-level committee member attend? (If so you may type the name.)"
            ), (Choice(_("Yes"), YES), Choice(_("No"), NO))
        if step == "resolution":
            return _("Did the cell adopt a resolution?"), (
                Choice(_("Yes"), YES),
                Choice(_("No"), NO),
            )
        if step == "grade":
            return _("How does the cell grade the meeting?"), tuple(
                Choice(ctx.t.gettext(GRADE_LABELS[g]), g.value) for g in MeetingGrade
            )
        if step == "note":
            return _("Type the note (at most 500 characters):"), (Choice(_("No note"), NO_NOTE),)
        if step == "change":
            return _("Which answer do you want to change?"), self._change_choices(ctx, state)
        return await self._summary(ctx, state)

    def _change_choices(self, ctx: Context, state: FlowState) -> tuple[Choice, ...]:
        r = self._report(state)
        if r.held is False:
            fields = ["held", "reason", "new_date", "note"]
        else:
            fields = ["held", "date", "kind"]
            if r.kind is not MeetingKind.REGULAR:
                fields.append("title")
            fields += ["on_roll", "exempted", "present"]
            absent = (r.on_roll or 0) - (r.exempted or 0) - (r.present or 0)
            if absent > 0:
                fields.append("absences")
            fields += ["upper", "resolution", "grade", "note"]
        return tuple(Choice(ctx.t.gettext(CHANGE_LABELS[f]), f) for f in fields)

    async def _summary(self, ctx: Context, state: FlowState) -> tuple[str, tuple[Choice, ...]]:
        _ = ctx.t.gettext
        month = Month.parse(str(state.data["period"]))
        lines = [
            _("Meeting report of {cell}, {month}:").format(
                cell=state.data["cell_name"], month=month_label(month)
            ),
            *describe_report(ctx.t, self._report(state), state.data),
        ]
        edit = state.data.get("mode") == "edit"
        lines.append(_("Send it?") if not edit else _("Send the changed report?"))
        note_label = _("Change the note") if state.data.get("note") else _("Add a note")
        return "\n".join(lines), (
            Choice(_("Send the report"), SEND),
            Choice(_("Change an answer"), CHANGE),
            Choice(note_label, NOTE),
            Choice(_("Cancel"), CANCEL),
        )

    # --- sending -----------------------------------------------------------------------------

    async def _send(self, ctx: Context, state: FlowState) -> Outcome:
        _ = ctx.t.gettext
        repos, now = ctx.repos, ctx.clock.now()
        report = self._report(state)
        cell_id = int(state.data["cell"])
        setting = await load_setting(repos, cell_id)
        if setting is None or cell_id not in ctx.principal.cell_ids():
            return done(Reply(_("You do not have access to that cell.")))
        month = Month.parse(str(state.data["period"]))
        slot = slot_for(report.kind.value if report.kind else None)
        returned = bool(state.data.get("returned"))
        closed_text = await closed_month_text(repos, ctx.t, setting, month, ctx.config.timezone)
        if closed_text is not None:
            return done(Reply(closed_text + " " + _("Nothing was saved.")))
        if not returned and not is_open(month, ctx.today(), setting.open_until_day()):
            closed = last_open_day(month, setting.open_until_day())
            return done(
                Reply(
                    _("Reports for {month} closed on {date}; nothing was saved.").format(
                        month=month_label(month), date=format_date(closed)
                    )
                )
            )
        row = None
        if state.data.get("report_id"):
            row = await repos.reports.get(int(state.data["report_id"]))
            if row is not None and (row.period != str(month) or row.slot != slot):
                clash = await repos.reports.find(cell_id, str(month), slot)
                if clash is not None and clash.id != row.id:
                    return self._already(ctx, month)
                row.period, row.slot = str(month), slot
        if row is None:
            row = await repos.reports.find(cell_id, str(month), slot)
            if row is not None and row.held and row.status == "sent":
                return self._already(ctx, month)
        flags: list[str] = []
        warnings: list[str] = []
        attendance = report.attendance()
        if report.held and attendance is not None:
            issues = attendance_warnings(
                attendance,
                previous_unexcused=await previous_unexcused(repos, cell_id, month),
                topic=await topic_status(
                    repos,
                    setting.cell,
                    month,
                    report.kind.value if report.kind else None,
                    exclude=row.id if row else None,
                ),
            )
            flags = [i.code for i in issues]
            warnings = [ctx.t.render(i.message) for i in issues]
        new_date = (
            date.fromisoformat(state.data["new_date"]) if state.data.get("new_date") else None
        )
        before = row_data(row) if row is not None else None
        action = "sent"
        if row is None:
            row = MeetingReport(
                cell_id=cell_id,
                period=str(month),
                slot=slot,
                reported_by=ctx.account.id,
                reported_at=now,
                updated_at=now,
            )
        else:
            action = "resent" if row.status == "returned" else "edited"
            row.version += 1
        fill_row(
            row,
            report,
            note=str(state.data.get("note", "")),
            reason=str(state.data.get("reason") or ""),
            new_date=new_date,
            flags=flags,
        )
        row.status = "sent"
        row.updated_by, row.updated_at = ctx.account.id, now
        await repos.reports.save(row, action=action, data=row_data(row), by=ctx.account.id, now=now)
        await repos.audit.record(
            actor_account_id=ctx.account.id,
            action="report." + action,
            entity="meeting_report",
            entity_id=row.id,
            now=now,
            before=before,
            after=row_data(row),
        )
        if report.held or new_date is None:
            await mark_period_reported(
                repos,
                cell_id=cell_id,
                month=month,
                kind=row.kind,
                held=row.held,
                held_on=row.meeting_date,
                report_id=row.id,
                by=ctx.account.id,
                now=now,
                separate_topic=slot != MONTHLY,
            )
        planned = state.data.get("planned")
        if not report.held and new_date is not None:
            await move_meeting(
                repos,
                cell_id=cell_id,
                month=month,
                from_date=date.fromisoformat(planned) if planned else new_date,
                to_date=new_date,
                reason=str(state.data.get("reason") or ""),
                by=ctx.account.id,
                now=now,
            )
        if report.on_roll and report.on_roll != setting.cell.members_on_roll:
            await set_members_on_roll(repos, ctx.principal, cell_id, report.on_roll, now=now)
        lines = [
            _("Recorded the cell meeting report for {month}. Thank you.").format(
                month=month_label(month)
            )
            if action == "sent"
            else _("Recorded the changed meeting report for {month}. Thank you.").format(
                month=month_label(month)
            )
        ]
        if new_date is not None:
            lines.append(
                _("The meeting is now planned for {date}.").format(
                    date=format_day_long(new_date, ctx.t)
                )
            )
        if warnings:
            lines.append(_("Please note:"))
            lines.extend(f"- {w}" for w in warnings)
        return done(Reply("\n".join(lines)))

    def _already(self, ctx: Context, month: Month) -> Outcome:
        _ = ctx.t.gettext
        return done(
            Reply(
                _(
                    "The meeting report for {month} has already been sent. To change it, type /sua."
                ).format(month=month_label(month)),
                (Choice(_("Change the report"), "/sua"),),
            )
        )


_PRESENT_FIELDS = ("present", "absent_excused", "absent_unexcused")
_ABSENCE_FIELDS = ("absent_excused", "absent_unexcused")


def describe_report(t: Translator, report: PartialReport, extra: dict[str, Any]) -> list[str]:
    """The report's lines, as the summary and the officers' views show them."""
    _ = t.gettext
    lines: list[str] = []
    if report.held is False:
        lines.append(_("Not held. Reason: {reason}").format(reason=extra.get("reason") or "-"))
        new_date = extra.get("new_date")
        lines.append(
            _("New date: {date}").format(date=format_day_long(date.fromisoformat(new_date), t))
            if new_date
            else _("New date: not set yet")
        )
    else:
        if report.date is not None:
            lines.append(_("Date: {date}").format(date=format_day_long(report.date, t)))
        if report.kind is not None:
            lines.append(_("Kind: {kind}").format(kind=t.gettext(KIND_LABELS[report.kind])))
        if report.topic_title:
            lines.append(_("Topic: {title}").format(title=report.topic_title))
        attendance = report.attendance()
        if attendance is not None:
            ratio = attendance.ratio
            lines.append(
                _("Members {on_roll}, exempted {exempted}").format(
                    on_roll=attendance.on_roll, exempted=attendance.exempted
                )
            )
            lines.append(
                _("Present {present}/{expected} ({percent}%)").format(
                    present=attendance.present,
                    expected=attendance.expected,
                    percent=format_percent(ratio) if ratio is not None else "-",
                )
            )
            lines.append(
                _("Absent with a reason {excused}, without a reason {unexcused}").format(
                    excused=attendance.absent_excused, unexcused=attendance.absent_unexcused
                )
            )
        if report.upper_attended is not None:
            who = yes_no(report.upper_attended, t)
            if report.upper_name:
                who = f"{who} ({report.upper_name})"
            lines.append(_("Upper-level committee member attended: {who}").format(who=who))
        if report.resolution_adopted is not None:
            lines.append(
                _("Resolution adopted: {answer}").format(
                    answer=yes_no(report.resolution_adopted, t)
                )
            )
        if report.grade is not None:
            lines.append(_("Grade: {grade}").format(grade=t.gettext(GRADE_LABELS[report.grade])))
    if extra.get("note"):
        lines.append(_("Note: {note}").format(note=extra["note"]))
    return lines


async def edit_report(ctx: Context, row: MeetingReport, setting: CellSetting) -> Outcome:
    """Open a sent (or returned) report at its summary, to change and send again."""
    _ = ctx.t.gettext
    report = row_report(row)
    data: dict[str, Any] = {
        "cell": setting.cell_id,
        "cell_name": setting.cell.name,
        "period": row.period,
        "planned": row.meeting_date.isoformat() if row.meeting_date else None,
        "r": report_to_json(report),
        "note": row.note,
        "ask": [],
        "mode": "edit",
        "report_id": row.id,
        "returned": row.status == "returned",
    }
    if not row.held:
        data["reason"] = row.not_held_reason
        data["new_date"] = row.new_date.isoformat() if row.new_date else None
        data["new_date_asked"] = True
    before: list[str] = []
    if row.status == "returned":
        before.append(
            _("The party committee returned this report for correction: {note}").format(
                note=row.return_note or "-"
            )
        )
    state = FlowState(NAME, "summary", data)
    text, choices = await ReportFlow()._summary(ctx, state)
    return ask(state, "\n".join([*before, text]), choices)


def period_text(period: str) -> str:
    """ "2026-11" → "11/2026"."""
    month = Month.parse(period)
    return month_label(month)
