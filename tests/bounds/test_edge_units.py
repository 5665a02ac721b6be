"""The limits at the edge, without a database: bodies parsed or refused as Malformed, updates of
either platform read or refused, an incoming update cut to the limits."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.json_body import Malformed, parse_body
from bot.telegram.updates import UpdateReader, read_update
from bot.zalo.updates import check_event, read_event, unwrap
from core.limits import (
    EXPIRED_CHOICE,
    MAX_CHOICE_CHARS,
    MAX_JSON_DEPTH,
    MAX_NAME_CHARS,
    MAX_TABLE_ROWS,
    MAX_TABLE_UNPACKED_BYTES,
    MAX_TEXT_CHARS,
    MAX_YAML_CHARS,
    TOO_LONG,
    bounded,
    window_start,
)
from core.messages import Incoming
from tests.bounds.strategies import JSON_VALUES, bodies, deep, mutated

NOW = datetime(2026, 11, 30, 3, 0, 17, tzinfo=UTC)
TG_MESSAGE: dict[str, Any] = {
    "update_id": 10,
    "message": {
        "message_id": 3,
        "date": 1764470000,
        "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "Lan"},
        "text": "xin chào",
    },
}
TG_CALLBACK: dict[str, Any] = {
    "update_id": 11,
    "callback_query": {
        "id": "99",
        "chat_instance": "1",
        "from": {"id": 42, "is_bot": False, "first_name": "Lan"},
        "data": "c:held",
        "message": {
            "message_id": 4,
            "date": 1764470000,
            "chat": {"id": 42, "type": "private"},
            "text": "Chi bộ đã họp chưa?",
            "reply_markup": {"inline_keyboard": [[{"text": "Đã họp", "callback_data": "c:held"}]]},
        },
    },
}
ZALO_EVENT: dict[str, Any] = {
    "event_name": "message.text.received",
    "message": {
        "message_id": "m1",
        "date": 1764470000000,
        "from": {"id": "u1", "display_name": "Lan", "is_bot": False},
        "chat": {"id": "u1", "chat_type": "PRIVATE"},
        "text": "xin chào",
    },
}


async def no_long_values(key: str) -> str | None:
    return None


def test_deep_nesting_is_malformed_however_deep() -> None:
    assert parse_body(deep(MAX_JSON_DEPTH - 1)) is not None
    for depth in (MAX_JSON_DEPTH + 1, 5_000, 200_000):
        with pytest.raises(Malformed):
            parse_body(deep(depth))
        with pytest.raises(Malformed):
            parse_body(deep(depth, "{"))


def test_numbers_too_long_and_invalid_unicode_are_malformed() -> None:
    for raw in (b"9" * 5000, b'"\\ud800"', b'{"a": ["\\udc00"]}', b"\xff", b"{", b""):
        with pytest.raises(Malformed):
            parse_body(raw)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("message", "from"), 1.5),
        (("message", "chat"), []),
        (("message", "text"), 5),
        (("message", "chat", "id"), "abc"),
        (("message", "from", "id"), 2**64),
        (("update_id",), "10"),
        (("update_id",), True),
        (("message",), "hello"),
    ],
)
def test_telegram_fields_of_the_wrong_type_are_malformed(path: tuple[str, ...], value: Any) -> None:
    update = json.loads(json.dumps(TG_MESSAGE))
    holder = update
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    with pytest.raises(Malformed):
        read_update(update)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("message", "from"), 1.5),
        (("message", "chat"), []),
        (("message", "text"), 5),
        (("message", "from", "id"), 1.5),
        (("message", "from", "id"), {"a": 1}),
        (("message", "message_id"), [1]),
        (("message", "from", "is_bot"), "no"),
        (("message",), "hello"),
        (("event_name",), 3),
    ],
)
def test_zalo_fields_of_the_wrong_type_are_malformed(path: tuple[str, ...], value: Any) -> None:
    event = json.loads(json.dumps(ZALO_EVENT))
    holder = event
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    with pytest.raises(Malformed):
        check_event(event)


async def test_a_real_update_of_each_kind_is_read() -> None:
    reader = UpdateReader(no_long_values)
    message = await reader.incoming(read_update(TG_MESSAGE), NOW)
    assert message is not None and (message.user_id, message.text) == ("42", "xin chào")
    pressed = await reader.incoming(read_update(TG_CALLBACK), NOW)
    assert pressed is not None and pressed.choice == "held"
    check_event(ZALO_EVENT)
    event = read_event(ZALO_EVENT, NOW)
    assert event is not None and event.text == "xin chào"


async def test_callback_data_longer_than_telegram_allows_is_a_stale_button() -> None:
    update = json.loads(json.dumps(TG_CALLBACK))
    update["callback_query"]["data"] = "c:" + "x" * 100
    pressed = await UpdateReader(no_long_values).incoming(read_update(update), NOW)
    assert pressed is not None and pressed.choice == EXPIRED_CHOICE


def incoming(**fields: Any) -> Incoming:
    values: dict[str, Any] = {
        "channel": "telegram",
        "user_id": "1",
        "chat_id": "1",
        "update_key": "1",
        "received_at": NOW,
    }
    return Incoming(**{**values, **fields})


def test_bounded_drops_an_over_long_text_and_says_how_long_it_was() -> None:
    within = incoming(text="a" * MAX_TEXT_CHARS)
    assert bounded(within) is within
    over = bounded(incoming(text="a" * (MAX_TEXT_CHARS + 1), file_name="x.txt", file_id="f"))
    assert over.text == "" and over.file_id is None and over.meta[TOO_LONG] == "4097"
    cut = bounded(
        incoming(
            choice="c" * (MAX_CHOICE_CHARS + 1), display_name="n" * 1000, meta={"k": "v" * 10**5}
        )
    )
    assert cut.choice == EXPIRED_CHOICE and len(cut.display_name) == MAX_NAME_CHARS
    assert len(cut.meta["k"]) < 10**5


def test_nul_characters_are_removed() -> None:
    clean = bounded(incoming(text="a\x00b", display_name="L\x00an", choice="x\x00"))
    assert (clean.text, clean.display_name, clean.choice) == ("ab", "Lan", "x")


def test_a_display_name_holds_no_line_break_nor_invisible_character() -> None:
    forged = "Lan\n  1. Nhắc ngay\n  2. Thu hồi mọi mã mời\nTrả lời 1 hoặc 2.\n\u202eevil\u200b"
    name = bounded(incoming(display_name=forged)).display_name
    assert name == "Lan 1. Nhắc ngay 2. Thu hồi mọi mã mời Trả lời 1 hoặc 2. evil"
    plain = incoming(display_name="Nguyễn Thị Lan")
    assert bounded(plain) is plain  # nothing to change: the same message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_display_name_comes_out_printable_and_bounded(name: str) -> None:
    cleaned = bounded(incoming(display_name=name)).display_name
    assert cleaned.isprintable() or not cleaned.strip(" ")
    assert "\n" not in cleaned and len(cleaned) <= MAX_NAME_CHARS


def test_windows_are_fixed_minutes() -> None:
    start = window_start(NOW, timedelta(minutes=1))
    assert start == datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
    assert window_start(start + timedelta(seconds=59.9), timedelta(minutes=1)) == start


SAMPLES = [TG_MESSAGE, TG_CALLBACK, ZALO_EVENT]


@settings(max_examples=300, deadline=None)
@given(bodies(SAMPLES))
def test_any_body_is_parsed_or_malformed(raw: bytes) -> None:
    with contextlib.suppress(Malformed):
        parse_body(raw)


@settings(max_examples=300, deadline=None)
@given(st.one_of(mutated(SAMPLES), JSON_VALUES))
async def test_any_update_is_read_or_malformed_on_both_platforms(value: Any) -> None:
    reader = UpdateReader(no_long_values)
    with contextlib.suppress(Malformed):
        await reader.incoming(read_update(value), NOW)
    event = unwrap(value)
    if event is not None:
        try:
            check_event(event)
        except Malformed:
            return
        read_event(event, NOW)


def test_tables_of_figures_are_bounded_before_parsing() -> None:
    import io
    import zipfile

    from handlers.reporting.figures import (
        load_definitions_csv,
        load_definitions_xlsx,
        load_definitions_yaml,
    )

    def too_big(result: Any) -> bool:
        return any("too large" in error.message.msgid for error in result.errors)

    assert too_big(load_definitions_csv("key\n" + "a\n" * (MAX_TABLE_ROWS + 1)))
    assert too_big(load_definitions_yaml("x" * (MAX_YAML_CHARS + 1)))
    assert too_big(load_definitions_yaml("[" * 100_000))  # refused before PyYAML sees it
    assert load_definitions_yaml("figures:\n  - admissions\n").errors == ()
    laughs = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nfigures: [*c, *c]\n"
    assert load_definitions_yaml(laughs).errors  # aliases refused
    assert load_definitions_yaml("[" * 900).errors  # nesting within the limit: an error
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_TABLE_UNPACKED_BYTES + 1))
    assert too_big(load_definitions_xlsx(bomb.getvalue()))
