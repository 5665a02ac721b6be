"""APScheduler 3 as a metronome only: it ticks the planner and the senders, and keeps no state.

Everything that matters lives in the database (reminder rows, leases), so the jobs are in
the default in-memory store, never shared between processes; a missed tick is simply run
late once (misfire_grace_time=None, coalesce=True) and never overlaps itself
(max_instances=1).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
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


def _guarded(name: str, tick: Tick) -> Tick:
    async def run() -> None:
        try:
            await tick()
        except Exception:  # a failed tick is logged; the next one tries again
            log.exception("tick %s failed", name)

    return run


def build_ticks(
    *,
    plan: Tick,
    senders: Sequence[Tick],
    start_at: datetime,
    plan_every: timedelta = timedelta(minutes=15),
    send_every: timedelta = timedelta(seconds=5),
    others: Sequence[tuple[str, Tick, timedelta]] = (),
) -> AsyncIOScheduler:
    """A scheduler (not started) ticking `plan`, each sender and the `others` (name, tick,
    interval); the first ticks at `start_at` (pass the clock's now), so downtime is caught up
    at once."""
    scheduler = AsyncIOScheduler(job_defaults=TICK_OPTIONS, timezone="UTC")
    scheduler.add_job(
        _guarded("plan", plan),
        "interval",
        seconds=plan_every.total_seconds(),
        next_run_time=start_at,
        id="plan",
        **TICK_OPTIONS,
    )
    for number, send in enumerate(senders):
        scheduler.add_job(
            _guarded(f"send{number}", send),
            "interval",
            seconds=send_every.total_seconds(),
            next_run_time=start_at + timedelta(seconds=1),
            id=f"send{number}",
            **TICK_OPTIONS,
        )
    for name, tick, every in others:
        scheduler.add_job(
            _guarded(name, tick),
            "interval",
            seconds=every.total_seconds(),
            next_run_time=start_at + timedelta(seconds=2),
            id=name,
            **TICK_OPTIONS,
        )
    return scheduler
