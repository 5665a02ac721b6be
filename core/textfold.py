"""Folding Vietnamese text for matching: no diacritics, đ→d, lower case, single spaces."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_DD = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Return `text` without diacritics or case, for comparing what people type.

    đ has no Unicode decomposition, so it is mapped to d explicitly before the marks are dropped.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_DD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
