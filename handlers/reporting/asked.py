"""A question typed where a flow waits for a figure or a choice: «chỉ tiêu kết nạp năm 2025 là
bao nhiêu» at «how many were present?» asks something, it answers nothing."""

from __future__ import annotations

import re

from core.textfold import fold
from handlers.reporting.numbers import parse_count

# Words that ask, folded: «bao nhiêu», «mấy», «là gì», «khi nào», «thế nào», «tại sao», «ở
# đâu», «có phải», «đúng không» … Not «ai» nor «gì» alone: «không ai vắng», «không có gì»
# answer (none).
_ASKING = re.compile(
    r"\b(?:bao nhieu|may|la gi|lam gi|nao|sao|o dau|bao gio|la ai|co phai|"
    r"(?:dung|phai|hay|duoc|co) (?:khong|ko|k)|cho (?:em|toi|minh) hoi|xin hoi)\b"
)
_MIN_WORDS = 3


def asks_instead(text: str) -> bool:
    """Whether `text` is a question of its own rather than an answer: a few words asking
    something («... là bao nhiêu», «... đúng không», or a «?» after words without a figure),
    and no count to be read from it («12», «12 người», «có 12 đồng chí dự»)."""
    folded = fold(text).strip()
    words = re.findall(r"\w+", folded)
    if len(words) < _MIN_WORDS or isinstance(parse_count(text), int):
        return False
    if _ASKING.search(folded):
        return True
    return folded.endswith("?") and not any(ch.isdigit() for ch in folded)
