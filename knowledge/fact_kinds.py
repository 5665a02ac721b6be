"""Facts a question asks for that a plan would have to state in so many words: an age, an amount
of money, a length of time, a phone number or e-mail address, a person's name, a count of a
document's parts, a form to fill in, a scale of points, how to install or use an app.

"Đảng viên bao nhiêu tuổi thì được miễn sinh hoạt" shares most of its words with a plan passage
about members excused from meetings, but no plan states the age: a passage answers such a
question only when it holds a fact of the kind asked ("70 tuổi", "500.000 đồng", "12 tháng").
Everything here reads folded text (knowledge.textnorm.fold_key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class FactKind(Enum):
    AGE = "age"
    FORM = "form"
    SCORE = "score"
    DEVICE = "device"
    MONEY = "money"
    DURATION = "duration"
    CONTACT = "contact"
    PERSON_NAME = "person_name"
    DOCUMENT_PARTS = "document_parts"
    DAY_OF_MONTH = "day_of_month"


@dataclass(frozen=True, slots=True)
class AskedFact:
    """A kind of literal fact: how a question asks for it and how a passage states one."""

    kind: FactKind
    asked: re.Pattern[str]
    stated: re.Pattern[str]
    # A question matching this is not asking for the kind after all.
    unless: re.Pattern[str] | None = None

    def stated_in(self, folded_passage: str) -> bool:
        """Whether the folded passage states a fact of this kind."""
        return self.stated.search(folded_passage) is not None


_NUMBER = r"\d[\d.,]{0,15}"  # bounded: a failing match costs at most 16 steps a position
_KINDS = (
    AskedFact(
        FactKind.AGE,
        re.compile(
            r"\b(bao nhieu|may|do|gioi han|du) tuoi\b|\btuoi (nao|toi da|toi thieu|bao nhieu)\b"
        ),
        re.compile(rf"\b{_NUMBER} tuoi\b|\btuoi (tu |duoi |tren )?{_NUMBER}"),
    ),
    AskedFact(
        FactKind.MONEY,
        re.compile(
            r"\b(bao nhieu|may|so|muc) tien\b"
            r"|\btien\b.{0,60}\bbao nhieu\b(?! (nguoi|dang vien|phan|%|lan))"
            r"|\b(muc|so tien|muc tien) (dong|nop|thu|chi|khoan|phu cap|ho tro|luong|thuong)"
            r"\b.{0,60}\b(bao nhieu|la may)\b(?! (nguoi|dang vien|phan|%|lan))"
            r"|\bbao nhieu (dong|trieu|nghin|ngan)\b(?! chi)|\b(gia|luong|phu cap) (la )?bao nhieu\b"
            # dues are a share of the salary: "đóng đảng phí bao nhiêu %", "giữ lại bao nhiêu %"
            r"|\b(dang phi|muc dong|muc nop)\b.{0,60}\b(bao nhieu|may) (phan tram|%)"
            r"|\b(bao nhieu|may) (phan tram|%) (dang phi|tien dang)\b"
            # "lương" folds like "lượng" (chất lượng, số lượng, lực lượng): not those
            r"|(?<!chat )(?<!so )(?<!luc )(?<!dinh )(?<!san )\bluong\b.{0,40}\bbao nhieu\b"
            r"(?! (nguoi|dang vien|phan|%|lan))"
        ),
        re.compile(
            # a share is an amount only of a salary ("1% tiền lương"), not "80% of the cells"
            rf"\b{_NUMBER} ?(dong|d|vnd|trieu|nghin|ngan|ty)\b"
            rf"|{_NUMBER} ?% (tien )?(luong|dang phi|tong so dang phi)"
            rf"|\bhe so {_NUMBER}"
            r"|\bmuc luong\b"
        ),
    ),
    AskedFact(
        FactKind.DURATION,
        re.compile(
            r"\b(trong|mat|la|du bi|keo dai|sau) bao lau\b|\bbao lau (thi|moi|duoc)\b"
            r"|\b(qua|mat|sau|trong|du bi) (bao nhieu|may) (ngay|tuan|thang|nam)\b"
            r"|\b(bao nhieu|may) (ngay|tuan|thang|nam) (thi|moi)\b"
        ),
        re.compile(
            rf"\b{_NUMBER} (ngay|tuan|thang|nam|quy)\b|\b(mot|hai|ba|sau|muoi hai) (thang|nam)\b"
        ),
        unless=re.compile(r"\b(mot|1|may) lan\b"),
    ),
    AskedFact(
        FactKind.CONTACT,
        re.compile(
            r"\b(so dien thoai|sdt|hotline|duong day nong|email|e mail|gmail)\b"
            r"|\bdien thoai (cua|lien he|lien lac)\b"
        ),
        re.compile(r"\d[\d .]{7,}\d|@"),
    ),
    AskedFact(
        FactKind.PERSON_NAME,
        re.compile(
            r"\b(chu tich|bi thu|pho bi thu|truong ban|giam doc|hieu truong|dong chi|ong|ba"
            r"|nguoi|can bo|truong thon|thu truong)\b.{0,40}\bten (la )?(gi|j|nao)\b"
            r"|\bho (va )?ten (cua|day du)\b"
            r"|\bai (la|dang la|hien la) (chu tich|pho chu tich|bi thu|pho bi thu|truong ban"
            r"|giam doc|hieu truong|truong thon)\b"
        ),
        # A name as the plans print it under a signature: two to four capitalised syllables
        # after a title, matched on the folded text by the signature's capacity line.
        re.compile(r"\b(t/m|k/t|bi thu|pho bi thu|truong ban|chu tich)\b[^\n]{0,40}\n[^\n]{3,40}"),
        unless=re.compile(r"\b(ke hoach|chuong trinh|nghi quyet|ket luan|van ban|de an|chi thi)\b"),
    ),
    AskedFact(
        FactKind.FORM,
        re.compile(
            r"\b(mau|bieu mau|file mau) (bien ban|ban kiem diem|ban tu kiem diem|don|giay"
            r"|to khai|to trinh|phieu|so)\b"
        ),
        re.compile(r"\bmau (bien ban|ban kiem diem|don|giay|to khai|to trinh|phieu|so)\b"),
    ),
    AskedFact(
        FactKind.SCORE,
        re.compile(r"\bthang diem\b|\b\d+ diem\b|\b(bao nhieu|may) diem\b|\bcach tinh diem\b"),
        re.compile(r"\b\d+ diem\b|\bthang diem\b"),
    ),
    # how to install or use an app or a device: "cài Zalo trên máy tính", "quên mật khẩu"
    AskedFact(
        FactKind.DEVICE,
        re.compile(
            r"\b(cai dat|cai(?! cach)|tai ve|dang nhap|cap nhat|doi mat khau)\b.{0,20}"
            r"\b(zalo|facebook|app|phan mem|may tinh|dien thoai|laptop|tai khoan)\b"
            r"|\b(quen|lay lai|doi) mat khau\b"
            # "tải Zalo về máy tính"
            r"|\btai (zalo|facebook|app|ung dung|phan mem)\b.{0,12}\bve\b"
        ),
        re.compile(r"\b(cai dat|dang nhap|mat khau)\b"),
    ),
    # "họp vào ngày mấy hằng tháng" is answered by "ngày 25 hằng tháng", not by a passage on
    # monthly meetings that names no day.
    AskedFact(
        FactKind.DAY_OF_MONTH,
        re.compile(
            r"\bngay (may|nao|bao nhieu|thu may)\b.{0,20}\b(hang|moi) thang\b"
            r"|\b(hang|moi) thang\b.{0,30}\b(vao )?ngay (may|nao|bao nhieu)\b"
        ),
        re.compile(
            r"\bngay \d{1,2} (hang|moi|cua) thang\b|\b(hang|moi) thang\b.{0,30}\bngay \d{1,2}\b"
        ),
    ),
    # "bao nhiêu chương" is answered by "... 12 chương", not by "3 điều".
    *(
        AskedFact(
            FactKind.DOCUMENT_PARTS,
            re.compile(rf"\b(bao nhieu|may) {unit}\b"),
            re.compile(rf"\b{_NUMBER} {unit}\b"),
        )
        for unit in ("chuong", "dieu", "trang", "muc", "khoan")
    ),
)


def asked_fact(folded_question: str) -> AskedFact | None:
    """The literal fact the folded question asks for, or None."""
    for kind in _KINDS:
        if kind.asked.search(folded_question) and not (
            kind.unless is not None and kind.unless.search(folded_question)
        ):
            return kind
    return None


_COUNTED = re.compile(r"\b(?:bao nhieu|may|tat ca may|tong so) ([a-z]+(?: [a-z]+)?)\b")
_NOT_COUNTED = frozenset({"phan", "lan", "nam", "thang", "ngay", "tuoi", "tien", "dong", "diem"})
# People are counted in the words the plans use for them: "bao nhiêu người" → "277 đồng chí".
_PEOPLE = r"(?:nguoi|dong chi|dang vien|can bo|thanh vien)"
_PERSON_NOUNS = frozenset({"nguoi", "dong chi", "dang vien", "can bo", "thanh vien"})
# Today's count said before its noun or without one: "hiện có 6/9, chiếm 66,66%".
_COUNT_TODAY = rf"\b(?:hien co|hien nay co|hien tai co|hien nay|hien tai) {_NUMBER}"


def _counted_noun(folded_question: str) -> tuple[list[str], bool] | None:
    """The words after "bao nhiêu" / "mấy" in a question counting things ("mấy thôn có" →
    ["thon", "co"]) and whether they are people; None when it counts nothing, or counts a kind
    above ("bao nhiêu tiền", "mấy lần")."""
    match = _COUNTED.search(folded_question)
    if match is None:
        return None
    noun = match.group(1).split()
    if noun[0] in _NOT_COUNTED:
        return None
    return noun, noun[0] in _PERSON_NOUNS or " ".join(noun) in _PERSON_NOUNS


def counted(folded_question: str, today: bool = False) -> re.Pattern[str] | None:
    """For a question counting things ("xã có tất cả mấy thôn", "bao nhiêu chi bộ"), how a
    passage states such a count ("9 thôn", "8/9 thôn", "58 tổ chức cơ sở đảng"; people as "277
    đồng chí"; for a count of `today`, also "hiện có 6/9"); None for other questions, and for
    the kinds above (an age, an amount of money...)."""
    asked = _counted_noun(folded_question)
    if asked is None:
        return None
    noun, person = asked
    counted_noun = _PEOPLE if person else re.escape(noun[0])
    stated = rf"\b{_NUMBER}(?:/{_NUMBER})? {counted_noun}\b"
    return re.compile(f"{stated}|{_COUNT_TODAY}" if today else stated)


# A total of today asked for in so many words: "hiện có bao nhiêu đảng viên", "tổng cộng có mấy
# thôn", "tổng số cấp ủy viên".
_TOTAL_ASKED = re.compile(
    r"\b(?:hien (?:nay |tai |gio )?(?:co|dang co)|tong cong|tong so|co tat ca)\b"
)
# Words after a counted noun that are not part of it ("mấy thôn có ...", "bao nhiêu xã vậy").
_NOT_NOUN = frozenset(
    {"co", "la", "trong", "cua", "o", "duoc", "thi", "hien", "nay", "vay", "the", "a", "nhe"}
    | {"roi", "tat", "ca", "tong", "cong", "dat", "nam"}
)
# How a plan says a total it has now, the count close after the words saying so: "hiện có 58
# tổ chức ... với 4.482 đảng viên", "tổng số cấp ủy viên cơ sở là 277 đồng chí", "(hiện có 6/9".
# A count, not a date, a share or a document's number ("21/01/2019", "80%", "28-CT/TW").
_TOTAL_SAID = re.compile(
    rf"\b(?:(?:hien (?:nay |tai )?co|tong so|tong cong|co tat ca)\b[^.;()]{{0,60}}?|voi )"
    rf"(?<![\w/.,-])({_NUMBER}(?:/{_NUMBER})?)(?![\w%/-])"
)
_NOUN_BEFORE = 100  # characters before the words saying the total where its noun may stand
_NOUN_AFTER = 40  # characters after the count


@dataclass(frozen=True, slots=True)
class TotalAsked:
    """A question asking how many of something there are now, in all."""

    noun: str  # folded, as the question says it ("dang vien", "thon", "cap uy")
    person: bool
    # the noun as a passage may write it: any word for people, for people
    written: re.Pattern[str] = field(init=False, repr=False, compare=False)
    # "8/9 thôn": a share of the things counted, whose second number is all of them
    share_of_all: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        nouns = _PERSON_NOUNS if self.person else {self.noun}
        alternatives = "|".join(re.escape(noun) for noun in nouns)
        object.__setattr__(self, "written", re.compile(rf"\b(?:{alternatives})\b"))
        # (its first word is enough: "mấy thôn, bôn" is read "thon bon", the plan says "8/9 thôn")
        shares = "|".join(re.escape(noun) for noun in {*nouns, self.noun.split()[0]})
        object.__setattr__(
            self, "share_of_all", re.compile(rf"\b\d{{1,5}} ?/ ?\d{{1,5}} (?:{shares})\b")
        )

    def stated_in(self, folded_passage: str) -> bool:
        """Whether the (folded) passage states such a total: the words saying it is the count
        of now or of all, a count close after them, and the noun shortly before, between them
        or right after; or a share of all of them ("8/9 thôn": 9 in all)."""
        return self.share_of_all.search(folded_passage) is not None or any(
            self.written.search(
                folded_passage, max(0, match.start() - _NOUN_BEFORE), match.end() + _NOUN_AFTER
            )
            for match in _TOTAL_SAID.finditer(folded_passage)
        )


def total_asked(folded_question: str) -> TotalAsked | None:
    """For a question asking in so many words for a total of today ("hiện có bao nhiêu đảng
    viên", "tổng cộng có mấy thôn"): what it counts; None for other questions (a count of a
    goal, "phải kết nạp bao nhiêu đảng viên", is no total of today)."""
    if not _TOTAL_ASKED.search(folded_question):
        return None
    asked = _counted_noun(folded_question)
    if asked is None:
        return None
    noun, person = asked
    if person:
        return TotalAsked(" ".join(noun), True)
    # "mấy thôn có" → "thon"; "tổng số cấp ủy viên" → "cap uy": two words when both are a noun.
    return TotalAsked(" ".join(noun) if noun[1:] and noun[1] not in _NOT_NOUN else noun[0], False)
