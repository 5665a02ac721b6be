"""Late cells whose meeting has passed, and the committee's nudge to their secretaries.

A nudge is a notice to each secretary or deputy who can be reached (the outbox paces them);
a cell counts as reminded only when someone was reached, at most once a day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from core.messages import Choice, Reply
from core.vnformat import format_day_inline, format_day_long, format_time
from handlers.committee.wording import REACH_LABELS, month_list
from handlers.context import Context
from scheduler.periods import Month, Quarter, parse_period
from scheduler.reporting_window import open_months
from services.access import RoleName
from services.cell_setting import CellSetting, load_settings
from services.outgoing import Kind, ReportsWanted
from services.quiet_hours import cells_send_at
from services.review import LateCell, Reach, Summary

NUDGE_ACTION = "cell.nudge"


@dataclass(frozen=True, slots=True)
class Overdue:
    """A late cell; `asked` are the months its secretary can still report now (the report
    window open, the month not closed, the meeting day passed): what a nudge asks for."""

    cell: LateCell
    asked: tuple[Month, ...] = ()
    held: date | None = None  # the meeting date a returned report gives

    @property
    def planned(self) -> date | None:
        """The meeting's planned date, as the summary judged it."""
        return self.cell.planned


async def overdue_cells(ctx: Context, summary: Summary) -> list[Overdue]:
    """The late cells of `summary` whose meeting date has passed, as services.review judged
    them (a cell whose meeting is still to come is not late yet), with the months its
    secretary can report now; a few statements for any number of cells."""
    today = ctx.today()
    late = [
        # the month going on is late too once the cell's meeting day has passed
        replace(c, missing=c.missing + c.running, running=())
        for c in summary.late
        if c.owes or c.running
    ]
    settings = await load_settings(ctx.repos, [c.cell_id for c in late])
    closed = await _closed_months(ctx, settings.values(), {m for c in late for m in c.missing})
    returned = _returned_dates(summary, late)
    found: list[Overdue] = []
    for cell in late:
        setting = settings.get(cell.cell_id)
        asked = cell.missing
        if setting is not None:
            window = set(open_months(today, setting.open_until_day()))
            asked = tuple(
                m
                for m in cell.missing
                if m in window and not (closed.get(setting.org.id or 0, set()) & {m, m.quarter})
            )
        found.append(Overdue(cell, asked, returned.get(cell.cell_id)))
    return found


async def _closed_months(
    ctx: Context, settings: Iterable[CellSetting], months: set[Month]
) -> dict[int, set[Month | Quarter]]:
    """Organisation id → the months and quarters among `months` closed for its cells (by it
    or one above it): one statement for every cell."""
    if not months:
        return {}
    orgs = {s.org.id: s.org for s in settings if s.org.id is not None}
    lineage = {o for org in orgs.values() for o in org.lineage()}
    periods = sorted({str(m) for m in months} | {str(m.quarter) for m in months})
    closures = await ctx.repos.closures.active(sorted(lineage), periods)
    found: dict[int, set[Month | Quarter]] = {}
    for org_id, org in orgs.items():
        above = set(org.lineage())
        found[org_id] = {parse_period(c.period) for c in closures if c.org_id in above}
    return found


def _returned_dates(summary: Summary, late: Sequence[LateCell]) -> dict[int, date]:
    """For a month, the meeting date each returned report gives (not the plan's)."""
    if not summary.period.is_month or not any(c.returned for c in late):
        return {}
    by_cell = {c.cell_id: c for c in summary.cells}
    found: dict[int, date] = {}
    for cell in late:
        detail = by_cell.get(cell.cell_id)
        row = detail.monthly if detail is not None else None
        if cell.returned and row is not None and row.held and row.meeting_date is not None:
            found[cell.cell_id] = row.meeting_date
    return found


@dataclass(frozen=True, slots=True)
class NudgeResult:
    reminded: int
    already_today: int
    unreachable: Counter[Reach]
    nothing_open: int = 0  # late, but nothing they can report now (closed, or still to come)
    # asked in the quiet hours: the reminders wait in the outbox until then (UTC)
    send_at: datetime | None = None


async def nudge(ctx: Context, late: list[Overdue], period_text: str) -> NudgeResult:
    """Tell the reachable secretaries of each late cell, once a day per cell; audited. Asked
    in the quiet hours, the reminders wait for their end (as the planned reminders do)."""
    now: datetime = ctx.clock.now()
    send_at = await cells_send_at(
        ctx.repos, [entry.cell.cell_id for entry in late], now, ctx.config.timezone
    )
    latest = now
    start_of_day = datetime.combine(ctx.today(), time(0), ctx.config.timezone)
    today_ids = await ctx.repos.audit.entity_ids_since(
        action=NUDGE_ACTION, entity="cell", since=start_of_day
    )
    reminded = already = nothing_open = 0
    unreachable: Counter[Reach] = Counter()
    for entry in late:
        cell = entry.cell
        if not entry.asked and not cell.returned:
            nothing_open += 1  # nothing it can report now: no nudge asks the impossible
            continue
        if str(cell.cell_id) in today_ids:
            already += 1
            continue
        if cell.reach is not Reach.REACHABLE:
            unreachable[cell.reach] += 1
            continue
        roles = await ctx.repos.roles.active_in_cell(
            cell.cell_id, [RoleName.SECRETARY, RoleName.DEPUTY]
        )
        told = 0
        for role in roles:
            account = await ctx.repos.accounts.get(role.account_id)
            if account is None or account.id is None or account.blocked_at is not None:
                continue
            ctx.notify(
                account.id,
                _nudge_reply(ctx, account.locale, entry, period_text),
                kind=Kind.NUDGE,
                wanted=_wanted(entry),
                not_before=send_at[cell.cell_id],
            )
            told += 1
        if not told:
            unreachable[Reach.BLOCKED] += 1
            continue
        latest = max(latest, send_at[cell.cell_id])
        await ctx.repos.audit.record(
            actor_account_id=ctx.account.id,
            action=NUDGE_ACTION,
            entity="cell",
            entity_id=cell.cell_id,
            now=now,
            after={
                "period": str(cell.missing[-1]) if cell.missing else "",
                "months": [str(m) for m in cell.missing],
                "secretaries": told,
            },
        )
        reminded += 1
    return NudgeResult(
        reminded, already, unreachable, nothing_open, latest if latest > now else None
    )


