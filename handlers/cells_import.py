"""Importing cells from the spreadsheets officers keep: all rows or none, errors row by row."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.i18n import N_, Text
from core.textfold import fold
from storage.models import Organization
from storage.repos import Repositories

COLUMNS = {
    "name": ("ten chi bo", "chi bo", "ten", "name", "cell"),
    "kind": ("loai", "loai hinh", "kind", "type"),
    "members": ("so dang vien", "dang vien", "so dv", "members", "members on roll"),
    "day": ("ngay sinh hoat", "ngay hop", "ngay", "meeting day", "day"),
}
KINDS = {
    "thon": "thon",
    "to dan pho": "to_dan_pho",
    "co quan": "co_quan",
    "truong hoc": "truong_hoc",
    "truong": "truong_hoc",
    "doanh nghiep": "doanh_nghiep",
    "cong an": "cong_an",
    "quan su": "quan_su",
}
MIN_MEMBERS = 3  # a chi bộ has at least 3 full members (Party Charter)


@dataclass(frozen=True)
class CellRow:
    line: int
    name: str
    kind: str
    members: int
    day: int | None


@dataclass(frozen=True)
class RowError:
    line: int
    message: Text


class CellsFileError(Exception):
    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message


def read_table(path: Path) -> list[list[str]]:
    """The sheet's rows as text cells (.xlsx first sheet, or .csv with , or ;)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes().decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(raw[:2000], delimiters=",;\t") if raw.strip() else csv.excel
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(raw), dialect)]
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        workbook.close()
        return rows
    raise CellsFileError(
        Text(N_("Unsupported file type {suffix}: use .xlsx or .csv."), {"suffix": suffix or "?"})
    )


def parse_rows(rows: list[list[str]]) -> tuple[list[CellRow], list[RowError]]:
    """Find the header row, then read every row below it."""
    header_index, columns = _find_header(rows)
    cells: list[CellRow] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        line = index + 1
        if not any(cell.strip() for cell in row):
            continue
        value = {key: (row[col] if col < len(row) else "").strip() for key, col in columns.items()}
        name = " ".join(value.get("name", "").split())
        if not name:
            errors.append(RowError(line, Text(N_("the cell's name is missing"))))
            continue
        if fold(name) in seen:
            errors.append(
                RowError(line, Text(N_("{name} appears twice in the file"), {"name": name}))
            )
            continue
        seen.add(fold(name))
        members_text = value.get("members", "").removesuffix(".0")
        if not members_text.isdecimal():
            errors.append(
                RowError(
                    line,
                    Text(
                        N_("members on the roll must be a whole number, not «{value}»"),
                        {"value": members_text},
                    ),
                )
            )
            continue
        if int(members_text) < MIN_MEMBERS:
            errors.append(
                RowError(
                    line,
                    Text(
                        N_("a party cell has at least {min} members on the roll, not {value}"),
                        {"min": MIN_MEMBERS, "value": members_text},
                    ),
                )
            )
            continue
        day: int | None = None
        day_text = value.get("day", "").removesuffix(".0")
        if day_text:
            if not day_text.isdecimal() or not 1 <= int(day_text) <= 31:
                errors.append(
                    RowError(
                        line,
                        Text(
                            N_("the meeting day must be a day from 1 to 31, not «{value}»"),
                            {"value": day_text},
                        ),
                    )
                )
                continue
            day = int(day_text)
        kind = KINDS.get(fold(value.get("kind", "")), "thon")
        cells.append(CellRow(line, name, kind, int(members_text), day))
    if not cells and not errors:
        raise CellsFileError(Text(N_("The file has no cells below its header row.")))
    return cells, errors


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:10]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            folded = fold(cell).strip(" :*")
            for key, names in COLUMNS.items():
                if key not in columns and folded in names:
                    columns[key] = position
        if "name" in columns and "members" in columns:
            return index, columns
    raise CellsFileError(
        Text(
            N_(
                "No header row found: the file needs the columns «Tên chi bộ» and «Số đảng viên» "
                "(and optionally «Loại» and «Ngày sinh hoạt»)."
            )
        )
    )


async def name_clashes(
    repos: Repositories, org: Organization, rows: list[CellRow]
) -> list[RowError]:
    """The rows naming a cell `org`'s subtree already has (diacritics and case aside)."""
    existing = {fold(c.name) for c in await repos.orgs.cells_in_subtree(org, active_only=False)}
    return [
        RowError(r.line, Text(N_("{name} already exists"), {"name": r.name}))
        for r in rows
        if fold(r.name) in existing
    ]


async def import_cells(
    repos: Repositories,
    org: Organization,
    rows: list[CellRow],
    *,
    now: datetime,
) -> list[RowError]:
    """Add the rows as cells of `org`; a name already there is an error and nothing is added."""
    errors = await name_clashes(repos, org, rows)
    if errors:
        return errors
    for row in rows:
        rule = (
            {"kind": "day_of_month", "day": row.day, "time": "19:30", "shift_to_working_day": True}
            if row.day
            else None
        )
        cell = await repos.orgs.add_cell(
            org, row.name, now=now, kind=row.kind, members_on_roll=row.members, meeting_rule=rule
        )
        await repos.audit.record(
            actor_account_id=None,
            actor_label="cli",
            action="cell.import",
            entity="cell",
            entity_id=cell.id,
            now=now,
            after={"name": row.name, "members_on_roll": row.members, "day": row.day},
        )
    return []
