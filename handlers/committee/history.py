"""One cell's history: meetings reported (with their versions), figures, schedule moves,
nudges and closed periods, newest first, short enough for a phone."""

from __future__ import annotations

from datetime import datetime

from core.i18n import N_, Translator
from core.vnformat import format_day_long, format_month, format_quarter
from handlers.committee.catalog import figure_catalog
from handlers.committee.summary_text import month_cell_line
from handlers.committee.wording import REACH_LABELS, rating_abbreviation, secretary_text
from handlers.context import Context
from scheduler.periods import Month, parse_period
from services.access import RoleName
from services.review import Reach, Secretary, scope_of
from storage.models import Cell, MeetingReport, Organization

REPORT_MONTHS = 6
FIGURE_PERIODS = 4
EVENTS = 5

VERSION_ACTIONS: dict[str, str] = {
    "sent": N_("sent"),
    "edited": N_("changed"),
    "returned": N_("returned"),
    "resent": N_("sent again"),
}


SLOT_LABELS: dict[str, str] = {
    "monthly": N_("regular meeting"),
    "topic": N_("topic session"),
}


def _quarter_of(period: str) -> str:
    """2026-11 → 2026-Q4."""
    year, month = period.split("-")[:2]
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


def _is_topic_session(row: MeetingReport) -> bool:
    """A topic session the quarter can count: held, not sent back, alone or combined."""
    return (
        row.held
        and row.status != "returned"
        and (row.slot == "topic" or row.kind == "combined")
    )


def _day(ctx: Context, moment: datetime) -> str:
    """ "01/12/2026 (thứ Ba)": the local day with its weekday."""
    return format_day_long(ctx.local(moment).date(), ctx.t)


def _period_text(period: str) -> str:
    parsed = parse_period(period)
    if isinstance(parsed, Month):
        return format_month(parsed.year, parsed.month)
    return format_quarter(parsed.year, parsed.quarter)


async def _people(ctx: Context, cell: Cell) -> str:
    assert cell.id is not None
    roles = await ctx.repos.roles.active_in_cell(cell.id, [RoleName.SECRETARY, RoleName.DEPUTY])
    people = []
    for role in roles:
        account = await ctx.repos.accounts.get(role.account_id)
        if account is not None:
            people.append(
                Secretary(
                    account.display_name,
                    account.blocked_at is not None,
                    deputy=role.role == RoleName.DEPUTY,
                )
            )
    if not people:
        return ctx.t.gettext(REACH_LABELS[Reach.NO_SECRETARY])
    reach = Reach.BLOCKED if all(p.blocked for p in people) else Reach.REACHABLE
    return secretary_text(ctx.t, people, reach)


async def _versions(ctx: Context, row: MeetingReport) -> str:
    assert row.id is not None
    steps = [
        f"{ctx.t.gettext(VERSION_ACTIONS.get(v.action, v.action))} {_day(ctx, v.at)}"
        for v in await ctx.repos.reports.versions(row.id)
    ]
    return ", ".join(steps)


