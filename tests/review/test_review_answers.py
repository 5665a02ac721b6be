"""Which texts typed at /tonghop's questions are no answer at all (passed on to be read anew)."""

from __future__ import annotations

import pytest

from handlers.committee.find import is_no_answer

NAMES = [
    "Đảng bộ xã Hòa Bình",
    "Chi bộ Thôn Đông Hòa",
    "Chi bộ Công an xã",
    "Chi bộ Thôn 2",
    "Chi bộ Trường Tiểu học Hòa Bình",
]


@pytest.mark.parametrize(
    "text",
    [
        "nhiệm vụ của UBKT",
        "ok",
        "chỉ tiêu kết nạp đảng viên",
        "cho tôi xem kế hoạch năm nay",
        "chỉ tiêu kết nạp đảng viên năm 2025",  # "tiêu" of "Tiểu học": one word of many
        "hoa binh co bao nhieu dang vien",
    ],
)
def test_a_question_or_a_sentence_is_no_answer(text: str) -> None:
    assert is_no_answer(text, NAMES)


@pytest.mark.parametrize(
    "text",
    ["Thon Dong Hao", "Dong Hao", "cong an", "quý 5", "tháng 13", "thôn hoà", "xa an", "Chi bộ Thôn 9"],
)
def test_a_near_miss_is_an_answer_to_ask_again(text: str) -> None:
    assert not is_no_answer(text, NAMES)


def test_where_only_a_name_is_wanted_a_period_word_makes_no_answer() -> None:
    assert is_no_answer("năm nay", NAMES, periods=False)
    assert not is_no_answer("năm nay", NAMES)
