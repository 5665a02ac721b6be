"""Which plans a question names: by number, by the resolution it carries out, by place or issuer."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from knowledge.model import ParsedPlan
from knowledge.query_terms import STOP_WORDS, bigrams, tokens
from knowledge.textnorm import fold_key

_KIND_WORDS = {
    "KH": ("ke hoach", "kh"),
    "CTr": ("chuong trinh", "ctr", "chuong trinh hanh dong"),
    "NQ": ("nghi quyet", "nq"),
    "KL": ("ket luan", "kl"),
    "CT": ("chi thi", "ct"),
    "HD": ("huong dan", "hd"),
    "QĐ": ("quy dinh", "quyet dinh", "qd"),
}
_KIND_SYLLABLES = frozenset(
    word for names in _KIND_WORDS.values() for name in names for word in name.split()
) | {"so"}
_CODE = re.compile(r"\b(\d{1,4})\s*-\s*([A-Za-zĐđ]{1,5})\s*/\s*[A-ZĐ][A-Za-zĐđ-]{0,10}")
_BODY_HEAD = re.compile(r"\b(?:Đảng bộ|Đảng ủy|Đảng uỷ|huyện|xã|tỉnh|thành phố|Khối)\s")
_LETTERS = re.compile(r"[^\W\d_]+")
_NAME_WORD = re.compile(r"[^\W\d_]+|[,.;:()]|\S")
_CONNECTORS = frozenset(("các", "khối", "và", "trường", "cơ", "quan"))
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Words people leave out of a body's name: "khối đại học" for "Khối các trường Đại học".
_NAME_FILLERS = frozenset({"cac", "truong", "va"})
# A plan counts as named when its score reaches this (about one distinctive name pair).
NAMED = 1.0
# Words of a plan's title say less about which plan is meant than its number or place.
TOPIC_SHARE = 0.3
# ... and as the one plan named when the next best has less than this share of its score.
UNIQUE_SHARE = 0.5
# A plan named as well as others but of another level than the question says counts this much.
OTHER_LEVEL = 0.4
_LEVEL_WORDS = frozenset({"xa", "huyen", "tinh", "khoi"})


@dataclass(frozen=True, slots=True)
class NamedPlan:
    """A plan a question names; `identified` is the part of the score from names that single
    it out (number, place, issuer), as opposed to words of its title."""

    document_id: str
    score: float
    identified: float = 0.0


class PlanNames:
    """The names each plan goes by, as folded syllable pairs weighted by how rare they are among
    the plans: its label and number ("KH 74", "kế hoạch 74"), the documents its title and
    opening carry out ("NQ 21", "Kết luận 38"), its issuer, letterhead and place names, and the
    organisation it belongs to in chibo ("Khối các trường Đại học, Cao đẳng": "khối đại học")."""

    def __init__(self, plans: Iterable[ParsedPlan]) -> None:
        self._terms: dict[str, frozenset[str]] = {}
        self._topics: dict[str, frozenset[str]] = {}
        self._numbers: dict[str, frozenset[str]] = {}
        self._levels: dict[str, frozenset[str]] = {}
        plans = list(plans)
        names = _proper_names(plans)
        # plans kept by an organisation that are another body's ("the district's programme"
        # imported by a commune): they never write the place the organisation is named after
        self.foreign: frozenset[str] = frozenset(
            plan.document_id for plan in plans if _about_owner(plan) is False
        )
        for plan in plans:
            self._levels[plan.document_id] = _levels(plan)
            identifying, topic = _name_terms(plan)
            identifying |= names.get(plan.document_id, set())
            self._terms[plan.document_id] = frozenset(identifying)
            self._topics[plan.document_id] = frozenset(topic - identifying)
            self._numbers[plan.document_id] = frozenset(_number_terms(plan))
        frequency: Counter[str] = Counter()
        for document_id, terms in self._terms.items():
            frequency.update(terms | self._topics[document_id])
        size = len(self._terms)
        self._weight = {term: math.log((size + 1) / count) for term, count in frequency.items()}
        self.vocabulary: frozenset[str] = frozenset(frequency)
        # Pairs rare enough among the plans to tell one from another ("tay_son", "luan_38"),
        # not those most plans share ("ke_hoach", "dang_uy").
        self._identifying: frozenset[str] = frozenset(
            term
            for terms in self._terms.values()
            for term in terms
            if self._weight[term] >= NAMED
        )

    def named(self, syllables: list[str], within: Iterable[str] | None = None) -> list[NamedPlan]:
        """The plans the question's syllables name, best first (only those scoring `NAMED`)."""
        pairs = set(bigrams(syllables)) | {s for s in syllables if s.isdecimal()}
        allowed = set(within) if within is not None else None
        scored = []
        for document_id, terms in self._terms.items():
            if allowed is not None and document_id not in allowed:
                continue
            identified = sum(self._weight[term] for term in pairs & terms)
            # Its own number with its kind ("KH 127", "kế hoạch số 74") names a plan outright.
            identified += 3 * sum(
                self._weight[term] for term in pairs & self._numbers[document_id]
            )
            topic = sum(self._weight[term] for term in pairs & self._topics[document_id])
            score = identified + TOPIC_SHARE * topic
            if score >= NAMED:
                scored.append(NamedPlan(document_id, round(score, 3), round(identified, 3)))
        scored.sort(key=lambda item: item.score, reverse=True)
        return self._by_level(scored, syllables)

    def _by_level(self, scored: list[NamedPlan], syllables: list[str]) -> list[NamedPlan]:
        """Plans named alike ("KH NQ21" of a commune and of two blocs) told apart by the level
        the question says ("kh nq21 xã"): those of another level count `OTHER_LEVEL` as much."""
        said = _levels_said(syllables)
        if len(scored) < 2 or not said:
            return scored
        matching = {item.document_id for item in scored if self._levels[item.document_id] & said}
        if not matching or len(matching) == len(scored):
            return scored
        demoted = [
            item
            if item.document_id in matching
            else NamedPlan(
                item.document_id,
                round(item.score * OTHER_LEVEL, 3),
                round(item.identified * OTHER_LEVEL, 3),
            )
            for item in scored
        ]
        demoted.sort(key=lambda item: item.score, reverse=True)
        return demoted

    def deciding_level(self, syllables: list[str], named: list[NamedPlan]) -> set[str]:
        """The level words of the question ("xa") that the first plan `named` has and another
        plan named does not: the words that told them apart, not what is asked."""
        if len(named) < 2:
            return set()
        said = _levels_said(syllables) & self._levels[named[0].document_id]
        if said and any(not self._levels[item.document_id] & said for item in named[1:]):
            return said
        return set()

    def levels_said(self, syllables: list[str]) -> set[str]:
        """The levels the question says of a plan or body ("đảng ủy xã", "tỉnh ủy")."""
        return _levels_said(syllables)

    def levels_of(self, document_id: str) -> frozenset[str]:
        """The level of the organisation that issued a plan: "xa", "huyen", "tinh", "khoi"."""
        return self._levels.get(document_id, frozenset())

    def name_words(self, syllables: list[str]) -> set[int]:
        """Positions of the syllables that are part of some plan's name (to tell a question's
        subject from the words that only say which plan)."""
        return _pair_positions(syllables, self.vocabulary)

    def own_name_words(self, syllables: list[str], document_id: str) -> set[int]:
        """Positions of the syllables that are part of the name of one plan (its number,
        place, issuer, the words of its title): "huyện Tây Sơn" of the district's programme,
        while "đại học" is part of the name of the Khối các trường Đại học only."""
        terms = self._terms.get(document_id, frozenset()) | self._topics.get(
            document_id, frozenset()
        )
        return _pair_positions(syllables, terms)

    def identifying_words(self, syllables: list[str]) -> set[int]:
        """Positions of the syllables that only say which plan is meant: the distinctive pairs of
        a plan's number, place, issuer or the documents it carries out ("KL 38", "huyện Tây
        Sơn"), not the words of its title nor those most plans share ("kế hoạch")."""
        positions = _pair_positions(syllables, self._identifying)
        # ... with the kind before a number that names it ("KL 38" is read "kl ket luan 38").
        for index in sorted(positions):
            if syllables[index].isdecimal():
                before = index - 1
                while before >= 0 and syllables[before] in _KIND_SYLLABLES:
                    positions.add(before)
                    before -= 1
        return positions


