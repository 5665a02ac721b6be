"""A report's lines as people read them: the summary before sending, the officers' views, and
what a line typed in the middle of the questions was read as."""

from __future__ import annotations

from datetime import date

from core.i18n import Translator
from core.vnformat import format_day_long
from handlers.reporting.attendance import format_percent
from handlers.reporting.grades import GRADE_LABELS
from handlers.reporting.report import KIND_LABELS, PartialReport


def yes_no(value: bool | None, t: Translator) -> str:
    return t.gettext("Yes") if value else t.gettext("No")


def describe_report(
    t: Translator,
    report: PartialReport,
    *,
    reason: str | None = None,
    new_date: date | None = None,
    note: str = "",
    month_over: bool = False,
) -> list[str]:
    """A report's lines, as the summary and the officers' views show them. A meeting not held
    shows its new date, or that none is set while its month (not `month_over`) still runs."""
    _ = t.gettext
    lines: list[str] = []
    if report.held is False:
        lines.append(_("Not held. Reason: {reason}").format(reason=reason or "-"))
        if new_date:
            lines.append(_("New date: {date}").format(date=format_day_long(new_date, t)))
        elif not month_over:
            lines.append(_("New date: not set yet"))
    else:
        if report.date is not None:
            lines.append(_("Date: {date}").format(date=format_day_long(report.date, t)))
        if report.kind is not None:
            lines.append(_("Kind: {kind}").format(kind=t.gettext(KIND_LABELS[report.kind])))
        if report.topic_title:
            lines.append(_("Topic: {title}").format(title=report.topic_title))
        if report.on_roll is not None and report.exempted is not None:
            lines.append(
                _("Members {on_roll}, exempted {exempted}").format(
                    on_roll=report.on_roll, exempted=report.exempted
                )
            )
        attendance = report.attendance()
        if attendance is not None:
            ratio = attendance.ratio
            lines.append(
                _("Present {present}/{expected} ({percent}%)").format(
                    present=attendance.present,
                    expected=attendance.expected,
                    percent=format_percent(ratio, t.locale) if ratio is not None else "-",
                )
            )
            lines.append(
                _("Absent with a reason {excused}, without a reason {unexcused}").format(
                    excused=attendance.absent_excused, unexcused=attendance.absent_unexcused
                )
            )
        elif report.present is not None:
            lines.append(_("Present {present}").format(present=report.present))
        if report.upper_attended is not None:
            who = yes_no(report.upper_attended, t)
            if report.upper_name:
                who = f"{who} ({report.upper_name})"
            lines.append(_("Upper-level committee member attended: {who}").format(who=who))
        if report.resolution_adopted is not None:
            lines.append(
                _("Resolution adopted: {answer}").format(
                    answer=yes_no(report.resolution_adopted, t)
                )
            )
        if report.grade is not None:
            lines.append(_("Grade: {grade}").format(grade=t.gettext(GRADE_LABELS[report.grade])))
    if note:
        lines.append(_("Note: {note}").format(note=note))
    return lines
