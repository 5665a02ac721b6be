"""Which figures an organisation collects (configurable, with defaults) and checks on their values."""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from core.i18n import N_, Text, Translator
from core.limits import (
    MAX_TABLE_BYTES,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    MAX_TABLE_UNPACKED_BYTES,
    MAX_YAML_CHARS,
)
from core.textfold import fold
from handlers.reporting.grades import RATING_ABBREVIATIONS, Rating, parse_rating
from handlers.reporting.numbers import format_count, format_money, parse_count, parse_money
from handlers.reporting.problems import Issue, ParseError, echo

FigureKind = Literal["count", "money", "rating"]
Period = Literal["month", "year"]
FigureValue = int | Rating

COLUMNS = ("key", "label_vi", "label_en", "unit", "period", "min", "max", "kind")
_MAX_VALUE = 10**15

E_BELOW_MIN = "figure.below_min"
E_ABOVE_MAX = "figure.above_max"
E_RATINGS_OVER_ROLL = "figure.ratings_over_roll"
E_PEOPLE_OVER_ROLL = "figure.people_over_roll"
E_FILE = "figures.unreadable_file"
E_NOT_LIST = "figures.not_a_list"
E_EMPTY = "figures.empty"
E_ROW_SHAPE = "figures.row_shape"
E_MISSING = "figures.missing"
E_UNKNOWN_COLUMN = "figures.unknown_column"
E_KEY = "figures.bad_key"
E_DUPLICATE = "figures.duplicate_key"
E_PERIOD = "figures.bad_period"
E_KIND = "figures.bad_kind"
E_BOUND = "figures.bad_bound"
E_BOUNDS_ORDER = "figures.bounds_order"

UNIT_LABELS: dict[str, str] = {"people": N_("people"), "VND": N_("dong")}
"""Units shown after a value; any other unit is shown as the organisation wrote it."""


def unit_text(t: Translator, kind: str, unit: str, value: int) -> str:
    """A count or amount with its unit in the reader's language: "2 người", "1.200.000 đồng";
    "1 person", "1,200,000 dong"."""
    shown = format_count(value, t.locale)
    if kind == "money" or unit == "VND":
        return t.gettext("{amount} dong").format(amount=shown)
    if unit == "people":
        return t.ngettext("{n} person", "{n} people", value).format(n=shown)
    return f"{shown} {unit}".strip()

