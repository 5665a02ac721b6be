"""Answering a question about the plans: small talk, a plan's identity, a body's tasks, tasks due
in a period, a year's targets, or the best passages; a ranked list of answers or "not found"."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from knowledge.abbreviations import expansion
from knowledge.asking import asked_part, named_body, proper_names
from knowledge.fact_kinds import asked_fact
from knowledge.index import Hit, PlanIndex, SearchResult, TargetRef, TaskRef
from knowledge.limits import clip_question
from knowledge.model import Identity, ParsedPlan
from knowledge.outside import named_documents
from knowledge.owners import BODY_HEADS
from knowledge.plan_names import NamedPlan, carried_first, document_preference, unique
from knowledge.query_terms import STOP_WORDS
from knowledge.relevance import COMMON_WORDS
from knowledge.relevance import answers as likelihood
from knowledge.structured import Kind, Period, StructuredAnswer, answer_structured
from knowledge.textnorm import fold_key, nfc


def _words(text: str) -> list[str]:
    return text.split()


class AnswerKind(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    GREETING = "greeting"
    THANKS = "thanks"
    FAREWELL = "farewell"
    ABOUT = "about"  # what the bot is and does: "bot làm được gì", "bạn là ai", "giúp tôi với"


class ItemKind(StrEnum):
    PASSAGE = "passage"
    IDENTITY = "identity"
    OWNER_TASKS = "owner_tasks"
    DUE = "due"
    TARGETS = "targets"
    SECTION = "section"


IDENTITY_FIELDS = ("number", "date", "issuer", "signer", "recipients", "basis", "title")
# A question about party work ("đảng viên", "chi bộ", "kết nạp"...) that no passage answers
# well enough (knowledge.relevance) is offered the nearest passages, after the not-found answer,
# when the likelihood that the best one answers is at least NEAR. Measured on the project's tune
# questions (benchmarks/plan_quality.py counts such a reply as "not found"): of the 29
# answerable ones left unanswered, 16 are offered passages and 13 of those see the one that
# answers among the three (11 among two); 53 of the 363 about something else are offered
# passages too (the party's rules the plans do not state: probation, dues, allowances);
# football, prices and the weather say no word of party work.
NEAR = 0.1
NEAR_OFFERED = 3
# An answer holds the best item and the next ones, at most this many (chat offers them as «Đoạn
# khác», chibo ask --top reads as many).
MOST_ITEMS = 3
_PARTY_WORK = re.compile(
    r"\b(?:dang vien|dang uy|dang bo|dang phi|vao dang|cua dang|chi bo|chi uy|cap uy|bi thu|"
    r"to chuc dang|tccsd|ket nap|sinh hoat (?:dang|chi bo|chuyen de|cap uy|to dang)|ubkt|btv|"
    r"thuong vu|huyen uy|tinh uy|thanh uy)\b"
)  # not "dv" (dịch vụ), nor "sinh hoạt" alone (giá điện sinh hoạt, chi phí sinh hoạt)


def about_party_work(question: str, folded: str) -> bool:
    """Whether a question speaks of party work: a word of it, or "đảng" typed with its marks
    (folded, "dang" is also "đang")."""
    return _PARTY_WORK.search(folded) is not None or "đảng" in nfc(question).lower()


@dataclass(frozen=True, slots=True)
class Item:
    """One answer. PASSAGE: `hit` (with the bodies and timings of its tasks); IDENTITY: the
    `fields` asked of one plan's `identity`; OWNER_TASKS: the `tasks` of `owner`, best first,
    with `lines` beside them: the line of the plan giving each its body, as written (or "");
    DUE: `tasks` due in `period` and, when it has none or none was named, `upcoming`: the
    next ones coming due; TARGETS: `targets` for `period`'s year; SECTION: a part of the plan
    (its `title` and the `lines` under it) asked for by name ("mục đích, yêu cầu")."""

    kind: ItemKind
    document_id: str = ""
    document_label: str = ""
    hit: Hit | None = None
    identity: Identity | None = None
    fields: tuple[str, ...] = ()
    owner: str = ""
    tasks: tuple[TaskRef, ...] = ()
    targets: tuple[TargetRef, ...] = ()
    period: Period | None = None
    section_path: str = ""
    title: str = ""
    lines: tuple[str, ...] = ()
    upcoming: tuple[TaskRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    """FOUND: `items`, best first. NOT_FOUND: none, but `near` may hold the passages nearest a
    question about the plans that none answers well enough (offered to look at, never given
    as the answer)."""

    kind: AnswerKind
    items: tuple[Item, ...] = ()
    near: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Asker:
    """Whose question it is: the plans they may read (None: all) and how near each plan's
    organisation is to theirs (0: their own, 1: the one above...), to rank their plans first."""

    readable: frozenset[str] | None = None
    nearness: Mapping[str, int] = field(default_factory=dict)


EVERYONE = Asker()

# --- small talk -------------------------------------------------------------------------------

_GREETING_WORDS = frozenset(_words("chao xin hello hi alo helo chaof kinh"))
_THANKS_WORDS = frozenset(_words("cam on thanks thank you tks thks camon"))
# ("để em xem", "tuyệt vời", "giỏi quá": an acknowledgement too)
_ACK_WORDS = frozenset(
    _words("ok oke okay okie vang da duoc roi tot hay qua ro hieu biet de xem tuyet voi gioi ngoan")
)
_POLITE = frozenset(
    # "đc", "đ/c": đồng chí written short; "nhìu": nhiều as typed
    _words(
        "ban dong chi anh chi em bot chibo a nhe nha nhieu nhiu lam ah oi ad admin ha nhe ak dc"
        " d c bac"
    )
)
# whom a greeting is for, in two words: "cả nhà", "mọi người", "các bác" ("mới được" is no
# "mọi người")
_ADDRESSEES = (("ca", "nha"), ("moi", "nguoi"), ("cac", "bac"))
_CALLING = frozenset(_words("co ai khong ko k khg hong day o do"))  # "alo, có ai ở đó ko"
# Praise beside thanks: "cảm ơn nhé, rất hữu ích", "thank you bot, giúp nhiều lắm"
# ... and what was thanked for: "cảm ơn đã giải đáp", "cám ơn bot đã giúp đỡ", "mình cảm ơn
# nhiều", "cảm ơn, thông tin rất hữu ích"
_PRAISE = frozenset(
    _words(
        "rat huu ich giup gioi tuyet voi that chuan xac chi tiet de hieu da do tra loi giai dap"
        " ho tro thong tin minh toi tui con so much very"
    )
)
# "tạm biệt", "bye nhé", "hẹn gặp lại", "chúc đồng chí ngủ ngon"
_FAREWELL_WORDS = frozenset(_words("tam biet bye bai goodbye hen gap lai ngu ngon night"))
# beside a farewell: "bye, mai hỏi tiếp", "tạm biệt, lát nữa hỏi sau", "hôm khác em hỏi thêm"
_LATER = frozenset(_words("mai hoi tiep sau lat nua hom khac them toi nay"))
# "chào buổi sáng", "good morning", "chúc đồng chí ngày mới tốt lành", "chúc sức khỏe"
# ("tối" of "chào buổi tối" folds as "tôi" does; "chúc mừng năm mới")
_WISHES = frozenset(
    _words("buoi sang trua chieu toi good morning chuc ngay moi tot lanh suc khoe mung nam have")
)
# The rest of a wish, known only beside one ("chúc một ngày làm việc vui vẻ", "have a nice day",
# "good evening"): "làm việc hiệu quả" alone asks something
_WISH_TRIGGERS = frozenset(_words("chuc good have"))
_WISH_REST = frozenset(
    _words("have mot vui ve lam viec hieu qua nice day a evening afternoon an lanh binh tuan cuoi")
)


_HOW_ARE_YOU = frozenset(_words("dao nay van chu khong"))


_SPEAKERS = frozenset(_words("toi em minh anh chi"))
_INTRODUCING = frozenset(_words("la o lam thuoc dang"))
_ASKING = frozenset(
    _words("gi j nao sao bao nhieu may dau ai khong ko k khg chua hoi the lam sao can muon xin")
)
_CALL = "oi"  # "bot ơi", "chibo ơi": calling the bot, a greeting
# Whether anyone is there ("có ai không", "bot còn đó không", "alo có ai trực không", "ê bot"),
# or leave to ask ("cho hỏi chút", "xin phép hỏi", "mình hỏi tí được không"): a greeting
_PRESENCE = _CALLING | frozenset(_words("con truc e ey"))
_PRESENCE_ASKED = frozenset(_words("khong ko k khg hong e ey"))  # ... of them, the asking
_ASKING_LEAVE = frozenset(
    _words("cho hoi chut ti xiu xin phep duoc khong ko k voi cai minh toi tui")
)


# Asking what the bot is or does, in a message of its own: "bot làm được gì", "bạn là ai",
# "hướng dẫn sử dụng", "giúp tôi với", "what can you do"
_ABOUT = re.compile(
    r"\b(?:la ai|ten (?:la )?(?:gi|j)|(?:lam|giup) (?:duoc )?(?:nhung )?(?:gi|j|viec gi)|"
    r"co the (?:lam|giup) (?:duoc )?(?:gi|j)|huong dan(?: su dung| cach dung)?|cach (?:dung|su dung)|"
    r"dung (?:the nao|nhu the nao|ra sao)|su dung (?:the nao|nhu the nao|ra sao)|tro giup|help|"
    r"giup (?:toi|em|minh|tui)? ?voi|(?:can|xin) (?:duoc )?giup do|who are you|what can you do)\b"
)
_ABOUT_WORDS = frozenset(
    _words(
        "bot chibo ban may em anh chi dong toi minh tui la ai ten gi j lam duoc giup nhung viec"
        " co the huong dan su dung cach dung nhu the nao ra sao tro help voi oi a nhe nha ha"
        " who are you what can do xin chao hi hello do vay the day"
    )
)
# Laughter and acknowledgements with no words to read: "hihi", "haha", "ừ", "👍", ":)"
_ACK_SOUNDS = frozenset(_words("hihi hehe haha hic u uh um uhm uk ukm"))


def small_talk(folded: str) -> AnswerKind | None:
    """GREETING for "xin chào", "chào đồng chí", "chào buổi sáng", "bot ơi", "khỏe không", "có
    ai không", "cho hỏi chút", and a greeting with only who is speaking ("xin chào, tôi là bí
    thư chi bộ thôn 2"); THANKS for "cảm ơn", "ok", "hihi", "👍"; FAREWELL for "tạm biệt",
    "bye nhé", "hẹn gặp lại"; ABOUT for "bot làm được gì", "bạn là ai"; None otherwise."""
    folded = re.sub(r"\bhe lo\b", "hello", folded)  # "hế lô"
    # "đồng ý", "nhất trí": agreeing, as "ok" ("đồng" alone is "đồng chí")
    folded = re.sub(r"\b(?:dong y|nhat tri)\b", "ok", folded)
    words = re.findall(r"[a-z]+", folded)
    if not words:
        # "👍", ":)", "^^": an acknowledgement; "?" or digits alone are not
        symbols = folded.strip()
        if symbols and not re.search(r"[\w?]", symbols) and len(symbols) <= 12:
            return AnswerKind.THANKS
        return None
    if len(words) <= 8 and all(word in _ABOUT_WORDS for word in words) and _ABOUT.search(folded):
        return AnswerKind.ABOUT
    if (
        len(words) <= 3
        and all(word in _ACK_SOUNDS | _POLITE for word in words)
        and any(word in _ACK_SOUNDS for word in words)
    ):
        return AnswerKind.THANKS
    if "?" not in folded:
        introduced = _introduction(words)
        if introduced is not None:
            return introduced
    if len(words) > (12 if any(word in _WISH_TRIGGERS for word in words) else 8):
        return None
    plain = _POLITE | _GREETING_WORDS
    if all(word in _PRESENCE | plain for word in words) and _PRESENCE_ASKED.intersection(words):
        return AnswerKind.GREETING
    if "hoi" in words and all(word in _ASKING_LEAVE | plain for word in words):
        return AnswerKind.GREETING
    words = _without_addressees(words)
    known = _GREETING_WORDS | _THANKS_WORDS | _ACK_WORDS | _POLITE | _FAREWELL_WORDS | _WISHES
    if any(word in _GREETING_WORDS for word in words):
        known = known | _CALLING
    if any(word in _THANKS_WORDS for word in words):
        known = known | _PRAISE
    if any(word in _FAREWELL_WORDS for word in words):
        known = known | _LATER
    if "khoe" in words:  # "bot ơi khỏe không", "dạo này khỏe chứ": how are you
        known = known | _CALLING | _HOW_ARE_YOU
    if _CALL in words:  # "bot ơi, có đó không"
        known = known | _CALLING
    if any(word in _WISH_TRIGGERS for word in words):
        known = known | _WISH_REST
    if not all(word in known for word in words):
        return None
    if any(word in _FAREWELL_WORDS for word in words):
        return AnswerKind.FAREWELL
    wished = "lanh" in words  # "tốt lành": a wish, not "tốt" (good, agreed)
    if any(word in _WISHES for word in words) and not any(
        word in _THANKS_WORDS | _ACK_WORDS and not (wished and word == "tot") for word in words
    ):
        return AnswerKind.GREETING
    if _CALL in words and not any(word in _THANKS_WORDS | _ACK_WORDS for word in words):
        return AnswerKind.GREETING
    if any(word in _GREETING_WORDS for word in words) and not any(
        word in ("cam", "on", "thanks", "thank") for word in words
    ):
        return AnswerKind.GREETING
    if any(word in _THANKS_WORDS | _ACK_WORDS for word in words):
        return AnswerKind.THANKS
    return None


def _without_addressees(words: list[str]) -> list[str]:
    kept: list[str] = []
    for word in words:
        if kept and (kept[-1], word) in _ADDRESSEES:
            kept.pop()
            continue
        kept.append(word)
    return kept


def _introduction(words: list[str]) -> AnswerKind | None:
    """GREETING when a greeting is followed only by who is speaking ("xin chào, tôi là bí thư
    chi bộ thôn 2", "dạ em chào đồng chí, em ở xã Ia Hiao") and asks nothing."""
    start = next(
        (
            position
            for position in range(len(words) - 1)
            if words[position] in _SPEAKERS and words[position + 1] in _INTRODUCING
        ),
        None,
    )
    if start is None or start == 0:
        return None
    before, rest = words[:start], words[start:]
    if not any(word in _GREETING_WORDS for word in before) or not all(
        word in _GREETING_WORDS | _POLITE | _ACK_WORDS for word in before
    ):
        return None
    if len(rest) > 12 or any(word in _ASKING for word in rest[2:]):
        return None
    return AnswerKind.GREETING


_LEADING_GREETING = re.compile(
    r"^(?:(?:xin )?chao|kinh gui|alo|hello|hi)(?: (?:ban|dong chi|anh|chi|em|bot|ad|admin))?"
    r"[ ,.!]+"
)

# --- a plan's identity ------------------------------------------------------------------------

_PLAN_WORD = r"(?:ke hoach|kh|chuong trinh|ctr|van ban|cth?d)"
_CARRIED_KIND = r"nghi quyet|nq|ket luan|kl|chi thi|ct"  # what a plan carries out
# "ai" said another way: "đồng chí nào", "cơ quan nào", "đảng ủy nào".
_WHO = (
    r"(?:ai|dong chi nao|nguoi nao|dc nao|co quan nao|cap nao|don vi nao|to chuc nao|"
    r"dang uy nao|cap uy nao|ban nao)"
)
_IDENTITY_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "signer",
        re.compile(
            r"\b(?:ai ky|nguoi ky|ky ten|ky thay mat|thay mat .{0,40}\bky|do ai ky|duoc ky boi|"
            # "chữ ký" of a plan, not "chu kỳ" (a cycle: "theo chu kỳ nào", "chu kỳ sinh hoạt")
            r"ky boi ai|ai la nguoi ky|ky ban hanh la ai|"
            r"(?<!theo )chu ky (?:cua|o cuoi|cuoi|tren|o|la cua|kh|ke hoach|ctr|chuong trinh|"
            r"van ban)\b(?!.*\b(?:bao lau|may thang|may nam|may lan|hang thang|hang nam)\b)|"
            rf"(?:do )?{_WHO} (?:da )?ky|(?:dong chi|nguoi) ky .{{0,30}}\b(?:chuc vu|la ai)|"
            r"ky\b.{0,60}\b(?:tu cach|chuc vu|chuc danh|cuong vi|danh nghia) (?:gi|nao|la gi)|"
            r"(?:tu cach|chuc vu|chuc danh) (?:gi|nao)\b.{0,40}\bky)\b"
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(?:ngay ban hanh|ban hanh (?:ngay|vao ngay|hom|khi|luc|nam|thang|bao gio|tu)|"
            r"ky ngay|ngay ky|ky (?:vao |hom |khi |luc )nao|ban hanh .{0,20}\bngay nao|"
            r"(?:ngay|hom|khi|luc|nam|thang) (?:nao|may) (?:duoc )?ban hanh|bao gio (?:duoc )?ban hanh|"
            r"ra doi (?:khi|luc|nam|ngay)|co tu (?:ngay|khi) nao|ngay thang nam|ngay thang nao|"
            rf"{_PLAN_WORD}\b.{{0,20}}\bngay (?:may|nao|bao nhieu))\b"
        ),
    ),
    (
        "number",
        # "số mấy" is the plan's number only said of a plan ("KH này số mấy"), not of the
        # lottery or of a document the plan cites ("quy định số mấy")
        re.compile(
            r"\b(?:so hieu|so ky hieu|ky hieu|ma so|so van ban)\b|"
            rf"\b{_PLAN_WORD}(?: nay| do| \d+)? (?:la |co )?so (?:bao nhieu|may|nao)\b|"
            # "KH thực hiện NQ21 số mấy": the resolution named, the plan's number asked
            rf"\b{_PLAN_WORD} (?:thuc hien|trien khai) (?:{_CARRIED_KIND}) ?\d+ "
            r"(?:la |co )?so (?:bao nhieu|may|nao)\b|"
            # "kế hoạch NQ21 của Đảng ủy Khối ... số mấy": the plan named, its number asked last
            rf"^ {_PLAN_WORD}\b.{{0,120}} (?:la |co )?so (?:may|nao) $|"
            # "... số bao nhiêu" too, unless a figure is asked ("phải đạt số bao nhiêu")
            rf"^ {_PLAN_WORD}\b(?!.*\b(?:dat|phai|chi tieu|ty le|ti le|tang|giam|co duoc)\b)"
            r".{0,120} (?:la |co )?so bao nhieu $"
        ),
    ),
    (
        "issuer",
        re.compile(
            r"\b(?:(?:do|cua) (?:ai|co quan nao|cap nao|don vi nao) ban hanh|ai ban hanh|"
            # "cơ quan nào ban hành", not "ngày nào ban hành" (the date)
            r"(?<!ngay )(?<!hom )(?<!khi )(?<!luc )(?<!nam )(?<!thang )nao ban hanh|"
            r"ban hanh boi|co quan ban hanh|don vi ban hanh|"
            r"ai (?:xay dung|lap|soan|ra) " + _PLAN_WORD + rf"|do {_WHO} (?:xay dung|lap|soan)|"
            rf"{_PLAN_WORD}(?: so)? \d+ (?:la )?cua {_WHO}(?= *$)|"
            # the body above the issuer, the first line of the heading: "đảng ủy khối ... trực
            # thuộc đảng bộ nào"
            r"(?:truc thuoc|thuoc|la cua) (?:dang bo|dang uy|cap|tinh|huyen) nao(?= *$))\b"
        ),
    ),
    (
        "recipients",
        re.compile(
            r"\b(?:noi nhan|gui (?:cho |den |toi |ve )?(?:ai|nhung ai|dau|nhung dau|nhung noi|"
            r"noi nao|nhung co quan|co quan nao|don vi nao)|duoc gui|"
            r"gui\b.{0,40}\b(?:cho|den|toi|ve) (?:ai|nhung ai|dau|nhung dau|nhung noi|noi nao|"
            r"nhung co quan|co quan nao|don vi nao|nhung don vi))\b"
        ),
    ),
    (
        "basis",
        re.compile(
            r"\b(?:thuc hien|trien khai|cu the hoa|can cu(?: vao)?|theo) (?:(?:ke hoach|kh|"
            r"chuong trinh|ctr|nghi quyet|nq|ket luan|kl|van ban|chi thi) )?(?:nao|gi|so may|"
            r"so nao)\b|\bcan cu (?:nao|vao dau|vao gi)\b"
        ),
    ),
    (
        "title",
        re.compile(
            rf"\bten (?:day du |chinh thuc |goi )?(?:cua )?{_PLAN_WORD}\b|"
            rf"\b{_PLAN_WORD}\b.{{0,50}}\bten (?:day du |chinh thuc )?(?:la )?(?:gi|j)\b|"
            rf"\btrich yeu\b|\b{_PLAN_WORD}\b.{{0,50}}\bve viec gi\b"
        ),
    ),
)
_NUMBER_ITSELF = re.compile(r"\b(?:so hieu|so ky hieu|ky hieu|ma so|so van ban)\b")
_OTHER_NUMBER = re.compile(
    r"\b(?:quy dinh|qd|nghi quyet|nq|chi thi|ct|huong dan|hd|ket luan|kl|de an|quyet dinh|"
    r"thong tu|nghi dinh|cong van|to trinh) (?:la |co )?so (?:may|nao) $"
)
_PART_NAMED = re.compile(r"\b(?:phan|muc|chuong|de muc|tieu muc)\b.{0,50}\bten\b")
_REPORT_SENT = re.compile(r"\bbao cao\b.{0,80}\bgui\b")
_SENT_TO = re.compile(r"\bgui\b.{0,60}\bkhong\b")
# "bản lưu (của KH 21) để ở đâu", "KH 127 lưu ở bộ phận nào": not "lưu ý", "lưu hành"
_KEPT_AT = re.compile(
    r"\bban luu\b(?! (?:y|hanh)\b)|\bluu (?:o |tai )?(?:dau|bo phan nao|noi nao|co quan nao)\b"
)
_OTHER_DOCUMENT = re.compile(
    r"^(?:(?:nghi quyet|nq|ket luan|kl|chi thi|quy dinh|huong dan|de an)\b)"
)
_NUMBERED_PLAN = re.compile(
    r"^(?:ke hoach|kh|chuong trinh(?: hanh dong)?|ctr|van ban)\s*(?:so\s*)?"
    r"0*(?!(?:19|20)\d\d\b)(\d{1,4})\b"  # a year ("chương trình 2020-2025") is no number
)


