"""Answering questions over parsed plans: BM25 on folded syllables and bigrams, plus structure."""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.abbreviations import expansion
from knowledge.bm25 import BM25
from knowledge.diacritics import Restorer, restorer_texts
from knowledge.everyday_words import (
    both_roles,
    familiar,
    familiar_spellings,
    rewrites,
    rewritten,
    spelled_so,
    typed_spellings,
    written_syllables,
)
from knowledge.fact_kinds import TotalAsked, asked_fact, counted, total_asked
from knowledge.limits import MAX_CORRECTED_CHARS, clip_question
from knowledge.model import ParsedPlan, Target, Task, TimingKind
from knowledge.outside import ANY_KIND, Outside, asked_document_kinds, named_documents
from knowledge.plan_names import PlanNames, unique
from knowledge.query_terms import (
    QUESTION_WORDS,
    STOP_WORDS,
    bigrams,
    index_terms,
    is_syllable,
    tokens,
    typed_words,
)
from knowledge.relevance import (
    COMMON_WORDS,
    NO_EVIDENCE,
    Evidence,
    is_answer,
    question_phrase_words,
)
from knowledge.routing import Intent, read_intent
from knowledge.textnorm import display_form, fold_key

if TYPE_CHECKING:  # numpy is imported only when an embedding model is used
    import numpy as np
    import numpy.typing as npt

    from knowledge.semantic import Encoder, Vectors

_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_WORDS = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"^[a-z]+$")
_VOWEL = re.compile(r"[aeiouy]")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
# The longest part of a passage an answer shows: a passage that is longer shows its sentences
# that hold the question best (knowledge.index.PlanIndex._trim).
SHOWN_CHARS = 420
# A plan of the level the question says ("tỉnh ủy", "đảng ủy xã") when it names none.
LEVEL_BOOST = 1.2
# ... and for a question asking for a list ("những hạn chế nào", "gồm những gì", "phải làm gì"):
LISTED_CHARS = 900
# ... and for the shortcomings asked about ("hạn chế hiện nay là gì"), which a plan lists in one
# long paragraph: all of them, within one Zalo message (2,000 characters).
SITUATION_CHARS = 1200
_ASKS_A_LIST = re.compile(
    r"\bnhung\b.{0,40}\b(?:nao|gi)\b|\b(?:bao )?gom\b|\b(?:lam|nhiem vu|viec) (?:gi|j)\b"
)
# How many of the best passages may hold the fact a question asks for (knowledge.fact_kinds).
FACT_CANDIDATES = 5
# The weight of a question's own everyday words once their plan term is searched too ("gặp dân
# nói chuyện" beside "đối thoại"): the plans seldom write them.
SAID_WEIGHT = 0.5
NEIGHBOUR_CACHE = 4096  # unknown words whose corrections are remembered
SLIP_SHARE = 0.25  # a pair in this share of the passages is what a one-letter slip meant
SLIP_MIN = 5  # ... and in at least this many
SHORT_WORD = 3  # an unknown word this short is corrected only to make a pair the plans write
EVERYDAY_WEIGHT = 0.8  # the weight of a plan term standing for an everyday word
SAID_OTHERWISE = 0.7  # how much an everyday word counts as held when the plan's term is
BASELINE = 1.3  # a passage stating today's figures, for a question about today's
SITUATION = 2.0  # a passage on how things are, for a question on today's shortcomings
OVERSIGHT = 1.3  # the passage naming who follows the plan up, for "ai theo dõi, đôn đốc ..."
CITED_SENTENCE = 10.0  # in _trim, a sentence citing the kind of document asked for comes first
NAMED_DOCUMENT = 1.5  # a passage citing a document named ("NQ 18") that no plan carries out
HEAD = 1.3  # a passage naming the thing asked for ("theo phương châm nào": "phương châm ...")
OBJECTIVE = 1.3  # a target under the plan's objectives ("Mục tiêu cụ thể"), for a target asked
OWN_FIRST = 0.7  # the asker's own plan comes first when its best passage scores this share
CITING = 1.7  # a passage citing a document of the kind asked for ("theo hướng dẫn nào")
NAME_WEIGHT = 0.3  # the weight of a word that only names the plan asked about
# A plan named this clearly is searched alone: by its number ("KH 74", "CTr Tây Sơn": 4.0), by
# its level and place ("huyện Tây Sơn": 3.6) or by its kind and place ("kế hoạch Hưng Yên": 2.2),
# not by a place alone (1.8: "Tây Sơn" is cited in the commune's plan too). On the seen sets a
# unique name scoring 1.8 to 3.5 always named the plan asked about (258 questions); lowering
# this from 3.5 to 2.0 lifted set J's tune half and changed no other set, 1.7 lost elsewhere.
STRONG_NAME = 2.0
COMMON_SHARE = 0.5
CANDIDATES = 200  # passages re-ranked with structure, of those BM25 ranks first
# Mixing BM25 with the embedding model's cosine (knowledge.semantic), both scaled to 0..1 over
# the plans searched: the share of BM25, and how many passages the model alone may bring in.
LEXICAL_SHARE = 0.85
SEMANTIC_CANDIDATES = 20
QUERY_VECTORS = 256  # question vectors remembered (a question is often asked again, "More")
_CODE = re.compile(r"\b(\d{1,4})\s*-?\s*([a-z]{1,5})\s*/\s*([a-z]{1,8})\b")


@dataclass(frozen=True, slots=True)
class Hit:
    """One answer: where it is and what it says.

    `text` is the passage trimmed to the sentence(s) that answer; `passage` is the whole
    paragraph; `heading` the section headings from the top ("III. NỘI DUNG > 2.1 Đối với ...").
    """

    document_id: str
    document_label: str
    section_path: str
    heading: str
    text: str
    passage: str
    score: float
    owners: tuple[str, ...] = ()
    timings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The best hits, best first; `not_found` when none answers the question well enough;
    `coverage` how much of the question the best hit holds (0 to 1), `evidence` the measures
    that decided (knowledge.relevance)."""

    hits: tuple[Hit, ...]
    not_found: bool
    coverage: float = 0.0
    evidence: Evidence = NO_EVIDENCE


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A task with the plan it comes from."""

    document_id: str
    document_label: str
    task: Task


@dataclass(frozen=True, slots=True)
class TargetRef:
    """A target with the plan it comes from."""

    document_id: str
    document_label: str
    target: Target


@dataclass(frozen=True, slots=True)
class _Passage:
    document_id: str
    document_label: str
    section_path: str
    heading: str
    text: str
    owner_terms: frozenset[str]
    timing_kinds: frozenset[TimingKind]
    deadlines: tuple[tuple[int | None, int | None, int | None], ...]  # (year, month, quarter)
    has_target: bool
    baseline: bool  # states how things are now ("hiện có 6/9", under "Tình hình")
    situation: bool  # under a heading about how things are ("I. TÌNH HÌNH ...")
    objective: bool  # under a heading on the plan's objectives ("2. Mục tiêu cụ thể")
    # in the part on carrying the plan out, a body leading the follow-up of it ("Ban Tổ chức
    # chủ trì, phối hợp ... theo dõi, đôn đốc ...")
    oversees: bool
    target_years: frozenset[int]
    folded: str
    cites: frozenset[str] = frozenset()  # kinds of the documents it cites ("hd", "ct")
    documents: frozenset[tuple[str, str]] = frozenset()  # ... and each one ("nq", "18")
    owners: tuple[str, ...] = ()
    timings: tuple[str, ...] = ()


