"""A small streaming .xlsx writer for the committee's big tables (a province: 10,000 rows).

openpyxl spends tens of microseconds a cell; this writes the SpreadsheetML directly, row by row
into the zip, with the few things the officers' files need: inline strings, numbers, dates,
percentages, bold rows, a title, a header, column widths, a frozen header and filters.
openpyxl and Excel read the result as any workbook.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from xml.sax.saxutils import escape

Style = Literal[
    "plain", "bold", "header", "title", "date", "pct", "bold_date", "bold_pct", "money", "bold_money"
]
STYLE_IDS: dict[Style, int] = {
    "plain": 0,
    "bold": 1,
    "header": 2,
    "title": 3,
    "date": 4,
    "pct": 5,
    "bold_date": 6,
    "bold_pct": 7,
    "money": 8,  # 1,850,000: Excel's built-in #,##0, shown with the reader's separators
    "bold_money": 9,
}
_STYLE_ATTRS: dict[Style, str] = {
    style: f' s="{sid}"' if sid else "" for style, sid in STYLE_IDS.items()
}
_EPOCH = date(1899, 12, 30)
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PLAIN_TEXT = re.compile('[^&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
Cell = object


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Sheet:
    """One worksheet: widths, a frozen corner ("D5"), a filter range, and its rows."""

    title: str
    widths: list[float] = field(default_factory=list)
    freeze: str | None = None
    filter_ref: str | None = None
    rows: list[tuple[Sequence[Cell], Sequence[Style]]] = field(default_factory=list)

    def add(self, values: Sequence[Cell], styles: Sequence[Style] = ()) -> None:
        self.rows.append((values, styles))


def _text(value: str) -> str:
    return escape(_BAD_XML.sub("", value), {'"': "&quot;"})


def _plain(value: str) -> bool:
    """Text written as it is: nothing to escape or drop, no space to keep at either end."""
    return (
        bool(value)
        and _PLAIN_TEXT.fullmatch(value) is not None
        and not value[0].isspace()
        and not value[-1].isspace()
    )


def _cell(ref: str, value: Cell, style: Style) -> str:
    if value is None or value == "":
        return ""
    sid = STYLE_IDS[style]
    attr = f' s="{sid}"' if sid else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{attr}><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{attr}><v>{value!r}</v></c>'
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f'<c r="{ref}"{attr}><v>{(value - _EPOCH).days}</v></c>'
    text = _text(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"{attr}><is><t{space}>{text}</t></is></c>'


def _row_cells(
    number: int, values: Sequence[Cell], styles: Sequence[Style], letters: list[str]
) -> str:
    """A row's cells: `_cell` for each, with the common kinds (text, whole numbers, decimals)
    written inline (a province's detail sheet has hundreds of thousands of them)."""
    cells: list[str] = []
    row = str(number)
    for i, value in enumerate(values):
        kind = type(value)
        if kind is int or kind is float:
            attr = _STYLE_ATTRS[styles[i] if i < len(styles) else "plain"]
            cells.append(f'<c r="{letters[i]}{row}"{attr}><v>{value!r}</v></c>')
        elif kind is str and _plain(value):  # type: ignore[arg-type]
            attr = _STYLE_ATTRS[styles[i] if i < len(styles) else "plain"]
            cells.append(
                f'<c r="{letters[i]}{row}" t="inlineStr"{attr}><is><t>{value}</t></is></c>'
            )
        elif value is not None:
            style = styles[i] if i < len(styles) else "plain"
            cells.append(_cell(f"{letters[i]}{row}", value, style))
    return "".join(cells)


def _sheet_xml(sheet: Sheet, out: io.TextIOWrapper) -> None:
    out.write(_HEAD + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">')
    if sheet.freeze:
        found = re.fullmatch(r"([A-Z]+)(\d+)", sheet.freeze)
        assert found is not None
        column = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(found[1])))
        x, y = column - 1, int(found[2]) - 1
        split = (f'xSplit="{x}" ' if x else "") + (f'ySplit="{y}" ' if y else "")
        out.write(
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane {split}topLeftCell="{sheet.freeze}" activePane="bottomRight" state="frozen"/>'
            '<selection pane="bottomRight"/></sheetView></sheetViews>'
        )
    out.write('<sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        out.write("<cols>")
        for index, width in enumerate(sheet.widths, start=1):
            out.write(f'<col min="{index}" max="{index}" width="{width:g}" customWidth="1"/>')
        out.write("</cols>")
    out.write("<sheetData>")
    letters: list[str] = []
    for number, (values, styles) in enumerate(sheet.rows, start=1):
        while len(letters) < len(values):
            letters.append(column_letter(len(letters) + 1))
        out.write(f'<row r="{number}">{_row_cells(number, values, styles, letters)}</row>')
    out.write("</sheetData>")
    if sheet.filter_ref:
        out.write(f'<autoFilter ref="{sheet.filter_ref}"/>')
    out.write("</worksheet>")


_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/>'
    '<numFmt numFmtId="165" formatCode="0.0%"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="13"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="10">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
    'applyAlignment="1"><alignment wrapText="1" vertical="center"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """The .xlsx file of `sheets` (titles cut to Excel's 31 characters, kept unique)."""
    sheets = list(sheets)
    titles: list[str] = []
    for sheet in sheets:
        title = re.sub(r"[\[\]:*?/\\]", " ", sheet.title)[:31] or "Sheet"
        while title in titles:
            title = title[:28] + f"({len(titles)})"
        titles.append(title)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>' + overrides + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            _HEAD + f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{_text(title)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, title in enumerate(titles, start=1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{_text(_quoted(titles[i]))}!{_absolute(sheet.filter_ref)}</definedName>"
            for i, sheet in enumerate(sheets)
            if sheet.filter_ref
        )
        archive.writestr(
            "xl/workbook.xml",
            _HEAD
            + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets>'
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + "</workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        styles_id = len(sheets) + 1
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _HEAD + f'<Relationships xmlns="{_PKG}">{relations}'
            f'<Relationship Id="rId{styles_id}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/styles.xml", _STYLES)
        for i, sheet in enumerate(sheets, start=1):
            with (
                archive.open(f"xl/worksheets/sheet{i}.xml", "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8") as out,
            ):
                _sheet_xml(sheet, out)
    return buffer.getvalue()


def _absolute(ref: str | None) -> str:
    """ "A4:V13" → "$A$4:$V$13"."""
    return re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref or "")
