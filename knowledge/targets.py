"""Reading targets: "trên 90%", "từ 8% đến 10%", "không vượt quá 20%", baselines, horizon years."""

from __future__ import annotations

import re

from knowledge.model import Target
from knowledge.textnorm import fold_key

_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
_UNITS = (
    "%",
    "lần/năm",
    "lần",
    "đảng viên/năm",
    "đảng viên",
    "tổ chức cơ sở đảng",
    "tổ chức",
    "đồng chí",
    "chi bộ",
    "đảng bộ",
    "người",
    "thôn",
)
_UNIT_RE = "|".join(re.escape(unit) for unit in _UNITS)
_QUANTITY = re.compile(rf"(?<![\d.,/])({_NUMBER})\s*({_UNIT_RE})(?![^\W\d_])")
_RANGE = re.compile(rf"từ\s+({_NUMBER})\s*(%?)\s*đến\s+({_NUMBER})\s*({_UNIT_RE})", re.IGNORECASE)
_BASELINE = re.compile(
    rf"hiện (?:có|đạt|là)\s+((?:\d+/\d+|{_NUMBER})(?:\s*[^\W\d_]+)?(?:,\s*chiếm\s*({_NUMBER})\s*%)?)",
    re.IGNORECASE,
)
_MASKS = (
    re.compile(r"\d{1,2}/\d{1,2}/\d{4}"),
    re.compile(r"\d{1,4}-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ-]*"),
    re.compile(r"\d{4}\s*-\s*\d{4}"),
    re.compile(r"(?:năm|Năm)\s+\d{4}"),
    re.compile(r"(?<!\d)\d+/\d+"),
    re.compile(r"\([^()]*tương đương[^()]*\)"),
)
_CLAUSES = re.compile(r";|,\s*trong đó|\btrong đó\b")
_HORIZON = re.compile(r"(?:đến|tới|vào)\s+(?:cuối\s+)?năm\s+(\d{4})", re.IGNORECASE)
_YEARLY = ("hang nam", "moi nam", "/nam")


def number_value(text: str) -> float:
    """ "4.482" → 4482, "20,8" → 20.8, "09" → 9."""
    return float(text.replace(".", "").replace(",", "."))


def targets_in(paragraph: str, section_path: str, heading_text: str, strict: bool) -> list[Target]:
    """Targets of one paragraph. `heading_text` gives the horizon ("Mục tiêu đến năm 2025");
    with `strict`, only clauses that read as a target ("đạt", "phấn đấu", "trở lên") count."""
    horizon = _HORIZON.search(heading_text)
    paragraph_yearly = any(word in fold_key(paragraph[:40]) for word in ("hang nam", "moi nam"))
    baseline_match = _BASELINE.search(paragraph)
    targets: list[Target] = []
    for clause in _split(paragraph):
        key = fold_key(clause)
        if strict and not any(word in key for word in ("dat ", "phan dau", "tro len", "chi tieu")):
            continue
        clause_horizon = _HORIZON.search(clause) or horizon
        year = int(clause_horizon.group(1)) if clause_horizon else None
        yearly = paragraph_yearly or any(word in key for word in _YEARLY)
        for value, value_max, unit, comparison, phrase in _quantities(clause):
            baseline = None
            baseline_value = None
            if baseline_match and baseline_match.group(0) in clause:
                baseline = baseline_match.group(0).strip()
                if baseline_match.group(2):
                    baseline_value = number_value(baseline_match.group(2))
            targets.append(
                Target(
                    section_path=section_path,
                    indicator=clause.strip(" -.,;"),
                    phrase=phrase,
                    value=value,
                    unit=unit,
                    comparison=comparison,
                    value_max=value_max,
                    year=year,
                    yearly=yearly,
                    baseline=baseline,
                    baseline_value=baseline_value,
                )
            )
    return targets


def _split(paragraph: str) -> list[str]:
    clauses: list[str] = []
    start = 0
    for match in _CLAUSES.finditer(paragraph):
        clauses.append(paragraph[start : match.start()])
        start = match.end()
    clauses.append(paragraph[start:])
    return [clause for clause in clauses if clause.strip()]


def _mask(clause: str) -> str:
    masked = clause
    for pattern in _MASKS:
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    baseline = _BASELINE.search(masked)
    if baseline:
        masked = (
            masked[: baseline.start()] + " " * len(baseline.group(0)) + masked[baseline.end() :]
        )
    return masked


def _quantities(clause: str) -> list[tuple[float, float | None, str, str, str]]:
    masked = _mask(clause)
    found: list[tuple[float, float | None, str, str, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(masked):
        unit = match.group(4)
        found.append(
            (
                number_value(match.group(1)),
                number_value(match.group(3)),
                unit,
                "range",
                match.group(0),
            )
        )
        taken.append(match.span())
    for match in _QUANTITY.finditer(masked):
        if any(start <= match.start() < end for start, end in taken):
            continue
        before = fold_key(masked[max(0, match.start() - 24) : match.start()])
        after = fold_key(masked[match.end() : match.end() + 40])
        if before.endswith(("tren", "hon")):
            comparison = "above"
        elif before.endswith(("khong vuot qua", "toi da", "duoi", "khong qua")):
            comparison = "at_most"
        elif (
            after.startswith(("tro len", "/nam tro len"))
            or (before.endswith(("tu", "it nhat", "toi thieu")) and "tro len" in after[:20])
            or before.endswith(("it nhat", "toi thieu"))
        ) or (before.endswith("tu") and "tro len" in after):
            comparison = "at_least"
        else:
            comparison = "exact"
        start = match.start()
        words = before.split()
        if words and words[-1] in ("tren", "tu", "dat"):
            start = max(0, match.start() - len(words[-1]) - 1)
        end = match.end()
        if after.startswith("tro len"):
            end = match.end() + after.index("tro len") + len("tro len") + 1
        phrase = clause[start:end].strip()
        found.append((number_value(match.group(1)), None, match.group(2), comparison, phrase))
    return found