_MSG_BELOW_MIN = N_("{label}: {value} is less than the minimum {min}. Please type it again:")
_MSG_ABOVE_MAX = N_("{label}: {value} is more than the maximum {max}. Please type it again:")
_MSG_PEOPLE_OVER_ROLL = N_(
    "{label}: {value} people is far too many for a cell of {on_roll} members (at most {cap}). "
    "Please type it again:"
)
_MSG_RATINGS_OVER_ROLL = N_(
    "HTXSNV {htxsnv} + HTTNV {httnv} + HTNV {htnv} + KHTNV {khtnv} = {total} members rated, "
    "more than the {on_roll} members on the roll. Please check the counts:"
)
_MSG_YAML = N_("Could not read the YAML near line {line}. Please check indentation and colons.")
_MSG_XLSX = N_("Could not open the file as an Excel workbook (.xlsx). Please send an .xlsx file.")
_MSG_TOO_BIG = N_(
    "The file is too large for a table of figures (at most {rows} rows, {kb} KB). Please send "
    "one row per figure."
)
_MSG_NOT_LIST = N_("The file should hold a list of figures (under «figures:»).")
_MSG_EMPTY = N_(
    "No figures found. The first row should name the columns: key, label_vi, label_en, unit, "
    "period, min, max, kind."
)
_MSG_ROW_SHAPE = N_(
    "Row {row}: expected fields such as «key: admissions», or just the key of a default figure."
)
_MSG_MISSING = N_("Row {row}: «{column}» is empty.")
_MSG_UNKNOWN_COLUMN = N_(
    "Row {row}: unknown column «{column}». Columns are: key, label_vi, label_en, unit, period, "
    "min, max, kind."
)
_MSG_KEY = N_(
    "Row {row}: the key «{value}» may use only a–z, 0–9 and _, and must start with a letter."
)
_MSG_DUPLICATE = N_("Row {row}: the key «{value}» is already used in row {first}.")
_MSG_PERIOD = N_("Row {row}: the period «{value}» should be month or year (tháng / năm).")
_MSG_KIND = N_(
    "Row {row}: the kind «{value}» should be count, money or rating (số lượng / tiền / xếp loại)."
)
_MSG_BOUND = N_("Row {row}: «{column}» should be a whole number, not «{value}».")
_MSG_BOUNDS_ORDER = N_("Row {row}: the minimum {min} is larger than the maximum {max}.")

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_WHOLE = re.compile(r"-?(?:[0-9]{1,3}(?:[., ][0-9]{3})+|[0-9]{1,16})")
_HEADERS = {
    "key": "key",
    "ma": "key",
    "ma so lieu": "key",
    "label_vi": "label_vi",
    "ten": "label_vi",
    "ten tieng viet": "label_vi",
    "label_en": "label_en",
    "ten tieng anh": "label_en",
    "unit": "unit",
    "don vi": "unit",
    "don vi tinh": "unit",
    "period": "period",
    "ky": "period",
    "chu ky": "period",
    "min": "min",
    "toi thieu": "min",
    "nho nhat": "min",
    "max": "max",
    "toi da": "max",
    "lon nhat": "max",
    "kind": "kind",
    "loai": "kind",
    "kieu": "kind",
}
_PERIODS: dict[str, Period] = {
    **dict.fromkeys(("month", "monthly", "thang", "hang thang"), "month"),
    **dict.fromkeys(("year", "yearly", "annual", "nam", "hang nam"), "year"),
}
_KINDS: dict[str, FigureKind] = {
    **dict.fromkeys(("count", "so luong", "so", "dem"), "count"),
    **dict.fromkeys(("money", "tien", "so tien"), "money"),
    **dict.fromkeys(("rating", "xep loai", "danh gia"), "rating"),
}
_UNITS = {"people": "people", "nguoi": "people", "vnd": "VND", "dong": "VND", "d": "VND"}


@dataclass(frozen=True, slots=True)
class FigureDefinition:
    """One figure a committee collects. Labels are the organisation's own text (not gettext).

    unit: "people", "VND" (shown translated, see UNIT_LABELS) or any text shown as is.
    min/max bound count and money values (max None: no bound); a rating figure takes a Rating.
    """

    key: str
    label_vi: str
    label_en: str
    unit: str = "people"
    period: Period = "month"
    min: int = 0
    max: int | None = None
    kind: FigureKind = "count"

    def label(self, locale: str | None) -> str:
        """The label in `locale` (English for "en", Vietnamese otherwise)."""
        return self.label_en if locale == "en" else self.label_vi


def _count(key: str, vi: str, en: str, period: Period = "month") -> FigureDefinition:
    return FigureDefinition(key, vi, en, "people", period, 0, None, "count")


