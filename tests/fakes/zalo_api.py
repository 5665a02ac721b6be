"""A local fake Zalo Bot API server (aiohttp.web) speaking the platform's protocol, for tests.

What it does as Zalo does (../shared/ZALO_BOT_API.md): `/bot<TOKEN>/<method>` with a JSON body
(or a form, or a query string); every answer in the {ok, result, error_code, description}
envelope, errors in an HTTP 200 like the platform's; getUpdates hands out ONE event per call,
no offsets, and an event may come back again (`redeliver`); a long poll with nothing ends with
{"ok": false, "error_code": 408}; getUpdates is refused while a webhook is set; a webhook POST
carries X-Bot-Api-Secret-Token (and, if asked, the event wrapped in {"ok": true, "result": …});
sendMessage refuses more than 2,000 characters; sendPhoto fetches the photo's URL as Zalo's
servers do; the bot can only message people who wrote first.

For the tests: event injection, scripted failures (an error code, or an HTTP 5xx), a slow
answer to sends (`send_delay`), a slow taking of them (`take_delay`) or no answer at all
after taking them (`drop_after_send`), every
call dropped unanswered (`down`), a
transcript of everything sent, and the bytes of every photo fetched.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final

from aiohttp import ClientError, ClientSession, ClientTimeout, web

JsonDict = dict[str, Any]
TEXT_LIMIT: Final = 2000
SECRET_HEADER: Final = "X-Bot-Api-Secret-Token"
TOKEN: Final = "1234567890:zalo-test-secret"


@dataclass
class Failure:
    """The next `count` calls of `method` fail: with `error_code` in the envelope (HTTP 200),
    or with HTTP `http_status` and no envelope when that is 500 or more."""

    method: str
    error_code: int = 0
    description: str = ""
    http_status: int = 200
    count: int = 1


@dataclass
class Sent:
    """One message the bot sent."""

    chat_id: str
    text: str
    message_id: str
    photo: str | None = None
    photo_bytes: bytes | None = None
    photo_type: str | None = None


@dataclass
class FakeZaloAPI:
    """The fake server; `async with FakeZaloAPI() as api:` runs it on a free local port."""

    token: str = TOKEN
    bot_name: str = "chibo thử nghiệm"
    wrap_webhook_events: bool = False
    events: deque[JsonDict] = field(default_factory=deque)
    sent: list[Sent] = field(default_factory=list)
    calls: list[tuple[str, JsonDict]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    known_chats: set[str] = field(default_factory=set)
    delivered: list[JsonDict] = field(default_factory=list)
    webhook_answers: list[int] = field(default_factory=list)
    # seconds between handing an event out of getUpdates and answering (a slow network): the
    # event is gone from the queue meanwhile, as on Zalo
    answer_delay: float = 0.0
    # a slow Zalo: seconds between taking a message (it is shown) and answering the send
    send_delay: float = 0.0
    # a slow Zalo the other way: seconds a send waits before the message is taken; a sender
    # gone meanwhile (its connection closed) leaves it untaken, never shown
    take_delay: float = 0.0
    # the next N sends are taken (shown) and then the connection drops with no answer
    drop_after_send: int = 0
    # Zalo down behind an open port: every call is read, nothing taken, the connection dropped
    down: bool = False
    handing_out: asyncio.Event = field(default_factory=asyncio.Event)
    _numbers: int = 1000
    _runner: web.AppRunner | None = None
    _client: ClientSession | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)
    base_url: str = ""

    async def __aenter__(self) -> FakeZaloAPI:
        application = web.Application(client_max_size=4 * 1024 * 1024)
        application.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(application, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        self._client = ClientSession(timeout=ClientTimeout(total=10))
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ------------------------------------------------------------------ for the tests

    def next_id(self) -> str:
        self._numbers += 1
        return f"{self._numbers:x}{int(time.time() * 1000) % 100000:05d}"

    def event(
        self,
        user_id: str,
        text: str | None = None,
        *,
        name: str = "Người dùng",
        kind: str = "message.text.received",
        name_field: str = "display_name",
        group: str | None = None,
    ) -> JsonDict:
        """A new event from `user_id` (a text, or another kind: image, sticker…), in a private
        chat or in the group `group` (where Zalo passes on what mentions the bot)."""
        message: JsonDict = {
            "message_id": self.next_id(),
            "date": int(time.time() * 1000),
            "from": {"id": user_id, name_field: name, "is_bot": False},
            "chat": {"id": group, "chat_type": "GROUP"} if group else {"id": user_id, "chat_type": "PRIVATE"},
        }
        if text is not None:
            message["text"] = text
        if kind == "message.image.received":
            message["photo_url"] = "https://example.invalid/a.jpg"
        self.known_chats.add(group or user_id)
        return {"event_name": kind, "message": message}

    async def inject(self, event: JsonDict) -> int | None:
        """Queue `event` for getUpdates, or POST it to the webhook when one is set (the HTTP
        status it got, then)."""
        if self.webhook_url is None:
            self.events.append(event)
            self._arrived.set()
            return None
        return await self.post_to_webhook(event)

    async def post_to_webhook(self, event: JsonDict, *, secret: str | None = None) -> int:
        assert self._client is not None and self.webhook_url is not None
        body = {"ok": True, "result": event} if self.wrap_webhook_events else event
        headers = {"Content-Type": "application/json"}
        given = self.webhook_secret if secret is None else secret
        if given:
            headers[SECRET_HEADER] = given
        async with self._client.post(self.webhook_url, data=json.dumps(body), headers=headers) as r:
            await r.read()
            self.webhook_answers.append(r.status)
            return r.status

    def redeliver(self, event: JsonDict) -> None:
        """Hand out an event already given (Zalo does this)."""
        self.events.append(event)
        self._arrived.set()

    def fail(self, method: str, error_code: int = 0, *, http_status: int = 200, count: int = 1,
             description: str = "") -> None:
        self.failures.append(Failure(method, error_code, description, http_status, count))

    def to(self, chat_id: str) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    def texts(self, chat_id: str) -> list[str]:
        return [s.text for s in self.to(chat_id)]

    # ------------------------------------------------------------------ the protocol

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        if self.down:
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        failure = next((f for f in self.failures if f.method == method and f.count > 0), None)
        if failure is not None:
            failure.count -= 1
            if failure.http_status >= 500:
                return web.Response(status=failure.http_status, text="Bad Gateway")
            return _error(failure.error_code, failure.description or "scripted failure")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(404, "Method not found")
        if method in ("sendMessage", "sendPhoto") and self.take_delay:
            await asyncio.sleep(self.take_delay)
            if request.transport is None or request.transport.is_closing():
                return web.Response()  # the sender went away before it was taken
        try:
            result = await handler(params)
        except _ApiError as error:
            return _error(error.code, error.description)
        if method in ("sendMessage", "sendPhoto"):
            if self.drop_after_send > 0:  # taken, then the line drops before the answer
                self.drop_after_send -= 1
                assert request.transport is not None
                request.transport.close()
                return web.Response()
            if self.send_delay:
                await asyncio.sleep(self.send_delay)
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> JsonDict:
        values: JsonDict = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                with contextlib.suppress(ValueError):
                    body = await request.json()
                    if isinstance(body, dict):
                        values.update(body)
            else:
                values.update(dict(await request.post()))
        return values

    async def _m_getMe(self, params: JsonDict) -> JsonDict:
        return {"id": "bot-1", "account_name": self.bot_name, "account_type": "BASIC",
                "can_join_groups": False}

    async def _m_getUpdates(self, params: JsonDict) -> Any:
        if self.webhook_url is not None:
            raise _ApiError(400, "getUpdates is not available while a webhook is set")
        timeout = float(params.get("timeout", 30) or 0)
        deadline = asyncio.get_running_loop().time() + min(timeout, 60)
        while not self.events:
            self._arrived.clear()
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise _ApiError(408, "Request timeout")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), left)
        event = self.events.popleft()
        self.delivered.append(event)
        if self.answer_delay:
            self.handing_out.set()
            await asyncio.sleep(self.answer_delay)
        return event

    async def _m_setWebhook(self, params: JsonDict) -> JsonDict:
        url, secret = str(params.get("url") or ""), str(params.get("secret_token") or "")
        if not url.startswith(("https://", "http://127.0.0.1")):
            raise _ApiError(400, "url must be https")
        if not 8 <= len(secret) <= 256:
            raise _ApiError(400, "secret_token must have 8 to 256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        return {"url": url, "updated_at": int(time.time() * 1000)}

    async def _m_deleteWebhook(self, params: JsonDict) -> JsonDict:
        self.webhook_url = self.webhook_secret = None
        return {"url": "", "updated_at": int(time.time() * 1000)}

    async def _m_getWebhookInfo(self, params: JsonDict) -> JsonDict:
        if self.webhook_url is None:
            raise _ApiError(404, "webhook not set")
        return {"url": self.webhook_url, "updated_at": int(time.time() * 1000)}

    def _chat(self, params: JsonDict) -> str:
        chat = str(params.get("chat_id") or "")
        if not chat:
            raise _ApiError(400, "chat_id is required")
        if chat not in self.known_chats:
            raise _ApiError(403, "the user has not interacted with the bot")
        return chat

    async def _m_sendMessage(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params)
        text = str(params.get("text") or "")
        if not 1 <= len(text) <= TEXT_LIMIT:
            raise _ApiError(400, f"text must have 1 to {TEXT_LIMIT} characters")
        sent = Sent(chat, text, self.next_id())
        self.sent.append(sent)
        return {"message_id": sent.message_id, "date": int(time.time() * 1000)}

    async def _m_sendPhoto(self, params: JsonDict) -> JsonDict:
        chat = self._chat(params)
        url = str(params.get("photo") or "")
        caption = str(params.get("caption") or "")
        if len(caption) > TEXT_LIMIT:
            raise _ApiError(400, "caption too long")
        assert self._client is not None
        try:  # Zalo's servers fetch the photo themselves
            async with self._client.get(url) as response:
                data = await response.read()
                if response.status != 200:
                    raise _ApiError(400, f"could not fetch the photo: HTTP {response.status}")
                kind = response.headers.get("Content-Type", "")
        except (ClientError, OSError, ValueError) as error:
            raise _ApiError(400, f"could not fetch the photo: {error}") from None
        sent = Sent(chat, caption, self.next_id(), photo=url, photo_bytes=data, photo_type=kind)
        self.sent.append(sent)
        return {"message_id": sent.message_id, "date": int(time.time() * 1000)}

    async def _m_sendChatAction(self, params: JsonDict) -> bool:
        self._chat(params)
        return True


class _ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _error(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description})
