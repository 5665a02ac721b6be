"""/xuat, /bieudo, /baocaothang and /chuabaocao: the committee's files and late cells for a period
(typed as "tháng 10", "quý 4", "năm 2026"...; when none is given, last month while its reports
are still taken, as /tonghop: scope.default_period)."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod

from core.messages import Choice, Reply
from core.vnformat import format_day_long
from handlers.committee.files import ReviewFile, chart_file, draft_file, export_file
from handlers.committee.find import looks_like_period
from handlers.committee.nudges import nudge, overdue_cells, result_text
from handlers.committee.scope import default_period, has_groups, narrowed_scope
from handlers.committee.summary_text import scope_name
from handlers.committee.wording import month_list, period_label, secretary_text, upper_first
from handlers.context import Context
from handlers.costly import refused
from handlers.flow import Answer, FlowState, Outcome, ask, done, passed_on, unchanged
from handlers.flows.review import files_caption
from handlers.typed_commands import command_with_period
from scheduler.periods import month_of
from scheduler.review_periods import PeriodError, ReviewPeriod, parse_review_period
from services.review import Reach, ReviewScope, Summary, summarize

NUDGE, CLOSE = "nudge", "close"
LATE_LIST_LIMIT = 30
GROUPS_PER_PAGE = 10


def other_periods(ctx: Context, period: ReviewPeriod) -> tuple[Choice, ...]:
    """Choices for the same command over other periods: previous, this quarter, this year."""
    this = month_of(ctx.today())
    candidates = [
        period.previous(),
        ReviewPeriod.of_month(this),
        ReviewPeriod.of_quarter(this.quarter),
        ReviewPeriod.of_year(this.year),
    ]
    seen = {period.token}
    choices = []
    for candidate in candidates:
        if candidate.token in seen:
            continue
        seen.add(candidate.token)
        choices.append(Choice(upper_first(period_label(ctx.t, candidate)), candidate.token))
    return tuple(choices)


class _PeriodFlow(ABC):
    """A command over a period: the one typed, else the month still being reported (last month
    until its reports close, as /tonghop); then other periods."""

    name = ""

    async def start(self, ctx: Context, args: str) -> Outcome:
        if not args.strip():
            # on 01/12 it is November: December's meetings are ahead (/xuat gave 0/9)
            return await self.run(
                ctx, await default_period(ctx.repos, ctx.principal, ctx.today()), None
            )
        period = parse_review_period(args, ctx.today())
        if isinstance(period, PeriodError):
            return done(Reply(ctx.t.render(period.message)))
        return await self.run(ctx, period, None)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        if state.step != "period":
            return await self.more(ctx, state, answer)
        raw_org = state.data.get("org")
        org_id = int(raw_org) if raw_org is not None else None
        if answer.value is not None:
            try:
                return await self.run(ctx, ReviewPeriod.from_token(answer.value), org_id)
            except ValueError:
                return await self.start(ctx, "")
        typed = answer.text.strip()
        if not typed or typed.isdecimal():
            return unchanged(
                Reply(
                    ctx.t.gettext(
                        "Please type the number of one of the choices, or a period such as "
                        "«quý 4» or «tháng 10»."
                    )
                )
            )
        if command_with_period(typed, ctx.today()) is not None:
            return passed_on()  # «bieu do thang truoc»: another command, read as typed alone
        period = parse_review_period(typed, ctx.today())
        if isinstance(period, PeriodError):
            if not looks_like_period(typed):
                # "nhiệm vụ của UBKT", "ok": not a period at all, so the offer of other
                # periods ends and the text is read as a question or a command
                return passed_on()
            return unchanged(Reply(ctx.t.render(period.message)))
        return await self.run(ctx, period, org_id)

    async def scope(self, ctx: Context, org_id: int | None) -> ReviewScope | None:
        scope = await narrowed_scope(ctx.repos, ctx.principal, org_id)
        return scope if scope is not None and scope.orgs else None

    @abstractmethod
    async def run(self, ctx: Context, period: ReviewPeriod, org_id: int | None) -> Outcome:
        """The flow's answer for `period` over the person's scope (or `org_id`'s subtree)."""

    async def more(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        return await self.start(ctx, "")


class _FileFlow(_PeriodFlow):
    """A file for the period, offered again for other periods."""

    async def run(self, ctx: Context, period: ReviewPeriod, org_id: int | None) -> Outcome:
        _ = ctx.t.gettext
        scope = await self.scope(ctx, org_id)
        if scope is None or not await ctx.repos.summary.count_cells(scope.prefixes):
            return done(Reply(_("You have no cell in your scope yet.")))
        too_often = await refused(ctx, self.name)
        if too_often is not None:
            return done(too_often)
        made = await self.make(ctx, scope, period)
        state = FlowState(self.name, "period", {"org": org_id})
        reply = Reply(self.caption(ctx, made), other_periods(ctx, period), made.attachment)
        return _outcome(reply, state)

    @abstractmethod
    async def make(self, ctx: Context, scope: ReviewScope, period: ReviewPeriod) -> ReviewFile:
        """The file."""

    def caption(self, ctx: Context, made: ReviewFile) -> str:
        return files_caption(ctx, made.summary)


def _outcome(reply: Reply, state: FlowState) -> Outcome:
    return Outcome([reply], state)


class ExportFlow(_FileFlow):
    """/xuat: the period as an Excel workbook."""

    name = "export"

    async def make(self, ctx: Context, scope: ReviewScope, period: ReviewPeriod) -> ReviewFile:
        return await export_file(
            ctx.repos, ctx.t, scope, period, today=ctx.today(), now=ctx.clock.now()
        )


class ChartFlow(_FileFlow):
    """/bieudo: reporting by month, attendance and topic sessions as one picture."""

    name = "chart"

    async def make(self, ctx: Context, scope: ReviewScope, period: ReviewPeriod) -> ReviewFile:
        return await chart_file(
            ctx.repos, ctx.t, scope, period, today=ctx.today(), now=ctx.clock.now()
        )

    def caption(self, ctx: Context, made: ReviewFile) -> str:
        return ctx.t.gettext("Chart of cell meetings, {period} - {scope}").format(
            period=period_label(ctx.t, made.summary.period), scope=scope_name(ctx.t, made.summary)
        )


class DraftReportFlow(_FileFlow):
    """/baocaothang: a draft of the committee's report as a Word document."""

    name = "draft_report"

    async def make(self, ctx: Context, scope: ReviewScope, period: ReviewPeriod) -> ReviewFile:
        return await draft_file(
            ctx.repos, ctx.t, scope, period, today=ctx.today(), now=ctx.clock.now()
        )

    def caption(self, ctx: Context, made: ReviewFile) -> str:
        return ctx.t.gettext(
            "Draft report on cell meetings, {period}: open it in Word, fill in the number, the "
            "date and the remarks, then sign. The figures are those of /tonghop."
        ).format(period=period_label(ctx.t, made.summary.period))


def _owed_nothing(summary: Summary) -> bool:
    """Whether no cell had to report for the period (the cells were created after it)."""
    return bool(summary.owed) and summary.meetings.owed == 0 and not summary.meetings.reported


def _nothing_owed(ctx: Context, label: str) -> Reply:
    return Reply(
        ctx.t.gettext(
            "No cell had to report for {period}: the cells were created after it. A report a "
            "cell sends for it all the same is counted."
        ).format(period=label)
    )


class LateCellsFlow(_PeriodFlow):
    """/chuabaocao: the cells whose meeting has passed without an accepted report, and a nudge."""

    name = "late_cells"

    async def run(self, ctx: Context, period: ReviewPeriod, org_id: int | None) -> Outcome:
        return await self._show(ctx, period, org_id, 0)

    async def _show(
        self, ctx: Context, period: ReviewPeriod, org_id: int | None, page: int
    ) -> Outcome:
        _ = ctx.t.gettext
        scope = await self.scope(ctx, org_id)
        if scope is None:
            return done(Reply(_("You have no organisation in your scope yet.")))
        cells = await ctx.repos.summary.count_cells(scope.prefixes)
        if not cells:
            return done(Reply(_("You have no cell in your scope yet.")))
        label = period_label(ctx.t, period)
        data = {"period": period.token, "org": org_id, "page": page}
        grouped = cells > LATE_LIST_LIMIT and await has_groups(ctx.repos, scope)
        summary = await summarize(
            ctx.repos,
            scope,
            period,
            today=ctx.today(),
            now=ctx.clock.now(),
            detail=not grouped,
        )
        if grouped:
            groups = sorted((g for g in summary.groups if g.late), key=lambda g: (-g.late, g.name))
            if not groups and _owed_nothing(summary):
                return done(_nothing_owed(ctx, label))
            if not groups:
                return done(Reply(_("Every cell reported for {period}.").format(period=label)))
            pages = math.ceil(len(groups) / GROUPS_PER_PAGE)
            page = min(max(page, 0), pages - 1)
            lines = [
                _(
                    "Cells without a report for {period}: {n} of {cells}. By organisation "
                    "(page {page}/{pages}); choose one to see its cells:"
                ).format(
                    period=label,
                    n=summary.late_count,
                    cells=summary.cell_count,
                    page=page + 1,
                    pages=pages,
                )
            ]
            choices = [
                Choice(
                    ctx.t.ngettext("{org}: {n} cell", "{org}: {n} cells", g.late).format(
                        org=g.name, n=g.late
                    ),
                    f"g:{g.org_id}",
                )
                for g in groups[page * GROUPS_PER_PAGE : (page + 1) * GROUPS_PER_PAGE]
            ]
            if page + 1 < pages:
                choices.append(Choice(_("Next page"), f"page:{page + 1}"))
            choices.append(Choice(_("Remind them all now"), NUDGE))
            choices.append(Choice(_("Close"), CLOSE))
            return ask(FlowState(self.name, "nudge", data), "\n".join(lines), tuple(choices))
        late = await overdue_cells(ctx, summary)
        if not late and _owed_nothing(summary):
            return done(_nothing_owed(ctx, label))
        if not late:
            return done(
                Reply(
                    _("Every cell whose meeting has passed reported for {period}.").format(
                        period=label
                    )
                )
            )
        lines = [_("Not reported for {period} ({n}):").format(period=label, n=len(late))]
        several = not summary.period.is_month
        for entry in late[:LATE_LIST_LIMIT]:
            cell = entry.cell
            details = [_("returned for correction")] if cell.returned else []
            if several:
                details.append(_("missing {months}").format(months=month_list(cell.missing)))
            elif entry.held is not None:  # the returned report's own date, not the plan's
                details.append(
                    _("reported held {date}").format(date=format_day_long(entry.held, ctx.t))
                )
            elif entry.planned is not None:
                details.append(
                    _("meeting {date}").format(date=format_day_long(entry.planned, ctx.t))
                )
            details.append(secretary_text(ctx.t, cell.secretaries, cell.reach))
            # «• Chi bộ Thôn 2: họp ngày 03/11/2026 (thứ Ba); bí thư: Tu»: the date as everywhere
            lines.append(f"• {cell.name}: {'; '.join(details)}")
        if len(late) > LATE_LIST_LIMIT:
            lines.append(
                _("… and {n} more in the Excel file (/xuat).").format(n=len(late) - LATE_LIST_LIMIT)
            )
        if not any(entry.cell.reach is Reach.REACHABLE for entry in late):
            lines.append(
                _(
                    "None of these cells has a secretary the bot can reach; invite their "
                    "secretaries with /moi."
                )
            )
            return done(Reply("\n".join(lines)))
        if not any(entry.asked or entry.cell.returned for entry in late):
            # every month missing is closed: nobody can send it any more, so nobody is nudged
            lines.append(
                _(
                    "Reports of {period} can no longer be sent, so there is no one to remind."
                ).format(period=label)
            )
            return done(Reply("\n".join(lines)))
        return ask(
            FlowState(self.name, "nudge", data),
            "\n".join(lines),
            (Choice(_("Remind them now"), NUDGE), Choice(_("Close"), CLOSE)),
        )

    async def more(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        try:
            period = ReviewPeriod.from_token(str(state.data.get("period", "")))
        except ValueError:
            return await self.start(ctx, "")
        raw_org = state.data.get("org")
        org_id = int(raw_org) if raw_org is not None else None
        value = answer.value or ""
        if value.startswith("g:") and value[2:].isdecimal():
            return await self._show(ctx, period, int(value[2:]), 0)
        if value.startswith("page:") and value[5:].isdecimal():
            return await self._show(ctx, period, org_id, int(value[5:]))
        if value == CLOSE:
            return done(Reply(_("Closed.")))
        if value != NUDGE:
            return unchanged(Reply(_("Please type the number of one of the choices.")))
        scope = await self.scope(ctx, org_id)
        if scope is None:
            return done(Reply(_("You have no organisation in your scope yet.")))
        summary = await summarize(
            ctx.repos, scope, period, today=ctx.today(), now=ctx.clock.now(), detail=True
        )
        late = await overdue_cells(ctx, summary)
        result = await nudge(ctx, late, period_label(ctx.t, period))
        return done(Reply(result_text(ctx, result)))
