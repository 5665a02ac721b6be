"""Commands asked for in words, as people type them on Zalo where nobody types a slash: "bao
cao", "đổi lịch họp", "trợ giúp", "menu", "đổi ngôn ngữ", "English"; and the English names
people try ("/help", "/cancel", "/language").

Only a short message that is nothing but such words counts: "báo cáo" alone starts /baocao,
while "báo cáo kết quả cho ai" stays a question about the plans. A command that takes a period
may have one after its words ("tổng hợp tháng 12", "chua bao cao quy 4"): `command_with_period`.
"hủy", "thoát" cancel only where choices are offered or a number is asked (elsewhere «Huy» may
be a name): `cancel_said`.
"""

from __future__ import annotations

from datetime import date

from core.textfold import fold
from scheduler.review_periods import E_UNREADABLE, PeriodError, ReviewPeriod, parse_review_period
from scheduler.schedule_months import parse_schedule_month

# command → what people type for it, folded (no diacritics, lower case, single spaces)
_SAID: dict[str, tuple[str, ...]] = {
    "baocao": (
        "bao cao",
        "baocao",
        "bc",
        "bao cao hop",
        "bao cao hop chi bo",
        "bao cao sinh hoat",
        "bao cao sinh hoat chi bo",
        "bao cao buoi hop",
        "toi muon bao cao",
        "em muon bao cao",
        "muon bao cao",
        "gui bao cao",
        "nop bao cao",
    ),
    "doilich": (
        "doi lich",
        "doi lich hop",
        "doilich",
        "doi ngay hop",
        "hoan hop",
        "doi lich sinh hoat",
    ),
    "lich": ("lich", "lich hop", "xem lich", "xem lich hop", "lich sinh hoat"),
    "trogiup": ("tro giup", "trogiup", "huong dan", "help", "menu", "giup do", "cac lenh"),
    "solieu": ("so lieu", "solieu", "nhap so lieu", "bao cao so lieu"),
    "sua": ("sua bao cao", "sua", "sua so lieu"),
    "tonghop": ("tong hop", "tonghop", "xem tong hop", "bao cao tong hop"),
    "chuabaocao": ("chua bao cao", "chuabaocao", "chi bo nao chua bao cao", "ai chua bao cao"),
    "xuat": ("xuat", "xuat excel", "xuat file", "xuat file excel"),
    "bieudo": ("bieu do", "bieudo", "ve bieu do"),
    "baocaothang": ("baocaothang", "du thao bao cao", "du thao bao cao thang"),
    "kehoach": ("ke hoach", "kehoach", "xem ke hoach", "danh sach ke hoach"),
    "viectoi": ("viec toi", "viectoi", "viec sap toi", "xem viec toi"),
    "ngonngu": (
        "ngon ngu",
        "ngonngu",
        "doi ngon ngu",
        "chon ngon ngu",
        "tieng anh",
        "tieng viet",
        "language",
        "english",
    ),
}
_BY_PHRASE = {phrase: command for command, phrases in _SAID.items() for phrase in phrases}
# English names of commands people try from other bots
ALIASES = {
    "help": "trogiup",
    "menu": "trogiup",
    "cancel": "huy",
    "report": "baocao",
    "language": "ngonngu",
    "lang": "ngonngu",
    "schedule": "lich",
    "figures": "solieu",
    "edit": "sua",
    "ask": "hoi",
    "plans": "kehoach",
    "summary": "tonghop",
    "export": "xuat",
    "chart": "bieudo",
}
_LONGEST = max(len(phrase) for phrase in _BY_PHRASE) + 2


def command_said(text: str) -> str | None:
    """The command a short typed message asks for in words ("bao cao" → "baocao"), or None."""
    if len(text) > _LONGEST:
        return None
    folded = fold(text).strip(" .!?,;:")
    return _BY_PHRASE.get(folded)


PERIOD_COMMANDS = ("tonghop", "chuabaocao", "xuat", "bieudo", "baocaothang")
"""The commands that take a period (scheduler.review_periods) after their name."""
_WITH_ARGS = sorted(
    (
        (phrase, command)
        for command in (*PERIOD_COMMANDS, "lich", "baocao")
        for phrase in _SAID[command]
    ),
    key=lambda item: len(item[0]),
    reverse=True,
)
MAX_WITH_PERIOD = _LONGEST + 30


def command_with_period(text: str, today: date) -> tuple[str, str] | None:
    """(command, period) for a command's words followed by a period it takes ("tong hop thang
    12" → ("tonghop", "thang 12"), "lịch tháng sau" → ("lich", "tháng sau"), "báo cáo tháng
    11" → ("baocao", "tháng 11")); None when what
    follows is no period ("tổng hợp kết quả kết nạp năm 2025 thế nào" is a question). A period
    that is read but refused ("tháng 13", a month ahead) is the command's: it says why."""
    if len(text) > MAX_WITH_PERIOD:
        return None
    words = text.strip(" .!?,;:").split()
    folded = [fold(word) for word in words]
    for phrase, command in _WITH_ARGS:
        size = len(phrase.split())
        if folded[:size] != phrase.split() or len(words) <= size:
            continue
        rest = " ".join(words[size:])
        if command == "lich":  # a month to show («lich thang 12», «lịch 1/2027»)
            if parse_schedule_month(rest, today) is not None:
                return command, rest
            continue
        period = parse_review_period(rest, today)
        if isinstance(period, PeriodError) and period.code == E_UNREADABLE:
            continue
        if command == "baocao" and isinstance(period, ReviewPeriod) and period.kind == "year":
            continue  # a month or a quarter to report («bao cao thang 11», «bc quy 4»)
        return command, rest
    return None


# What people type for /huy, folded: only at a question offering choices none of which it
# names or wanting a number, and not where a person's name may be typed (handlers.core)
_CANCEL = frozenset(
    (
        "huy",
        "huy bo",
        "huy bao cao",
        "thoi",
        "thoi huy",
        "thoi khong doi",
        "thoi khong doi nua",
        "thoat",
        "thoat ra",
        "cancel",
    )
)


def cancel_said(text: str) -> bool:
    """Whether a typed message is /huy said in words ("hủy", "huy bo", "thoát")."""
    return len(text) <= _LONGEST and fold(text).strip(" .!?,;:") in _CANCEL