# A question about what another document itself lays down, a list or a figure of it ("Quy định
# 69 có những hình thức kỷ luật nào", "Hướng dẫn 42 quy định họp tối thiểu bao nhiêu phút"): the
# plans only cite such documents by number, date and title.
_INSIDE_OTHER_DOCUMENT = re.compile(
    r"^(?:(?:quy dinh|qd|huong dan|hd|chi thi|ct|nghi dinh|thong tu) ?(?:so )?\d+|dieu le dang|"
    r"luat [a-z]+)\b"
    r"(?!.*\b(?:ngay|nam|thang) (?:may|nao|bao nhieu)\b)(?!.*\bban hanh\b)"
    r".*\b(?:co nhung|gom nhung|bao nhieu|may|toi thieu|toi da)\b"
)


# ... and how a resolution, conclusion or project the plans carry out or cite is made up ("Nghị
# quyết 21 gồm mấy phần", "Đề án 04 có bao nhiêu giải pháp"): the plans give their own parts.
_PARTS_OF_OTHER_DOCUMENT = re.compile(
    r"^(?:nghi quyet|nq|ket luan|kl|de an|da) ?(?:so )?\d+\b(?:[ -]?[a-z]{1,4}/[a-z]{1,4})?"
    r"(?!.*\b(?:ke hoach|kh|chuong trinh|ctr)\b)"
    r".*\b(?:(?:gom|co) (?:may|bao nhieu) (?:phan|chuong|dieu|muc|giai phap|nhiem vu|noi dung)|"
    r"noi dung chinh)\b"
)


