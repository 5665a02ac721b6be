"""The Telegram adapter for one bot token: channel, update reading, worker hooks, webhook, poller.

Built once by the bootstrap (bot/app.py); `start()` only talks to Telegram (the bot's name,
the default menus, the webhook), it changes nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping, Sequence
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.intake import InboxIntake
from bot.json_body import Malformed
from bot.telegram.api import TelegramApi
from bot.telegram.callbacks import CallbackStore
from bot.telegram.channel import TelegramChannel, chosen_action, close_action, menu_action
from bot.telegram.membership import MembershipEvents
from bot.telegram.menus import CommandMenus
from bot.telegram.receiving import Poller, WebhookRoute
from bot.telegram.updates import (
    ALLOWED_UPDATES,
    HAS_TEXT,
    LABEL,
    MESSAGE_TEXT,
    UpdateReader,
    read_update,
)
from bot.webhook_refusals import RefusedWebhooks
from bot.worker import ChannelHooks
from core.channel import ChannelError
from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Incoming
from core.roles import RoleName
from handlers.core import HandleResult
from handlers.flow import CommandSpec
from services.leases import POLL_LEASE, LeaseKeeper
from services.outgoing import action_for
from storage.engine import Database
from storage.repos import Repositories
from storage.repos.outbox import NewMessage

log = logging.getLogger(__name__)
WEBHOOK_PATH: Final = "/telegram/webhook"
CHANNEL: Final = "telegram"


def make_api(token: str, api_url: str) -> TelegramApi:
    """The Bot API client talking to `api_url` (api.telegram.org or a self-hosted server)."""
    return TelegramApi(token, api_url)


def derived_secret(token: str) -> str:
    """A webhook secret derived from the token: the same on every instance, never logged."""
    return hmac.new(token.encode(), b"chibo telegram webhook", hashlib.sha256).hexdigest()


class TelegramAdapter:
    """Everything Telegram for one bot token."""

    webhook_path: Final = WEBHOOK_PATH

    def __init__(
        self,
        api: TelegramApi,
        *,
        database: Database,
        clock: Clock,
        catalogs: Catalogs,
        intake: InboxIntake,
        commands: Mapping[str, CommandSpec],
        default_locale: str,
        username: str | None = None,
        webhook_secret: str | None = None,
        poll_timeout: int = 25,
        backoff_base: float = 0.5,
        zone: ZoneInfo,
    ) -> None:
        self.api = api
        self._clock = clock
        self._intake = intake
        self.username = username
        self.callbacks = CallbackStore(database, clock)
        self.menus = CommandMenus(api, commands, catalogs)
        self.channel = TelegramChannel(api, self.callbacks, self.menus)
        self.reader = UpdateReader(self.callbacks.load, bot_username=username)
        self.events = MembershipEvents(catalogs, clock, default_locale, zone)
        self.secret = webhook_secret or derived_secret(api.token)
        self.webhook = WebhookRoute(self.receive, self.secret, RefusedWebhooks("telegram", intake.metrics))
        self.poller = Poller(
            api,
            self.receive,
            LeaseKeeper(database, clock, f"poll:{CHANNEL}", ttl=POLL_LEASE),
            timeout=poll_timeout,
            backoff_base=backoff_base,
        )
        self.hooks = ChannelHooks(
            fetch_file=self.fetch_file,
            intercept=self.events.intercept,
            after_handled=self.after_handled,
            read_ahead=self.read_ahead,
        )

    def invite_link(self, code: str) -> str | None:
        """The deep link that opens the bot with an invite code (once the name is known)."""
        return f"https://t.me/{self.username}?start={code}" if self.username else None

    async def start(self) -> None:
        """Learn the bot's name (unless set) and set the default menus."""
        me = await self.api.call("getMe")
        if self.username is None and isinstance(me, dict) and isinstance(me.get("username"), str):
            self.username = me["username"]
        self.reader.bot_username = self.username
        try:
            await self.menus.set_defaults()
        except ChannelError as error:
            log.warning("could not set the default command menus: %s", error)

    async def set_webhook(self, url: str) -> None:
        params = {"url": url, "secret_token": self.secret, "allowed_updates": ALLOWED_UPDATES}
        await self.api.call("setWebhook", params)

    async def delete_webhook(self) -> None:
        await self.api.call("deleteWebhook")

    async def close(self) -> None:
        await self.api.close()

    async def receive(self, update: Any) -> bool:
        """Store one raw update in the inbox; False if ignored or already stored, Malformed
        (nothing stored) if it is not what Telegram sends."""
        checked = read_update(update)
        try:
            incoming = await self.reader.incoming(checked, self._clock.now())
        except (TypeError, KeyError, AttributeError, ValueError) as error:
            raise Malformed(f"unreadable update: {type(error).__name__}") from None
        if incoming is None:
            return False
        return await self._intake.store(incoming)

    async def fetch_file(self, file_id: str) -> bytes:
        return await self.api.download(file_id)

    async def read_ahead(self, repos: Repositories, batch: Sequence[Incoming]) -> None:
        """For a batch: the live buttons of every chat that typed, in one statement."""
        typed = [i.chat_id for i in batch if not i.is_group and i.choice is None]
        if len(typed) > 1:
            await repos.outbox.read_ahead_live_buttons(CHANNEL, typed)

    async def after_handled(
        self, repos: Repositories, incoming: Incoming, result: HandleResult
    ) -> list[NewMessage]:
        """In the update's transaction: the buttons to take off (a typed answer, or the
        pressed question marked with its answer) and the menu to refresh, queued before the
        replies. Which messages still show buttons is kept on their outbox rows, so every
        instance, and a restarted one, knows."""
        if incoming.is_group:
            return []
        chat = incoming.chat_id
        actions: list[NewMessage] = []
        gone: list[int] = []
        pressed = incoming.message_ref
        if incoming.choice is None:
            # Typed instead of pressed: the buttons still showing go, as after a press.
            for row_id, message_id in await repos.outbox.live_buttons(CHANNEL, chat):
                if message_id:
                    actions.append(action_for(CHANNEL, chat, close_action(message_id)))
                gone.append(row_id)
        elif pressed and result.choice_accepted:
            label = incoming.meta.get(LABEL) or incoming.choice
            action = chosen_action(
                pressed,
                incoming.meta.get(MESSAGE_TEXT, ""),
                label,
                bool(incoming.meta.get(HAS_TEXT)),
            )
            actions.append(action_for(CHANNEL, chat, action))
            shown = await repos.outbox.find_sent(CHANNEL, chat, pressed)
            if shown is not None and shown.id is not None:
                gone.append(shown.id)
        await repos.outbox.buttons_gone(gone)
        account = result.account
        if account is not None and account.id is not None and account.blocked_at is None:
            roles = frozenset(
                RoleName(role.role) for role in await repos.roles.active_for(account.id)
            )
            if self.menus.needs_refresh(chat, roles, account.locale):
                actions.append(action_for(CHANNEL, chat, menu_action(roles, account.locale)))
        return actions
