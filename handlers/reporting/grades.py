"""Meeting grades (Tốt … Kém), yearly ratings (HTXSNV … KHTNV) and yes/no answers as typed."""

from __future__ import annotations

import re
from enum import StrEnum

from core.i18n import N_, Text
from core.textfold import fold
from handlers.reporting.problems import ParseError, echo

E_GRADE = "grade.unreadable"
E_RATING = "rating.unreadable"
E_YES_NO = "yes_no.unreadable"

_MSG_GRADE = N_("Could not read the grade «{text}». Please type tốt, khá, trung bình (tb) or kém.")
_MSG_RATING = N_("Could not read the rating «{text}». Please type HTXSNV, HTTNV, HTNV or KHTNV.")
_MSG_YES_NO = N_("Could not read «{text}». Please answer yes or no.")

_PUNCTUATION = re.compile(r"[^\w\s]")
_POLITE = re.compile(r"^(?:da|vang|thua)\s+|\s+(?:a|nhe|nha)$")


class MeetingGrade(StrEnum):
    """The cell's own grade of a meeting (≥90, 70–89, 50–69, <50 points in provinces that score)."""

    GOOD = "good"
    FAIR = "fair"
    AVERAGE = "average"
    POOR = "poor"


class Rating(StrEnum):
    """Yearly quality rating of a member or of the cell itself."""

    HTXSNV = "htxsnv"
    HTTNV = "httnv"
    HTNV = "htnv"
    KHTNV = "khtnv"


GRADE_LABELS: dict[MeetingGrade, str] = {
    MeetingGrade.GOOD: N_("Good"),
    MeetingGrade.FAIR: N_("Fair"),
    MeetingGrade.AVERAGE: N_("Average"),
    MeetingGrade.POOR: N_("Poor"),
}
"""Translatable names: Tốt, Khá, Trung bình, Kém."""

RATING_LABELS: dict[Rating, str] = {
    Rating.HTXSNV: N_("Completed tasks excellently"),
    Rating.HTTNV: N_("Completed tasks well"),
    Rating.HTNV: N_("Completed tasks"),
    Rating.KHTNV: N_("Did not complete tasks"),
}
"""Translatable names: Hoàn thành xuất sắc nhiệm vụ … Không hoàn thành nhiệm vụ."""

RATING_ABBREVIATIONS: dict[Rating, str] = {
    Rating.HTXSNV: "HTXSNV",
    Rating.HTTNV: "HTTNV",
    Rating.HTNV: "HTNV",
    Rating.KHTNV: "KHTNV",
}

_GRADE_WORDS: dict[str, MeetingGrade] = {
    "tot": MeetingGrade.GOOD,
    "t": MeetingGrade.GOOD,
    "loai tot": MeetingGrade.GOOD,
    "good": MeetingGrade.GOOD,
    "kha": MeetingGrade.FAIR,
    "loai kha": MeetingGrade.FAIR,
    "fair": MeetingGrade.FAIR,
    "tb": MeetingGrade.AVERAGE,
    "trung binh": MeetingGrade.AVERAGE,
    "trungbinh": MeetingGrade.AVERAGE,
    "loai trung binh": MeetingGrade.AVERAGE,
    "average": MeetingGrade.AVERAGE,
    "kem": MeetingGrade.POOR,
    "yeu": MeetingGrade.POOR,
    "loai kem": MeetingGrade.POOR,
    "poor": MeetingGrade.POOR,
}

_RATING_WORDS: dict[str, Rating] = {
    "htxsnv": Rating.HTXSNV,
    "htxs": Rating.HTXSNV,
    "xuat sac": Rating.HTXSNV,
    "hoan thanh xuat sac": Rating.HTXSNV,
    "hoan thanh xuat sac nhiem vu": Rating.HTXSNV,
    "httnv": Rating.HTTNV,
    "htt": Rating.HTTNV,
    "tot": Rating.HTTNV,
    "hoan thanh tot": Rating.HTTNV,
    "hoan thanh tot nhiem vu": Rating.HTTNV,
    "htnv": Rating.HTNV,
    "ht": Rating.HTNV,
    "hoan thanh": Rating.HTNV,
    "hoan thanh nhiem vu": Rating.HTNV,
    "khtnv": Rating.KHTNV,
    "kht": Rating.KHTNV,
    "khong hoan thanh": Rating.KHTNV,
    "khong hoan thanh nhiem vu": Rating.KHTNV,
    "chua hoan thanh": Rating.KHTNV,
    "chua hoan thanh nhiem vu": Rating.KHTNV,
}

_YES_NO: dict[str, bool] = {
    **dict.fromkeys(
        (
            "co",
            "c",
            "yes",
            "y",
            "ok",
            "roi",
            "da",
            "da co",
            "da roi",
            "dung",
            "co roi",
            "co co",
            "dung roi",
            "dung vay",
            "dung the",
            "vang",
            "u",
            "uh",
            "phai",
            "phai roi",
            "chinh xac",
        ),
        True,
    ),
    **dict.fromkeys(
        (
            "khong",
            "ko",
            "k",
            "kg",
            "khg",
            "hong",
            "no",
            "n",
            "chua",
            "khong co",
            "ko co",
            "chua co",
            "chua roi",
            "khong a",
            "khong phai",
        ),
        False,
    ),
}


def _normalise(text: str) -> str:
    folded = fold(_PUNCTUATION.sub(" ", text))
    return " ".join(folded.split())


def parse_meeting_grade(text: str) -> MeetingGrade | ParseError:
    """ "tốt", "tot", "Khá", "tb", "trung binh", "kém" (numbers are the choice engine's)."""
    found = _GRADE_WORDS.get(_normalise(text))
    if found is None:
        return ParseError(E_GRADE, Text(_MSG_GRADE, {"text": echo(text)}))
    return found


def parse_rating(text: str) -> Rating | ParseError:
    """ "HTXSNV", "httnv", "Hoàn thành tốt nhiệm vụ", "khong hoan thanh nhiem vu", "xuất sắc"."""
    normalised = _normalise(text)
    found = _RATING_WORDS.get(normalised) or _RATING_WORDS.get(normalised.replace(" ", ""))
    if found is None:
        return ParseError(E_RATING, Text(_MSG_RATING, {"text": echo(text)}))
    return found


def parse_yes_no(text: str) -> bool | ParseError:
    """ "có", "co", "c", "rồi", "yes" → True; "không", "ko", "k", "chưa", "no" → False."""
    normalised = _normalise(text)
    found = _YES_NO.get(normalised)
    if found is None:
        found = _YES_NO.get(_POLITE.sub("", normalised).strip())
    if found is None:
        return ParseError(E_YES_NO, Text(_MSG_YES_NO, {"text": echo(text)}))
    return found