def unique(named: list[NamedPlan]) -> str | None:
    """The one plan a question names, when one stands out."""
    if not named:
        return None
    if len(named) == 1 or named[1].score < UNIQUE_SHARE * named[0].score:
        return named[0].document_id
    return None


def _name_terms(plan: ParsedPlan) -> tuple[set[str], set[str]]:
    """(pairs that identify the plan: label, number, place, issuer, letterhead, the documents it
    carries out; pairs of its title and opening sentences)."""
    identity = plan.identity
    texts: list[str] = [plan.label]
    texts.extend(
        part for part in (identity.place, identity.issuer, identity.on_behalf, plan.owner) if part
    )
    texts.extend(_KIND_WORDS.get(identity.kind or "", ()))
    topic_texts = [
        part for part in (identity.title, identity.basis, identity.issuer_line) if part
    ]
    texts.extend(identity.letterhead)
    if identity.place:
        texts.append(f"{identity.place} {identity.place}")
    if identity.number:
        for words in _KIND_WORDS.get(identity.kind or "KH", ("ke hoach",)):
            texts.append(f"{words} {identity.number}")
            texts.append(f"{words} so {identity.number}")
    # The documents it carries out are named by kind and number together ("KL 38", "Nghị
    # quyết 21"): only the pair holding the number, so that "chương trình hành động" still
    # names the plan that is one, not the plan that carries one out.
    carried = " ".join(part for part in (identity.title, identity.basis) if part)
    carried_pairs: set[str] = set()
    for number, kind in _CODE.findall(carried):
        for words in _KIND_WORDS.get(_kind(kind), ()):
            carried_pairs.update(bigrams(tokens(f"{words} {int(number)}"))[-1:])
    # ... and by its own kind with the number of the first document it carries out ("KH 21"
    # for the plan carrying out Nghị quyết 21, "KH 38" for Kết luận 38).
    first = carried_first(plan)
    if first is not None:
        for words in _KIND_WORDS.get(identity.kind or "KH", ("ke hoach",)):
            carried_pairs.update(bigrams(tokens(f"{words} {first}"))[-1:])
    head = "\n".join(plan.preamble) + "\n" + plan.text[:6000]
    bodies: Counter[str] = Counter()
    for match in _BODY_HEAD.finditer(head):
        name = _body_name(head, match.end())
        if name:
            bodies[fold_key(f"{match.group(0)}{name}")] += 1
    texts.extend(name for name, _count in bodies.most_common(12))
    terms = _pairs(texts, skipping=_NAME_FILLERS) | carried_pairs
    if identity.number:
        terms.add(identity.number.lstrip("0") or "0")
    return terms, _pairs(topic_texts)