# ... and the steps or papers of a procedure ("quy trình bầu chi ủy thế nào", "thủ tục chuyển
# sinh hoạt đảng cần giấy tờ gì"): regulations lay them down; a plan only says to follow them.
_PROCEDURE = re.compile(
    r"\b(?:quy trinh|thu tuc)\b.*\b(?:the nao|ra sao|gom nhung|gom gi|gom may|"
    r"(?:nhung|cac|may) buoc|giay to|giay gi|can nhung gi|can gi)\b"
)


def inside_other_document(folded: str) -> bool:
    """Whether a question asks for what another document (a regulation, guideline, law,
    the Party's Statute) itself lays down, a list or a figure of it, the steps or papers of a
    procedure, or how a resolution or project is made up: no plan states those."""
    return (
        _INSIDE_OTHER_DOCUMENT.search(folded) is not None
        or _PARTS_OF_OTHER_DOCUMENT.search(folded) is not None
        or _PROCEDURE.search(folded) is not None
    )


def about_other_document(folded: str, plans: Collection[ParsedPlan]) -> bool:
    """Whether a question is about a document it cites rather than a plan in the library:
    a resolution ("Nghị quyết 21 ban hành ngày nào"), or a plan by a number no imported plan
    has ("Chương trình 56 của Tỉnh ủy ban hành ngày nào": cited in a plan's opening)."""
    if _OTHER_DOCUMENT.match(folded):
        return True
    match = _NUMBERED_PLAN.match(folded)
    if match is None:
        return False
    numbers = {(plan.identity.number or "").lstrip("0") for plan in plans}
    # "kh 21 của đảng ủy xã Ia Hiao": a plan is also called, with its own kind, by the number
    # of the first document it carries out (knowledge.plan_names.carried_first); "chương trình
    # 21" is no kế hoạch carrying out Nghị quyết 21
    kind = _kind_asked(match.group(0))
    carried = {
        carried_first(plan)
        for plan in plans
        if kind is None or fold_key(plan.identity.kind or "kh") == kind
    }
    return match.group(1) not in numbers | carried


