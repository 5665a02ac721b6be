"""Translate aiogram and aiohttp failures into the core's ChannelError family."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Final, ParamSpec, TypeVar

from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiohttp import ClientError

from core.channel import (
    ChannelBlocked,
    ChannelError,
    ChannelRateLimited,
    ChannelRejected,
    ChannelUnauthorized,
)

P = ParamSpec("P")
T = TypeVar("T")

# 400 answers that mean the chat is gone or closed to us, like a 403.
_GONE_MARKERS: Final = (
    "chat not found",
    "user not found",
    "peer_id_invalid",
    "user is deactivated",
    "bot was kicked",
    "have no rights to send a message",
    "not enough rights to send",
)
_TOKEN_RE: Final = re.compile(r"bot\d+:[A-Za-z0-9_-]+")


class TelegramRejected(ChannelRejected):
    """Telegram refused the request itself (400, 413): sending it again will not help."""


class TelegramChatMigrated(TelegramRejected):
    """The group became a supergroup: store `new_chat_id` and send there instead."""

    def __init__(self, message: str, new_chat_id: int) -> None:
        super().__init__(message)
        self.new_chat_id = new_chat_id


def _redact(text: str) -> str:
    return _TOKEN_RE.sub("bot<token>", text)


def translate_error(error: BaseException) -> ChannelError | None:
    """The ChannelError for a library failure, or None if `error` is not one."""
    if isinstance(error, ChannelError):
        return error
    if isinstance(error, TelegramRetryAfter):
        return ChannelRateLimited(retry_after=float(error.retry_after))
    if isinstance(error, TelegramMigrateToChat):
        return TelegramChatMigrated(_redact(error.message), error.migrate_to_chat_id)
    if isinstance(error, TelegramForbiddenError):
        return ChannelBlocked(_redact(error.message))
    if isinstance(error, TelegramBadRequest):
        description = error.message.lower()
        if any(marker in description for marker in _GONE_MARKERS):
            return ChannelBlocked(_redact(error.message))
        return TelegramRejected(_redact(error.message))
    if isinstance(error, TelegramEntityTooLarge):  # a TelegramNetworkError subclass
        return TelegramRejected(_redact(error.message))
    if isinstance(error, TelegramUnauthorizedError):
        return ChannelUnauthorized(_redact(error.message))
    if isinstance(error, TelegramAPIError | ClientDecodeError):
        # 5xx, network errors, and 404/409 (configuration: retry once it is fixed)
        return ChannelError(f"{type(error).__name__}: {_redact(str(error.message))}")
    if isinstance(error, ClientError | TimeoutError):
        return ChannelError(f"{type(error).__name__}: {_redact(str(error))}")
    if isinstance(error, AiogramError):
        return ChannelError(f"{type(error).__name__}: {_redact(str(error))}")
    return None


@contextmanager
def translate_errors() -> Iterator[None]:
    """``with translate_errors(): await bot(...)`` raises only ChannelError subclasses
    for library failures; other exceptions pass through untouched.

    Network-level errors are raised ``from None`` because their text can carry the URL,
    and the URL carries the bot token.
    """
    try:
        yield
    except (AiogramError, ClientError, TimeoutError) as error:
        translated = translate_error(error)
        if translated is None:  # pragma: no cover - every AiogramError is translated
            raise
        if isinstance(error, TelegramNetworkError | ClientError | TimeoutError):
            raise translated from None
        raise translated from error


def translated(func: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Decorate an async function so that it raises translated errors."""

    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with translate_errors():
            return await func(*args, **kwargs)

    return wrapper