DEFAULT_FIGURES: tuple[FigureDefinition, ...] = (
    _count("admissions", "Kết nạp đảng viên mới", "New members admitted"),
    _count(
        "confirmed_full",
        "Công nhận đảng viên chính thức",
        "Probationary members confirmed as full members",
    ),
    _count("transferred_in", "Chuyển sinh hoạt đến", "Members transferred in"),
    _count("transferred_out", "Chuyển sinh hoạt đi", "Members transferred out"),
    _count("deaths", "Đảng viên từ trần", "Members deceased"),
    _count("exemptions_granted", "Miễn sinh hoạt đảng", "Exemptions from meetings granted"),
    _count(
        "candidates_in_training",
        "Quần chúng ưu tú, cảm tình đảng đang bồi dưỡng",
        "Outstanding candidates in training",
    ),
    FigureDefinition(
        "dues_collected", "Đảng phí đã thu", "Party dues collected", "VND", kind="money"
    ),
    _count(
        "rated_htxsnv",
        "Đảng viên hoàn thành xuất sắc nhiệm vụ",
        "Members rated: completed tasks excellently",
        "year",
    ),
    _count(
        "rated_httnv",
        "Đảng viên hoàn thành tốt nhiệm vụ",
        "Members rated: completed tasks well",
        "year",
    ),
    _count("rated_htnv", "Đảng viên hoàn thành nhiệm vụ", "Members rated: completed tasks", "year"),
    _count(
        "rated_khtnv",
        "Đảng viên không hoàn thành nhiệm vụ",
        "Members rated: did not complete tasks",
        "year",
    ),
    FigureDefinition(
        "cell_rating", "Xếp loại chi bộ", "Cell's own rating", "", "year", kind="rating"
    ),
)
DEFAULT_BY_KEY: dict[str, FigureDefinition] = {d.key: d for d in DEFAULT_FIGURES}
RATING_COUNT_KEYS: dict[Rating, str] = {
    Rating.HTXSNV: "rated_htxsnv",
    Rating.HTTNV: "rated_httnv",
    Rating.HTNV: "rated_htnv",
    Rating.KHTNV: "rated_khtnv",
}


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in one row of an organisation's figure table (its line in YAML)."""

    row: int
    message: Text


@dataclass(frozen=True, slots=True)
class DefinitionsResult:
    """The definitions that could be read, and one error per bad row (use them only if ok)."""

    definitions: tuple[FigureDefinition, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.definitions)


# --- values ---------------------------------------------------------------------------------


def parse_figure_value(
    definition: FigureDefinition, text: str, locale: str | None = "vi"
) -> FigureValue | ParseError:
    """Read a typed value for `definition` and check it against its bounds."""
    if definition.kind == "rating":
        return parse_rating(text)
    parsed = (
        parse_money(text, maximum=_MAX_VALUE)
        if definition.kind == "money"
        else parse_count(text, maximum=_MAX_VALUE)
    )
    if isinstance(parsed, ParseError):
        return parsed
    issue = check_figure_value(definition, parsed, locale)
    if issue is not None:
        return ParseError(issue.code, issue.message)
    return parsed


def check_figure_value(
    definition: FigureDefinition, value: FigureValue, locale: str | None = "vi"
) -> Issue | None:
    """A bound error for a count or money value (ratings always pass)."""
    if isinstance(value, Rating) or definition.kind == "rating":
        return None
    show = format_money if definition.kind == "money" else format_count
    params: dict[str, Any] = {"label": definition.label(locale), "value": show(value)}
    if value < definition.min:
        params["min"] = show(definition.min)
        return Issue(E_BELOW_MIN, Text(_MSG_BELOW_MIN, params), (definition.key,))
    if definition.max is not None and value > definition.max:
        params["max"] = show(definition.max)
        return Issue(E_ABOVE_MAX, Text(_MSG_ABOVE_MAX, params), (definition.key,))
    return None


# A count of people in one cell's period with no maximum of the organisation's own: at most
# this many times the members on the roll (a school cell may take in a class of graduates), and
# never less than PEOPLE_FLOOR (a new cell whose roll is not known yet).
PEOPLE_PER_MEMBER = 5
PEOPLE_FLOOR = 100


def check_against_roll(
    definition: FigureDefinition, value: FigureValue, on_roll: int, locale: str | None = "vi"
) -> Issue | None:
    """A count of people no cell of `on_roll` members could have ("1.850.000" new members in a
    cell of 18: the money figure typed a question early); None when it may be right or the
    organisation set its own maximum."""
    if (
        isinstance(value, Rating)
        or definition.kind != "count"
        or definition.unit != "people"
        or definition.max is not None
    ):
        return None
    cap = max(PEOPLE_FLOOR, PEOPLE_PER_MEMBER * on_roll)
    if value <= cap:
        return None
    params: dict[str, Any] = {
        "label": definition.label(locale),
        "value": format_count(value),
        "on_roll": on_roll,
        "cap": format_count(cap),
    }
    return Issue(E_PEOPLE_OVER_ROLL, Text(_MSG_PEOPLE_OVER_ROLL, params), (definition.key,))


