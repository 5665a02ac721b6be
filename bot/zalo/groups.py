"""Zalo group messages: never read as data; the group is told, once a day, to write in private."""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.core import HandleResult
from services.outgoing import Kind, reply_to
from storage.repos import Repositories

# Zalo passes the bot a group message only when it mentions or replies to the bot, and every
# answer counts against the monthly quota: the pointer goes out once a day (local) in a group.
POINTER_KEY: Final = "group-pointer"


class GroupPointer:
    """Answers a Zalo group message, in the update's transaction, instead of the core: the
    pointer to a private chat, at most once per group and local day.

    The day's pointer is an outbox message under a dedupe key (group, day), written with the
    update's other changes: however many instances or restarts, the first message of the day
    in a group writes it and the rest find the key taken (the outbox keeps one row per group
    and day, the message itself; nothing else is remembered)."""

    def __init__(
        self, catalogs: Catalogs, clock: Clock, default_locale: str, zone: ZoneInfo
    ) -> None:
        self._catalogs = catalogs
        self._clock = clock
        self._default_locale = default_locale
        self._zone = zone

    async def intercept(self, repos: Repositories, incoming: Incoming) -> HandleResult | None:
        if not incoming.is_group:
            return None
        now = self._clock.now()
        day = now.astimezone(self._zone).date().isoformat()
        key = f"{POINTER_KEY}:{incoming.channel}:{incoming.chat_id}:{day}"
        account = await repos.accounts.find(incoming.channel, incoming.user_id)
        t = self._catalogs.translator(account.locale if account else self._default_locale)
        note = t.gettext(
            "chibo works only in private chats. Please open a private chat with the bot and "
            "write to it there (the first time, send your invite code)."
        )
        # written here rather than returned as a reply: under the day's key it is written
        # once, the group's later messages (on any instance, at the same moment too) find
        # the key taken and write nothing (the deliverer finds it at its next look)
        await repos.outbox.add(
            reply_to(
                incoming.channel,
                incoming.chat_id,
                Reply(note),
                kind=Kind.REPLY,
                account_id=account.id if account else None,
                dedupe_key=key,
            ),
            now=now,
        )
        return HandleResult([])