def _proper_names(plans: list[ParsedPlan]) -> dict[str, set[str]]:
    """The proper names each plan writes in its text, as folded pairs: two capitalised words
    in a row whose syllables no plan ever writes in lower case ("Hưng Yên" in "Báo Hưng Yên",
    "Ia Hiao"), so that a plan is named by the place it speaks of even when its heading does
    not say it."""
    lower: set[str] = set()
    capitalised: dict[str, frozenset[str]] = {}
    for plan in plans:
        in_lower_case, pairs = _capitalised_pairs(plan.text)
        lower |= in_lower_case
        capitalised[plan.document_id] = pairs
    return {
        document_id: {pair for pair in pairs if not set(pair.split("_")) & lower}
        for document_id, pairs in capitalised.items()
    }


@functools.lru_cache(maxsize=128)
def _capitalised_pairs(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the folded words a text writes in lower case, the folded pairs of capitalised words it
    writes), remembered: the index is rebuilt with the same plans whenever one is added."""
    lower: set[str] = set()
    found: set[str] = set()
    for line in text.splitlines():
        words = _LETTERS.findall(line)
        lower.update(_folded(word) for word in words if word.islower())
        for left, right in itertools.pairwise(words):
            if _titled(left) and _titled(right):
                found.add(f"{_folded(left)}_{_folded(right)}")
    return frozenset(lower), frozenset(found)


@functools.lru_cache(maxsize=65536)
def _folded(word: str) -> str:
    """One word folded, remembered: plans repeat the same few thousand words."""
    return fold_key(word)


def _titled(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _pairs(texts: list[str], skipping: frozenset[str] = frozenset()) -> set[str]:
    """The folded pairs of `texts`, and with `skipping` also those across the words in it
    ("Khối các trường Đại học" is also "khối đại")."""
    terms: set[str] = set()
    for text in texts:
        syllables = [s for s in tokens(text) if s]
        kept = [s for s in syllables if s not in skipping]
        terms.update(
            pair
            for pair in bigrams(syllables) + (bigrams(kept) if skipping else [])
            if not all(part in STOP_WORDS for part in pair.split("_"))
            and not any(_YEAR.match(part) for part in pair.split("_"))
        )
    return terms


_LEVEL_AFTER = re.compile(
    r"\b(?:dang uy|dang bo|uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd) "
    r"(xa|huyen|tinh|khoi|phuong|thanh pho|thi xa)\b"
)


def _body_name(text: str, start: int) -> str:
    """The capitalised name after a body's head: "Khối các trường Đại học, Cao đẳng Hà Nội"."""
    words: list[str] = []
    for match in _NAME_WORD.finditer(text, start, min(len(text), start + 120)):
        word = match.group(0)
        if word == "," and words and words[-1] != ",":
            words.append(word)
            continue
        if word[0].isupper() or word in _CONNECTORS:
            words.append(word)
            if len(words) >= 9:
                break
            continue
        break
    while words and (words[-1] == "," or words[-1] in _CONNECTORS):
        words.pop()
    return " ".join(words).replace(" ,", ",") if any(w[0].isupper() for w in words) else ""


