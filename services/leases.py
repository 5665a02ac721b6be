"""Electing one instance for a job: a named lease taken, kept while the job runs, given up on stop."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import TypeVar

from core.clock import Clock
from storage.engine import Database
from storage.repos import Repositories

log = logging.getLogger(__name__)
T = TypeVar("T")
# A poller's lease: renewed during each long poll (LeaseKeeper.kept_during), so after a kill -9
# another instance, or the restarted one, polls again within this time.
POLL_LEASE = timedelta(seconds=15)


class LeaseKeeper:
    """Holds the lease `name` for this instance whenever it can.

    `ensure()` takes the lease if it is free (or renews ours once a third of its time has
    passed) and says whether we hold it; `release()` gives it up so another instance takes over
    at once. A holder that dies without releasing keeps it for at most `ttl`.
    """

    def __init__(
        self,
        database: Database,
        clock: Clock,
        name: str,
        *,
        ttl: timedelta = timedelta(seconds=10),
        owner: str | None = None,
    ) -> None:
        self._db = database
        self._clock = clock
        self.name = name
        self.ttl = ttl
        self.owner = owner or uuid.uuid4().hex
        self._held_until: datetime | None = None

    @property
    def held(self) -> bool:
        """Whether this instance held the lease at its last renewal and it has not run out."""
        return self._held_until is not None and self._held_until > self._clock.now()

    async def ensure(self) -> bool:
        """Hold the lease now: True when this instance is (still) the holder.

        Returns False, never raises, when the database cannot be reached."""
        now = self._clock.now()
        if self._held_until is not None and self._held_until - now > self.ttl * 2 / 3:
            return True
        try:
            async with self._db.transaction() as session:
                got = await Repositories(session).leases.acquire(self.name, self.owner, now, self.ttl)
        except Exception as error:  # the database is away: we cannot claim to hold anything
            log.warning("lease %s: could not renew (%s)", self.name, type(error).__name__)
            got = False
        self._held_until = now + self.ttl if got else None
        return got

    async def kept_during(
        self, work: Awaitable[T], *, alive: Callable[[], None] | None = None
    ) -> T:
        """Await `work` (a long poll, a batch going out) while renewing the lease every third of
        its time, so the lease can be short (a crashed holder is replaced in seconds) and still
        outlive any wait. `alive`, when given, is called at each renewal too (the holder saying
        it is alive while it waits: health)."""

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.ttl.total_seconds() / 3)
                if alive is not None:
                    alive()
                await self.ensure()

        renewer = asyncio.create_task(renew(), name=f"renew-{self.name}")
        try:
            return await work
        finally:
            renewer.cancel()
            with suppress(asyncio.CancelledError):
                await renewer

    async def release(self) -> None:
        """Give the lease up (a clean stop)."""
        if self._held_until is None:
            return
        self._held_until = None
        try:
            async with self._db.transaction() as session:
                await Repositories(session).leases.release(self.name, self.owner, self._clock.now())
        except Exception as error:  # it runs out by itself within ttl
            log.warning("lease %s: could not release (%s)", self.name, type(error).__name__)
