"""chibo's Prometheus metrics, in a registry of their own built by the bootstrap.

What this instance counted since it started: updates received (stored for the first time) and
handled per channel, how long handling took, and, read from each deliverer's stats, the
messages sent / failed / blocked / stale / expired / held back by the quota per channel and
kind, the 429s and the platform failures. What the database holds is read when Prometheus
scrapes (`refresh`, a few indexed counts): the inbox and outbox backlogs, the age of the oldest
due message and the oldest waiting update, the reminders planned, the month's messages used of
a quota, and the wrong invite codes and lockouts of the last hour. Nothing is registered in
prometheus-client's global default registry.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from core.clock import Clock
from services.delivery import Deliverer
from storage.engine import Database
from storage.repos import Repositories
from storage.repos.invite_counts import count_lockouts, count_wrong_codes
from storage.repos.queues import INBOX_OPEN, OUTBOX_OPEN, QueueDepths

log = logging.getLogger(__name__)
HANDLING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class _Snapshot:
    """What the database said at the last scrape."""

    depths: QueueDepths = field(default_factory=QueueDepths)
    now: datetime | None = None
    quota_used: dict[str, int] = field(default_factory=dict)
    quota_limit: dict[str, int] = field(default_factory=dict)
    wrong_codes: int = 0  # wrong invite codes typed in the last hour, every account
    lockouts: int = 0  # accounts locked out for wrong codes in the last hour
    database_up: bool = True


class _DeliveryCollector(Collector):
    """The deliverers' own counts, read at scrape time."""

    def __init__(self, deliverers: Mapping[str, Deliverer]) -> None:
        self._deliverers = deliverers

    def collect(self) -> Iterator[Metric]:
        messages = CounterMetricFamily(
            "chibo_messages",
            "Outbox messages this instance finished, by channel, kind and outcome "
            "(sent, failed, blocked, stale, expired, quota).",
            labels=["channel", "kind", "outcome"],
        )
        limited = CounterMetricFamily(
            "chibo_platform_rate_limited", "429 answers from the platform.", labels=["channel"]
        )
        blocked = CounterMetricFamily(
            "chibo_platform_blocked",
            "403 answers: the person blocked the bot (or left the group).",
            labels=["channel"],
        )
        unreachable = CounterMetricFamily(
            "chibo_platform_unreachable",
            "Sends that failed because the platform could not be reached (network, 5xx).",
            labels=["channel"],
        )
        taken_over = CounterMetricFamily(
            "chibo_delivery_taken_over",
            "Claimed messages this instance could not mark: another instance had taken them "
            "over (this one's delivery lease ran out while it held them).",
            labels=["channel"],
        )
        delivering = GaugeMetricFamily(
            "chibo_delivery_lease_held",
            "1 when this instance holds the channel's delivery lease (sends its messages).",
            labels=["channel"],
        )
        for name, deliverer in sorted(self._deliverers.items()):
            stats = deliverer.stats
            for (kind, outcome), count in sorted(stats.outcomes.items()):
                messages.add_metric([name, kind, outcome], count)
            limited.add_metric([name], stats.rate_limited)
            blocked.add_metric([name], stats.blocked)
            unreachable.add_metric([name], stats.unreachable)
            taken_over.add_metric([name], stats.taken_over)
            delivering.add_metric([name], 1.0 if deliverer.lease.held else 0.0)
        yield from (messages, limited, blocked, unreachable, taken_over, delivering)


