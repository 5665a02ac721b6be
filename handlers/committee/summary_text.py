"""The committee summary as chat lines: the whole picture, then cells or sub-organisations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.i18n import N_, Translator
from core.textfold import fold
from core.vnformat import format_day_inline, format_day_long, format_month
from handlers.committee.wording import (
    GRADE_ORDER,
    NOT_REPORTED,
    RATING_ORDER,
    REACH_LABELS,
    RETURNED,
    FigureCatalog,
    grade_label,
    lower_first,
    month_list,
    percent,
    percent_of,
    period_label,
    ratio_percent,
    upper_first,
)
from handlers.reporting.attendance import (
    W_LOW_ATTENDANCE,
    W_NO_TOPIC_SESSION,
    W_UNEXCUSED,
    W_UNEXCUSED_RUN,
)
from handlers.reporting.grades import GRADE_LABELS, RATING_ABBREVIATIONS
from knowledge.model import Target
from knowledge.target_measures import Measure
from scheduler.periods import Month
from services.review import (
    LOW_ATTENDANCE_PERCENT,
    CellDetail,
    Group,
    LateCell,
    Reach,
    Summary,
    TargetCheck,
)
from storage.models import MeetingReport

MAX_CELL_LINES = 30
MAX_LATE_NAMES = 20
MAX_FIGURE_LINES = 10
MAX_TARGET_LINES = 6

FLAG_LABELS: dict[str, str] = {
    W_LOW_ATTENDANCE: N_("low attendance"),
    W_UNEXCUSED: N_("unexcused absence"),
    W_UNEXCUSED_RUN: N_("unexcused absences 3 months running"),
    W_NO_TOPIC_SESSION: N_("no topic session this quarter"),
}
MEASURE_LABELS: dict[Measure, str] = {
    Measure.ADMISSIONS: N_("members admitted"),
    Measure.ADMISSION_RATE: N_("members admitted, share of the members"),
    Measure.TOPIC_CELLS: N_("cells with a topic session every quarter"),
    Measure.ATTENDANCE: N_("attendance at regular meetings"),
    Measure.CELLS_EXCELLENT: N_("cells rated HTXSNV"),
    Measure.CELLS_GOOD: N_("cells rated HTTNV or better"),
    Measure.CELLS_DONE: N_("cells rated HTNV or better"),
    Measure.MEMBERS_EXCELLENT: N_("members rated HTXSNV"),
    Measure.MEMBERS_GOOD: N_("members rated HTTNV or better"),
    Measure.MEMBERS_DONE: N_("members rated HTNV or better"),
}


def scope_name(t: Translator, summary: Summary) -> str:
    single = summary.scope.single
    if single is not None:
        return single.name
    names = [o.name for o in summary.scope.orgs]
    if len(names) <= 2:
        return ", ".join(names)
    return t.ngettext("{n} organisation", "{n} organisations", len(names)).format(n=len(names))


def overview(t: Translator, summary: Summary, catalog: FigureCatalog) -> list[str]:
    """The whole picture in a few lines (the same numbers as the files)."""
    _ = t.gettext
    m = summary.meetings
    period = period_label(t, summary.period)
    lines = [
        t.ngettext(
            "Cell meetings, {period} - {scope}: {cells} cell.",
            "Cell meetings, {period} - {scope}: {cells} cells.",
            m.cells,
        ).format(period=period, scope=scope_name(t, summary), cells=m.cells)
    ]
    lines.append(reporting_line(t, summary))
    lines.extend(meeting_lines(t, summary))
    lines.extend(topic_lines(t, summary))
    lines.extend(figure_lines(t, summary, catalog))
    lines.extend(rating_lines(t, summary))
    lines.extend(target_lines(t, summary))
    return lines


def meeting_lines(t: Translator, summary: Summary) -> list[str]:
    """Regular meetings: held, attendance, unexcused absences, upper level, grades."""
    _ = t.gettext
    m = summary.meetings
    lines: list[str] = []
    if m.held or m.not_held:
        lines.append(
            _("Meetings held: {held}; not held: {not_held}.").format(
                held=m.held, not_held=m.not_held
            )
        )
    if m.expected > 0:
        text = _("Attendance {percent}% ({present}/{expected} members expected).").format(
            percent=percent(t, m.present, m.expected), present=m.present, expected=m.expected
        )
        lowest = summary.lowest
        if lowest is not None:
            month = Month.parse(lowest.period)
            text += " " + _("Lowest {percent}%: {cell}, {month}.").format(
                percent=percent(t, lowest.present, lowest.expected),
                cell=lowest.cell_name,
                month=format_month(month.year, month.month),
            )
        text += " " + t.ngettext(
            "{n} cell at or below {threshold}%.",
            "{n} cells at or below {threshold}%.",
            m.low_cells,
        ).format(n=m.low_cells, threshold=LOW_ATTENDANCE_PERCENT)
        lines.append(text)
    if m.held:
        text = t.ngettext(
            "Absent without reason: {n} in {cells} cell.",
            "Absent without reason: {n} in {cells} cells.",
            m.unexcused_cells,
        ).format(n=m.unexcused, cells=m.unexcused_cells)
        if summary.warned:
            text += " " + t.ngettext(
                "{n} cell with unexcused absences 3 months running (consider striking off).",
                "{n} cells with unexcused absences 3 months running (consider striking off).",
                summary.warned,
            ).format(n=summary.warned)
        lines.append(text)
        lines.append(
            _(
                "Upper-level committee member attended {upper} of {held} meetings; resolutions "
                "adopted at {resolutions}."
            ).format(upper=m.upper, held=m.held, resolutions=m.resolutions)
        )
        grades = ", ".join(
            f"{t.gettext(GRADE_LABELS[g])} {n}" for g, n in zip(GRADE_ORDER, m.grades, strict=True)
        )
        lines.append(_("Meeting grades: {grades}.").format(grades=grades))
    return lines


def reporting_line(t: Translator, summary: Summary) -> str:
    _ = t.gettext
    m = summary.meetings
    if not summary.months:
        return _("No month of this period has begun yet.")
    if not summary.owed:
        text = _("No report of this period is due yet.")
    elif m.cells == 0:
        text = _("This organisation has no cells yet.")
    elif m.owed == 0:
        # every cell was created after the period: nothing was owed, no 0/0 (-%); the report
        # flow still offers a month open to them, and what is sent counts (then it is owed)
        text = _(
            "No cell owed a report for this period: the cells were created after it. A report "
            "a cell sends for it all the same is counted."
        )
    elif summary.period.is_month:
        text = _("Reported: {reported}/{cells} cells ({percent}%).").format(
            reported=m.reported_owed, cells=m.owed, percent=percent(t, m.reported_owed, m.owed)
        )
    else:
        # a cell that owed nothing (created since) is not "complete": it is said apart
        text = _(
            "Reports owed so far: {reported}/{expected} ({percent}%); every month owed "
            "reported: {complete}/{cells} cells."
        ).format(
            reported=m.reported_owed,
            expected=summary.expected_reports,
            percent=percent(t, m.reported_owed, summary.expected_reports),
            complete=m.cells_complete - m.cells_owing_nothing,
            cells=m.cells - m.cells_owing_nothing,
        )
    if summary.owed and m.owed and m.cells_owing_nothing:
        text += " " + t.ngettext(
            "{n} cell owed no report yet (created since).",
            "{n} cells owed no report yet (created since).",
            m.cells_owing_nothing,
        ).format(n=m.cells_owing_nothing)
    if m.returned:
        text += " " + t.ngettext(
            "{n} report returned for correction, not counted until sent again.",
            "{n} reports returned for correction, not counted until sent again.",
            m.returned,
        ).format(n=m.returned)
    going_on = going_on_text(t, summary)
    return f"{text} {going_on}" if going_on else text


def going_on_text(t: Translator, summary: Summary) -> str:
    """What every view says when it counts a month still going on (Summary.going_on): the
    reports and figures sent for it so far; "" when there is none."""
    if not summary.going_on:
        return ""
    return t.gettext(
        "Month {month} is still going on: the reports and figures sent for it so far are "
        "counted too."
    ).format(month=month_list(summary.going_on))


def topic_lines(t: Translator, summary: Summary) -> list[str]:
    _ = t.gettext
    topics = summary.topics
    lines = [
        t.ngettext(
            "Topic sessions in {period}: {sessions} ({separate} on their own, {combined} with the "
            "regular meeting) in {cells} cell.",
            "Topic sessions in {period}: {sessions} ({separate} on their own, {combined} with the "
            "regular meeting) in {cells} cells.",
            topics.cells_in_period,
        ).format(
            period=period_label(t, summary.period),
            sessions=topics.sessions_in_period,
            separate=topics.separate_in_period,
            combined=topics.sessions_in_period - topics.separate_in_period,
            cells=topics.cells_in_period,
        )
    ]
    # each quarter of the cells that owed it (existed when it began, or held one all the same);
    # a quarter no cell owed is left out (no «0/0»), the line too when no quarter was owed
    quarters = ", ".join(
        f"{name} {n}/{owing}"
        for name, n, owing in zip(
            ("I", "II", "III", "IV"), topics.cells_by_quarter, topics.owing_by_quarter, strict=True
        )
        if owing
    )
    if not quarters:
        return lines
    lines.append(
        _(
            "Cells with a topic session, by quarter of {year}: {quarters}; every quarter (4 a "
            "year): {full}/{cells}."
        ).format(
            year=summary.period.year,
            quarters=quarters,
            full=topics.full_year_cells,
            cells=topics.full_year_owing,
        )
    )
    return lines


def figure_lines(t: Translator, summary: Summary, catalog: FigureCatalog) -> list[str]:
    if not summary.figures:
        return []
    _ = t.gettext
    lines = [_("Figures sent for {period}:").format(period=period_label(t, summary.period))]
    by_key = {f.key: f for f in summary.figures}
    keys = catalog.order(list(by_key))
    for key in keys[:MAX_FIGURE_LINES]:
        line = by_key[key]
        lines.append(
            t.ngettext(
                "- {label}: {value} ({cells} cell sent)",
                "- {label}: {value} ({cells} cells sent)",
                line.cells,
            ).format(
                label=catalog.label(t, key),
                value=catalog.value_text(t, key, line.total),
                cells=line.cells,
            )
        )
    if len(keys) > MAX_FIGURE_LINES:
        lines.append(
            _("… and {n} more in the Excel file (/xuat).").format(n=len(keys) - MAX_FIGURE_LINES)
        )
    return lines


def rating_lines(t: Translator, summary: Summary) -> list[str]:
    ratings = summary.ratings
    if not ratings.cells_rated and not ratings.members_rated:
        return []
    _ = t.gettext
    lines = []
    if ratings.cells_rated:
        counts = ", ".join(
            f"{RATING_ABBREVIATIONS[r]} {ratings.cells.get(r.value, 0)}" for r in RATING_ORDER
        )
        lines.append(
            _("Cell ratings {year}: {counts} ({rated}/{cells} cells rated).").format(
                year=ratings.year,
                counts=counts,
                rated=ratings.cells_rated,
                cells=summary.meetings.cells,
            )
        )
    if ratings.members_rated:
        counts = ", ".join(
            f"{RATING_ABBREVIATIONS[r]} {ratings.members.get(r.value, 0)}" for r in RATING_ORDER
        )
        lines.append(
            _("Member ratings {year}: {counts} ({rated} members rated).").format(
                year=ratings.year, counts=counts, rated=ratings.members_rated
            )
        )
    return lines


COMPARISONS: dict[str, str] = {
    "above": N_("above {value}"),
    "at_least": N_("at least {value}"),
    "at_most": N_("at most {value}"),
    "range": N_("{value} to {value_max}"),
}


def _target_value(t: Translator, value: float, unit: str) -> str:
    text = f"{value:g}" if t.locale == "en" else f"{value:g}".replace(".", ",")
    return f"{text}%" if unit.strip() == "%" else text


# Words that say a comparison in the plan's own phrase; a phrase without them ("20%" of
# "số chi bộ ... không vượt quá 20%") is said from the target's parts instead.
_SAID_COMPARISON: dict[str, tuple[str, ...]] = {
    "above": ("tren", "hon", "vuot"),
    "at_least": ("tro len", "it nhat", "toi thieu", "khong duoi", "tu "),
    "at_most": ("khong vuot", "khong qua", "toi da", "duoi", "khong hon"),
}


def target_phrase(t: Translator, target: Target) -> str:
    """The target as the plan writes it ("trên 90%"), unless that phrase leaves out how the
    value compares ("20%" for "không vượt quá 20%"); in English from its parts ("above 90%"),
    the measure naming what is counted."""
    said = _SAID_COMPARISON.get(target.comparison)
    if t.locale == "vi" and (said is None or any(w in fold(target.phrase) for w in said)):
        return target.phrase
    value = _target_value(t, target.value, target.unit)
    value_max = (
        _target_value(t, target.value_max, target.unit) if target.value_max is not None else value
    )
    msgid = COMPARISONS.get(target.comparison)
    return t.gettext(msgid).format(value=value, value_max=value_max) if msgid else value


def target_text(t: Translator, check: TargetCheck) -> str:
    """ "Kết nạp đảng viên (từ 12 đảng viên trở lên): năm 2026 đạt 3 - chưa đạt"."""
    _ = t.gettext
    if check.actual is None:
        actual = _("no figures yet")
    elif check.measure is Measure.ADMISSIONS:
        actual = str(check.numerator or 0)
    else:
        actual = _("{percent}% ({numerator}/{denominator})").format(
            percent=percent_of(t, check.actual),
            numerator=check.numerator,
            denominator=check.denominator,
        )
    verdict = verdict_text(t, check)
    text = _("{measure} (target {phrase}): {year}: {actual}").format(
        measure=upper_measure(t, check.measure),
        phrase=target_phrase(t, check.target),
        year=check.year,
        actual=actual,
    )
    return f"{text} - {verdict}" if verdict else text


def verdict_text(t: Translator, check: TargetCheck) -> str:
    """ "đạt", "chưa đạt", "mới 2/9 chi bộ được xếp loại" while the ratings are not all in,
    "tính đến nay" for a count of a year still going on, or ""."""
    _ = t.gettext
    if check.rated is not None:
        rated, total = check.rated
        return (
            _("{rated}/{total} cells rated so far")
            if check.measure.value.startswith("cells")
            else _("{rated}/{total} members rated so far")
        ).format(rated=rated, total=total)
    if check.met is None and check.so_far:
        return _("so far, the year is not over")
    return "" if check.met is None else (_("met") if check.met else _("not met yet"))


def upper_measure(t: Translator, measure: Measure) -> str:
    return upper_first(t.gettext(MEASURE_LABELS[measure]))


def target_lines(t: Translator, summary: Summary) -> list[str]:
    if not summary.targets:
        return []
    _ = t.gettext
    lines = [
        _("Plan targets ({plans}):").format(
            plans=", ".join(sorted({c.plan for c in summary.targets}))
        )
    ]
    for check in summary.targets[:MAX_TARGET_LINES]:
        lines.append("- " + plan_target_text(t, check, summary))
    if len(summary.targets) > MAX_TARGET_LINES:
        more = len(summary.targets) - MAX_TARGET_LINES
        lines.append(
            t.ngettext(
                "… and {n} more target in the Excel and Word files (/xuat, /baocaothang).",
                "… and {n} more targets in the Excel and Word files (/xuat, /baocaothang).",
                more,
            ).format(n=more)
        )
    return lines


def plan_target_text(t: Translator, check: TargetCheck, summary: Summary) -> str:
    """A target as `target_text` says it, with its plan's name when the summary checks targets
    of several plans (two of them may set «trên 90%» and «trên 80%» for the same thing)."""
    text = target_text(t, check)
    if len({c.plan for c in summary.targets}) < 2:
        return text
    return t.gettext("{target} ({plan})").format(target=text, plan=check.plan)


def told_apart(t: Translator, cells: Sequence[CellDetail | LateCell]) -> dict[int, str]:
    """cell id → its name, with its organisation's for a name two cells in the list share
    ("Chi bộ Thôn 1 (Đảng bộ xã Thanh Bình)")."""
    seen: dict[str, set[int]] = {}
    for cell in cells:
        seen.setdefault(fold(cell.name), set()).add(cell.cell_id)
    return {
        cell.cell_id: (
            t.gettext("{cell} ({org})").format(cell=cell.name, org=cell.org_name)
            if len(seen[fold(cell.name)]) > 1 and cell.org_name
            else cell.name
        )
        for cell in cells
    }


def cell_line(
    t: Translator, cell: CellDetail, summary: Summary, name: str | None = None
) -> str | None:
    """One cell's period in a line; None for a cell with nothing to show (it is in the late list).
    `name`: the cell's name as the list tells it apart (told_apart)."""
    _ = t.gettext
    if summary.period.is_month:
        month = summary.months[0] if summary.months else None
        in_quarter = month is not None and cell.topics.by_quarter[(month.month - 1) // 3] > 0
        return month_cell_line(
            t, name or cell.name, cell.monthly, cell.topic, topic_in_quarter=in_quarter
        )
    m = cell.meetings
    if not m.reported and not m.returned and not cell.topics.in_period:
        return None
    if m.expected > 0:
        text = _(
            "{cell}: reported {reported}/{months} owed, held {held}, attendance {percent}%, "
            "topic sessions {topics}"
        ).format(
            cell=name or cell.name,
            reported=m.reported_owed,
            months=m.owed,
            held=m.held,
            percent=percent(t, m.present, m.expected),
            topics=cell.topics.in_period,
        )
    else:  # nothing to measure attendance by (a returned report only): no "-%"
        text = _(
            "{cell}: reported {reported}/{months} owed, held {held}, topic sessions {topics}"
        ).format(
            cell=name or cell.name,
            reported=m.reported_owed,
            months=m.owed,
            held=m.held,
            topics=cell.topics.in_period,
        )
    if m.returned:
        text += " " + _("[returned]")
    return "- " + text


def month_cell_line(
    t: Translator,
    name: str,
    monthly: MeetingReport | None,
    topic: MeetingReport | None,
    *,
    topic_in_quarter: bool = False,
) -> str | None:
    """One cell's month in a line. The warning of no topic session, made when the monthly report
    was sent, is left out once the quarter has one (`topic_in_quarter`, or this month's)."""
    _ = t.gettext
    parts: list[str] = []
    topic_held = topic_in_quarter or (
        topic is not None and topic.held and topic.status != "returned"
    )
    if monthly is not None:
        if not monthly.held:
            parts.append(
                _("{cell}: not held ({reason})").format(
                    cell=name, reason=monthly.not_held_reason or "-"
                )
            )
        else:
            expected = (monthly.on_roll or 0) - (monthly.exempted or 0)
            parts.append(
                _(
                    "{cell}: {date}, present {present}/{expected} ({percent}%), grade {grade}"
                ).format(
                    cell=name,
                    date=(
                        format_day_long(monthly.meeting_date, t) if monthly.meeting_date else "-"
                    ),
                    present=monthly.present if monthly.present is not None else "-",
                    expected=expected,
                    percent=percent(t, monthly.present or 0, expected),
                    grade=grade_label(t, monthly.grade) or "-",
                )
            )
            if monthly.kind == "combined":
                parts[-1] += ", " + _("with the topic session")
        flags = [
            t.gettext(FLAG_LABELS[f])
            for f in monthly.flags
            if f in FLAG_LABELS and not (f == W_NO_TOPIC_SESSION and topic_held)
        ]
        if flags:
            parts[-1] += " ⚠ " + ", ".join(flags)
        if monthly.status == "returned":
            parts[-1] += " " + _("[returned]")
    if topic is not None and topic.held:
        session = _("topic session {date}").format(
            date=format_day_long(topic.meeting_date, t) if topic.meeting_date else "-"
        )
        if topic.status == "returned":
            session += " " + _("[returned]")
        if parts:
            parts[-1] += "; " + session
        else:
            parts.append(
                _("{cell}: regular meeting not reported; {session}").format(
                    cell=name, session=session
                )
            )
    return "- " + parts[0] if parts else None


def cell_lines(t: Translator, summary: Summary) -> list[str]:
    """A line for each cell with something to show, under a heading of their own (after the
    plan targets' list they read as more targets)."""
    names = told_apart(t, summary.cells)
    lines = [
        line for cell in summary.cells if (line := cell_line(t, cell, summary, names[cell.cell_id]))
    ]
    if len(lines) > MAX_CELL_LINES:
        more = len(lines) - MAX_CELL_LINES
        more_text = t.gettext("… and {n} more in the Excel file (/xuat).").format(n=more)
        lines = [*lines[:MAX_CELL_LINES], more_text]
    return [t.gettext("By cell:"), *lines] if lines else []


def late_text(t: Translator, cell: LateCell, several_months: bool) -> str:
    """ "Chi bộ Thôn 2 (chưa báo cáo)", "Chi bộ Thôn 2 (thiếu 10, 11/2026)": as an official
    report writes it, with nothing of the bot (who joined it, who blocked it)."""
    _ = t.gettext
    parts: list[str] = []
    if cell.returned:
        parts.append(lower_first(t.gettext(RETURNED)))
    if several_months and cell.missing:
        parts.append(_("missing {months}").format(months=month_list(cell.missing)))
    elif not cell.returned:
        parts.append(lower_first(t.gettext(NOT_REPORTED)))
    return f"{cell.name} ({'; '.join(parts)})"


def late_lines(
    t: Translator,
    summary: Summary,
    late: Sequence[LateCell],
    today: date | None = None,
) -> list[str]:
    """The cells without an accepted report, grouped by whether their secretary can be reached
    (at most MAX_LATE_NAMES names). Over several months the heading says reports are missing
    (a cell that reported November but not October is listed for October). The cells whose
    meeting of a month owed is still to come (`LateCell.ahead`, «hôm nay» for one meeting
    `today`) are not late for it: listed apart."""
    if not late:
        return []
    _ = t.gettext
    several = not summary.period.is_month
    waiting = [c for c in late if c.ahead is not None]
    late = [c for c in late if c.owes]
    lines: list[str] = []
    if late:
        heading = _("Reports missing ({n}):") if several else _("Not reported ({n}):")
        lines.append(heading.format(n=len(late)))
    groups: dict[str, list[str]] = {}
    told = told_apart(t, [*summary.cells, *late])
    for cell in late[:MAX_LATE_NAMES]:
        reason = RETURNED if cell.returned else REACH_LABELS[cell.reach]
        key = upper_first(t.gettext(reason))
        name = told[cell.cell_id]
        details = []
        if several:
            details.append(_("missing {months}").format(months=month_list(cell.missing)))
        if cell.reach is Reach.REACHABLE:
            details.append(", ".join(s.name for s in cell.secretaries if not s.blocked and s.name))
        shown = [d for d in details if d]
        groups.setdefault(key, []).append(f"{name} ({'; '.join(shown)})" if shown else name)
    for key, names in groups.items():
        lines.append(f"- {key}: {', '.join(names)}")
    if len(late) > MAX_LATE_NAMES:
        lines.append(
            _("… and {n} more in the Excel file (/xuat).").format(n=len(late) - MAX_LATE_NAMES)
        )
    if waiting:
        waiting.sort(key=lambda c: (c.ahead or date.min, c.name))

        def when(day: date | None) -> str:
            return _("today") if day == today else format_day_inline(day or date.min, t)

        names = [f"{c.name} ({when(c.ahead)})" for c in waiting[:MAX_LATE_NAMES]]
        if len(waiting) > MAX_LATE_NAMES:
            names.append(_("and {n} more").format(n=len(waiting) - MAX_LATE_NAMES))
        lines.append(
            _("Meeting day not come yet ({n}): {cells}").format(
                n=len(waiting), cells=", ".join(names)
            )
        )
    return lines


def group_label(t: Translator, group: Group, summary: Summary) -> str:
    """A sub-organisation as a choice: "Đảng bộ xã A: 95/100 đã báo cáo, dự họp 92%"."""
    _ = t.gettext
    m = group.meetings
    name = group.name if not group.direct else _("{org} (its own cells)").format(org=group.name)
    return _("{name}: {reported}/{expected} reported, attendance {attendance}%").format(
        name=name,
        reported=m.reported_owed,
        expected=m.owed,
        attendance=ratio_percent(t, m.present / m.expected if m.expected else None),
    )
