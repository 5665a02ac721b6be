"""/tonghop: officers' summary of a month for their subtree, returning a report, a cell's history."""

from __future__ import annotations

import copy
import re
from fractions import Fraction

from core.i18n import N_
from core.messages import Choice, Reply
from core.vnformat import format_date, format_quarter
from handlers.access import RoleName
from handlers.cells import visible_cells
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.flows.report import describe_report, month_label, period_text
from handlers.reporting.attendance import (
    W_LOW_ATTENDANCE,
    W_NO_TOPIC_SESSION,
    W_UNEXCUSED,
    W_UNEXCUSED_RUN,
    format_percent,
)
from handlers.reporting.grades import GRADE_LABELS, MeetingGrade
from handlers.reporting.records import MONTHLY, TOPIC_KINDS, row_report
from scheduler.periods import Month, month_of
from storage.models import Cell, MeetingReport

NAME = "review"
PREVIOUS, RETURN, HISTORY = "previous", "return", "history"
NOTE_LIMIT = 500
TOPIC_TARGET = 4
_MONTH_ARG = re.compile(r"^\s*(?:thang\s+)?([0-9]{1,2})\s*[/-]\s*([0-9]{4})\s*$")

FLAG_LABELS: dict[str, str] = {
    W_LOW_ATTENDANCE: N_("low attendance"),
    W_UNEXCUSED: N_("unexcused absence"),
    W_UNEXCUSED_RUN: N_("unexcused absences 3 months running"),
    W_NO_TOPIC_SESSION: N_("no topic session this quarter"),
}


def parse_month_arg(text: str) -> Month | None:
    found = _MONTH_ARG.match(text.lower().replace("tháng", "thang"))
    if not found or not 1 <= int(found[1]) <= 12:
        return None
    return Month(int(found[2]), int(found[1]))