def _kind_asked(named: str) -> str | None:
    """"kh" or "ctr" for the kind of plan a question names by number, None for "văn bản"."""
    if named.startswith(("ke hoach", "kh")):
        return "kh"
    if named.startswith(("chuong trinh", "ctr")):
        return "ctr"
    return None


def identity_fields(folded: str) -> tuple[str, ...]:
    """The identity fields a folded question asks about ("ai ký" → signer)."""
    text = f" {folded} "
    fields = [name for name, pattern in _IDENTITY_ASKS if pattern.search(text)]
    if "basis" in fields and "number" in fields and not _NUMBER_ITSELF.search(text):
        # "thực hiện kế hoạch số mấy": the number of the document carried out
        fields.remove("number")
    if "number" in fields and _OTHER_NUMBER.search(text):
        fields.remove("number")  # "... là quy định số mấy": another document's number
    if "title" in fields and _PART_NAMED.search(text):
        fields.remove("title")  # "phần nhiệm vụ giải pháp tên là gì": a part's title
    if "recipients" in fields and _REPORT_SENT.search(text):
        fields.remove("recipients")  # a report the plan asks for is sent, not the plan
    if (
        "recipients" not in fields
        and (_SENT_TO.search(text) or _KEPT_AT.search(text))
        and re.search(rf"\b{_PLAN_WORD}\b", text)
    ):
        fields.append("recipients")  # ... and the copy kept, of a plan: "Lưu VP ĐU"
    return tuple(fields)


# --- a body's tasks ---------------------------------------------------------------------------

_OWNER_OF = re.compile(
    r"^(?:cac |nhung )?(?:nhiem vu|trach nhiem|viec|cong viec)(?: cu the)?(?: cua| danh cho)"
    r" (?P<owner>.+)$"
)
# "nhiệm vụ ban tuyên giáo đảng ủy khối trong kh 74": "của" left out, a body's name follows
_OWNER_OF_BARE = re.compile(r"^(?:cac |nhung )?(?:nhiem vu|trach nhiem)(?: cu the)? (?P<owner>.+)$")
_OWNER_DOES = re.compile(
    r"^(?P<owner>.+?) (?:co |phai |can |duoc giao |se )?(?:nhiem vu gi|nhung nhiem vu gi|"
    r"trach nhiem gi|lam gi|lam nhung gi|lam nhung viec gi|lam viec gi|phu trach (?:viec )?gi|"
    r"phu trach nhung (?:viec )?gi|duoc giao (?:nhung )?(?:nhiem vu |viec |cong viec )?gi|"
    r"co nhiem vu nhu the nao|"
    r"(?:tu )?(?:nhan|dam nhan|dam nhiem|dam trach) (?:nhung )?(?:viec|nhiem vu|phan viec) gi|"
    r"nhiem vu (?:la|nhu the nao)(?: gi)?)(?P<tail> .*)?$"
)
# "kế hoạch giao cho chi bộ thôn việc gì", "KH 74 giao UBKT những nhiệm vụ nào"
_GIVEN_TO = re.compile(
    r"^(?:.+? )?giao (?:cho )?(?P<owner>.+?) (?:lam |thuc hien )?(?:nhung )?"
    r"(?:viec|nhiem vu|cong viec)(?: gi| nao)(?P<tail> .*)?$"
)
_TAIL_SPLIT = re.compile(r" (?:theo|trong|o|tai|thuoc|cua|doi voi|ve) ")
# ... and "Mặt trận xã", as people call the Front, whose name the plans always write in full
_HEADS = tuple(
    sorted(
        {fold_key(head) for head in BODY_HEADS if " " in head} | {"mat tran"}, key=len, reverse=True
    )
)
_LEVEL_WORDS = frozenset({"xa", "huyen", "tinh", "khoi", "phuong", "thanh"})
_PLAN_KIND_WORDS = frozenset(
    _words("ke hoach kh chuong trinh ctr thuc hien nq nghi quyet kl ket luan hanh dong so cua nay")
)
_LEVELS = frozenset(
    _words("xa huyen tinh khoi thanh pho phuong thi tran dang uy bo co so truc thuoc")
)
OWNER_LISTED = 6
ASSIGNED = 0.3
_BASIS_WORDS = frozenset(
    _words(
        "trien khai cu the hoa can cu chi thi ct huong dan hd quy dinh qd van ban ban hanh "
        # who issued the document carried out: "kế hoạch số mấy của BTV Tỉnh ủy"
        "thuong vu btv chap bch trung uong tw bo chinh tri "
        # how a plan came to be: "được xây dựng căn cứ vào văn bản nào"
        "duoc xay dung soan lap vao dua tren"
    )
)


