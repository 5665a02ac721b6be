"""Delivering outbox replies through the channels, after the transaction that wrote them."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta

from core.channel import Channel, ChannelBlocked, ChannelError, ChannelRateLimited
from core.clock import Clock
from core.messages import Reply
from storage.engine import Database
from storage.repos import Repositories

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(300, 2**attempts))


class Deliverer:
    """Sends claimed outbox rows; a crash after sending and before marking is the only duplicate."""

    def __init__(self, database: Database, channels: Mapping[str, Channel], clock: Clock) -> None:
        self._db = database
        self._channels = channels
        self._clock = clock

    async def deliver(self, ids: Sequence[int] | None = None) -> int:
        """Send these outbox rows (or every due one); return how many went out."""
        async with self._db.transaction() as session:
            rows = await Repositories(session).outbox.claim(
                self._clock.now(), ids=ids, channels=list(self._channels)
            )
        sent = 0
        for row in rows:
            assert row.id is not None
            channel = self._channels[row.channel]
            try:
                result = await channel.send(row.chat_id, Reply.from_payload(row.payload))
            except ChannelRateLimited as error:
                await self._retry(row.id, str(error), timedelta(seconds=error.retry_after))
            except ChannelBlocked as error:
                await self._blocked(row.id, row.channel, row.chat_id, str(error))
            except ChannelError as error:
                if row.attempts >= MAX_ATTEMPTS:
                    await self._fail(row.id, str(error))
                else:
                    await self._retry(row.id, str(error), backoff(row.attempts))
            else:
                sent += 1
                async with self._db.transaction() as session:
                    await Repositories(session).outbox.mark_sent(
                        row.id, platform_id=result.message_id, now=self._clock.now()
                    )
        return sent

    async def _retry(self, row_id: int, error: str, delay: timedelta) -> None:
        log.warning("delivery %s will be retried: %s", row_id, error)
        async with self._db.transaction() as session:
            await Repositories(session).outbox.mark_retry(
                row_id, error=error, at=self._clock.now() + delay
            )

    async def _fail(self, row_id: int, error: str) -> None:
        log.error("delivery %s failed: %s", row_id, error)
        async with self._db.transaction() as session:
            await Repositories(session).outbox.mark_failed(row_id, error=error)

    async def _blocked(self, row_id: int, channel: str, chat_id: str, error: str) -> None:
        async with self._db.transaction() as session:
            repos = Repositories(session)
            await repos.outbox.mark_failed(row_id, error=f"blocked: {error}")
            await repos.accounts.mark_blocked_chat(channel, chat_id, self._clock.now())
