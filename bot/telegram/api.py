"""The Telegram Bot API over HTTP: one call per method, each answer's envelope checked and its
errors translated into the core's channel errors.

A thin client of our own rather than a framework's: a call is a method name and a JSON body
(or a multipart form with one file), the answer's `result` comes back as plain JSON. The token
is part of the URL; no URL, and so no token, ever reaches a log line or an error's text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import aiohttp

from core.channel import (
    ChannelBlocked,
    ChannelError,
    ChannelRateLimited,
    ChannelRejected,
    ChannelUnauthorized,
)

JsonDict = dict[str, Any]
DEFAULT_API_URL: Final = "https://api.telegram.org"
TIMEOUT: Final = 30.0
MAX_DOWNLOAD: Final = 20 * 1024 * 1024  # what Telegram lets a bot download
MAX_ANSWER: Final = 8 * 1024 * 1024  # an answer's JSON: a getUpdates batch is well under 1 MB
# 400 answers that mean the chat is gone or closed to us, like a 403.
GONE_MARKERS: Final = (
    "chat not found",
    "user not found",
    "peer_id_invalid",
    "user is deactivated",
    "bot was kicked",
    "have no rights to send a message",
    "not enough rights to send",
)


class TelegramRejected(ChannelRejected):
    """Telegram refused the request itself (400, 413): sending it again will not help."""


class TelegramChatMigrated(TelegramRejected):
    """The group became a supergroup: store `new_chat_id` and send there instead."""

    def __init__(self, message: str, new_chat_id: int) -> None:
        super().__init__(message)
        self.new_chat_id = new_chat_id


@dataclass(frozen=True)
class Upload:
    """A file sent in a call's multipart form, under `field` ("document", "photo")."""

    field: str
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call: the method, its parameters (None values are left out) and a file."""

    method: str
    params: Mapping[str, Any]
    upload: Upload | None = None


def api_error(method: str, status: int, envelope: Mapping[str, Any] | None) -> ChannelError:
    """The channel error for Telegram's answer `envelope` (HTTP `status`) to `method`."""
    envelope = envelope or {}
    code = envelope.get("error_code")
    if not isinstance(code, int) or isinstance(code, bool):
        code = status
    description = str(envelope.get("description") or f"HTTP {status}")[:300]
    parameters = envelope.get("parameters")
    parameters = parameters if isinstance(parameters, dict) else {}
    what = f"{method}: {code} {description}"
    retry_after = parameters.get("retry_after")
    if code == 429:
        seconds = float(retry_after) if isinstance(retry_after, int | float) else 1.0
        return ChannelRateLimited(retry_after=max(seconds, 0.0))
    migrated = parameters.get("migrate_to_chat_id")
    if isinstance(migrated, int) and not isinstance(migrated, bool):
        return TelegramChatMigrated(what, migrated)
    if code == 403:
        return ChannelBlocked(what)
    if code == 401:
        return ChannelUnauthorized(what)
    if code in (400, 413):
        if any(marker in description.lower() for marker in GONE_MARKERS):
            return ChannelBlocked(what)
        return TelegramRejected(what)
    # 5xx, and 404/409 (configuration: try again once it is fixed)
    return ChannelError(what)


class TelegramApi:
    """Calls `<base>/bot<token>/<method>` and returns the answer's `result`.

    Raises ChannelRateLimited (429), ChannelBlocked (403 and a chat that is gone),
    ChannelUnauthorized (401), TelegramRejected (400, 413: it will not work later either) or
    ChannelError (network, timeouts, 5xx): nothing else.
    """

    def __init__(self, token: str, base_url: str = DEFAULT_API_URL) -> None:
        self._token = token
        self._base = base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    @property
    def token(self) -> str:
        return self._token

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=100), raise_for_status=False
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __call__(self, call: ApiCall, *, wait_seconds: float = TIMEOUT) -> Any:
        return await self.call(
            call.method, call.params, upload=call.upload, wait_seconds=wait_seconds
        )

    async def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        upload: Upload | None = None,
        wait_seconds: float = TIMEOUT,
    ) -> Any:
        """The `result` of one call (see the class for the errors)."""
        url = f"{self._base}/bot{self._token}/{method}"
        fields = {key: value for key, value in (params or {}).items() if value is not None}
        try:
            if upload is None:
                request = self._client().post(
                    url, json=fields, timeout=aiohttp.ClientTimeout(total=wait_seconds)
                )
            else:
                request = self._client().post(
                    url,
                    data=_form(fields, upload),
                    timeout=aiohttp.ClientTimeout(total=wait_seconds),
                )
            async with request as response:
                status = response.status
                body = await _read_capped(response, MAX_ANSWER)
        except TimeoutError:
            raise ChannelError(f"{method}: timed out") from None
        except aiohttp.ClientError as error:  # its text may hold the URL, and so the token
            raise ChannelError(f"{method}: {type(error).__name__}") from None
        try:
            envelope = json.loads(body)
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict):
            raise ChannelError(f"{method}: HTTP {status}, not a JSON answer")
        if envelope.get("ok") is True and status < 400:
            return envelope.get("result")
        raise api_error(method, status, envelope)

    async def download(self, file_id: str, *, wait_seconds: float = 60.0) -> bytes:
        """The content of a file a person sent (at most 20 MB, as Telegram allows)."""
        found = await self.call("getFile", {"file_id": file_id})
        path = found.get("file_path") if isinstance(found, dict) else None
        if not isinstance(path, str) or not path:
            raise TelegramRejected("getFile: no file_path")
        url = f"{self._base}/file/bot{self._token}/{path.lstrip('/')}"
        try:
            async with self._client().get(
                url, timeout=aiohttp.ClientTimeout(total=wait_seconds)
            ) as response:
                if response.status >= 400:
                    raise api_error("download", response.status, None)
                return await _read_capped(response, MAX_DOWNLOAD)
        except TimeoutError:
            raise ChannelError("download: timed out") from None
        except aiohttp.ClientError as error:
            raise ChannelError(f"download: {type(error).__name__}") from None


async def _read_capped(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """The body of `response`, or TelegramRejected past `limit` bytes (read no further)."""
    if response.content_length is not None and response.content_length > limit:
        raise TelegramRejected(f"answer of {response.content_length} bytes is over the limit")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise TelegramRejected("answer over the limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _form(fields: Mapping[str, Any], upload: Upload) -> aiohttp.FormData:
    """A multipart form: each parameter as text (objects as JSON), then the file."""
    form = aiohttp.FormData(quote_fields=False)
    for key, value in fields.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, dict | list):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = str(value)
        form.add_field(key, text)
    form.add_field(
        upload.field,
        upload.content,
        filename=upload.filename,
        content_type=upload.content_type or "application/octet-stream",
    )
    return form
