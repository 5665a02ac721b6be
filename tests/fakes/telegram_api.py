"""A local fake Telegram Bot API server (aiohttp.web) for tests and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import mimetypes
import re
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final

from aiohttp import ClientSession, ClientTimeout, web

JsonDict = dict[str, Any]

TEXT_LIMIT: Final = 4096
CAPTION_LIMIT: Final = 1024
CALLBACK_DATA_LIMIT: Final = 64
MAX_BODY: Final = 60 * 1024 * 1024
SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"
BLOCKED_DESCRIPTION: Final = "Forbidden: bot was blocked by the user"
_SEND_METHODS: Final = frozenset({"sendmessage", "senddocument", "sendphoto"})
_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_HTML_TAGS: Final = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    }
)
_TAG_RE: Final = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
_COMMAND_RE: Final = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE: Final = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_USE_STORED: Final = object()


class ApiError(Exception):
    """An error answer: {"ok": false, "error_code": ..., "description": ...}."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JsonDict:
        body: JsonDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class _ScriptedFailure:
    method: str
    error_code: int
    description: str
    retry_after: int | None
    count: int
    after: int = 0  # matching calls that still succeed first


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


class _Params:
    """Request parameters from JSON, a query string, urlencoded or multipart form data."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile]) -> None:
        self.values = values
        self.files = files

    def has(self, name: str) -> bool:
        return name in self.values or name in self.files

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return str(value).lower() in {"true", "1"}

    def get_json(self, name: str) -> Any:
        value = self.values.get(name)
        if value is None or not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None

    def chat_id(self) -> int:
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None


class FakeTelegramAPI:
    """A Telegram Bot API server on 127.0.0.1 that records what the bot does.

    Use as ``async with FakeTelegramAPI() as api:`` and point a Bot API client at
    ``api.base_url`` (chibo's own, or aiogram's as a reference client). Every method answers
    like Telegram does (HTTP status = error_code, the same JSON envelope), so clients see
    Telegram's real errors.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int = 7000000001,
        bot_username: str = "chibo_test_bot",
        bot_first_name: str = "Chibo",
        rate_limit_per_second: float | None = None,
        strict_chats: bool = False,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`token`: if set, other tokens get 401. `strict_chats`: sends to chats never seen
        (no injected message, no `add_user`) answer 400 "chat not found"; otherwise any
        positive id is a private chat. `clock` gives dates (epoch seconds); `monotonic`
        drives the rate limit window."""
        if token is not None:
            bot_id = int(token.split(":", 1)[0])
        self.token = token
        self.bot_user: JsonDict = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.rate_limit_per_second = rate_limit_per_second
        self.strict_chats = strict_chats
        self._clock = clock
        self._monotonic = monotonic

        self.users: dict[int, JsonDict] = {}
        self.chats: dict[int, JsonDict] = {}
        self.blocked: set[int] = set()
        self.messages: dict[tuple[int, int], JsonDict] = {}
        self._last_message_id: dict[int, int] = {}

        self.pending_updates: list[JsonDict] = []
        self._next_update_id = 1
        self._allowed_updates: list[str] | None = None
        self._waiters: set[asyncio.Future[None]] = set()
        self._poll_generation = 0
        self._parked = asyncio.Event()
        self._closing = False

        self.webhook_url: str = ""
        self.webhook_secret: str | None = None
        self.webhook_allowed_updates: list[str] | None = None
        self.webhook_statuses: list[int] = []

        self._failures: list[_ScriptedFailure] = []
        self._hold: asyncio.Event | None = None  # sends wait for it (not taken meanwhile)
        self._hold_after = 0
        self.held_sends = 0  # sends waiting for it now
        self._send_times: deque[float] = deque()
        self.sent_count = 0
        self.too_many_requests_count = 0
        self.conflicts = 0  # getUpdates calls cut short by another one (two pollers)
        self.request_count = 0
        self.calls: list[tuple[str, JsonDict]] = []
        self._sent: list[JsonDict] = []
        self.edited: list[JsonDict] = []
        self.answered_callbacks: list[JsonDict] = []
        self._open_callbacks: dict[str, JsonDict] = {}
        self._next_callback = 1
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.chat_actions: list[JsonDict] = []
        self.files: dict[str, tuple[str, bytes]] = {}
        self.downloads: list[str] = []

        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """e.g. "http://127.0.0.1:PORT"; valid once started."""
        if not self.port:
            raise RuntimeError("FakeTelegramAPI is not started")
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def close(self) -> None:
        self._closing = True
        self._wake_waiters()
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegramAPI:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ------------------------------------------------------------------ scripting

    def add_user(
        self,
        user_id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> JsonDict:
        """Register a person and their private chat (chat id = user id)."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        user: JsonDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        chat: JsonDict = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat["last_name"] = last_name
        if username:
            chat["username"] = username
        self.chats[user_id] = chat
        return user

    def _user(self, user_id: int, first_name: str | None) -> JsonDict:
        user = self.users.get(user_id)
        if user is None or (first_name is not None and user["first_name"] != first_name):
            user = self.add_user(user_id, first_name or "Test")
        return user

    def add_file(
        self, data: bytes, file_name: str, mime_type: str = "application/octet-stream"
    ) -> JsonDict:
        """A file people can send (use the result as `document=`); getFile serves it."""
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = (f"documents/{file_id}-{file_name}", data)
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data),
        }

    def inject_message(
        self,
        user_id: int,
        text: str,
        first_name: str | None = None,
        *,
        document: JsonDict | None = None,
    ) -> JsonDict:
        """A person writes to the bot in their private chat; returns the queued update."""
        user = self._user(user_id, first_name)
        message = self._user_message(self.chats[user_id], user, text, document)
        return self._queue({"message": message})

    def inject_group_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        title: str = "Chi bộ",
        first_name: str | None = None,
        chat_type: str = "group",
    ) -> JsonDict:
        """A person writes in a group (chat_id < 0); returns the queued update."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        user = self._user(user_id, first_name)
        chat = self.chats.setdefault(chat_id, {"id": chat_id, "type": chat_type, "title": title})
        return self._queue({"message": self._user_message(chat, user, text, None)})

    def _user_message(
        self, chat: JsonDict, user: JsonDict, text: str, document: JsonDict | None
    ) -> JsonDict:
        message: JsonDict = {
            "message_id": self._new_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": self._now(),
        }
        if document is not None:
            message["document"] = document
            if text:
                message["caption"] = text
        else:
            message["text"] = text
            if text.startswith("/"):
                length = len(text.split()[0].encode("utf-16-le")) // 2
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def inject_callback(self, user_id: int, message_id: int, data: str) -> JsonDict:
        """A person presses an inline button of the bot's message `message_id` in their chat."""
        user = self._user(user_id, None)
        message = self.messages.get((user_id, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat {user_id}")
        query_id = f"cbq{self._next_callback}"
        self._next_callback += 1
        query: JsonDict = {
            "id": query_id,
            "from": user,
            "message": message,
            "chat_instance": f"ci{user_id}",
            "data": data,
        }
        self._open_callbacks[query_id] = query
        return self._queue({"callback_query": query})

    def inject_my_chat_member(self, user_id: int, status: str) -> JsonDict:
        """A person blocks ("kicked") or restarts ("member") the bot; updates `blocked`."""
        if status not in {"kicked", "member"}:
            raise ValueError("status is 'kicked' or 'member'")
        user = self._user(user_id, None)
        bot = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
        member: JsonDict = {"status": "member", "user": bot}
        kicked: JsonDict = {"status": "kicked", "user": bot, "until_date": 0}
        if status == "kicked":
            self.blocked.add(user_id)
            old, new = member, kicked
        else:
            self.blocked.discard(user_id)
            old, new = kicked, member
        event = {
            "chat": self.chats[user_id],
            "from": user,
            "date": self._now(),
            "old_chat_member": old,
            "new_chat_member": new,
        }
        return self._queue({"my_chat_member": event})

    async def wait_for_poll(self) -> None:
        """Return once a getUpdates long poll is parked in the fake, waiting for updates."""
        while not self._waiters:
            self._parked.clear()
            await self._parked.wait()

    def block(self, user_id: int) -> None:
        """Sends to this chat answer 403 "bot was blocked by the user" (no update queued)."""
        self.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self.blocked.discard(user_id)

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        count: int = 1,
        after: int = 0,
    ) -> None:
        """The next `count` calls of `method` ("*" for any) answer this error instead, once
        `after` more such calls have succeeded."""
        self._failures.append(
            _ScriptedFailure(method.lower(), error_code, description, retry_after, count, after)
        )

    def hold_sends(self, after: int = 0) -> asyncio.Event:
        """Once `after` more sends have gone, every send waits, not taken (nothing shown),
        until the returned event is set, and is then answered 502 (it never reached the chat;
        later sends go): a platform that stops answering, with the sender killed meanwhile."""
        self._hold, self._hold_after = asyncio.Event(), after
        return self._hold

    def clear_failures(self) -> None:
        """Forget every scripted failure still pending (the platform is back)."""
        self._failures.clear()

    def _queue(self, body: JsonDict) -> JsonDict:
        update = {"update_id": self._next_update_id, **body}
        self._next_update_id += 1
        self.pending_updates.append(update)
        self._wake_waiters()
        return update

    def _wake_waiters(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)

    # ------------------------------------------------------------------ webhook delivery

    async def deliver_via_webhook(
        self, update: JsonDict, times: int = 1, *, secret_token: Any = _USE_STORED
    ) -> int:
        """POST `update` to the webhook `times` times, as Telegram does; returns the last
        HTTP status. `secret_token` overrides the stored secret (None sends no header).
        A JSON answer carrying a "method" is executed, like Telegram does."""
        if not self.webhook_url:
            raise RuntimeError("no webhook is set")
        secret = self.webhook_secret if secret_token is _USE_STORED else secret_token
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = str(secret)
        if self._client is None:
            self._client = ClientSession(timeout=ClientTimeout(total=30))
        status = 0
        for _ in range(times):
            async with self._client.post(self.webhook_url, json=update, headers=headers) as resp:
                status = resp.status
                body = await resp.read()
            self.webhook_statuses.append(status)
            if status == 200 and body:
                await self._run_webhook_reply(body)
        return status

    async def deliver_pending_via_webhook(self) -> list[int]:
        """POST every pending update; those answered 2xx leave the queue."""
        statuses = []
        for update in list(self.pending_updates):
            status = await self.deliver_via_webhook(update)
            statuses.append(status)
            if 200 <= status < 300:
                self.pending_updates.remove(update)
        return statuses

    async def _run_webhook_reply(self, body: bytes) -> None:
        try:
            reply = json.loads(body)
        except ValueError:
            return
        if isinstance(reply, dict) and isinstance(reply.get("method"), str):
            values = {k: v for k, v in reply.items() if k != "method"}
            with contextlib.suppress(ApiError):
                self._call(reply["method"], _Params(values, {}))

    # ------------------------------------------------------------------ transcript

    def sent_messages(self, chat_id: int | None = None) -> list[JsonDict]:
        """Every successful send*, oldest first: chat_id, message_id, method, text,
        parse_mode, reply_markup, caption, document / photo info, at."""
        return [m for m in self._sent if chat_id is None or m["chat_id"] == chat_id]

    def message(self, chat_id: int, message_id: int) -> JsonDict:
        """The current state of a message (after edits) as Telegram would return it."""
        return self.messages[(chat_id, message_id)]

    def commands_for(
        self, scope: str = "default", language_code: str = ""
    ) -> list[JsonDict] | None:
        """Commands set for a scope key ("default", "all_private_chats", "chat:123", ...)."""
        return self.commands.get((scope, language_code))

    # ------------------------------------------------------------------ HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        self.request_count += 1
        token = request.match_info["token"]
        method = request.match_info["method"]
        try:
            if self.token is not None and token != self.token:
                raise ApiError(401, "Unauthorized")
            params = await self._read_params(request)
            self.calls.append((method, dict(params.values)))
            hold = self._hold
            if method.lower() in _SEND_METHODS and hold is not None and not hold.is_set():
                if self._hold_after > 0:
                    self._hold_after -= 1
                else:
                    self.held_sends += 1
                    await hold.wait()
                    self.held_sends -= 1
                    raise ApiError(502, "Bad Gateway")
            if method.lower() == "getupdates":
                result = await self._get_updates(params)
            else:
                result = self._call(method, params)
        except ApiError as error:
            if error.error_code == 429:
                self.too_many_requests_count += 1
            return web.json_response(error.payload(), status=error.error_code)
        return web.json_response({"ok": True, "result": result})

    async def _read_params(self, request: web.Request) -> _Params:
        values: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise ApiError(400, "Bad Request: can't parse JSON") from None
                if not isinstance(body, dict):
                    raise ApiError(400, "Bad Request: JSON object expected")
                values.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        data = value.file.read()
                        content_type = value.content_type
                        if content_type == "application/octet-stream":
                            # Telegram guesses from the name; aiogram sends no content type
                            guessed = mimetypes.guess_type(value.filename)[0]
                            content_type = guessed or content_type
                        files[key] = UploadedFile(value.filename, content_type, data)
                    else:
                        values[key] = value
        return _Params(values, files)

    def _call(self, method: str, params: _Params) -> Any:
        name = method.lower()
        handler = self._handlers().get(name)
        if handler is None:
            raise ApiError(404, "Not Found")
        self._scripted_failure(name)
        if name in _SEND_METHODS:
            self._check_rate_limit()
        return handler(params)

    def _handlers(self) -> dict[str, Callable[[_Params], Any]]:
        return {
            "getme": lambda p: self.bot_user,
            "getfile": self._get_file,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "senddocument": lambda p: self._send_file(p, "document"),
            "sendphoto": lambda p: self._send_file(p, "photo"),
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendchataction": self._send_chat_action,
            "close": lambda p: True,
            "logout": lambda p: True,
        }

    def _scripted_failure(self, name: str) -> None:
        for failure in self._failures:
            if failure.method in {name, "*"}:
                if failure.after > 0:
                    failure.after -= 1
                    continue
                failure.count -= 1
                if failure.count <= 0:
                    self._failures.remove(failure)
                raise ApiError(failure.error_code, failure.description, failure.retry_after)

    def _check_rate_limit(self) -> None:
        if not self.rate_limit_per_second:
            return
        now = self._monotonic()
        while self._send_times and self._send_times[0] <= now - 1.0:
            self._send_times.popleft()
        if len(self._send_times) >= self.rate_limit_per_second:
            wait = max(1, int(self._send_times[0] + 1.0 - now + 0.999))
            raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        self._send_times.append(now)

    def _now(self) -> int:
        return int(self._clock())

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _target_chat(self, params: _Params) -> JsonDict:
        chat_id = params.chat_id()
        if chat_id in self.blocked:
            raise ApiError(403, BLOCKED_DESCRIPTION)
        chat = self.chats.get(chat_id)
        if chat is None:
            if self.strict_chats or chat_id <= 0:
                raise ApiError(400, "Bad Request: chat not found")
            self.add_user(chat_id)
            chat = self.chats[chat_id]
        return chat

    # ------------------------------------------------------------------ files

    def _get_file(self, params: _Params) -> JsonDict:
        file_id = params.get_str("file_id") or ""
        stored = self.files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = stored
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data),
            "file_path": path,
        }

    async def _download(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if self.token is not None and token != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for stored_path, data in self.files.values():
            if stored_path == path:
                self.downloads.append(path)
                return web.Response(body=data)
        return web.Response(status=404)

    # ------------------------------------------------------------------ methods

    def _send_message(self, params: _Params) -> JsonDict:
        chat = self._target_chat(params)
        text = params.get_str("text") or ""
        parse_mode = params.get_str("parse_mode")
        visible = _visible_text(text, parse_mode)
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(visible) > TEXT_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        markup = self._reply_markup(params)
        message = self._bot_message(chat, markup)
        message["text"] = visible
        return self._record_sent("sendMessage", message, text, parse_mode, params, None)

    def _send_file(self, params: _Params, kind: str) -> JsonDict:
        chat = self._target_chat(params)
        upload = self._upload(params, kind)
        caption = params.get_str("caption")
        parse_mode = params.get_str("parse_mode")
        markup = self._reply_markup(params)
        message = self._bot_message(chat, markup)
        if caption:
            visible = _visible_text(caption, parse_mode)
            if len(visible) > CAPTION_LIMIT:
                raise ApiError(400, "Bad Request: message caption is too long")
            message["caption"] = visible
        file_id = f"{kind}-{chat['id']}-{message['message_id']}"
        info: JsonDict = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(upload.data) if isinstance(upload, UploadedFile) else 0,
        }
        if kind == "document":
            if isinstance(upload, UploadedFile):
                info["file_name"] = upload.filename
                info["mime_type"] = upload.content_type
            message["document"] = info
        else:
            width, height = _image_size(upload.data) if isinstance(upload, UploadedFile) else (1, 1)
            message["photo"] = [{**info, "width": width, "height": height}]
        record: JsonDict = {"file_id": info["file_id"]}
        if isinstance(upload, UploadedFile):
            record |= {
                "filename": upload.filename,
                "size": len(upload.data),
                "content_type": upload.content_type,
                "data": upload.data,
            }
        else:
            record["reference"] = upload
        method = "sendDocument" if kind == "document" else "sendPhoto"
        return self._record_sent(method, message, caption, parse_mode, params, (kind, record))

    def _upload(self, params: _Params, field: str) -> UploadedFile | str:
        if field in params.files:
            return params.files[field]
        reference = params.get_str(field)
        if not reference:
            raise ApiError(400, f"Bad Request: there is no {field} in the request")
        if reference.startswith("attach://"):
            part = params.files.get(reference.removeprefix("attach://"))
            if part is None:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            return part
        return reference

    def _bot_message(self, chat: JsonDict, markup: JsonDict | None) -> JsonDict:
        message: JsonDict = {
            "message_id": self._new_message_id(chat["id"]),
            "from": {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")},
            "chat": chat,
            "date": self._now(),
        }
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _record_sent(
        self,
        method: str,
        message: JsonDict,
        text: str | None,
        parse_mode: str | None,
        params: _Params,
        file: tuple[str, JsonDict] | None,
    ) -> JsonDict:
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        self.sent_count += 1
        entry: JsonDict = {
            "method": method,
            "chat_id": message["chat"]["id"],
            "message_id": message["message_id"],
            "text": text if method == "sendMessage" else None,
            "caption": text if method != "sendMessage" else None,
            "parse_mode": parse_mode,
            "reply_markup": self._reply_markup(params),
            "document": None,
            "photo": None,
            "at": self._clock(),
        }
        if file is not None:
            entry[file[0]] = file[1]
        self._sent.append(entry)
        return message

    def _reply_markup(self, params: _Params) -> JsonDict | None:
        markup = params.get_json("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: object expected as reply markup")
        rows = markup.get("inline_keyboard")
        if rows is not None:
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array')
            for row in rows:
                for button in row:
                    _check_button(button)
        return markup

    def _edited_message(self, params: _Params) -> tuple[int, JsonDict]:
        if params.has("inline_message_id"):
            raise ApiError(400, "Bad Request: inline messages are not supported by the fake")
        chat_id = params.chat_id()
        if chat_id in self.blocked:
            raise ApiError(403, BLOCKED_DESCRIPTION)
        message_id = params.get_int("message_id")
        message = self.messages.get((chat_id, message_id or 0))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message.get("from", {}).get("id") != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat_id, message

    def _edit_message_text(self, params: _Params) -> JsonDict:
        chat_id, message = self._edited_message(params)
        text = params.get_str("text") or ""
        parse_mode = params.get_str("parse_mode")
        visible = _visible_text(text, parse_mode)
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(visible) > TEXT_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        markup = self._reply_markup(params)
        new_markup = markup if markup is not None and "inline_keyboard" in markup else None
        if message["text"] == visible and message.get("reply_markup") == new_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message["text"] = visible
        self._set_markup(message, new_markup)
        return self._record_edit("editMessageText", chat_id, message, text, parse_mode, markup)

    def _edit_message_reply_markup(self, params: _Params) -> JsonDict:
        chat_id, message = self._edited_message(params)
        markup = self._reply_markup(params)
        new_markup = markup if markup is not None and "inline_keyboard" in markup else None
        if message.get("reply_markup") == new_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        self._set_markup(message, new_markup)
        return self._record_edit("editMessageReplyMarkup", chat_id, message, None, None, markup)

    @staticmethod
    def _set_markup(message: JsonDict, markup: JsonDict | None) -> None:
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup

    def _record_edit(
        self,
        method: str,
        chat_id: int,
        message: JsonDict,
        text: str | None,
        parse_mode: str | None,
        markup: JsonDict | None,
    ) -> JsonDict:
        message["edit_date"] = self._now()
        self.edited.append(
            {
                "method": method,
                "chat_id": chat_id,
                "message_id": message["message_id"],
                "text": text,
                "parse_mode": parse_mode,
                "reply_markup": markup,
                "at": self._clock(),
            }
        )
        return message

    def _answer_callback_query(self, params: _Params) -> bool:
        query_id = params.get_str("callback_query_id") or ""
        query = self._open_callbacks.pop(query_id, None)
        if query is None:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        text = params.get_str("text")
        if text is not None and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.answered_callbacks.append(
            {
                "callback_query_id": query_id,
                "user_id": query["from"]["id"],
                "data": query.get("data"),
                "text": text,
                "show_alert": params.get_bool("show_alert"),
                "at": self._clock(),
            }
        )
        return True

    @staticmethod
    def _scope_key(scope: Any) -> str:
        if scope is None:
            return "default"
        if not isinstance(scope, dict) or "type" not in scope:
            raise ApiError(400, "Bad Request: can't parse BotCommandScope")
        kind = str(scope["type"])
        if kind in {"default", "all_private_chats", "all_group_chats", "all_chat_administrators"}:
            return kind
        if kind in {"chat", "chat_administrators"}:
            return f"{kind}:{scope.get('chat_id')}"
        if kind == "chat_member":
            return f"{kind}:{scope.get('chat_id')}:{scope.get('user_id')}"
        raise ApiError(400, "Bad Request: wrong bot command scope type specified")

    def _set_my_commands(self, params: _Params) -> bool:
        commands = params.get_json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            name = str(command.get("command", "")) if isinstance(command, dict) else ""
            description = str(command.get("description", "")) if isinstance(command, dict) else ""
            if not _COMMAND_RE.match(name.lstrip("/").lower()):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = (self._scope_key(params.get_json("scope")), params.get_str("language_code") or "")
        if commands:
            self.commands[key] = [
                {"command": c["command"].lstrip("/").lower(), "description": c["description"]}
                for c in commands
            ]
        else:
            self.commands.pop(key, None)
        return True

    def _get_my_commands(self, params: _Params) -> list[JsonDict]:
        key = (self._scope_key(params.get_json("scope")), params.get_str("language_code") or "")
        return self.commands.get(key, [])

    def _delete_my_commands(self, params: _Params) -> bool:
        key = (self._scope_key(params.get_json("scope")), params.get_str("language_code") or "")
        self.commands.pop(key, None)
        return True

    def _set_webhook(self, params: _Params) -> bool:
        url = params.get_str("url") or ""
        secret = params.get_str("secret_token")
        if secret is not None and not _SECRET_RE.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if url and not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        self.webhook_url = url
        self.webhook_secret = secret if url else None
        allowed = params.get_json("allowed_updates")
        self.webhook_allowed_updates = allowed if isinstance(allowed, list) else None
        if params.get_bool("drop_pending_updates"):
            self.pending_updates.clear()
        self._wake_waiters()
        return True

    def _delete_webhook(self, params: _Params) -> bool:
        self.webhook_url = ""
        self.webhook_secret = None
        if params.get_bool("drop_pending_updates"):
            self.pending_updates.clear()
        return True

    def _get_webhook_info(self, params: _Params) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending_updates),
        }
        if self.webhook_allowed_updates is not None:
            info["allowed_updates"] = self.webhook_allowed_updates
        return info

    def _send_chat_action(self, params: _Params) -> bool:
        chat = self._target_chat(params)
        action = params.get_str("action")
        if action not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self.chat_actions.append({"chat_id": chat["id"], "action": action, "at": self._clock()})
        return True

    async def _get_updates(self, params: _Params) -> list[JsonDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        self._scripted_failure("getupdates")
        offset = params.get_int("offset")
        limit = max(1, min(100, params.get_int("limit") or 100))
        timeout = max(0, params.get_int("timeout") or 0)
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(a) for a in allowed] or None
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_waiters()  # an older long poll is terminated, as Telegram does
        self._confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            batch = [u for u in self.pending_updates if self._allowed(u)][:limit]
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing:
                return batch
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            self._parked.set()
            try:
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                pass
            finally:
                self._waiters.discard(waiter)
            if generation != self._poll_generation:
                self.conflicts += 1
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            del self.pending_updates[: max(0, len(self.pending_updates) + offset)]
            return
        self.pending_updates[:] = [u for u in self.pending_updates if u["update_id"] >= offset]

    def _allowed(self, update: JsonDict) -> bool:
        if not self._allowed_updates:
            return "chat_member" not in update
        return any(kind in update for kind in self._allowed_updates)


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    if data is None and not any(k in button for k in ("url", "switch_inline_query", "pay")):
        raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")


def _visible_text(text: str, parse_mode: str | None) -> str:
    """The text a person sees; with HTML, tags are checked like Telegram does."""
    if (parse_mode or "").upper() != "HTML":
        return text
    position = 0
    for match in re.finditer(r"<", text):
        if match.start() < position:
            continue
        tag = _TAG_RE.match(text, match.start())
        if tag is None:
            offset = len(text[: match.start()].encode("utf-8"))
            raise ApiError(
                400,
                'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset '
                f"{offset}",
            )
        if tag.group(2).lower() not in _HTML_TAGS:
            offset = len(text[: match.start()].encode("utf-8"))
            raise ApiError(
                400,
                f'Bad Request: can\'t parse entities: Unsupported start tag "{tag.group(2)}" '
                f"at byte offset {offset}",
            )
        position = tag.end()
    return html.unescape(_TAG_RE.sub("", text))


def _image_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 1, 1