async def cell_history(ctx: Context, cell: Cell, org: Organization) -> str:
    """The history of `cell` as one message (the caller checked the person may read it)."""
    _ = ctx.t.gettext
    t: Translator = ctx.t
    repos = ctx.repos
    assert cell.id is not None
    lines = [
        f"{cell.name} ({org.name})",
        _("Members on the roll: {n}; {secretary}.").format(
            n=cell.members_on_roll, secretary=await _people(ctx, cell)
        ),
    ]
    rows = await repos.reports.history(cell.id, limit=3 * REPORT_MONTHS)
    months = sorted({r.period for r in rows}, reverse=True)[:REPORT_MONTHS]
    if months:
        lines.append(_("Reports:"))
    topic_quarters = {_quarter_of(r.period) for r in rows if _is_topic_session(r)}
    for period in months:
        in_month = {r.slot: r for r in rows if r.period == period}
        line = month_cell_line(
            t,
            _period_text(period),
            in_month.get("monthly"),
            in_month.get("topic"),
            topic_in_quarter=_quarter_of(period) in topic_quarters,
        )
        if line is None:
            continue
        versions = []
        for slot, row in sorted(in_month.items(), key=lambda item: item[0] != "monthly"):
            steps = await _versions(ctx, row)
            if steps and len(in_month) > 1:
                steps = f"{t.gettext(SLOT_LABELS[slot])}: {steps}"
            if steps:
                versions.append(steps)
        # «… - gửi 24/11/2026 (thứ Ba)»: the date as everywhere, not inside parentheses
        lines.append(f"{line} - {'; '.join(versions)}" if versions else line)
        returned = next((r for r in in_month.values() if r.status == "returned"), None)
        if returned is not None and returned.return_note:
            lines.append("  " + _("returned: {note}").format(note=returned.return_note))
    if not months:
        lines.append(_("No report sent yet."))
    lines.extend(await _figures(ctx, cell, org))
    moves = (await repos.meetings.moves([cell.id])).get(cell.id, [])
    if moves:
        lines.append(_("Schedule moves:"))
        for move in reversed(moves[-EVENTS:]):
            lines.append(
                "- "
                + _("{period}: {old} → {new} ({reason}), on {day}").format(
                    period=_period_text(move.period),
                    old=format_day_long(move.from_date, t),
                    new=format_day_long(move.to_date, t),
                    reason=move.reason,
                    day=_day(ctx, move.moved_at),
                )
            )
    nudges = await repos.audit.for_entity("cell", cell.id, ["cell.nudge"], limit=EVENTS)
    if nudges:
        lines.append(_("Reminders from the committee:"))
        for entry in nudges:
            period = str((entry.after or {}).get("period", ""))
            lines.append(
                "- "
                + _("{day}: about {period}").format(
                    day=_day(ctx, entry.at), period=_period_text(period) if period else "-"
                )
            )
    closures = await repos.closures.history(org.lineage(), limit=EVENTS)
    if closures:
        lines.append(_("Closed periods:"))
        names = {o.id: o.name for o in await repos.orgs.orgs_in_subtree(org)} | {org.id: org.name}
        for closure in closures:
            closer = names.get(closure.org_id) or (await _org_name(ctx, closure.org_id))
            text = _("{period} closed by {org} on {day}").format(
                period=_period_text(closure.period), org=closer, day=_day(ctx, closure.closed_at)
            )
            if closure.reopened_at is not None:
                text += ", " + _("reopened on {day}").format(day=_day(ctx, closure.reopened_at))
            lines.append("- " + text)
    return "\n".join(lines)


async def _org_name(ctx: Context, org_id: int) -> str:
    org = await ctx.repos.orgs.get_org(org_id)
    return org.name if org is not None else "?"


async def _figures(ctx: Context, cell: Cell, org: Organization) -> list[str]:
    _ = ctx.t.gettext
    assert cell.id is not None
    today = ctx.today()
    this = Month(today.year, today.month)
    periods = [str(this.plus(-i)) for i in range(12)] + [str(today.year), str(today.year - 1)]
    records = await ctx.repos.reports.figures([cell.id], periods)
    if not records:
        return []
    catalog = await figure_catalog(ctx.repos, scope_of([org]))
    by_period: dict[str, list[str]] = {}
    for record in records:
        if record.text is not None:
            value = rating_abbreviation(record.text)
        else:
            value = catalog.value_text(ctx.t, record.key, record.number or 0)
        by_period.setdefault(record.period, []).append(
            f"{catalog.label(ctx.t, record.key)} {value}"
        )
    lines = [_("Figures:")]
    for period in sorted(by_period, reverse=True)[:FIGURE_PERIODS]:
        label = _period_text(period) if "-" in period else period
        lines.append(f"- {label}: " + "; ".join(by_period[period]))
    return lines
