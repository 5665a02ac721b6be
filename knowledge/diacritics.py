"""Diacritics put back on a question typed without them, from how the indexed plans write each
syllable and each pair of syllables: "ket nap dang vien" → "kết nạp đảng viên".

A folded syllable has several written forms ("dang": đảng, đang, đăng, dạng); the forms chosen
are the likeliest sequence under a bigram model of the plans' own text (Witten-Bell smoothing
towards how often each form is written), decoded with Viterbi. General question phrasing the
plans seldom use ("bao nhiêu", "có ... không", "như thế nào") is counted too, and the everyday
words of knowledge.everyday_words. Words written nowhere stay as typed; a question typed with
diacritics is left alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from knowledge.everyday_words import plan_terms
from knowledge.textnorm import display_form, fold_key

_WORD = re.compile(r"[^\W\d_]+")
_BREAK = re.compile(r"[.,;:!?()\[\]\n\"]")
# How questions are asked, in general Vietnamese (not from any question set).
QUESTION_PHRASES = (
    "bao nhiêu",
    "bao giờ",
    "khi nào",
    "lúc nào",
    "ở đâu",
    "như thế nào",
    "thế nào",
    "ra sao",
    "làm gì",
    "là gì",
    "cái gì",
    "việc gì",
    "những gì",
    "có không",
    "có được không",
    "có phải không",
    "được không",
    "hay không",
    "chưa",
    "ai phải làm",
    "ai chịu trách nhiệm",
    "cơ quan nào",
    "ban nào",
    "mỗi năm",
    "mấy người",
    "mấy lần",
    "bao lâu",
    "tại sao",
    "vì sao",
    "nên làm gì",
    "cần làm gì",
    "phải làm gì",
    "có cần không",
    "có bắt buộc không",
)


def restorer_texts() -> list[str]:
    """The texts the restorer learns from besides the plans: question phrasing and the
    everyday words for the plans' terms."""
    terms = plan_terms()
    phrases = [phrase for variants in terms.values() for phrase in variants]
    return [*QUESTION_PHRASES, *terms, *phrases]


class Restorer:
    """Written forms of folded syllables and of syllable pairs, counted over texts."""

    def __init__(self, texts: Iterable[str]) -> None:
        forms: dict[str, Counter[str]] = {}
        pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            for piece in _BREAK.split(display_form(text).lower()):
                previous: str | None = None
                for word in _WORD.findall(piece):
                    forms.setdefault(fold_key(word), Counter())[word] += 1
                    if previous is not None:
                        pairs[(previous, word)] += 1
                    previous = word
        self._forms = {folded: counts.most_common() for folded, counts in forms.items()}
        counts: Counter[str] = Counter()
        for per_form in forms.values():
            counts.update(per_form)
        self._total = sum(counts.values())
        self._count = counts
        self._pairs = pairs
        left: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        for (first, _second), count in pairs.items():
            left[first] += count
            kinds[first] += 1
        self._left = left  # how often a form is followed by a word
        self._kinds = kinds  # how many different words follow it

    def forms(self, folded: str) -> tuple[str, ...]:
        """The written forms of a folded syllable, most frequent first (none when unknown)."""
        return tuple(form for form, _count in self._forms.get(folded, ()))

    def restore(self, text: str) -> str:
        """`text` in lower case with diacritics put on each word the plans write, when it was
        typed without any (words written nowhere kept); `text` as it is when it has some."""
        if not text.isascii():
            return text
        lowered = text.lower()
        words = _WORD.findall(lowered)
        if not words:
            return text
        chosen = iter(self._decode(words))
        return _WORD.sub(lambda _match: next(chosen), lowered)

    def _single(self, form: str) -> float:
        """How likely a word is written `form`, context aside (add-half smoothing)."""
        return (self._count[form] + 0.5) / (self._total + 0.5 * (len(self._count) + 1))

    def _after(self, previous: str, form: str) -> float:
        """How likely `form` follows `previous` (Witten-Bell)."""
        seen = self._left[previous]
        kinds = self._kinds[previous]
        if not seen:
            return self._single(form)
        return (self._pairs[(previous, form)] + kinds * self._single(form)) / (seen + kinds)

    def _decode(self, words: list[str]) -> list[str]:
        """The likeliest written form of each folded word (Viterbi over the bigram model)."""
        columns = [self.forms(word) or (word,) for word in words]
        # per form: (log probability of the best path ending in it, the path)
        best = {form: (math.log(self._single(form)), [form]) for form in columns[0]}
        for column in columns[1:]:
            step: dict[str, tuple[float, list[str]]] = {}
            for form in column:
                score, path = max(
                    (
                        (total + math.log(self._after(previous, form)), path)
                        for previous, (total, path) in best.items()
                    ),
                    key=lambda item: item[0],
                )
                step[form] = (score, [*path, form])
            best = step
        return max(best.values(), key=lambda item: item[0])[1]