# A body's name typed alone asks for its tasks ("MTTQ ia hiao", "ban tổ chức"); the bodies
# that issue plans ("đảng ủy xã Ia Hiao", "BTV Tỉnh ủy") rather name a plan.
_ISSUING_HEADS = frozenset(
    {"dang uy", "dang bo", "huyen uy", "tinh uy", "thanh uy", "ban chap hanh", "ban thuong vu"}
    | {"btv", "bch"}
)
_BARE_BODY = re.compile(
    r"^(?:"
    + "|".join(sorted({fold_key(h) for h in BODY_HEADS} - _ISSUING_HEADS, key=len, reverse=True))
    + r")\b"
)
BARE_BODY_WORDS = 6
# ... what a body is to do in some case ("trách nhiệm chi bộ khi đảng viên vi phạm") is no list
# of its tasks
_IN_CASE = re.compile(r"\b(?:khi|neu|trong truong hop|de|doi voi|voi|sau khi|truoc khi)\b")


def _bare_owner(owner: str) -> bool:
    """Whether the words after "nhiệm vụ" (without "của") name a body that does not issue plans
    ("Ban Tuyên giáo Đảng ủy Khối"), with no more than the plan or place after it: "nhiệm vụ
    đảng bộ xã đến năm 2025" asks for the commune's goals, not a body's tasks."""
    if _BARE_BODY.match(owner) is None:
        return False
    split = _TAIL_SPLIT.search(owner)
    named = owner[: split.start()] if split else owner
    return _IN_CASE.search(named) is None and len(named.split()) <= BARE_BODY_WORDS


class OwnerAsked(NamedTuple):
    """The body a question asks about, the words after it, and whether its name was typed alone
    ("MTTQ ia hiao"): then every word must belong to a body's name or a plan's."""

    owner: str
    tail: str
    alone: bool = False


def owner_asked(folded: str) -> OwnerAsked | None:
    """(the body, the rest) of "nhiệm vụ của X ...", "X có nhiệm vụ gì ...", or of a body's
    name typed alone ("MTTQ ia hiao"), else None."""
    text = re.sub(r"[^\w\s]", " ", folded)
    text = re.sub(r"\bj\b", "gi", " ".join(text.split()))  # "làm j": "gì" typed short
    text = re.sub(r"\bdc\b", "duoc", text)  # "đc giao": "được" typed short
    match = _OWNER_OF.match(text)
    if match is None and (bare := _OWNER_OF_BARE.match(text)) is not None:
        match = bare if _bare_owner(bare.group("owner")) else None
    if match:
        owner, tail = match.group("owner"), ""
        split = _TAIL_SPLIT.search(owner)
        if split:
            owner, tail = owner[: split.start()], owner[split.start() :]
    else:
        match = _OWNER_DOES.match(text) or _GIVEN_TO.match(text)
        if match:
            owner, tail = match.group("owner"), match.group("tail") or ""
        elif _BARE_BODY.match(text) and len(text.split()) <= BARE_BODY_WORDS:
            return OwnerAsked(text, "", alone=True)  # "MTTQ ia hiao", "ban tổ chức"
        else:
            return None
    owner, tail = owner.strip(), tail.strip()
    return OwnerAsked(owner, tail) if owner else None


# Bodies no other word of a plan stands for: a plan that never writes the name gives them
# nothing (a mass organisation may be among "các tổ chức chính trị - xã hội" unnamed).
_NAMED_ONLY = frozenset(
    {
        "uy ban nhan dan",
        "hoi dong nhan dan",
        "uy ban kiem tra",
        "ban to chuc",
        "ban tuyen giao",
        "ban dan van",
        "ban noi chinh",
        "van phong",
    }
)


def _body_left_out(index: PlanIndex, asked: OwnerAsked, named: list[NamedPlan]) -> bool:
    """Whether a body's tasks are asked of the one plan the question names, a plan that never
    writes the body's name ("KH 127 giao UBND tỉnh làm gì": the bloc's plan gives the
    province's people's committee nothing, and a passage about something else is no answer)."""
    single = unique(named)
    if single is None:
        return False
    head = _head_of(" ".join(index.corrected(asked.owner)))
    return head in _NAMED_ONLY and not index.writes(single, head)


def _cites_elsewhere_only(index: PlanIndex, named: list[NamedPlan], folded: str) -> bool:
    """Whether the question asks the one plan it names about a document that plan never cites
    but another does ("chương trình Tây Sơn nói gì về đề án 01": the bloc's plan carries out
    Đề án 01; the district's says nothing of it). A plan itself is called "kế hoạch 21" or
    "chương trình 1" after what it carries out, so plans and programmes are left out."""
    single = unique(named)
    if single is None:
        return False
    asked = {document for document in named_documents(folded) if document[0] not in ("kh", "ctr")}
    missing = asked - index.cited_by(single)
    return any(
        document in index.cited_by(plan.document_id)
        for document in missing
        for plan in index.plans
        if plan.document_id != single
    )


def _names_more_fully(index: PlanIndex, asked: str, owner: str, heading: str) -> bool:
    """Whether `heading` (a passage's) holds at least two more of the words of the body
    `asked` than `owner`, the body whose tasks were found, does."""
    words = set(index.corrected(asked)) - STOP_WORDS

    def held_by(text: str) -> int:
        return len(words & set(re.findall(r"[a-z0-9]+", fold_key(text))))

    return held_by(heading) >= held_by(owner) + 2


def _head_of(expanded: str) -> str | None:
    padded = f" {expanded} "
    found = [(padded.find(f" {head} "), -len(head), head) for head in _HEADS]
    found = [item for item in found if item[0] >= 0]
    return min(found)[2] if found else None


# --- the answer -------------------------------------------------------------------------------