def _levels(plan: ParsedPlan) -> frozenset[str]:
    """The levels the plan's own bodies are named with, the most frequent ones."""
    counts = Counter(
        match.group(1).split()[-1] for match in _LEVEL_AFTER.finditer(fold_key(plan.text))
    )
    if not counts:
        return frozenset()
    top = counts.most_common(1)[0][1]
    return frozenset(level for level, count in counts.items() if count >= 0.3 * top)


def _number_terms(plan: ParsedPlan) -> set[str]:
    identity = plan.identity
    if not identity.number:
        return set()
    terms: set[str] = set()
    for words in _KIND_WORDS.get(identity.kind or "KH", ("ke hoach",)):
        for text in (f"{words} {identity.number}", f"{words} so {identity.number}"):
            terms.update(bigrams(tokens(text))[-1:])
    terms.add(f"{identity.number}_{fold_key(identity.kind or 'kh')}")
    return terms


def _pair_positions(syllables: list[str], pairs: Collection[str]) -> set[int]:
    """Positions of the syllables making, with a neighbour, one of `pairs` ("tay_son")."""
    positions: set[int] = set()
    for index in range(len(syllables) - 1):
        if f"{syllables[index]}_{syllables[index + 1]}" in pairs:
            positions.update((index, index + 1))
    return positions


def _levels_said(syllables: list[str]) -> set[str]:
    """The levels a question says of a plan or body: "xa", "huyen", "tinh", "khoi" after a
    number or a plan's or body's word ("kh nq21 xã", "kế hoạch của khối", "đảng ủy xã"), or
    before "ủy" ("tỉnh ủy", "huyện ủy"); once folded they are also other words ("ra khỏi đảng",
    "làm ăn xa", "tinh thần")."""
    return {
        syllable
        for before, syllable in itertools.pairwise(syllables)
        if syllable in _LEVEL_WORDS and (before.isdecimal() or before in _BEFORE_LEVEL)
    } | {
        syllable
        for syllable, after in itertools.pairwise(syllables)
        if syllable in _LEVEL_WORDS and after == "uy"
    }


_BEFORE_LEVEL = frozenset({"kh", "hoach", "ctr", "trinh", "cua", "uy", "bo", "dan", "ban"})


def carried_first(plan: ParsedPlan) -> str | None:
    """The number of the resolution, conclusion or directive a plan carries out first, as its
    title says ("Thực hiện Nghị quyết số 21-NQ/TW ... và Chương trình số 56-CTr/TU": "21"):
    people call the plan by it ("KH 21"). None when the title names none."""
    for number, kind in _CODE.findall(plan.identity.title or ""):
        if _kind(kind) in _CARRIED_KINDS:
            return str(int(number))
    return None


_CARRIED_KINDS = frozenset({"NQ", "KL", "CT"})


def _kind(kind: str) -> str:
    folded = fold_key(kind)
    return next((code for code in _KIND_WORDS if fold_key(code) == folded), kind.upper())


def document_preference(
    nearness: Mapping[str, int], document_id: str, foreign: Collection[str] = ()
) -> float:
    """How much an asker's own plans count: own organisation ×1.3, the one above ×1.15, then
    ×1.07; others ×1 (`nearness` is 0 for the asker's own organisation, 1 for its parent...).
    A plan of `foreign` (kept by an organisation but another body's: a commune keeps the
    district's programme and the province's plan beside its own) counts one level further."""
    level = nearness.get(document_id)
    if level is None:
        return 1.0
    if document_id in foreign:
        level += 1
    return {0: 1.3, 1: 1.15}.get(level, 1.07)


# Words that open an organisation's name before the place it is named after.
_ORG_KINDS = ("dang bo", "dang uy", "chi bo", "to chuc co so dang")
_ORG_LEVELS = ("thi tran", "thanh pho", "xa", "phuong", "huyen", "quan", "thi xa", "tinh", "khoi")


def _about_owner(plan: ParsedPlan) -> bool | None:
    """Whether the plan is the organisation's own, read from the place that organisation is
    named after ("Đảng bộ xã Ia Hiao": "Ia Hiao") being written in the plan: True, False, or
    None when the name holds no place ("Đảng bộ tỉnh")."""
    words = re.findall(r"[a-z0-9]+", fold_key(plan.owner))
    text = " ".join(words)
    for head in (*_ORG_KINDS, *_ORG_LEVELS):
        if text.startswith(f"{head} ") or text == head:
            text = text[len(head) :].strip()
    place = text.split()
    if not place:
        return None
    written = f" {' '.join(re.findall(r'[a-z0-9]+', fold_key(plan.text)))} "
    # the whole name, or its last two words: the proper name ("Hà Nội", "Ninh Thuận")
    return f" {' '.join(place)} " in written or f" {' '.join(place[-2:])} " in written
