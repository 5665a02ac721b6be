"""The Zalo Bot API over HTTP: one call per method, every answer's envelope checked, its errors
translated into the core's channel errors. The token is part of the URL and never logged."""

from __future__ import annotations

import logging
from typing import Any, Final

import httpx

from core.channel import (
    ChannelBlocked,
    ChannelError,
    ChannelRateLimited,
    ChannelRejected,
    ChannelUnauthorized,
    ChannelUnconfirmed,
)

log = logging.getLogger(__name__)
JsonDict = dict[str, Any]
DEFAULT_API_URL: Final = "https://bot-api.zaloplatforms.com"
TIMEOUT: Final = 30.0
CONNECT_TIMEOUT: Final = 10.0
# Zalo has been seen to take 40 s to answer a send it then delivered. Giving up sooner makes a
# copy (no idempotency key). The deliverer keeps its lease and says it is alive while it waits
# (services.leases: LeaseKeeper.kept_during, every third of the lease's 10 s).
SEND_READ_TIMEOUT: Final = 55.0
SEND_METHODS: Final = frozenset({"sendMessage", "sendPhoto"})
PROBE_TIMEOUT: Final = 10.0  # asking getMe whether Zalo answers at all, after a dropped send
# The request went out whole, the answer never came: Zalo may have delivered it.
_UNANSWERED: Final = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)
RETRY_AFTER_429: Final = 5.0  # Zalo says nothing of how long: wait a little, then try again


class ZaloUnauthorized(ChannelUnauthorized):
    """401: the token is wrong or was reset. Nothing works until the operator fixes it."""


class ZaloTimeout(Exception):
    """getUpdates ended with nothing (error 408 in an HTTP 200): poll again."""


class ZaloApi:
    """Calls `<base>/bot<token>/<method>` with a JSON body and returns the `result`."""

    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_API_URL,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._token = token
        self._base = base_url.rstrip("/")
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self.timeout = TIMEOUT  # how long a call other than a send waits for its answer
        self.send_timeout = SEND_READ_TIMEOUT  # how long a send waits for its answer
        self._unauthorized_logged = False

    def _session(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout, transport=self._transport)
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def call(
        self, method: str, body: JsonDict | None = None, *, wait_seconds: float | None = None
    ) -> Any:
        """The `result` of one call, or one of the channel errors (and ZaloTimeout for an
        empty long poll). The URL (it holds the token) never reaches a log or an error.

        A send waits longer for its answer (`SEND_READ_TIMEOUT`); one sent whole whose answer
        never came raises ChannelUnconfirmed: the answer timed out (Zalo held the request), or
        the connection dropped after sending while Zalo answers other calls (getMe). A
        connection refused or timed out before the request went out, a write cut short, a
        connection dropped while Zalo answers nothing at all (it is down) and any HTTP answer
        (5xx included) are plain ChannelErrors: the message is sent again until it goes."""
        url = f"{self._base}/bot{self._token}/{method}"
        wait = self.timeout if wait_seconds is None else wait_seconds
        timeout = httpx.Timeout(wait, connect=min(CONNECT_TIMEOUT, wait))
        if method in SEND_METHODS:
            timeout = httpx.Timeout(min(CONNECT_TIMEOUT, wait), read=self.send_timeout)
        try:
            response = await self._session().post(url, json=body or {}, timeout=timeout)
        except _UNANSWERED as error:
            what = f"{method}: no answer ({type(error).__name__})"
            if method in SEND_METHODS and isinstance(error, httpx.TimeoutException):
                raise ChannelUnconfirmed(what) from None  # Zalo took the request and held it
            if method in SEND_METHODS:  # dropped after sending: Zalo, or the line to it?
                if await self._answering():
                    raise ChannelUnconfirmed(what) from None
                raise ChannelError(f"{what}; Zalo answers nothing") from None
            if isinstance(error, httpx.TimeoutException):
                if method == "getUpdates":
                    raise ZaloTimeout() from None
                raise ChannelError(f"{method}: timed out") from None
            raise ChannelError(f"{method}: {type(error).__name__}") from None
        except httpx.TimeoutException:
            if method == "getUpdates":
                raise ZaloTimeout() from None
            raise ChannelError(f"{method}: timed out") from None
        except httpx.HTTPError as error:
            raise ChannelError(f"{method}: {type(error).__name__}") from None
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict):
            if response.status_code >= 500:
                raise ChannelError(f"{method}: HTTP {response.status_code}")
            raise ChannelError(f"{method}: HTTP {response.status_code}, not a JSON answer")
        if envelope.get("ok") is True:
            return envelope.get("result")
        code = envelope.get("error_code")
        if not isinstance(code, int):
            code = response.status_code if response.status_code >= 400 else 0
        description = str(envelope.get("description") or "")[:200]
        raise self._error(method, code, description)

    def _error(self, method: str, code: int, description: str) -> Exception:
        what = f"{method}: {code} {description}".strip()
        if code == 408:
            return ZaloTimeout() if method == "getUpdates" else ChannelError(what)
        if code == 429:
            return ChannelRateLimited(RETRY_AFTER_429)
        if code == 401:
            if not self._unauthorized_logged:
                self._unauthorized_logged = True
                log.critical(
                    "Zalo refused the bot token (401): check ZALO_BOT_TOKEN (it changes when the "
                    "token is reset in Zalo Bot Creator); nothing can be sent or received"
                )
            return ZaloUnauthorized(what)
        if code == 403:
            return ChannelBlocked(what)
        if code >= 500 or code == 0:
            return ChannelError(what)
        return ChannelRejected(what)

    async def _answering(self) -> bool:
        """Whether Zalo itself answers a call (getMe) with ok within `PROBE_TIMEOUT`: after a
        send whose connection dropped, it tells a send Zalo may have taken from Zalo being down
        (an error, even inside HTTP 200, is Zalo down: the send is tried again until it goes)."""
        url = f"{self._base}/bot{self._token}/getMe"
        try:
            response = await self._session().post(url, json={}, timeout=PROBE_TIMEOUT)
            body = response.json()
        except (httpx.HTTPError, ValueError):
            return False
        # Zalo reports its own failures inside HTTP 200: only a plain ok is Zalo answering
        return response.status_code == 200 and isinstance(body, dict) and body.get("ok") is True

    # ------------------------------------------------------------------ methods

    async def get_me(self) -> JsonDict:
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, poll_seconds: int) -> list[JsonDict]:
        """The events waiting (Zalo gives one at a time; some copies a list); [] when the long
        poll of `poll_seconds` ended empty."""
        try:
            result = await self.call(
                "getUpdates", {"timeout": poll_seconds}, wait_seconds=poll_seconds + 10
            )
        except ZaloTimeout:
            return []
        if isinstance(result, list):
            return [r for r in result if isinstance(r, dict)]
        return [result] if isinstance(result, dict) else []

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.call("setWebhook", {"url": url, "secret_token": secret})

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")

    async def send_message(self, chat_id: str, text: str) -> str:
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return _message_id(result)

    async def send_photo(self, chat_id: str, photo_url: str, caption: str) -> str:
        body: JsonDict = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            body["caption"] = caption
        return _message_id(await self.call("sendPhoto", body))

    async def send_typing(self, chat_id: str) -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": "typing"})


def _message_id(result: Any) -> str:
    if isinstance(result, dict) and result.get("message_id") is not None:
        return str(result["message_id"])
    return ""
