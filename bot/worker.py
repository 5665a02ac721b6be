"""The inbox worker: each stored update handled once, in order per chat, in one transaction."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from asyncio import FIRST_COMPLETED
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.delivery import Deliverer
from bot.intake import InboxIntake
from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.core import ConversationCore, HandleResult
from storage.engine import Database
from storage.models import InboxUpdate
from storage.repos import Repositories
from storage.repos.inbox import Outgoing

log = logging.getLogger(__name__)
FileFetcher = Callable[[str], Awaitable[bytes]]
PostCommit = Callable[[], Awaitable[None]]
Intercept = Callable[[Repositories, Incoming], Awaitable[HandleResult | None]]
AfterHandled = Callable[[Repositories, Incoming, HandleResult], Awaitable[PostCommit | None]]
Message = dict[str, Any]
BATCH_SIZE = 20


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


@dataclass
class _Handled:
    """One update handled in a batch: the outbox rows to write, the work to do after commit."""

    incoming: Incoming
    messages: list[Message]
    post_commit: PostCommit | None


class _Wakeups:
    """Wakes as many idle workers as new batches need, not every worker for every store."""

    def __init__(self) -> None:
        self._idle: deque[asyncio.Future[None]] = deque()
        self._owed = 0

    def notify(self, count: int = 1) -> None:
        while count > 0 and self._idle:
            waiter = self._idle.popleft()
            if not waiter.done():
                waiter.set_result(None)
                count -= 1
        # Nobody idle: a worker between its last look and its wait must look once more.
        self._owed = min(self._owed + count, 8)

    async def wait(self, stop: asyncio.Event, seconds: float) -> None:
        if self._owed:
            self._owed -= 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._idle.append(waiter)
        stopper: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
        waiting: list[asyncio.Future[Any]] = [waiter, stopper]
        try:
            await asyncio.wait(waiting, timeout=seconds, return_when=FIRST_COMPLETED)
        finally:
            stopper.cancel()
            if not waiter.done():
                waiter.cancel()
            with contextlib.suppress(ValueError):
                self._idle.remove(waiter)


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
        self._wakeups = _Wakeups()
        self._intake = InboxIntake(database, clock, self._stored)
        self.batch_size = BATCH_SIZE

    def add_hooks(self, channel: str, hooks: ChannelHooks) -> None:
        """Register a channel's hooks (and its file fetcher, if it has one)."""
        self._hooks[channel] = hooks
        if hooks.fetch_file is not None:
            self._fetchers[channel] = hooks.fetch_file

    def _stored(self, count: int) -> None:
        self._wakeups.notify(-(-count // self.batch_size))

    async def store(self, incoming: Incoming) -> bool:
        """Store an update once; False when it was already stored (a redelivery).

        Returns once the update is committed; concurrent calls share one transaction.
        """
        return await self._intake.store(
            incoming.channel, incoming.update_key, chat_key(incoming), incoming.to_payload()
        )

    async def submit(self, incoming: Incoming) -> bool:
        """Store, then handle everything waiting in this chat (the console and tests use this)."""
        stored = await self.store(incoming)
        await self.process_available(chat_key(incoming))
        return stored

    async def process_available(self, only_chat: str | None = None) -> int:
        handled = 0
        while count := await self.process_batch(only_chat):
            handled += count
        return handled

    async def process_one(self, only_chat: str | None = None) -> bool:
        """Handle the next update that may go now; False when there is none."""
        return await self.process_batch(only_chat, limit=1) > 0

    async def process_batch(self, only_chat: str | None = None, *, limit: int | None = None) -> int:
        """Handle the next updates that may go now (at most one per chat) in one transaction.

        Their state changes, their replies (written already claimed) and their being marked
        done commit together; the replies are sent after the commit. If anything fails, the
        whole transaction is rolled back and the updates are taken again one at a time, so
        that a failing handler fails alone: it is recorded as failed and the person gets an
        apology, as when updates are handled singly. Returns how many updates were handled
        (0: none was waiting).
        """
        claimed: list[int] = []
        current: Incoming | None = None
        handled: list[_Handled] = []
        to_send: list[Outgoing] = []
        try:
            async with self._db.transaction() as session:
                repos = Repositories(session)
                rows = await repos.inbox.claim_batch(
                    self._clock.now(), chat_key=only_chat, limit=limit or self.batch_size
                )
                if not rows:
                    return 0
                claimed = [row.id for row in rows if row.id is not None]
                incomings: list[Incoming] = []
                for row in rows:
                    current = None
                    current = await self._incoming(row)
                    incomings.append(current)
                if len(incomings) > 1:
                    current = None
                    await repos.accounts.read_ahead([(i.channel, i.user_id) for i in incomings])
                for row, current in zip(rows, incomings, strict=True):
                    handled.append(await self._handle(repos, row, current))
                await repos.inbox.finish_done(claimed, now=self._clock.now())
                to_send = await self._write_outbox(repos, [m for h in handled for m in h.messages])
        except Exception as error:
            if not claimed:
                raise
            if len(claimed) > 1:
                # Nothing of the batch was kept; one at a time, the failing update fails alone.
                log.info(
                    "handling %d updates together failed (%r); one by one", len(claimed), error
                )
                count = 0
                for _ in claimed:
                    count += await self.process_batch(only_chat, limit=1)
                return count
            log.exception("update %s failed", current.update_key if current else claimed[0])
            ids = await self._record_failure(claimed[0], current, error)
            if ids:
                await self._deliverer.deliver(ids)
            return 1
        await self._after_commit([h.post_commit for h in handled if h.post_commit is not None])
        if to_send:
            await self._deliverer.send_claimed(to_send)
        return len(handled)

    async def _handle(self, repos: Repositories, row: InboxUpdate, incoming: Incoming) -> _Handled:
        """One update: its state change (in the session) and the rows it adds to the outbox."""
        assert row.id is not None
        hooks = self._hooks.get(incoming.channel, ChannelHooks())
        result = None
        if hooks.intercept is not None:
            result = await hooks.intercept(repos, incoming)
        if result is None:
            result = await self._core.handle(repos, incoming)
        messages = await self._messages(repos, incoming, result, row.id)
        post_commit = None
        if hooks.after_handled is not None:
            post_commit = await hooks.after_handled(repos, incoming, result)
        return _Handled(incoming, messages, post_commit)

    async def _after_commit(self, work: list[PostCommit]) -> None:
        async def run(post_commit: PostCommit) -> None:
            try:
                await post_commit()
            except Exception:
                log.exception("after-handling work failed")

        if len(work) == 1:
            await run(work[0])
        elif work:
            await asyncio.gather(*(run(post_commit) for post_commit in work))

    async def _incoming(self, row: InboxUpdate) -> Incoming:
        incoming = Incoming.from_payload(row.payload)
        fetch = self._fetchers.get(incoming.channel)
        if incoming.file_id and fetch is not None:
            content = await fetch(incoming.file_id)
            incoming = replace(incoming, file_bytes=content)
        return incoming

    async def _messages(
        self, repos: Repositories, incoming: Incoming, result: HandleResult, inbox_id: int
    ) -> list[Message]:
        """The outbox rows for the replies and for the notices to other people."""
        messages: list[Message] = [
            {
                "channel": incoming.channel,
                "chat_id": incoming.chat_id,
                "payload": reply.to_payload(),
                "inbox_id": inbox_id,
            }
            for reply in result.replies
        ]
        for notice in result.notices:
            account = await repos.accounts.get(notice.account_id)
            if account is None or account.blocked_at is not None:
                continue
            messages.append(
                {
                    "channel": account.channel,
                    "chat_id": account.chat_id,
                    "payload": notice.reply.to_payload(),
                    "inbox_id": inbox_id,
                }
            )
        return messages

    async def _write_outbox(self, repos: Repositories, messages: list[Message]) -> list[Outgoing]:
        """Write the rows; those this process can send are written claimed, to send at once."""
        now = self._clock.now()
        here = [m for m in messages if self._deliverer.can_send(str(m["channel"]))]
        for message in messages:
            if not self._deliverer.can_send(str(message["channel"])):
                await repos.outbox.add(
                    channel=message["channel"],
                    chat_id=message["chat_id"],
                    payload=message["payload"],
                    now=now,
                    inbox_id=message["inbox_id"],
                )
        return await repos.outbox.add_claimed(here, now=now)

    async def _apology(
        self, repos: Repositories, incoming: Incoming, inbox_id: int
    ) -> list[Message]:
        account = await repos.accounts.find(incoming.channel, incoming.user_id)
        t = self._catalogs.translator(account.locale if account else None)
        apology = Reply(
            t.gettext(
                "Sorry, something went wrong while handling your message. "
                "Nothing you entered before is lost; please try again in a moment."
            )
        )
        return [
            {
                "channel": incoming.channel,
                "chat_id": incoming.chat_id,
                "payload": apology.to_payload(),
                "inbox_id": inbox_id,
            }
        ]

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
            [message] = await self._apology(repos, incoming, row_id)
            added = await repos.outbox.add(
                channel=message["channel"],
                chat_id=message["chat_id"],
                payload=message["payload"],
                now=self._clock.now(),
                inbox_id=row_id,
            )
            return [added.id] if added.id is not None else []

    async def run(self, stop: asyncio.Event, *, poll_seconds: float = 1.0) -> None:
        """Handle updates as they arrive (other instances' too), and retry due deliveries."""
        loop = asyncio.get_running_loop()
        last_sweep: float | None = None
        while not stop.is_set():
            try:
                await self.process_available()
                if last_sweep is None or loop.time() - last_sweep >= poll_seconds:
                    last_sweep = loop.time()
                    await self._deliverer.deliver()
            except Exception:
                log.exception("inbox worker iteration failed")
            await self._wakeups.wait(stop, poll_seconds)
