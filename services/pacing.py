"""How fast one bot may send: an overall rate, a per-chat rate with a short burst, a group limit,
and a pause for everyone when the platform says 429."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import Clock

Sleep = Callable[[float], Awaitable[None]]
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Pace:
    """The limits of one channel.

    `per_second` overall (None: no limit); each chat gets `chat_burst` messages at once, then one
    per `chat_seconds`; a group chat at most `group_per_minute` a minute; up to `concurrency`
    platform calls in flight.
    """

    per_second: float | None = 25.0
    chat_seconds: float = 1.0
    chat_burst: int = 3
    group_per_minute: int = 20
    concurrency: int = 4


# Telegram: ~30 messages/s overall, about one a second per chat (short bursts allowed), 20 a
# minute per group. We stay a little under.
TELEGRAM_PACE = Pace(per_second=28.0, chat_seconds=1.0, chat_burst=3, group_per_minute=20)
# Zalo publishes no rate: a few messages a second overall, Telegram's pace per chat.
ZALO_PACE = Pace(per_second=5.0, chat_seconds=1.0, chat_burst=3, group_per_minute=0)
# The console and tests: as fast as the code goes.
UNLIMITED = Pace(per_second=None, chat_seconds=0.0, chat_burst=1, group_per_minute=0, concurrency=64)


def is_group_chat(chat_id: str) -> bool:
    """Telegram groups have negative chat ids."""
    return chat_id.startswith("-")


class Pacer:
    """Hands out send slots: each caller reserves the earliest slot allowed, then sleeps to it."""

    def __init__(self, pace: Pace, clock: Clock, sleep: Sleep) -> None:
        self.pace = pace
        self._clock = clock
        self._sleep = sleep
        self._next_global: datetime | None = None
        # chat → when its burst is full again (a virtual-time token bucket)
        self._chat_full_at: dict[str, datetime] = {}
        self._group_sends: dict[str, list[datetime]] = {}
        self.paused_until: datetime | None = None

    def pause(self, until: datetime) -> None:
        """Nobody sends before `until` (a 429, or the platform being down)."""
        if self.paused_until is None or until > self.paused_until:
            self.paused_until = until

    def _reserve(self, chat_id: str) -> datetime:
        now = self._clock.now()
        slot = now
        if self.paused_until is not None and self.paused_until > slot:
            slot = self.paused_until
        if self._next_global is not None and self._next_global > slot:
            slot = self._next_global
        if self.pace.chat_seconds:
            step = timedelta(seconds=self.pace.chat_seconds)
            burst = step * max(self.pace.chat_burst, 1)
            full_at = self._chat_full_at.get(chat_id)
            if full_at is not None:
                # Each send adds `step` to the bucket's debt; at most `burst` of debt at once.
                slot = max(slot, full_at + step - burst)
            self._chat_full_at[chat_id] = max(full_at or slot, slot) + step
        if is_group_chat(chat_id) and self.pace.group_per_minute:
            recent = [t for t in self._group_sends.get(chat_id, []) if t > slot - _MINUTE]
            if len(recent) >= self.pace.group_per_minute:
                slot = max(slot, recent[-self.pace.group_per_minute] + _MINUTE)
            self._group_sends[chat_id] = [*recent, slot]
        if self.pace.per_second:
            self._next_global = slot + timedelta(seconds=1 / self.pace.per_second)
        if len(self._chat_full_at) > 50_000:
            self._chat_full_at = {c: t for c, t in self._chat_full_at.items() if t > now}
        return slot

    async def wait_turn(self, chat_id: str, stopping: asyncio.Event | None = None) -> None:
        """Sleep until this chat may be sent to (and no pause is on), or until `stopping` is
        set (the sleep returns at once then: the caller sends nothing)."""
        slot = self._reserve(chat_id)
        delay = (slot - self._clock.now()).total_seconds()
        if delay > 0:
            await self._sleep(delay)
        # a 429 may have paused everyone while this caller slept
        await self.wait_pause(stopping)

    async def wait_pause(self, stopping: asyncio.Event | None = None) -> None:
        """Sleep while a pause is on (a 429 that came back while this caller waited for a
        sending slot), or until `stopping` is set."""
        while self.paused_until is not None and self.paused_until > self._clock.now():
            if stopping is not None and stopping.is_set():
                return
            await self._sleep((self.paused_until - self._clock.now()).total_seconds())
