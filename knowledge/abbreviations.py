"""Abbreviations people type (DOMAIN.md) and those a document defines itself, for expansion."""

from __future__ import annotations

import re

from knowledge.textnorm import fold_key

# Folded abbreviation → folded expansion. Expanded whatever the case.
ALWAYS: dict[str, str] = {
    "btv": "ban thuong vu",
    "bch": "ban chap hanh",
    "ubkt": "uy ban kiem tra",
    "vp": "van phong",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "hdnd": "hoi dong nhan dan",
    "ubnd": "uy ban nhan dan",
    "cb": "chi bo",
    "dv": "dang vien",
    "tccsd": "to chuc co so dang",
    "shcb": "sinh hoat chi bo",
    "nq": "nghi quyet",
    "kh": "ke hoach",
    "ctr": "chuong trinh",
    "hd": "huong dan",
    "qd": "quy dinh",
    "kl": "ket luan",
    "duk": "dang uy khoi",
    "htxsnv": "hoan thanh xuat sac nhiem vu",
    "httnv": "hoan thanh tot nhiem vu",
    "htnv": "hoan thanh nhiem vu",
    "khtnv": "khong hoan thanh nhiem vu",
    "cntt": "cong nghe thong tin",
    "llct": "ly luan chinh tri",
    "tw": "trung uong",
    "bts": "ban tuyen giao",
    "btc": "ban to chuc",
    "bttg": "ban tuyen giao",
    "dtn": "doan thanh nien",
    "cvcnld": "cong chuc vien chuc nguoi lao dong",
    "dh": "dai hoc",
    "cd": "cao dang",
    "ubmt": "uy ban mat tran",
    "tctu": "ban to chuc trung uong",
    "thpt": "trung hoc pho thong",
    "cq": "co quan",
    "dn": "doanh nghiep",
    "hn": "ha noi",
    "tp": "thanh pho",
    "hcm": "ho chi minh",
    "vn": "viet nam",
}
# Ambiguous ones ("du" is also a word): expanded only when typed in capitals.
CAPITALS_ONLY: dict[str, str] = {
    "du": "dang uy",
    "hu": "huyen uy",
    "tu": "tinh uy",
    "da": "de an",
    "ct": "chi thi",
    "dbk": "dang bo khoi",
}

_ACRONYM = re.compile(r"\(([A-ZĐ]{2,12})\)")
_WORDS_BEFORE = re.compile(r"[^\W\d_]+")


def expansion(token: str) -> str | None:
    """The folded expansion of one typed token, or None. `token` is as typed (case matters)."""
    key = fold_key(token)
    if key in ALWAYS:
        return ALWAYS[key]
    if key in CAPITALS_ONLY and token.isupper() and len(token) >= 2:
        return CAPITALS_ONLY[key]
    return None


def harvest(text: str) -> dict[str, str]:
    """Abbreviations a document defines itself: "người lao động (CCVCNLĐ)" → {"ccvcnld": ...}.

    The words before the parenthesis whose initials spell the abbreviation are its expansion.
    """
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        letters = fold_key(match.group(1))
        before = _WORDS_BEFORE.findall(text[max(0, match.start() - 200) : match.start()])
        words: list[str] = []
        index = len(letters) - 1
        for word in reversed(before):
            if index < 0:
                break
            if fold_key(word)[0] != letters[index]:
                break
            words.append(fold_key(word))
            index -= 1
        if index < 0 and letters not in ALWAYS:
            found[letters] = " ".join(reversed(words))
    return found
