"""Group commit of incoming updates: many stored in one transaction, each caller told after it.

This is where every update is first taken, whichever channel it came by, so the limits on one
message and on a chat's rate are applied here (core/limits.py, docs/limits.md): an over-long
text is stored without its text, flagged for the core to say so; past `MESSAGES_PER_WINDOW`
updates in a chat's current window the next one is stored as a notice (its content dropped)
and the rest are not stored at all until the window ends. The counts come from the inbox
itself, so every instance sees the same ones.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.metrics import Metrics
from core.clock import Clock
from core.limits import MESSAGE_WINDOW, MESSAGES_PER_WINDOW, RATE_LIMITED, bounded, window_start
from core.messages import Incoming
from storage.engine import Database
from storage.repos import Repositories

log = logging.getLogger(__name__)
MAX_BATCH = 100


@dataclass
class _Waiting:
    channel: str
    update_key: str
    chat_key: str
    payload: dict[str, Any]
    stored: asyncio.Future[bool] = field(repr=False)


class InboxIntake:
    """Stores updates in the inbox; whoever calls `store` returns only once theirs is committed.

    Callers that arrive while a transaction is being written wait together and go into the
    next one (one multi-row INSERT … ON CONFLICT DO NOTHING), so a burst of webhook requests
    costs a few commits instead of one each. If a whole batch fails, its updates are retried
    one by one, so a bad update fails alone.
    """

    def __init__(
        self,
        database: Database,
        clock: Clock,
        on_stored: Callable[[int], None],
        *,
        max_batch: int = MAX_BATCH,
        metrics: Metrics | None = None,
        per_window: int = MESSAGES_PER_WINDOW,
    ) -> None:
        self._db = database
        self._clock = clock
        self._on_stored = on_stored
        self._max_batch = max_batch
        self._per_window = per_window
        self.dropped = 0  # updates not stored: over a chat's rate, after its notice
        self._waiting: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None
        self._metrics = metrics

    @property
    def metrics(self) -> Metrics | None:
        """Where the intake records (and the webhooks their refusals)."""
        return self._metrics

    async def store(self, incoming: Incoming) -> bool:
        """Store an update once; True once it is committed, False when it was already stored."""
        stored: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        incoming = bounded(incoming)
        chat_key = f"{incoming.channel}:{incoming.chat_id}"
        self._waiting.append(
            _Waiting(incoming.channel, incoming.update_key, chat_key, incoming.to_payload(), stored)
        )
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all(), name="inbox-intake")
        return await stored

    async def _write_all(self) -> None:
        while self._waiting:
            batch = self._waiting[: self._max_batch]
            del self._waiting[: self._max_batch]
            try:
                await self._write(batch)
            except Exception as error:
                if len(batch) == 1:
                    _settle(batch[0], error=error)
                    continue
                log.warning(
                    "storing %d updates together failed (%s); one by one", len(batch), error
                )
                for waiting in batch:
                    try:
                        await self._write([waiting])
                    except Exception as single_error:
                        _settle(waiting, error=single_error)

    async def _write(self, batch: list[_Waiting]) -> None:
        first: dict[tuple[str, str], _Waiting] = {}
        for waiting in batch:
            first.setdefault((waiting.channel, waiting.update_key), waiting)
        now = self._clock.now()
        async with self._db.transaction() as session:
            repos = Repositories(session)
            kept = await self._within_rate(repos, list(first.values()), now)
            new = await repos.inbox.store_many(
                [(w.channel, w.update_key, w.chat_key, w.payload) for w in kept], now=now
            )
        # Committed: now, and only now, each caller may answer.
        for waiting in batch:
            key = (waiting.channel, waiting.update_key)
            _settle(waiting, result=key in new and first[key] is waiting)
        if new:
            if self._metrics is not None:
                for channel, _key in new:
                    self._metrics.updates_received.labels(channel).inc()
            self._on_stored(len(new))

    async def _within_rate(
        self, repos: Repositories, batch: list[_Waiting], now: datetime
    ) -> list[_Waiting]:
        """The updates of `batch` to store: each chat's first `per_window` in the current window
        as they are, the next one as a notice that the chat is writing too fast, none after."""
        since = window_start(now, MESSAGE_WINDOW)
        counts = await repos.inbox.counts_since([w.chat_key for w in batch], since)
        until = (since + MESSAGE_WINDOW).isoformat()
        kept: list[_Waiting] = []
        for waiting in batch:
            count = counts.get(waiting.chat_key, 0)
            counts[waiting.chat_key] = count + 1
            if count < self._per_window:
                kept.append(waiting)
            elif count == self._per_window:
                meta = {**waiting.payload.get("meta", {}), RATE_LIMITED: until}
                waiting.payload = {
                    **waiting.payload, "text": "", "choice": None, "file_id": None,
                    "file_name": None, "meta": meta,
                }  # fmt: skip
                kept.append(waiting)
            else:
                self.dropped += 1
        return kept


def _settle(waiting: _Waiting, *, result: bool = False, error: Exception | None = None) -> None:
    if waiting.stored.done():  # the caller gave up (e.g. the request was cancelled)
        return
    if error is not None:
        waiting.stored.set_exception(error)
    else:
        waiting.stored.set_result(result)
