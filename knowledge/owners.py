"""Finding who owns a task: a heading naming a body, "Body: task", or the sentence's subject."""

from __future__ import annotations

import re

from knowledge.textnorm import fold_key

# Folded names that open a body's name ("Ban Tổ chức Huyện ủy", "Ủy ban Kiểm tra Đảng ủy").
BODY_HEADS = (
    "ban thuong vu",
    "ban chap hanh",
    "ban to chuc",
    "ban tuyen giao",
    "ban dan van",
    "ban xay dung dang",
    "ban noi chinh",
    "ban can su",
    "ban thuong truc",
    "ban chi huy",
    "thuong truc",
    "uy ban kiem tra",
    "uy ban nhan dan",
    "uy ban mat tran",
    "hoi dong nhan dan",
    "mat tran to quoc",
    "van phong",
    "doan thanh nien",
    "doan khoi",
    "cong doan",
    "hoi cuu chien binh",
    "hoi lien hiep phu nu",
    "hoi nong dan",
    "cap uy",
    "chi uy",
    "chi bo",
    "dang uy",
    "dang bo",
    "huyen uy",
    "tinh uy",
    "thanh uy",
    "to chuc co so dang",
    "tổ chức cơ sở đảng",
    "co quan tham muu",
    "cac co quan tham muu",
    "can bo to chuc",
    "can bo tuyen giao",
    "can bo tham muu",
    "cac ban",
    "cac huyen uy",
    "cac dang uy",
    "cac chi bo",
    "cac cap uy",
    "cac to chuc co so dang",
    "cac chi, dang bo",
    "dang doan",
    "ubkt",
    "ubnd",
    "hdnd",
    "mttq",
    "btv",
    "bch",
)
_PREFIXES = ("giao ", "doi voi ", "cac ")
_CONNECTORS = {
    "uy",
    "ban",
    "khoi",
    "xa",
    "huyen",
    "tinh",
    "dang",
    "thi",
    "tran",
    "phuong",
    "co",
    "so",
    "truc",
    "thuoc",
    "nhan",
    "dan",
    "kiem",
    "tra",
    "quoc",
    "to",
    "chuc",
    "tuyen",
    "giao",
    "van",
    "phong",
    "thuong",
    "vu",
    "chap",
    "hanh",
    "bo",
    "vien",
}
_WORD = re.compile(r"\S+")
_CELL_MARKS = (
    "chi bo",
    "chi, dang bo",
    "to chuc co so dang",
    "cap uy co so",
    "dang bo co so",
    "chi uy",
    "to chuc dang truc thuoc",
)
_HEADS_FOLDED = tuple(sorted({fold_key(head) for head in BODY_HEADS}, key=len, reverse=True))


def starts_with_body(text: str) -> bool:
    """Whether `text` opens with a body's name (after "Giao", "Đối với", "Các")."""
    return _head_length(fold_key(text)) > 0


def _head_length(key: str) -> int:
    rest = key
    skipped = 0
    for _ in range(2):
        for prefix in _PREFIXES:
            if rest.startswith(prefix) and not any(
                rest.startswith(h) for h in _HEADS_FOLDED if h.startswith(prefix)
            ):
                rest = rest[len(prefix) :]
                skipped += len(prefix)
                break
    for head in _HEADS_FOLDED:
        if rest.startswith(head) and (len(rest) == len(head) or not rest[len(head)].isalnum()):
            return skipped + len(head)
    return 0


def heading_owner(title: str) -> str | None:
    """The body a heading names ("2.1 Đối với cán bộ Tổ chức Đảng ủy", "Ban Tuyên giáo Tỉnh ủy:")."""
    text = title.strip()
    if len(text) > 130:
        return None
    key = fold_key(text)
    if key.startswith("doi voi "):
        text = text[len("Đối với ") :].strip()
    text = text.rstrip(":.").strip()
    if starts_with_body(text) or (title.strip().endswith(":") and len(text) < 100):
        return text
    return None


def explicit_owner(text: str) -> tuple[str, str] | None:
    """("Body", "task") for a line written "Body: task", else None."""
    head, colon, rest = text.partition(":")
    if not colon or len(head) > 110 or not rest.strip():
        return None
    if starts_with_body(head.lstrip("- ")):
        return head.lstrip("- ").strip(), rest.strip()
    return None


def subject_owner(text: str) -> str | None:
    """The body at the head of the sentence ("Giao Ban Tổ chức Huyện ủy chủ trì ..."), if any.

    A body after "Tham mưu", "Chỉ đạo", "Phối hợp với" or "báo cáo" is never the subject,
    since only the opening words are read.
    """
    body = text.lstrip("- ").strip()
    key = fold_key(body)
    if len(key) != len(body):
        return None
    length = _head_length(key)
    if not length:
        return None
    start = 0
    for prefix in ("giao ", "doi voi "):
        if key.startswith(prefix):
            start = len(prefix)
    end = length
    for match in _WORD.finditer(body, length):
        word = match.group(0)
        bare = word.rstrip(",;:.")
        folded = fold_key(bare)
        if not bare or not (bare[0].isupper() or folded in _CONNECTORS):
            break
        end = match.start() + len(bare)
        if bare != word:
            break
    owner = body[start:end].strip(" ,;:")
    return owner or None


def is_cell_owner(owner: str) -> bool:
    """Whether a task's owner is the cells ("Cấp ủy các chi, đảng bộ", "các chi bộ")."""
    key = fold_key(owner)
    return any(mark in key for mark in _CELL_MARKS)