def answer(index: PlanIndex, question: str, today: date, asker: Asker = EVERYONE) -> Answer:
    """The answers to `question` for `asker`, best first, or why there is none."""
    question = clip_question(question)
    folded = fold_key(question).strip(" ?.!")
    talk = small_talk(folded)
    if talk is not None:
        return Answer(talk)
    folded = _LEADING_GREETING.sub("", folded).strip() or folded
    outside = index.outside
    if (
        outside.unknown_document(folded)
        or outside.unknown_name(question)
        or outside.unknown_province(folded)
        or outside.asks_news(folded)
        or outside.asks_daily_life(folded)
        or inside_other_document(folded)
    ):
        return Answer(AnswerKind.NOT_FOUND)
    question, folded = without_introduction(index, question, folded)
    readable = asker.readable
    plans = [p for p in index.plans if readable is None or p.document_id in readable]
    if not plans:
        return Answer(AnswerKind.NOT_FOUND)
    syllables = index.corrected(question)
    named = index.names.named(syllables, readable)
    if _cites_elsewhere_only(index, named, folded):
        return Answer(AnswerKind.NOT_FOUND)
    prefer = {
        plan.document_id: document_preference(
            asker.nearness, plan.document_id, index.names.foreign
        )
        for plan in plans
    }
    items: list[Item] = []
    searched: SearchResult | None = None  # the search, once, when a branch needs it first
    spelled = functools.cache(lambda: index.spelled(folded))  # read once, when first needed
    fields = identity_fields(folded) or identity_fields(spelled())
    if "basis" in fields and _asks_more_than_the_basis(index, folded):
        fields = tuple(name for name in fields if name != "basis")
    if named_documents(folded) & index.cited_only:
        # "KH Ia Hiao nhắc đến Quy định 195 về việc gì", "KH 127 nhắc KH 78 để thực hiện kết
        # luận nào": what a document the plan cites is about, told where the plan cites it
        fields = tuple(name for name in fields if name not in ("title", "basis"))
    if not fields and _signed_by(plans, folded):
        # "đồng chí Đỗ Xuân Tuyên ký văn bản nào": the plans that person signed; "Nguyễn
        # Thanh Sơn là ai": what the plans say of a signer
        if _SIGNED.search(folded):
            fields = ("title", "signer")
        elif _WHO_IS.search(folded):
            fields = ("signer",)
    if fields and not about_other_document(folded, index.plans):
        items.extend(_identity_items(index, fields, named, prefer, plans, folded))
    elif fields and set(fields) & {"date", "issuer", "signer"} and _OTHER_DOCUMENT.match(folded):
        # "Kết luận 38 của cơ quan nào, ký ngày nào": the plans carrying it out cite it with
        # its date and issuer in their title or opening.
        items.extend(_citing_items(folded, prefer, plans, dated="date" in fields))
        if not items and "date" in fields:
            asked_documents = named_documents(folded)
            if not asked_documents & index.dated_documents:
                # its date is written nowhere: a passage citing it would be no answer
                return Answer(AnswerKind.NOT_FOUND)
            # "Chỉ thị 28 ban hành ngày nào": a passage citing it with its date answers,
            # however few of the question's other words it holds
            searched = index.search(question, top=3, within=readable, prefer=prefer)
            items.extend(
                Item(ItemKind.PASSAGE, hit.document_id, hit.document_label, hit=hit)
                for hit in searched.hits
                if asked_documents & named_documents(fold_key(hit.passage), dated=True)
            )
    # A literal fact asked for (an age, a salary...) is answered only by a passage stating
    # one (knowledge.index.PlanIndex.search), never by the nearest target or deadline.
    if not items and asked_fact(folded) is None:
        structured = answer_structured(
            index, question, today, set(readable) if readable else None, owners=False
        )
        if structured is not None:
            items.append(_structured_item(structured))
    if not items:
        part = section_asked(folded, index, syllables)
        if part is not None:
            items.extend(_section_items(index, part, named, prefer, plans))
    owner_first = False
    asked: OwnerAsked | None = None
    if not items:
        # "ban tổ chức ... lamf gì", "phari làm gì": the ways of asking typed with a slip too
        asked = owner_asked(folded) or owner_asked(spelled())
        if asked is not None:
            owner_item, specific = _owner_item(index, asked, named, prefer, readable)
            if owner_item is not None:
                items.append(owner_item)
                owner_first = not specific
            elif _body_left_out(index, asked, named):
                return Answer(AnswerKind.NOT_FOUND)
    result = (
        searched
        if searched is not None
        else index.search(question, top=3, within=readable, prefer=prefer)
    )
    if owner_first and asked is not None and not result.not_found and result.hits:
        # "cấp ủy trực thuộc huyện ủy" asked, only "Cấp ủy" owning tasks: a passage under a
        # heading naming the body more fully comes first.
        owner_first = not _names_more_fully(
            index, asked.owner, items[0].owner, result.hits[0].heading
        )
    found = [Item(ItemKind.PASSAGE, h.document_id, h.document_label, hit=h) for h in result.hits]
    passages = [] if result.not_found else found
    if items and not owner_first and items[0].kind is ItemKind.OWNER_TASKS:
        items = passages[:2] + items if passages else items
    else:
        items.extend(passages)
    if not items:
        near = (
            tuple(found[:NEAR_OFFERED])
            if result.not_found
            and likelihood(result.evidence) >= NEAR
            and about_party_work(question, folded)
            else ()
        )
        return Answer(AnswerKind.NOT_FOUND, near=near)
    return Answer(AnswerKind.FOUND, tuple(_distinct(items)[:MOST_ITEMS]))


def without_introduction(index: PlanIndex, question: str, folded: str) -> tuple[str, str]:
    """The question without who is speaking and "cho em hỏi" (knowledge.asking), with the names
    of the place or body they gave kept at its end, to tell which plan is meant."""
    asked, introduction = asked_part(question)
    if not introduction:
        return question, folded
    asked = named_body(asked, introduction)
    syllables = index.corrected(introduction)
    kept = [syllables[position] for position in sorted(index.names.name_words(syllables))]
    kept += [fold_key(name) for name in proper_names(introduction) if fold_key(name) not in kept]
    if kept:
        asked = f"{asked} ({' '.join(kept)})"
    return asked, _LEADING_GREETING.sub("", fold_key(asked).strip(" ?.!")).strip()


_PART = re.compile(
    r"^(?:(?:noi dung|phan|muc) )?(?P<part>muc dich(?: va)?(?: yeu cau)?|yeu cau|"
    r"muc tieu(?: tong quat| chung| cu the)?|to chuc thuc hien|tinh hinh|"
    r"(?:cac )?nhiem vu(?:,| va)? giai phap(?: trong tam| chu yeu)?|noi dung thuc hien)\b"
    r"(?P<rest>.*)$"
)
_PART_NAMES = (
    r"muc dich(?: va)?(?: yeu cau)?|yeu cau|muc tieu(?: tong quat| chung| cu the)?|"
    r"(?:cac )?nhiem vu(?: va)? giai phap(?: trong tam| chu yeu)?"
)
# The part named at the end: "KH thực hiện KL 38 của Hưng Yên đặt ra yêu cầu gì?", "... phần
# nhiệm vụ giải pháp tên là gì"
_PART_AT_END = re.compile(
    rf"^(?P<rest>.*?)\b(?:(?:dat ra|de ra|neu|neu ra|co|gom)(?: nhung)? )?(?:nhom )?"
    rf"(?P<part>{_PART_NAMES})(?: (?:co )?ten(?: goi| day du)?)?(?: (?:la )?(?:gi|nao|j))?$"
)
# "... gồm những nhóm nào", "bao gồm những gì": asking for the part as a whole
_PART_FILLER = frozenset({"gom", "bao", "nhom", "noi", "dung"})
# Words of a part's name that some plans leave out of the heading ("nhiệm vụ, giải pháp
# trọng tâm" is "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU" in another plan).
_PART_QUALIFIERS = frozenset({"cac", "va", "trong", "tam", "chu", "yeu"})
SECTION_BUDGET = 1500


