"""The not-found decision: how much of the question the best passage holds, and the words no
plan uses (on the demo plan)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from knowledge import PlanIndex
from knowledge.relevance import Evidence, answers

shares = st.floats(min_value=0.0, max_value=1.0)


@given(
    shares, shares, shares, st.sampled_from((0.0, 1.0)), st.floats(min_value=0.01, max_value=0.5)
)
def test_holding_more_of_the_question_never_makes_an_answer_less_likely(
    pairs: float, words: float, unknown: float, named: float, step: float
) -> None:
    base = answers(Evidence(pairs, words, unknown, named))
    assert answers(Evidence(min(1.0, pairs + step), words, unknown, named)) >= base
    assert answers(Evidence(pairs, min(1.0, words + step), unknown, named)) >= base
    assert answers(Evidence(pairs, words, min(1.0, unknown + step), named)) <= base
    assert answers(Evidence(pairs, words, unknown, 1.0)) >= base


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
    assert demo_index.search("tỷ lệ đv xếp loại ht tốt nv").evidence.unknown == 0.0
