"""The interface the sender and the workers use to deliver messages, and the errors channels raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.messages import ChannelName, Reply


class ChannelError(Exception):
    """A delivery failed for a reason worth retrying later (network, 5xx, timeouts)."""


class ChannelBlocked(ChannelError):
    """The person blocked the bot or the chat no longer exists (403): stop sending to them."""


@dataclass
class ChannelRateLimited(ChannelError):
    """The platform asked us to slow down (429): wait `retry_after` seconds before any send."""

    retry_after: float

    def __str__(self) -> str:
        return f"rate limited, retry after {self.retry_after:.1f}s"


@dataclass(frozen=True, slots=True)
class Sent:
    """What a channel reports after delivering one message."""

    message_id: str


class Channel(Protocol):
    """A platform adapter as the rest of chibo sees it."""

    name: ChannelName

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        """Deliver one reply to a chat, or raise one of the ChannelError subclasses."""
        ...