def _wanted(entry: Overdue) -> ReportsWanted | None:
    """What a nudge asks for, as `_nudge_reply` says it: the returned months corrected, else
    the months asked reported (None: it names none, so it stands until it expires)."""
    cell = entry.cell
    months = cell.returned or entry.asked
    if not months:
        return None
    return ReportsWanted(cell.cell_id, tuple(str(month) for month in months))


def _nudge_reply(ctx: Context, locale: str, entry: Overdue, period_text: str) -> Reply:
    t = ctx.catalogs.translator(locale)
    cell = entry.cell
    if cell.returned:
        return Reply(
            t.gettext(
                "The party committee reminds you: the meeting report of {cell} for {months} was "
                "returned for correction and is not counted yet. Please correct it and send it "
                "again."
            ).format(cell=cell.name, months=month_list(cell.returned)),
            (Choice(t.gettext("Correct the report"), _correct(cell.returned)),),
        )
    months = entry.asked
    if entry.planned is not None and months == cell.missing[-1:]:
        text = t.gettext(
            "The party committee reminds you: {cell} has not yet reported its meeting of "
            "{month}, planned for {date}. Please report it now."
        ).format(cell=cell.name, month=month_list(months), date=format_day_long(entry.planned, t))
    else:
        text = t.gettext(
            "The party committee reminds you: {cell} has not yet reported its meetings of "
            "{months}. Please report them now."
        ).format(cell=cell.name, months=month_list(months) or period_text)
    # one month asked: «Báo cáo ngay» opens that month's report, not the menu of open ones
    command = f"/baocao {months[0]}" if len(months) == 1 else "/baocao"
    return Reply(text, (Choice(t.gettext("Report now"), command),))


def result_text(ctx: Context, result: NudgeResult) -> str:
    """ "Đã nhắc 1 chi bộ." and, when it applies, who was not reminded and why."""
    t = ctx.t
    if result.reminded and result.send_at is not None:
        # at night nothing has gone yet: «Sẽ nhắc», not «Đã nhắc»
        local = ctx.local(result.send_at)
        lines = [
            t.ngettext(
                "The bot sends no messages at night: {n} cell will be reminded at {time} on "
                "{date}.",
                "The bot sends no messages at night: {n} cells will be reminded at {time} on "
                "{date}.",
                result.reminded,
            ).format(
                n=result.reminded,
                time=format_time(local.time()),
                date=format_day_inline(local.date(), t),
            )
        ]
    else:
        lines = [
            t.ngettext("Reminded {n} cell.", "Reminded {n} cells.", result.reminded).format(
                n=result.reminded
            )
        ]
    if result.already_today:
        lines.append(
            t.ngettext(
                "{n} cell was already reminded today and was not reminded again.",
                "{n} cells were already reminded today and were not reminded again.",
                result.already_today,
            ).format(n=result.already_today)
        )
    if result.nothing_open:
        lines.append(
            t.ngettext(
                "{n} cell was not reminded: the months it lacks take no more reports (past "
                "their last day, or closed) or their meeting is still to come.",
                "{n} cells were not reminded: the months they lack take no more reports (past "
                "their last day, or closed) or their meeting is still to come.",
                result.nothing_open,
            ).format(n=result.nothing_open)
        )
    if result.unreachable:
        # «Không nhắc được 44 chi bộ: chưa có bí thư tham gia bot.», with each reason's count
        # in brackets when there are several (never a second colon after the first)
        found = sorted(result.unreachable.items(), key=lambda item: item[0].value)
        reasons = "; ".join(
            t.gettext(REACH_LABELS[reach])
            if len(found) == 1
            else t.gettext("{reason} ({n})").format(reason=t.gettext(REACH_LABELS[reach]), n=n)
            for reach, n in found
        )
        total = sum(result.unreachable.values())
        lines.append(
            t.ngettext(
                "{n} cell could not be reminded: {reasons}.",
                "{n} cells could not be reminded: {reasons}.",
                total,
            ).format(n=total, reasons=reasons)
        )
    return " ".join(lines)


def _correct(returned: Sequence[Month]) -> str:
    """/sua for the one returned month (its report opens at once), else for the list."""
    return f"/sua {returned[0]}" if len(returned) == 1 else "/sua"
