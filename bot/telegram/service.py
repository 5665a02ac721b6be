"""The Telegram adapter wired into an App: channel, update reading, worker hooks, webhook."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import replace
from typing import Final

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import DeleteWebhook, SetWebhook, TelegramMethod

from bot.app import App
from bot.telegram.callbacks import CallbackStore
from bot.telegram.channel import TelegramChannel
from bot.telegram.errors import translate_errors
from bot.telegram.membership import MembershipEvents
from bot.telegram.menus import CommandMenus
from bot.telegram.receiving import Poller, WebhookRoute
from bot.telegram.render import choice_made_edit, remove_keyboard
from bot.telegram.updates import (
    ALLOWED_UPDATES,
    HAS_TEXT,
    LABEL,
    MESSAGE_ID,
    MESSAGE_TEXT,
    JsonDict,
    UpdateReader,
)
from bot.worker import ChannelHooks, PostCommit
from core.channel import ChannelError
from core.messages import Incoming
from handlers.access import RoleName
from handlers.core import HandleResult
from storage.repos import Repositories

log = logging.getLogger(__name__)
WEBHOOK_PATH: Final = "/telegram/webhook"


def make_bot(token: str, api_url: str) -> Bot:
    """An aiogram Bot talking to `api_url` (api.telegram.org or a self-hosted server)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url.rstrip("/")))
    return Bot(token, session=session)


def derived_secret(token: str) -> str:
    """A webhook secret derived from the token: the same on every instance, never logged."""
    return hmac.new(token.encode(), b"chibo telegram webhook", hashlib.sha256).hexdigest()


class TelegramService:
    """Everything Telegram for one bot token, plugged into the app's worker and channels."""

    def __init__(
        self,
        app: App,
        bot: Bot,
        *,
        webhook_secret: str | None = None,
        poll_timeout: int = 25,
        backoff_base: float = 0.5,
    ) -> None:
        self.app = app
        self.bot = bot
        self.callbacks = CallbackStore(app.database, app.clock)
        self.channel = TelegramChannel(bot, self.callbacks)
        self.reader = UpdateReader(self.callbacks.load)
        self.menus = CommandMenus(bot, app.core.commands, app.catalogs)
        self.events = MembershipEvents(app.catalogs, app.clock, app.settings.locale)
        self.secret = webhook_secret or derived_secret(bot.token)
        self.webhook = WebhookRoute(self.receive, self.secret)
        self.poller = Poller(bot, self.receive, timeout=poll_timeout, backoff_base=backoff_base)

    async def start(self) -> None:
        """Learn the bot's name, register the channel and hooks, set the default menus."""
        with translate_errors():
            me = await self.bot.me()
        self.reader.bot_username = me.username
        core = self.app.core
        core.config = replace(core.config, telegram_bot_username=me.username)
        self.app.channels["telegram"] = self.channel
        self.app.worker.add_hooks(
            "telegram",
            ChannelHooks(
                fetch_file=self.fetch_file,
                intercept=self.events.intercept,
                after_handled=self.after_handled,
            ),
        )
        try:
            await self.menus.set_defaults()
        except ChannelError as error:
            log.warning("could not set the default command menus: %s", error)

    async def set_webhook(self, url: str) -> None:
        await self._call(
            SetWebhook(url=url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES)
        )

    async def delete_webhook(self) -> None:
        await self._call(DeleteWebhook())

    async def _call(self, method: TelegramMethod[bool]) -> None:
        with translate_errors():
            await self.bot(method)

    async def receive(self, update: JsonDict) -> bool:
        """Store one raw update in the inbox; False if ignored or already stored."""
        incoming = await self.reader.incoming(update, self.app.clock.now())
        if incoming is None:
            return False
        return await self.app.worker.store(incoming)

    async def fetch_file(self, file_id: str) -> bytes:
        with translate_errors():
            buffer = await self.bot.download(file_id)
        assert buffer is not None
        return buffer.read()

    async def after_handled(
        self, repos: Repositories, incoming: Incoming, result: HandleResult
    ) -> PostCommit | None:
        """After a handled update: mark the pressed button's message, refresh the menu."""
        calls: list[TelegramMethod[object]] = []
        message_id = incoming.meta.get(MESSAGE_ID)
        showing = self.channel.take_keyboard(incoming.chat_id)
        if incoming.choice is None and showing is not None and not incoming.is_group:
            # Typed instead of pressed: the old question's buttons go, as after a press.
            calls.append(remove_keyboard(int(incoming.chat_id), showing))  # type: ignore[arg-type]
        elif showing is not None and str(showing) != message_id:
            self.channel.keyboards[incoming.chat_id] = showing  # a press on an older message
        if incoming.choice is not None and message_id and result.choice_accepted:
            chat, message = int(incoming.chat_id), int(message_id)
            label = incoming.meta.get(LABEL) or incoming.choice
            if incoming.meta.get(HAS_TEXT):
                original = incoming.meta.get(MESSAGE_TEXT, "")
                calls.append(choice_made_edit(chat, message, original, label))  # type: ignore[arg-type]
            else:
                calls.append(remove_keyboard(chat, message))  # type: ignore[arg-type]
        menu: tuple[str, frozenset[RoleName], str] | None = None
        account = result.account
        if (
            account is not None
            and account.id is not None
            and account.blocked_at is None
            and not incoming.is_group
        ):
            roles = frozenset(
                RoleName(role.role) for role in await repos.roles.active_for(account.id)
            )
            if self.menus.needs_refresh(account.chat_id, roles, account.locale):
                menu = (account.chat_id, roles, account.locale)
        if not calls and menu is None:
            return None

        async def run() -> None:
            for call in calls:
                try:
                    with translate_errors():
                        await self.bot(call)
                except ChannelError as error:
                    log.info("could not update the pressed message: %s", error)
            if menu is not None:
                await self.menus.refresh(*menu)

        return run
