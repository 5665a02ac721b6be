"""Turning text into index terms: folded syllables, expanded abbreviations, chat spellings read
as the words meant ("ko" → "không") and syllable bigrams."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Mapping

from knowledge.abbreviations import expansion
from knowledge.limits import MAX_WORD_CHARS
from knowledge.textnorm import fold_key

_TOKEN = re.compile(r"[^\W\d_]+|\d+")  # letters and digits apart: "kh74" is "kh", "74"
_ASCII = re.compile(r"^[a-z0-9]+$")

# Question words and fillers: in the vocabulary (so never "corrected") but not scored.
QUESTION_WORDS = frozenset(
    [
        "nao",
        "gi",
        "bao",
        "nhieu",
        "dau",
        "khi",
        "may",
        "ai",
        "sao",
        "the",
        "nhu",
        "la",
        "co",
        "khong",
        "duoc",
        "chua",
        "roi",
        "hay",
        "hoi",
        "oi",
        "a",
        "nhi",
        "vay",
        "ra",
        "cua",
        "va",
        "cac",
        "nhung",
        "cho",
        "ve",
        "de",
        "thi",
        "ma",
        "nay",
        "kia",
        "do",
        "day",
        "xin",
        "toi",
        "chung",
        "minh",
        "nhe",
        "nha",
        "ah",
        "muon",
        "biet",
    ]
)
# Chat spellings of everyday words, folded → the words meant ("ko" → "không", "dc" → "được"):
# general Vietnamese typing, read as the words themselves so that their pairs are the plans'.
SPOKEN_SPELLINGS: dict[str, tuple[str, ...]] = {
    "ko": ("khong",),
    "k": ("khong",),
    "khg": ("khong",),
    "kg": ("khong",),
    "hok": ("khong",),
    "j": ("gi",),
    "dc": ("duoc",),
    "dk": ("duoc",),
    "vs": ("voi",),
    "ng": ("nguoi",),
    "bn": ("bao", "nhieu"),
    "ntn": ("nhu", "the", "nao"),
    "mk": ("minh",),
    "cty": ("cong", "ty"),
}
# Syllables too common to help ranking alone; kept for bigrams.
STOP_WORDS = QUESTION_WORDS | frozenset(["trong", "theo", "tai", "den", "voi", "o"])


def tokens(text: str, harvested: Mapping[str, str] | None = None) -> list[str]:
    """Folded syllables of `text`, each abbreviation followed by its expansion's syllables and
    each chat spelling (`SPOKEN_SPELLINGS`) replaced by the words meant.

    A run of letters longer than `MAX_WORD_CHARS` is no word: it is left out.
    """
    result: list[str] = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        raw = match.group(0)
        if len(raw) > MAX_WORD_CHARS:
            continue
        folded, expanded = _word(raw)
        if not folded:
            continue
        if expanded is None and harvested and folded in harvested:
            expanded = tuple(harvested[folded].split())
        if expanded is None and folded in SPOKEN_SPELLINGS:
            result.extend(SPOKEN_SPELLINGS[folded])
            continue
        result.append(folded)
        if expanded:
            result.extend(expanded)
    return result


@functools.lru_cache(maxsize=65536)
def _word(raw: str) -> tuple[str, tuple[str, ...] | None]:
    """(the folded word, or "" when it is not a-z and digits; its abbreviation's expansion),
    remembered: plans and questions repeat the same few thousand syllables."""
    folded = fold_key(raw)
    if not _ASCII.match(folded):
        return "", None
    expanded = expansion(raw)
    return folded, tuple(expanded.split()) if expanded else None


_NUCLEI = re.findall(
    r"\w+",
    "a e i o u y ai ao au ay eo eu ia iu oa oe oi ua ue ui uo uy uu ya ye"
    " ie ieu oai oay oao oeo uoi uya uye uyu yeu uou uay uau",
)
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def is_syllable(folded: str) -> bool:
    """Whether a folded word could be a Vietnamese syllable ("truong" yes, "truog" no)."""
    return bool(_SYLLABLE.match(folded))


def bigrams(syllables: list[str]) -> list[str]:
    """Adjacent syllable pairs, "dang_vien"."""
    return [f"{left}_{right}" for left, right in itertools.pairwise(syllables)]


def index_terms(syllables: list[str]) -> list[str]:
    """All terms of a passage: its syllables and their bigrams."""
    return syllables + bigrams(syllables)


def typed_words(text: str, harvested: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(the word as typed, lower case; its folded form) for each word of `text`, an abbreviation
    or a chat spelling replaced by the words of its expansion (typed as their folded form)."""
    result: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        raw = match.group(0)
        if len(raw) > MAX_WORD_CHARS:
            continue
        folded, expanded = _word(raw)
        if not folded:
            continue
        if expanded is None and harvested and folded in harvested:
            expanded = tuple(harvested[folded].split())
        if expanded is None and folded in SPOKEN_SPELLINGS:
            expanded = SPOKEN_SPELLINGS[folded]
        if expanded:
            result.extend((word, word) for word in expanded)
        else:
            result.append((raw.lower(), folded))
    return result
