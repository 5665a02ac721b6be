"""A small in-memory BM25 index over term lists (pure Python, weights precomputed per posting)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

K1 = 1.2
B = 0.75


class BM25:
    """BM25 (k1 1.2, b 0.75) over documents given as term lists; ids are list positions."""

    def __init__(self, documents: Sequence[Counter[str]], k1: float = K1, b: float = B) -> None:
        self.k1 = k1
        self.b = b
        self.size = len(documents)
        lengths = [sum(counts.values()) for counts in documents]
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        frequency: Counter[str] = Counter()
        for counts in documents:
            frequency.update(counts.keys())
        self.document_frequency = frequency
        self.idf = {
            term: math.log(1 + (self.size - n + 0.5) / (n + 0.5)) for term, n in frequency.items()
        }
        postings: dict[str, list[tuple[int, float]]] = {}
        for doc_id, (counts, length) in enumerate(zip(documents, lengths, strict=True)):
            norm = k1 * (1 - b + b * length / (average or 1.0))
            for term, tf in counts.items():
                weight = self.idf[term] * tf * (k1 + 1) / (tf + norm)
                postings.setdefault(term, []).append((doc_id, weight))
        self.postings = postings

    def scores(self, terms: Iterable[tuple[str, float]]) -> dict[int, float]:
        """Scores of the documents matching any of `terms` (term, query weight)."""
        result: dict[int, float] = {}
        get = result.get
        for term, query_weight in terms:
            for doc_id, weight in self.postings.get(term, ()):
                result[doc_id] = get(doc_id, 0.0) + weight * query_weight
        return result
