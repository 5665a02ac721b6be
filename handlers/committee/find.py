"""Finding a cell or an organisation by what an officer typed (diacritics optional)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from core.textfold import fold

T = TypeVar("T")
_PREFIXES = ("chi bo ", "dang bo bo phan ", "dang bo ", "dang uy ")


def _short(folded: str) -> str:
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def find_by_name(items: Sequence[T], text: str, name: Callable[[T], str]) -> list[T]:
    """Items whose name is what was typed ("thon dong hoa" finds "Chi bộ Thôn Đông Hòa");
    failing that, those whose name contains it. Empty when nothing matches."""
    typed = fold(text).strip(" .,;:")
    if len(typed) < 2:
        return []
    exact = [i for i in items if typed in (fold(name(i)), _short(fold(name(i))))]
    if exact:
        return exact
    return [i for i in items if typed in fold(name(i))]
