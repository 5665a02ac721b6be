"""Receiving Zalo events: our own getUpdates loop and the webhook route, both via the inbox.

Zalo has no offset to confirm: getUpdates hands out an event, and may hand it out again. Each
event is stored (and committed) under its message id before the next is asked for, and the
inbox's unique key makes a second copy a no-op, so each message is handled once. The webhook
answers 200 only after the store. A malformed event (bad JSON of any depth, a field of the wrong
type) is refused before anything is stored: 400 from the webhook, skipped by the poller.

Since an event handed out exists nowhere else, a stop does not cut the long poll in flight: it
waits for it (it lasts at most `LONG_POLL_SECONDS`, so that the process still exits within its
stop time) and stores what it brings. Only a kill, or a poll that does not answer within
`STOP_GRACE_SECONDS` after its own timeout, can lose the event of a poll in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Final

from aiohttp import web

from bot.json_body import Malformed, parse_body
from bot.stopping import until_stopped
from bot.zalo.api import ZaloApi, ZaloUnauthorized
from core.channel import ChannelRateLimited
from core.limits import MAX_ZALO_BODY
from services.leases import LeaseKeeper

log = logging.getLogger(__name__)
SECRET_HEADER: Final = "X-Bot-Api-Secret-Token"
MAX_BODY: Final = MAX_ZALO_BODY
Receive = Callable[[Any], Awaitable[bool]]
# A long poll lasts at most this (a stop waits for the one in flight: it must end within the
# process's 8 s to stop), and is given this much more to answer when a stop waits for it.
LONG_POLL_SECONDS: Final = 5
STOP_GRACE_SECONDS: Final = 2.0
MIN_EMPTY_POLL_SECONDS: Final = 1.0  # an empty poll that ended sooner is followed by this pause


class ZaloPoller:
    """Long-polls getUpdates while this instance holds the lease "poll:zalo" (one poller per
    token); backs off on 429 and on failures, and treats an empty long poll as normal."""

    def __init__(
        self,
        api: ZaloApi,
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
        self._timeout = min(timeout, LONG_POLL_SECONDS)
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._standby = standby_seconds
        self.received = 0
        self.skipped = 0  # malformed events passed over

    async def run(self, stop: asyncio.Event) -> None:
        """Poll while this instance holds the lease, until `stop`; release it then."""
        try:
            await self._poll(stop)
        finally:
            await self.lease.release()

    async def _poll(self, stop: asyncio.Event) -> None:
        failures = 0
        while not stop.is_set():
            if not await self.lease.ensure():
                await until_stopped(stop, asyncio.sleep(self._standby))
                continue
            try:
                started = time.monotonic()
                events = await self._one_poll(stop)
                if events is None:
                    break
                if not events and time.monotonic() - started < MIN_EMPTY_POLL_SECONDS:
                    # an empty answer that came at once (the platform not holding the poll):
                    # a breath before the next, never a loop of requests
                    await until_stopped(stop, asyncio.sleep(MIN_EMPTY_POLL_SECONDS))
                for event in events:
                    try:
                        await self._receive(event)
                    except Malformed as error:
                        log.warning("skipped a malformed Zalo event: %s", error)
                        self.skipped += 1
                        continue
                    self.received += 1
                failures = 0
            except ChannelRateLimited as error:
                failures += 1
                delay = max(error.retry_after, self._delay(failures))
                log.warning("Zalo getUpdates: 429; waiting %.1fs", delay)
                await until_stopped(stop, asyncio.sleep(delay))
            except ZaloUnauthorized:
                failures += 1
                await until_stopped(stop, asyncio.sleep(self._backoff_max))
            except Exception as error:
                failures += 1
                delay = self._delay(failures)
                log.warning("Zalo getUpdates failed (%s); retrying in %.1fs", error, delay)
                await until_stopped(stop, asyncio.sleep(delay))

    async def _one_poll(self, stop: asyncio.Event) -> list[Any] | None:
        """The events of one long poll; when `stop` comes during it, the poll in flight is
        waited for (the events it hands out are stored on the way out) and None follows if it
        does not answer in time."""
        poll = asyncio.ensure_future(self.lease.kept_during(self._api.get_updates(self._timeout)))
        finished, _result = await until_stopped(stop, asyncio.shield(poll))
        if not finished:
            log.info("stopping: waiting for the Zalo poll in flight (its events exist nowhere else)")
            done, _pending = await asyncio.wait([poll], timeout=self._timeout + STOP_GRACE_SECONDS)
            if not done:
                poll.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await poll
                return None
        return list(poll.result() or [])

    def _delay(self, failures: int) -> float:
        return float(min(self._backoff_max, self._backoff_base * 2.0 ** max(failures - 1, 0)))


class ZaloWebhookRoute:
    """POST handler: check the secret (constant time), store the event, answer 200."""

    def __init__(
        self, receive: Receive, secret: str, refused: Callable[[str], None] | None = None
    ) -> None:
        self._receive = receive
        self._secret = secret.encode("utf-8")
        self._refused = refused or (lambda _reason: None)

    async def __call__(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            self._refused("no secret")
            return web.Response(status=401, text="unauthorized")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self._secret):
            self._refused("wrong secret")
            return web.Response(status=403, text="forbidden")
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413, text="too large")
        raw = await request.content.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            return web.Response(status=413, text="too large")
        try:
            await self._receive(parse_body(raw))
        except Malformed as error:
            log.info("refused a malformed Zalo event: %s", error)
            return web.Response(status=400, text="malformed event")
        except Exception:
            log.exception("could not store a Zalo event")
            return web.Response(status=500, text="try again")
        return web.json_response({"ok": True})