class PlanIndex:
    """A question index over parsed plans, rebuilt in memory from stored `ParsedPlan`s.

    Build it with `PlanIndex.build(plans)`; `add` and `remove` change one document (the
    statistics are recomputed, which takes a fraction of a second for 50 plans).
    """

    def __init__(self, encoder: Encoder | None = None) -> None:
        self._encoder = encoder
        self._plans: dict[str, ParsedPlan] = {}
        self._passages: list[_Passage] = []
        self._counts: list[Counter[str]] = []
        self._terms: list[frozenset[str]] = []
        self._per_document: dict[str, tuple[list[_Passage], list[Counter[str]]]] = {}
        self.names = PlanNames(())
        self._carried_out: set[tuple[str, str]] = set()
        # the documents the plans cite with their date ("Chỉ thị số 28-CT/TW ngày 21/01/2019")
        self.dated_documents: frozenset[tuple[str, str]] = frozenset()
        # the documents only cited in the plans' text: neither a plan nor carried out by one
        # ("Quy định số 195-QĐ/TW" among the rules a task applies)
        self.cited_only: frozenset[tuple[str, str]] = frozenset()
        self.outside = Outside((), frozenset())
        self._harvested: dict[str, str] = {}
        self._bm25 = BM25([])
        self._vocabulary: Counter[str] = Counter()
        self._written: dict[str, frozenset[str]] = {}
        self._spellings: frozenset[str] = frozenset()
        self._sentences: dict[int, list[tuple[str, frozenset[str]]]] = {}
        self._neighbour_cache: dict[str, tuple[str, ...]] = {}
        self._owner_groups: dict[tuple[str, str], tuple[str, list[TaskRef]]] | None = None
        self._heading_lines: dict[tuple[str, str], str] = {}  # (document, section) → its line
        self._plan_words: dict[str, str] = {}  # document → its folded words, space-separated
        self._cited: dict[str, frozenset[tuple[str, str]]] = {}  # document → what it cites
        self._vectors: dict[str, Vectors] = {}
        self._matrix: Vectors | None = None  # one row per passage, zeros where none is known
        self._has_vector: npt.NDArray[np.bool_] | None = None
        self._restorer: Restorer | None = None
        self._query_vectors: dict[str, Vectors] = {}
        self._ordinal: dict[str, int] = {}
        self._document_of: npt.NDArray[np.int32] | None = None

    @classmethod
    def build(
        cls,
        plans: Iterable[ParsedPlan],
        encoder: Encoder | None = None,
        vectors: Mapping[str, Vectors] | None = None,
    ) -> PlanIndex:
        """The index of `plans`; with an `encoder`, questions are also compared with the
        passages' `vectors` (by document id, rows in the order of `passage_texts`), mixed with
        BM25. A plan without vectors, or with vectors that no longer fit its passages, is
        searched with BM25 alone."""
        index = cls(encoder)
        for plan in plans:
            index._store(plan, (vectors or {}).get(plan.document_id))
        index._rebuild()
        return index

    @property
    def encoder(self) -> Encoder | None:
        return self._encoder

    @property
    def plans(self) -> tuple[ParsedPlan, ...]:
        return tuple(self._plans.values())

    def __len__(self) -> int:
        return len(self._passages)

    def add(self, plan: ParsedPlan, vectors: Vectors | None = None) -> None:
        """Add a plan, replacing one with the same `document_id`."""
        self._store(plan, vectors)
        self._rebuild()

    def remove(self, document_id: str) -> None:
        """Remove a plan (nothing happens if it is not there)."""
        if self._plans.pop(document_id, None) is not None:
            self._per_document.pop(document_id, None)
            self._written.pop(document_id, None)
            self._vectors.pop(document_id, None)
            self._rebuild()

    # --- building -------------------------------------------------------------------------

    def _store(self, plan: ParsedPlan, vectors: Vectors | None = None) -> None:
        self._plans[plan.document_id] = plan
        self._vectors.pop(plan.document_id, None)
        passages: list[_Passage] = []
        counts: list[Counter[str]] = []
        doc_line = " ".join(
            part
            for part in (plan.label, plan.identity.place or "", plan.identity.issuer or "")
            if part
        )
        for passage in _passages_of(plan):
            syllables = tokens(f"{doc_line} {passage.heading} {passage.text}", plan.abbreviations)
            passages.append(passage)
            counts.append(Counter(index_terms(syllables)))
        self._per_document[plan.document_id] = (passages, counts)
        fits = vectors is not None and vectors.ndim == 2 and vectors.shape[0] == len(passages)
        if self._encoder is not None and vectors is not None and fits:
            self._vectors[plan.document_id] = vectors.astype("float32", copy=False)
        self._written[plan.document_id] = frozenset(
            _spelling(word) for word in set(_WORDS.findall(plan.text))
        )

    def _rebuild(self) -> None:
        self._passages = []
        self._counts = []
        self._harvested = {}
        for document_id, (passages, counts) in self._per_document.items():
            self._passages.extend(passages)
            self._counts.extend(counts)
            self._harvested.update(self._plans[document_id].abbreviations)
        self._stack_vectors()
        self._terms = [frozenset(counts) for counts in self._counts]
        self._bm25 = BM25(self._counts)
        vocabulary: Counter[str] = Counter()
        for passage_counts in self._counts:
            vocabulary.update(term for term in passage_counts if "_" not in term)
        self._vocabulary = vocabulary
        self._spellings = frozenset().union(*self._written.values())
        self._sentences = {}
        self._neighbour_cache = {}
        self._owner_groups = None
        self._heading_lines = {}
        self._plan_words = {}
        self._cited = {}
        self.names = PlanNames(self._plans.values())
        self._carried_out = {
            document
            for plan in self._plans.values()
            for text in (plan.identity.basis, plan.identity.title)
            for document in named_documents(fold_key(text or ""))
        }
        self.dated_documents = frozenset(
            document
            for plan in self._plans.values()
            for document in named_documents(fold_key(plan.text), dated=True)
        )
        own = {
            document
            for plan in self._plans.values()
            if plan.identity.number
            for document in named_documents(
                fold_key(f"{plan.identity.kind or 'KH'} {plan.identity.number}")
            )
        }
        self.cited_only = frozenset(
            document
            for passage in self._passages
            for document in passage.documents
            if document not in self._carried_out and document not in own
        )
        self.outside = Outside(
            (
                f"{plan.identity.kind or 'KH'} {plan.identity.number or ''} "
                + " ".join(plan.preamble)
                + " "
                + plan.text
                for plan in self._plans.values()
            ),
            self._bm25.document_frequency,
            (plan.identity.signer for plan in self._plans.values() if plan.identity.signer),
        )

    def _stack_vectors(self) -> None:
        """One matrix of the passages' vectors (zeros for a plan without), when a model is used."""
        self._matrix = self._has_vector = self._document_of = None
        self._restorer = None
        self._query_vectors = {}
        dims = {vectors.shape[1] for vectors in self._vectors.values()}
        if self._encoder is None or len(dims) != 1:
            return
        import numpy as np

        dim = dims.pop()
        rows: list[Vectors] = []
        known: list[bool] = []
        for document_id, (passages, _counts) in self._per_document.items():
            vectors = self._vectors.get(document_id)
            if vectors is not None and vectors.shape[1] == dim:
                rows.append(vectors)
            else:
                rows.append(np.zeros((len(passages), dim), dtype=np.float32))
            known.extend([vectors is not None] * len(passages))
        self._matrix = np.vstack(rows)
        self._has_vector = np.array(known, dtype=bool)
        self._ordinal = {document_id: n for n, document_id in enumerate(self._per_document)}
        self._document_of = np.array(
            [self._ordinal[passage.document_id] for passage in self._passages], dtype=np.int32
        )

    # --- searching ------------------------------------------------------------------------

    def search(
        self,
        question: str,
        top: int = 3,
        document_id: str | None = None,
        within: Collection[str] | None = None,
        prefer: Mapping[str, float] | None = None,
    ) -> SearchResult:
        """The `top` best passages for `question`, typed any way (no diacritics, NFD, old or new
        tone placement, abbreviations, a typo per word). `document_id` limits the search to one
        plan, `within` to the plans a person may read; `prefer` multiplies the scores of some
        plans (the asker's own). A plan the question names ("KH 74", "xã Ia Hiao") is preferred,
        and searched alone when it clearly stands out. The question is cut to the limits of
        knowledge.limits first, so the work is bounded whatever the text."""
        question = clip_question(question)
        raw = tokens(question, self._harvested)
        corrected = self._correct(raw)
        syllables = both_roles(corrected)
        content = [s for s in syllables if s not in STOP_WORDS]
        if not content or not self._passages:
            return SearchResult((), True)
        if within is not None and not within:
            return SearchResult((), True)
        readable = set(within) if within is not None else None
        folded = fold_key(question)
        intent = read_intent(folded)
        named = self.names.named(syllables, readable)
        allowed: set[str] | None = {document_id} if document_id is not None else None
        boost: dict[str, float] = dict(prefer or {})
        if allowed is None:
            single = unique(named)
            if single is not None and named[0].identified >= STRONG_NAME:
                allowed = {single}
            for item in named:
                share = item.score / named[0].score
                boost[item.document_id] = boost.get(item.document_id, 1.0) * (1 + 0.6 * share)
            # No plan named, a level said ("bí thư xã kiêm chủ tịch HĐND không (tỉnh ủy)"):
            # the plans of that level come first among passages alike.
            said = set() if named else self.names.levels_said(syllables)
            for plan_id in self._plans:
                if self.names.levels_of(plan_id) & said:
                    boost[plan_id] = boost.get(plan_id, 1.0) * LEVEL_BOOST
        if readable is not None:
            allowed = (allowed & readable or readable) if allowed is not None else readable
        # Terms in over half the passages add little but cost the most: skip them.
        common = self._bm25.size * COMMON_SHARE
        frequency = self._bm25.document_frequency
        # Everyday words alone ("phải", "làm", "người", "được": knowledge.relevance) say nothing
        # of the topic; they still count in pairs ("người làm công tác xã hội").
        topical = (s for s in content if s not in COMMON_WORDS)
        terms = list(dict.fromkeys(topical)) + list(dict.fromkeys(bigrams(syllables)))
        # Once a plan is named, the words naming it ("KL 38", "Tây Sơn") say which plan, not
        # what is asked: they count little, so that the passage citing the name does not win.
        # So does the level that told the plans named apart ("kh nq21 xã": no "làm ăn xa").
        naming_words = (
            {syllables[position] for position in self.names.identifying_words(syllables)}
            | self.names.deciding_level(syllables, named)
            if named
            else set()
        )
        # The plans' own terms for everyday words ("vào Đảng" → "kết nạp đảng viên"); the
        # everyday words themselves then count less (the plans seldom say them).
        typed = typed_spellings(question)
        found = rewrites(syllables, frequency, typed)
        everyday_words = {
            word for item in found for word in syllables[item.start : item.end]
        } - set(word for item in found for word in item.term)
        weighted = [
            (
                term,
                NAME_WEIGHT
                if set(term.split("_")) <= naming_words
                else SAID_WEIGHT
                if set(term.split("_")) <= everyday_words
                else 1.0,
            )
            for term in terms
            if frequency.get(term, 0) <= common
        ]
        plain = written_syllables(rewritten(syllables, frequency, typed), typed)
        if plain != syllables:
            known = set(terms)
            extra = [s for s in plain if s not in STOP_WORDS] + bigrams(plain)
            weighted += [
                (term, EVERYDAY_WEIGHT)
                for term in dict.fromkeys(extra)
                if term not in known and frequency.get(term, 0) <= common
            ]
        scores = self._bm25.scores(weighted)
        query_owner = set(bigrams(content))
        patterns = _exact_patterns(folded)
        # Documents the question names that no plan carries out ("gắn với NQ 18 và NQ 19"): a
        # passage citing them is about them ("KL 38", "NQ 21" only say which plan is meant).
        documents = named_documents(folded) - self._carried_out
        asked_kinds = asked_document_kinds(folded)
        head = _asked_head(syllables, frequency, common)
        ranked: list[tuple[float, int]] = []

        def factor_of(passage_id: int) -> float:
            passage = self._passages[passage_id]
            factor = _boost(passage, intent, query_owner) * boost.get(passage.document_id, 1.0)
            if patterns and any(pattern.search(passage.folded) for pattern in patterns):
                factor *= 1.5
            elif documents and documents & passage.documents:
                factor *= NAMED_DOCUMENT
            if asked_kinds and (
                passage.cites & asked_kinds or (ANY_KIND in asked_kinds and passage.cites)
            ):
                factor *= CITING
            if head is not None and head in self._terms[passage_id]:
                factor *= HEAD
            return factor

        candidates = heapq.nlargest(CANDIDATES, scores.items(), key=lambda item: item[1])
        for passage_id, score in candidates:
            passage = self._passages[passage_id]
            if allowed is not None and passage.document_id not in allowed:
                continue
            ranked.append((score * factor_of(passage_id), passage_id))
        ranked.sort(reverse=True)
        preferred = prefer or {}
        own = max(preferred.values(), default=1.0) if not named else 1.0
        # A question asking for an age, an amount, a phone number... is answered only by a
        # passage stating one ("70 tuổi"): the best of those among the first candidates.
        fact = asked_fact(folded)
        total = total_asked(" ".join(syllables))
        count: re.Pattern[str] | None = None
        if fact is None:
            if total is not None and not self._states_total(
                total, {item.document_id for item in named if item.identified > 0}, allowed
            ):
                # "xã Ia Hiao hiện có bao nhiêu đảng viên": the plan named states no such
                # total; a target or another organisation's count is no answer.
                return SearchResult((), True)
            count = counted(folded, today=intent.current)

        def moved(ranked: list[tuple[float, int]]) -> list[tuple[float, int]]:
            """`ranked` (BM25's order, or the order mixed with the model) after the moves the
            question calls for; empty when no passage states the fact asked for."""
            if own > 1.0 and ranked:
                # The asker's own plan first when it answers nearly as well as another's: a
                # commune's target before the district's for "chỉ tiêu ... phải đạt bao nhiêu".
                floor = OWN_FIRST * ranked[0][0]
                mine = [
                    item
                    for item in ranked[:FACT_CANDIDATES]
                    if item[0] >= floor
                    and preferred.get(self._passages[item[1]].document_id) == own
                ]
                ranked = mine + [item for item in ranked if item not in mine]
            if fact is not None:
                return self._stating_first(ranked, fact.stated)
            if count is not None:
                # A question counting things prefers a passage that states a count of them
                # ("mấy thôn" → "8/9 thôn"); other passages follow.
                ranked = self._stating_first(ranked, count) or ranked
                if intent.current:
                    # "giờ được mấy thôn rồi": today's count ("hiện có 6/9") before a goal's;
                    # for a total asked in so many words, one of the thing counted ("hiện có
                    # bao nhiêu đảng viên": "tổng số 264 đảng viên", not "hiện có 7/12").
                    stated = count

                    def states_today(passage: _Passage) -> bool:
                        if total is not None:
                            return total.stated_in(passage.folded)
                        return passage.baseline and stated.search(passage.folded) is not None

                    today = [
                        item
                        for item in ranked[:FACT_CANDIDATES]
                        if states_today(self._passages[item[1]])
                    ]
                    ranked = today + [item for item in ranked if item not in today]
            return ranked

        ranked = moved(ranked)
        if fact is not None and not ranked:
            return SearchResult((), True)
        # Whether the plans answer at all is read from the words (below); the model only
        # orders the passages, so that a question about something else stays unanswered. Its
        # order goes through the same moves as BM25's: mixed in after them, it would put back
        # a passage stating no count before one stating the count asked for.
        shown = ranked
        if self._matrix is not None and ranked:
            vector = self._query_vector(question, syllables)
            if vector is not None:
                shown = moved(self._mixed(ranked, scores, allowed, vector, factor_of)) or ranked
        # The sentence that answers is the one with the question's words, not the name of the
        # passage's plan ("huyện Tây Sơn", "KL 38"; "đại học" of the Khối các trường Đại học
        # is the question's own word in a passage of another plan).
        naming = self.names.name_words(syllables)
        trim_terms: dict[str, set[str]] = {}

        def trim_terms_of(document_id: str) -> set[str]:
            if document_id not in trim_terms:
                own = self.names.own_name_words(syllables, document_id)
                subject = [s for position, s in enumerate(syllables) if position not in own]
                trim_terms[document_id] = (
                    {s for s in subject if s not in STOP_WORDS}
                    | set(bigrams(subject))
                    | set(bigrams(plain))
                )
            return trim_terms[document_id]

        hits: list[Hit] = []
        for score, passage_id in shown[:top]:
            passage = self._passages[passage_id]
            hits.append(
                Hit(
                    document_id=passage.document_id,
                    document_label=passage.document_label,
                    section_path=passage.section_path,
                    heading=passage.heading,
                    text=self._trim(
                        passage_id,
                        trim_terms_of(passage.document_id),
                        intent.target,
                        asked_kinds,
                        SITUATION_CHARS
                        if intent.situation
                        else LISTED_CHARS
                        if _ASKS_A_LIST.search(folded)
                        else SHOWN_CHARS,
                    ),
                    passage=passage.text,
                    score=round(score, 3),
                    owners=passage.owners,
                    timings=passage.timings,
                )
            )
        if not ranked:
            return SearchResult(tuple(hits), True)
        best = ranked[0][1]
        # Words that name the passage's own plan ("huyện Tây Sơn", "KH 74") are held by it.
        names = (
            {syllables[position] for position in naming}
            if any(item.document_id == self._passages[best].document_id for item in named)
            else set()
        )
        words = self._content_words(question)
        # A word the plans never use stays one when read as the plan word one letter away
        # ("bóng đá" is no "công đá"): the corrected reading holds no more of the question.
        unused = {word: (word, weight, True) for word, weight, strange in words if strange}
        slipped = {
            meant: unused[typed_word]
            for typed_word, meant in zip(raw, corrected, strict=True)
            if typed_word in unused and meant != typed_word
        }
        coverage = max(self.coverage(syllables, best, slipped), self.coverage(plain, best, slipped))
        have = self._terms[best]
        # Also held: the words of an everyday phrase whose plan term the passage holds ("gặp
        # dân nói chuyện" beside "đối thoại"), and "xã", "huyện"... of the passage's own plan.
        levels = self.names.levels_of(self._passages[best].document_id)
        also = names | levels
        if _RATE_ASKED.search(folded) and _RATE_STATED.search(self._passages[best].folded):
            # "tỷ lệ bí thư kiêm trưởng thôn": a passage stating a share ("đạt trên 85%")
            # holds the rate asked for, though it never writes "tỷ lệ"
            also = also | _RATE_WORDS
        evidence = Evidence(
            pairs=round(coverage, 3),
            words=round(
                max(
                    _held_share(
                        words, have, also, _said_otherwise(syllables, have, frequency, typed)
                    ),
                    _held_share(
                        [
                            slipped.get(word, (word, weight, strange))
                            for word, weight, strange in self._content_words(plain)
                        ],
                        have,
                        names,
                    ),
                ),
                3,
            ),
            unknown=round(_unknown_share(words), 3),
            named=1.0 if names else 0.0,
            unwritten=round(self._unwritten_share(syllables, typed), 3),
            level=1.0 if _level_said(syllables, typed, levels) else 0.0,
        )
        return SearchResult(tuple(hits), not is_answer(evidence), round(coverage, 3), evidence)

    def _states_total(self, total: TotalAsked, named: set[str], allowed: set[str] | None) -> bool:
        """Whether a plan the question names (any plan when it names none) states the total
        asked for today: "Đảng bộ huyện Tây Sơn hiện có ... 4.482 đảng viên"."""
        if not named or (
            not total.person and not self._bm25.document_frequency.get(total.noun.replace(" ", "_"))
        ):
            # Named by no plan, or a noun no plan writes ("tổ chứ"): left to the search.
            return True
        plans = named if allowed is None else named & allowed
        return any(
            passage.document_id in plans and total.stated_in(passage.folded)
            for passage in self._passages
        )

    def _stating_first(
        self, ranked: list[tuple[float, int]], stated: re.Pattern[str]
    ) -> list[tuple[float, int]]:
        """`ranked` with the passages among the first `FACT_CANDIDATES` that state what
        `stated` matches ("70 tuổi", "8/9 thôn") moved to the front; empty when none does
        (a question asking for an age, an amount, a phone number... is then not answered)."""
        stating = [
            item
            for item in ranked[:FACT_CANDIDATES]
            if stated.search(self._passages[item[1]].folded)
        ]
        if not stating:
            return []
        return stating + [item for item in ranked if item not in stating]

    def _mixed(
        self,
        ranked: list[tuple[float, int]],
        scores: Mapping[int, float],
        allowed: set[str] | None,
        vector: Vectors,
        factor_of: Callable[[int], float],
    ) -> list[tuple[float, int]]:
        """The passages ranked by BM25 and by the model's cosine together: each scaled to 0..1
        over the plans searched, `LEXICAL_SHARE` of BM25, times the same structural factors;
        the model may bring in `SEMANTIC_CANDIDATES` passages BM25 did not rank. A passage
        without a vector keeps its BM25 share alone."""
        import numpy as np

        assert self._matrix is not None and self._has_vector is not None
        assert self._document_of is not None
        usable = self._has_vector
        if allowed is not None:
            usable = usable & np.isin(self._document_of, [self._ordinal[d] for d in allowed])
        if not usable.any():
            return ranked
        similarity = self._matrix @ vector
        values = similarity[usable]
        high, low = float(values.max()), float(values.min())
        spread = high - low or 1.0
        masked = np.where(usable, similarity, -np.inf)
        count = min(SEMANTIC_CANDIDATES, int(usable.sum()))
        nearest = np.argpartition(-masked, count - 1)[:count]
        best_lexical = max(scores[passage_id] for _score, passage_id in ranked) or 1.0
        pool = dict.fromkeys(passage_id for _score, passage_id in ranked)
        pool.update(dict.fromkeys(int(passage_id) for passage_id in nearest))
        result: list[tuple[float, int]] = []
        for passage_id in pool:
            lexical = scores.get(passage_id, 0.0) / best_lexical
            semantic = (
                (float(similarity[passage_id]) - low) / spread
                if self._has_vector[passage_id]
                else lexical
            )
            mixed = LEXICAL_SHARE * lexical + (1 - LEXICAL_SHARE) * semantic
            result.append((mixed * factor_of(passage_id), passage_id))
        result.sort(reverse=True)
        return result

    def query_text(self, question: str, syllables: list[str]) -> str:
        """The question as the model reads it: as typed when it has diacritics, else its
        corrected syllables with the diacritics the plans write put back (knowledge.diacritics)."""
        if not question.isascii():
            return display_form(question)
        if self._restorer is None:
            texts = [plan.text for plan in self._plans.values()]
            self._restorer = Restorer([*texts, *restorer_texts()])
        return self._restorer.restore(" ".join(syllables))

    def _query_vector(self, question: str, syllables: list[str]) -> Vectors | None:
        """The model's vector of the question (remembered for the next `QUERY_VECTORS`), or None
        when the model fails."""
        assert self._encoder is not None
        text = self.query_text(question, syllables)
        vector = self._query_vectors.get(text)
        if vector is None:
            try:
                vector = self._encoder.queries([text])[0]
            except Exception:  # the model is optional: BM25 alone answers
                return None
            if len(self._query_vectors) >= QUERY_VECTORS:
                self._query_vectors.clear()
            self._query_vectors[text] = vector
        return vector

    def _unwritten_share(
        self, syllables: list[str], typed: Mapping[str, frozenset[str]] | None = None
    ) -> float:
        """The share of a question's pairs of adjacent content words that no plan writes
        ("thủ tục chuyển", "giá vàng"): everyday phrases, ways of asking, numbers and the
        words of everyday speech left out."""
        skipped = question_phrase_words(syllables)
        for found in rewrites(syllables, self._bm25.document_frequency, typed):
            skipped.update(range(found.start, found.end))
        content = [
            position not in skipped
            and word not in STOP_WORDS
            and word not in COMMON_WORDS
            and is_syllable(word)  # not a number, nor an abbreviation before its expansion
            and word not in familiar()
            for position, word in enumerate(syllables)
        ]
        pairs = [
            f"{syllables[position]}_{syllables[position + 1]}"
            for position in range(len(syllables) - 1)
            if content[position] and content[position + 1]
        ]
        frequency = self._bm25.document_frequency
        unwritten = sum(1 for pair in pairs if pair not in frequency)
        return unwritten / len(pairs) if pairs else 0.0

    def _content_words(self, question: str | list[str]) -> list[tuple[str, float, bool]]:
        """(folded word, weight, whether no plan uses it) for each content word of a question
        (or of its folded syllables): a rarer word weighs more, one no plan uses the most.
        Question words and everyday speech are left out; a misspelt plan word ("dnag") counts
        as the word meant, but a real word the plans never use ("nau" for "nấu") does not."""
        typed = (
            typed_words(clip_question(question), self._harvested)
            if isinstance(question, str)
            else [(word, word) for word in question]
        )
        largest = math.log(1 + (self._bm25.size + 0.5) / 0.5)
        result: list[tuple[str, float, bool]] = []
        seen: set[str] = set()
        asking = question_phrase_words([word for _written, word in typed])
        for position, (written, word) in enumerate(typed):
            known = self._known_spelling(word)
            if known != word:
                written, word = written[:-1] + known[-1], known
            if (
                position in asking
                or word in seen
                or len(word) < 2
                or not _VOWEL.search(word)  # a number, or an abbreviation no table knows
                or word in STOP_WORDS
                or word in COMMON_WORDS
            ):
                continue
            seen.add(word)
            if word in self._vocabulary:
                spelling = _spelling(written)
                strange = (
                    not _ASCII_WORD.match(written)
                    and spelling not in self._spellings
                    and spelling not in familiar_spellings()
                )
                result.append((word, self._bm25.idf.get(word, largest), strange))
            elif not is_syllable(word) and (neighbours := self._neighbours(word)):
                meant = self._correct([word])[0]
                result.append((meant if meant in neighbours else word, largest, False))
            elif word in familiar():
                result.append((word, largest, False))
            else:
                result.append((word, largest, True))
        return result

    def _neighbours(self, word: str) -> tuple[str, ...]:
        """The corpus syllables one edit away from `word` (remembered for the next questions,
        at most `NEIGHBOUR_CACHE` words)."""
        known = self._neighbour_cache.get(word)
        if known is None:
            if len(self._neighbour_cache) >= NEIGHBOUR_CACHE:
                self._neighbour_cache.clear()
            known = tuple(sorted(c for c in _edits(word) if c in self._vocabulary))
            self._neighbour_cache[word] = known
        return known

    def corrected(self, question: str) -> list[str]:
        """The folded syllables of `question` (within the limits), abbreviations expanded and
        unknown words corrected, as the search reads them."""
        return self._correct(tokens(clip_question(question), self._harvested))

    def spelled(self, folded: str) -> str:
        """A folded question with each unknown word (letters only) corrected as the search
        corrects it ("ke hoch" → "ke hoach"), abbreviations and punctuation left as typed."""
        words = clip_question(folded).split()
        plain = [position for position, word in enumerate(words) if _ASCII_WORD.match(word)]
        corrected = self._correct([words[position] for position in plain])
        for position, word in zip(plain, corrected, strict=True):
            words[position] = word
        return " ".join(words)

    def coverage(
        self, syllables: list[str], passage_id: int, unheld: Collection[str] = ()
    ) -> float:
        """How much of the question the passage holds: the share of the question's word pairs
        (those not made of question words alone) found in it. A pair with a word of `unheld`
        (a word the plans never use, read as a plan word) is never held."""
        have = self._terms[passage_id]
        pairs = {
            pair
            for pair in bigrams(syllables)
            if not all(part in STOP_WORDS for part in pair.split("_"))
        }
        held = sum(
            1
            for pair in pairs
            if pair in have and not any(part in unheld for part in pair.split("_"))
        )
        return held / len(pairs) if pairs else 0.0

    def _trim(
        self,
        passage_id: int,
        query: set[str],
        figures: bool = False,
        cited: frozenset[str] = frozenset(),
        room: int = SHOWN_CHARS,
    ) -> str:
        """The run of consecutive sentences of a passage (at most `room` characters,
        all of it when shorter) that holds the most of the query's
        terms, each counted once by its rarity: an answer's sentence comes with the one that
        completes it ("... vẫn còn hạn chế." and the limitations that follow). With `figures`,
        a sentence stating a number counts more; with `cited` (the kinds of document asked for,
        "theo hướng dẫn nào"), so does one citing such a document by number ("Hướng dẫn số
        12-HD/BTCTW")."""
        text = self._passages[passage_id].text
        if len(text) <= room:
            return text
        sentences = self._sentences.get(passage_id)
        if sentences is None:
            sentences = [
                (sentence, frozenset(index_terms(tokens(sentence))))
                for sentence in _SENTENCE_END.split(text)
                if sentence.strip()
            ]
            self._sentences[passage_id] = sentences
        if len(sentences) <= 1:
            return text
        idf = self._bm25.idf
        best_score, best = -1.0, (0, 1)
        # A run starts at a sentence that holds a pair of the query's words (or, when none does,
        # one of its words), so that a tie does not go to a run led by a sentence about
        # something else ("thành tích" is not "chủ tịch").
        leading = [any("_" in term for term in query & words) for _sentence, words in sentences]
        if not any(leading):
            leading = [bool(query & words) for _sentence, words in sentences]
        for first in range(len(sentences)):
            if not leading[first] and any(leading):
                continue
            held: set[str] = set()
            length = -1
            numbers = False
            citing = False
            for last in range(first, len(sentences)):
                sentence, words = sentences[last]
                if last > first and length + 1 + len(sentence) > room:
                    break
                length += 1 + len(sentence)
                held |= query & words
                numbers = numbers or any(ch.isdecimal() for ch in sentence)
                citing = citing or bool(cited and _cites(sentence, cited))
                score = (
                    sum(idf.get(term, 0.0) for term in held)
                    + (1.5 if figures and numbers else 0.0)
                    + (CITED_SENTENCE if citing else 0.0)
                )
                # A longer run is kept only when it holds more: ties go to the shorter, earlier.
                if score > best_score + 1e-9:
                    best_score, best = score, (first, last + 1)
        first, end = best
        length = sum(len(sentence) + 1 for sentence, _words in sentences[first:end])
        # What follows completes it while there is room ("... vẫn còn hạn chế." and the list).
        while end < len(sentences) and length + len(sentences[end][0]) <= room:
            length += len(sentences[end][0]) + 1
            end += 1
        return " ".join(sentence for sentence, _words in sentences[first:end])

    def _known_spelling(self, word: str) -> str:
        """The folded word as the plans spell it when they use the other of i and y ("ki" →
        "ky": "kí"/"ký" are both right), else the word itself."""
        variant = _other_spelling(word)
        if variant is not None and word not in self._vocabulary and variant in self._vocabulary:
            return variant
        return word

    def _held_key(self, syllable: str) -> str | None:
        """The word meant when the last letter was typed more than once ("kyy", "dauuu",
        "vayy"): no Vietnamese syllable ends in a doubled letter but those in "ưu" ("lưu",
        "sưu"), which stay, as do Roman numerals ("vii"); else None."""
        if len(syllable) < 3 or syllable[-1] != syllable[-2] or not syllable.isalpha():
            return None
        if (
            syllable in self._vocabulary
            or syllable in familiar()
            or _ends_in_uu(syllable)
            or set(syllable) <= _ROMAN
        ):
            return None
        single = syllable.rstrip(syllable[-1]) + syllable[-1]
        return single if self._is_known(single) else None

    def _is_known(self, word: str) -> bool:
        """A word the plans write, a question word or an everyday word: never corrected."""
        return word in self._vocabulary or word in QUESTION_WORDS or word in familiar()

    def _slip(self, before: str, syllable: str, frequency: Mapping[str, int]) -> str | None:
        """The word meant when `syllable` makes with `before` a pair no plan writes while a word
        one edit away makes one written in at least `SLIP_SHARE` of the passages; None
        otherwise."""
        if f"{before}_{syllable}" in frequency or not 3 <= len(syllable) <= MAX_CORRECTED_CHARS:
            return None
        best, count = None, max(SLIP_MIN, math.ceil(SLIP_SHARE * self._bm25.size)) - 1
        for candidate in self._neighbours(syllable):
            written = frequency.get(f"{before}_{candidate}", 0)
            if written > count:
                best, count = candidate, written
        return best

    def _correct(self, syllables: list[str]) -> list[str]:
        """Replace each unknown syllable by a corpus syllable one edit away: the one that makes
        a known pair with its neighbours, else the most frequent."""
        frequency = self._bm25.document_frequency
        corrected: list[str] = []
        for position, syllable in enumerate(syllables):
            known = self._known_spelling(syllable)
            if known != syllable:
                corrected.append(known)
                continue
            single = self._held_key(syllable)
            if single is not None:
                corrected.append(single)
                continue
            before = corrected[-1] if corrected else None
            if (
                before is not None
                and syllable not in QUESTION_WORDS
                and syllable not in self._vocabulary
                and syllable in familiar()
            ):
                # An everyday word the plans never use, one letter from the word they write
                # after this one in a quarter of their passages: "ke hach" is "kế hoạch".
                slip = self._slip(before, syllable, frequency)
                if slip is not None:
                    corrected.append(slip)
                    continue
            if (
                self._is_known(syllable)
                or syllable.isdecimal()
                or not 3 <= len(syllable) <= MAX_CORRECTED_CHARS
            ):
                corrected.append(syllable)
                continue
            after = syllables[position + 1] if position + 1 < len(syllables) else None

            def rank(
                candidate: str, before: str | None = before, after: str | None = after
            ) -> float:
                pairs = 0
                if before is not None:
                    pairs += frequency.get(f"{before}_{candidate}", 0)
                if after is not None:
                    pairs += frequency.get(f"{candidate}_{after}", 0)
                return pairs * 1000.0 + self._vocabulary[candidate]

            candidates = self._neighbours(syllable)
            if candidates and (is_syllable(syllable) or len(syllable) <= SHORT_WORD):
                # A real word the plans do not use ("dịp", "phiếu", "kéo") is corrected only
                # to a word that makes a pair the plans write with its neighbour ("chi tiu" →
                # "chi tieu"): most are words, not typos. So is a short one ("urê" is no "trẻ":
                # three letters are one edit from too many words).
                candidates = tuple(candidate for candidate in candidates if rank(candidate) >= 1000)
            corrected.append(max(candidates, key=rank) if candidates else syllable)
        return corrected

    # --- structured questions -------------------------------------------------------------

    def _task_refs(self, document_id: str | None = None) -> list[TaskRef]:
        return [
            TaskRef(plan.document_id, plan.label, task)
            for plan in self._plans.values()
            if document_id is None or plan.document_id == document_id
            for task in plan.tasks
        ]

    def owner_groups(self) -> dict[tuple[str, str], tuple[str, list[TaskRef]]]:
        """(document id, owner as written) → (the owner's folded words, abbreviations expanded;
        its tasks), computed once per index."""
        if self._owner_groups is None:
            groups: dict[tuple[str, str], tuple[str, list[TaskRef]]] = {}
            keys: dict[str, str] = {}
            for ref in self._task_refs():
                owner = ref.task.owner
                if owner not in keys:
                    keys[owner] = " ".join(tokens(owner))
                groups.setdefault((ref.document_id, owner), (keys[owner], []))[1].append(ref)
            self._owner_groups = groups
        return self._owner_groups

    def owner_line(self, ref: TaskRef) -> str:
        """The line of the plan that gives `ref`'s body its part, as the document writes it:
        the heading ("2. Ủy ban nhân dân tỉnh:") or, when the task follows on the same line,
        the whole line ("2.4 Văn phòng Đảng ủy: Phối hợp ..."); "" when the task was not given
        under a heading naming its body (a sentence's subject) or the line cannot be found."""
        plan = self._plans.get(ref.document_id)
        if plan is None or ref.task.owner_source not in ("explicit", "heading"):
            return ""
        owner = fold_key(ref.task.owner)
        section = next(
            (
                part
                for part in reversed(plan.heading_chain(ref.task.section_path))
                if part.owner is not None and fold_key(part.owner) == owner
            ),
            None,
        )
        if section is None:
            return ""
        key = (plan.document_id, section.path)
        if key not in self._heading_lines:
            title = fold_key(section.title)[:40]
            self._heading_lines[key] = next(
                (
                    written
                    for written in (line.strip() for line in plan.text.splitlines())
                    if written.startswith(section.number)
                    and not written[len(section.number) :][:1].isdecimal()
                    and title in fold_key(written[len(section.number) :])
                ),
                "",
            )
        return self._heading_lines[key]

    def cited_by(self, document_id: str) -> frozenset[tuple[str, str]]:
        """(kind, number) of the documents a plan's text cites or is ("nq", "21")."""
        if document_id not in self._cited:
            plan = self._plans.get(document_id)
            folded = fold_key(plan.text) if plan is not None else ""
            self._cited[document_id] = frozenset(named_documents(folded)) | {
                ("nq", str(_roman(number))) for number in _CONGRESS.findall(folded)
            }
        return self._cited[document_id]

    def writes(self, document_id: str, words: str) -> bool:
        """Whether a plan writes these folded words in a row anywhere ("uy ban nhan dan"), in
        full or as an abbreviation ("UBND")."""
        plan = self._plans.get(document_id)
        if plan is None:
            return False
        if document_id not in self._plan_words:
            read = tokens(plan.text, self._harvested)  # each abbreviation followed by its words
            self._plan_words[document_id] = f" {' '.join(read)} "
        return f" {words} " in self._plan_words[document_id]

    def tasks_of_owner(self, owner: str, document_id: str | None = None) -> list[TaskRef]:
        """Tasks whose owner matches `owner` as typed ("UBKT", "ban to chuc", "Văn phòng")."""
        wanted = [
            s
            for s in tokens(owner, self._harvested)
            if s not in STOP_WORDS and expansion(s) is None and s not in self._harvested
        ]
        if not wanted:
            return []
        wanted_set = set(wanted)
        result: list[TaskRef] = []
        for ref in self._task_refs(document_id):
            have = set(tokens(ref.task.owner))
            if wanted_set <= have:
                result.append(ref)
        return result

    def tasks_due(
        self,
        year: int,
        month: int | None = None,
        quarter: int | None = None,
        document_id: str | None = None,
    ) -> list[TaskRef]:
        """Tasks with a deadline in `year` (and in `month` or `quarter`, when given)."""
        result: list[TaskRef] = []
        for ref in self._task_refs(document_id):
            for timing in ref.task.timings:
                if timing.kind is not TimingKind.DEADLINE or timing.year != year:
                    continue
                if (
                    month is not None
                    and timing.month != month
                    and not (timing.quarter and (month - 1) // 3 + 1 == timing.quarter)
                ):
                    continue
                if quarter is not None:
                    in_quarter = timing.quarter == quarter or (
                        timing.month is not None and (timing.month - 1) // 3 + 1 == quarter
                    )
                    if not in_quarter:
                        continue
                result.append(ref)
                break
        return result

    def tasks(self) -> list[TaskRef]:
        """Every task of the plans, in the plans' order."""
        return self._task_refs()

    def targets_for_year(self, year: int, document_id: str | None = None) -> list[TargetRef]:
        """Targets with the horizon `year` ("Mục tiêu đến năm 2025")."""
        return [
            TargetRef(plan.document_id, plan.label, target)
            for plan in self._plans.values()
            if document_id is None or plan.document_id == document_id
            for target in plan.targets
            if target.year == year
        ]

    def cell_tasks(self, document_id: str | None = None) -> list[TaskRef]:
        """Tasks that fall to the cells ("Cấp ủy các chi, đảng bộ", "các chi bộ")."""
        return [ref for ref in self._task_refs(document_id) if ref.task.for_cells]


_I_OR_Y = re.compile(r"^(k|l|m|t|s|h|qu)([iy])$")


# How a level is written ("tỉnh", not "tình"), and the words after which its folded form is
# something else ("xã hội", "tình hình", "phương pháp", "phó bí thư").
_LEVEL_SPELLINGS = {
    "xa": "xã",
    "huyen": "huyện",
    "tinh": "tỉnh",
    "khoi": "khối",
    "phuong": "phường",
    "pho": "phố",
}
_NOT_A_LEVEL = {
    "xa": frozenset({"hoi"}),
    "tinh": frozenset({"hinh", "than", "thuc", "chat", "cam", "trang"}),
    "khoi": frozenset({"luong"}),
    "phuong": frozenset({"an", "phap", "tien", "cham", "thuc", "huong", "cach", "tay"}),
    "pho": frozenset({"bi", "chu", "truong", "ban", "giam", "thu", "bien"}),
}


# "Nghị quyết Đại hội đại biểu Đảng bộ huyện lần thứ XXI": people call it "nghị quyết 21"
_CONGRESS = re.compile(r"\bnghi quyet dai hoi\b[^.;]{0,80}?\blan thu ([ivxl]+)\b")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}


