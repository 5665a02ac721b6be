"""Everyday words for the plans' own terms: a question saying "người mới vào Đảng" is also read
as "kết nạp đảng viên".

The table is written from the plans' vocabulary as a whole, not from questions: the concepts
every implementation plan of Nghị quyết 21 and Kết luận 38 deals in (admission, meetings,
ratings, discipline, information work, the people's voice, staff and allowances, the
apparatus, schools and enterprises), each with the words members use for it in speech. It is
written with diacritics, as people say it, and folded when first used; a phrase is matched on
whole folded syllables, the longest first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.everyday_table import SPOKEN_TERMS
from knowledge.everyday_table_fifth import SPOKEN_TERMS_FIFTH
from knowledge.everyday_table_fourth import SPOKEN_TERMS_FOURTH
from knowledge.everyday_table_more import SPOKEN_TERMS_MORE
from knowledge.textnorm import display_form, fold_key

# plan term → everyday phrases that mean it (the first part; knowledge.everyday_table has the
# second, and plan_terms() both)
PLAN_TERMS: dict[str, tuple[str, ...]] = {
    # admission and members
    "kết nạp đảng viên": (
        "vào Đảng",
        "được vào Đảng",
        "cho vào Đảng",
        "nhận vào Đảng",
        "người mới vào Đảng",
        "kết nạp người",
        "kết nạp thêm",
        "kết nạp được",
        "lấy thêm người",
        "thêm đảng viên",
        "đảng viên mới",
        "vô Đảng",  # "vô" is "vào" in southern speech
        "cho vô Đảng",
        "được vô Đảng",
    ),
    "phát triển đảng viên": ("tăng số đảng viên", "thêm đảng viên", "kết nạp thêm"),
    "đối tượng kết nạp đảng": (
        "cảm tình Đảng",
        "lớp cảm tình",
        "quần chúng ưu tú",
        "người được giới thiệu",
    ),
    "tạo nguồn": ("nguồn kết nạp", "tìm người", "chọn người", "lấy người"),
    "đảng viên đi làm ăn xa": ("đi làm xa", "làm ăn xa", "xa quê", "đi làm ăn"),
    "đảng viên ra nước ngoài": ("đi nước ngoài", "ra nước ngoài", "xuất khẩu lao động"),
    "quần chúng": ("người chưa vào Đảng", "chưa vào Đảng", "người ngoài Đảng", "chưa là đảng viên"),
    "sinh viên tốt nghiệp": ("ra trường", "học xong", "mới ra trường"),
    "bộ đội xuất ngũ": ("bộ đội về quê", "xuất ngũ", "hết nghĩa vụ", "bộ đội về"),
    "trạm y tế": ("trạm xá", "y tế xã", "phòng khám xã"),
    "nơi cư trú": ("nơi ở", "chỗ ở", "nơi sống", "chỗ sống", "khu phố"),
    "đoàn viên thanh niên": ("thanh niên", "người trẻ", "lớp trẻ", "tuổi trẻ"),
    "học sinh sinh viên": ("sinh viên", "học sinh", "người học"),
    "giảng viên": ("thầy cô", "giáo viên", "thầy giáo", "cô giáo"),
    "nhà trường": ("trường học", "hiệu trưởng", "ban giám hiệu", "lãnh đạo trường"),
    "công nhân": ("thợ", "người lao động", "người làm thuê"),
    "doanh nghiệp ngoài nhà nước": (
        "công ty tư nhân",
        "doanh nghiệp tư nhân",
        "công ty ngoài nhà nước",
        "công ty",
    ),
    "nữ": ("phụ nữ", "chị em"),
    "nhân dân": ("người dân", "bà con", "dân", "quần chúng"),
    "hộ gia đình": ("từng nhà", "nhà dân", "từng hộ", "mỗi nhà", "gia đình"),
    # meetings
    "sinh hoạt chi bộ": (
        "họp chi bộ",
        "đi họp chi bộ",
        "buổi họp chi bộ",
        "cuộc họp chi bộ",
        "họp Đảng",
        "đi họp",
        "họp hằng tháng",
        "họp hàng tháng",
    ),
    "sinh hoạt chuyên đề": ("họp chuyên đề", "họp theo chủ đề", "sinh hoạt theo chủ đề"),
    "thời gian sinh hoạt chi bộ": ("lịch họp chi bộ", "lịch họp", "ngày họp chi bộ", "giờ họp"),
    "dự sinh hoạt chi bộ": ("dự họp chi bộ", "xuống dự họp", "về dự họp", "đến dự họp", "dự họp"),
    "miễn sinh hoạt đảng": ("không đi họp", "nghỉ họp", "miễn họp", "không phải họp"),
    "tuổi cao sức yếu": ("già yếu", "người già", "lớn tuổi", "ốm yếu", "đau ốm", "bệnh tật"),
    "tổ đảng": ("chia nhỏ", "chia tổ", "tổ nhỏ", "nhóm nhỏ"),
    "giảm hội họp": ("bớt họp", "giảm họp", "ít họp", "họp ít"),
    "đi cơ sở": ("xuống cơ sở", "về cơ sở", "xuống dưới", "xuống địa phương"),
    "phân công cấp ủy viên": ("cử người", "cử cán bộ", "phân công người", "cử lãnh đạo"),
    # ratings, discipline, inspection
    "đánh giá xếp loại": (
        "chấm điểm",
        "xếp hạng",
        "phân loại",
        "bình xét",
        "chấm loại",
        "được chấm",
        "đánh giá cuối năm",
    ),
    "hoàn thành xuất sắc nhiệm vụ": ("loại xuất sắc", "chấm xuất sắc", "đạt xuất sắc"),
    "không vượt quá": ("tối đa", "không quá", "khống chế", "giới hạn", "trần"),
    "xử lý kỷ luật": ("bị kỷ luật", "bị phạt", "xử phạt", "bị xử lý", "phạt"),
    "đưa ra khỏi Đảng": ("khai trừ", "đuổi khỏi Đảng", "loại khỏi Đảng", "cho ra khỏi Đảng"),
    "xóa tên": ("gạch tên", "xóa tên"),
    "kiểm tra giám sát": ("thanh tra", "theo dõi", "soi xét"),
    "tham nhũng tiêu cực": ("ăn hối lộ", "hối lộ", "ăn cắp", "tham ô", "nhận tiền", "ăn tiền"),
    "mất đoàn kết nội bộ": ("mất đoàn kết", "lục đục", "chia rẽ", "bất hòa", "mâu thuẫn"),
    "cam kết tu dưỡng rèn luyện": ("viết cam kết", "bản cam kết", "cam kết rèn luyện"),
    "nêu gương": ("làm gương", "gương mẫu", "đi đầu", "làm mẫu"),
    "kế hoạch phấn đấu": ("tự lên kế hoạch", "kế hoạch cá nhân", "đăng ký phấn đấu"),
    # information work and the people's voice
    "mạng xã hội": ("facebook", "zalo", "tiktok", "youtube", "lên mạng", "trên mạng"),
    "internet": ("trên mạng", "online", "lên mạng", "mạng"),
    "thông tin xấu độc": ("tin xấu", "tin giả", "tin độc", "tin bịa", "tin đồn"),
    "luận điệu xuyên tạc": ("nói xấu", "bịa đặt", "xuyên tạc", "bôi nhọ", "nói sai"),
    "phương tiện thông tin đại chúng": (
        "tivi",
        "ti vi",
        "truyền hình",
        "báo đài",
        "báo chí",
        "đài phát thanh",
        "loa phát thanh",
    ),
    "chuyên trang chuyên mục": ("chuyên mục", "mục riêng", "chương trình riêng"),
    "lấy ý kiến": ("hỏi ý kiến", "hỏi dân", "xin ý kiến", "hỏi ý dân"),
    "phản biện xã hội": ("dân góp ý", "hỏi ý kiến dân", "góp ý cho chính quyền"),
    "đóng góp ý kiến": ("góp ý", "cho ý kiến", "nêu ý kiến", "phê bình"),
    "đối thoại": (
        "gặp dân",
        "nói chuyện với dân",
        "gặp gỡ nhân dân",
        "trò chuyện",
        "nói chuyện",
        "gặp gỡ",
    ),
    "học tập quán triệt": ("học nghị quyết", "học tập nghị quyết", "nghe phổ biến", "phổ biến"),
    "tiếp dân": ("gặp dân", "nghe dân nói"),
    "đơn thư": ("khiếu nại", "tố cáo", "kiện", "đơn từ", "thư từ", "gửi đơn"),
    "tư tưởng dư luận xã hội": ("dân nghĩ gì", "ý kiến của dân", "tâm tư", "dư luận"),
    # staff, allowances, the apparatus
    "cán bộ yếu kém": ("làm không được việc", "không làm được việc", "kém năng lực", "yếu kém"),
    "thay thế": ("cho nghỉ", "thay người", "đổi người", "miễn nhiệm", "cách chức"),
    "kiêm nhiệm": ("kiêm luôn", "kiêm thêm", "giữ hai chức", "làm luôn", "kiêm"),
    "đồng thời là": ("kiêm luôn", "kiêm", "cùng lúc là"),
    "tinh giản biên chế": (
        "giảm người",
        "cắt giảm",
        "giảm bớt",
        "bớt người",
        "giảm biên chế",
        "bớt cán bộ",
    ),
    "sắp xếp tổ chức bộ máy": ("gọn bộ máy", "sáp nhập", "sắp xếp lại", "tinh gọn", "nhập xã"),
    "phụ cấp": ("tiền phụ cấp", "tiền lương", "trả tiền", "bồi dưỡng", "lương"),
    "chế độ chính sách": ("chế độ", "quyền lợi", "được hưởng", "đãi ngộ", "hỗ trợ"),
    "khoán kinh phí": ("khoán tiền", "khoán gọn", "trả khoán", "khoán"),
    "người đứng đầu": ("thủ trưởng", "sếp", "cấp trưởng", "lãnh đạo cao nhất"),
    # the standing members lead a committee day to day: "lãnh đạo tỉnh" in speech
    "thường trực": (
        "lãnh đạo khối",
        "lãnh đạo tỉnh",
        "lãnh đạo huyện",
        "lãnh đạo tỉnh ủy",
        "lãnh đạo huyện ủy",
        "lãnh đạo đảng ủy khối",
    ),
    "quy hoạch cán bộ": ("người kế cận", "chuẩn bị người", "cán bộ nguồn", "người kế nhiệm"),
    "bồi dưỡng": ("lớp học", "tập huấn", "mở lớp", "đào tạo", "đi học"),
    "tài liệu": ("giáo trình", "sách", "tài liệu mới"),
    "trình độ lý luận chính trị": ("bằng chính trị", "học chính trị", "học lý luận"),
    "đại hội": ("bầu cử", "bầu lại", "nhiệm kỳ mới"),
    "công trình dự án": ("làm đường", "làm cầu", "xây trường", "xây dựng đường", "xây cầu"),
    # reporting and timing
    "báo cáo": ("gửi lên", "báo lên", "trình lên", "báo cáo lên"),
    "định kỳ": ("bao lâu một lần", "mấy tháng một lần", "bao lâu", "thường kỳ"),
    "thường xuyên": ("liên tục", "hằng ngày", "luôn luôn"),
    "hằng năm": ("mỗi năm", "năm nào cũng", "một năm"),
    "tỷ lệ": ("phần trăm", "bao nhiêu phần trăm"),
    "thành lập": ("lập ra", "lập thêm", "mở thêm", "lập"),
    "chú trọng": ("ưu tiên", "coi trọng", "chú ý", "quan tâm"),
    "công tác": ("làm việc", "đi làm", "làm ở"),
    "hiện có": ("hiện tại", "hiện nay", "bây giờ", "hiện giờ", "đang có"),
    "nắm chắc": ("nắm sát", "nắm rõ", "nắm bắt", "biết rõ"),
    "phù hợp": ("khớp", "hợp với", "trùng"),
}
MAX_REWRITES = 6
WRITTEN_PAIR = 2  # passages writing a pair for it to be the plans' own words


@functools.cache
def plan_terms() -> dict[str, tuple[str, ...]]:
    """The whole table: plan term → everyday phrases (the five parts, a term's phrases
    merged)."""
    merged = dict(PLAN_TERMS)
    for part in (SPOKEN_TERMS, SPOKEN_TERMS_MORE, SPOKEN_TERMS_FOURTH, SPOKEN_TERMS_FIFTH):
        for term, phrases in part.items():
            merged[term] = tuple(dict.fromkeys((*merged.get(term, ()), *phrases)))
    return merged


# (folded everyday phrase, folded plan term, the phrase's words as written)
_Phrase = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@functools.cache
def _by_first() -> dict[str, list[_Phrase]]:
    """Folded everyday phrases by their first syllable, the longest first."""
    table: dict[str, list[_Phrase]] = {}
    for term, variants in plan_terms().items():
        folded_term = tuple(fold_key(term).split())
        for everyday in variants:
            words = tuple(fold_key(everyday).split())
            written = tuple(display_form(everyday).lower().split())
            table.setdefault(words[0], []).append((words, folded_term, written))
    for phrases in table.values():
        phrases.sort(key=lambda item: -len(item[0]))
    return table


@functools.cache
def familiar() -> frozenset[str]:
    """Folded words of the everyday phrases: none of them says a question is about something
    the plans do not cover."""
    return frozenset(
        word
        for variants in plan_terms().values()
        for phrase in variants
        for word in fold_key(phrase).split()
    )


@functools.cache
def familiar_spellings() -> frozenset[str]:
    """The words of the table as written, in lower case with one tone-mark placement ("họp",
    "chấm"): typed with diacritics, they are words the plans have a term for."""
    return frozenset(
        display_form(word).lower()
        for term, variants in plan_terms().items()
        for phrase in (term, *variants)
        for word in phrase.split()
    )


@dataclass(frozen=True, slots=True)
class Rewrite:
    """An everyday phrase found in a question: `syllables[start:end]`, standing for `term` (the
    plans' folded syllables)."""

    start: int
    end: int
    term: tuple[str, ...]


def typed_spellings(question: str) -> dict[str, frozenset[str]] | None:
    """For a question typed with diacritics, each folded word → the ways it was written
    (lower case, one tone-mark placement); None for one typed without any."""
    words = display_form(question).lower().split()
    if all(word.isascii() for word in words):
        return None
    spellings: dict[str, set[str]] = {}
    for word in words:
        for part in re.findall(r"[^\W\d_]+", word):
            spellings.setdefault(fold_key(part), set()).add(part)
    return {folded: frozenset(forms) for folded, forms in spellings.items()}


def spelled_so(written: tuple[str, ...], typed: Mapping[str, frozenset[str]]) -> bool:
    """Whether the user wrote each word of an everyday phrase as the phrase does: "họp với"
    is no "hợp với". A word the user did not type (an expansion, a correction) is not held
    against it, nor one typed without any mark that no phrase writes so ("đau ốm không đi
    hop": the mark was left out; "xa" of "làm ăn xa" is a word as it is)."""
    for word in written:
        folded = fold_key(word)
        forms = typed.get(folded)
        if forms is None or word in forms:
            continue
        if folded not in forms or folded in familiar_spellings():
            return False
    return True


def rewrites(
    syllables: list[str],
    plan_pairs: Mapping[str, int] | None = None,
    typed: Mapping[str, frozenset[str]] | None = None,
) -> list[Rewrite]:
    """The everyday phrases of `syllables`, left to right (the longest at each place, at most
    `MAX_REWRITES`). With `plan_pairs` (how many passages write each pair of syllables), a
    phrase inside the plans' own wording is theirs, not an everyday one (`_in_plan_words`):
    "lượng" of "chất lượng" is no salary ("lương")."""
    table = _by_first()
    found: list[Rewrite] = []
    position = 0
    while position < len(syllables) and len(found) < MAX_REWRITES:
        match = next(
            (
                (everyday, term)
                for everyday, term, written in table.get(syllables[position], ())
                if tuple(syllables[position : position + len(everyday)]) == everyday
                and (typed is None or spelled_so(written, typed))
            ),
            None,
        )
        if (
            match is not None
            and plan_pairs is not None
            and _in_plan_words(syllables, position, position + len(match[0]), plan_pairs)
        ):
            match = None
        if match is None:
            position += 1
            continue
        found.append(Rewrite(position, position + len(match[0]), match[1]))
        position += len(match[0])
    return found


def _in_plan_words(
    syllables: list[str], start: int, end: int, plan_pairs: Mapping[str, int]
) -> bool:
    """Whether the phrase `syllables[start:end]` is part of the plans' own wording: one word
    making a pair the plans write with a neighbour ("chất lượng"), a longer phrase making one
    on both sides ("tổ chức đảng cơ sở", folded, holds "đảng có")."""

    def written(left: int) -> bool:
        if left < 0 or left + 1 >= len(syllables):
            return False
        return plan_pairs.get(f"{syllables[left]}_{syllables[left + 1]}", 0) >= WRITTEN_PAIR

    if end - start == 1:
        return written(start - 1) or written(start)
    return written(start - 1) and written(end - 1)


def rewritten(
    syllables: list[str],
    plan_pairs: Mapping[str, int] | None = None,
    typed: Mapping[str, frozenset[str]] | None = None,
) -> list[str]:
    """`syllables` with each everyday phrase (the longest at each place, at most
    `MAX_REWRITES`) replaced by the plans' term for it (`plan_pairs` as in `rewrites`)."""
    result: list[str] = []
    position = 0
    for found in rewrites(syllables, plan_pairs, typed):
        result.extend(syllables[position : found.start])
        result.extend(found.term)
        position = found.end
    result.extend(syllables[position:])
    return result


_BOTH = "vua"  # "vừa ... vừa ...": one person in two posts
_ROLE_VERBS = frozenset({"lam", "la", "giu", "kiem"})
BOTH_SPAN = 6  # syllables of the first post at most


def both_roles(syllables: list[str]) -> list[str]:
    """Folded `syllables` with "vừa (làm) X vừa (làm) Y" said as the plans say it, "X kiêm Y"
    ("vừa làm bí thư vừa làm trưởng thôn" → "bí thư kiêm trưởng thôn", which the table reads
    as the plans' term); the first such phrase only."""
    for start, word in enumerate(syllables):
        if word != _BOTH:
            continue
        first = start + 1 + (start + 1 < len(syllables) and syllables[start + 1] in _ROLE_VERBS)
        for second in range(first + 1, min(len(syllables), first + BOTH_SPAN + 1)):
            if syllables[second] == _BOTH:
                rest = second + 1
                rest += rest < len(syllables) and syllables[rest] in _ROLE_VERBS
                if rest >= len(syllables):
                    return syllables
                return [*syllables[:start], *syllables[first:second], "kiem", *syllables[rest:]]
    return syllables


# Syllables of everyday speech the plans write otherwise, one for one: "nắm tới" is the plans'
# "nắm đến", "vô" their "vào" (typed with diacritics, only as written here: "tôi" is no "tới").
_WRITTEN_AS = {"toi": ("tới", "den"), "vo": ("vô", "vao")}


def written_syllables(
    syllables: list[str], typed: Mapping[str, frozenset[str]] | None
) -> list[str]:
    """`syllables` with each of `_WRITTEN_AS` as the plans write it."""
    result = []
    for syllable in syllables:
        spoken = _WRITTEN_AS.get(syllable)
        if spoken is not None and (typed is None or spoken[0] in typed.get(syllable, frozenset())):
            result.append(spoken[1])
        else:
            result.append(syllable)
    return result
