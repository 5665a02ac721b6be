"""The inbox worker: each stored update handled once, in order per chat, in one transaction.

An update's state change, the outbox messages it causes (the adapter's housekeeping calls,
the replies, the notices to others) and its being marked done commit together; the channels'
deliverers send the messages afterwards. Nothing here waits on the network inside a
transaction: a file an update carries is fetched between transactions, before its update is
handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from asyncio import FIRST_COMPLETED
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.intake import InboxIntake
from bot.logs import handling
from bot.metrics import Metrics
from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.core import ConversationCore, HandleResult
from services.delivery import Deliverer, deliver_now, wake_all
from services.outgoing import Kind, reply_to, to_account
from storage.engine import Database
from storage.models import InboxUpdate
from storage.repos import Repositories
from storage.repos.outbox import NewMessage

log = logging.getLogger(__name__)
FileFetcher = Callable[[str], Awaitable[bytes]]
Intercept = Callable[[Repositories, Incoming], Awaitable[HandleResult | None]]
AfterHandled = Callable[[Repositories, Incoming, HandleResult], Awaitable[list[NewMessage]]]
ReadAhead = Callable[[Repositories, Sequence[Incoming]], Awaitable[None]]
BATCH_SIZE = 20
FILE_CACHE = 8


@dataclass(frozen=True)
class ChannelHooks:
    """What a channel adds to handling its own updates.

    `fetch_file` downloads a file an update carries (called outside any transaction).
    `intercept` runs in the update's transaction before the core; a result it returns is used
    instead of the core's (platform events such as "the person blocked the bot").
    `after_handled` runs in the transaction after the core and returns the adapter's own calls
    for the chat (e.g. editing the pressed question), queued before the replies.
    `read_ahead` runs once for a batch of the channel's updates (one per chat) before any is
    handled, to read in one statement what `after_handled` would ask for each.
    """

    fetch_file: FileFetcher | None = None
    intercept: Intercept | None = None
    after_handled: AfterHandled | None = None
    read_ahead: ReadAhead | None = None


class WorkSignal:
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
    """Handles stored updates; what they cause goes to the outbox, and the deliverers are woken."""

    def __init__(
        self,
        database: Database,
        core: ConversationCore,
        intake: InboxIntake,
        signal: WorkSignal,
        deliverers: Mapping[str, Deliverer],
        clock: Clock,
        catalogs: Catalogs,
        *,
        hooks: Mapping[str, ChannelHooks] | None = None,
        batch_size: int = BATCH_SIZE,
        metrics: Metrics | None = None,
    ) -> None:
        self._db = database
        self._core = core
        self._intake = intake
        self._signal = signal
        self._deliverers = dict(deliverers)
        self._clock = clock
        self._catalogs = catalogs
        self._hooks = dict(hooks or {})
        self.batch_size = batch_size
        self._files: OrderedDict[int, bytes] = OrderedDict()
        self._metrics = metrics

    async def store(self, incoming: Incoming) -> bool:
        """Store an update once; False when it was already stored (a redelivery)."""
        return await self._intake.store(incoming)

    async def submit(self, incoming: Incoming) -> bool:
        """Store, handle everything waiting in this chat, deliver what is due (the console and
        tests use this to see the replies before the next message)."""
        stored = await self.store(incoming)
        await self.process_available(chat_key(incoming))
        await self.deliver()
        return stored

    async def deliver(self) -> int:
        """Send what is due now on every channel this instance delivers (console, tests)."""
        return await deliver_now(self._deliverers)

    async def process_available(
        self, only_chat: str | None = None, *, stop: asyncio.Event | None = None
    ) -> int:
        """Handle batches until none waits (or `stop` is set: the batch in hand is finished,
        the rest is left for the next start or another instance)."""
        handled = 0
        while stop is None or not stop.is_set():
            count = await self.process_batch(only_chat)
            if not count:
                break
            handled += count
        return handled

    async def process_batch(self, only_chat: str | None = None, *, limit: int | None = None) -> int:
        """Handle the next updates that may go now (at most one per chat) in one transaction.

        Their state changes, their outbox messages and their being marked done commit
        together. If anything fails, the whole transaction is rolled back and the updates are
        taken again one at a time, so that a failing handler fails alone: it is recorded as
        failed and the person gets an apology. An update whose file has not been fetched yet
        is put back, its file fetched after the commit, and handled in a later batch. Returns
        how many updates were handled or fetched for (0: none was waiting).
        """
        claimed: list[int] = []
        current: Incoming | None = None
        written: set[str] = set()
        to_fetch: list[tuple[int, Incoming]] = []
        timings: list[tuple[str, float]] = []  # (channel, seconds) of each update handled
        handled = 0
        try:
            async with self._db.transaction() as session:
                repos = Repositories(session)
                rows = await repos.inbox.claim_batch(
                    self._clock.now(), chat_key=only_chat, limit=limit or self.batch_size
                )
                if not rows:
                    return 0
                ready: list[tuple[InboxUpdate, Incoming]] = []
                for row in rows:
                    assert row.id is not None
                    current = Incoming.from_payload(row.payload)
                    if current.file_id and self._fetcher(current) is not None:
                        content = self._files.get(row.id)
                        if content is None:
                            to_fetch.append((row.id, current))
                            continue
                        current = replace(current, file_bytes=content)
                    ready.append((row, current))
                if to_fetch:
                    await repos.inbox.release([row_id for row_id, _ in to_fetch])
                claimed = [row.id for row, _incoming in ready if row.id is not None]
                if len(ready) > 1:
                    current = None
                    await repos.accounts.read_ahead([(i.channel, i.user_id) for _, i in ready])
                    await self._read_ahead(repos, [incoming for _, incoming in ready])
                messages: list[NewMessage] = []
                questions: list[tuple[int, int]] = []  # (account, position in `messages`)
                for row, current in ready:
                    started = time.perf_counter()
                    with handling(f"{current.channel}:{current.update_key}"):
                        handled_messages, question = await self._handle(repos, row, current)
                        seconds = time.perf_counter() - started
                        log.debug(
                            "handled in %.1f ms: %d messages", seconds * 1000, len(handled_messages)
                        )
                    timings.append((current.channel, seconds))
                    if question is not None:
                        questions.append((question[0], len(messages) + question[1]))
                    messages.extend(handled_messages)
                if claimed:
                    await repos.inbox.finish_done(claimed, now=self._clock.now())
                ids = await repos.outbox.add_many(messages, now=self._clock.now())
                for account_id, position in questions:
                    await repos.conversations.shown_on(account_id, ids[position])
                written = {m.channel for m in messages}
                handled = len(ready)
            self._count_handled(timings)  # committed
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
            key = f"{current.channel}:{current.update_key}" if current else str(claimed[0])
            with handling(key):
                log.exception("update %s failed", key)
            written = await self._record_failure(claimed[0], current, error)
            if self._metrics is not None and current is not None:
                self._metrics.updates_handled.labels(current.channel, "failed").inc()
            handled = 1
        for row_id in claimed:
            self._files.pop(row_id, None)
        if written:
            wake_all(self._deliverers, sorted(written))
        fetched = await self._fetch_files(to_fetch)
        return handled + fetched

    async def _read_ahead(self, repos: Repositories, batch: Sequence[Incoming]) -> None:
        by_channel: dict[str, list[Incoming]] = {}
        for incoming in batch:
            by_channel.setdefault(incoming.channel, []).append(incoming)
        for channel, incomings in by_channel.items():
            read_ahead = self._hooks.get(channel, ChannelHooks()).read_ahead
            if read_ahead is not None and len(incomings) > 1:
                await read_ahead(repos, incomings)

    def _count_handled(self, timings: Sequence[tuple[str, float]]) -> None:
        if self._metrics is None:
            return
        for channel, seconds in timings:
            self._metrics.updates_handled.labels(channel, "done").inc()
            self._metrics.handling_seconds.labels(channel).observe(seconds)

    def _fetcher(self, incoming: Incoming) -> FileFetcher | None:
        return self._hooks.get(incoming.channel, ChannelHooks()).fetch_file

    async def _fetch_files(self, wanted: Sequence[tuple[int, Incoming]]) -> int:
        """Download the files of updates put back, outside any transaction; keep a few."""
        fetched = 0
        for row_id, incoming in wanted:
            fetch = self._fetcher(incoming)
            if fetch is None or incoming.file_id is None:
                continue
            try:
                self._files[row_id] = await fetch(incoming.file_id)
            except Exception as error:
                log.warning("could not fetch the file of update %s: %s", incoming.update_key, error)
                self._files[row_id] = b""  # handled without it: the flow says it cannot read it
            fetched += 1
            while len(self._files) > FILE_CACHE:
                self._files.popitem(last=False)
        return fetched

    async def _handle(
        self, repos: Repositories, row: InboxUpdate, incoming: Incoming
    ) -> tuple[list[NewMessage], tuple[int, int] | None]:
        """One update: its state change (in the session) and the messages it causes, in order,
        with (account id, position) of the message that shows the question now pending."""
        assert row.id is not None
        hooks = self._hooks.get(incoming.channel, ChannelHooks())
        result = None
        if hooks.intercept is not None:
            result = await hooks.intercept(repos, incoming)
        if result is None:
            result = await self._core.handle(repos, incoming)
        messages: list[NewMessage] = []
        if hooks.after_handled is not None:
            messages.extend(await hooks.after_handled(repos, incoming, result))
        account_id = result.account.id if result.account is not None else None
        question = None
        if result.question is not None and account_id is not None:
            question = (account_id, len(messages) + result.question)
        messages.extend(
            reply_to(
                incoming.channel,
                incoming.chat_id,
                reply,
                account_id=account_id,
                inbox_id=row.id,
            )
            for reply in result.replies
        )
        if result.notices:
            accounts = await repos.accounts.many([n.account_id for n in result.notices])
            for notice in result.notices:
                account = accounts.get(notice.account_id)
                if account is None or account.blocked_at is not None:
                    continue
                messages.append(
                    to_account(
                        account,
                        notice.reply,
                        kind=notice.kind,
                        inbox_id=row.id,
                        wanted=notice.wanted,
                        not_before=notice.not_before,
                    )
                )
        return messages, question

    async def _record_failure(
        self, row_id: int, incoming: Incoming | None, error: Exception
    ) -> set[str]:
        """Mark the update failed and apologise to its sender (one transaction)."""
        async with self._db.transaction() as session:
            repos = Repositories(session)
            row = await repos.inbox.get(row_id)
            if row is None or row.status == "done":
                return set()
            await repos.inbox.finish(row, now=self._clock.now(), error=repr(error))
            if incoming is None:
                return set()
            account = await repos.accounts.find(incoming.channel, incoming.user_id)
            t = self._catalogs.translator(account.locale if account else None)
            apology = Reply(
                t.gettext(
                    "Sorry, something went wrong while handling your message. "
                    "Nothing you entered before is lost; please try again in a moment."
                )
            )
            await repos.outbox.add(
                reply_to(
                    incoming.channel,
                    incoming.chat_id,
                    apology,
                    kind=Kind.REPLY,
                    account_id=account.id if account else None,
                    inbox_id=row_id,
                ),
                now=self._clock.now(),
            )
            return {incoming.channel}

    async def run(self, stop: asyncio.Event, *, poll_seconds: float = 1.0) -> None:
        """Handle updates as they arrive (other instances' too) until `stop`; the update in hand
        is finished first."""
        while not stop.is_set():
            try:
                await self.process_available(stop=stop)
            except Exception:
                log.exception("inbox worker iteration failed")
            await self._signal.wait(stop, poll_seconds)