# "KH 127 gồm mấy phần", "bố cục của kế hoạch": the plan's parts, an outline
_OUTLINE = re.compile(
    r"\b(?:gom|co|chia (?:lam|thanh))? ?(?:may|bao nhieu|nhung) (?:phan|muc)"
    r"(?: lon| chinh)?(?: nao| gi)?\b|\bbo cuc\b|\bcau truc\b"
)
OUTLINE = "*"  # section_asked's answer for the whole plan's outline
_PART_ASIDE = rf"\b(?:(?:phan|muc) )?(?:{_PART_NAMES}|tinh hinh|to chuc thuc hien)\b"


def section_asked(folded: str, index: PlanIndex, syllables: list[str]) -> str | None:
    """The part of a plan a question asks for by name ("mục đích, yêu cầu của KH 74"), when it
    asks nothing more; `OUTLINE` for the plan's parts as a whole ("KH 127 gồm mấy phần")."""
    text = " ".join(re.sub(r"[^\w\s]", " ", folded).split())
    if (
        _OUTLINE.search(text) is not None
        and re.search(rf"\b{_PLAN_WORD}\b", text)
        # "có mấy phần, phần nhiệm vụ giải pháp gồm gì": the outline names that part too
        and not _rest_words(index, re.sub(_PART_ASIDE, " ", _OUTLINE.sub(" ", text)))
    ):
        return OUTLINE
    match = _PART.match(text) or _PART_AT_END.match(text)
    if not match:
        # a typo in the part's name: "mục tiêu tổng quaat"
        text = index.spelled(text)
        match = _PART.match(text) or _PART_AT_END.match(text)
    if not match:
        return None
    if len(_rest_words(index, match.group("rest"))) > 1:
        return None
    return match.group("part").replace(",", "").replace(" va ", " ")


def _rest_words(index: PlanIndex, text: str) -> list[str]:
    """The words of `text` beyond a plan's name, its kind and level, and filler."""
    words = index.corrected(text)
    names = index.names.name_words(words)
    return [
        word
        for position, word in enumerate(words)
        if word not in STOP_WORDS
        and position not in names
        and word not in _PLAN_KIND_WORDS
        and word not in _LEVEL_WORDS
        and word not in _PART_FILLER
        and not word.isdecimal()
    ]


def _outline_item(plan: ParsedPlan) -> Item | None:
    """The plan's parts, by their titles."""
    parts = [section for section in plan.sections if not section.parent]
    if not parts:
        return None
    return Item(
        ItemKind.SECTION,
        plan.document_id,
        plan.label,
        section_path="",
        title="",
        lines=tuple(f"{section.number}. {section.title}".replace("..", ".") for section in parts),
    )


def _section_items(
    index: PlanIndex,
    part: str,
    named: list[NamedPlan],
    prefer: Mapping[str, float],
    plans: list[ParsedPlan],
) -> list[Item]:
    by_id = {plan.document_id: plan for plan in plans}
    if part == OUTLINE:
        ranked = _ranked_plans(named, prefer, list(by_id))[:3]
        return [item for item in (_outline_item(by_id[d]) for d in ranked) if item is not None]
    wanted = [word for word in part.split() if word not in _PART_QUALIFIERS or part == "yeu cau"]
    items: list[Item] = []
    for document_id in _ranked_plans(named, prefer, list(by_id))[:3]:
        plan = by_id.get(document_id)
        if plan is None:
            continue
        fitting = [
            section
            for section in plan.sections
            if all(word in re.findall(r"[a-z0-9]+", fold_key(section.title)) for word in wanted)
            and len(section.title) < 80
        ]
        if not fitting:
            continue
        section = min(fitting, key=lambda item: (len(item.title), item.level))
        members = [
            member
            for member in plan.sections
            if member.path == section.path or member.path.startswith(section.path + ".")
        ]
        outline = sum(
            len(text) for member in members for text in member.paragraphs
        ) > SECTION_BUDGET and any(member.parent == section.path for member in members)
        if outline:
            # Too long to show whole: its own words and the titles of its parts.
            members = [
                member
                for member in members
                if member.path == section.path or member.parent == section.path
            ]
        lines: list[str] = []
        size = 0
        for member in members:
            if outline and member.path != section.path:
                lines.append(f"{member.number}. {member.title}".replace("..", "."))
                size += len(member.title)
                continue
            paragraphs = list(member.paragraphs)
            title = member.title.removesuffix("...")
            repeated = bool(paragraphs) and paragraphs[0].startswith(title)
            texts = ([] if member.path == section.path or repeated else [member.title]) + (
                paragraphs
            )
            for text in texts:
                if size >= SECTION_BUDGET:
                    break
                lines.append(text)
                size += len(text)
        items.append(
            Item(
                ItemKind.SECTION,
                document_id,
                plan.label,
                section_path=section.path,
                title=f"{section.number}. {section.title}".replace("..", "."),
                lines=tuple(lines),
            )
        )
    return items


# A task of a body's list is always shown whole up to this many characters (handlers'
# plan_answers shortens longer ones to share one message between the tasks).
TASK_SHOWN_WHOLE = 220


def _distinct(items: list[Item]) -> list[Item]:
    """The items without repeats: the same answer twice, or a passage that only says again a
    task a body's list shows whole (the list of the Inspection Committee's one task, then
    "Đoạn khác: mục IV.2" holding that task and nothing more)."""
    seen: set[tuple[str, str, str]] = set()
    listed = {
        (ref.document_id, ref.task.section_path, ref.task.text.strip())
        for item in items
        if item.kind is ItemKind.OWNER_TASKS
        for ref in item.tasks
        if len(ref.task.text) <= TASK_SHOWN_WHOLE
    }
    result = []
    for item in items:
        hit = item.hit
        if hit is not None and (hit.document_id, hit.section_path, hit.passage.strip()) in listed:
            continue
        key = (
            item.kind.value,
            item.document_id,
            item.hit.passage if item.hit else ",".join(item.fields) + item.owner,
        )
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def _asks_more_than_the_basis(index: PlanIndex, folded: str) -> bool:
    """Whether a question that asks "theo chỉ thị nào" is about something the plan does (the
    directive admissions follow: "kết nạp đảng viên mới thì làm theo chỉ thị nào") rather than
    about the documents the plan itself carries out ("KH 74 thực hiện nghị quyết nào")."""
    syllables = index.corrected(folded)
    names = index.names.identifying_words(syllables)
    rest = [
        word
        for position, word in enumerate(syllables)
        if position not in names
        and word not in STOP_WORDS
        and word not in COMMON_WORDS
        and word not in _PLAN_KIND_WORDS
        and word not in _LEVELS
        and word not in _BASIS_WORDS
        and not word.isdecimal()
    ]
    return len(rest) >= 2


def _ranked_plans(
    named: list[NamedPlan], prefer: Mapping[str, float], documents: Collection[str]
) -> list[str]:
    """The plans a question is about: the one it names, else those it names best, else all by
    the asker's preference."""
    single = unique(named)
    if single is not None:
        return [single]
    if named:
        return [item.document_id for item in named]
    return sorted(documents, key=lambda document: -prefer.get(document, 1.0))


