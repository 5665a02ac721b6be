"""A question typed where a flow waits for a figure or a choice: «chỉ tiêu kết nạp năm 2025 là
bao nhiêu» at «how many were present?» asks something, it answers nothing; so does small talk
(«alo có ai không») anywhere, and a question where a name or a title is typed."""

from __future__ import annotations

import re
import unicodedata

from core.textfold import fold
from handlers.reporting.numbers import parse_count

# Words that ask, folded: «bao nhiêu», «mấy», «là gì», «khi nào», «thế nào», «tại sao», «ở
# đâu», «có phải», «đúng không» … Not «ai» nor «gì» alone: «không ai vắng», «không có gì»
# answer (none).
_ASKING = re.compile(
    r"\b(?:bao nhieu|la gi|lam gi|o dau|bao gio|la ai|co phai|(?:the|khi|luc|ngay|nam|cai) nao|"
    r"(?:ra|tai|vi) sao|(?:dung|phai|hay|duoc|co) (?:khong|ko|k)|cho (?:em|toi|minh) hoi|"
    r"xin hoi)\b"
)
# «nào», «mấy», «sao» ask only as the last word («… tháng mấy», «… cơ quan nào ạ?»), never
# after a «không»: «không có đồng chí nào», «không ra nghị quyết nào» answer (none); and «Mây»,
# «Nào» may be a name.
_ASKING_LAST = re.compile(r"\b(?:nao|may|sao)\s*(?:vay|the|a|ha|nhi)?\W*$")
_NOT = re.compile(r"\b(?:khong|ko|chang|chua|k)\b")
# «nào» before what is asked about («cấp ủy nào dự họp», «đồng chí nào đến»), folded; not
# «mấy» mid-sentence, which answers as often as it asks («có, nhưng mấy đồng chí đến muộn»).
_WHICH_DOES = re.compile(r"\bnao (?:du|den|tham|co|la|vay|the|ha|nhi)\b")


def _which_does(text: str, folded: str) -> bool:
    """«… nào dự/đến/là …» asked («cấp ủy nào dự họp»), not after «không» («không đồng chí nào
    đến»); typed with diacritics, only «nào» itself (a name «Nào» is rare, «nao» unmarked is
    no word)."""
    if _WHICH_DOES.search(folded) is None or _NOT.search(folded) is not None:
        return False
    return text.isascii() or "nào" in unicodedata.normalize("NFC", text).lower()


def _asks(folded: str) -> bool:
    """Whether folded words ask something (see _ASKING and _ASKING_LAST)."""
    if _ASKING.search(folded):
        return True
    return _ASKING_LAST.search(folded) is not None and _NOT.search(folded) is None


_MIN_WORDS = 3


def asks_instead(text: str) -> bool:
    """Whether `text` is a question of its own rather than an answer: a few words asking
    something («... là bao nhiêu», «... đúng không», «cấp ủy nào dự họp», or a «?» after words
    without a figure), and no count to be read from it («12», «12 người», «có 12 đồng chí
    dự»)."""
    folded = fold(text).strip()
    words = re.findall(r"\w+", folded)
    if len(words) < _MIN_WORDS or isinstance(parse_count(text), int):
        return False
    if _asks(folded):
        return True
    if _which_does(text, folded):
        return True
    return folded.endswith("?") and not any(ch.isdigit() for ch in folded)


# Small talk, folded: a greeting or a call at the start («alo», «chào», «bot ơi»), or «có ai
# không» anywhere. Not «anh», «chị» alone: «anh Hùng» names who attended. Not the plan answers'
# knowledge.answers.small_talk either: it reads «ok», «ừ», «👍» as thanks, which at a report's
# yes/no question answer yes.
_SMALL_TALK = re.compile(
    r"^(?:alo|a lo|allo|chao|xin chao|hello|hi|(?:ad|admin|bot|ban|em|anh|chi) oi)\b"
    r"|\bco ai (?:khong|ko|k|o do|day)\b"
)
# What opens a question («cho hỏi», «xin hỏi», «hỏi chút»), folded.
_OPENS_QUESTION = re.compile(
    r"^(?:(?:cho|xin) (?:(?:em|toi|minh|chau|to) )?hoi|hoi (?:chut|xiu|ti|cai)|ai biet)\b"
)
# A question's last words, folded: «… học gì vậy», «… phải không».
_ENDS_ASKING = re.compile(r"\b(?:gi|vay|the|ha|nhi|chua|khong|ko|a)\W*$")


def small_talk(text: str) -> bool:
    """Whether `text` is a greeting or a call rather than an answer («alo có ai không»)."""
    return _SMALL_TALK.search(fold(text).strip()) is not None


def asks_in_words(text: str) -> bool:
    """Whether `text`, typed where a title or a name is asked in words, is a question or small
    talk rather than the answer: «cho hỏi chuyên đề quý này học gì vậy?» is no title, «cấp ủy
    nào dự họp» no name. A title
    may hold «thế nào» («Học tập NQ 57 như thế nào cho hiệu quả»): only a question opened as one,
    or ended by «?» after words that ask, is taken for one."""
    folded = fold(text).strip()
    if small_talk(text) or _OPENS_QUESTION.match(folded):
        return True
    if _which_does(text, folded):
        return True
    if not folded.endswith("?"):
        return False
    return _asks(folded) or _ENDS_ASKING.search(folded.rstrip("?")) is not None
