"""The month's table as an Excel workbook in the layout officers use, and as a PNG chart."""

from __future__ import annotations

import io

from core.i18n import Translator
from core.vnformat import format_date, format_month
from handlers.committee.month_table import MonthTable
from handlers.reporting.attendance import format_percent
from handlers.reporting.grades import GRADE_LABELS, MeetingGrade
from handlers.reporting.report import KIND_LABELS, MeetingKind

LOW_ATTENDANCE = 0.85


def _kind(kind: str | None, t: Translator) -> str:
    return t.gettext(KIND_LABELS[MeetingKind(kind)]) if kind else ""


def _grade(grade: str | None, t: Translator) -> str:
    return t.gettext(GRADE_LABELS[MeetingGrade(grade)]) if grade else ""


def build_workbook(table: MonthTable, title: str, t: Translator) -> bytes:
    """Sheet 1: one row per cell for the month; sheet 2: topic sessions per quarter this year."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    _ = t.gettext
    month = table.month
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Meetings")[:31]
    sheet.append([title])
    sheet.append(
        [_("Cell meetings, month {month}").format(month=format_month(month.year, month.month))]
    )
    headers = [
        _("No."),
        _("Cell"),
        _("Reported"),
        _("Meeting date"),
        _("Kind"),
        _("Members"),
        _("Exempted"),
        _("Present"),
        _("Attendance %"),
        _("Absent with reason"),
        _("Absent without reason"),
        _("Upper-level member"),
        _("Resolution"),
        _("Grade"),
        _("Secretary reachable"),
        _("Notes"),
    ]
    sheet.append(headers)
    bold = Font(bold=True)
    for cell in sheet[3]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet["A1"].font = Font(bold=True, size=13)
    late_fill = PatternFill("solid", fgColor="FDE9D9")
    for number, row in enumerate(table.rows, start=1):
        report = row.report
        attendance = row.attendance
        values: list[object] = [number, row.cell.name]
        if report is None:
            values += [_("No")] + [""] * 11
        else:
            held = report.held
            values += [
                _("Yes") if held else _("Not held"),
                format_date(report.meeting_date) if report.meeting_date else "",
                _kind(report.kind, t) if held else "",
                report.on_roll,
                report.exempted,
                report.present,
                float(round(attendance * 100, 1)) if attendance is not None else "",
                report.absent_excused,
                report.absent_unexcused,
                (report.upper_name or _("Yes")) if report.upper_attended else _("No"),
                _("Yes") if report.resolution_adopted else _("No"),
                _grade(report.grade, t),
            ]
        values.append(_("Yes") if row.reachable else _("No"))
        values.append(report.note if report and report.note else "")
        sheet.append(values)
        if report is None:
            for cell in sheet[sheet.max_row]:
                cell.fill = late_fill
    widths = [5, 30, 10, 13, 22, 9, 9, 9, 11, 10, 10, 18, 10, 11, 11, 30]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C4"

    topics = workbook.create_sheet(_("Topic sessions")[:31])
    topics.append([_("Topic sessions in {year} (target: 4 a year)").format(year=month.year)])
    topics.append(
        [_("No."), _("Cell"), "Q I", "Q II", "Q III", "Q IV", _("Total"), _("Target met")]
    )
    for cell in topics[2]:
        cell.font = bold
    for number, row in enumerate(table.rows, start=1):
        total = row.topics_in_year
        topics.append(
            [
                number,
                row.cell.name,
                *row.topics_by_quarter,
                total,
                _("Yes") if total >= 4 else _("No"),
            ]
        )
    topics.column_dimensions["B"].width = 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_chart(table: MonthTable, title: str, t: Translator) -> bytes:
    """Attendance per cell for the month as a PNG bar chart, with the 85% line."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    _ = t.gettext
    names = [row.cell.name.removeprefix("Chi bộ ") for row in table.rows]
    values = [
        float(row.attendance * 100) if row.attendance is not None else 0.0 for row in table.rows
    ]
    colours = [
        "#c0392b"
        if row.report is None
        else "#e67e22"
        if row.attendance is not None and row.attendance <= LOW_ATTENDANCE
        else "#2e86c1"
        for row in table.rows
    ]
    figure, axes = pyplot.subplots(figsize=(8, 0.45 * max(len(names), 4) + 1.5), dpi=110)
    try:
        axes.barh(names, values, color=colours)
        axes.axvline(85, color="#7f8c8d", linestyle="--", linewidth=1)
        axes.set_xlim(0, 100)
        axes.invert_yaxis()
        axes.set_xlabel(_("Attendance %"))
        axes.set_title(title, fontsize=11)
        for index, row in enumerate(table.rows):
            label = (
                _("not reported")
                if row.report is None
                else _("not held")
                if not row.report.held
                else f"{format_percent(row.attendance)}%"
                if row.attendance is not None
                else ""
            )
            if values[index] > 15:  # inside the bar's end
                axes.text(
                    values[index] - 1,
                    index,
                    label,
                    va="center",
                    ha="right",
                    fontsize=8,
                    color="white",
                )
            else:
                axes.text(values[index] + 1, index, label, va="center", fontsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
