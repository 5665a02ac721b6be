"""Reading a typed answer against the choices offered: one meaning, never two."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from core.messages import Choice, Expect
from core.textfold import fold
from handlers.choices import NoSuchChoice, is_number, match_choice

YES_NO = (Choice("Có", "yes"), Choice("Không", "no"))
HELD = (
    Choice("Đã họp đúng lịch, đủ 18/18", "planned_all"),
    Choice("Đã họp đúng lịch, có người vắng", "planned"),
    Choice("Họp ngày khác", "other_day"),
    Choice("Chưa họp", "not_held"),
)
PRESENT = (Choice("Đủ 18/18", "all", "đủ"), Choice("Số đảng viên đã thay đổi", "change", "đổi"))

LABELS = st.text(alphabet="abcdđeêghiklmnoôơpqrstuưvxyáàảãạ 0123456789", min_size=1, max_size=20)
CHOICES = st.lists(
    st.builds(Choice, label=LABELS, value=LABELS, keyword=st.just("")), min_size=1, max_size=12
).map(tuple)


def test_a_number_is_the_choice_at_that_position() -> None:
    assert match_choice("1", YES_NO) == YES_NO[0]
    assert match_choice(" 2. ", YES_NO) == YES_NO[1]
    assert match_choice("(2)", YES_NO) == YES_NO[1]
    assert match_choice("3", YES_NO) == NoSuchChoice("3", 2)
    assert match_choice("0", YES_NO) == NoSuchChoice("0", 2)


def test_a_number_where_a_value_is_wanted_is_the_value() -> None:
    assert match_choice("1", PRESENT, Expect.VALUE) is None
    assert match_choice("18", PRESENT, Expect.VALUE) is None
    assert match_choice("du", PRESENT, Expect.VALUE) == PRESENT[0]
    assert match_choice("ĐỔI", PRESENT, Expect.VALUE) == PRESENT[1]


def test_words_without_diacritics_and_unique_starts() -> None:
    assert match_choice("khong", YES_NO) == YES_NO[1]
    assert match_choice("hop ngay khac", HELD) == HELD[2]
    assert match_choice("chua", HELD) == HELD[3]
    assert match_choice("da hop dung lich", HELD) is None  # two choices start so: not a guess
    assert match_choice("x", HELD) is None  # one letter is no start


def test_words_that_one_label_alone_holds_choose_it() -> None:
    which = (
        Choice("Sinh hoạt thường kỳ tháng 11/2026 (03/11)", "2026-11"),
        Choice("Sinh hoạt chuyên đề quý IV/2026 (dự kiến tháng 10/2026)", "topic"),
        Choice("Sinh hoạt thường kỳ tháng 12/2026 (03/12)", "2026-12"),
    )
    assert match_choice("chuyen de", which) == which[1]
    assert match_choice("thuong ky thang 12", which) == which[2]
    assert match_choice("thuong ky", which) is None  # two labels hold them: not a guess
    assert match_choice("co nguoi vang", HELD) == HELD[1]
    assert match_choice("da hop", HELD) is None
    # where a value is wanted, words are the value (a topic title, a name)
    assert match_choice("chuyen de", which, Expect.VALUE) is None


def test_a_huge_number_is_refused_short() -> None:
    refused = match_choice("9" * 5000, HELD)
    assert isinstance(refused, NoSuchChoice) and len(refused.typed) <= 4


@settings(max_examples=300, deadline=None)
@given(CHOICES, st.integers(min_value=0, max_value=10**6))
def test_a_number_means_one_thing(choices: tuple[Choice, ...], number: int) -> None:
    """In a choice question a number is a position or refused, never a label; in a value question
    it is never a choice."""
    picked = match_choice(str(number), choices, Expect.CHOICE)
    if 1 <= number <= len(choices):
        assert picked == choices[number - 1]
    else:
        assert isinstance(picked, NoSuchChoice)
    assert match_choice(str(number), choices, Expect.VALUE) is None
    assert is_number(str(number))


def test_digits_that_are_no_numbers_are_text() -> None:
    """"²" and "①" are digits to Python's isdigit but no number to int(): they were a crash."""
    choices = (Choice("Có", "yes"), Choice("Không", "no"))
    for typed in ("²", "①", "2²", "(³)"):
        assert match_choice(typed, choices) is None
        assert not is_number(typed)
    assert match_choice("２", choices) == choices[1]  # a full-width digit is a number


@settings(max_examples=300, deadline=None)
@given(CHOICES, st.text(max_size=40))
def test_any_text_gives_at_most_one_choice(choices: tuple[Choice, ...], text: str) -> None:
    for expect in Expect:
        picked = match_choice(text, choices, expect)
        assert picked is None or isinstance(picked, NoSuchChoice) or picked in choices
        # The same text always reads the same way.
        assert match_choice(text, choices, expect) == picked


