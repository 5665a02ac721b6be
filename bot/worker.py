"""The inbox worker: each stored update handled once, in order per chat, in one transaction."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace

from bot.delivery import Deliverer
from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.core import ConversationCore, HandleResult
from storage.engine import Database
from storage.models import InboxUpdate
from storage.repos import Repositories

log = logging.getLogger(__name__)
FileFetcher = Callable[[str], Awaitable[bytes]]
PostCommit = Callable[[], Awaitable[None]]
Intercept = Callable[[Repositories, Incoming], Awaitable[HandleResult | None]]
AfterHandled = Callable[[Repositories, Incoming, HandleResult], Awaitable[PostCommit | None]]


@dataclass(frozen=True)
class ChannelHooks:
    """What a channel adds to handling its own updates.

    `intercept` runs in the update's transaction before the core; a result it returns is used
    instead of the core's (platform events such as "the person blocked the bot").
    `after_handled` runs in the transaction after the core and may return work to do once the
    transaction is committed and before the replies go out (e.g. editing a pressed button).
    """

    fetch_file: FileFetcher | None = None
    intercept: Intercept | None = None
    after_handled: AfterHandled | None = None


def chat_key(incoming: Incoming) -> str:
    return f"{incoming.channel}:{incoming.chat_id}"


class InboxWorker:
    """Stores updates in the inbox and handles them; replies go to the outbox, then out."""

    def __init__(
        self,
        database: Database,
        core: ConversationCore,
        deliverer: Deliverer,
        clock: Clock,
        catalogs: Catalogs,
        file_fetchers: Mapping[str, FileFetcher] | None = None,
    ) -> None:
        self._db = database
        self._core = core
        self._deliverer = deliverer
        self._clock = clock
        self._catalogs = catalogs
        self._fetchers = dict(file_fetchers or {})
        self._hooks: dict[str, ChannelHooks] = {}
        self._wake = asyncio.Event()

    def add_hooks(self, channel: str, hooks: ChannelHooks) -> None:
        """Register a channel's hooks (and its file fetcher, if it has one)."""
        self._hooks[channel] = hooks
        if hooks.fetch_file is not None:
            self._fetchers[channel] = hooks.fetch_file

    async def store(self, incoming: Incoming) -> bool:
        """Store an update once; False when it was already stored (a redelivery)."""
        async with self._db.transaction() as session:
            new_id = await Repositories(session).inbox.store(
                channel=incoming.channel,
                update_key=incoming.update_key,
                chat_key=chat_key(incoming),
                payload=incoming.to_payload(),
                now=self._clock.now(),
            )
        if new_id is not None:
            self._wake.set()
        return new_id is not None

    async def submit(self, incoming: Incoming) -> bool:
        """Store, then handle everything waiting in this chat (the console and tests use this)."""
        stored = await self.store(incoming)
        await self.process_available(chat_key(incoming))
        return stored

    async def process_available(self, only_chat: str | None = None) -> int:
        handled = 0
        while await self.process_one(only_chat):
            handled += 1
        return handled

    async def process_one(self, only_chat: str | None = None) -> bool:
        """Handle the next update that may go now; False when there is none."""
        row_id: int | None = None
        incoming: Incoming | None = None
        outbox_ids: list[int] = []
        post_commit: PostCommit | None = None
        try:
            async with self._db.transaction() as session:
                repos = Repositories(session)
                row = await repos.inbox.claim_next(self._clock.now(), chat_key=only_chat)
                if row is None:
                    return False
                row_id = row.id
                incoming = await self._incoming(row)
                hooks = self._hooks.get(incoming.channel, ChannelHooks())
                result = None
                if hooks.intercept is not None:
                    result = await hooks.intercept(repos, incoming)
                if result is None:
                    result = await self._core.handle(repos, incoming)
                outbox_ids = await self._write_outbox(repos, incoming, result, row.id)
                if hooks.after_handled is not None:
                    post_commit = await hooks.after_handled(repos, incoming, result)
                await repos.inbox.finish(row, now=self._clock.now())
        except Exception as error:
            if row_id is None:
                raise
            log.exception("update %s failed", incoming.update_key if incoming else row_id)
            post_commit = None
            outbox_ids = await self._record_failure(row_id, incoming, error)
        if post_commit is not None:
            try:
                await post_commit()
            except Exception:
                log.exception("after-handling work for %s failed", row_id)
        if outbox_ids:
            await self._deliverer.deliver(outbox_ids)
        return True

    async def _incoming(self, row: InboxUpdate) -> Incoming:
        incoming = Incoming.from_payload(row.payload)
        fetch = self._fetchers.get(incoming.channel)
        if incoming.file_id and fetch is not None:
            content = await fetch(incoming.file_id)
            incoming = replace(incoming, file_bytes=content)
        return incoming

    async def _write_outbox(
        self, repos: Repositories, incoming: Incoming, result: HandleResult, inbox_id: int | None
    ) -> list[int]:
        now = self._clock.now()
        ids = []
        for reply in result.replies:
            row = await repos.outbox.add(
                channel=incoming.channel,
                chat_id=incoming.chat_id,
                payload=reply.to_payload(),
                now=now,
                inbox_id=inbox_id,
            )
            assert row.id is not None
            ids.append(row.id)
        for notice in result.notices:
            account = await repos.accounts.get(notice.account_id)
            if account is None or account.blocked_at is not None:
                continue
            row = await repos.outbox.add(
                channel=account.channel,
                chat_id=account.chat_id,
                payload=notice.reply.to_payload(),
                now=now,
                inbox_id=inbox_id,
            )
            assert row.id is not None
            ids.append(row.id)
        return ids

    async def _record_failure(
        self, row_id: int, incoming: Incoming | None, error: Exception
    ) -> list[int]:
        async with self._db.transaction() as session:
            repos = Repositories(session)
            row = await repos.inbox.get(row_id)
            if row is None or row.status == "done":
                return []
            await repos.inbox.finish(row, now=self._clock.now(), error=repr(error))
            if incoming is None:
                return []
            account = await repos.accounts.find(incoming.channel, incoming.user_id)
            t = self._catalogs.translator(account.locale if account else None)
            apology = Reply(
                t.gettext(
                    "Sorry, something went wrong while handling your message. "
                    "Nothing you entered before is lost; please try again in a moment."
                )
            )
            message = await repos.outbox.add(
                channel=incoming.channel,
                chat_id=incoming.chat_id,
                payload=apology.to_payload(),
                now=self._clock.now(),
                inbox_id=row_id,
            )
            return [message.id] if message.id is not None else []

    async def run(self, stop: asyncio.Event, *, poll_seconds: float = 1.0) -> None:
        """Handle updates as they arrive (other instances' too), and retry due deliveries."""
        while not stop.is_set():
            try:
                await self.process_available()
                await self._deliverer.deliver()
            except Exception:
                log.exception("inbox worker iteration failed")
            self._wake.clear()
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=poll_seconds, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