def _roman(numeral: str) -> int:
    """The value of a Roman numeral in lower case ("xxi" → 21)."""
    values = [_ROMAN_VALUES[letter] for letter in numeral]
    return sum(
        -value if following > value else value
        for value, following in zip(values, [*values[1:], 0], strict=True)
    )


def _level_said(
    syllables: list[str], typed: Mapping[str, frozenset[str]] | None, levels: frozenset[str]
) -> bool:
    """Whether the question says one of `levels` (a plan's "huyện", "tỉnh"...) as a level:
    written so when typed with diacritics, and not the first word of another ("tình hình",
    "xã hội")."""
    for position, word in enumerate(syllables):
        spelled = _LEVEL_SPELLINGS.get(word)
        if spelled is None or word not in levels:
            continue
        after = syllables[position + 1] if position + 1 < len(syllables) else ""
        if after in _NOT_A_LEVEL.get(word, frozenset()):
            continue
        if typed is not None and not spelled_so((spelled,), typed):
            continue
        return True
    return False


def _other_spelling(word: str) -> str | None:
    """The folded syllable spelt with the other of i and y ("ki" → "ky", "ly" → "li"), both
    being right in Vietnamese ("kí"/"ký", "lí"/"lý", "tỉ"/"tỷ", "sĩ"/"sỹ"); None when the
    syllable has no such pair."""
    match = _I_OR_Y.match(word)
    if match is None:
        return None
    return match.group(1) + ("y" if match.group(2) == "i" else "i")