# A value that may be right but is seldom so, asked to be confirmed before it counts towards the
# organisation's targets: more people than the cell has members (and more than UNUSUAL_PEOPLE),
# or a sum of money below SMALLEST_MONEY đồng (no note is smaller: "2" typed for 2 triệu).
UNUSUAL_PEOPLE = 5
SMALLEST_MONEY = 1_000
_MSG_MANY_PEOPLE = N_(
    "{label}: {value} people, more than the {on_roll} members of the cell. Is that right?"
)
_MSG_LITTLE_MONEY = N_(
    "{label}: {value} dong? That is very little; if you meant thousands or millions, type the "
    "whole amount (for example 1.500.000 or 1,5 triệu). Is {value} dong right?"
)


def unusual_value(
    definition: FigureDefinition, value: FigureValue, on_roll: int, locale: str | None = "vi"
) -> Text | None:
    """Why `value` should be confirmed before it is kept, or None when it looks ordinary."""
    if isinstance(value, Rating) or definition.max is not None:
        return None
    params: dict[str, Any] = {"label": definition.label(locale), "on_roll": on_roll}
    language = locale or "vi"
    if definition.kind == "money" and 0 < value < SMALLEST_MONEY:
        return Text(_MSG_LITTLE_MONEY, {**params, "value": format_money(value, language)})
    if (
        definition.kind == "count"
        and definition.unit == "people"
        and value > max(on_roll, UNUSUAL_PEOPLE)
    ):
        return Text(_MSG_MANY_PEOPLE, {**params, "value": format_count(value, language)})
    return None


def check_rating_counts(counts: Mapping[Rating, int], on_roll: int) -> Issue | None:
    """Members rated (all four ratings together) cannot outnumber the members on the roll."""
    total = sum(counts.values())
    if total <= on_roll:
        return None
    params: dict[str, Any] = {
        RATING_ABBREVIATIONS[rating].lower(): counts.get(rating, 0) for rating in Rating
    }
    params.update(total=total, on_roll=on_roll)
    fields = tuple(RATING_COUNT_KEYS[rating] for rating in Rating)
    return Issue(E_RATINGS_OVER_ROLL, Text(_MSG_RATINGS_OVER_ROLL, params), fields)


def rating_counts_from_figures(values: Mapping[str, FigureValue]) -> dict[Rating, int]:
    """The four rating counts out of figure values keyed by the default keys (missing: 0)."""
    counts: dict[Rating, int] = {}
    for rating, key in RATING_COUNT_KEYS.items():
        value = values.get(key, 0)
        counts[rating] = value if isinstance(value, int) else 0
    return counts


# --- loading definitions --------------------------------------------------------------------


def load_definitions_yaml(text: str) -> DefinitionsResult:
    """Definitions from YAML: a list (or `figures:` holding a list) of mappings or default keys.

    A mapping whose key names a default figure takes the default's other fields unless given:
        figures:
          - admissions
          - key: dues_collected
            max: 50000000
          - key: youth_union
            label_vi: Đoàn viên ưu tú giới thiệu
            label_en: Youth union members recommended
    """
    flow_brackets = text.count("[") + text.count("{")  # nesting costs PyYAML dearly
    if len(text) > MAX_YAML_CHARS or flow_brackets > MAX_TABLE_ROWS:
        return _too_big(MAX_YAML_CHARS)
    try:
        data = yaml.load(text, Loader=_PlainLoader)  # a SafeLoader, without aliases
        root = yaml.compose(text, Loader=_PlainLoader)
    except RecursionError:
        return DefinitionsResult((), (RowError(1, Text(_MSG_YAML, {"line": 1})),))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return DefinitionsResult((), (RowError(line, Text(_MSG_YAML, {"line": line})),))
    items_node: Any = root
    if isinstance(data, dict) and "figures" in data:
        data = data["figures"]
        items_node = next(
            (
                value
                for key, value in getattr(root, "value", [])
                if getattr(key, "value", None) == "figures"
            ),
            None,
        )
    if not isinstance(data, list):
        return DefinitionsResult((), (RowError(1, Text(_MSG_NOT_LIST)),))
    nodes = getattr(items_node, "value", None)
    rows: list[tuple[int, object]] = []
    for index, item in enumerate(data):
        node = nodes[index] if isinstance(nodes, list) and index < len(nodes) else None
        line = node.start_mark.line + 1 if node is not None else index + 1
        rows.append((line, item))
    return _build_all(rows)


