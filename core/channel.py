"""The interface the deliverer uses to reach people on a platform, and the errors channels raise."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from core.messages import ChannelName, Reply


class ChannelError(Exception):
    """A delivery failed for a reason worth retrying later (network, 5xx, timeouts).

    `parts_sent`: how many messages of a reply the platform split had gone (and were
    answered) before this one failed; sent again, the reply resumes after them
    (`Reply.resume_at`)."""

    parts_sent: int = 0


class ChannelUnconfirmed(ChannelError):
    """The request was sent whole but no answer came (the answer timed out, the connection
    dropped after sending): the platform may have delivered the message. With no idempotency
    key, sending it again may show it twice; the deliverer retries such a message once only."""


class ChannelUnauthorized(ChannelError):
    """401: the platform does not accept the bot's token (wrong, or reset). Nothing can work
    until the operator fixes the setting; at start this stops the process with one line."""


class ChannelRejected(ChannelError):
    """The platform refused this one request (400 with a reason, too large): sending it again
    will not help. The message is given up and the chat's queue moves on."""


class ChannelBlocked(ChannelError):
    """The person blocked the bot or the chat no longer exists (403): stop sending to them."""


class ChannelRefused(ChannelError):
    """The platform refused this one chat in a way that may be a block or a passing fault
    (Zalo's 403 until confirmed): this chat's message waits a while, the others go on."""


@dataclass
class ChannelRateLimited(ChannelError):
    """The platform asked us to slow down (429): wait `retry_after` seconds before any send."""

    retry_after: float

    def __str__(self) -> str:
        return f"rate limited, retry after {self.retry_after:.1f}s"


@dataclass(frozen=True, slots=True)
class Sent:
    """What a channel reports after delivering one message: the id of the message that
    carries the reply's choices (the last one, when the reply was split), and how many
    platform messages it took (platforms with a monthly quota count each)."""

    message_id: str
    parts: int = 1


Part = TypeVar("Part")
# Told, after each message of a reply the platform split that it answered but the last, how
# many of this try have gone: the deliverer records it at once, so that a crash before the
# reply is marked sent resumes after them rather than showing them again.
PartsGone = Callable[[int], Awaitable[None]]


async def send_parts(
    parts: Sequence[Part],
    resume_at: int,
    send: Callable[[Part], Awaitable[str]],
    progress: PartsGone | None = None,
) -> Sent:
    """Send the platform messages a reply became (`parts`, in order) with `send`, which
    returns each one's id, from `resume_at` on: those before it went on an earlier try (the
    last one always goes). After each one answered but the last, `progress` is told how many
    of this try went (and awaited before the next goes). A ChannelError part-way says how
    many of this try went (`parts_sent`), so a retry goes on from the first message that did
    not go."""
    if not parts:
        raise ChannelRejected("nothing to send")
    last = ""
    sent = 0
    todo = parts[min(max(resume_at, 0), len(parts) - 1) :]
    for part in todo:
        try:
            last = await send(part)
        except ChannelError as error:
            error.parts_sent = sent
            raise
        sent += 1
        if progress is not None and sent < len(todo):
            await progress(sent)
    return Sent(last, parts=sent)


class Channel(Protocol):
    """A platform adapter as the deliverer sees it.

    `shows_buttons` says whether choices appear as buttons that stay on the message (Telegram)
    rather than numbered lines (Zalo, console). `act` performs an adapter's own housekeeping
    call for a chat (editing a pressed question, a command menu), queued in the outbox with the
    replies so that a chat's calls keep their order; the payload is the adapter's own.
    """

    name: ChannelName
    shows_buttons: bool

    async def send(
        self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None
    ) -> Sent:
        """Deliver one reply to a chat, or raise one of the ChannelError subclasses; a reply
        the platform takes as several messages tells `progress` after each one but the last
        (see `send_parts`)."""
        ...

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        """Perform one queued housekeeping call, or raise one of the ChannelError subclasses."""
        ...