@functools.lru_cache(maxsize=65536)
def _spelling(word: str) -> str:
    """A word as written, in lower case with one tone-mark placement ("Uỷ" → "ủy")."""
    return display_form(word).lower()


def _said_otherwise(
    syllables: list[str],
    have: frozenset[str],
    plan_pairs: Mapping[str, int],
    typed: Mapping[str, frozenset[str]] | None = None,
) -> set[str]:
    """The syllables of a question's everyday phrases whose plan term a passage's terms hold:
    most of the term's syllables, and one of its pairs when it has any."""
    held: set[str] = set()
    for found in rewrites(syllables, plan_pairs, typed):
        words = [word for word in found.term if word not in STOP_WORDS]
        pairs = bigrams(list(found.term))
        if 2 * sum(1 for word in words if word in have) >= max(1, len(words)) and (
            not pairs or any(pair in have for pair in pairs)
        ):
            held.update(syllables[found.start : found.end])
    return held


def _held_share(
    words: list[tuple[str, float, bool]],
    have: frozenset[str],
    names: Collection[str],
    partly: Collection[str] = (),
) -> float:
    """The weighed share of a question's content words a passage's terms hold (`names`: words
    that name its plan; `partly`: words held through the plan's term for them, which count
    `SAID_OTHERWISE` of their weight)."""
    total = sum(weight for _word, weight, _strange in words)
    held = sum(
        weight * (1.0 if word in have or word in names else SAID_OTHERWISE)
        for word, weight, strange in words
        if (word in have or word in names or word in partly) and not strange
    )
    return held / total if total else 0.0


