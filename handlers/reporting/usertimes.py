"""A time of day as people type it after a date: 19:30, 19h, 19h30, 19g30, 7 giờ tối, 7h sáng."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from core.i18n import N_, Text
from core.textfold import fold
from handlers.reporting.problems import ParseError, echo

E_TIME = "time.unreadable"
_MSG_TIME = N_("«{text}» is not a time. Please type it like 19:30, 19h30 or 7 giờ tối.")

# "<date> [lúc] 19:30 | 19h | 19h30 | 19g30 | 19 giờ 30 | 7 giờ tối | 7h sáng", at the end.
_AT_END = re.compile(
    r"^(?P<rest>.*?)\s*(?:luc\s*)?(?P<hour>[0-9]{1,2})\s*(?::|h|g|gio)\s*(?P<minute>[0-9]{1,2})?"
    r"\s*(?:phut)?\s*(?P<part>sang|trua|chieu|toi|dem)?\s*$"
)
_AFTERNOON = {"chieu", "toi", "dem"}


@dataclass(frozen=True, slots=True)
class WithTime:
    """A text split into the part before the time and the time (None: no time at the end)."""

    rest: str
    at: time | None


def split_time(text: str) -> WithTime | ParseError:
    """Find a time at the end of `text` ("12/12 19h30" → ("12/12", 19:30)); the rest comes back
    folded (the date parsers fold anyway). A time that cannot be one (25h, 19:75) is an error
    saying how to write it."""
    folded = fold(text).strip()
    found = _AT_END.match(folded)
    if found is None or not found.group("rest"):
        return WithTime(text.strip(), None)
    at = _read(found, text)
    return at if isinstance(at, ParseError) else WithTime(found.group("rest").strip(), at)


def time_alone(text: str) -> time | ParseError | None:
    """A message that is nothing but a time ("20:00", "20h", "8 giờ tối"), else None."""
    found = _AT_END.match(fold(text).strip())
    if found is None or found.group("rest"):
        return None
    return _read(found, text)


def _read(found: re.Match[str], text: str) -> time | ParseError:
    hour = int(found.group("hour"))
    minute = int(found.group("minute") or 0)
    part = found.group("part")
    if (part in _AFTERNOON and 1 <= hour <= 11) or (part == "trua" and hour < 6):
        hour += 12
    if hour > 23 or minute > 59:
        return ParseError(E_TIME, Text(_MSG_TIME, {"text": echo(text)}))
    return time(hour, minute)
