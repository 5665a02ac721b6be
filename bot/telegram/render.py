"""Turn core Replies into Telegram Bot API calls: HTML escaping, splitting, buttons, files.

Callback data format (at most 64 bytes of UTF-8, Telegram's limit):
  ``c:<value>``  the choice value itself, when it fits and is printable;
  ``k:<key>``    a key into a server-side map, from ``store_long(value)``, for the rest.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Final

from bot.telegram.api import ApiCall, Upload
from core.messages import Attachment, Choice, Reply

TEXT_LIMIT: Final = 4096
CAPTION_LIMIT: Final = 1024
CALLBACK_DATA_LIMIT: Final = 64
PHOTO_SIZE_LIMIT: Final = 10 * 1024 * 1024
VALUE_PREFIX: Final = "c:"
KEY_PREFIX: Final = "k:"
CHOSEN_MARK: Final = "✓"
ELLIPSIS: Final = "…"

HTML: Final = "HTML"
Keyboard = dict[str, Any]  # {"inline_keyboard": [[{"text": ..., "callback_data": ...}]]}
ChatId = int | str
StoreLong = Callable[[str], str]
LoadLong = Callable[[str], str | None]

_ESCAPES: Final = {"&": 5, "<": 4, ">": 4}
_TOKEN_RE: Final = re.compile(r"\s*\S+\s*|\s+")
_SHORT_LABEL: Final = 6
_MEDIUM_LABEL: Final = 16


def escape(text: str) -> str:
    """Escape text for parse_mode HTML: only &, < and > need it outside tags."""
    return html.escape(text, quote=False)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _cost(char: str) -> int:
    """How much one raw character weighs once escaped, in UTF-16 code units."""
    return _ESCAPES.get(char, 2 if ord(char) > 0xFFFF else 1)


def _text_cost(text: str) -> int:
    """The sum of `_cost` over the characters of `text`, counted without a Python loop."""
    return telegram_length(text) + 4 * text.count("&") + 3 * (text.count("<") + text.count(">"))


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split raw text into pieces whose escaped length is at most `limit`.

    Splits fall at line breaks (the newline is dropped), a line longer than the limit is
    split after spaces, and a word longer than the limit is split hard (never before a
    combining mark). Joining the pieces with the dropped newlines gives back `text`.
    """
    if limit < max(_ESCAPES.values()):
        raise ValueError("limit too small")
    chunks: list[str] = []
    current: list[str] | None = None
    current_cost = 0
    for line in text.split("\n"):
        cost = _text_cost(line)
        if cost > limit:
            room = limit if current is None else limit - current_cost - 1
            first, *rest = _split_line(line, limit, room)
            head = [*(current or []), first] if first else (current or [])
            if head:
                chunks.append("\n".join(head))
            chunks.extend(rest[:-1])
            current, current_cost = [rest[-1]], _text_cost(rest[-1])
        elif current is None:
            current, current_cost = [line], cost
        elif current_cost + 1 + cost <= limit:
            current.append(line)
            current_cost += 1 + cost
        else:
            chunks.append("\n".join(current))
            current, current_cost = [line], cost
    if current is not None:
        chunks.append("\n".join(current))
    return chunks


def _split_line(line: str, limit: int, room: int) -> list[str]:
    """Pieces of an over-long line: the first fits in `room` (it may be empty), the rest
    in `limit`; there are always at least two."""
    pieces: list[str] = []
    current = ""
    current_cost = 0
    capacity = room
    for token in _TOKEN_RE.findall(line):
        cost = _text_cost(token)
        if current_cost + cost <= capacity:
            current += token
            current_cost += cost
            continue
        if current or not pieces:
            pieces.append(current)
        capacity = limit
        if cost <= limit:
            current, current_cost = token, cost
        else:
            *done, current = _split_hard(token, limit)
            pieces.extend(done)
            current_cost = _text_cost(current)
    pieces.append(current)
    return pieces


def _split_hard(word: str, limit: int) -> list[str]:
    pieces: list[str] = []
    start = 0
    cost = 0
    for index, char in enumerate(word):
        weight = _cost(char)
        if cost + weight > limit:
            cut = index
            while cut > start + 1 and unicodedata.combining(word[cut]):
                cut -= 1
            if _text_cost(word[cut:index]) + weight > limit:
                cut = index
            pieces.append(word[start:cut])
            start = cut
            cost = _text_cost(word[start:index])
        cost += weight
    pieces.append(word[start:])
    return pieces