def _unknown_share(words: list[tuple[str, float, bool]]) -> float:
    """The weighed share of a question's content words no plan uses ("tỷ giá USD", "điểm
    chuẩn Bách khoa" are about something else)."""
    total = sum(weight for _word, weight, _strange in words)
    strange = sum(weight for _word, weight, unknown in words if unknown)
    return strange / total if total else 0.0


def passage_texts(plan: ParsedPlan) -> list[str]:
    """What an embedding model reads of each passage of `plan`, in the index's order: the
    passage under the title of its section."""
    texts: list[str] = []
    for passage in _passages_of(plan):
        title = passage.heading.rsplit(" > ", 1)[-1]
        text = passage.text if not title or passage.text in title else f"{title}\n{passage.text}"
        texts.append(display_form(text))
    return texts


def _passages_of(plan: ParsedPlan) -> list[_Passage]:
    by_path = {section.path: section for section in plan.sections}
    tasks_by_text: dict[tuple[str, str], list[Task]] = {}
    for task in plan.tasks:
        tasks_by_text.setdefault((task.section_path, task.text), []).append(task)
    targets_by_path: dict[str, list[Target]] = {}
    for target in plan.targets:
        targets_by_path.setdefault(target.section_path, []).append(target)
    has_children = {section.parent for section in plan.sections}
    passages: list[_Passage] = []
    label = plan.label
    intro = [line for line in plan.preamble if len(line) > 80]
    for line in intro:
        passages.append(_passage(plan, label, "", plan.identity.title or label, line, [], []))
    for section in plan.sections:
        chain = plan.heading_chain(section.path)
        heading = " > ".join(f"{item.number}. {item.title}" for item in chain)
        paragraphs = list(section.paragraphs)
        if not paragraphs and section.path not in has_children:
            paragraphs = [section.title]
        for paragraph in paragraphs:
            tasks = [
                task
                for (path, text), found in tasks_by_text.items()
                if path == section.path and (text == paragraph or paragraph.endswith(text))
                for task in found
            ]
            targets = [
                target
                for target in targets_by_path.get(section.path, [])
                if target.indicator in paragraph
            ]
            passages.append(_passage(plan, label, section.path, heading, paragraph, tasks, targets))
    del by_path
    return passages


