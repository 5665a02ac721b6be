"""Telling a person who blocked the bot from Zalo refusing everyone for a while: both come back
as 403 (the Bot API lists the code, not what it means), and a short burst of 403s must not
mark every person with a message on the way as having blocked the bot (their replies would be
given up and their reminders stopped).

A 403 counts as a block only once the same chat has been refused `CONFIRM_TRIES` times over at
least `CONFIRM_AFTER`, while messages to other chats went through after its first refusal;
until then the message waits and is tried again like any failure of the platform.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from core.clock import Clock

CONFIRM_AFTER = timedelta(minutes=10)
CONFIRM_TRIES = 3
MAX_TRACKED = 10_000  # chats refused and not yet confirmed, the oldest forgotten first


class RefusedChats:
    """The chats Zalo refused (403) and since when, in this process."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._refused: OrderedDict[str, tuple[datetime, int]] = OrderedDict()
        self._delivered_at: datetime | None = None

    def delivered(self, chat_id: str) -> None:
        """A message reached `chat_id`: the platform works, and that chat is not blocked."""
        self._delivered_at = self._clock.now()
        self._refused.pop(chat_id, None)

    def refused(self, chat_id: str) -> bool:
        """Count a 403 for `chat_id`; True when it now counts as the person's block."""
        now = self._clock.now()
        first, tries = self._refused.pop(chat_id, (now, 0))
        tries += 1
        confirmed = (
            tries >= CONFIRM_TRIES
            and now - first >= CONFIRM_AFTER
            and self._delivered_at is not None
            and self._delivered_at > first
        )
        if not confirmed:
            self._refused[chat_id] = (first, tries)
            while len(self._refused) > MAX_TRACKED:
                self._refused.popitem(last=False)
        return confirmed
