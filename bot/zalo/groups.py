"""Zalo group messages: never read as data; the group is told, once a day, to write in private."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.core import HandleResult
from storage.repos import Repositories

# Zalo passes the bot a group message only when it mentions or replies to the bot, and every
# answer counts against the monthly quota: the pointer goes out once a day in a group.
POINTER_EVERY: Final = timedelta(days=1)
_REMEMBERED: Final = 1000  # groups remembered at most (older ones are forgotten first)


class GroupPointer:
    """Answers a Zalo group message, in the update's transaction, instead of the core: the
    pointer to a private chat, at most once per group per `every` (kept in memory: a restart
    may say it once more)."""

    def __init__(
        self,
        catalogs: Catalogs,
        clock: Clock,
        default_locale: str,
        every: timedelta = POINTER_EVERY,
    ) -> None:
        self._catalogs = catalogs
        self._clock = clock
        self._default_locale = default_locale
        self._every = every
        self._told: dict[str, datetime] = {}

    async def intercept(self, repos: Repositories, incoming: Incoming) -> HandleResult | None:
        if not incoming.is_group:
            return None
        now = self._clock.now()
        last = self._told.get(incoming.chat_id)
        if last is not None and now - last < self._every:
            return HandleResult([])
        self._told.pop(incoming.chat_id, None)
        self._told[incoming.chat_id] = now
        while len(self._told) > _REMEMBERED:
            del self._told[next(iter(self._told))]
        account = await repos.accounts.find(incoming.channel, incoming.user_id)
        t = self._catalogs.translator(account.locale if account else self._default_locale)
        note = t.gettext(
            "chibo works only in private chats. Please open a private chat with the bot and "
            "write to it there (the first time, send your invite code)."
        )
        return HandleResult([Reply(note)])
