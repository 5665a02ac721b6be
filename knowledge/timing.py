"""Reading a task's timing from its parentheses: ongoing, deadline, yearly, conditional, done."""

from __future__ import annotations

import re

from knowledge.model import Timing, TimingKind
from knowledge.textnorm import fold_key

_PAREN = re.compile(r"\(([^()]{3,700})\)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTH_YEAR = re.compile(r"thang (\d{1,2})\s*(?:/\s*|nam )(\d{4})")
_MONTH = re.compile(r"thang (\d{1,2})(?!\s*/?\s*\d)")
_QUARTER = re.compile(r"quy (iv|iii|ii|i|[1-4])\b(?:\s*(?:/\s*|nam )(\d{4}))?")
_YEAR = re.compile(r"(?:nam|cuoi nam|den nam) (\d{4})")
_DEADLINE_WORDS = ("hoan thanh", "xong", "thuc hien trong", "trong thang", "trong quy", "truoc ")
_RUNNING_YEARLY = re.compile(r"^(?:-\s*)?(?:hang nam|hang nam,|dinh ky hang nam|hang nam)\b")
_RUNNING_DEADLINE = re.compile(
    r"(?:tong ket|so ket|hoan thanh|xong) (?:vao |trong |truoc )?(?:nam|cuoi nam) (\d{4})"
)


def timings_in(text: str, document_year: int | None) -> tuple[Timing, ...]:
    """All timings of a task's text: those in parentheses first, else ones in running text."""
    found: list[Timing] = []
    for match in _PAREN.finditer(text):
        found.extend(parse_timing(match.group(1), document_year))
    if found:
        return tuple(found)
    key = fold_key(text)
    running = _RUNNING_DEADLINE.search(key)
    if running:
        phrase = (
            text[running.start() : running.end()] if len(key) == len(text) else running.group(0)
        )
        return (Timing(TimingKind.DEADLINE, phrase, year=int(running.group(1))),)
    if _RUNNING_YEARLY.search(key) or "dinh ky hang nam" in key or "dinh ky 6 thang" in key:
        return (Timing(TimingKind.YEARLY, _yearly_phrase(text)),)
    return ()


def _yearly_phrase(text: str) -> str:
    for word in ("Hằng năm", "Hàng năm", "hằng năm", "hàng năm", "định kỳ"):
        if word in text:
            return word
    return ""


def parse_timing(phrase: str, document_year: int | None) -> list[Timing]:
    """The timings one parenthesis states (none when it is not about timing).

    "thực hiện thường xuyên" → ongoing; "thực hiện hàng năm" → yearly; "khi có văn bản của
    huyện" → conditional; "đã thực hiện trong tháng 11/2021" → done; "hoàn thành trong tháng
    6/2023", "thực hiện trong quý I", "thực hiện xong trong Quý II năm 2019", "hoàn thành trong
    năm 2023" → deadline (two deadlines separated by ";" give two timings).
    """
    clean = " ".join(phrase.split())
    parts = [part.strip() for part in clean.split(";") if part.strip()] or [clean]
    result: list[Timing] = []
    for part in parts:
        timing = _parse_one(part, document_year)
        if timing is not None:
            result.append(timing)
    return result


def _parse_one(phrase: str, document_year: int | None) -> Timing | None:
    key = fold_key(phrase)
    if len(key) > 320:
        return None
    if re.search(r"(?<!\w)đã(?!\w)", phrase.lower()):
        month, year, quarter = _date_parts(key, document_year)
        return Timing(TimingKind.DONE, phrase, year=year, month=month, quarter=quarter)
    if (key.startswith("khi co") or key.startswith("khi ") or " khi co " in f" {key} ") and len(
        key
    ) < 80:
        return Timing(TimingKind.CONDITIONAL, phrase)
    if "thuong xuyen" in key and len(key) < 60:
        return Timing(TimingKind.ONGOING, phrase)
    if ("hang nam" in key or "hang nam" in key) and len(key) < 60 and not _has_date(key):
        return Timing(TimingKind.YEARLY, phrase)
    if any(word in key for word in _DEADLINE_WORDS) and _has_date(key):
        month, year, quarter = _date_parts(key, document_year)
        if year is None and month is None and quarter is None:
            return None
        return Timing(TimingKind.DEADLINE, phrase, year=year, month=month, quarter=quarter)
    return None


def _has_date(key: str) -> bool:
    return bool(
        _MONTH.search(key) or _MONTH_YEAR.search(key) or _QUARTER.search(key) or _YEAR.search(key)
    )


def _date_parts(key: str, document_year: int | None) -> tuple[int | None, int | None, int | None]:
    """(month, year, quarter) of a folded timing phrase; a missing year is the document's."""
    match = _MONTH_YEAR.search(key)
    if match and 1 <= int(match.group(1)) <= 12:
        return int(match.group(1)), int(match.group(2)), None
    quarter = _QUARTER.search(key)
    if quarter:
        year = int(quarter.group(2)) if quarter.group(2) else _year(key, document_year)
        return None, year, _ROMAN[quarter.group(1)]
    month = _MONTH.search(key)
    if month and 1 <= int(month.group(1)) <= 12:
        return int(month.group(1)), _year(key, document_year), None
    year_match = _YEAR.search(key)
    if year_match:
        return None, int(year_match.group(1)), None
    return None, None, None


def _year(key: str, document_year: int | None) -> int | None:
    match = _YEAR.search(key)
    return int(match.group(1)) if match else document_year
