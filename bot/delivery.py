"""Delivering outbox replies through the channels, after the transaction that wrote them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta

from core.channel import Channel, ChannelBlocked, ChannelError, ChannelRateLimited
from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Reply
from handlers.blocked import officer_notices_for_blocked
from storage.engine import Database
from storage.repos import Repositories
from storage.repos.inbox import Outgoing

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(300, 2**attempts))


class Deliverer:
    """Sends claimed outbox rows; a crash after sending and before marking is the only duplicate.

    Rows are claimed (`sending`, under a lease) either here (`deliver`: every due row, or
    retries) or by the transaction that wrote them (`send_claimed`). Messages to one chat go
    in order; different chats are sent to concurrently. The rows sent are marked `sent`
    together in one transaction afterwards; a row whose mark is lost (a crash in between)
    is sent again once its lease is over, and only that row.
    """

    def __init__(
        self,
        database: Database,
        channels: Mapping[str, Channel],
        clock: Clock,
        catalogs: Catalogs | None = None,
    ) -> None:
        self._db = database
        self._channels = channels
        self._clock = clock
        self._catalogs = catalogs or Catalogs()

    def can_send(self, channel: str) -> bool:
        return channel in self._channels

    async def deliver(self, ids: Sequence[int] | None = None) -> int:
        """Send these outbox rows (or every due one); return how many went out."""
        async with self._db.transaction() as session:
            claimed = await Repositories(session).outbox.claim(
                self._clock.now(), ids=ids, channels=list(self._channels)
            )
        return await self.send_claimed([Outgoing.of(row) for row in claimed])

    async def send_claimed(self, rows: Sequence[Outgoing]) -> int:
        """Send rows already claimed by this process, oldest first per chat; mark them."""
        by_chat: dict[tuple[str, str], list[Outgoing]] = {}
        for row in rows:
            if row.channel in self._channels:
                by_chat.setdefault((row.channel, row.chat_id), []).append(row)
            else:  # no such channel here: leave it to its lease and another instance
                log.warning("no channel %s to deliver outbox row %s", row.channel, row.id)
        sent: list[tuple[int, str]] = []
        if len(by_chat) == 1:
            [queue] = by_chat.values()
            await self._send_in_order(queue, sent)
        elif by_chat:
            await asyncio.gather(*(self._send_in_order(queue, sent) for queue in by_chat.values()))
        if sent:
            async with self._db.transaction() as session:
                await Repositories(session).outbox.mark_sent_many(sent, now=self._clock.now())
        return len(sent)

    async def _send_in_order(self, rows: list[Outgoing], sent: list[tuple[int, str]]) -> None:
        for row in rows:
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
                sent.append((row.id, result.message_id))

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
        """403: stop sending to the person, and tell their officers (once) in the same commit."""
        told: list[int] = []
        async with self._db.transaction() as session:
            repos = Repositories(session)
            await repos.outbox.mark_failed(row_id, error=f"blocked: {error}")
            now = self._clock.now()
            for account in await repos.accounts.mark_blocked_chat(channel, chat_id, now):
                for notice in await officer_notices_for_blocked(repos, account, self._catalogs):
                    officer = await repos.accounts.get(notice.account_id)
                    if officer is None:
                        continue
                    row = await repos.outbox.add(
                        channel=officer.channel,
                        chat_id=officer.chat_id,
                        payload=notice.reply.to_payload(),
                        now=now,
                    )
                    if row.id is not None:
                        told.append(row.id)
        if told:
            await self.deliver(told)
