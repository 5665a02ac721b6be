"""Which collected figure a plan target speaks of, and whether an actual value meets it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.model import Target
from knowledge.textnorm import fold_key


class Measure(StrEnum):
    """What the committee can measure from reports and figures."""

    ADMISSIONS = "admissions"  # members admitted in the year (a count)
    ADMISSION_RATE = "admission_rate"  # admitted / members at the start (a percentage)
    TOPIC_CELLS = "topic_cells"  # cells with a topic session every quarter (a percentage)
    ATTENDANCE = "attendance"  # members present at regular meetings (a percentage)
    CELLS_EXCELLENT = "cells_excellent"  # cells rated HTXSNV
    CELLS_GOOD = "cells_good"  # cells rated HTTNV or better
    CELLS_DONE = "cells_done"  # cells rated HTNV or better
    MEMBERS_EXCELLENT = "members_excellent"
    MEMBERS_GOOD = "members_good"
    MEMBERS_DONE = "members_done"


@dataclass(frozen=True, slots=True)
class TargetMeasure:
    """A target and what it measures; `base` is the member count it names ("so với tổng số
    264 đảng viên"), `of_good` marks a share taken of the cells or members rated good or better."""

    target: Target
    measure: Measure
    base: int | None = None
    of_good: bool = False


_ADMISSION_WORDS = ("ket nap", "phat trien dang vien")
_CELL_WORDS = ("chi bo", "to chuc co so dang", "to chuc dang", "chi, dang bo", "dang bo co so")
_MEMBER_UNITS = ("đảng viên", "đảng viên/năm", "người", "đồng chí")
_BASE = re.compile(r"tong so (\d{1,3}(?:\.\d{3})+|\d+) dang vien")
_RATINGS = (
    ("khong hoan thanh", None),
    ("hoan thanh xuat sac", "excellent"),
    ("hoan thanh tot", "good"),
    ("hoan thanh nhiem vu", "done"),
)
_CELL_MEASURES = {
    "excellent": Measure.CELLS_EXCELLENT,
    "good": Measure.CELLS_GOOD,
    "done": Measure.CELLS_DONE,
}
_MEMBER_MEASURES = {
    "excellent": Measure.MEMBERS_EXCELLENT,
    "good": Measure.MEMBERS_GOOD,
    "done": Measure.MEMBERS_DONE,
}


def measures_of(target: Target) -> list[TargetMeasure]:
    """What `target` measures among what the committee collects (none, one, or cells and
    members both, as in "90% tổ chức cơ sở đảng, đảng viên ... hoàn thành tốt nhiệm vụ")."""
    text = fold_key(target.indicator)
    phrase = fold_key(target.phrase)
    at = text.find(phrase) if phrase else -1
    if at < 0:
        return []
    sentence_start = text.rfind(". ", 0, at) + 1
    sentence_end = text.find(". ", at)
    sentence = text[sentence_start : sentence_end if sentence_end >= 0 else len(text)]
    at -= sentence_start
    before, after = sentence[:at], sentence[at + len(phrase) :]
    if target.unit in _MEMBER_UNITS:
        if any(w in sentence for w in _ADMISSION_WORDS) and not before.rstrip().endswith("tong so"):
            return [TargetMeasure(target, Measure.ADMISSIONS)]
        return []
    if target.unit != "%":
        return []
    if any(w in sentence for w in _ADMISSION_WORDS) and "tong so" in sentence:
        if "doan vien" in before[-40:]:
            return []
        found = _BASE.search(sentence)
        base = int(found.group(1).replace(".", "")) if found else None
        return [TargetMeasure(target, Measure.ADMISSION_RATE, base=base)]
    if "sinh hoat chuyen de" in sentence and any(w in sentence for w in _CELL_WORDS):
        return [TargetMeasure(target, Measure.TOPIC_CELLS)]
    if "du sinh hoat" in sentence or "tham du sinh hoat" in sentence:
        return [TargetMeasure(target, Measure.ATTENDANCE)]
    level, level_end = _nearest_rating(before, after)
    if level is None:
        return []
    of_good = (
        level == "excellent"
        and "so voi tong so" in after[level_end:]
        and ("hoan thanh tot" in after[level_end:])
    )
    near = before[-100:] + " " + after[:100]
    found_measures: list[TargetMeasure] = []
    if any(w in near for w in _CELL_WORDS):
        found_measures.append(TargetMeasure(target, _CELL_MEASURES[level], of_good=of_good))
    if re.search(r"(?<!tong so )dang vien(?! moi)", near):
        found_measures.append(TargetMeasure(target, _MEMBER_MEASURES[level], of_good=of_good))
    return found_measures


def _nearest_rating(before: str, after: str) -> tuple[str | None, int]:
    """The rating named nearest after the number (else nearest before), and where it ends."""
    best: tuple[int, str | None, int] | None = None
    for words, level in _RATINGS:
        position = after.find(words)
        if position >= 0 and (best is None or position < best[0]):
            best = (position, level, position + len(words))
    if best is not None:
        return best[1], best[2]
    best_before: tuple[int, str | None] | None = None
    for words, level in _RATINGS:
        position = before.rfind(words)
        if position >= 0 and (best_before is None or position > best_before[0]):
            best_before = (position, level)
    if best_before is not None:
        return best_before[1], 0
    return None, 0


def meets(target: Target, actual: float) -> bool:
    """Whether `actual` (a count, or a percentage 0..100) meets the target."""
    value = target.value
    if target.comparison == "above":
        return actual > value
    if target.comparison == "at_most":
        return actual <= value
    if target.comparison == "range" and target.value_max is not None:
        return value <= actual <= target.value_max
    return actual >= value


def applies_in(target: Target, year: int) -> bool:
    """A target holds in `year` when it has no horizon or a horizon not yet past."""
    return target.year is None or target.year >= year
