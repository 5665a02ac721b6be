"""Questions that are about something no plan speaks of, told by what they name rather than by
how well a passage matches: a document no plan is or cites ("Nghị quyết 57", "KH số
200-KH/ĐUK", "Nghị quyết 18 năm 2025" when the plans cite only the one of 2017), or a proper
name no plan uses ("Đà Nẵng", "Quảng Ngãi").

Both rest on facts of written Vietnamese, not on any question set: a document is cited by its
kind and number ("Nghị quyết số 21-NQ/TW", "KL 38", "Kết luận 38"); only proper names are
written with every syllable capitalised ("Hưng Yên", "Ninh Thuận"), so two such words in a row
that no plan writes side by side are a name the plans do not know.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterable

from knowledge.textnorm import fold_key

# Kinds of document as written in full or as their usual abbreviation, folded → one key.
_KINDS = {
    "nghi quyet": "nq",
    "nq": "nq",
    "ket luan": "kl",
    "kl": "kl",
    "chi thi": "ct",
    "ct": "ct",
    "quy dinh": "qd",
    "quyet dinh": "qd",
    "qd": "qd",
    "huong dan": "hd",
    "hd": "hd",
    "ke hoach": "kh",
    "kh": "kh",
    "chuong trinh": "ctr",
    "chuong trinh hanh dong": "ctr",
    "ctr": "ctr",
    "de an": "da",
    "cong van": "cv",
    "thong bao": "tb",
    "nghi dinh": "nd",
    "thong tu": "tt",
}
_KIND = "|".join(sorted(_KINDS, key=len, reverse=True))
# The words between a document and its year, up to 40 characters, never reaching into another
# document's: in "KH 74 nhắc đến Kết luận 01-KL/TW ngày 18/5/2021" the year is the conclusion's.
_UP_TO_ITS_YEAR = (
    rf"(?:(?!\b(?:{_KIND})\s*(?:so\s*)?\d|\d{{1,4}}\s*-\s*[a-z]{{1,5}}\s*/)[^.;]){{0,40}}?"
)
# "Nghị quyết số 21", "NQ21", "kết luận 38" (a year like "kế hoạch 2025" is no number) ...
_BY_NAME = re.compile(
    rf"\b({_KIND})\s*(?:so\s*)?0*(\d{{1,4}})\b(?:\s*-\s*[a-z]{{1,5}}\s*/\s*[a-z]+)?"
    rf"(?:{_UP_TO_ITS_YEAR}\b(?:nam|/)\s*((?:19|20)\d\d)\b)?"
)
# ... and "21-NQ/TW", "số 127 -KH/ĐUK" (any kind, even one not listed).
_BY_CODE = re.compile(
    r"\b0*(\d{1,4})\s*-\s*([a-z]{1,5})\s*/\s*[a-z]+"
    rf"(?:{_UP_TO_ITS_YEAR}\b(?:nam|/)\s*((?:19|20)\d\d)\b)?"
)
_YEAR_LIKE = re.compile(r"^(?:19|20)\d\d$")
_WORD = re.compile(r"[^\W\d_]+")


def cited_documents(folded: str) -> set[tuple[str, str, str]]:
    """(kind, number, year or "") of every document a folded text cites or is."""
    found: set[tuple[str, str, str]] = set()
    for kind, number, year in _BY_NAME.findall(folded):
        if _YEAR_LIKE.match(number):
            continue
        found.add((_KINDS[kind], number, year or ""))
    for number, kind, year in _BY_CODE.findall(folded):
        found.add((_KINDS.get(kind, kind), number, year or ""))
    return found


def named_documents(folded: str, dated: bool = False) -> set[tuple[str, str]]:
    """(kind, number) of the documents a folded text cites or is ("chỉ thị 28" → ("ct",
    "28")); with `dated`, only those cited with their date ("Chỉ thị số 28-CT/TW ngày
    21/01/2019")."""
    return {(kind, number) for kind, number, year in cited_documents(folded) if year or not dated}


ANY_KIND = "*"
_ASKED_KIND = re.compile(
    rf"\b({_KIND}|van ban|tai lieu|de an) (?:nao|gi|so may|so bao nhieu|ten (?:la )?gi)\b"
)


def asked_document_kinds(folded: str) -> frozenset[str]:
    """The kinds of document a question asks for ("theo hướng dẫn nào" → "hd"; "văn bản nào"
    → any kind, `ANY_KIND`)."""
    kinds = set()
    for kind in _ASKED_KIND.findall(folded):
        kinds.add(_KINDS.get(kind, ANY_KIND))
    return frozenset(kinds)


@functools.lru_cache(maxsize=128)
def _cited_in(text: str) -> frozenset[tuple[str, str, str]]:
    """The documents a plan's text cites, remembered: the index is rebuilt with the same plans
    whenever one plan is added."""
    return frozenset(cited_documents(fold_key(text)))


# Words before a place where someone is or goes: "ở", "tại", "vào", "ra", "lên", "xuống"...
# Vietnam's provinces and cities (the 63 before the 2025 merger, whose names people still use,
# and Sài Gòn), folded: "tỉnh Nghệ An" names a place, typed with or without capitals.
_PROVINCES = frozenset(
    re.findall(
        r"[a-z][a-z ]*[a-z]",
        "an giang, ba ria vung tau, bac giang, bac kan, bac can, bac lieu, bac ninh, ben tre, "
        "binh dinh, binh duong, binh phuoc, binh thuan, ca mau, can tho, cao bang, da nang, "
        "dak lak, dac lac, dak nong, dien bien, dong nai, dong thap, gia lai, ha giang, ha nam, "
        "ha noi, ha tinh, hai duong, hai phong, hau giang, hoa binh, ho chi minh, hung yen, "
        "khanh hoa, kien giang, kon tum, lai chau, lam dong, lang son, lao cai, long an, "
        "nam dinh, nghe an, ninh binh, ninh thuan, phu tho, phu yen, quang binh, quang nam, "
        "quang ngai, quang ninh, quang tri, soc trang, son la, tay ninh, thai binh, thai nguyen, "
        "thanh hoa, thua thien hue, tien giang, tra vinh, tuyen quang, vinh long, vinh phuc, "
        "yen bai, sai gon",
    )
)
_ALSO_A_PERSON = frozenset({"ho chi minh", "hcm"})
# "TP HCM", "tp.hcm", "TPHCM": the city, never "tư tưởng HCM"
_PROVINCE = re.compile(
    r"\b(?:(?:tinh(?: uy)?|thanh uy|thanh pho|tp)\s*\W?\s*("
    + "|".join(sorted(_PROVINCES | {"hcm"}, key=len, reverse=True))
    + r")|tp(hcm))\b"
)
_LOCATIVE = frozenset({"o", "tai", "vao", "ra", "len", "xuong", "den", "toi", "tu", "trong"})


class Outside:
    """What the plans speak of, to tell a question about something else: the documents they are
    or cite, the syllable pairs they write and the people who signed them."""

    def __init__(
        self, texts: Iterable[str], pairs: Collection[str], people: Iterable[str] = ()
    ) -> None:
        self._documents: set[tuple[str, str]] = set()
        self._years: dict[tuple[str, str], set[str]] = {}
        for text in texts:
            for kind, number, year in _cited_in(text):
                self._documents.add((kind, number))
                if year:
                    self._years.setdefault((kind, number), set()).add(year)
        self._pairs = pairs
        # the words of the pairs, by their neighbour: built on first use
        self._seconds: dict[str, set[str]] | None = None
        self._firsts: dict[str, set[str]] = {}
        # The people the plans name outside their passages (the signers): "đồng chí Lê Bình
        # Thanh ký với tư cách gì" is about a plan.
        self._people = frozenset(
            f"{left}_{right}"
            for person in people
            for left, right in itertools.pairwise(fold_key(person).split())
        )

    def _written(self, left: str, right: str) -> bool:
        """Whether the plans (or their signers) write the pair, or one with a letter left out
        or added in one of its words ("Ia Hio" for "Ia Hiao")."""
        pair = f"{left}_{right}"
        if pair in self._pairs or pair in self._people:
            return True
        if self._seconds is None:
            seconds: dict[str, set[str]] = {}  # first word → the words written after it
            firsts: dict[str, set[str]] = {}  # second word → the words written before it
            for known in itertools.chain(self._pairs, self._people):
                first, _, second = known.partition("_")
                if second and "_" not in second:
                    seconds.setdefault(first, set()).add(second)
                    firsts.setdefault(second, set()).add(first)
            self._seconds, self._firsts = seconds, firsts
        return any(_one_edit(right, second) for second in self._seconds.get(left, ())) or any(
            _one_edit(left, first) for first in self._firsts.get(right, ())
        )

    def _carried_out(self, kind: str, number: str) -> bool:
        """Whether "kế hoạch 21" names a plan by the resolution or conclusion it carries out
        (people call the plan carrying out Nghị quyết 21 "kế hoạch 21")."""
        return kind in ("kh", "ctr") and any(
            (cited, number) in self._documents for cited in ("nq", "kl")
        )

    def unknown_document(self, folded_question: str) -> bool:
        """Whether the question cites a document none of the plans is or cites (or one with a
        year no citation of that number has: "Nghị quyết 18 năm 2025")."""
        cited = cited_documents(folded_question)
        if not cited:
            return False
        for kind, number, year in cited:
            if (kind, number) not in self._documents and not self._carried_out(kind, number):
                return True
            years = self._years.get((kind, number))
            if year and years and year not in years:
                return True
        return False

    def unknown_province(self, folded_question: str) -> bool:
        """Whether the folded question names a province or city ("tỉnh Nghệ An", "tỉnh ủy Quảng
        Nam", "tp Đà Nẵng", "TPHCM") that no plan writes: typed in lower case, it is no proper
        name below."""
        return any(
            not self._writes_place(name or joined)
            for name, joined in _PROVINCE.findall(folded_question)
        )

    def _writes_place(self, name: str) -> bool:
        words = name.split()
        if name in _ALSO_A_PERSON:
            # "tư tưởng Hồ Chí Minh" is no city: only "Thành phố Hồ Chí Minh" names it
            return self._written("pho", words[0]) or self._written("tp", words[0])
        return all(self._written(left, right) for left, right in itertools.pairwise(words))

    def asks_news(self, folded_question: str) -> bool:
        """Whether the folded question asks for news ("tin tức mới nhất về bão số 3", "bản tin
        sáp nhập tỉnh"), in words no plan writes: a plan is written once and holds no news."""
        pairs = (match.split() for match in _NEWS.findall(folded_question))
        return any(not self._written(left, right) for left, right in pairs)

    def asks_daily_life(self, folded_question: str) -> bool:
        """Whether the folded question is about a matter of daily life no plan speaks of
        ("đặt vé tàu", "giá vàng", "điểm chuẩn đại học", "đặc sản Hưng Yên"): a phrase of
        _DAILY_LIFE that no plan writes (a plan writing "giá đất" keeps "giá đất" a question
        about it)."""
        for match in _DAILY_LIFE.finditer(folded_question):
            words = match.group(0).split()
            if not all(self._written(left, right) for left, right in itertools.pairwise(words)):
                return True
        return False

    def unknown_name(self, question: str) -> bool:
        """Whether the question writes a proper name (two or more capitalised words in a row,
        in a question not typed in capitals or title case) of which no plan writes any pair. A
        place where someone is or goes ("đi làm ăn xa ở Bình Dương", "vào Sài Gòn làm công ty")
        is not a name the plans must know: only one naming what is asked about ("tỉnh Bình
        Dương có kế hoạch gì") is."""
        words = _WORD.findall(unicodedata.normalize("NFC", question))
        if len(words) < 2:
            return False
        titled = [word[0].isupper() and word[1:].islower() for word in words]
        capitals = sum(1 for word in words if word[0].isupper())
        if capitals > 0.6 * len(words):
            return False
        run: list[str] = []
        before = ""  # the word before the run
        for word, title in [*zip(words, titled, strict=True), ("", False)]:
            if title and len(word) > 1:
                run.append(fold_key(word))
                continue
            if (
                len(run) >= 2
                and before not in _LOCATIVE
                and not any(self._written(left, right) for left, right in itertools.pairwise(run))
            ):
                return True
            run = []
            before = fold_key(word)
        return False


# Ways of asking for news: "tin tức", "bản tin", "thời sự" (one word typed "tintuc" is no
# pair, and is left to the search).
_NEWS = re.compile(r"(?<!thong )\b(tin tuc|ban tin|thoi su)\b")  # not "thông tin tức thời"


# Matters of daily life that party plans do not speak of, folded, from general knowledge of what
# people ask a chatbot (never from a question set): travel, weather, prices and money, lottery,
# sport and entertainment, food, school fees and scores, papers at the commune office. Left out
# on purpose, since a question about party work may say them: "du lịch" and "đi nước ngoài"
# (members going abroad), "hộ chiếu", "khám bệnh" and "trạm y tế" (a cell at the health
# station), "xét tuyển", "lương", "lương hưu", "vay vốn", "chuyển khoản", "hộ khẩu", "kết hôn",
# "Facebook", "Zalo", "TikTok" (social networks are a plan topic). Nor phrases whose folded form
# is also a plan's words: "lo đề" (lo đề án), "quán ăn" (cơ quan an ninh), "ly hôn" (hợp lý
# hơn), "đặt vé" (đạt về), "cổ phiếu" (có phiếu), "điểm thi" (điểm thi đua), "đặt phòng" (đạt
# phong trào), "ca sĩ" (cả sĩ quan), "quán nhậu" (liên quan nhau), "món ăn".
_DAILY_LIFE_PHRASES = """
    ve tau|ve xe khach|ve may bay|chuyen bay|lich bay|khach san|tour du lich|
    khu du lich|diem du lich|thoi tiet|nhiet do|gia vang|ty gia|gia xang|gia lua|gia ca phe|
    gia heo|gia rau|chung khoan|lai suat|gui tiet kiem|xo so|bong da|ty so|lich thi dau|
    tran dau|world cup|xem phim|bo phim|chieu phim|rap phim|bai hat|ca nhac|tro choi|
    choi game|dac san|nau an|cong thuc nau|nha hang|diem chuan|hoc phi|can cuoc|
    bang lai xe|dang ky xe
"""
_DAILY_LIFE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            (phrase.strip() for phrase in _DAILY_LIFE_PHRASES.split("|") if phrase.strip()),
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)


def _one_edit(typed: str, known: str) -> bool:
    """Whether `typed` is `known` with one letter left out or added ("Hio" for "Hiao"; both at
    least 3 letters), or two neighbouring letters swapped ("Hioa"; at least 4 letters). A
    letter changed is not counted: "Bình" and "Định" are other words."""
    if len(typed) == len(known) >= 4 and typed != known:
        at = next(i for i in range(len(typed)) if typed[i] != known[i])
        return (
            at + 1 < len(typed)
            and typed[:at] + typed[at + 1] + typed[at] + typed[at + 2 :] == known
        )
    if min(len(typed), len(known)) < 3 or abs(len(typed) - len(known)) != 1:
        return False
    short, long = sorted((typed, known), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
