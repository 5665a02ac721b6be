"""Telegram events the core does not see: blocking and unblocking the bot, /start in a group."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.telegram.updates import EVENT, MY_CHAT_MEMBER, STATUS
from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.core import HandleResult
from services.blocking import chat_blocked
from services.quiet_hours import default_wait
from storage.repos import Repositories


class MembershipEvents:
    """Handles, inside the update's transaction, what only the Telegram adapter understands."""

    def __init__(
        self, catalogs: Catalogs, clock: Clock, default_locale: str, zone: ZoneInfo
    ) -> None:
        self._catalogs = catalogs
        self._clock = clock
        self._default_locale = default_locale
        self._zone = zone

    async def intercept(self, repos: Repositories, incoming: Incoming) -> HandleResult | None:
        if incoming.is_group:
            return await self._group_start(repos, incoming)
        if incoming.meta.get(EVENT) == MY_CHAT_MEMBER:
            return await self._member_status(repos, incoming, incoming.meta.get(STATUS, ""))
        return None

    async def _group_start(self, repos: Repositories, incoming: Incoming) -> HandleResult:
        account = await repos.accounts.find(incoming.channel, incoming.user_id)
        t = self._catalogs.translator(account.locale if account else self._default_locale)
        note = t.gettext(
            "chibo works only in private chats. Please open a private chat with the bot and "
            "send /start there."
        )
        return HandleResult([Reply(note)])

    async def _member_status(
        self, repos: Repositories, incoming: Incoming, status: str
    ) -> HandleResult:
        account = await repos.accounts.find(incoming.channel, incoming.user_id)
        if account is None or account.id is None:
            return HandleResult([])
        if status == "kicked":
            # The same policy as a 403 on any message: marked, queue dropped, officers told once.
            now = self._clock.now()
            await chat_blocked(
                repos,
                account.channel,
                account.chat_id,
                now,
                self._catalogs,
                not_before=default_wait(now, self._zone),
            )
            return HandleResult([], account=account)
        if account.blocked_at is not None:
            account.blocked_at = None
            await repos.accounts.save(account)
        return HandleResult([], account=account)
