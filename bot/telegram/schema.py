"""The part of Telegram's update schema that chibo reads, checked without recursion.

Each object lists its fields and their types as the Bot API documents them; required fields
are marked (null counts as absent). A field we know with a value of the wrong type (`"from":
1.5`, `"chat": []`, an id given as text, `true` for a number) makes the update Malformed. The
fields of a message that people send (texts, entities, files, photos, contacts, replies) are
listed whether chibo reads them or not; others pass unchecked, as Telegram adds new ones over
time. The work is linear in the update's size: nesting is followed with a stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from bot.json_body import Malformed


@dataclass(frozen=True)
class Shape:
    """An object: its known fields (a Python type, a nested Shape, or a list of either)."""

    fields: dict[str, Any]
    required: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ListOf:
    """A JSON array whose items all have the type `item`."""

    item: Any


@dataclass(frozen=True)
class Ref:
    """A shape named before it is defined (a message that replies to a message)."""

    name: str


NUMBER: Final = "number"  # an integer or a float, never a boolean


USER: Final = Shape(
    {
        "id": int,
        "is_bot": bool,
        "first_name": str,
        "last_name": str,
        "username": str,
        "language_code": str,
    },
    frozenset({"id", "is_bot", "first_name"}),
)
CHAT: Final = Shape(
    {"id": int, "type": str, "title": str, "username": str, "first_name": str, "last_name": str},
    frozenset({"id", "type"}),
)
BUTTON: Final = Shape({"text": str, "callback_data": str, "url": str}, frozenset({"text"}))
KEYBOARD: Final = Shape({"inline_keyboard": ListOf(ListOf(BUTTON))}, frozenset({"inline_keyboard"}))
DOCUMENT: Final = Shape(
    {
        "file_id": str,
        "file_unique_id": str,
        "file_name": str,
        "mime_type": str,
        "file_size": int,
    },
    frozenset({"file_id", "file_unique_id"}),
)
ENTITY: Final = Shape(
    {"type": str, "offset": int, "length": int, "url": str, "user": USER, "language": str},
    frozenset({"type", "offset", "length"}),
)
FILE: Final = Shape(
    {"file_id": str, "file_unique_id": str, "file_size": int, "width": int, "height": int},
    frozenset({"file_id", "file_unique_id"}),
)
MEDIA: Final = Shape(
    {
        "file_id": str,
        "file_unique_id": str,
        "file_size": int,
        "file_name": str,
        "mime_type": str,
        "duration": int,
        "width": int,
        "height": int,
    },
    frozenset({"file_id", "file_unique_id"}),
)
CONTACT: Final = Shape(
    {"phone_number": str, "first_name": str, "last_name": str, "user_id": int},
    frozenset({"phone_number", "first_name"}),
)
LOCATION: Final = Shape(
    {"latitude": NUMBER, "longitude": NUMBER}, frozenset({"latitude", "longitude"})
)
MESSAGE: Final = Shape(
    {
        "message_id": int,
        "message_thread_id": int,
        "date": int,
        "edit_date": int,
        "from": USER,
        "sender_chat": CHAT,
        "chat": CHAT,
        "via_bot": USER,
        "forward_from": USER,
        "forward_from_chat": CHAT,
        "forward_date": int,
        "reply_to_message": Ref("message"),
        "pinned_message": Ref("message"),
        "media_group_id": str,
        "text": str,
        "entities": ListOf(ENTITY),
        "caption": str,
        "caption_entities": ListOf(ENTITY),
        "document": DOCUMENT,
        "photo": ListOf(FILE),
        "sticker": MEDIA,
        "voice": MEDIA,
        "audio": MEDIA,
        "video": MEDIA,
        "video_note": MEDIA,
        "animation": MEDIA,
        "contact": CONTACT,
        "location": LOCATION,
        "new_chat_members": ListOf(USER),
        "left_chat_member": USER,
        "reply_markup": KEYBOARD,
    },
    frozenset({"message_id", "date", "chat"}),
)
_NAMED: Final = {"message": MESSAGE}
CALLBACK_QUERY: Final = Shape(
    {
        "id": str,
        "from": USER,
        "message": MESSAGE,
        "chat_instance": str,
        "data": str,
        "inline_message_id": str,
    },
    frozenset({"id", "from", "chat_instance"}),
)
MEMBER: Final = Shape({"status": str, "user": USER}, frozenset({"status", "user"}))
CHAT_MEMBER_UPDATED: Final = Shape(
    {
        "chat": CHAT,
        "from": USER,
        "date": int,
        "old_chat_member": MEMBER,
        "new_chat_member": MEMBER,
    },
    frozenset({"chat", "from", "date", "old_chat_member", "new_chat_member"}),
)
UPDATE: Final = Shape(
    {
        "update_id": int,
        "message": MESSAGE,
        "edited_message": MESSAGE,
        "channel_post": MESSAGE,
        "edited_channel_post": MESSAGE,
        "callback_query": CALLBACK_QUERY,
        "my_chat_member": CHAT_MEMBER_UPDATED,
        "chat_member": CHAT_MEMBER_UPDATED,
    },
    frozenset({"update_id"}),
)


def check_update(update: Any) -> None:
    """Malformed unless `update` fits the schema above (what it does not list passes)."""
    stack: list[tuple[Any, Any, str]] = [(update, UPDATE, "update")]
    while stack:
        value, expected, where = stack.pop()
        if isinstance(expected, Ref):
            expected = _NAMED[expected.name]
        if isinstance(expected, Shape):
            if not isinstance(value, dict):
                raise Malformed(f"{where} is not an object")
            missing = [name for name in expected.required if value.get(name) is None]
            if missing:
                raise Malformed(f"{where} lacks {sorted(missing)[0]}")
            for name, kind in expected.fields.items():
                if name in value and value[name] is not None:
                    stack.append((value[name], kind, name))
        elif isinstance(expected, ListOf):
            if not isinstance(value, list):
                raise Malformed(f"{where} is not a list")
            stack.extend((item, expected.item, where) for item in value)
        elif expected is int:
            if not isinstance(value, int) or isinstance(value, bool):
                raise Malformed(f"{where} is not an integer")
        elif expected == NUMBER:
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise Malformed(f"{where} is not a number")
        elif not isinstance(value, expected):
            raise Malformed(f"{where} is not {expected.__name__}")
