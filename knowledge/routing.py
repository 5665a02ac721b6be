"""Reading what a question asks for: a timing, an owner, a target, a month or year."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = re.compile(r"thang (\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?")
_QUARTER = re.compile(r"quy (iv|iii|ii|i|[1-4])\b(?:\s*(?:/|nam)\s*(\d{4}))?")
_YEAR = re.compile(r"\b(20\d\d)\b")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_TIMING_WORDS = (
    "khi nao",
    "bao gio",
    "thoi han",
    "han chot",
    "luc nao",
    "thoi gian",
    "xong",
    "han",
    # how often: "làm theo chu kỳ nào", "bao lâu một lần" ("báo cáo định kỳ" names a report)
    "chu ky",
    "tan suat",
    "bao lau mot lan",
    "bao lau 1 lan",
)
_OWNER_WORDS = (
    "nhiem vu cua",
    "ai",
    "ban nao",
    "co quan nao",
    "don vi nao",
    "phu trach",
    "chu tri",
    "giao cho",
)
_TARGET_WORDS = ("bao nhieu", "chi tieu", "ty le", "ti le", "phan tram", "%", "muc tieu", "may")
# "số cấp ủy viên có trình độ đại học", "tổng số đảng viên": a figure asked without "bao nhiêu"
# ("số hiệu", "số ký hiệu" ask for a plan's number).
_A_COUNT = re.compile(r"^\s*(?:tong )?so (?!hieu|ky hieu|may|bao nhieu)[a-z]")
# Shortcomings and results asked about ("hạn chế, yếu kém hiện nay", "tồn tại", "kết quả đạt
# được"): the plans state them under the situation ("I. TÌNH HÌNH ...").
_SITUATION = re.compile(
    r"\b(?:han che|yeu kem|ton tai|khuyet diem|bat cap|thuc trang|ket qua dat duoc|uu diem)\b"
)
# A question for a figure is about today unless it names a goal, a duty or a period.
_GOAL_WORDS = (
    "chi tieu",
    "muc tieu",
    "phan dau",
    "den nam",
    "phai",
    "can dat",
    "dat",
    "toi thieu",
    "it nhat",
    "hang nam",
    "moi nam",
    "nhiem ky",
    "giai doan",
    "tang",
    "duy tri",
    "bao dam",
    "dam bao",
)


@dataclass(frozen=True, slots=True)
class Intent:
    """What a folded question asks: flags for timing, owner, target and a figure of today, and
    any date it names."""

    timing: bool
    owner: bool
    target: bool
    current: bool  # a figure asked about today ("hiện có bao nhiêu", "chiếm bao nhiêu %")
    situation: bool  # how things are today: shortcomings, results ("hạn chế hiện nay là gì")
    oversight: bool  # which body follows and urges the carrying out ("ai theo dõi, đôn đốc ...")
    year: int | None
    month: int | None
    quarter: int | None


def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words` as whole syllables: "ai" is no part of "phai", nor "han" of "phan"."""
    return re.compile(
        "|".join(
            ("(?<![a-z0-9])" if word[0].isalnum() else "")
            + re.escape(word)
            + ("(?![a-z0-9])" if word[-1].isalnum() else "")
            for word in words
        )
    )


# "mấy" before people is a plural, no count: "mấy ông trên khối", "mấy đứa nói xấu", "mấy
# người làm ở phường ..." at the start ("chi ủy có mấy người" asks a count)
_PLURAL_MAY = re.compile(
    r"\bmay (?=(?:ong|ba|dua|cu|anh|chi(?! bo)|em|tui|thang|chu|bac)\b)"
    r"|^ *may (?=nguoi\b)"
)
# "X phải làm gì", "phải xây dựng ...": what a body must do ("phải đạt bao nhiêu" asks a figure)
_MUST_DO = re.compile(r"\bphai (?!(?:dat|co|la|bao|duoc|khong|ko|k|may|the nao)\b)[a-z]")
_TIMING = _phrases(_TIMING_WORDS)
_OWNER = _phrases(_OWNER_WORDS)
_TARGET = _phrases(_TARGET_WORDS)
_GOAL = _phrases(_GOAL_WORDS)
# "đang đạt", "hiện đạt", "đã đạt được": what is reached today, no goal
_REACHED = re.compile(r"\b(?:dang|hien|hien nay|hien tai|da|gio|bay gio) dat\b")


# Following and urging the carrying out of the plan: "ai theo dõi, đôn đốc việc thực hiện".
_OVERSIGHT = re.compile(r"\b(?:theo doi|don doc)\b")
_CARRYING_OUT = re.compile(r"\b(?:thuc hien|trien khai)\b")
# ... asked of a body: "ai", "cơ quan nào" ("đôn đốc chi bộ thực hiện ..." asks how, not who)
_WHO = re.compile(r"\b(?:ai|(?:co quan|don vi|ban|bo phan|cap|noi) nao)\b")


def read_intent(folded_question: str) -> Intent:
    """The intent of a folded question ("khi nao", "ban nao", "bao nhieu", "thang 6/2023")."""
    text = f" {folded_question} "
    month_match = _MONTH.search(text)
    quarter_match = _QUARTER.search(text)
    year_match = _YEAR.search(text)
    month = (
        int(month_match.group(1)) if month_match and 1 <= int(month_match.group(1)) <= 12 else None
    )
    quarter = _QUARTERS[quarter_match.group(1)] if quarter_match else None
    year = int(year_match.group(1)) if year_match else None
    # "hạn chế" (shortcomings) is no "hạn" (deadline)
    unlimited = text.replace(" han che", " ")
    timing = _TIMING.search(unlimited) is not None or month is not None or quarter is not None
    figure = (
        _TARGET.search(_PLURAL_MAY.sub("", text)) is not None or _A_COUNT.match(text) is not None
    )
    return Intent(
        timing=timing,
        owner=_OWNER.search(text) is not None or _MUST_DO.search(text) is not None,
        target=figure,
        current=figure and year is None and _GOAL.search(_REACHED.sub(" ", text)) is None,
        situation=_SITUATION.search(text) is not None
        and not any(word in text for word in ("chi tieu", "muc tieu", "phan dau", "den nam")),
        oversight=_OVERSIGHT.search(text) is not None
        and _CARRYING_OUT.search(text) is not None
        and _WHO.search(text) is not None,
        year=year,
        month=month,
        quarter=quarter,
    )
