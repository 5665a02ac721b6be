"""Group commit of incoming updates: many stored in one transaction, each caller told after it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.metrics import Metrics
from core.clock import Clock
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
    ) -> None:
        self._db = database
        self._clock = clock
        self._on_stored = on_stored
        self._max_batch = max_batch
        self._waiting: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None
        self._metrics = metrics

    async def store(self, incoming: Incoming) -> bool:
        """Store an update once; True once it is committed, False when it was already stored."""
        stored: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
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
        async with self._db.transaction() as session:
            new = await Repositories(session).inbox.store_many(
                [(w.channel, w.update_key, w.chat_key, w.payload) for w in first.values()],
                now=self._clock.now(),
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


def _settle(waiting: _Waiting, *, result: bool = False, error: Exception | None = None) -> None:
    if waiting.stored.done():  # the caller gave up (e.g. the request was cancelled)
        return
    if error is not None:
        waiting.stored.set_exception(error)
    else:
        waiting.stored.set_result(result)