def split_html(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Escape `text` for HTML and split it into messages of at most `limit` characters."""
    return [escape(piece) for piece in split_text(text, limit)]


def _fits(data: str) -> bool:
    try:
        size = len(data.encode("utf-8"))
    except UnicodeEncodeError:
        return False
    return 1 <= size <= CALLBACK_DATA_LIMIT


def _printable(value: str) -> bool:
    return not any(unicodedata.category(char) in {"Cc", "Cs"} for char in value)


def encode_choice(value: str, store_long: StoreLong) -> str:
    """Callback data for a choice: ``c:<value>`` if it fits in 64 bytes, else ``k:<key>``."""
    data = VALUE_PREFIX + value
    if _fits(data) and _printable(value):
        return data
    data = KEY_PREFIX + store_long(value)
    if not _fits(data):
        raise ValueError("store_long returned a key that does not fit in callback data")
    return data


def decode_choice(data: str, load_long: LoadLong) -> str | None:
    """The choice value carried by callback data, or None if it is foreign or expired."""
    if data.startswith(VALUE_PREFIX):
        return data.removeprefix(VALUE_PREFIX)
    if data.startswith(KEY_PREFIX):
        return load_long(data.removeprefix(KEY_PREFIX))
    return None


def _columns(labels: Sequence[str]) -> int:
    longest = max(len(label) for label in labels)
    if longest <= _SHORT_LABEL and len(labels) >= 3:
        return 3
    if longest <= _MEDIUM_LABEL:
        return 2
    return 1


def build_keyboard(choices: Sequence[Choice], store_long: StoreLong) -> Keyboard | None:
    """One button per choice: three a row for very short labels, two for short, else one."""
    if not choices:
        return None
    labels = [choice.label.strip() or choice.value or ELLIPSIS for choice in choices]
    buttons = [
        {"text": label, "callback_data": encode_choice(choice.value, store_long)}
        for label, choice in zip(labels, choices, strict=True)
    ]
    width = _columns(labels)
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    return {"inline_keyboard": rows}


def _file_call(
    chat_id: ChatId,
    attachment: Attachment,
    caption: str | None,
    markup: Keyboard | None,
) -> ApiCall:
    as_photo = attachment.kind == "photo" and len(attachment.content) <= PHOTO_SIZE_LIMIT
    field = "photo" if as_photo else "document"
    params: dict[str, Any] = {"chat_id": chat_id}
    if caption:
        params.update(caption=caption, parse_mode=HTML)
    if markup is not None:
        params["reply_markup"] = markup
    upload = Upload(field, attachment.filename, attachment.content, attachment.mime_type)
    return ApiCall("sendPhoto" if as_photo else "sendDocument", params, upload)


def _text_calls(chat_id: ChatId, chunks: Sequence[str], markup: Keyboard | None) -> list[ApiCall]:
    last = len(chunks) - 1
    calls: list[ApiCall] = []
    for index, chunk in enumerate(chunks):
        params: dict[str, Any] = {"chat_id": chat_id, "text": chunk, "parse_mode": HTML}
        if markup is not None and index == last:
            params["reply_markup"] = markup
        calls.append(ApiCall("sendMessage", params))
    return calls


def render_reply(chat_id: ChatId, reply: Reply, store_long: StoreLong) -> list[ApiCall]:
    """The calls that deliver `reply`, in order; send each with ``await api(call)``.

    Text goes as HTML-escaped messages of at most 4096 characters; the buttons ride on the
    last message. An attachment with a short text and no choices is one file message with
    the text as caption; with choices the file comes first and the text with buttons after;
    otherwise the text comes first and the file (no caption) after. Raises ValueError for a
    reply with neither text nor attachment.
    """
    chunks = [chunk for chunk in split_html(reply.text) if chunk.strip()]
    markup = build_keyboard(reply.choices, store_long)
    attachment = reply.attachment
    if attachment is None:
        if not chunks:
            raise ValueError("a reply needs text or an attachment")
        return _text_calls(chat_id, chunks, markup)
    if not chunks:
        return [_file_call(chat_id, attachment, None, markup)]
    if len(chunks) == 1 and markup is None and telegram_length(chunks[0]) <= CAPTION_LIMIT:
        return [_file_call(chat_id, attachment, chunks[0], None)]
    file_call = _file_call(chat_id, attachment, None, None)
    if markup is not None:
        return [file_call, *_text_calls(chat_id, chunks, markup)]
    return [*_text_calls(chat_id, chunks, None), file_call]


def _truncate(text: str, budget: int) -> str:
    """Raw text cut so that, escaped and with an ellipsis, it costs at most `budget`."""
    if _text_cost(text) <= budget:
        return text
    kept: list[str] = []
    cost = _cost(ELLIPSIS)
    for char in text:
        cost += _cost(char)
        if cost > budget:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS


def choice_made_text(original_text: str, label: str) -> str:
    """HTML for a question once answered: "<original>\\n\\n✓ <label>", within 4096.

    `original_text` is the message text as Telegram returns it (entities stripped), which
    for our messages is exactly the raw text we escaped.
    """
    mark = escape(f"{CHOSEN_MARK} {_truncate(label.strip(), 200)}")
    budget = TEXT_LIMIT - telegram_length(mark) - 2
    body = escape(_truncate(original_text.rstrip(), budget))
    return f"{body}\n\n{mark}" if body.strip() else mark


def choice_made_edit(chat_id: ChatId, message_id: int, original_text: str, label: str) -> ApiCall:
    """Edit the question to show the chosen label; sending no markup removes the buttons.

    For a message without text (a file carrying buttons), use `remove_keyboard` instead.
    """
    text = choice_made_text(original_text, label)
    params = {"chat_id": chat_id, "message_id": message_id, "text": text, "parse_mode": HTML}
    return ApiCall("editMessageText", params)


def remove_keyboard(chat_id: ChatId, message_id: int) -> ApiCall:
    """Take the buttons off a message and leave its content as it is."""
    return ApiCall("editMessageReplyMarkup", {"chat_id": chat_id, "message_id": message_id})
