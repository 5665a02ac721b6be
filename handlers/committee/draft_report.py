"""A draft of the committee's report on cell meetings, as a .docx the officer finishes in Word.

The usual layout: the committee's name, number and date left to fill, the title with the period,
the figures (the same sentences as /tonghop, so the numbers agree), the cells not reporting,
topic sessions, figures and targets in tables, then remarks and next tasks to write.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from core.i18n import Translator
from handlers.committee.summary_text import (
    figure_lines,
    late_text,
    meeting_lines,
    plan_target_text,
    rating_lines,
    reporting_line,
    scope_name,
    target_lines,
    topic_lines,
)
from handlers.committee.wording import FigureCatalog, percent, period_label, upper_first
from services.review import LateCell, Summary

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_LATE_NAMES = 60
DOTS = "." * 90


def committee_name(org_name: str) -> str:
    """ "Đảng bộ xã Hòa Bình" → "ĐẢNG ỦY XÃ HÒA BÌNH" (the body that writes the report)."""
    for old, new in (("Đảng bộ", "Đảng ủy"), ("đảng bộ", "Đảng ủy")):
        if org_name.startswith(old):
            org_name = new + org_name[len(old) :]
            break
    return org_name.upper()


def build_draft(
    summary: Summary,
    catalog: FigureCatalog,
    t: Translator,
    *,
    parent_name: str | None,
    late: Sequence[LateCell] | None,
    made_on: date,
) -> bytes:
    """The .docx draft. `late` lists the cells not reporting by name (None: too many, shown by
    organisation instead)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    _ = t.gettext
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left_lines = [parent_name.upper()] if parent_name else []
    left_lines += [committee_name(scope_name(t, summary)), "*", _("No. ....-BC/ĐU")]
    _lines(left, left_lines, bold_first=not parent_name, centre=True)
    _lines(
        right,
        ["ĐẢNG CỘNG SẢN VIỆT NAM", _("........, day .... month .... year ......")],
        bold_first=True,
        centre=True,
    )
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_("REPORT")).bold = True
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(
        _("Results of cell meetings, {period}").format(period=period_label(t, summary.period))
    ).bold = True

    m = summary.meetings
    document.add_heading(_("I. REPORTS AND REGULAR MEETINGS"), level=2)
    document.add_paragraph(
        _("{scope} has {cells} cells.").format(scope=scope_name(t, summary), cells=m.cells)
    )
    document.add_paragraph(reporting_line(t, summary))
    for line in meeting_lines(t, summary):
        document.add_paragraph(line)
    if len(summary.groups) > 1:
        rows = [
            [
                g.name,
                str(g.cells),
                f"{g.meetings.reported_owed}/{g.meetings.owed}",
                percent(t, g.meetings.present, g.meetings.expected),
                str(g.late),
            ]
            for g in summary.groups
        ]
        _table(
            document,
            [_("Organisation"), _("Cells"), _("Reports"), _("Attendance %"), _("Not reported")],
            rows,
        )

    document.add_heading(_("II. CELLS NOT REPORTING"), level=2)
    if summary.late_count == 0:
        document.add_paragraph(_("Every cell reported."))
    elif late is not None:
        several = not summary.period.is_month
        for cell in late:
            document.add_paragraph(late_text(t, cell, several), style="List Bullet")
    else:
        for group in summary.groups:
            if group.late:
                document.add_paragraph(
                    t.ngettext(
                        "{org}: {n} cell not reported",
                        "{org}: {n} cells not reported",
                        group.late,
                    ).format(org=group.name, n=group.late),
                    style="List Bullet",
                )

    document.add_heading(_("III. TOPIC SESSIONS"), level=2)
    for line in topic_lines(t, summary):
        document.add_paragraph(line)
    _table(
        document,
        [_("Quarter {q}").format(q=q) for q in ("I", "II", "III", "IV")] + [_("Every quarter")],
        [[str(n) for n in summary.topics.cells_by_quarter] + [str(summary.topics.full_year_cells)]],
    )

    figures = figure_lines(t, summary, catalog)
    ratings = rating_lines(t, summary)
    if figures or ratings or summary.targets:
        document.add_heading(_("IV. MEMBERS: FIGURES, RATINGS AND PLAN TARGETS"), level=2)
        if figures:
            by_key = {f.key: f for f in summary.figures}
            keys = catalog.order(list(by_key))
            document.add_paragraph(figures[0])
            _table(
                document,
                [_("Figure"), _("Total"), _("Cells that sent")],
                [
                    [
                        catalog.label(t, k),
                        catalog.value_text(t, k, by_key[k].total),
                        str(by_key[k].cells),
                    ]
                    for k in keys
                ],
            )
        for line in ratings:
            document.add_paragraph(line)
        if summary.targets:  # under their own heading, not the figures'
            document.add_paragraph(target_lines(t, summary)[0])
        for check in summary.targets:
            document.add_paragraph(plan_target_text(t, check, summary), style="List Bullet")

    document.add_heading(_("V. REMARKS"), level=2)
    for heading in (_("1. Strengths:"), _("2. Shortcomings and their causes:")):
        document.add_paragraph(heading)
        document.add_paragraph(DOTS)
        document.add_paragraph(DOTS)
    document.add_heading(_("VI. TASKS FOR THE NEXT PERIOD"), level=2)
    document.add_paragraph(DOTS)
    document.add_paragraph(DOTS)

    footer = document.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    # a report has no «Kính gửi» line, so no «Như trên»: who it goes to is said here
    _lines(
        left,
        [
            _("Recipients:"),
            _("- The committee above (to report);"),
            _("- The cells under it;"),
            _("- Filed at the office."),
        ],
        bold_first=True,
    )
    _lines(
        right,
        [_("ON BEHALF OF THE STANDING COMMITTEE"), "", "", _("(signature and full name)")],
        bold_first=True,
        centre=True,
    )
    document.add_paragraph(
        _("Draft made by chibo on {date}; please check and complete it.").format(
            date=made_on.strftime("%d/%m/%Y")
        )
    ).runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _lines(cell: Any, lines: Sequence[str], *, bold_first: bool, centre: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold_first and index == 0
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(document: Any, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(upper_first(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
