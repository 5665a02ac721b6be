"""Matching what a person typed against the choices they were offered."""

from __future__ import annotations

from collections.abc import Sequence

from core.messages import Choice
from core.textfold import fold


def match_choice(text: str, choices: Sequence[Choice]) -> Choice | None:
    """The choice meant by `text`: its number, its words (any case, diacritics optional) or value.

    A unique prefix of the words is accepted too ("da hop" for "Đã họp đúng lịch").
    """
    typed = fold(text).strip(" .)")
    if not typed or not choices:
        return None
    if typed.isdigit():
        index = int(typed)
        return choices[index - 1] if 1 <= index <= len(choices) else None
    for choice in choices:
        if typed in (fold(choice.label), fold(choice.value)):
            return choice
    starting = [c for c in choices if fold(c.label).startswith(typed)]
    if len(starting) == 1:
        return starting[0]
    return None