_SIGNED = re.compile(r"\bky\b")
_WHO_IS = re.compile(r"\b(?:la ai|chuc vu|chuc danh)\b")


def _signed_by(plans: Collection[ParsedPlan], folded: str) -> list[str]:
    """The plans signed by a person the folded question names ("ông Lê Bình Thanh")."""
    said = _spaced(folded)
    return [
        plan.document_id
        for plan in plans
        if plan.identity.signer and _spaced(fold_key(plan.identity.signer)) in said
    ]


def _spaced(folded: str) -> str:
    """The words of a folded text between single spaces, punctuation left out: " le binh thanh "."""
    return f" {' '.join(re.findall(r'[a-z0-9]+', folded))} "


def _identity_items(
    index: PlanIndex,
    fields: tuple[str, ...],
    named: list[NamedPlan],
    prefer: Mapping[str, float],
    plans: list[ParsedPlan],
    folded: str,
) -> list[Item]:
    by_id = {plan.document_id: plan for plan in plans}
    order = _ranked_plans(named, prefer, list(by_id))
    # "ông Lê Bình Thanh ký thay mặt ai": the plan that person signed comes first
    signed = _signed_by(plans, folded)
    if signed and not named:
        order = signed
    if not named and len(by_id) > 1 and max(prefer.values(), default=1.0) <= 1.0:
        order = order[:3]
    return [
        Item(
            ItemKind.IDENTITY,
            document_id,
            by_id[document_id].label,
            identity=by_id[document_id].identity,
            fields=fields,
        )
        for document_id in order[:3]
        if document_id in by_id
    ]


def _citing_items(
    folded: str, prefer: Mapping[str, float], plans: list[ParsedPlan], dated: bool
) -> list[Item]:
    """The opening or the title of each plan citing a document the folded question names
    ("kết luận 38" → "Kết luận số 38-KL/TW ngày 13/11/2018 của Bộ Chính trị"), the asker's own
    plans first: where its date and issuer are written. When its date is asked (`dated`), only
    a citation giving one counts ("Nghị quyết số 22-NQ/TW của Ban Chấp hành Trung ương khóa X"
    tells no date)."""
    asked = named_documents(folded)
    items: list[Item] = []
    for plan in sorted(plans, key=lambda plan: -prefer.get(plan.document_id, 1.0)):
        identity = plan.identity
        for name, text in (("basis", identity.basis), ("title", identity.title)):
            if asked & named_documents(fold_key(text or ""), dated=dated):
                items.append(
                    Item(
                        ItemKind.IDENTITY,
                        plan.document_id,
                        plan.label,
                        identity=identity,
                        fields=(name,),
                    )
                )
                break
    return items[:3]


def _structured_item(structured: StructuredAnswer) -> Item:
    if structured.kind is Kind.DUE:
        return Item(
            ItemKind.DUE,
            tasks=structured.tasks,
            period=structured.period,
            upcoming=structured.upcoming,
        )
    return Item(ItemKind.TARGETS, targets=structured.targets, period=structured.period)


_COMMUNE_LEVELS = frozenset(("xa", "phuong", "thi tran"))


def _assigned_first(refs: list[TaskRef]) -> list[TaskRef]:
    """Tasks a plan gives the body by name (a heading, "Body: task") before those found as a
    sentence's subject."""
    return sorted(refs, key=lambda ref: ref.task.owner_source not in ("explicit", "heading"))


def _owner_item(
    index: PlanIndex,
    asked: OwnerAsked,
    named: list[NamedPlan],
    prefer: Mapping[str, float],
    readable: frozenset[str] | None,
) -> tuple[Item | None, bool]:
    """The tasks of the body a question asks about, and whether the question asks something
    more specific than the body's tasks (then passages come first)."""
    owner_text, tail, _alone = asked
    owner_words = index.corrected(owner_text)
    owner_names = index.names.name_words(owner_words)
    wanted = " ".join(owner_words)
    head = _head_of(wanted)
    if head is None:
        return None, False
    wanted_words = set(wanted.split())
    asked_levels = (wanted_words | set(index.corrected(tail))) & _LEVEL_WORDS
    # A plan named more clearly counts more ("khối Ninh Thuận" over "Đảng ủy Khối").
    named_share = {item.document_id: item.score / named[0].score for item in named}
    single = unique(named)
    groups: dict[tuple[str, str], tuple[set[str], list[TaskRef]]] = {}
    for (document_id, owner), (key, refs) in index.owner_groups().items():
        if readable is not None and document_id not in readable:
            continue
        if single is not None and document_id != single:
            continue
        if f" {head} " in f" {key} ":
            groups[(document_id, owner)] = (set(key.split()), refs)
    best: tuple[float, tuple[str, str]] | None = None
    for (document_id, owner), (have, refs) in groups.items():
        plan_words = index.names.levels_of(document_id)
        own_levels = have & _LEVEL_WORDS
        if asked_levels and not asked_levels & (own_levels | plan_words):
            continue  # "… của huyện" is not the bloc's body
        score = (
            len(wanted_words & have)
            - 0.7 * len(own_levels - wanted_words - plan_words)
            - 0.5 * len(asked_levels - own_levels - plan_words)
            + 2.0 * named_share.get(document_id, 0.0)
            + 3.0 * (prefer.get(document_id, 1.0) - 1.0)
            + 0.01 * min(len(refs), 5)
            # a body the plan gives a part of its own ("2.6. Ủy ban Mặt trận Tổ quốc ...:")
            # over one only found as a sentence's subject
            + ASSIGNED * any(ref.task.owner_source in ("explicit", "heading") for ref in refs)
        )
        if best is None or score > best[0]:
            best = (score, (document_id, owner))
    if best is None:
        return None, False
    document_id, owner = best[1]
    have, refs = groups[(document_id, owner)]
    if asked.alone and any(
        word not in have
        and word not in _LEVEL_WORDS
        and position not in owner_names
        and expansion(word) is None  # "mttq": its words follow it
        for position, word in enumerate(owner_words)
    ):
        return None, False  # "chi bộ sinh hoạt mấy lần": no body's name alone
    tail_words = index.corrected(tail)
    name_positions = index.names.name_words(tail_words)
    rest = [
        word
        for position, word in enumerate(tail_words)
        if word not in STOP_WORDS
        and position not in name_positions
        and word not in _PLAN_KIND_WORDS
        and word not in _LEVEL_WORDS
        and not word.isdecimal()
    ]
    specific = len(rest) >= 2
    ranked = _assigned_first(refs)
    if head in ("chi bo", "cac chi bo") and index.names.levels_of(document_id) & _COMMUNE_LEVELS:
        # Under a commune's party committee the grassroots party organisations are its cells:
        # "các chi bộ thôn phải làm gì" also gets the tasks of "Các tổ chức cơ sở đảng trực
        # thuộc Đảng ủy".
        ranked += _assigned_first(
            [
                ref
                for (other_document, other), (key, other_refs) in index.owner_groups().items()
                if other_document == document_id
                and other != owner
                and " to chuc co so dang truc thuoc " in f" {key} "
                for ref in other_refs
            ]
        )
    return (
        Item(
            ItemKind.OWNER_TASKS,
            document_id,
            refs[0].document_label,
            owner=owner,
            tasks=tuple(ranked[:OWNER_LISTED]),
            lines=tuple(index.owner_line(ref) for ref in ranked[:OWNER_LISTED]),
        ),
        specific,
    )
