"""Finding the documents a plan cites ("Nghị quyết số 21-NQ/TW ngày 16/6/2022"), with their dates."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.model import Citation

_NAMES = (
    "Nghị quyết",
    "Kết luận",
    "Kế hoạch",
    "Chương trình",
    "Hướng dẫn",
    "Quy định",
    "Quyết định",
    "Chỉ thị",
    "Đề án",
    "Thông báo",
    "Công văn",
    "Thông tri",
)
_CODE = re.compile(
    r"(?:(" + "|".join(_NAMES) + r")\s+(?:số\s+)?)?"
    r"\b(\d{1,4})\s*-\s*([A-Za-zĐđ]{1,5})\s*/\s*([A-ZĐ][A-Za-zĐđ-]{0,10})"
    r"(?:,?\s*ngày\s+(\d{1,2})\s*(?:/|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|\s+năm\s+)\s*(\d{4}))?",
    re.IGNORECASE,
)


def normalise_code(number: str, kind: str, issuer: str) -> str:
    """ "64", "Kh", "ĐUK" → "64-KH/ĐUK" ("CTr" keeps its case)."""
    kind_norm = "CTr" if kind.lower() == "ctr" else kind.upper()
    return f"{number}-{kind_norm}/{issuer.upper()}"


def citations_in(text: str, own_code: str | None = None) -> tuple[Citation, ...]:
    """Cited documents in order of first mention, each code with its date where one is given.

    A code seen with two different dates gives two citations; mentions without a date are
    merged into the dated one when there is exactly one.
    """
    dated: dict[str, list[Citation]] = {}
    order: list[tuple[str, dt.date | None]] = []
    undated: dict[str, Citation] = {}
    for match in _CODE.finditer(text):
        name, number, kind, issuer = match.group(1), match.group(2), match.group(3), match.group(4)
        code = normalise_code(number, kind, issuer)
        if own_code and code == own_code:
            continue
        date = _date(match.group(5), match.group(6), match.group(7))
        citation = Citation(
            code=code,
            kind=code.split("-", 1)[1].split("/", 1)[0],
            date=date,
            name=name and name[0].upper() + name[1:],
        )
        if date is None:
            if code not in undated:
                undated[code] = citation
                order.append((code, None))
            continue
        known = dated.setdefault(code, [])
        if all(item.date != date for item in known):
            known.append(citation)
            order.append((code, date))
    result: list[Citation] = []
    seen: set[tuple[str, dt.date | None]] = set()
    for code, date in order:
        if date is None:
            if code in dated:
                continue
            key: tuple[str, dt.date | None] = (code, None)
            if key not in seen:
                seen.add(key)
                result.append(undated[code])
        else:
            for citation in dated[code]:
                if citation.date == date and (code, date) not in seen:
                    seen.add((code, date))
                    result.append(citation)
    return tuple(result)


def _date(day: str | None, month: str | None, year: str | None) -> dt.date | None:
    if not (day and month and year):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