def load_definitions_csv(text: str) -> DefinitionsResult:
    """Definitions from a CSV table whose first row names the columns (see COLUMNS)."""
    if len(text) > MAX_TABLE_BYTES:
        return _too_big()
    sample = text[:2048]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        table = list(itertools.islice(csv.reader(io.StringIO(text), dialect), MAX_TABLE_ROWS + 1))
    except csv.Error:
        return DefinitionsResult((), (RowError(1, Text(_MSG_EMPTY)),))
    if len(table) > MAX_TABLE_ROWS:
        return _too_big()
    return _from_table([row[:MAX_TABLE_COLUMNS] for row in table])


def load_definitions_xlsx(data: bytes) -> DefinitionsResult:
    """Definitions from the first sheet of an .xlsx workbook, first row naming the columns."""
    if len(data) > MAX_TABLE_BYTES:
        return _too_big()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return DefinitionsResult((), (RowError(1, Text(_MSG_XLSX)),))
    if unpacked > MAX_TABLE_UNPACKED_BYTES:
        return _too_big()
    import openpyxl  # heavy: imported only when a workbook arrives

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a bad file; all mean "not a workbook"
        return DefinitionsResult((), (RowError(1, Text(_MSG_XLSX)),))
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_TABLE_COLUMNS)
        table = [list(row) for row in itertools.islice(rows, MAX_TABLE_ROWS + 1)]
    except Exception:  # a sheet that opens but cannot be read is no workbook either
        return DefinitionsResult((), (RowError(1, Text(_MSG_XLSX)),))
    finally:
        workbook.close()
    if len(table) > MAX_TABLE_ROWS:
        return _too_big()
    return _from_table(table)


