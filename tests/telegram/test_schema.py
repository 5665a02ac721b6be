"""The update schema chibo reads: wrong types and missing required fields are Malformed."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.json_body import Malformed
from bot.telegram.schema import check_update
from bot.telegram.updates import read_update

pytestmark = pytest.mark.unit

MESSAGE: dict[str, Any] = {
    "update_id": 10,
    "message": {
        "message_id": 3,
        "date": 1764460800,
        "from": {"id": 7, "is_bot": False, "first_name": "Lan"},
        "chat": {"id": 7, "type": "private", "first_name": "Lan"},
        "text": "xin chào",
    },
}
CALLBACK: dict[str, Any] = {
    "update_id": 11,
    "callback_query": {
        "id": "q1",
        "from": {"id": 7, "is_bot": False, "first_name": "Lan"},
        "chat_instance": "ci",
        "data": "c:yes",
        "message": {
            **MESSAGE["message"],
            "reply_markup": {"inline_keyboard": [[{"text": "Có", "callback_data": "c:yes"}]]},
        },
    },
}


def changed(update: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    result = copy.deepcopy(update)
    holder: Any = result
    for key in path[:-1]:
        holder = holder[key]
    if value is ...:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return result


def test_real_updates_pass_and_come_back_as_they_are() -> None:
    for update in (MESSAGE, CALLBACK):
        assert read_update(copy.deepcopy(update)) == update
    unknown = {**MESSAGE, "business_message": {"anything": [1, {"x": None}]}}
    check_update(unknown)  # fields chibo does not read are Telegram's to add


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("update_id",), "10"),
        (("update_id",), True),
        (("message",), []),
        (("message", "from"), 1.5),
        (("message", "chat"), []),
        (("message", "chat", "id"), "7"),
        (("message", "chat", "id"), 7.0),
        (("message", "chat", "type"), None),
        (("message", "chat"), ...),
        (("message", "message_id"), None),
        (("message", "from", "is_bot"), 0),
        (("message", "text"), 12),
        (("message", "document"), {"file_id": 5, "file_unique_id": "u"}),
        (("message", "entities"), [{"type": "bold", "offset": "0", "length": 2}]),
        (("message", "photo"), {"file_id": "p"}),
        (("message", "location"), {"latitude": "21.0", "longitude": 105.8}),
        (("message", "reply_to_message"), {"message_id": 1, "date": 0, "chat": {"id": True}}),
    ],
)
def test_wrong_types_and_missing_fields_are_malformed(path: tuple[str, ...], value: Any) -> None:
    with pytest.raises(Malformed):
        read_update(changed(MESSAGE, path, value))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("callback_query", "id"), 5),
        (("callback_query", "data"), ["c:yes"]),
        (("callback_query", "message", "reply_markup", "inline_keyboard"), [{"text": "x"}]),
        (("callback_query", "message", "reply_markup", "inline_keyboard", 0, 0, "text"), None),
        (("callback_query", "from"), ...),
    ],
)
def test_callback_queries_are_checked_to_the_button(
    path: tuple[str | int, ...], value: Any
) -> None:
    with pytest.raises(Malformed):
        read_update(changed(CALLBACK, path, value))


def test_ids_past_64_bits_are_malformed() -> None:
    with pytest.raises(Malformed, match="out of range"):
        read_update(changed(MESSAGE, ("message", "chat", "id"), 2**70))


def test_the_fields_of_what_people_send_pass() -> None:
    sent = changed(MESSAGE, ("message", "reply_to_message"), copy.deepcopy(MESSAGE["message"]))
    sent["message"]["entities"] = [{"type": "bold", "offset": 0, "length": 3}]
    sent["message"]["location"] = {"latitude": 21, "longitude": 105.85}
    sent["message"]["photo"] = [{"file_id": "p", "file_unique_id": "u", "width": 9, "height": 9}]
    assert read_update(sent) == sent


def test_deep_optional_nulls_are_absent_fields() -> None:
    read_update(changed(MESSAGE, ("message", "text"), None))
    read_update(changed(CALLBACK, ("callback_query", "message"), None))
