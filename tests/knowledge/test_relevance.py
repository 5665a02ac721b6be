"""The not-found decision: how much of the question the best passage holds, and the words no
plan uses (on the demo plan)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import PlanIndex, parse_plan
from knowledge.everyday_words import Rewrite, rewrites, rewritten
from knowledge.index import _held_share, _said_otherwise
from knowledge.relevance import Evidence, answers, question_phrase_words

shares = st.floats(min_value=0.0, max_value=1.0)


@given(
    shares,
    shares,
    shares,
    st.sampled_from((0.0, 1.0)),
    shares,
    st.floats(min_value=0.01, max_value=0.5),
)
def test_holding_more_of_the_question_never_makes_an_answer_less_likely(
    pairs: float, words: float, unknown: float, named: float, unwritten: float, step: float
) -> None:
    base = answers(Evidence(pairs, words, unknown, named, unwritten))
    assert answers(Evidence(min(1.0, pairs + step), words, unknown, named, unwritten)) >= base
    assert answers(Evidence(pairs, min(1.0, words + step), unknown, named, unwritten)) >= base
    assert answers(Evidence(pairs, words, min(1.0, unknown + step), named, unwritten)) <= base
    assert answers(Evidence(pairs, words, unknown, 1.0, unwritten)) >= base
    assert answers(Evidence(pairs, words, unknown, named, min(1.0, unwritten + step))) <= base
    assert answers(Evidence(pairs, words, unknown, named, unwritten, 1.0)) >= base  # level said


def test_a_question_in_the_plans_words_is_answered(demo_index: PlanIndex) -> None:
    result = demo_index.search("chỉ tiêu kết nạp đảng viên")
    assert not result.not_found
    assert result.evidence.words > 0.8 and result.evidence.unknown == 0.0


def test_words_no_plan_uses_count_against_an_answer(demo_index: PlanIndex) -> None:
    about_plans = demo_index.search("kết nạp đảng viên").evidence
    elsewhere = demo_index.search("giá xăng dầu kết nạp").evidence
    assert about_plans.unknown == 0.0 and elsewhere.unknown > 0.3


def test_a_word_typed_with_diacritics_the_plans_never_write_is_unknown(
    demo_index: PlanIndex,
) -> None:
    # "sạc" folds to "sac" like the plan's "sâu sắc", but the plan never writes it.
    typed = demo_index.search("trạm sạc xe điện").evidence
    folded = demo_index.search("tram sac xe dien").evidence
    assert typed.unknown > folded.unknown


def test_everyday_speech_and_unknown_abbreviations_are_not_content(
    demo_index: PlanIndex,
) -> None:
    plain = demo_index.search("chỉ tiêu kết nạp đảng viên").evidence
    chatty = demo_index.search("em muốn hỏi bên mình chỉ tiêu kết nạp đảng viên ạ").evidence
    assert chatty.words == plain.words and chatty.unknown == 0.0
    # fillers of speech the plans never write: "ngồi", "luôn", "buổi", "ok", "alo", "bot"
    filled = demo_index.search("alo bot ơi, chỉ tiêu kết nạp đảng viên luôn ạ, ok").evidence
    assert filled.words == plain.words and filled.unknown == 0.0
    assert demo_index.search("tỷ lệ đv xếp loại ht tốt nv").evidence.unknown == 0.0


def test_ways_of_asking_are_found_and_are_not_content(demo_index: PlanIndex) -> None:
    words = ["phu", "cap", "tra", "theo", "cach", "nao"]
    assert question_phrase_words(words) == {4, 5}
    assert question_phrase_words(["lay", "tu", "dau", "ra"]) == {0, 1, 2}
    # "cách", "từ" and "đúng" stay content elsewhere: "cải cách", "từ 8% đến 10%".
    assert question_phrase_words(["cai", "cach", "hanh", "chinh", "tu", "nam", "2025"]) == set()
    plain = demo_index.search("chế độ sinh hoạt chi bộ").evidence
    asked = demo_index.search("chế độ sinh hoạt chi bộ thực hiện theo cách nào").evidence
    assert asked.words == plain.words
    assert demo_index.search("nguồn kết nạp lấy từ đâu").evidence.words == 1.0
    # "kế hoạch nói gì về ...", "có đề cập đến ..." ask; "nội dung" stays content.
    assert question_phrase_words(["ke", "hoach", "noi", "gi", "ve", "bong", "da"]) == {2, 3}
    assert question_phrase_words(["co", "de", "cap", "den", "gia", "xang"]) == {1, 2}
    assert question_phrase_words(["noi", "dung", "sinh", "hoat"]) == set()


def test_everyday_phrases_are_found_where_they_are_said() -> None:
    # ("bí thư gặp dân" is a phrase of its own: "định kỳ đối thoại")
    syllables = ["can", "bo", "gap", "dan", "noi", "chuyen", "va", "di", "hop"]
    found = rewrites(syllables)
    assert [(item.start, item.end) for item in found] == [(2, 4), (4, 6), (7, 9)]
    assert found[0] == Rewrite(2, 4, ("doi", "thoai"))
    assert rewritten(syllables)[2:4] == ["doi", "thoai"]
    assert rewrites(["khong", "lien", "quan"]) == []


def test_everyday_words_count_in_part_when_the_passage_holds_the_plans_term() -> None:
    syllables = ["can", "bo", "gap", "dan", "noi", "chuyen"]
    holds = frozenset({"can", "bo", "can_bo", "doi", "thoai", "doi_thoai"})
    assert _said_otherwise(syllables, holds, {}) == {"gap", "dan", "noi", "chuyen"}
    # The term's syllables apart ("đối" somewhere, "thoại" elsewhere) are not the term.
    assert _said_otherwise(syllables, frozenset({"doi", "thoai"}), {}) == set()
    words = [("bi", 1.0, False), ("thu", 1.0, False), ("gap", 2.0, False)]
    assert _held_share(words, frozenset({"bi", "thu"}), ()) == 0.5
    # "gặp" said otherwise counts SAID_OTHERWISE (0.7) of its weight: (1 + 1 + 0.7 × 2) / 4
    assert _held_share(words, frozenset({"bi", "thu"}), (), {"gap"}) == pytest.approx(0.85)
    # A word typed with diacritics no plan writes is never held.
    strange = [("bi", 1.0, False), ("gap", 1.0, True)]
    assert _held_share(strange, frozenset({"bi"}), (), {"gap"}) == 0.5


_LEVELLED_PLAN = """KẾ HOẠCH
về công tác đảng viên

I. NHIỆM VỤ

1. Các chi bộ rà soát nguồn quần chúng ưu tú để bồi dưỡng, giới thiệu kết nạp vào Đảng.

2. Đảng ủy xã hướng dẫn các chi bộ đánh giá, xếp loại đảng viên cuối năm.
"""


def test_the_plans_own_level_is_held() -> None:
    index = PlanIndex.build([parse_plan(_LEVELLED_PLAN, document_id="xa")])
    assert index.names.levels_of("xa") == {"xa"}
    # The passage that answers never writes "xã"; the plan is the commune's.
    at_level = index.search("ở xã rà soát nguồn quần chúng ưu tú")
    assert "xã" not in at_level.hits[0].passage
    assert at_level.evidence.words == 1.0


def test_pairs_no_plan_writes_speak_of_something_else(demo_index: PlanIndex) -> None:
    assert demo_index.search("kết nạp đảng viên").evidence.unwritten == 0.0
    # Abbreviations before their expansion ("đv đảng viên") and numbers are no pairs.
    assert demo_index.search("kết nạp đv năm 2026").evidence.unwritten == 0.0
    elsewhere = demo_index.search("lãi suất tiết kiệm kỳ hạn").evidence
    assert elsewhere.unwritten > 0.5