def _too_big(limit: int = MAX_TABLE_BYTES) -> DefinitionsResult:
    params = {"rows": MAX_TABLE_ROWS, "kb": limit // 1024}
    return DefinitionsResult((), (RowError(1, Text(_MSG_TOO_BIG, params)),))


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader without aliases: a table of figures needs none, and aliases let a small file
    stand for a huge one ("billion laughs")."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "aliases are not accepted", mark)
        return super().compose_node(parent, index)


def _from_table(table: list[list[Any]]) -> DefinitionsResult:
    rows = [row for row in table]
    while rows and all(_cell(value) == "" for value in rows[0]):
        rows.pop(0)
    if not rows:
        return DefinitionsResult((), (RowError(1, Text(_MSG_EMPTY)),))
    header_row = len(table) - len(rows) + 1
    header = [_cell(value) for value in rows[0]]
    errors: list[RowError] = []
    columns: list[str | None] = []
    for name in header:
        column = _HEADERS.get(fold(name).replace("-", " ")) if name else None
        if name and column is None:
            params = {"row": header_row, "column": echo(name)}
            errors.append(RowError(header_row, Text(_MSG_UNKNOWN_COLUMN, params)))
        columns.append(column)
    if "key" not in columns:
        errors.append(RowError(header_row, Text(_MSG_EMPTY)))
        return DefinitionsResult((), tuple(errors))
    entries: list[tuple[int, object]] = []
    for offset, row in enumerate(rows[1:], start=header_row + 1):
        values = {
            column: _cell(value)
            for column, value in zip(columns, row, strict=False)
            if column is not None and _cell(value) != ""
        }
        if values:
            entries.append((offset, values))
    result = _build_all(entries)
    return DefinitionsResult(result.definitions, tuple(errors) + result.errors)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _build_all(rows: Iterable[tuple[int, object]]) -> DefinitionsResult:
    definitions: list[FigureDefinition] = []
    errors: list[RowError] = []
    first_row: dict[str, int] = {}
    for row, item in rows:
        built = _build(row, item)
        if isinstance(built, list):
            errors.extend(built)
            continue
        if built.key in first_row:
            params = {"row": row, "value": built.key, "first": first_row[built.key]}
            errors.append(RowError(row, Text(_MSG_DUPLICATE, params)))
            continue
        first_row[built.key] = row
        definitions.append(built)
    if not definitions and not errors:
        errors.append(RowError(1, Text(_MSG_EMPTY)))
    return DefinitionsResult(tuple(definitions), tuple(errors))


def _build(row: int, item: object) -> FigureDefinition | list[RowError]:
    if isinstance(item, str):
        item = {"key": item}
    if not isinstance(item, dict):
        return [RowError(row, Text(_MSG_ROW_SHAPE, {"row": row}))]
    errors: list[RowError] = []
    fields: dict[str, str] = {}
    for name, value in item.items():
        column = str(name).strip()
        if column not in COLUMNS:
            params = {"row": row, "column": echo(column)}
            errors.append(RowError(row, Text(_MSG_UNKNOWN_COLUMN, params)))
        elif value is not None and str(value).strip() != "":
            fields[column] = _cell(value)
    key = fields.get("key", "") or _key_from_label(fields.get("label_vi", ""))
    if not key:
        return [*errors, RowError(row, Text(_MSG_MISSING, {"row": row, "column": "key"}))]
    if not _KEY.match(key):
        return [*errors, RowError(row, Text(_MSG_KEY, {"row": row, "value": echo(key)}))]
    base = DEFAULT_BY_KEY.get(key)
    label_vi = fields.get("label_vi") or (base.label_vi if base else "")
    if not label_vi:
        errors.append(RowError(row, Text(_MSG_MISSING, {"row": row, "column": "label_vi"})))
    label_en = fields.get("label_en") or (base.label_en if base else label_vi)
    period: Period = base.period if base else "month"
    if "period" in fields:
        found_period = _PERIODS.get(fold(fields["period"]))
        if found_period is None:
            params = {"row": row, "value": echo(fields["period"])}
            errors.append(RowError(row, Text(_MSG_PERIOD, params)))
        else:
            period = found_period
    kind: FigureKind = base.kind if base else "count"
    if "kind" in fields:
        found_kind = _KINDS.get(fold(fields["kind"]))
        if found_kind is None:
            errors.append(
                RowError(row, Text(_MSG_KIND, {"row": row, "value": echo(fields["kind"])}))
            )
        else:
            kind = found_kind
    bounds: dict[str, int | None] = {
        "min": base.min if base else 0,
        "max": base.max if base else None,
    }
    for column in ("min", "max"):
        if column in fields:
            number = _whole(fields[column])
            if number is None:
                params = {"row": row, "column": column, "value": echo(fields[column])}
                errors.append(RowError(row, Text(_MSG_BOUND, params)))
            else:
                bounds[column] = number
    low, high = bounds["min"] or 0, bounds["max"]
    if high is not None and low > high:
        errors.append(RowError(row, Text(_MSG_BOUNDS_ORDER, {"row": row, "min": low, "max": high})))
    if errors:
        return errors
    default_unit = {"count": "people", "money": "VND", "rating": ""}[kind]
    unit_text = fields.get("unit")
    unit = (
        _UNITS.get(fold(unit_text), unit_text)
        if unit_text
        else (base.unit if base else default_unit)
    )
    return FigureDefinition(key, label_vi, label_en, unit, period, low, high, kind)


def _key_from_label(label: str) -> str:
    """A key for a figure given only its Vietnamese name: the default's key when the name is a
    default's, else the folded name ("Đoàn viên ưu tú" → "doan_vien_uu_tu")."""
    folded = fold(label)
    if not folded:
        return ""
    for definition in DEFAULT_FIGURES:
        if fold(definition.label_vi) == folded:
            return definition.key
    key = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:60]
    return key if key[:1].isalpha() else f"so_lieu_{key}"[:64]


def _whole(text: str) -> int | None:
    cleaned = text.strip()
    if _WHOLE.fullmatch(cleaned):
        return int(re.sub(r"[., ]", "", cleaned))
    return None
