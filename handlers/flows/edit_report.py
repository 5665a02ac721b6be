"""/sua: change a sent report or figures while their month is open (or after a return)."""

from __future__ import annotations

import re

from core.messages import Choice, Reply
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.flows.figures import FiguresFlow, period_label, period_last_day
from handlers.flows.report import edit_report, period_text, quarter_text
from handlers.reporting.records import CellSetting, closed_month_text, load_setting
from scheduler.periods import Month
from scheduler.reporting_window import is_open

NAME = "edit_report"
_MONTH = re.compile(r"^\d{4}-\d{2}$")


class EditReportFlow:
    """Lists what can still be changed; the chosen item opens at its summary."""

    name = NAME

    async def _editable(self, ctx: Context) -> tuple[list[Choice], list[str]]:
        """What can still be changed, and why anything else that would be open is closed."""
        _ = ctx.t.gettext
        repos = ctx.repos
        today = ctx.today()
        choices: list[Choice] = []
        closed: list[str] = []

        async def closure(setting: CellSetting, month: Month) -> bool:
            text = await closed_month_text(repos, ctx.t, setting, month, ctx.config.timezone)
            if text is not None and text not in closed:
                closed.append(text)
            return text is not None

        for cell_id in sorted(ctx.principal.cell_ids()):
            setting = await load_setting(repos, cell_id)
            if setting is None:
                continue
            day = setting.open_until_day()
            several = len(ctx.principal.cell_ids()) > 1
            suffix = f" - {setting.cell.name}" if several else ""
            for row in await repos.reports.history(cell_id, limit=12):
                month = Month.parse(row.period)
                if row.status == "returned" or is_open(month, today, day):
                    if await closure(setting, month):
                        continue
                    if row.slot == "topic":
                        # named as everywhere: by its quarter, with the month it was held in
                        held_in = Month.parse(row.period)
                        label = _("Topic session report of quarter {quarter} ({month})").format(
                            quarter=quarter_text(held_in.quarter),
                            month=period_text(row.period),
                        )
                    else:
                        label = _("Meeting report {month}").format(month=period_text(row.period))
                    if row.status == "returned":
                        label = _("{label} (returned)").format(label=label)
                    choices.append(Choice(label + suffix, f"r:{row.id}"))
            periods = {
                record.period
                for record in await repos.reports.figures(
                    [cell_id], _recent_periods(today.year, today.month)
                )
            }
            for period in sorted(periods, reverse=True):
                if today <= period_last_day(period, day):
                    if "-" in period and await closure(setting, Month.parse(period)):
                        continue
                    label = _("Figures {period}").format(period=period_label(ctx, period))
                    choices.append(Choice(label + suffix, f"f:{cell_id}:{period}"))
        return choices, closed

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        choices, closed = await self._editable(ctx)
        if not choices and closed:
            return done(Reply("\n".join(closed)))
        if not choices:
            return done(
                Reply(
                    _(
                        "There is no report or figure you can still change. Periods close on "
                        "the 10th of the next month."
                    )
                )
            )
        if len(choices) == 1:
            return await self._open(ctx, choices[0].value)
        wanted = await self._named(ctx, choices, args.strip())
        if wanted is not None:
            return await self._open(ctx, wanted)
        question = "\n".join([*closed, _("What do you want to change?")])
        return ask(FlowState(NAME, "pick"), question, tuple(choices))

    async def _named(self, ctx: Context, choices: list[Choice], period: str) -> str | None:
        """The report `/sua 2026-11` names (a returned report's notice offers it): the month's
        returned report, else its meeting report; or the one `/sua r:12` names (offered when a
        report was changed by someone else meanwhile); None when it cannot be changed (any
        more)."""
        if any(choice.value == period for choice in choices):
            return period
        if not _MONTH.match(period):
            return None
        found: list[tuple[bool, bool, str]] = []
        for choice in choices:
            kind, _sep, rest = choice.value.partition(":")
            row = await ctx.repos.reports.get(int(rest)) if kind == "r" else None
            if row is not None and row.period == period:
                found.append((row.status != "returned", row.slot != "monthly", choice.value))
        return min(found)[2] if found else None

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        choices, _closed = await self._editable(ctx)
        allowed = {c.value for c in choices}
        if answer.value not in allowed:
            return await self.start(ctx, "")
        return await self._open(ctx, answer.value)

    async def _open(self, ctx: Context, value: str) -> Outcome:
        _ = ctx.t.gettext
        kind, _sep, rest = value.partition(":")
        if kind == "r":
            row = await ctx.repos.reports.get(int(rest))
            setting = await load_setting(ctx.repos, row.cell_id) if row is not None else None
            if row is None or setting is None or row.cell_id not in ctx.principal.cell_ids():
                return done(Reply(_("You do not have access to that cell.")))
            return await edit_report(ctx, row, setting)
        cell_text, _sep, period = rest.partition(":")
        setting = await load_setting(ctx.repos, int(cell_text))
        if setting is None or setting.cell_id not in ctx.principal.cell_ids():
            return done(Reply(_("You do not have access to that cell.")))
        return await FiguresFlow().begin(ctx, setting, period)


def _recent_periods(year: int, month: int) -> list[str]:
    this = Month(year, month)
    return [str(this), str(this.plus(-1)), str(year), str(year - 1)]
