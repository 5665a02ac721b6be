"""Turn Zalo events (JSON dicts, bare or wrapped in {"ok": true, "result": …}) into the core's
Incoming, or None for what chibo ignores.

Zalo has no update offsets: the same event can come back, so the event's message id is the
inbox key and a redelivery is stored once. Text goes to the conversations; an image, a sticker,
a voice message or content Zalo does not pass on ("unsupported") arrives as an empty message,
which the core answers with a short note that the bot reads text only.

`check_event` refuses an event whose known fields have the wrong type ("from": 1.5, "chat": [],
a number as text, an id that is neither text nor a whole number): it is Malformed, so the
webhook answers 400 and the poller skips it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from bot.json_body import Malformed
from core.messages import Incoming

JsonDict = dict[str, Any]
TEXT_EVENT: Final = "message.text.received"
OTHER_EVENTS: Final = frozenset(
    {
        "message.image.received",
        "message.sticker.received",
        "message.voice.received",
        "message.unsupported.received",
        "message.file.received",
        "message.video.received",
        "message.link.received",
        "message.location.received",
    }
)
EVENT_KIND: Final = "zalo_event"
_ID_CHARS: Final = 64
_NAME_CHARS: Final = 128


def unwrap(body: Any) -> JsonDict | None:
    """The event itself, whether it came bare or as {"ok": true, "result": event}."""
    if not isinstance(body, dict):
        return None
    if "event_name" not in body and isinstance(body.get("result"), dict):
        body = body["result"]
    return body if isinstance(body.get("event_name"), str) else None


_TEXT: Final = (str,)
_ID: Final = (str, int)
_PERSON_FIELDS: Final[dict[str, tuple[type, ...]]] = {
    "id": _ID,
    "display_name": _TEXT,
    "name": _TEXT,
    "first_name": _TEXT,
    "last_name": _TEXT,
    "is_bot": (bool,),
    "chat_type": _TEXT,
    "type": _TEXT,
}
_MESSAGE_FIELDS: Final[dict[str, tuple[type, ...]]] = {
    "message_id": _ID,
    "text": _TEXT,
    "date": (int,),
    "from": (dict,),
    "chat": (dict,),
}


def check_event(event: JsonDict) -> None:
    """Malformed when a field chibo reads has a type Zalo never sends (None counts as absent)."""
    if not isinstance(event.get("event_name"), str):
        raise Malformed("no event name")
    message = event.get("message")
    if message is None:
        return
    if not isinstance(message, dict):
        raise Malformed("the message is not an object")
    _check_fields(message, _MESSAGE_FIELDS)
    for part in ("from", "chat"):
        if isinstance(message.get(part), dict):
            _check_fields(message[part], _PERSON_FIELDS)


def _check_fields(holder: JsonDict, types: dict[str, tuple[type, ...]]) -> None:
    for key, allowed in types.items():
        value = holder.get(key)
        if value is None:
            continue
        if isinstance(value, bool) and bool not in allowed:
            raise Malformed(f"{key}: a boolean")
        if not isinstance(value, allowed):
            raise Malformed(f"{key}: {type(value).__name__}")


def display_name(user: JsonDict) -> str:
    """`display_name`, or `first_name` (+ `last_name`), or `name`: copies of the docs differ."""
    for key in ("display_name", "name"):
        value = user.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:_NAME_CHARS]
    parts = [str(user.get("first_name") or ""), str(user.get("last_name") or "")]
    return " ".join(p for p in parts if p).strip()[:_NAME_CHARS]


def read_event(body: Any, now: datetime) -> Incoming | None:
    """The Incoming for one event, or None (not a message to us, a bot, malformed). A group's
    message comes with no text, marked `is_group`."""
    event = unwrap(body)
    if event is None:
        return None
    name = str(event["event_name"])
    message = event.get("message")
    if not isinstance(message, dict):
        return None
    user: JsonDict = message["from"] if isinstance(message.get("from"), dict) else {}
    chat: JsonDict = message["chat"] if isinstance(message.get("chat"), dict) else {}
    user_id, chat_id = _id(user.get("id")), _id(chat.get("id"))
    message_id = _id(message.get("message_id"))
    if not user_id or not message_id or user.get("is_bot"):
        return None
    chat_type = str(chat.get("chat_type") or chat.get("type") or "PRIVATE").upper()
    if chat_type != "PRIVATE":
        # The cell bot talks to people one to one: a group (Zalo passes on only what mentions
        # the bot) is told where to write, and its text is never read (bot/zalo/groups.py).
        if not chat_id or not name.startswith("message."):
            return None
        return Incoming(
            channel="zalo",
            user_id=user_id,
            chat_id=chat_id,
            update_key=f"m:{message_id}",
            received_at=now,
            text="",
            display_name=display_name(user),
            is_group=True,
        )
    if name == TEXT_EVENT:
        text = message.get("text")
        if not isinstance(text, str):
            return None
    elif name in OTHER_EVENTS or name.startswith("message."):
        text = ""  # not text: the core says, briefly, that the bot reads text only
    else:
        return None
    return Incoming(
        channel="zalo",
        user_id=user_id,
        chat_id=chat_id or user_id,
        update_key=f"m:{message_id}",
        received_at=now,
        text=text,
        display_name=display_name(user),
        meta={EVENT_KIND: name} if name != TEXT_EVENT else {},
    )


def _id(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    text = str(value).strip()
    return text if 0 < len(text) <= _ID_CHARS else ""
