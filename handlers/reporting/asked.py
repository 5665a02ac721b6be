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


# Words that ask wherever they stand in a text typed for a person's name, folded: «… cần điều
# kiện gì», «… là bao nhiêu», «… như thế nào», «tại sao …». Not «có … không» mid-sentence: «có
# không nhớ tên» answers; not «gì» after «không»: «không có gì» answers (nobody).
_ASKS_NOT_A_NAME = re.compile(
    r"(?<!khong co )(?<!ko co )\bgi\b|\b(?:bao nhieu|bao gio|o dau|la ai|co phai|"
    r"(?:the|nhu|khi|luc|ngay|cai) nao|(?:ra|tai|vi|lam|the) sao|cho (?:em|toi|minh) hoi|"
    r"xin hoi)\b|^sao (?:lai|phai|khong|ko|chua)\b"
)
# A question's last word after a few others: «… có phải dự không», «… đã nộp chưa», «… vậy».
# Not «hả», «nhỉ», «thế»: «Hà», «Nhi» are names, «có thể» a hedge.
_ENDS_NOT_A_NAME = re.compile(r"\b(?:khong|ko|k|chua|vay)\W*$")
# Last words that ask only when written as such: «mấy», «sao» (not «Mây», «Sao», names) and
# «nào» (not after «không»: «không có đồng chí nào»).
_LAST_ASKING = {"nao": "nào", "may": "mấy", "sao": "sao"}
# What opens an answer rather than a name: yes, no, «đã», or a person's title («đồng chí»,
# «anh», «bà»); after it, a remark may be long («có, nhưng đồng chí về sớm»).
_OPENS_ANSWER = re.compile(
    r"^(?:co|khong|ko|k|chua|da|dong chi|d/c|d\.c|dc|anh|chi|ong|ba|bac|chu|thay)\b"
)
# Words of a post or a body after a name («phó bí thư Đảng ủy», «UBKT», «chủ tịch UBND xã»),
# folded: a long text holding one may be a name with its post.
_POST = re.compile(
    r"\b(?:bi thu|bt|pbt|btv|uy vien|thuong vu|thuong truc|(?:dang|chi|cap|huyen|tinh|thanh) uy|"
    r"chu tich|truong|pho|can bo|chuyen vien|ban|uy ban|ubkt|ubnd|hdnd|mttq|xa|phuong|huyen|"
    r"tinh)\b"
)
# More words than a name with its middle names: lower-case and without a post, no name.
_NAME_WORDS = 4
# The most common family names, folded: «nguyen thi may» typed without marks is Nguyễn Thị Mây.
_FAMILY = frozenset(
    (
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
        "do", "ho", "ngo", "duong", "ly", "dinh", "doan", "trinh", "truong", "lam", "luong",
        "cao", "ha", "ta", "lai", "thai", "kieu", "quach", "luu", "to", "hua", "tang", "ton",
    )
)  # fmt: skip
_TITLES = frozenset(("co", "dong", "chi", "d", "c", "dc", "anh", "ong", "ba", "bac", "thay"))


def _family_first(folded_words: list[str]) -> bool:
    """Whether a few words, titles aside («dong chi», «anh»), start with a family name."""
    rest = list(folded_words)
    while rest and rest[0] in _TITLES:
        rest.pop(0)
    return 2 <= len(rest) <= _NAME_WORDS and rest[0] in _FAMILY


def asks_for_name(text: str) -> bool:
    """Whether `text`, typed where the name of a person is asked («Có đồng chí cấp ủy cấp trên
    dự không? (Nếu có, có thể gõ tên.)»), reads as a question even without «?»: words that ask
    («ket nap dang vien can dieu kien gi»), a last «không» or «chưa» after a few words, a last
    «nào» / «mấy» / «sao» written as the question word (or, typed without marks, not after a
    family name), or many lower-case words unlike a name and its post. «đồng chí Huy», «Nguyễn
    Văn Nam, phó bí thư Đảng ủy», «co, dc Hoa» and «khong» stay answers."""
    if asks_in_words(text):
        return True
    plain = unicodedata.normalize("NFC", " ".join(text.split()))
    folded = fold(plain)
    words: list[str] = re.findall(r"\w+", plain)
    folded_words: list[str] = re.findall(r"\w+", folded)
    if len(words) < 2 or len(words) != len(folded_words):
        return False
    if _ASKS_NOT_A_NAME.search(folded):
        return True
    if len(words) >= 3 and _ENDS_NOT_A_NAME.search(folded):
        return True
    last, folded_last = words[-1], folded_words[-1]
    if folded_last in _LAST_ASKING and last.islower() and _NOT.search(folded) is None:
        if not plain.isascii():
            return last == _LAST_ASKING[folded_last]
        return not _family_first(folded_words)
    if _OPENS_ANSWER.match(folded) or _POST.search(folded) or any(c.isdigit() for c in folded):
        return False  # an answer, a name with its post, or a title with a number: no question
    named = re.split(r"[,;:(\-]", plain, maxsplit=1)[0].split()
    return len(named) > _NAME_WORDS and not all(word[:1].isupper() for word in named)


def asks_at_choice(text: str) -> bool:
    """Whether `text`, typed where only a numbered option may be picked and read as none of
    them, is a question to answer beside: what asks where a name is typed, and also «ai …»
    («ai ký kế hoạch 74») or a «?», since no option is a person or a question."""
    folded = fold(text).strip()
    if len(re.findall(r"\w+", folded)) < _MIN_WORDS:
        return False
    return asks_for_name(text) or folded.startswith("ai ") or "?" in folded
