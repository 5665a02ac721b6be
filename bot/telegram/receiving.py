"""Receiving updates: our own getUpdates loop and the webhook route, both via the inbox.

An update is stored (and committed) before it is confirmed: polling advances the offset only
after the store, and the webhook answers 200 only after it. The inbox's unique key on
(channel, update_id) makes a redelivery a no-op, so each update is handled once.

A malformed update (bad JSON of any depth, a field of the wrong type) is refused before
anything is stored: the webhook answers 400, the poller logs it and moves past it. Only a
failure of ours while storing is a 500 (Telegram sends the update again).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Final

from aiohttp import web

from bot.json_body import Malformed, parse_body
from bot.stopping import until_stopped
from bot.telegram.api import TelegramApi
from bot.telegram.updates import ALLOWED_UPDATES, callback_query_id
from core.channel import ChannelError
from services.leases import LeaseKeeper

log = logging.getLogger(__name__)
SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"
Receive = Callable[[Any], Awaitable[bool]]


class Poller:
    """Long-polls getUpdates; each batch is stored before the offset moves past it.

    Only one instance per bot token polls (Telegram answers 409 to a second one): the poller
    holds the lease "poll:telegram" while it runs and gives it up when it stops; the others
    stand by and take over when the lease is free (at once after a clean stop, within the
    lease's time after a crash).
    """

    def __init__(
        self,
        api: TelegramApi,
        receive: Receive,
        lease: LeaseKeeper,
        *,
        timeout: int = 25,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        standby_seconds: float = 2.0,
    ) -> None:
        self._api = api
        self._receive = receive
        self.lease = lease
        self._timeout = timeout
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._standby = standby_seconds
        self.offset: int | None = None
        self.conflicts = 0  # 409s seen: another process polls the same token
        self.skipped = 0  # malformed items passed over

    async def run(self, stop: asyncio.Event) -> None:
        """Poll while this instance holds the lease, until `stop`; confirm and release then."""
        try:
            await self._poll(stop)
        finally:
            await self._confirm()
            await self.lease.release()

    async def _poll(self, stop: asyncio.Event) -> None:
        failures = 0
        while not stop.is_set():
            if not await self.lease.ensure():
                self.offset = None  # whoever polls now confirms what it stores
                await until_stopped(stop, asyncio.sleep(self._standby))
                continue
            try:
                finished, updates = await until_stopped(
                    stop, self.lease.kept_during(self._get_updates())
                )
                if not finished:
                    break
                for raw in updates or []:
                    await self._take(raw)
                failures = 0
            except Exception as error:
                if "conflict" in str(error).lower():
                    self.conflicts += 1
                failures += 1
                delay = min(self._backoff_max, self._backoff_base * 2 ** (failures - 1))
                log.warning("getUpdates failed (%s); retrying in %.1fs", error, delay)
                await until_stopped(stop, asyncio.sleep(delay))

    async def _take(self, raw: Any) -> None:
        """Store one polled item and move the offset past it; a malformed one is skipped."""
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        try:
            await self._receive(raw)
        except Malformed as error:
            log.warning("skipped a malformed update %s: %s", update_id, error)
            self.skipped += 1
            if isinstance(update_id, int) and not isinstance(update_id, bool):
                self.offset = max(self.offset or 0, update_id + 1)
            return
        self.offset = raw["update_id"] + 1
        query_id = callback_query_id(raw)
        if query_id is not None:
            await self._answer(query_id)

    async def _get_updates(self) -> list[Any]:
        params = {
            "offset": self.offset,
            "timeout": self._timeout,
            "allowed_updates": ALLOWED_UPDATES,
        }
        # Plain JSON items: one malformed item is skipped alone, not the whole batch.
        updates = await self._api.call("getUpdates", params, wait_seconds=self._timeout + 10)
        return updates if isinstance(updates, list) else []

    async def _answer(self, query_id: str) -> None:
        try:
            await self._api.call("answerCallbackQuery", {"callback_query_id": query_id})
        except ChannelError as error:
            log.info("could not answer callback query: %s", error)

    async def _confirm(self) -> None:
        """Tell Telegram what we stored, so a restart does not fetch it again."""
        if self.offset is None or not self.lease.held:
            return
        try:
            await self._api.call("getUpdates", {"offset": self.offset, "timeout": 0, "limit": 1})
        except ChannelError as error:
            log.info("could not confirm updates on stop: %s", error)


class WebhookRoute:
    """POST handler: check the secret, store the update, answer 200 at once."""

    def __init__(
        self, receive: Receive, secret: str, refused: Callable[[str], None] | None = None
    ) -> None:
        self._receive = receive
        self._secret = secret.encode("utf-8")
        self._refused = refused or (lambda _reason: None)

    async def __call__(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, self._secret):
            self._refused("wrong secret" if given else "no secret")
            return web.Response(status=401, text="unauthorized")
        raw = await request.read()  # over the server's cap: aiohttp answers 413
        try:
            update = parse_body(raw)
            await self._receive(update)
        except Malformed as error:
            log.info("refused a malformed update: %s", error)
            return web.Response(status=400, text="malformed update")
        except Exception:
            log.exception("could not store an update")
            return web.Response(status=500, text="try again")
        query_id = callback_query_id(update)
        if query_id is not None:
            # Answer the button press in the webhook reply itself: no extra request.
            body = {"method": "answerCallbackQuery", "callback_query_id": query_id}
            return web.json_response(body)
        return web.Response(status=200)