def _passage(
    plan: ParsedPlan,
    label: str,
    path: str,
    heading: str,
    text: str,
    tasks: Sequence[Task],
    targets: Sequence[Target],
) -> _Passage:
    folded = fold_key(text)
    documents = named_documents(folded)
    owner_terms: set[str] = set()
    for task in tasks:
        owner_terms.update(bigrams(tokens(task.owner)))
    return _Passage(
        document_id=plan.document_id,
        document_label=label,
        section_path=path,
        heading=heading,
        text=text,
        owner_terms=frozenset(owner_terms),
        timing_kinds=frozenset(t.kind for task in tasks for t in task.timings),
        deadlines=tuple(
            (t.year, t.month, t.quarter)
            for task in tasks
            for t in task.timings
            if t.kind in (TimingKind.DEADLINE, TimingKind.DONE)
        ),
        has_target=bool(targets),
        baseline=states_baseline(heading, folded),
        situation=bool(_BASELINE_HEADING.search(fold_key(heading.split(" > ")[0]))),
        objective=bool(_OBJECTIVE_HEADING.search(fold_key(heading))),
        oversees=bool(_CARRYING_OUT_HEADING.search(fold_key(heading.split(" > ")[0])))
        and _LEADS_FOLLOW_UP.search(folded) is not None
        and "chu tri" in folded,
        target_years=frozenset(t.year for t in targets if t.year is not None),
        folded=folded,
        cites=frozenset(kind for kind, _number in documents),
        documents=frozenset(documents),
        owners=tuple(dict.fromkeys(task.owner for task in tasks if task.owner)),
        timings=tuple(
            dict.fromkeys(
                t.phrase for task in tasks for t in task.timings if t.kind is not TimingKind.NONE
            )
        ),
    )


