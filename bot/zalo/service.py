"""The Zalo adapter for one bot token: API client, channel, event reading, webhook, poller.

Built once by the bootstrap (bot/app.py); `start()` only talks to Zalo (the bot's name, the
webhook), it changes nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.intake import InboxIntake
from bot.json_body import Malformed, check_shape
from bot.webhook_refusals import RefusedWebhooks
from bot.worker import ChannelHooks
from bot.zalo.api import ZaloApi
from bot.zalo.channel import ZaloChannel
from bot.zalo.groups import GroupPointer
from bot.zalo.receiving import ZaloPoller, ZaloWebhookRoute
from bot.zalo.refusals import RefusedChats
from bot.zalo.updates import check_event, read_event, unwrap
from core.channel import ChannelError, ChannelUnauthorized
from core.clock import Clock
from core.i18n import Catalogs
from services.leases import POLL_LEASE, LeaseKeeper
from storage.engine import Database

log = logging.getLogger(__name__)
WEBHOOK_PATH: Final = "/zalo/webhook"
CHANNEL: Final = "zalo"


def derived_secret(token: str) -> str:
    """A webhook secret derived from the token: the same on every instance, never logged."""
    return hmac.new(token.encode(), b"chibo zalo webhook", hashlib.sha256).hexdigest()


class ZaloAdapter:
    """Everything Zalo for one bot token."""

    webhook_path: Final = WEBHOOK_PATH

    def __init__(
        self,
        api: ZaloApi,
        *,
        token: str,
        database: Database,
        clock: Clock,
        intake: InboxIntake,
        catalogs: Catalogs,
        default_locale: str,
        zone: ZoneInfo,
        webhook_secret: str | None = None,
        poll_timeout: int = 25,
        backoff_base: float = 0.5,
    ) -> None:
        self.api = api
        self._clock = clock
        self._intake = intake
        self.bot_name: str | None = None
        self.channel = ZaloChannel(api, RefusedChats(clock))
        self.secret = webhook_secret or derived_secret(token)
        self.webhook = ZaloWebhookRoute(self.receive, self.secret, RefusedWebhooks("zalo", intake.metrics))
        self.poller = ZaloPoller(
            api,
            self.receive,
            LeaseKeeper(database, clock, f"poll:{CHANNEL}", ttl=POLL_LEASE),
            timeout=poll_timeout,
            backoff_base=backoff_base,
        )
        self.groups = GroupPointer(catalogs, clock, default_locale, zone)
        self.hooks = ChannelHooks(intercept=self.groups.intercept)

    async def start(self) -> None:
        """Learn the bot's name (for invites). A refused token (ChannelUnauthorized) is fatal;
        any other failure is logged and the name stays unknown."""
        try:
            me = await self.api.get_me()
        except ChannelUnauthorized:
            raise
        except ChannelError as error:
            log.warning("could not ask Zalo for the bot's name: %s", type(error).__name__)
            return
        name = me.get("account_name") or me.get("display_name") or me.get("name")
        self.bot_name = str(name) if name else None

    async def set_webhook(self, url: str) -> None:
        await self.api.set_webhook(url, self.secret)

    async def delete_webhook(self) -> None:
        try:
            await self.api.delete_webhook()
        except ChannelError as error:  # none was set: polling works all the same
            log.info("Zalo deleteWebhook: %s", error)

    async def close(self) -> None:
        await self.api.close()

    async def receive(self, body: Any) -> bool:
        """Store one event (bare or wrapped) in the inbox; False if ignored or already stored,
        Malformed (nothing stored) if it is not what Zalo sends."""
        event = unwrap(body)
        if event is None:
            raise Malformed("not an event")
        check_shape(event)
        check_event(event)
        try:
            incoming = read_event(event, self._clock.now())
        except (TypeError, KeyError, AttributeError, ValueError) as error:
            raise Malformed(f"unreadable event: {type(error).__name__}") from None
        if incoming is None:
            return False
        return await self._intake.store(incoming)
