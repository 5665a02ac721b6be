"""Rendering core Replies for Telegram: escaping, splitting, buttons, callback data."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.api import ApiCall, Upload
from bot.telegram.render import (
    CALLBACK_DATA_LIMIT,
    TEXT_LIMIT,
    build_keyboard,
    choice_made_edit,
    choice_made_text,
    decode_choice,
    encode_choice,
    escape,
    remove_keyboard,
    render_reply,
    split_html,
    split_text,
    telegram_length,
)
from core.messages import Attachment, Choice, Reply


class LongValues:
    """An in-memory stand-in for the server-side map of long callback values."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def store(self, value: str) -> str:
        key = str(len(self.values) + 1)
        self.values[key] = value
        return key

    def load(self, key: str) -> str | None:
        return self.values.get(key)


def markup_of(call: ApiCall) -> list[list[dict[str, str]]]:
    markup = call.params.get("reply_markup")
    assert isinstance(markup, dict)
    rows: list[list[dict[str, str]]] = markup["inline_keyboard"]
    return rows


# ---------------------------------------------------------------- escaping and splitting


def test_escape_only_touches_html_specials() -> None:
    assert escape("Chi bộ <A> & \"B\" 'C'") == "Chi bộ &lt;A&gt; &amp; \"B\" 'C'"


def test_short_text_is_one_chunk() -> None:
    assert split_html("Xin chào\nđồng chí") == ["Xin chào\nđồng chí"]


def test_split_at_line_breaks() -> None:
    line = "a" * 3000
    assert split_html(f"{line}\n{line}\n{line}") == [line, line, line]
    assert split_html("x\n" + "b" * 4095) == ["x", "b" * 4095]
    assert split_html("b" * 4094 + "\nx") == ["b" * 4094 + "\nx"]


def test_long_line_splits_at_spaces_then_hard() -> None:
    words = " ".join(["từ"] * 3000)  # 8999 characters on one line
    chunks = split_html(words)
    assert all(len(c) <= TEXT_LIMIT for c in chunks)
    assert "".join(chunks) == words
    assert all(c.endswith(" ") for c in chunks[:-1])  # cut after a space, not inside a word
    assert split_html("x" * 5000) == ["x" * 4096, "x" * 904]


def test_short_line_shares_a_chunk_with_the_long_line_after_it() -> None:
    chunks = split_html("Tiêu đề\n" + "từ " * 3000)
    assert chunks[0].startswith("Tiêu đề\ntừ từ")
    assert len(chunks) == 3 and all(len(c) <= TEXT_LIMIT for c in chunks)


def test_escaping_never_cut_in_half() -> None:
    chunks = split_html("&" * 1000)
    assert chunks == ["&amp;" * 819, "&amp;" * 181]


def test_hard_split_keeps_combining_marks_with_their_letter() -> None:
    word = "a" * 4095 + "e\u0301\u0302" + "b"
    first, second = split_text(word)
    assert first == "a" * 4095
    assert second == "e\u0301\u0302b"


def test_limit_counts_utf16_units() -> None:
    emoji = "😀" * 3000  # 6000 UTF-16 units
    chunks = split_html(emoji)
    assert [telegram_length(c) for c in chunks] == [4096, 1904]


texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\n &<> \u0301😀"),
    ),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(text=texts, limit=st.integers(min_value=5, max_value=60))
def test_chunks_fit_and_give_back_the_escaped_text(text: str, limit: int) -> None:
    chunks = split_html(text, limit)
    escaped = escape(text)
    assert all(telegram_length(c) <= limit for c in chunks)
    assert all(len(c) <= limit for c in chunks)
    assert "".join(chunks).replace("\n", "") == escaped.replace("\n", "")
    dropped = escaped.count("\n") - "".join(chunks).count("\n")
    assert 0 <= dropped <= len(chunks) - 1
    for chunk in chunks:  # no entity cut in half
        assert escape(html.unescape(chunk)) == chunk


_LARGE_ALPHABET = st.sampled_from("ab &<\n\u0301😀")


@settings(max_examples=50, deadline=None)
@given(
    pieces=st.lists(
        st.text(alphabet=_LARGE_ALPHABET, min_size=1, max_size=40), min_size=1, max_size=8
    ),
    size=st.integers(min_value=4000, max_value=9000),
)
def test_real_limit_with_large_texts(pieces: list[str], size: int) -> None:
    """Texts of 4,000 to 9,000 characters made of a few drawn pieces repeated: drawing every
    character would exceed what hypothesis may draw for one example (its data_too_large)."""
    text = ""
    while len(text) < size:
        text += "".join(pieces)
    text = text[:size]
    chunks = split_html(text)
    assert all(len(c) <= TEXT_LIMIT and telegram_length(c) <= TEXT_LIMIT for c in chunks)
    assert "".join(chunks).replace("\n", "") == escape(text).replace("\n", "")


# ---------------------------------------------------------------- callback data


def test_short_values_travel_in_the_data() -> None:
    store = LongValues()
    assert encode_choice("yes", store.store) == "c:yes"
    assert encode_choice("", store.store) == "c:"
    assert store.values == {}


def test_long_values_go_through_the_map() -> None:
    store = LongValues()
    value = "Nghị quyết số 12-NQ/TW về xây dựng, chỉnh đốn Đảng"  # 50 chars, > 62 bytes
    data = encode_choice(value, store.store)
    assert data == "k:1"
    assert decode_choice(data, store.load) == value


