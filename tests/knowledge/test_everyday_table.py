"""The rules of the everyday-words table (knowledge.everyday_words, knowledge.everyday_table,
knowledge.everyday_table_more, knowledge.everyday_table_fourth, knowledge.everyday_table_fifth):
one phrase means one term, a phrase is short, and the second to fifth parts' terms are the plans'
own words while their phrases are not (checked against ../shared/plans when present)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.everyday_table import SPOKEN_TERMS
from knowledge.everyday_table_fifth import SPOKEN_TERMS_FIFTH
from knowledge.everyday_table_fourth import SPOKEN_TERMS_FOURTH
from knowledge.everyday_table_more import SPOKEN_TERMS_MORE
from knowledge.everyday_words import PLAN_TERMS, plan_terms, rewritten
from knowledge.textnorm import fold_key

SHARED_PLANS = Path(__file__).resolve().parents[2] / ".." / "shared" / "plans"


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold_key(text)))


def _spoken() -> list[tuple[str, tuple[str, ...]]]:
    """The second to fifth parts' entries (a term may be in several)."""
    return [
        *SPOKEN_TERMS.items(),
        *SPOKEN_TERMS_MORE.items(),
        *SPOKEN_TERMS_FOURTH.items(),
        *SPOKEN_TERMS_FIFTH.items(),
    ]


def _contains(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", haystack) is not None


def test_every_phrase_is_short_and_means_one_term() -> None:
    first_part = {_words(phrase): term for term, phrases in PLAN_TERMS.items() for phrase in phrases}
    owner: dict[str, str] = {}
    for term, phrases in _spoken():
        assert phrases, term
        for phrase in phrases:
            words = _words(phrase)
            assert 1 <= len(words.split()) <= 5, phrase
            assert owner.setdefault(words, term) == term, (phrase, owner[words], term)
            assert first_part.get(words, term) == term, (phrase, first_part[words], term)


def test_the_parts_merge_a_terms_phrases() -> None:
    merged = plan_terms()
    parts = (PLAN_TERMS, SPOKEN_TERMS, SPOKEN_TERMS_MORE, SPOKEN_TERMS_FOURTH, SPOKEN_TERMS_FIFTH)
    assert set(merged) == set().union(*parts)
    for term, phrases in merged.items():
        assert set(phrases) == {phrase for part in parts for phrase in part.get(term, ())}


def test_a_phrase_of_the_second_part_is_read_as_its_term() -> None:
    asked = ["giam", "doc", "kiem", "bi", "thu"]
    assert rewritten(asked) != asked


def test_a_phrase_of_the_fourth_part_is_read_as_its_term() -> None:
    asked = ["cat", "bot", "can", "bo", "xa"]  # "cắt bớt cán bộ xã": the staff streamlined
    assert "tinh" in rewritten(asked) and "gian" in rewritten(asked)


def test_a_phrase_of_the_fifth_part_is_read_as_its_term() -> None:
    asked = ["chi", "bo", "hop", "nham", "chan", "qua"]  # "chi bộ họp nhàm chán quá"
    assert "doi moi noi dung sinh hoat chi bo" in " ".join(rewritten(asked))


def test_a_phrase_of_the_third_part_is_read_as_its_term() -> None:
    asked = ["bo", "doi", "ve", "huu", "co", "duoc", "lam", "bi", "thu", "thon", "khong"]
    assert " ".join(rewritten(asked)).startswith("cuu quan nhan")


@pytest.mark.skipif(not SHARED_PLANS.is_dir(), reason="../shared/plans is absent")
def test_the_second_parts_terms_are_in_the_plans_and_its_phrases_are_not() -> None:
    texts = [
        _words(path.read_text(encoding="utf-8")) for path in sorted(SHARED_PLANS.glob("*.txt"))
    ]
    everything = " \n ".join(texts)
    # every run of 1 to 5 words the plans write, to look phrases up at once
    written: set[str] = set()
    for text in texts:
        words = text.split()
        for size in range(1, 6):
            written.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    for term, phrases in _spoken():
        assert _contains(everything, _words(term)), f"not in any plan: {term}"
        for phrase in phrases:
            assert _words(phrase) not in written, f"the plans' own words: {phrase}"
