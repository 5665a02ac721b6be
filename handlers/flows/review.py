"""/tonghop: the committee's summary for any period, by sub-organisation when the scope is large,
with a drill-down, a cell's history, the Excel file, and returning a report for correction."""

from __future__ import annotations

import copy
import math
import re

from core.i18n import Translator
from core.messages import Choice, Reply
from core.vnformat import format_day_inline, format_time
from handlers.cells import load_cell
from handlers.committee.catalog import figure_catalog
from handlers.committee.files import export_file
from handlers.committee.find import find_by_name, is_no_answer
from handlers.committee.history import cell_history
from handlers.committee.scope import default_period, has_groups, narrowed_scope
from handlers.committee.summary_text import (
    cell_lines,
    group_label,
    late_lines,
    overview,
)
from handlers.committee.wording import period_label, upper_first
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done, passed_on, unchanged
from handlers.flows.report import month_label, quarter_text
from handlers.flows.report_lines import describe_report
from handlers.reporting.records import closed_month_text, load_setting, row_report
from handlers.typed_commands import command_with_period
from scheduler.periods import Month
from scheduler.review_periods import PeriodError, ReviewPeriod, parse_review_period
from services.access import RoleName
from services.outgoing import ReportsWanted
from services.review import ReviewScope, Summary, scope_org_ids, summarize
from storage.models import Cell, MeetingReport
from storage.repos.summary import CellRow

NAME = "review"
GROUP_THRESHOLD = 30
GROUPS_PER_PAGE = 10
MAX_FOUND = 10
NOTE_LIMIT = 500
PREVIOUS, RETURN, HISTORY, EXPORT, UP = "previous", "return", "history", "export", "up"
CONFIRM, RENOTE, KEEP = "confirm", "renote", "keep"
# a word of two letters or more: a note says something, «1» or «?» alone is a reflex
_WORD = re.compile(r"[^\W\d_]{2,}")


def _hint(ctx: Context) -> Outcome:
    return unchanged(
        Reply(
            ctx.t.gettext(
                "Please type the number of one of the choices, a period such as «quý 4» or "
                "«tháng 10», or the name of an organisation or cell."
            )
        )
    )


