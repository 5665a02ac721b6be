"""How a question typed as people chat is read: chat spellings ("ko", "dc", "j") as the words
meant (knowledge.query_terms), and a word typed without its marks inside a question typed with
them (knowledge.everyday_words.spelled_so)."""

from __future__ import annotations

from knowledge.everyday_words import rewrites, spelled_so, typed_spellings
from knowledge.query_terms import bigrams, tokens, typed_words


def test_chat_spellings_are_read_as_the_words_meant() -> None:
    assert tokens("có lập dc chi bộ ko") == ["co", "lap", "duoc", "chi", "bo", "khong"]
    assert tokens("nói j vậy") == ["noi", "gi", "vay"]
    assert "lap_duoc" in bigrams(tokens("lap dc chi bo"))


def test_chat_spellings_are_typed_as_the_words_meant() -> None:
    assert typed_words("ko dc") == [("khong", "khong"), ("duoc", "duoc")]


def test_an_abbreviation_is_still_expanded_beside_a_chat_spelling() -> None:
    assert tokens("dv ko") == ["dv", "dang", "vien", "khong"]


def test_a_word_typed_without_marks_matches_any_spelling() -> None:
    typed = typed_spellings("ông ốm không đi hop được")
    assert typed is not None
    assert spelled_so(("không", "đi", "họp"), typed)
    assert not spelled_so(("hợp", "với"), {"hop": frozenset({"họp"})})


def test_an_everyday_phrase_is_found_when_one_of_its_words_lacks_its_marks() -> None:
    question = "đảng viên già không đi hop được"
    syllables = tokens(question)
    found = rewrites(syllables, None, typed_spellings(question))
    assert any(syllables[item.start : item.end] == ["khong", "di", "hop"] for item in found)


def test_a_word_written_without_marks_is_no_mark_left_out() -> None:
    """The word "xa" (far) is a word as typed: it does not stand for "xã" in a question with marks."""
    typed = typed_spellings("đảng viên đi làm ăn xa")
    assert typed is not None
    assert not spelled_so(("xã",), typed)