def test_a_choice_s_number_said_in_words() -> None:
    """"hai", "số 2", "chọn 2" where a choice is wanted; a label so named still wins, and a
    number word is the number before a label starting with it ("ba", "Báo cáo ...")."""
    assert match_choice("hai", HELD) == HELD[1]
    assert match_choice("Số 3", HELD) == HELD[2]
    assert match_choice("chon 4", HELD) == HELD[3]
    assert match_choice("năm", HELD) == NoSuchChoice("5", 4)
    reports = (Choice("Báo cáo tháng 11", "m11"), Choice("Báo cáo tháng 12", "m12"), HELD[0])
    assert match_choice("ba", reports) == HELD[0]
    periods = (Choice("Tháng", "month"), Choice("Quý", "quarter"), Choice("Năm", "year"))
    assert match_choice("nam", periods) == periods[2]
    years = (Choice("Tháng 11/2026", "m"), Choice("Năm 2026", "y"))
    assert match_choice("năm", years) == years[1]  # the label's first word, not choice 5
    assert match_choice("hai", PRESENT, Expect.VALUE) is None  # a value: read by the flow


def test_an_emoji_keycap_is_its_digit() -> None:
    """"1️⃣" as a phone's emoji keyboard sends it is "1"."""
    assert match_choice("1\ufe0f\u20e3", YES_NO) == YES_NO[0]
    assert match_choice("2\u20e3", YES_NO) == YES_NO[1]


NUMBER_WORDS = {"mot": 1, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6,
                "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "muoi": 10}  # fmt: skip


def test_number_words_pick_among_two_choices_unless_a_name_may_be_typed() -> None:
    """«hai» at Có/Không is the second; where the question also takes a person's name (who
    attended), «Hai», «Ba» are people (anh Hai, chú Ba), never a choice's number."""
    assert match_choice("hai", YES_NO) == YES_NO[1]
    assert match_choice("Một", YES_NO) == YES_NO[0]
    assert match_choice("ba", YES_NO) == NoSuchChoice("3", 2)
    assert match_choice("hai", YES_NO, names=True) is None
    assert match_choice("Ba", YES_NO, names=True) is None
    assert match_choice("lam", HELD) is None  # «lăm» is never said alone; «làm», «Lâm» are words


def test_a_label_holding_the_word_keeps_it_from_being_a_number() -> None:
    menu = (*(Choice(f"Mục {n}", f"m{n}") for n in range(1, 10)), Choice("Tên", "t"))
    assert match_choice("muoi", menu) == menu[9]  # the tenth of a long menu
    periods = (Choice("Số liệu tháng 11/2026", "m"), Choice("Số liệu năm 2026", "y"),
               Choice("Xếp loại", "r"), Choice("Ghi chú", "n"), Choice("Khác", "o"))  # fmt: skip
    assert match_choice("năm", periods) is None  # «năm» the year, or choice 5: not a guess
    later = (Choice("Gửi ngay", "now"), Choice("Tạm hoãn", "hold"))
    assert match_choice("tam", later) == later[1]  # «tạm» starting its label, not «tám»
    report = (Choice("Báo cáo ngay", "r"), Choice("Để sau", "l"), Choice("Không", "n"))
    assert match_choice("ba", report) == report[2]  # the third: «Báo cáo» only starts so


@settings(max_examples=300, deadline=None)
@given(CHOICES, st.sampled_from(sorted(NUMBER_WORDS)), st.booleans())
def test_a_number_word_means_one_thing(
    choices: tuple[Choice, ...], word: str, names: bool
) -> None:
    """A number word picks the choice at its number where no label holds that word (a label
    that only starts so, «Báo cáo» for «ba», does not hold it), no label, value or keyword is
    that word, and no name may be typed; otherwise it is read as words."""
    picked = match_choice(word, choices, names=names)
    folded = fold(word)
    held = any(folded in re.findall(r"\w+", fold(c.label)) for c in choices)
    exact = any(
        folded in (fold(c.label), fold(c.value)) or (c.keyword and folded == fold(c.keyword))
        for c in choices
    )
    by_words = match_choice(word, choices, Expect.VALUE)  # the same text read as words only
    if names or held or exact:
        assert picked == by_words
    else:
        assert picked == match_choice(str(NUMBER_WORDS[word]), choices)


def test_a_number_beyond_the_choices_picks_the_one_whose_keyword_it_is() -> None:
    """«Số nào đúng? 1. Nay là 180 đảng viên 2. Vẫn là 18»: «18» is choice 2; 1 and 2 stay
    positions; a number no choice names is refused as before."""
    choices = (Choice("Nay là 180 đảng viên", "new", "180"), Choice("Vẫn là 18", "old", "18"))
    assert match_choice("18", choices) == choices[1]
    assert match_choice("180", choices) == choices[0]
    assert match_choice("1", choices) == choices[0] and match_choice("2", choices) == choices[1]
    assert isinstance(match_choice("17", choices), NoSuchChoice)