class ReviewFlow:
    """The committee's view: who reported, attendance, topic sessions, figures, targets."""

    name = NAME

    async def start(self, ctx: Context, args: str) -> Outcome:
        if not args.strip():
            # as /chuabaocao: last month while its reports are still open
            default = await default_period(ctx.repos, ctx.principal, ctx.today())
            return await self.show(ctx, default, None, 0)
        period = parse_review_period(args, ctx.today())
        if isinstance(period, PeriodError):
            return done(Reply(ctx.t.render(period.message)))
        return await self.show(ctx, period, None, 0)

    async def show(
        self, ctx: Context, period: ReviewPeriod, org_id: int | None, page: int
    ) -> Outcome:
        _ = ctx.t.gettext
        scope = await narrowed_scope(ctx.repos, ctx.principal, org_id)
        if scope is None:
            return done(Reply(_("You do not have access to that organisation.")))
        if not scope.orgs:
            return done(Reply(_("You have no organisation in your scope yet.")))
        cells = await ctx.repos.summary.count_cells(scope.prefixes)
        if cells == 0:
            return done(Reply(_("You have no cell in your scope yet.")))
        now = ctx.clock.now()
        grouped = cells > GROUP_THRESHOLD and await has_groups(ctx.repos, scope)
        summary = await summarize(
            ctx.repos, scope, period, today=ctx.today(), now=now, detail=not grouped
        )
        catalog = await figure_catalog(ctx.repos, scope)
        lines = overview(ctx.t, summary, catalog)
        choices: list[Choice] = []
        if grouped:
            ordered = sorted(summary.groups, key=lambda g: (-g.late, g.name))
            pages = math.ceil(len(ordered) / GROUPS_PER_PAGE)
            page = min(max(page, 0), pages - 1)
            lines.append(
                _(
                    "By organisation, most cells not reported first (page {page}/{pages}); "
                    "choose one to open it:"
                ).format(page=page + 1, pages=pages)
            )
            shown = ordered[page * GROUPS_PER_PAGE : (page + 1) * GROUPS_PER_PAGE]
            choices.extend(Choice(group_label(ctx.t, g, summary), f"g:{g.org_id}") for g in shown)
            if page + 1 < pages:
                choices.append(Choice(_("Next page"), f"page:{page + 1}"))
            if page > 0:
                choices.append(Choice(_("Previous page"), f"page:{page - 1}"))
        else:
            lines.extend(cell_lines(ctx.t, summary))
            lines.extend(late_lines(ctx.t, summary, summary.late, ctx.today()))
        choices.extend(self._actions(ctx, summary, org_id))
        state = FlowState(NAME, "menu", {"period": period.token, "org": org_id, "page": page})
        return ask(state, "\n".join(lines), tuple(choices))

    def _actions(self, ctx: Context, summary: Summary, org_id: int | None) -> list[Choice]:
        _ = ctx.t.gettext
        previous = summary.period.previous()
        actions = [
            Choice(_("Previous: {period}").format(period=period_label(ctx.t, previous)), PREVIOUS)
        ]
        if (
            summary.detail
            and summary.period.is_month
            and any(c.monthly is not None and c.monthly.status == "sent" for c in summary.cells)
        ):
            actions.append(Choice(_("Return a report for correction"), RETURN))
        actions.append(Choice(_("A cell's history"), HISTORY))
        actions.append(Choice(_("Excel file"), EXPORT))
        if org_id is not None:
            actions.append(Choice(_("Back up one level"), UP))
        return actions

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        # A copy: nested values changed in place would not be seen as changed and saved.
        state.data = copy.deepcopy(state.data)
        try:
            period = ReviewPeriod.from_token(str(state.data.get("period", "")))
        except ValueError:
            return await self.start(ctx, "")
        raw_org = state.data.get("org")
        org_id = int(raw_org) if raw_org is not None else None
        if state.step == "menu":
            return await self._menu(ctx, state, answer, period, org_id)
        if state.step == "history":
            return await self._history_answer(ctx, state, answer, org_id)
        if state.step == "return_pick":
            return await self._return_pick(ctx, state, answer, period, org_id)
        if state.step == "return_note":
            return await self._return_note(ctx, state, answer)
        if state.step == "return_confirm":
            return await self._return_confirm(ctx, state, answer)
        return await self.show(ctx, period, org_id, 0)

    async def _menu(
        self,
        ctx: Context,
        state: FlowState,
        answer: Answer,
        period: ReviewPeriod,
        org_id: int | None,
    ) -> Outcome:
        _ = ctx.t.gettext
        value = answer.value or ""
        page = int(state.data.get("page", 0))
        if value.startswith("g:") and value[2:].isdecimal():
            return await self.show(ctx, period, int(value[2:]), 0)
        if value.startswith("page:") and value[5:].isdecimal():
            return await self.show(ctx, period, org_id, int(value[5:]))
        if value == PREVIOUS:
            return await self.show(ctx, period.previous(), org_id, 0)
        if value == UP:
            return await self.show(ctx, period, await self._parent(ctx, org_id), 0)
        if value == EXPORT:
            scope = await narrowed_scope(ctx.repos, ctx.principal, org_id)
            if scope is None or not scope.orgs:
                return done(Reply(_("You do not have access to that organisation.")))
            return done(await export_reply(ctx, scope, period))
        if value == HISTORY:
            return await self._ask_cell(ctx, state, org_id)
        if value == RETURN:
            return await self._ask_return(ctx, state, period, org_id)
        if answer.value is not None:
            return await self.show(ctx, period, org_id, page)
        typed = answer.text.strip()
        if not typed or typed.isdecimal():
            return _hint(ctx)
        parsed = parse_review_period(typed, ctx.today())
        if isinstance(parsed, ReviewPeriod):
            return await self.show(ctx, parsed, org_id, 0)
        if command_with_period(typed, ctx.today()) is not None:
            return passed_on()  # «chua bao cao thang 12»: that command, read as typed alone
        return await self._by_name(ctx, state, typed, period, org_id)

    async def _parent(self, ctx: Context, org_id: int | None) -> int | None:
        if org_id is None:
            return None
        org = await ctx.repos.orgs.get_org(org_id)
        if org is None or org.parent_id is None:
            return None
        parent = await ctx.repos.orgs.get_org(org.parent_id)
        if parent is None or not ctx.principal.covers_org(parent):
            return None
        return parent.id

    async def _scope(self, ctx: Context, org_id: int | None) -> ReviewScope | None:
        scope = await narrowed_scope(ctx.repos, ctx.principal, org_id)
        return scope if scope is not None and scope.orgs else None

    async def _by_name(
        self,
        ctx: Context,
        state: FlowState,
        typed: str,
        period: ReviewPeriod,
        org_id: int | None,
    ) -> Outcome:
        """A typed name opens the organisation or the cell's history it names."""
        _ = ctx.t.gettext
        scope = await self._scope(ctx, org_id)
        if scope is None:
            return done(Reply(_("You do not have access to that organisation.")))
        orgs = [
            o
            for o in await ctx.repos.summary.orgs(scope.prefixes)
            if o.id not in {s.id for s in scope.orgs}
        ]
        found_orgs = find_by_name(orgs, typed, lambda o: o.name)
        if len(found_orgs) == 1:
            return await self.show(ctx, period, found_orgs[0].id, 0)
        cells = await ctx.repos.summary.cells(scope.prefixes)
        found = find_by_name(cells, typed, lambda c: c.name)
        if len(found) == 1 and not found_orgs:
            return await self._show_history(ctx, found[0].id)
        if found or found_orgs:
            return self._pick_cell(ctx, state, found, typed)
        if is_no_answer(typed, [o.name for o in orgs] + [c.name for c in cells]):
            return passed_on()  # a question or a sentence: read as if nothing were pending
        return unchanged(
            Reply(
                _(
                    "No organisation or cell is named «{text}». Please type the number of one "
                    "of the choices, a period such as «quý 4», or the name again."
                ).format(text=typed)
            )
        )

    def _pick_cell(
        self, ctx: Context, state: FlowState, found: list[CellRow], typed: str
    ) -> Outcome:
        _ = ctx.t.gettext
        state.step = "history"
        if not found or len(found) > MAX_FOUND:
            return ask(
                state,
                _("{n} cells match «{text}». Please type more of the name:").format(
                    n=len(found), text=typed
                ),
            )
        return ask(state, _("Which cell?"), tuple(Choice(c.name, f"c:{c.id}") for c in found))

    async def _ask_cell(self, ctx: Context, state: FlowState, org_id: int | None) -> Outcome:
        _ = ctx.t.gettext
        scope = await self._scope(ctx, org_id)
        if scope is None:
            return done(Reply(_("You do not have access to that organisation.")))
        state.step = "history"
        cells = await ctx.repos.summary.cells(scope.prefixes)
        if len(cells) <= GROUP_THRESHOLD:
            return ask(state, _("Which cell?"), tuple(Choice(c.name, f"c:{c.id}") for c in cells))
        return ask(state, _("Type the name of the cell (diacritics optional):"))

    async def _history_answer(
        self, ctx: Context, state: FlowState, answer: Answer, org_id: int | None
    ) -> Outcome:
        _ = ctx.t.gettext
        value = answer.value or ""
        if value.startswith("c:") and value[2:].isdecimal():
            return await self._show_history(ctx, int(value[2:]))
        typed = answer.text.strip()
        if not typed or typed.isdecimal():
            return unchanged(Reply(_("Please type the number of one of the choices, or a name.")))
        scope = await self._scope(ctx, org_id)
        if scope is None:
            return done(Reply(_("You do not have access to that organisation.")))
        cells = await ctx.repos.summary.cells(scope.prefixes)
        found = find_by_name(cells, typed, lambda c: c.name)
        if len(found) == 1:
            return await self._show_history(ctx, found[0].id)
        if not found and is_no_answer(typed, [c.name for c in cells], periods=False):
            return passed_on()
        if not found:
            return ask(
                state,
                _("No cell is named «{text}». Please type the name again:").format(text=typed),
            )
        return self._pick_cell(ctx, state, found, typed)

    async def _show_history(self, ctx: Context, cell_id: int) -> Outcome:
        _ = ctx.t.gettext
        found = await ctx.repos.orgs.get_cell(cell_id)
        if found is None:
            return done(Reply(_("You do not have access to that cell.")))
        cell, org = await load_cell(ctx.repos, cell_id)
        if not ctx.principal.can_read_cell(cell, org):
            return done(Reply(_("You do not have access to that cell.")))
        return done(Reply(await cell_history(ctx, cell, org)))

    # --- returning a report ---------------------------------------------------------------------

    async def _ask_return(
        self, ctx: Context, state: FlowState, period: ReviewPeriod, org_id: int | None
    ) -> Outcome:
        _ = ctx.t.gettext
        scope = await self._scope(ctx, org_id)
        if scope is None or not period.is_month:
            return await self.show(ctx, period, org_id, 0)
        rows = await ctx.repos.summary.month_reports(
            await scope_org_ids(ctx.repos, scope), str(period.first)
        )
        names = {c.id: c.name for c in await ctx.repos.summary.cells(scope.prefixes)}
        choices = tuple(
            Choice(
                names[r.cell_id] + ("" if r.slot == "monthly" else " - " + _("topic session")),
                str(r.id),
            )
            for r in rows
            if r.status == "sent" and r.cell_id in names
        )
        if not choices:
            return await self.show(ctx, period, org_id, 0)
        state.step = "return_pick"
        return ask(state, _("Which report do you want to return?"), choices)

    async def _returnable(
        self, ctx: Context, value: str | None, *, locked: bool = False
    ) -> tuple[MeetingReport, Cell] | None:
        """The sent report `value` names, when the person may return it; `locked` until the
        transaction ends (the return is written over the report as it stands)."""
        if value is None or not value.isdecimal():
            return None
        reports = ctx.repos.reports
        row = await (reports.get_for_update(int(value)) if locked else reports.get(int(value)))
        if row is None or row.status != "sent":
            return None
        cell, org = await load_cell(ctx.repos, row.cell_id)
        if not ctx.principal.covers_org(org):
            return None
        return row, cell

    async def _return_pick(
        self,
        ctx: Context,
        state: FlowState,
        answer: Answer,
        period: ReviewPeriod,
        org_id: int | None,
    ) -> Outcome:
        _ = ctx.t.gettext
        found = await self._returnable(ctx, answer.value)
        if found is None:
            return await self.show(ctx, period, org_id, 0)
        row, cell = found
        setting = await load_setting(ctx.repos, cell.id or 0)
        if setting is not None:
            closed = await closed_month_text(
                ctx.repos, ctx.t, setting, Month.parse(row.period), ctx.config.timezone
            )
            if closed is not None:
                return done(
                    Reply(
                        _("The period is closed; reopen it with /khoaso before returning a report.")
                    )
                )
        return self._ask_note(ctx, state, row, cell, [])

    def _ask_note(
        self, ctx: Context, state: FlowState, row: MeetingReport, cell: Cell, before: list[str]
    ) -> Outcome:
        """The report as it stands and the question for the note (the version seen is kept:
        the return is refused if the report changes meanwhile)."""
        _ = ctx.t.gettext
        state.step = "return_note"
        state.data["report"] = row.id
        state.data["version"] = row.version
        lines = [
            *before,
            _("{cell}, {month}:").format(
                cell=cell.name, month=month_label(Month.parse(row.period))
            ),
            *describe_report(
                ctx.t,
                row_report(row),
                reason=row.not_held_reason,
                new_date=row.new_date,
                note=row.note,
                month_over=ctx.today() > Month.parse(row.period).last_day,
            ),
            _("What should the cell correct? (a short note for the secretary)"),
        ]
        return ask(state, "\n".join(lines))

    async def _return_note(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        note = " ".join(answer.text.split())
        if not note or len(note) > NOTE_LIMIT:
            return ask(
                state,
                _("Please type a note of at most {limit} characters:").format(limit=NOTE_LIMIT),
            )
        if not _WORD.search(note):
            # «1», «2»: a choice's number from habit, nothing the secretary could act on
            return ask(
                state,
                _(
                    "«{text}» is no note: please type in words what the cell should correct "
                    "(e.g. «Ghi lại số có mặt»):"
                ).format(text=note),
            )
        found = await self._returnable(ctx, str(state.data.get("report")))
        if found is None:
            return done(Reply(_("This report can no longer be returned.")))
        row, cell = found
        if _changed_since_read(state, row):
            return self._ask_note(ctx, state, row, cell, [_changed_text(ctx.t)])
        state.data["note"] = note
        state.step = "return_confirm"
        return ask(
            state,
            _("Return {report} of {cell} with the note «{note}»?").format(
                report=_report_name(ctx.t, row), cell=cell.name, note=note
            ),
            (
                Choice(_("Return it"), CONFIRM),
                Choice(_("Change the note"), RENOTE),
                Choice(_("Do not return it"), KEEP),
            ),
        )

    async def _return_confirm(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        if answer.value == KEEP:
            return done(Reply(_("The report was not returned.")))
        if answer.value not in (CONFIRM, RENOTE):
            return unchanged(
                Reply(_("Please type 1 to return the report, 2 to change the note, 3 to keep it."))
            )
        found = await self._returnable(
            ctx, str(state.data.get("report")), locked=answer.value == CONFIRM
        )
        if found is None:
            return done(Reply(_("This report can no longer be returned.")))
        row, cell = found
        if _changed_since_read(state, row):
            return self._ask_note(ctx, state, row, cell, [_changed_text(ctx.t)])
        if answer.value == RENOTE:
            return self._ask_note(ctx, state, row, cell, [])
        return await self._return(ctx, row, cell, str(state.data["note"]))

    async def _return(self, ctx: Context, row: MeetingReport, cell: Cell, note: str) -> Outcome:
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
        goes = now
        for role in roles:
            person = await repos.accounts.get(role.account_id)
            if person is None or person.id is None or person.blocked_at is not None:
                continue
            t = ctx.translator_for(person)
            goes = ctx.notify(
                person.id,
                Reply(
                    t.gettext(
                        "The party committee returned {report} of {cell} for correction: "
                        "{note}\nPlease type /sua to correct it and send it again."
                    ).format(report=_report_name(t, row), cell=cell.name, note=note),
                    (Choice(t.gettext("Correct the report"), f"/sua {row.period}"),),
                ),
                wanted=ReportsWanted(cell.id, (row.period,), row.slot),
            )
            told += 1
        if goes > now:
            # at night the notice waits (Context.notify): «sẽ báo», not «đã báo»
            local = ctx.local(goes)
            text = ctx.t.ngettext(
                "Returned {report} of {cell}; the bot sends no messages at night: {n} secretary "
                "will be told at {time} on {date}.",
                "Returned {report} of {cell}; the bot sends no messages at night: {n} "
                "secretaries will be told at {time} on {date}.",
                told,
            ).format(
                report=_report_name(ctx.t, row),
                cell=cell.name,
                n=told,
                time=format_time(local.time()),
                date=format_day_inline(local.date(), ctx.t),
            )
        else:
            text = ctx.t.ngettext(
                "Returned {report} of {cell}; {n} secretary was told.",
                "Returned {report} of {cell}; {n} secretaries were told.",
                told,
            ).format(report=_report_name(ctx.t, row), cell=cell.name, n=told)
        return done(Reply(text))


def _changed_since_read(state: FlowState, row: MeetingReport) -> bool:
    """The secretary changed the report (/sua) after the officer opened it: what is returned
    must be what was read."""
    seen = state.data.get("version")
    return seen is not None and row.version != int(seen)


def _changed_text(t: Translator) -> str:
    return t.gettext("The report was changed after you opened it; here it is as it is now.")


def _report_name(t: Translator, row: MeetingReport) -> str:
    """«báo cáo sinh hoạt tháng 11/2026», or «báo cáo sinh hoạt chuyên đề quý IV/2026 (tháng
    11/2026)» for a topic session reported on its own: the kind of meeting is said wherever a
    report is named, and a topic session by its quarter as everywhere, with the month it was
    held in."""
    held_in = Month.parse(row.period)
    month = month_label(held_in)
    if row.slot == "topic":
        return t.gettext("the topic session report of quarter {quarter} ({month})").format(
            quarter=quarter_text(held_in.quarter), month=month
        )
    return t.gettext("the meeting report of {month}").format(month=month)


async def export_reply(ctx: Context, scope: ReviewScope, period: ReviewPeriod) -> Reply:
    """The Excel file of `scope` over `period`, with a line saying what it holds."""
    made = await export_file(
        ctx.repos, ctx.t, scope, period, today=ctx.today(), now=ctx.clock.now()
    )
    return Reply(files_caption(ctx, made.summary), attachment=made.attachment)


def files_caption(ctx: Context, summary: Summary) -> str:
    m = summary.meetings
    if summary.period.is_month:
        text = ctx.t.gettext("Cell meetings, {period}: {reported}/{cells} cells reported.")
        return upper_first(
            text.format(
                period=period_label(ctx.t, summary.period), reported=m.reported_owed, cells=m.owed
            )
        )
    text = ctx.t.gettext("Cell meetings, {period}: {reported}/{expected} reports owed so far.")
    return upper_first(
        text.format(
            period=period_label(ctx.t, summary.period),
            reported=m.reported_owed,
            expected=summary.expected_reports,
        )
    )


