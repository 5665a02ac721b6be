"""Unicode and tone-mark normalisation for display, and folded search keys for matching."""

from __future__ import annotations

import re
import unicodedata

from core.textfold import fold

_PUNCT = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
        "\t": " ",
    }
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old placement puts the tone on the second vowel of an open "oa", "oe", "uy" (hoà, khoá, uỷ);
# the placement used by most of the documents puts it on the first (hòa, khóa, ủy). "quý" keeps
# its mark on y, since the u belongs to "qu".
_OLD_TONE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![^\W\d_])|(?<![qQ])([uU])([yY])([{_TONES}])(?![^\W\d_])"
)
_SYLLABLE = re.compile(r"[a-z0-9]+")


def _move_tone(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + match.group(3) + match.group(2)
    return match.group(4) + match.group(6) + match.group(5)


def nfc(text: str) -> str:
    """NFC with plain quotes, dashes and spaces."""
    return unicodedata.normalize("NFC", text).translate(_PUNCT)


def display_form(text: str) -> str:
    """NFC text with one tone-mark placement (uỷ → ủy, khoá → khóa, hoà → hòa)."""
    decomposed = unicodedata.normalize("NFD", nfc(text))
    return unicodedata.normalize("NFC", _OLD_TONE.sub(_move_tone, decomposed))


def fold_key(text: str) -> str:
    """The search key of `text`: no diacritics, đ → d, lower case, single spaces."""
    return fold(unicodedata.normalize("NFC", text))


def syllables(text: str) -> list[str]:
    """Folded syllables (runs of a-z and digits) of `text`, in order."""
    return _SYLLABLE.findall(fold_key(text))
