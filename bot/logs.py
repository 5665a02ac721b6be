"""How chibo logs: readable lines or JSON lines, the update in hand on every line, secrets masked.

`configure_logging` is called once by the command line. Every record passes through
`UpdateContext` (the key of the update being handled, from a context variable the inbox worker
sets, so each line of one update's handling carries it) and is formatted, traceback included,
then masked by `Redactor`: the bot tokens, the webhook secret and CHIBO_SECRET_KEY (given by
value), and anything shaped like a Telegram token or an invite code, become "***". Message
texts are never put in log lines by chibo's code; the libraries that could log a URL with the
token in it (httpx, httpcore) are kept to warnings.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

from handlers.invites import ALPHABET, CODE_LENGTH

MASK = "***"
current_update: ContextVar[str | None] = ContextVar("chibo_update", default=None)
# A Telegram bot token ("123456789:AA…", 35 characters after the colon), alone or in a URL.
_TELEGRAM_TOKEN = r"\d{5,}:[A-Za-z0-9_-]{30,}"
# An invite code: 13 characters of the code alphabet standing alone (digits alone are ids).
_CODE_CHARS = re.escape(ALPHABET)
_INVITE_CODE = (
    rf"(?<![A-Za-z0-9])(?=[{_CODE_CHARS}]*[A-Z])[{_CODE_CHARS}]{{{CODE_LENGTH}}}(?![A-Za-z0-9])"
)
QUIET_LIBRARIES = ("httpx", "httpcore", "aiohttp.access", "apscheduler")


@contextmanager
def handling(update_key: str) -> Iterator[None]:
    """Lines logged inside carry `update_key` (the worker wraps each update's handling)."""
    token = current_update.set(update_key)
    try:
        yield
    finally:
        current_update.reset(token)


class UpdateContext(logging.Filter):
    """Puts the update in hand (or "-") on the record as `update`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update = current_update.get() or "-"
        return True


class Redactor:
    """Masks known secrets and token- or code-shaped strings in finished log text."""

    def __init__(self, secrets: Sequence[str] = ()) -> None:
        known = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)
        parts = [re.escape(secret) for secret in known] + [_TELEGRAM_TOKEN, _INVITE_CODE]
        self._pattern = re.compile("|".join(parts))

    def __call__(self, text: str) -> str:
        return self._pattern.sub(MASK, text)


class TextFormatter(logging.Formatter):
    """`2026-11-30 05:30:00,123 INFO bot.worker [telegram:42]: message`, masked."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(update)s]: %(message)s")
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self._redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, update, message, exc."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "update": getattr(record, "update", None)
            if getattr(record, "update", "-") != "-"
            else None,
            "message": self._redact(record.getMessage()),
        }
        if record.exc_info:
            line["exc"] = self._redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def configure_logging(
    *,
    json_lines: bool = False,
    level: int | str = logging.INFO,
    secrets: Sequence[str] = (),
    stream: TextIO | None = None,
) -> logging.Handler:
    """Send every log line to `stream` (stderr), as text or JSON, masked; returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    redact = Redactor(secrets)
    handler.setFormatter(JsonFormatter(redact) if json_lines else TextFormatter(redact))
    handler.addFilter(UpdateContext())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