class _QueueCollector(Collector):
    """The database's backlogs as read by the last `Metrics.refresh`."""

    def __init__(self, snapshot: _Snapshot) -> None:
        self._snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        snapshot = self._snapshot
        depths = snapshot.depths
        inbox = GaugeMetricFamily(
            "chibo_inbox_backlog", "Updates waiting to be handled, by status.", labels=["status"]
        )
        for status in INBOX_OPEN:
            inbox.add_metric([status], depths.inbox.get(status, 0))
        outbox = GaugeMetricFamily(
            "chibo_outbox_backlog",
            "Messages waiting to go out, by channel and status.",
            labels=["channel", "status"],
        )
        for (channel, status), count in sorted(depths.outbox.items()):
            if status in OUTBOX_OPEN:
                outbox.add_metric([channel, status], count)
        oldest_due = GaugeMetricFamily(
            "chibo_outbox_oldest_due_age_seconds",
            "Age of the oldest message that may go now (0: none waits).",
        )
        oldest_due.add_metric([], _age(depths.oldest_due, snapshot.now))
        oldest_update = GaugeMetricFamily(
            "chibo_inbox_oldest_open_age_seconds",
            "Age of the oldest update still waiting to be handled (0: none waits).",
        )
        oldest_update.add_metric([], _age(depths.oldest_open_update, snapshot.now))
        up = GaugeMetricFamily(
            "chibo_database_up", "1 when the last scrape could read the database, else 0."
        )
        up.add_metric([], 1.0 if snapshot.database_up else 0.0)
        reminders = GaugeMetricFamily(
            "chibo_reminders_planned", "Reminders planned and not yet written to the outbox."
        )
        reminders.add_metric([], depths.reminders_pending)
        used = GaugeMetricFamily(
            "chibo_quota_used_messages",
            "Platform messages used this month of a channel's monthly quota.",
            labels=["channel"],
        )
        limit = GaugeMetricFamily(
            "chibo_quota_limit_messages", "A channel's monthly message quota.", labels=["channel"]
        )
        for channel, count in sorted(snapshot.quota_used.items()):
            used.add_metric([channel], count)
        for channel, count in sorted(snapshot.quota_limit.items()):
            limit.add_metric([channel], count)
        wrong = GaugeMetricFamily(
            "chibo_invite_wrong_codes_last_hour",
            "Wrong invite codes typed in the last hour, across every account.",
        )
        wrong.add_metric([], snapshot.wrong_codes)
        lockouts = GaugeMetricFamily(
            "chibo_invite_lockouts_last_hour",
            "Accounts locked out in the last hour for typing wrong invite codes.",
        )
        lockouts.add_metric([], snapshot.lockouts)
        yield from (
            up,
            inbox,
            outbox,
            oldest_due,
            oldest_update,
            reminders,
            used,
            limit,
            wrong,
            lockouts,
        )


def _age(then: datetime | None, now: datetime | None) -> float:
    if then is None or now is None:
        return 0.0
    return max((now - then).total_seconds(), 0.0)


class Metrics:
    """The registry and the instruments the inbox intake and worker record into."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates_received = Counter(
            "chibo_updates_received",
            "Updates stored in the inbox for the first time, by channel.",
            ["channel"],
            registry=self.registry,
        )
        self.updates_handled = Counter(
            "chibo_updates_handled",
            "Updates handled, by channel and outcome (done, failed).",
            ["channel", "outcome"],
            registry=self.registry,
        )
        self.handling_seconds = Histogram(
            "chibo_update_handling_seconds",
            "Time spent handling one update (its conversation step), by channel.",
            ["channel"],
            buckets=HANDLING_BUCKETS,
            registry=self.registry,
        )
        self.webhooks_refused = Counter(
            "chibo_webhook_refused",
            "Webhook calls refused for a missing or wrong secret, by channel and reason.",
            ["channel", "reason"],
            registry=self.registry,
        )
        self._snapshot = _Snapshot()
        self.registry.register(_QueueCollector(self._snapshot))

    def watch(self, deliverers: Mapping[str, Deliverer]) -> None:
        """Report these deliverers' counts (the bootstrap calls it once they are built)."""
        self.registry.register(_DeliveryCollector(deliverers))

    async def refresh(
        self,
        database: Database,
        clock: Clock,
        deliverers: Mapping[str, Deliverer],
        *,
        within: float = 3.0,
    ) -> QueueDepths | None:
        """Read the backlogs and quotas from the database (before a scrape is rendered); when
        it cannot be read within `within` seconds, the last figures stay and
        chibo_database_up says 0."""
        try:
            return await asyncio.wait_for(self._read(database, clock, deliverers), within)
        except Exception as error:
            log.warning("metrics: the database could not be read (%s)", type(error).__name__)
            self._snapshot.database_up = False
            return None

    async def _read(
        self, database: Database, clock: Clock, deliverers: Mapping[str, Deliverer]
    ) -> QueueDepths:
        now = clock.now()
        used: dict[str, int] = {}
        limits: dict[str, int] = {}
        async with database.transaction() as session:
            repos = Repositories(session)
            depths = await repos.queues.depths(sorted(deliverers), now)
            for name, deliverer in deliverers.items():
                quota = deliverer.quota
                if quota is not None and quota.monthly is not None:
                    used[name] = await repos.usage.sent(name, quota.month(now))
                    limits[name] = quota.monthly
            hour_ago = now - timedelta(hours=1)
            wrong_codes = await count_wrong_codes(session, hour_ago)
            lockouts = await count_lockouts(session, hour_ago)
        self._snapshot.depths = depths
        self._snapshot.now = now
        self._snapshot.quota_used = used
        self._snapshot.quota_limit = limits
        self._snapshot.wrong_codes = wrong_codes
        self._snapshot.lockouts = lockouts
        self._snapshot.database_up = True
        return depths

    def render(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)