def test_foreign_or_expired_data_decodes_to_none() -> None:
    store = LongValues()
    assert decode_choice("k:404", store.load) is None
    assert decode_choice("other", store.load) is None


def test_a_key_too_long_is_refused() -> None:
    with pytest.raises(ValueError, match="callback data"):
        encode_choice("x" * 100, lambda value: "k" * 63)


@settings(max_examples=500, deadline=None)
@given(value=st.text())
def test_callback_data_fits_and_round_trips(value: str) -> None:
    store = LongValues()
    data = encode_choice(value, store.store)
    assert 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    assert decode_choice(data, store.load) == value


# ---------------------------------------------------------------- keyboards and replies


def test_keyboard_layout_follows_label_length() -> None:
    store = LongValues()
    tiny = build_keyboard([Choice(str(n), str(n)) for n in range(1, 6)], store.store)
    assert tiny is not None and [len(r) for r in tiny["inline_keyboard"]] == [3, 2]
    short = build_keyboard([Choice("Có", "yes"), Choice("Không", "no")], store.store)
    assert short is not None and [len(r) for r in short["inline_keyboard"]] == [2]
    long = [Choice("Sinh hoạt thường kỳ", "regular"), Choice("Sinh hoạt chuyên đề", "topic")]
    rows = build_keyboard(long, store.store)
    assert rows is not None and [len(r) for r in rows["inline_keyboard"]] == [1, 1]
    assert rows["inline_keyboard"][1][0] == {
        "text": "Sinh hoạt chuyên đề",
        "callback_data": "c:topic",
    }
    assert build_keyboard([], store.store) is None


def test_text_reply_with_choices() -> None:
    reply = Reply("Chi bộ <A> họp chưa?", choices=(Choice("Rồi", "yes"), Choice("Chưa", "no")))
    [call] = render_reply(42, reply, LongValues().store)
    assert call.method == "sendMessage" and call.upload is None
    assert call.params["chat_id"] == 42
    assert call.params["text"] == "Chi bộ &lt;A&gt; họp chưa?"
    assert call.params["parse_mode"] == "HTML"
    assert markup_of(call)[0][1]["callback_data"] == "c:no"


def test_buttons_ride_on_the_last_chunk() -> None:
    text = "\n".join(["dòng " * 500] * 3)
    calls = render_reply(1, Reply(text, choices=(Choice("OK", "ok"),)), LongValues().store)
    assert len(calls) == 3
    assert ["reply_markup" not in c.params for c in calls] == [True, True, False]


def test_attachment_with_short_text_is_one_captioned_file() -> None:
    file = Attachment("Báo cáo.xlsx", b"PK", "application/vnd.ms-excel")
    [call] = render_reply(1, Reply("Tổng hợp quý 4 & 2026", attachment=file), LongValues().store)
    assert call.method == "sendDocument"
    assert call.upload == Upload("document", "Báo cáo.xlsx", b"PK", "application/vnd.ms-excel")
    assert call.params["caption"] == "Tổng hợp quý 4 &amp; 2026"
    assert call.params["parse_mode"] == "HTML"


def test_photo_with_choices_goes_first_then_text_with_buttons() -> None:
    chart = Attachment("bieu-do.png", b"\x89PNG", "image/png", kind="photo")
    reply = Reply("Xem tiếp?", choices=(Choice("Có", "yes"),), attachment=chart)
    photo, text = render_reply(1, reply, LongValues().store)
    assert photo.method == "sendPhoto" and photo.upload is not None
    assert photo.upload.field == "photo" and photo.params == {"chat_id": 1}
    assert text.method == "sendMessage" and "reply_markup" in text.params


def test_long_text_then_file_without_caption() -> None:
    file = Attachment("a.docx", b"x", "application/octet-stream")
    calls = render_reply(1, Reply("x" * 2000, attachment=file), LongValues().store)
    assert [c.method for c in calls] == ["sendMessage", "sendDocument"]


def test_file_alone_carries_the_buttons() -> None:
    file = Attachment("a.docx", b"x", "application/octet-stream")
    reply = Reply("", choices=(Choice("OK", "ok"),), attachment=file)
    [call] = render_reply(1, reply, LongValues().store)
    assert call.method == "sendDocument" and "reply_markup" in call.params


def test_empty_reply_is_refused() -> None:
    with pytest.raises(ValueError, match="text or an attachment"):
        render_reply(1, Reply("  \n "), LongValues().store)


# ---------------------------------------------------------------- after a choice


def test_choice_made_text() -> None:
    assert (
        choice_made_text("Họp chưa? <1>", "Rồi & xong") == "Họp chưa? &lt;1&gt;\n\n✓ Rồi &amp; xong"
    )


def test_choice_made_text_stays_within_the_limit() -> None:
    text = choice_made_text("&" * 4096, "Có")
    assert telegram_length(text) <= TEXT_LIMIT
    assert text.endswith("…\n\n✓ Có")
    assert escape(html.unescape(text)) == text


def test_choice_made_edit_drops_the_buttons() -> None:
    edit = choice_made_edit(42, 7, "Họp chưa?", "Rồi")
    assert edit.method == "editMessageText" and "reply_markup" not in edit.params
    assert (edit.params["chat_id"], edit.params["message_id"]) == (42, 7)
    assert edit.params["text"] == "Họp chưa?\n\n✓ Rồi" and edit.params["parse_mode"] == "HTML"
    removal = remove_keyboard(42, 7)
    assert removal == ApiCall("editMessageReplyMarkup", {"chat_id": 42, "message_id": 7})
