"""The size and rate limits on what people and platforms send, in one place (docs/limits.md says
why each is what it is).

The limits on bodies and messages are checked where an update is first taken (the webhook
routes, the pollers and the inbox intake), before any handler runs: a body over a limit is
refused with a 4xx, a text over a limit reaches the conversation core only as a flag, so that it
answers with one short message and does no other work. The rates are counted in the database
(services/costly.py, handlers/invites.py, the intake), the table limits where a table of figures
is read (handlers/reporting/figures.py). The plan search and the plan import keep their own limits in
knowledge/limits.py; numbers typed in chat in handlers/reporting/numbers.py and
handlers/choices.py.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Final

from core.messages import Incoming

# Bodies (bytes) and JSON shape.
MAX_TELEGRAM_BODY: Final = 2 * 1024 * 1024  # the web server's cap (bot/web.py): 413 above it
MAX_ZALO_BODY: Final = 64 * 1024  # a Zalo event is a few hundred bytes; a 2,000-char text ~8 KB
MAX_JSON_DEPTH: Final = 32  # a real update nests at most ~12 levels (a reply to a message…)

# One message (characters).
MAX_TEXT_CHARS: Final = 4096  # Telegram's own limit on a message; Zalo's is 2,000
MAX_CHOICE_CHARS: Final = 256  # a button's value (Telegram's callback_data is ≤ 64 bytes)
MAX_CALLBACK_DATA: Final = 64  # bytes, as Telegram sends them
MAX_NAME_CHARS: Final = 128  # a person's display name
MAX_FILE_NAME_CHARS: Final = 255
MAX_META_CHARS: Final = 4096  # each platform detail kept with an update (a pressed message's text)

# A table of figure definitions sent in chat (.xlsx, .csv, .yaml): one row per figure.
MAX_TABLE_BYTES: Final = 1024 * 1024
MAX_YAML_CHARS: Final = 64 * 1024  # PyYAML reads ~60 KB/s on a loaded core: 1,000 rows take 50 KB
MAX_TABLE_UNPACKED_BYTES: Final = 10 * 1024 * 1024  # an .xlsx is a zip: what it may unpack to
MAX_TABLE_ROWS: Final = 1000
MAX_TABLE_COLUMNS: Final = 50

# Rates, per chat (one person in a private chat), counted in the inbox: any instance sees them.
MESSAGES_PER_WINDOW: Final = 30
MESSAGE_WINDOW: Final = timedelta(minutes=1)

# Costly commands, per account and command, counted in the database.
COSTLY_PER_WINDOW: Final = 5
COSTLY_WINDOW: Final = timedelta(minutes=10)

# Wrong invite codes across every account (the per-person lockout is in handlers/invites.py).
GLOBAL_WRONG_CODES: Final = 20
GLOBAL_WRONG_CODES_WINDOW: Final = timedelta(minutes=1)

# Flags the intake sets in Incoming.meta for the conversation core.
TOO_LONG: Final = "too_long"  # the text was over MAX_TEXT_CHARS: its length, the text dropped
RATE_LIMITED: Final = "rate_limited"  # the first message over the rate: when the window ends
EXPIRED_CHOICE: Final = "~expired~"  # a pressed value that cannot be ours: a stale button


def window_start(now: datetime, window: timedelta) -> datetime:
    """The start of the fixed window `now` falls in (windows aligned on the epoch)."""
    epoch = datetime(1970, 1, 1, tzinfo=now.tzinfo)
    return now - (now - epoch) % window


def bounded(incoming: Incoming) -> Incoming:
    """`incoming` within the limits: an over-long text is dropped and flagged (the core says so),
    a pressed value too long to be one of ours is a stale button, names and details are cut, and
    NUL characters (which no client shows and PostgreSQL cannot store in text) are removed."""
    if _has_nul(incoming):
        incoming = replace(
            incoming,
            text=incoming.text.replace("\x00", ""),
            choice=incoming.choice.replace("\x00", "") if incoming.choice is not None else None,
            display_name=incoming.display_name.replace("\x00", ""),
            file_name=incoming.file_name.replace("\x00", "") if incoming.file_name else None,
            meta={key: value.replace("\x00", "") for key, value in incoming.meta.items()},
        )
    changes: dict[str, object] = {}
    meta = incoming.meta
    if len(incoming.text) > MAX_TEXT_CHARS:
        changes["text"] = ""
        changes["file_name"] = None
        changes["file_id"] = None
        meta = {**meta, TOO_LONG: str(len(incoming.text))}
    if incoming.choice is not None and len(incoming.choice) > MAX_CHOICE_CHARS:
        changes["choice"] = EXPIRED_CHOICE
    name = clean_name(incoming.display_name)
    if name != incoming.display_name:
        changes["display_name"] = name
    if incoming.file_name is not None and len(incoming.file_name) > MAX_FILE_NAME_CHARS:
        changes["file_name"] = incoming.file_name[-MAX_FILE_NAME_CHARS:]
    if any(len(value) > MAX_META_CHARS for value in meta.values()):
        meta = {key: value[:MAX_META_CHARS] for key, value in meta.items()}
    if meta is not incoming.meta:
        changes["meta"] = meta
    return replace(incoming, **changes) if changes else incoming  # type: ignore[arg-type]


def clean_name(name: str) -> str:
    """A display name as others may read it in a list: line breaks, tabs, direction overrides
    and other invisible characters become one space ("Lan\n1. Nhắc ngay" would read as a
    choice in an officer's list), cut to `MAX_NAME_CHARS`."""
    if name.isprintable() and "  " not in name and name == name.strip():
        return name[:MAX_NAME_CHARS]
    visible = "".join(
        " " if unicodedata.category(char) in _HIDDEN or char.isspace() else char for char in name
    )
    return " ".join(visible.split())[:MAX_NAME_CHARS]


# control, format (direction overrides, zero-width), surrogate, private and unassigned
# characters, line and paragraph separators
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _has_nul(incoming: Incoming) -> bool:
    texts = [incoming.text, incoming.choice or "", incoming.display_name, incoming.file_name or ""]
    return any("\x00" in text for text in (*texts, *incoming.meta.values()))