class ReviewFlow:
    """The committee's view: who reported, attendance, topic sessions, flags."""

    name = NAME

    async def start(self, ctx: Context, args: str) -> Outcome:
        month = parse_month_arg(args) or month_of(ctx.today())
        return await self._summary(ctx, month)

    async def _summary(self, ctx: Context, month: Month) -> Outcome:
        _ = ctx.t.gettext
        cells = await visible_cells(ctx.repos, ctx.principal)
        if not cells:
            return done(Reply(_("You have no cell in your scope yet.")))
        ids = [c.id for c in cells if c.id is not None]
        rows = await ctx.repos.reports.in_periods(ids, [str(month)])
        monthly = {r.cell_id: r for r in rows if r.slot == MONTHLY}
        quarter = month.quarter
        year_rows = await ctx.repos.reports.in_periods(
            ids, [str(Month(month.year, m)) for m in range(1, 13)]
        )
        quarter_months = {str(quarter.month(i)) for i in (1, 2, 3)}
        topic_quarter: set[int] = set()
        topic_year: dict[int, int] = {}
        for row in year_rows:
            if row.held and row.kind in TOPIC_KINDS:
                topic_year[row.cell_id] = topic_year.get(row.cell_id, 0) + 1
                if row.period in quarter_months:
                    topic_quarter.add(row.cell_id)
        lines = [
            _("Cell meetings, {month}: {total} cells, {reported} reported.").format(
                month=month_label(month), total=len(cells), reported=len(monthly)
            )
        ]
        present = expected = upper = held_count = 0
        reported_lines: list[str] = []
        for cell in cells:
            sent = monthly.get(cell.id or 0)
            if sent is None:
                continue
            reported_lines.append(self._cell_line(ctx, cell, sent))
            if sent.held:
                held_count += 1
                upper += 1 if sent.upper_attended else 0
                if sent.present is not None and sent.on_roll is not None:
                    present += sent.present
                    expected += sent.on_roll - (sent.exempted or 0)
        if reported_lines:
            lines.append(_("Reported:"))
            lines.extend(reported_lines)
        missing = [c.name for c in cells if (c.id or 0) not in monthly]
        if missing:
            lines.append(
                _("Not reported ({n}): {names}").format(n=len(missing), names=", ".join(missing))
            )
        if expected > 0:
            lines.append(
                _("Attendance overall: {percent}% ({present}/{expected}).").format(
                    percent=format_percent(Fraction(present, expected)),
                    present=present,
                    expected=expected,
                )
            )
        if held_count:
            lines.append(
                _("Upper-level committee member attended {n} of {held} meetings.").format(
                    n=upper, held=held_count
                )
            )
        lines.append(
            _("Topic sessions in quarter {quarter}: {n}/{total} cells.").format(
                quarter=format_quarter(quarter.year, quarter.quarter),
                n=len(topic_quarter),
                total=len(cells),
            )
        )
        full = sum(1 for c in cells if topic_year.get(c.id or 0, 0) >= TOPIC_TARGET)
        lines.append(
            _("Cells with {target} topic sessions in {year}: {n}/{total}.").format(
                target=TOPIC_TARGET, year=month.year, n=full, total=len(cells)
            )
        )
        state = FlowState(NAME, "menu", {"period": str(month)})
        choices = [Choice(_("Previous month"), PREVIOUS), Choice(_("A cell's history"), HISTORY)]
        if any(r.status == "sent" for r in monthly.values()):
            choices.insert(1, Choice(_("Return a report for correction"), RETURN))
        return ask(state, "\n".join(lines), tuple(choices))

    def _cell_line(self, ctx: Context, cell: Cell, row: MeetingReport) -> str:
        _ = ctx.t.gettext
        if not row.held:
            text = _("{cell}: not held ({reason})").format(
                cell=cell.name, reason=row.not_held_reason or "-"
            )
        else:
            ratio = (
                format_percent(Fraction(row.present, row.on_roll - (row.exempted or 0)))
                if row.present is not None
                and row.on_roll is not None
                and row.on_roll - (row.exempted or 0) > 0
                else "-"
            )
            grade = ctx.t.gettext(GRADE_LABELS[MeetingGrade(row.grade)]) if row.grade else "-"
            text = _(
                "{cell}: {date}, present {present}/{expected} ({percent}%), grade {grade}"
            ).format(
                cell=cell.name,
                date=format_date(row.meeting_date) if row.meeting_date else "-",
                present=row.present,
                expected=(row.on_roll or 0) - (row.exempted or 0),
                percent=ratio,
                grade=grade,
            )
        flags = [ctx.t.gettext(FLAG_LABELS[f]) for f in row.flags if f in FLAG_LABELS]
        if flags:
            text += " ⚠ " + ", ".join(flags)
        if row.status == "returned":
            text += " " + _("[returned]")
        return "- " + text

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        # A copy: nested values changed in place would not be seen as changed and saved.
        state.data = copy.deepcopy(state.data)
        month = Month.parse(str(state.data.get("period", "2000-01")))
        cells = {c.id: c for c in await visible_cells(ctx.repos, ctx.principal)}
        if state.step == "menu":
            if answer.value == PREVIOUS:
                return await self._summary(ctx, month.plus(-1))
            if answer.value == HISTORY:
                choices = tuple(Choice(c.name, str(i)) for i, c in cells.items())
                state.step = "history"
                return ask(state, _("Which cell?"), choices)
            if answer.value == RETURN:
                rows = await ctx.repos.reports.in_periods(
                    [i for i in cells if i is not None], [str(month)]
                )
                choices = tuple(
                    Choice(cells[r.cell_id].name, str(r.id))
                    for r in rows
                    if r.status == "sent" and r.cell_id in cells
                )
                state.step = "return_pick"
                return ask(state, _("Which report do you want to return?"), choices)
            return await self._summary(ctx, month)
        if state.step == "history":
            if answer.value is None or not answer.value.isdigit() or int(answer.value) not in cells:
                return await self._summary(ctx, month)
            return await self._history(ctx, cells[int(answer.value)])
        if state.step == "return_pick":
            row = await self._returnable(ctx, answer.value, cells)
            if row is None:
                return await self._summary(ctx, month)
            state.step = "return_note"
            state.data["report"] = row.id
            lines = [
                _("{cell}, {month}:").format(
                    cell=cells[row.cell_id].name, month=month_label(month)
                ),
                *describe_report(ctx.t, row_report(row), _extra(row)),
                _("What should the cell correct? (a short note for the secretary)"),
            ]
            return ask(state, "\n".join(lines))
        if state.step == "return_note":
            note = answer.text.strip()
            if not note or len(note) > NOTE_LIMIT:
                return ask(
                    state,
                    _("Please type a note of at most {limit} characters:").format(limit=NOTE_LIMIT),
                )
            row = await self._returnable(ctx, str(state.data.get("report")), cells)
            if row is None:
                return done(Reply(_("This report can no longer be returned.")))
            return await self._return(ctx, row, cells[row.cell_id], note)
        return await self._summary(ctx, month)

    async def _returnable(
        self, ctx: Context, value: str | None, cells: dict[int | None, Cell]
    ) -> MeetingReport | None:
        if value is None or not value.isdigit():
            return None
        row = await ctx.repos.reports.get(int(value))
        if row is None or row.cell_id not in cells or row.status != "sent":
            return None
        return row

    async def _return(self, ctx: Context, row: MeetingReport, cell: Cell, note: str) -> Outcome:
        _ = ctx.t.gettext
        repos, now = ctx.repos, ctx.clock.now()
        before = {"status": row.status}
        row.status = "returned"
        row.return_note = note
        row.returned_by = ctx.account.id
        row.returned_at = now
        row.version += 1
        await repos.reports.save(
            row,
            action="returned",
            data={"status": "returned", "note": note},
            by=ctx.account.id,
            now=now,
        )
        await repos.audit.record(
            actor_account_id=ctx.account.id,
            action="report.return",
            entity="meeting_report",
            entity_id=row.id,
            now=now,
            before=before,
            after={"status": "returned", "return_note": note},
        )
        assert cell.id is not None
        roles = await repos.roles.active_in_cell(cell.id, [RoleName.SECRETARY, RoleName.DEPUTY])
        told = 0
        month = Month.parse(row.period)
        for role in roles:
            person = await repos.accounts.get(role.account_id)
            if person is None or person.id is None:
                continue
            t = ctx.translator_for(person)
            ctx.notify(
                person.id,
                Reply(
                    t.gettext(
                        "The party committee returned the meeting report of {cell} for {month} "
                        "for correction: {note}\nPlease type /sua to correct it and send it again."
                    ).format(cell=cell.name, month=month_label(month), note=note),
                    (Choice(t.gettext("Correct the report"), "/sua"),),
                ),
            )
            told += 1
        return done(
            Reply(
                ctx.t.ngettext(
                    "Returned the report of {cell}; {n} secretary was told.",
                    "Returned the report of {cell}; {n} secretaries were told.",
                    told,
                ).format(
                    cell=cell.name, n=told
                )
            )
        )

    async def _history(self, ctx: Context, cell: Cell) -> Outcome:
        _ = ctx.t.gettext
        assert cell.id is not None
        rows = await ctx.repos.reports.history(cell.id, limit=12)
        if not rows:
            return done(Reply(_("{cell} has sent no reports yet.").format(cell=cell.name)))
        lines = [_("Latest reports of {cell}:").format(cell=cell.name)]
        lines.extend(
            self._cell_line(ctx, cell, row).replace(cell.name, period_text(row.period), 1)
            for row in rows
        )
        return done(Reply("\n".join(lines)))


def _extra(row: MeetingReport) -> dict[str, object]:
    return {
        "note": row.note,
        "reason": row.not_held_reason,
        "new_date": row.new_date.isoformat() if row.new_date else None,
    }
