"""Retention: old closed inbox and outbox rows lose their content, and later go, a few batches a tick.

The inbox keeps what people typed (texts, names, file ids) and the outbox what they were sent;
the product keeps counts, dates and short notes, not those. So, on a tick on any instance:

- an update handled more than `texts` ago loses its payload and error (the row stays: its
  update key must still stop a redelivery), and one handled more than `updates` ago goes;
- a closed message (sent, failed, blocked, expired, stale, cancelled) written more than
  `texts` ago loses its payload (status, kind, dedupe key, dates and error stay, so counts
  and "once" keys still work), and one written more than `messages` ago goes.

`texts` must outlive what reads a sent message back: a file link (168 h at most) and a
pending question shown again (within a conversation's 7 days); past it both do without (the
link says it is not valid, the question is asked by its choices alone). `messages` must
outlive every dedupe key's period, or a message could go out twice: the longest is a
reminder's (its key "<reminder key>><account>" guards it until the reminder expires, a quarter
at most for a topic session's reminders; the reminder row, closed once expanded, is never
deleted); the others are a month (quota alerts), a day (digests, the Zalo group pointer) or an
hour (invite-guessing alerts). Open rows are never touched. Each batch is its own short
transaction and a tick does a bounded number of them, so a large backlog is worked off over
several ticks; instances running it at the same moment share the rows
(storage/repos/retention.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import Clock
from storage.engine import Database
from storage.repos import Repositories

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long rows keep their content (`texts`) and how long they are kept at all
    (`updates`, `messages`; the settings refuse less than 7, 7 and 120 days); `batch`
    rows a transaction, at most `batches` transactions per step and tick."""

    texts: timedelta = timedelta(days=30)
    updates: timedelta = timedelta(days=90)
    messages: timedelta = timedelta(days=400)
    batch: int = 500
    batches: int = 20

    @classmethod
    def of_days(cls, texts: int, updates: int, messages: int) -> RetentionPolicy:
        return cls(timedelta(days=texts), timedelta(days=updates), timedelta(days=messages))


@dataclass
class RetentionCounts:
    """What one tick did; `more`: a step stopped at its bound, the next tick goes on."""

    updates_cleared: int = 0
    updates_deleted: int = 0
    messages_cleared: int = 0
    messages_deleted: int = 0
    more: bool = False

    @property
    def total(self) -> int:
        return (
            self.updates_cleared
            + self.updates_deleted
            + self.messages_cleared
            + self.messages_deleted
        )


Step = Callable[[Repositories, datetime, int], Awaitable[int]]


async def apply_retention(
    database: Database, clock: Clock, policy: RetentionPolicy = RetentionPolicy()
) -> RetentionCounts:
    """One tick: delete, then clear, what is old enough, at most `policy.batches` batches of
    `policy.batch` rows per step (each in its own transaction); logs the counts (never a text)."""
    now = clock.now()
    counts = RetentionCounts()

    async def step(run: Step) -> int:
        done = 0
        for _ in range(policy.batches):
            async with database.transaction() as session:
                found = await run(Repositories(session), now, policy.batch)
            done += found
            if found < policy.batch:
                return done
        counts.more = True
        return done

    counts.updates_deleted = await step(
        lambda repos, at, n: repos.retention.delete_updates(at - policy.updates, limit=n)
    )
    counts.updates_cleared = await step(
        lambda repos, at, n: repos.retention.clear_updates(at - policy.texts, now=at, limit=n)
    )
    counts.messages_deleted = await step(
        lambda repos, at, n: repos.retention.delete_messages(at - policy.messages, limit=n)
    )
    counts.messages_cleared = await step(
        lambda repos, at, n: repos.retention.clear_messages(at - policy.texts, now=at, limit=n)
    )
    level = logging.INFO if counts.total else logging.DEBUG
    log.log(
        level,
        "retention: updates %d cleared, %d deleted; messages %d cleared, %d deleted%s",
        counts.updates_cleared,
        counts.updates_deleted,
        counts.messages_cleared,
        counts.messages_deleted,
        " (more next tick)" if counts.more else "",
    )
    return counts