# A rate asked for, and a share stated: "tỷ lệ", "tỉ lệ", "phần trăm" / "85%", "58,33 %".
_RATE_ASKED = re.compile(r"\b(?:ty le|ti le|phan tram)\b")
_RATE_STATED = re.compile(r"\d\s?%|\bphan tram\b")
_RATE_WORDS = frozenset(("ty", "ti", "le", "phan", "tram"))
_OBJECTIVE_HEADING = re.compile(r"\b(?:muc tieu|chi tieu)\b")
_CARRYING_OUT_HEADING = re.compile(r"\bto chuc thuc hien\b")
_LEADS_FOLLOW_UP = re.compile(r"\b(?:theo doi|don doc)\b")
_BASELINE_HEADING = re.compile(r"\b(?:tinh hinh|thuc trang|ket qua dat duoc|danh gia)\b")
_BASELINE_TEXT = re.compile(r"\b(?:hien co|hien nay co|hien tai co|toan dang bo co)\b")
_FIGURE = re.compile(r"\d")


def states_baseline(heading: str, folded_text: str) -> bool:
    """Whether a passage (its heading path and folded text) states how things are now, with
    figures: under a heading about the situation ("I. TÌNH HÌNH ..."), or saying "hiện có"."""
    if not _FIGURE.search(folded_text):
        return False
    top = fold_key(heading.split(" > ")[0])
    return bool(_BASELINE_HEADING.search(top) or _BASELINE_TEXT.search(folded_text))


