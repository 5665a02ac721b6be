"""/khoaso [kỳ]: an officer closes a month or a quarter for their organisation, or reopens it;
while it is closed no secretary below can send or change a report or figure of that period."""

from __future__ import annotations

from core.i18n import N_
from core.messages import Choice, Reply
from core.vnformat import format_day_long, format_month, format_quarter
from handlers.committee.scope import officer_scope
from handlers.committee.wording import month_list, percent, upper_first
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done, unchanged
from scheduler.periods import Month, Quarter, month_of, parse_period
from scheduler.review_periods import PeriodError, ReviewPeriod, parse_review_period
from services.period_closing import AlreadyClosed, close_period, closure_for, reopen_period
from services.review import returned_cells, scope_of, summarize
from storage.models import Organization

NAME = "closing"
CLOSE, REOPEN, KEEP = "close", "reopen", "keep"
_ONLY_MONTH_OR_QUARTER = N_(
    "Only a month or a quarter can be closed, for example: /khoaso tháng 10 or /khoaso quý 3."
)


def _label(ctx: Context, period: Month | Quarter) -> str:
    _ = ctx.t.gettext
    if isinstance(period, Month):
        return _("month {month}").format(month=format_month(period.year, period.month))
    return _("quarter {quarter}").format(quarter=format_quarter(period.year, period.quarter))


def _closable(review: ReviewPeriod) -> Month | Quarter | None:
    if review.kind == "month":
        return review.first
    if review.kind == "quarter":
        return review.first.quarter
    return None


class ClosingFlow:
    name = NAME

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        if args.strip():
            review = parse_review_period(args, ctx.today())
            if isinstance(review, PeriodError):
                return done(Reply(ctx.t.render(review.message)))
            period = _closable(review)
            if period is None:
                return done(Reply(_(_ONLY_MONTH_OR_QUARTER)))
        else:
            period = month_of(ctx.today()).plus(-1)
        scope = await officer_scope(ctx.repos, ctx.principal)
        if not scope.orgs:
            return done(Reply(_("You have no organisation in your scope yet.")))
        if len(scope.orgs) > 1:
            choices = tuple(Choice(o.name, f"o:{o.id}") for o in scope.orgs)
            state = FlowState(NAME, "org", {"period": str(period)})
            return ask(state, _("Which organisation?"), choices)
        return await self._status(ctx, scope.orgs[0].id, period)

    async def _org(self, ctx: Context, org_id: int) -> Organization | None:
        org = await ctx.repos.orgs.get_org(org_id)
        return org if org is not None and ctx.principal.covers_org(org) else None

    async def _status(self, ctx: Context, org_id: int, period: Month | Quarter) -> Outcome:
        _ = ctx.t.gettext
        org = await self._org(ctx, org_id)
        if org is None or org.id is None:
            return done(Reply(_("You do not have access to that organisation.")))
        label = _label(ctx, period)
        first = period if isinstance(period, Month) else period.month(1)
        data = {"org": org.id, "period": str(period)}
        own = await ctx.repos.closures.active([org.id], [str(period)])
        if own:
            closure = own[0]
            closer = await ctx.repos.accounts.get(closure.closed_by) if closure.closed_by else None
            text = _("{period} of {org} was closed on {date} by {who}.").format(
                period=upper_first(label),
                org=org.name,
                date=format_day_long(ctx.local(closure.closed_at).date(), ctx.t),
                who=(closer.display_name if closer else "") or "?",
            )
            choices = (
                Choice(_("Reopen {period}").format(period=label), REOPEN),
                Choice(_("Keep it closed"), KEEP),
            )
            return ask(FlowState(NAME, "confirm", data), text, choices)
        above = await closure_for(ctx.repos, org, first)
        if above is not None and above.org.id != org.id:
            return done(
                Reply(
                    _(
                        "{period} is already closed by {org}; only its officers can reopen it."
                    ).format(period=upper_first(label), org=above.org.name)
                )
            )
        review = (
            ReviewPeriod.of_month(period)
            if isinstance(period, Month)
            else ReviewPeriod.of_quarter(period)
        )
        # the counts and the returned reports: no line per cell (a province has a thousand)
        summary = await summarize(
            ctx.repos, scope_of([org]), review, today=ctx.today(), now=ctx.clock.now()
        )
        m = summary.meetings
        lines = [
            _("{period} of {org}: {reported}/{expected} reports received ({percent}%).").format(
                period=upper_first(label),
                org=org.name,
                reported=m.reported_owed,
                expected=summary.expected_reports,
                percent=percent(ctx.t, m.reported_owed, summary.expected_reports),
            )
        ]
        returned = await returned_cells(ctx.repos, summary, today=ctx.today())
        if returned:
            # reports out for correction would stay out: say so before closing
            lines.append(
                ctx.t.ngettext(
                    "⚠ {n} report was returned for correction and not sent back yet: {cells}. "
                    "Once closed, it can no longer be corrected and sent.",
                    "⚠ {n} reports were returned for correction and not sent back yet: {cells}. "
                    "Once closed, they can no longer be corrected and sent.",
                    sum(len(c.returned) for c in returned),
                ).format(
                    n=sum(len(c.returned) for c in returned),
                    cells=", ".join(
                        f"{c.name} ({month_list(c.returned)})" if not review.is_month else c.name
                        for c in returned
                    ),
                )
            )
        lines.append(
            _(
                "Once closed, secretaries can no longer send or change reports or figures of "
                "this period until an officer reopens it. Close it?"
            )
        )
        text = "\n".join(lines)
        choices = (
            Choice(_("Close {period}").format(period=label), CLOSE),
            Choice(_("Do not close"), KEEP),
        )
        return ask(FlowState(NAME, "confirm", data), text, choices)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        try:
            period = parse_period(str(state.data.get("period", "")))
        except ValueError:
            return await self.start(ctx, "")
        value = answer.value or ""
        if state.step == "org":
            if value.startswith("o:") and value[2:].isdecimal():
                return await self._status(ctx, int(value[2:]), period)
            return unchanged(Reply(_("Please type the number of one of the choices.")))
        org = await self._org(ctx, int(state.data.get("org", 0)))
        if org is None:
            return done(Reply(_("You do not have access to that organisation.")))
        label = _label(ctx, period)
        now = ctx.clock.now()
        if value == KEEP:
            return done(Reply(_("Nothing was changed.")))
        if value == CLOSE:
            try:
                await close_period(ctx.repos, org, period, by=ctx.account.id, now=now)
            except AlreadyClosed:
                return done(
                    Reply(_("{period} was already closed.").format(period=upper_first(label)))
                )
            return done(
                Reply(
                    _(
                        "Closed {period} for {org}. Secretaries can no longer send or change its "
                        "reports and figures; /khoaso {typed} reopens it."
                    ).format(period=label, org=org.name, typed=_typed(period))
                )
            )
        if value == REOPEN:
            assert org.id is not None
            standing = await ctx.repos.closures.active([org.id], [str(period)])
            if not standing:
                return done(Reply(_("{period} is not closed.").format(period=upper_first(label))))
            for closure in standing:
                await reopen_period(ctx.repos, closure, by=ctx.account.id, now=now)
            return done(
                Reply(
                    _("Reopened {period} for {org}: secretaries can send and change again.").format(
                        period=label, org=org.name
                    )
                )
            )
        return unchanged(Reply(_("Please type the number of one of the choices.")))


def _typed(period: Month | Quarter) -> str:
    if isinstance(period, Month):
        return f"{period.month}/{period.year}"
    return f"quý {format_quarter(period.year, period.quarter)}"
