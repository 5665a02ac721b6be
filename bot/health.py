"""GET /healthz and GET /metrics: whether this instance works, and its figures.

/healthz answers 200 when healthy and 503 when not, with a JSON body saying why. Unhealthy
when any of these holds (the thresholds are `HealthLimits`'s defaults):

- the database does not answer a round trip (on SQLite: cannot take the write lock) within
  3 s;
- the ticks (planning, expanding due reminders, draft reminders) have not completed one for
  60 s (the expand tick runs every 5 s); counted from the start before the first one;
- a channel's deliverer loop has not turned for 60 s (it turns at least every 2 s when idle,
  and counts as turning with each message it tries and while the platform asked it to wait),
  or its task has ended;
- a channel refused the bot's token (401) at the last try of this instance, while it delivers;
- the oldest outbox message that may go now has waited more than 5 minutes (the platform is
  down or refuses us, or nobody delivers: a standby instance reports the same backlog), or
  the oldest update waiting to be handled arrived more than 2 minutes ago.

The backlogs (inbox, outbox) are reported either way; they alone do not make it unhealthy.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.metrics import Metrics
from core.clock import Clock
from services.delivery import Deliverer
from storage.engine import Database
from storage.repos import Repositories
from storage.repos.queues import QueueDepths

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HealthLimits:
    """When /healthz says unhealthy (seconds)."""

    database_timeout: float = 3.0
    tick_age: float = 60.0
    deliverer_age: float = 60.0
    oldest_due_age: float = 300.0
    oldest_update_age: float = 120.0


class Heartbeats:
    """When each recurring piece of work last completed (time.monotonic())."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self._last: dict[str, float] = {}

    def beat(self, name: str) -> None:
        self._last[name] = time.monotonic()

    def age(self, name: str) -> float | None:
        """Seconds since `name` last beat (None: never)."""
        last = self._last.get(name)
        return None if last is None else time.monotonic() - last

    def uptime(self) -> float:
        return time.monotonic() - self.started


class HealthCheck:
    """Looks at the database, the ticks, the deliverers and the queues."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        deliverers: Mapping[str, Deliverer],
        beats: Heartbeats,
        *,
        ticks: bool = True,
        limits: HealthLimits | None = None,
    ) -> None:
        self._db = database
        self._clock = clock
        self._deliverers = deliverers
        self._beats = beats
        self._ticks = ticks
        self.limits = limits or HealthLimits()

    async def report(self) -> tuple[bool, dict[str, Any]]:
        """(healthy, what was seen), as /healthz shows it."""
        limits = self.limits
        problems: list[str] = []
        body: dict[str, Any] = {}
        depths: QueueDepths | None = None
        error: str | None = None
        now = self._clock.now()
        try:
            depths = await asyncio.wait_for(self._read(now), limits.database_timeout)
        except TimeoutError:
            error = f"no answer within {limits.database_timeout:g} s"
        except Exception as failure:
            error = type(failure).__name__
        if error is not None:
            problems.append("database unreachable")
        body["database"] = {"reachable": error is None, "error": error}

        if self._ticks:
            tick_age = self._beats.age("ticks")
            age = tick_age if tick_age is not None else self._beats.uptime()
            ticking = age <= limits.tick_age
            if not ticking:
                problems.append("scheduler not ticking")
            body["scheduler"] = {"ticking": ticking, "last_tick_age_seconds": _round(tick_age)}
        else:
            body["scheduler"] = {"ticking": None, "last_tick_age_seconds": None}

        deliverers: dict[str, Any] = {}
        for name, deliverer in sorted(self._deliverers.items()):
            beat = deliverer.beat
            age_seen = None if beat is None else time.monotonic() - beat
            paused = deliverer.pacer.paused_until
            alive = (
                age_seen if age_seen is not None else self._beats.uptime()
            ) <= limits.deliverer_age or (paused is not None and paused > now)
            if not alive:
                problems.append(f"deliverer {name} not running")
            refused = deliverer.token_refused and deliverer.lease.held
            if refused:
                problems.append(f"{name} refuses the bot token")
            deliverers[name] = {
                "alive": alive,
                "token_refused": refused,
                "last_turn_age_seconds": _round(age_seen),
                "delivering": deliverer.lease.held,
            }
        body["deliverers"] = deliverers

        if depths is not None:
            due_age = _age(depths.oldest_due, now)
            update_age = _age(depths.oldest_open_update, now)
            if due_age > limits.oldest_due_age:
                problems.append("outbox not draining")
            if update_age > limits.oldest_update_age:
                problems.append("inbox not draining")
            body["inbox"] = {
                "backlog": depths.inbox_backlog,
                "oldest_open_age_seconds": _round(update_age),
            }
            body["outbox"] = {
                "backlog": depths.outbox_backlog,
                "oldest_due_age_seconds": _round(due_age),
            }
        else:
            body["inbox"] = body["outbox"] = None
        healthy = not problems
        return healthy, {"healthy": healthy, "problems": problems, **body}

    async def _read(self, now: datetime) -> QueueDepths:
        async with self._db.transaction() as session:
            repos = Repositories(session)
            await repos.queues.ping()
            return await repos.queues.depths(sorted(self._deliverers), now)


def _age(then: datetime | None, now: datetime) -> float:
    return 0.0 if then is None else max((now - then).total_seconds(), 0.0)


def _round(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 1)


class HealthRoute:
    """GET /healthz."""

    def __init__(self, check: HealthCheck) -> None:
        self._check = check

    async def __call__(self, request: web.Request) -> web.Response:
        healthy, body = await self._check.report()
        if not healthy:
            log.warning("unhealthy: %s", ", ".join(body["problems"]))
        return web.json_response(body, status=200 if healthy else 503)


class MetricsRoute:
    """GET /metrics (Prometheus text format; the database's figures read first)."""

    def __init__(
        self,
        metrics: Metrics,
        database: Database,
        clock: Clock,
        deliverers: Mapping[str, Deliverer],
    ) -> None:
        self._metrics = metrics
        self._db = database
        self._clock = clock
        self._deliverers = deliverers

    async def __call__(self, request: web.Request) -> web.Response:
        await self._metrics.refresh(self._db, self._clock, self._deliverers)
        body = self._metrics.render()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