def _boost(passage: _Passage, intent: Intent, query_owner: set[str]) -> float:
    factor = 1.0
    if intent.timing and passage.timing_kinds - {TimingKind.NONE}:
        factor *= 1.15
        if TimingKind.ONGOING not in passage.timing_kinds or passage.deadlines:
            factor *= 1.1
        if intent.year is not None or intent.month is not None or intent.quarter is not None:
            for year, month, quarter in passage.deadlines:
                if intent.year is not None and year != intent.year:
                    continue
                if intent.month is not None and month != intent.month:
                    continue
                if intent.quarter is not None and quarter != intent.quarter:
                    continue
                factor *= 1.3
                break
    if passage.owner_terms and query_owner:
        overlap = len(passage.owner_terms & query_owner) / len(passage.owner_terms)
        factor *= 1 + (0.4 if intent.owner else 0.2) * overlap
    if intent.situation and passage.situation:
        factor *= SITUATION
    if intent.oversight and passage.oversees:
        factor *= OVERSIGHT
    if intent.current and passage.baseline:
        factor *= BASELINE
    elif intent.target and not intent.current and passage.has_target:
        factor *= 1.2
        if passage.objective:
            factor *= OBJECTIVE
        if intent.year is not None and intent.year in passage.target_years:
            factor *= 1.15
    return factor


def _cites(sentence: str, kinds: frozenset[str]) -> bool:
    """Whether a sentence cites by number a document of one of `kinds` (any kind for
    ANY_KIND)."""
    found = {kind for kind, _number in named_documents(fold_key(sentence))}
    return bool(found & kinds or (ANY_KIND in kinds and found))


_WHICH = frozenset(("nao", "gi", "j"))
_SAYING = frozenset(("noi", "ghi", "neu", "de", "quy", "dinh", "yeu", "cau"))


def _asked_head(syllables: list[str], frequency: Mapping[str, int], common: float) -> str | None:
    """The thing a question asks for by name, the two words before its last "nào" or "gì"
    ("xử lý vi phạm theo phương châm nào" → "phuong_cham", "gồm những tiêu chí nào" →
    "tieu_chi"), when the plans write it and it is not in most passages."""
    last = max((p for p, word in enumerate(syllables) if word in _WHICH), default=None)
    if last is None or last < 2:
        return None
    pair = syllables[last - 2 : last]
    if any(word in COMMON_WORDS or word in _SAYING for word in pair):
        return None  # "kế hoạch nói gì về ...", "phải làm gì": no thing named
    term = "_".join(pair)
    return term if 0 < frequency.get(term, 0) <= common else None


def _exact_patterns(folded_question: str) -> list[re.Pattern[str]]:
    """Patterns of the document codes a question cites ("05-CT/TW"): a passage citing the same
    code is very likely the one asked about."""
    patterns: list[re.Pattern[str]] = []
    for number, kind, issuer in _CODE.findall(folded_question):
        patterns.append(re.compile(rf"\b0*{int(number)}\s*-\s*{kind}\s*/\s*{issuer}\b"))
    return patterns


_ROMAN = frozenset("ivxlc")


def _ends_in_uu(syllable: str) -> bool:
    """Whether a folded syllable ends as "lưu", "cứu", "hưu" do: two u after a consonant
    ("dauu" is "đâu" typed long)."""
    run = len(syllable) - len(syllable.rstrip("u"))
    return run == 2 and (len(syllable) == 2 or syllable[-3] not in "aeiouy")


def _edits(word: str) -> set[str]:
    """Every string one edit away from `word` (at most 54·n + 25 of them): callers keep n small."""
    if len(word) > MAX_CORRECTED_CHARS:
        return set()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    transposes = {
        left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1
    }
    replaces = {left + c + right[1:] for left, right in splits if right for c in _ALPHABET}
    inserts = {left + c + right for left, right in splits for c in _ALPHABET}
    return deletes | transposes | replaces | inserts
