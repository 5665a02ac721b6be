"""Turn raw Telegram updates (JSON dicts) into the core's Incoming, or None for what we ignore.

`read_update` checks an update against the part of Telegram's schema chibo reads first
(bot/telegram/schema.py): a field of the wrong type ("from": 1.5, "chat": [], a number as text,
an id that is no integer or does not fit 64 bits) makes the update Malformed, so the webhook
answers 400 and the poller skips it; what passes is read without surprises.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Final

from bot.json_body import Malformed, check_shape
from bot.telegram.render import KEY_PREFIX, VALUE_PREFIX
from bot.telegram.schema import check_update
from core.limits import EXPIRED_CHOICE, MAX_CALLBACK_DATA
from core.messages import Incoming

JsonDict = dict[str, Any]
LoadLong = Callable[[str], Awaitable[str | None]]

ALLOWED_UPDATES: Final = ["message", "callback_query", "my_chat_member"]
EVENT: Final = "event"
MY_CHAT_MEMBER: Final = "my_chat_member"
STATUS: Final = "status"
CALLBACK_ID: Final = "callback_query_id"
MESSAGE_TEXT: Final = "message_text"
HAS_TEXT: Final = "has_text"
LABEL: Final = "label"
_GROUP_TYPES: Final = frozenset({"group", "supergroup"})
_ID_LIMIT: Final = 2**63  # Telegram's ids fit 52 bits; anything past 64 is not Telegram's


def read_update(raw: Any) -> JsonDict:
    """`raw` as Telegram's schema reads it (a JSON dict with the types checked), or Malformed."""
    if not isinstance(raw, dict):
        raise Malformed("an update is an object")
    update_id = raw.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise Malformed("no update_id")
    check_shape(raw)
    check_update(raw)
    for ids in _ids(raw):
        if not -_ID_LIMIT < ids < _ID_LIMIT:
            raise Malformed("an id out of range")
    return raw


def _ids(update: JsonDict) -> list[int]:
    """The numbers the reader turns into keys: the update's, its people's, chats' and messages'."""
    found = [update["update_id"]]
    for kind in ALLOWED_UPDATES:
        event = update.get(kind)
        if not isinstance(event, dict):
            continue
        inner = event.get("message")
        for part in (event, inner if isinstance(inner, dict) else {}):
            for key in ("from", "chat"):
                holder = part.get(key)
                if isinstance(holder, dict) and isinstance(holder.get("id"), int):
                    found.append(holder["id"])
            if isinstance(part.get("message_id"), int):
                found.append(part["message_id"])
    return found


def display_name(user: JsonDict) -> str:
    parts = [str(user.get("first_name") or ""), str(user.get("last_name") or "")]
    return " ".join(part for part in parts if part).strip()


def callback_query_id(update: JsonDict) -> str | None:
    """The id of the callback query an update carries, to answer it."""
    query = update.get("callback_query")
    return str(query["id"]) if isinstance(query, dict) and "id" in query else None


def _is_start_for_us(text: str, bot_username: str | None) -> bool:
    head = text.strip().split(maxsplit=1)[0] if text.strip() else ""
    name, _, target = head.partition("@")
    if name.lower() != "/start":
        return False
    return not target or (bot_username is not None and target.lower() == bot_username.lower())


def _button_label(message: JsonDict, data: str) -> str:
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            if isinstance(button, dict) and button.get("callback_data") == data:
                return str(button.get("text") or "")
    return ""


class UpdateReader:
    """Reads updates for one bot; `load_long` finds the values behind ``k:`` buttons."""

    def __init__(self, load_long: LoadLong, bot_username: str | None = None) -> None:
        self._load_long = load_long
        self.bot_username = bot_username

    async def incoming(self, update: JsonDict, now: datetime) -> Incoming | None:
        key = str(update.get("update_id", ""))
        if not key:
            return None
        if isinstance(update.get("message"), dict):
            return self._message(update["message"], key, now)
        if isinstance(update.get("callback_query"), dict):
            return await self._callback(update["callback_query"], key, now)
        if isinstance(update.get(MY_CHAT_MEMBER), dict):
            return self._membership(update[MY_CHAT_MEMBER], key, now)
        return None

    def _message(self, message: JsonDict, key: str, now: datetime) -> Incoming | None:
        chat = message.get("chat") or {}
        user = message.get("from") or {}
        if "id" not in chat or "id" not in user or user.get("is_bot"):
            return None
        text = str(message.get("text") or message.get("caption") or "")
        if chat.get("type") in _GROUP_TYPES:
            # In groups chibo only explains, on /start, that it works in private chats.
            if not _is_start_for_us(text, self.bot_username):
                return None
            return _incoming(user, chat, key, now, text="/start", is_group=True)
        if chat.get("type") != "private":
            return None
        document = message.get("document") if isinstance(message.get("document"), dict) else None
        return _incoming(
            user,
            chat,
            key,
            now,
            text=text,
            file_id=str(document["file_id"]) if document and "file_id" in document else None,
            file_name=str(document.get("file_name") or "") or None if document else None,
        )

    async def _callback(self, query: JsonDict, key: str, now: datetime) -> Incoming | None:
        user = query.get("from") or {}
        message = query.get("message") if isinstance(query.get("message"), dict) else None
        if "id" not in user or message is None or "chat" not in message:
            return None
        chat = message["chat"]
        if chat.get("type") != "private":
            return None
        data = str(query.get("data") or "")
        value: str | None = None
        if len(data.encode("utf-8")) > MAX_CALLBACK_DATA:
            data = ""  # longer than Telegram allows: not a button of ours
        elif data.startswith(VALUE_PREFIX):
            value = data.removeprefix(VALUE_PREFIX)
        elif data.startswith(KEY_PREFIX):
            value = await self._load_long(data.removeprefix(KEY_PREFIX))
        # A button whose value is gone still reaches the core, which calls it stale.
        choice = value if value is not None else f"{EXPIRED_CHOICE}{data}"
        meta = {
            CALLBACK_ID: str(query.get("id", "")),
            MESSAGE_TEXT: str(message.get("text") or ""),
            HAS_TEXT: "1" if "text" in message else "",
            LABEL: _button_label(message, data),
        }
        pressed_on = str(message.get("message_id", "")) or None
        return _incoming(user, chat, key, now, choice=choice, message_ref=pressed_on, meta=meta)

    def _membership(self, event: JsonDict, key: str, now: datetime) -> Incoming | None:
        chat = event.get("chat") or {}
        user = event.get("from") or {}
        status = str((event.get("new_chat_member") or {}).get("status") or "")
        if chat.get("type") != "private" or "id" not in user or status not in {"kicked", "member"}:
            return None
        return _incoming(user, chat, key, now, meta={EVENT: MY_CHAT_MEMBER, STATUS: status})


def _incoming(user: JsonDict, chat: JsonDict, key: str, now: datetime, **fields: Any) -> Incoming:
    """The Incoming for an update from `user` in `chat`; `fields` say what it carries."""
    return Incoming(
        channel="telegram",
        user_id=str(user["id"]),
        chat_id=str(chat["id"]),
        update_key=key,
        received_at=now,
        display_name=display_name(user),
        **fields,
    )
