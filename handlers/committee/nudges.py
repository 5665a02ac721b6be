"""Late cells whose meeting has passed, and the committee's nudge to their secretaries.

A nudge is a notice to each secretary or deputy who can be reached (the outbox paces them);
a cell counts as reminded only when someone was reached, at most once a day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from core.messages import Choice, Reply
from core.vnformat import format_day_inline, format_day_long, format_time
from handlers.committee.wording import REACH_LABELS, month_list
from handlers.context import Context
from handlers.reporting.records import load_setting, planned_meeting_date
from scheduler.periods import Month, month_of
from scheduler.reporting_window import open_months
from services.access import RoleName
from services.cell_setting import CellSetting
from services.outgoing import Kind, ReportsWanted
from services.quiet_hours import cells_send_at
from services.reports import check_open
from services.review import LateCell, Reach, Summary
from storage.repos import Repositories

PLANNED_DATES_LIMIT = 200
NUDGE_ACTION = "cell.nudge"


@dataclass(frozen=True, slots=True)
class Overdue:
    """A late cell; `asked` are the months its secretary can still report now (the report
    window open, the month not closed, the meeting day passed): what a nudge asks for."""

    cell: LateCell
    planned: date | None
    asked: tuple[Month, ...] = ()
    held: date | None = None  # the meeting date a returned report gives


async def overdue_cells(ctx: Context, summary: Summary) -> list[Overdue]:
    """The late cells of `summary` whose meeting date has passed (this month, a cell whose
    planned meeting is still to come is not late yet)."""
    today = ctx.today()
    current = month_of(today)
    with_dates = summary.period.is_month and len(summary.late) <= PLANNED_DATES_LIMIT
    found: list[Overdue] = []
    for late in summary.late:
        setting = await load_setting(ctx.repos, late.cell_id)
        running = late.running
        if running and setting is not None and not summary.period.is_month:
            # in a quarter or a year too, the month going on is late only once the cell's
            # meeting day has passed ("thiếu tháng 10, 11" on 24/11 for a meeting on 30/11)
            ahead = await planned_meeting_date(ctx.repos, setting, running[-1])
            if ahead is not None and ahead >= today:
                running = ()
        # the month still going on is late too once the cell's meeting day has passed
        cell = replace(late, missing=late.missing + running, running=())
        if not summary.period.is_month and current in cell.missing and setting is not None:
            # a quarter owes its month going on as the month alone does: late once the
            # meeting day has passed, as /tonghop tháng 12 lists it
            ahead = await planned_meeting_date(ctx.repos, setting, current)
            if ahead is not None and ahead >= today:
                cell = replace(cell, missing=tuple(m for m in cell.missing if m != current))
        if not cell.missing and not cell.returned:
            continue
        planned = None
        only_current = cell.missing == (current,)
        if setting is not None and (with_dates or only_current):
            month = cell.missing[-1] if cell.missing else summary.months[-1]
            planned = await planned_meeting_date(ctx.repos, setting, month)
        if only_current and not cell.returned and planned is not None and planned >= today:
            continue  # its meeting is still to come (a cell with no meeting day is listed)
        asked = cell.missing if setting is None else await _asked(ctx, setting, cell, today)
        held = None
        if with_dates and cell.returned:
            row = await ctx.repos.reports.find(cell.cell_id, str(cell.returned[-1]), "monthly")
            held = row.meeting_date if row is not None and row.held else None
        found.append(Overdue(cell, planned, asked, held))
    return found


async def meetings_ahead(repos: Repositories, summary: Summary, today: date) -> dict[int, date]:
    """The late cells lacking the month going on whose meeting is still to come (on 01/12,
    the cells meeting on 03/12), with its date: not late for that month yet. None for a
    period over, or too many cells to look up."""
    current = month_of(today)
    if current not in summary.owed or len(summary.late) > PLANNED_DATES_LIMIT:
        return {}
    found: dict[int, date] = {}
    for late in summary.late:
        if late.returned or current not in (*late.missing, *late.running):
            continue
        setting = await load_setting(repos, late.cell_id)
        if setting is None:
            continue
        planned = await planned_meeting_date(repos, setting, current)
        if planned is not None and planned >= today:
            found[late.cell_id] = planned
    return found


async def _asked(
    ctx: Context, setting: CellSetting, cell: LateCell, today: date
) -> tuple[Month, ...]:
    """The missing months of `cell` its secretary can report now: October's window closed on
    10/11 and December's meeting on 03/12 is still to come, asked on 01/12: neither."""
    window = set(open_months(today, setting.open_until_day()))
    asked: list[Month] = []
    for month in cell.missing:
        if month not in window:
            continue
        refused = await check_open(ctx.repos, setting, month, today=today, zone=ctx.config.timezone)
        if refused is not None:
            continue
        planned = await planned_meeting_date(ctx.repos, setting, month)
        if planned is not None and planned >= today:
            continue
        asked.append(month)
    return tuple(asked)


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
