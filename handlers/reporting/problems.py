"""What the reporting parsers and checks hand back when input is wrong or worth a warning."""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import Text

ECHO_LIMIT = 40


@dataclass(frozen=True, slots=True)
class ParseError:
    """Text that could not be read: `code` for the program, `message` for the secretary.

    Parsers return it instead of raising, so a conversation can show `message` and ask again.
    """

    code: str
    message: Text


@dataclass(frozen=True, slots=True)
class Issue:
    """A failed check or a warning about figures that were read fine.

    `fields` names the figures involved (e.g. ("present",)), so a conversation knows what to
    ask again.
    """

    code: str
    message: Text
    fields: tuple[str, ...] = ()


def echo(text: str) -> str:
    """What the user typed, trimmed to a length that fits in an error message."""
    cleaned = " ".join(text.split())
    if len(cleaned) <= ECHO_LIMIT:
        return cleaned
    return cleaned[: ECHO_LIMIT - 1] + "…"
