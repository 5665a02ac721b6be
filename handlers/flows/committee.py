"""/xuat, /bieudo and /chuabaocao: the month's Excel file, its chart, and the late cells."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime, time

from core.messages import Attachment, Choice, Reply
from core.vnformat import format_date, format_month
from handlers.committee.month_table import CellMonth, MonthTable, month_table
from handlers.committee.workbook import build_chart, build_workbook
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.flows.review import parse_month_arg
from handlers.reporting.records import load_setting, planned_meeting_date
from scheduler.periods import Month, month_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUDGE = "nudge"


async def _scope_title(ctx: Context, table: MonthTable) -> str:
    orgs = sorted({row.org_name for row in table.rows})
    if len(orgs) == 1:
        return orgs[0]
    return ctx.t.ngettext("{n} organisation", "{n} organisations", len(orgs)).format(n=len(orgs))


class _MonthFlow(ABC):
    """A command that works on a month: the one typed ("/xuat 10/2026"), else asks."""

    name = ""

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        month = parse_month_arg(args)
        if month is not None:
            return await self.run(ctx, month)
        this = month_of(ctx.today())
        previous = this.plus(-1)
        choices = (
            Choice(_("Month {month}").format(month=format_month(this.year, this.month)), str(this)),
            Choice(
                _("Month {month}").format(month=format_month(previous.year, previous.month)),
                str(previous),
            ),
        )
        return ask(FlowState(self.name, "month"), _("For which month?"), choices)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        value = answer.value or ""
        if state.step == "month":
            month = (
                parse_month_arg(answer.text) if not value else Month.parse(value)
            )
            if month is None:
                return await self.start(ctx, "")
            return await self.run(ctx, month)
        return await self.more(ctx, state, answer)

    @abstractmethod
    async def run(self, ctx: Context, month: Month) -> Outcome:
        """The flow's answer for `month`."""

    async def more(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        return await self.start(ctx, "")


class ExportFlow(_MonthFlow):
    """/xuat: the month as an Excel file."""

    name = "export"

    async def run(self, ctx: Context, month: Month) -> Outcome:
        _ = ctx.t.gettext
        table = await month_table(ctx.repos, ctx.principal, month)
        if not table.rows:
            return done(Reply(_("You have no cell in your scope yet.")))
        title = await _scope_title(ctx, table)
        content = build_workbook(table, title, ctx.t)
        filename = f"sinh-hoat-chi-bo-{month.year}-{month.month:02d}.xlsx"
        text = _("Cell meetings, month {month}: {reported}/{total} cells reported.").format(
            month=format_month(month.year, month.month),
            total=len(table.rows),
            reported=len(table.rows) - len(table.late),
        )
        return done(Reply(text, attachment=Attachment(filename, content, XLSX, "document")))


class ChartFlow(_MonthFlow):
    """/bieudo: attendance per cell for the month, as a picture."""

    name = "chart"

    async def run(self, ctx: Context, month: Month) -> Outcome:
        _ = ctx.t.gettext
        table = await month_table(ctx.repos, ctx.principal, month)
        if not table.rows:
            return done(Reply(_("You have no cell in your scope yet.")))
        title = _("Attendance, month {month} - {scope}").format(
            month=format_month(month.year, month.month), scope=await _scope_title(ctx, table)
        )
        content = build_chart(table, title, ctx.t)
        filename = f"ty-le-du-hop-{month.year}-{month.month:02d}.png"
        return done(Reply(title, attachment=Attachment(filename, content, "image/png", "photo")))


class LateCellsFlow(_MonthFlow):
    """/chuabaocao: the cells whose meeting has passed without a report, and a nudge to them."""

    name = "late_cells"

    async def _late(self, ctx: Context, month: Month) -> list[tuple[CellMonth, str]]:
        table = await month_table(ctx.repos, ctx.principal, month)
        today = ctx.today()
        late = []
        for row in table.late:
            assert row.cell.id is not None
            setting = await load_setting(ctx.repos, row.cell.id)
            planned = await planned_meeting_date(ctx.repos, setting, month) if setting else None
            if planned is None or planned < today:
                late.append((row, format_date(planned) if planned else "?"))
        return late

    async def run(self, ctx: Context, month: Month) -> Outcome:
        _ = ctx.t.gettext
        late = await self._late(ctx, month)
        label = format_month(month.year, month.month)
        if not late:
            return done(
                Reply(
                    _("Every cell whose meeting has passed reported for {month}.").format(
                        month=label
                    )
                )
            )
        lines = [_("Not reported for {month} ({n}):").format(month=label, n=len(late))]
        for row, planned in late:
            status = "" if row.reachable else " " + _("(secretary not reachable)")
            lines.append(
                _("• {cell}, meeting {date}{status}").format(
                    cell=row.cell.name, date=planned, status=status
                )
            )
        state = FlowState(self.name, "nudge", {"period": str(month)})
        return ask(
            state,
            "\n".join(lines),
            (Choice(_("Remind them now"), NUDGE), Choice(_("Close"), "close")),
        )

    async def more(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        if answer.value != NUDGE:
            return done(Reply(_("Closed.")))
        month = Month.parse(str(state.data["period"]))
        now = ctx.clock.now()
        start_of_day = datetime.combine(ctx.today(), time(0), ctx.config.timezone)
        nudged = skipped = 0
        for row, planned in await self._late(ctx, month):
            if await ctx.repos.audit.exists(
                action="cell.nudge", entity="cell", entity_id=row.cell.id, since=start_of_day
            ):
                skipped += 1
                continue
            reached = False
            for account_id in row.secretary_ids:
                account = await ctx.repos.accounts.get(account_id)
                if account is None or account.blocked_at is not None:
                    continue
                t = ctx.translator_for(account)
                ctx.notify(
                    account_id,
                    Reply(
                        t.gettext(
                            "The party committee reminds you: {cell} has not yet reported its "
                            "meeting of {month} (planned {date}). Please report it now."
                        ).format(
                            cell=row.cell.name,
                            month=format_month(month.year, month.month),
                            date=planned,
                        ),
                        (Choice(t.gettext("Report now"), "/baocao"),),
                    ),
                )
                reached = True
            await ctx.repos.audit.record(
                actor_account_id=ctx.account.id,
                action="cell.nudge",
                entity="cell",
                entity_id=row.cell.id,
                now=now,
                after={"period": str(month), "reached": reached},
            )
            nudged += 1 if reached else 0
        text = ctx.t.ngettext("Reminded {n} cell.", "Reminded {n} cells.", nudged).format(n=nudged)
        if skipped:
            text += " " + ctx.t.ngettext(
                "{n} was already reminded today.", "{n} were already reminded today.", skipped
            ).format(n=skipped)
        return done(Reply(text))
