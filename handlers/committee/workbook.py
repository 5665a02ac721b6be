"""The summary as an Excel workbook in the layout officers use (written by committee.xlsx).

Sheets: Tổng hợp (by sub-organisation, with totals), Chi tiết theo chi bộ, Chưa báo cáo, Số liệu,
Xếp loại, Chuyên đề theo quý, and Chỉ tiêu when a plan target can be checked. Dates are dates,
numbers are numbers (percentages as fractions shown with %), each sheet has its period and
scope in the title, a frozen header, filters and widths that fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest
from typing import Literal

from core.i18n import Translator
from core.vnformat import format_date
from handlers.committee.summary_text import (
    MEASURE_LABELS,
    going_on_text,
    scope_name,
    target_phrase,
    verdict_text,
)
from handlers.committee.wording import (
    GRADE_ORDER,
    HELD,
    NOT_DUE,
    NOT_HELD,
    NOT_REPORTED,
    RATING_ORDER,
    REACH_LABELS,
    RETURNED,
    FigureCatalog,
    grade_label,
    month_list,
    period_label,
    rating_abbreviation,
    upper_first,
)
from handlers.committee.xlsx import Sheet, Style, column_letter, write_workbook
from handlers.reporting.grades import GRADE_LABELS, RATING_ABBREVIATIONS, RATING_LABELS
from handlers.reporting.report import KIND_LABELS, MeetingKind
from services.review import LOW_ATTENDANCE_PERCENT, CellDetail, Group, Summary
from storage.repos.summary import MeetingCounts, TopicCounts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Kind = Literal["text", "int", "pct", "date", "money"]
HEADER_ROW = 4
MAX_WIDTH = 45


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: Kind = "int"


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator > 0 else None


def _width(value: object) -> int:
    kind = type(value)
    if kind is str:
        return len(value)  # type: ignore[arg-type]
    if kind is int:
        return len(str(value))
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return 7
    return len(str(value))


class _SheetWriter:
    """Collects a sheet's rows, then lays it out: title, header, fitted widths, filter."""

    def __init__(
        self,
        sheets: list[Sheet],
        title: str,
        heading: str,
        subtitle: str,
        columns: Sequence[Column],
    ) -> None:
        self._sheets = sheets
        self._title = title
        self._heading = heading
        self._subtitle = subtitle
        self._columns = list(columns)
        self._rows: list[list[object]] = []
        self._bold_rows: set[int] = set()
        self._kinds: dict[int, dict[int, Kind]] = {}  # row → column → kind, where not the column's

    def add(
        self, values: Sequence[object], *, bold: bool = False, kinds: dict[int, Kind] | None = None
    ) -> None:
        """A row; `kinds`: the kind of some of its cells (by column index) where it is not the
        column's (a count in a column of percentages)."""
        if bold:
            self._bold_rows.add(len(self._rows))
        if kinds:
            self._kinds[len(self._rows)] = kinds
        self._rows.append(list(values))

    def write(self, *, freeze_column: str = "C") -> None:
        widths = [float(max(6, min(MAX_WIDTH, len(c.header) // 2 + 2))) for c in self._columns]
        columns = zip_longest(*self._rows) if self._rows else iter(())
        for index, values in zip(range(len(widths)), columns, strict=False):
            widest = max(map(_width, values))
            widths[index] = max(widths[index], float(min(MAX_WIDTH, widest + 2)))
        last = HEADER_ROW + max(len(self._rows), 1)
        sheet = Sheet(
            self._title,
            widths,
            freeze=f"{freeze_column}{HEADER_ROW + 1}",
            filter_ref=f"A{HEADER_ROW}:{column_letter(len(self._columns))}{last}",
        )
        sheet.add([self._heading], ["title"])
        sheet.add([self._subtitle])
        sheet.add([])
        sheet.add([c.header for c in self._columns], ["header"] * len(self._columns))
        plain = [_STYLE[c.kind] for c in self._columns]
        bold = [_BOLD_STYLE[c.kind] for c in self._columns]
        for number, row in enumerate(self._rows):
            styles = bold if number in self._bold_rows else plain
            table = _BOLD_STYLE if number in self._bold_rows else _STYLE
            own = self._kinds.get(number, {})
            sheet.add(row, [table[own[i]] if i in own else st for i, st in enumerate(styles)])
        self._sheets.append(sheet)


_STYLE: dict[Kind, Style] = {
    "text": "plain",
    "int": "plain",
    "pct": "pct",
    "date": "date",
    "money": "money",
}
_BOLD_STYLE: dict[Kind, Style] = {
    "text": "bold",
    "int": "bold",
    "pct": "bold_pct",
    "date": "bold_date",
    "money": "bold_money",
}


def _figure_kind(catalog: FigureCatalog, key: str) -> Kind:
    """Sums of money (party dues) with thousands separators; other figures as whole numbers."""
    definition = catalog.definition(key)
    money = definition is not None and (definition.kind == "money" or definition.unit == "VND")
    return "money" if money else "int"


def _meeting_columns(t: Translator) -> list[Column]:
    _ = t.gettext
    return [
        Column(_("Cells")),
        Column(_("Reports received")),
        Column(_("Reports expected")),
        Column(_("Reporting rate"), "pct"),
        Column(_("Returned for correction")),
        Column(_("Cells not fully reported")),
        Column(_("Meetings held")),
        Column(_("Meetings not held")),
        Column(_("Present")),
        Column(_("Expected to attend")),
        Column(_("Attendance"), "pct"),
        Column(_("Cells at or below {n}%").format(n=LOW_ATTENDANCE_PERCENT)),
        Column(_("Absent without reason")),
        Column(_("Cells warned: 3 months without reason")),
        Column(_("Upper-level member attended")),
        Column(_("Resolutions adopted")),
        *(Column(t.gettext(GRADE_LABELS[g])) for g in GRADE_ORDER),
        Column(_("Topic sessions in the period")),
        *(
            Column(_("Cells with a topic session, quarter {q}").format(q=q))
            for q in ("I", "II", "III", "IV")
        ),
        Column(_("Cells with one every quarter")),
    ]


def _meeting_values(m: MeetingCounts, topics: TopicCounts, warned: int) -> list[object]:
    return [
        m.cells,
        m.reported_owed,
        m.owed,
        _ratio(m.reported_owed, m.owed),
        m.returned,
        m.cells - m.cells_complete,
        m.held,
        m.not_held,
        m.present,
        m.expected,
        _ratio(m.present, m.expected),
        m.low_cells,
        m.unexcused,
        warned,
        m.upper,
        m.resolutions,
        *m.grades,
        topics.sessions_in_period,
        *topics.cells_by_quarter,
        topics.full_year_cells,
    ]


def _group_name(t: Translator, group: Group) -> str:
    return t.gettext("{org} (its own cells)").format(org=group.name) if group.direct else group.name


def build_workbook(summary: Summary, catalog: FigureCatalog, t: Translator, made_on: date) -> bytes:
    """The workbook of `summary` (which must carry the cell detail)."""
    _ = t.gettext
    workbook: list[Sheet] = []
    period = period_label(t, summary.period)
    scope = scope_name(t, summary)
    subtitle = _("Made on {date}; reports counted for {months}.").format(
        date=format_date(made_on), months=month_list(summary.owed) or "-"
    )
    going_on = going_on_text(t, summary)  # the sums count it: the header says so
    if going_on:
        subtitle = f"{subtitle} {going_on}"

    def heading(what: str) -> str:
        return f"{scope} - {what}, {period}"

    totals = _SheetWriter(
        workbook,
        _("Summary"),
        heading(_("Cell meetings")),
        subtitle,
        [Column(_("No."), "int"), Column(_("Organisation"), "text"), *_meeting_columns(t)],
    )
    for number, group in enumerate(summary.groups, start=1):
        totals.add(
            [
                number,
                _group_name(t, group),
                *_meeting_values(group.meetings, group.topics, group.warned),
            ]
        )
    totals.add(
        [
            "",
            _("Total"),
            *_meeting_values(summary.meetings, summary.topics, summary.warned),
        ],
        bold=True,
    )
    totals.write()
    _detail_sheet(workbook, summary, catalog, t, heading(_("Cells")), subtitle)
    _late_sheet(workbook, summary, t, heading(_("Cells not reported")), subtitle)
    _figure_sheet(workbook, summary, catalog, t, heading(_("Figures")), subtitle)
    _rating_sheet(
        workbook,
        summary,
        t,
        heading(_("Ratings {year}").format(year=summary.ratings.year)),
        subtitle,
    )
    _topic_sheet(
        workbook,
        summary,
        t,
        heading(_("Topic sessions {year}").format(year=summary.period.year)),
        subtitle,
    )
    if summary.targets:
        _target_sheet(workbook, summary, t, heading(_("Plan targets")), subtitle)
    return write_workbook(workbook)


def month_state(t: Translator, cell: CellDetail) -> str:
    report = cell.monthly
    if report is None:
        return t.gettext(NOT_DUE if cell.ahead is not None else NOT_REPORTED)
    if report.status == "returned":
        return t.gettext(RETURNED)
    return t.gettext(HELD if report.held else NOT_HELD)


def _detail_sheet(
    workbook: list[Sheet],
    summary: Summary,
    catalog: FigureCatalog,
    t: Translator,
    heading: str,
    subtitle: str,
) -> None:
    _ = t.gettext
    keys = catalog.order([f.key for f in summary.figures])
    lead = [
        Column(_("No.")),
        Column(_("Organisation"), "text"),
        Column(_("Cell"), "text"),
        Column(_("Members on the roll")),
        Column(_("Secretary"), "text"),
    ]
    if summary.period.is_month:
        middle = [
            Column(_("Regular meeting"), "text"),
            Column(_("Meeting date"), "date"),
            Column(_("Kind"), "text"),
            Column(_("Members"), "int"),
            Column(_("Exempted")),
            Column(_("Present")),
            Column(_("Attendance"), "pct"),
            Column(_("Absent with reason")),
            Column(_("Absent without reason")),
            Column(_("Upper-level member"), "text"),
            Column(_("Resolution"), "text"),
            Column(_("Grade"), "text"),
            Column(_("Topic session"), "date"),
            Column(_("Topic"), "text"),
            Column(_("Notes"), "text"),
        ]
    else:
        middle = [
            Column(_("Reports received")),
            Column(_("Months missing"), "text"),
            Column(_("Returned for correction")),
            Column(_("Meetings held")),
            Column(_("Meetings not held")),
            Column(_("Present")),
            Column(_("Expected to attend")),
            Column(_("Attendance"), "pct"),
            Column(_("Meetings at or below {n}%").format(n=LOW_ATTENDANCE_PERCENT)),
            Column(_("Absent without reason")),
            Column(_("Upper-level member attended")),
            Column(_("Resolutions adopted")),
            *(Column(t.gettext(GRADE_LABELS[g])) for g in GRADE_ORDER),
            Column(_("Topic sessions in the period")),
        ]
    tail = [
        Column(_("Warned: 3 months without reason"), "text"),
        *(Column(catalog.label(t, k), _figure_kind(catalog, k)) for k in keys),
        Column(_("Cell rating {year}").format(year=summary.ratings.year), "text"),
    ]
    sheet = _SheetWriter(workbook, _("Cells"), heading, subtitle, [*lead, *middle, *tail])
    missing = {c.cell_id: c for c in summary.owing}
    for number, cell in enumerate(summary.cells, start=1):
        values: list[object] = [
            number,
            cell.group_name,
            cell.name,
            cell.members_on_roll,
            _secretary(t, cell),
        ]
        if summary.period.is_month:
            values.extend(_month_values(t, cell))
        else:
            m = cell.meetings
            late = missing.get(cell.cell_id)
            values.extend(
                [
                    m.reported_owed,
                    month_list(late.missing) if late else "",
                    m.returned,
                    m.held,
                    m.not_held,
                    m.present,
                    m.expected,
                    _ratio(m.present, m.expected),
                    m.low_meetings,
                    m.unexcused,
                    m.upper,
                    m.resolutions,
                    *m.grades,
                    cell.topics.in_period,
                ]
            )
        values.append(_("Yes") if cell.warned else "")
        values.extend(cell.figures.get(k) for k in keys)
        rating = cell.figures.get("cell_rating")
        values.append(rating_abbreviation(str(rating)) if rating else "")
        sheet.add(values)
    sheet.write(freeze_column="D")


def _secretary(t: Translator, cell: CellDetail) -> str:
    names = ", ".join(s.name for s in cell.secretaries if s.name)
    reach = t.gettext(REACH_LABELS[cell.reach])
    return f"{names} ({reach})" if names else reach


def _month_values(t: Translator, cell: CellDetail) -> list[object]:
    _ = t.gettext
    report, topic = cell.monthly, cell.topic
    topic_held = topic is not None and topic.held
    topic_values: list[object] = [
        topic.meeting_date if topic_held and topic else None,
        (topic.topic_title or "") if topic_held and topic else "",
    ]
    if report is None:
        return [
            month_state(t, cell),
            None,
            "",
            None,
            None,
            None,
            None,
            None,
            None,
            "",
            "",
            "",
            *topic_values,
            "",
        ]
    held = report.held
    expected = (report.on_roll or 0) - (report.exempted or 0)
    kind = t.gettext(KIND_LABELS[MeetingKind(report.kind)]) if held and report.kind else ""
    if report.kind == "combined" and report.topic_title and not topic_held:
        topic_values = [report.meeting_date, report.topic_title]
    elif report.kind == "combined" and not topic_held:
        topic_values = [report.meeting_date, ""]
    note = report.note or report.not_held_reason or ""
    if report.status == "returned" and report.return_note:
        note = f"{note} [{report.return_note}]".strip()
    return [
        month_state(t, cell),
        report.meeting_date if held else None,
        kind,
        report.on_roll if held else None,
        report.exempted if held else None,
        report.present if held else None,
        _ratio(report.present or 0, expected) if held and report.present is not None else None,
        report.absent_excused if held else None,
        report.absent_unexcused if held else None,
        ((report.upper_name or _("Yes")) if report.upper_attended else _("No")) if held else "",
        (_("Yes") if report.resolution_adopted else _("No")) if held else "",
        grade_label(t, report.grade) if held else "",
        *topic_values,
        note,
    ]


def _late_sheet(
    workbook: list[Sheet], summary: Summary, t: Translator, heading: str, subtitle: str
) -> None:
    _ = t.gettext
    sheet = _SheetWriter(
        workbook,
        _("Not reported"),
        heading,
        subtitle,
        [
            Column(_("No.")),
            Column(_("Organisation"), "text"),
            Column(_("Cell"), "text"),
            Column(_("State"), "text"),
            Column(_("Months missing"), "text"),
            Column(_("Secretary"), "text"),
            Column(_("Can be reached"), "text"),
        ],
    )
    for number, cell in enumerate(summary.owing, start=1):
        names = ", ".join(s.name for s in cell.secretaries if s.name)
        sheet.add(
            [
                number,
                cell.group_name,
                cell.name,
                t.gettext(RETURNED if cell.returned else NOT_REPORTED),
                month_list(cell.missing),
                names,
                upper_first(t.gettext(REACH_LABELS[cell.reach])),
            ]
        )
    sheet.write(freeze_column="D")


def _figure_sheet(
    workbook: list[Sheet],
    summary: Summary,
    catalog: FigureCatalog,
    t: Translator,
    heading: str,
    subtitle: str,
) -> None:
    _ = t.gettext
    keys = catalog.order([f.key for f in summary.figures])
    sheet = _SheetWriter(
        workbook,
        _("Figures"),
        heading,
        subtitle,
        [
            Column(_("No.")),
            Column(_("Organisation"), "text"),
            *(Column(catalog.label(t, k), _figure_kind(catalog, k)) for k in keys),
        ],
    )
    for number, group in enumerate(summary.groups, start=1):
        sheet.add([number, _group_name(t, group), *(group.figures.get(k, 0) for k in keys)])
    by_key = {f.key: f for f in summary.figures}
    sheet.add(["", _("Total"), *(by_key[k].total for k in keys)], bold=True)
    sheet.add(["", _("Cells that sent"), *(by_key[k].cells for k in keys)])
    sheet.write()


def _rating_sheet(
    workbook: list[Sheet], summary: Summary, t: Translator, heading: str, subtitle: str
) -> None:
    _ = t.gettext
    columns = [
        Column(_("No.")),
        Column(_("Organisation"), "text"),
        Column(_("Cells")),
        *(Column(_("Cells {rating}").format(rating=RATING_ABBREVIATIONS[r])) for r in RATING_ORDER),
        Column(_("Cells not rated")),
        *(
            Column(_("Members {rating}").format(rating=RATING_ABBREVIATIONS[r]))
            for r in RATING_ORDER
        ),
    ]
    sheet = _SheetWriter(workbook, _("Ratings"), heading, subtitle, columns)

    def values(cells: int, ratings: dict[str, int], members: dict[str, int]) -> list[object]:
        rated = sum(ratings.get(r.value, 0) for r in RATING_ORDER)
        return [
            cells,
            *(ratings.get(r.value, 0) for r in RATING_ORDER),
            cells - rated,
            *(members.get(r.value, 0) for r in RATING_ORDER),
        ]

    for number, group in enumerate(summary.groups, start=1):
        sheet.add(
            [
                number,
                _group_name(t, group),
                *values(group.cells, group.cell_ratings, group.members_rated),
            ]
        )
    ratings = summary.ratings
    sheet.add(
        ["", _("Total"), *values(summary.meetings.cells, ratings.cells, ratings.members)], bold=True
    )
    sheet.add([])
    for rating in RATING_ORDER:
        sheet.add(["", f"{RATING_ABBREVIATIONS[rating]}: {t.gettext(RATING_LABELS[rating])}"])
    sheet.write()


def _topic_sheet(
    workbook: list[Sheet], summary: Summary, t: Translator, heading: str, subtitle: str
) -> None:
    _ = t.gettext
    sheet = _SheetWriter(
        workbook,
        _("Topic sessions by quarter"),
        heading,
        subtitle,
        [
            Column(_("No.")),
            Column(_("Organisation"), "text"),
            Column(_("Cell"), "text"),
            *(Column(_("Quarter {q}").format(q=q)) for q in ("I", "II", "III", "IV")),
            Column(_("Year")),
            Column(_("Quarters with a session")),
            Column(_("One every quarter"), "text"),
        ],
    )
    for number, cell in enumerate(summary.cells, start=1):
        quarters = cell.topics.by_quarter
        covered = cell.topics.quarters_covered
        sheet.add(
            [
                number,
                cell.group_name,
                cell.name,
                *quarters,
                sum(quarters),
                covered,
                _("Yes") if covered == 4 else _("Not yet"),
            ]
        )
    topics = summary.topics
    sheet.add(
        [
            "",
            _("Cells with a session"),
            None,
            *topics.cells_by_quarter,
            topics.sessions,
            None,
            topics.full_year_cells,
        ],
        bold=True,
    )
    sheet.write(freeze_column="D")


def _target_sheet(
    workbook: list[Sheet], summary: Summary, t: Translator, heading: str, subtitle: str
) -> None:
    _ = t.gettext
    sheet = _SheetWriter(
        workbook,
        _("Plan targets"),
        heading,
        subtitle,
        [
            Column(_("No.")),
            Column(_("Plan"), "text"),
            Column(_("Section"), "text"),
            Column(_("Target as written"), "text"),
            Column(_("What is measured"), "text"),
            Column(_("Year"), "int"),
            Column(_("Target"), "text"),
            Column(_("Actual"), "pct"),
            Column(_("Counted"), "int"),
            Column(_("Out of"), "int"),
            Column(_("Met"), "text"),
        ],
    )
    for number, check in enumerate(summary.targets, start=1):
        actual: object = None
        numerator, denominator = check.numerator, check.denominator
        kinds: dict[int, Kind] = {}
        if check.actual is None:  # nothing to measure by: empty, not 0/0
            numerator = denominator = None
        elif check.denominator is not None:
            actual = round(check.actual / 100, 4)
        else:  # a count (members admitted): it is what was done, in «Thực hiện»
            actual, numerator, kinds = check.numerator or 0, None, {7: "int"}
        if check.actual is None:
            verdict = _("no figures yet")
        elif check.rated is not None or check.met is None:
            verdict = verdict_text(t, check)
        else:
            verdict = _("Yes") if check.met else _("Not yet")
        sheet.add(
            [
                number,
                check.plan,
                check.target.section_path,
                check.target.indicator,
                upper_first(t.gettext(MEASURE_LABELS[check.measure])),
                check.year,
                target_phrase(t, check.target),
                actual,
                numerator,
                denominator,
                verdict,
            ],
            kinds=kinds,
        )
    sheet.write(freeze_column="C")
