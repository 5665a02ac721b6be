"""APScheduler 3 as a metronome only: it ticks the jobs, and keeps no state.

Everything that matters lives in the database (reminder rows, the outbox, leases), so the jobs
are in the default in-memory store, never shared between processes; a missed tick is simply
run late once (misfire_grace_time=None, coalesce=True) and never overlaps itself
(max_instances=1).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)
Tick = Callable[[], Awaitable[Any]]
TICK_OPTIONS: dict[str, Any] = {
    "misfire_grace_time": None,
    "coalesce": True,
    "max_instances": 1,
}


@dataclass(frozen=True)
class Job:
    """A tick to run every `every`, the first `delay` after the start."""

    name: str
    tick: Tick
    every: timedelta
    delay: timedelta = timedelta(0)


def _guarded(name: str, tick: Tick) -> Tick:
    async def run() -> None:
        try:
            await tick()
        except asyncio.CancelledError:  # the process is stopping: the tick simply ends
            log.debug("tick %s cancelled by the stop", name)
        except Exception:  # a failed tick is logged; the next one tries again
            log.exception("tick %s failed", name)

    return run


def build_ticks(jobs: Sequence[Job], *, start_at: datetime) -> AsyncIOScheduler:
    """A scheduler (not started) ticking each job; the first ticks at `start_at` plus its delay
    (pass the clock's now), so downtime is caught up at once."""
    scheduler = AsyncIOScheduler(job_defaults=TICK_OPTIONS, timezone="UTC")
    for job in jobs:
        scheduler.add_job(
            _guarded(job.name, job.tick),
            "interval",
            seconds=job.every.total_seconds(),
            next_run_time=start_at + job.delay,
            id=job.name,
            **TICK_OPTIONS,
        )
    return scheduler
