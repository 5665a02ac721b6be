"""Helpers for the reminder tests: a small organisation in a database, fake channels, sleeps."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.channel import ChannelBlocked, ChannelError, ChannelRateLimited, PartsGone, Sent
from core.clock import FakeClock
from core.i18n import Catalogs
from core.messages import ChannelName, Reply
from services.delivery import Deliverer
from services.leases import LeaseKeeper
from services.pacing import UNLIMITED, Pace
from services.reminder_expansion import expand_due
from storage.engine import Database
from storage.models import Account, Cell, Organization, OutboxMessage
from storage.repos import Repositories
from tests.harness import fake_sleep

__all__ = ["fake_sleep"]


class RecordingChannel:
    """Keeps what it was asked to send; can be told to fail in scripted ways."""

    shows_buttons = False

    def __init__(self, name: ChannelName = "console") -> None:
        self.name: ChannelName = name
        self.sent: list[tuple[str, Reply]] = []
        self.calls: list[str] = []
        self._ids = itertools.count(1)
        self.blocked: set[str] = set()
        self.rate_limit_next: list[float] = []
        self.down = False
        self.clock: FakeClock | None = None
        self.times: list[datetime] = []

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        self.calls.append(chat_id)
        if self.rate_limit_next:
            raise ChannelRateLimited(retry_after=self.rate_limit_next.pop(0))
        if chat_id in self.blocked:
            raise ChannelBlocked("Forbidden: bot was blocked by the user")
        if self.down:
            raise ChannelError("network down")
        self.sent.append((chat_id, reply))
        if self.clock is not None:
            self.times.append(self.clock.now())
        return Sent(str(next(self._ids)))

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        self.calls.append(chat_id)

    def to(self, chat_id: str) -> list[Reply]:
        return [reply for chat, reply in self.sent if chat == chat_id]


@dataclass
class SendStats:
    """What one pass of expansion and delivery did."""

    elected: bool
    expanded: int = 0
    closed: int = 0
    sent: int = 0
    rate_limited: int = 0
    blocked: int = 0
    stale: int = 0
    failed: int = 0


class ReminderRun:
    """Due reminders expanded into the outbox, then the channel's deliverer, as the app's
    ticks run them."""

    def __init__(
        self,
        database: Database,
        channel: Any,
        clock: Any,
        *,
        pace: Pace = UNLIMITED,
        sleep: Any = None,
        owner: str | None = None,
        mark_batch: int = 20,
    ) -> None:
        self._db = database
        self._clock = clock
        lease = LeaseKeeper(database, clock, f"deliver:{channel.name}", owner=owner)
        self.deliverer = Deliverer(
            database, channel, clock, Catalogs(), pace=pace, lease=lease, sleep=sleep,
            mark_batch=mark_batch,
        )

    async def run_once(self) -> SendStats:
        expanded, closed = await expand_due(self._db, self._clock)
        before = self.deliverer.stats
        counts = {o: before.total(o) for o in ("sent", "blocked", "stale", "failed")}
        limited = before.rate_limited
        await self.deliverer.send_due()
        after = self.deliverer.stats
        return SendStats(
            elected=self.deliverer.lease.held,
            expanded=expanded,
            closed=closed,
            sent=after.total("sent") - counts["sent"],
            rate_limited=after.rate_limited - limited,
            blocked=after.total("blocked") - counts["blocked"],
            stale=after.total("stale") - counts["stale"],
            failed=after.total("failed") - counts["failed"],
        )


async def outbox_of(database: Database, kind: str | None = None) -> list[OutboxMessage]:
    async with database.transaction() as session:
        return await Repositories(session).outbox.messages(kind=kind)


def day_rule(day: int, at: str = "19:30", shift: bool = True) -> dict[str, Any]:
    return {"kind": "day_of_month", "day": day, "time": at, "shift_to_working_day": shift}


@dataclass
class World:
    root: Organization
    orgs: dict[str, Organization] = field(default_factory=dict)
    cells: dict[str, Cell] = field(default_factory=dict)
    secretaries: dict[str, Account] = field(default_factory=dict)
    officers: dict[str, Account] = field(default_factory=dict)


async def add_account(
    repos: Repositories, name: str, now: datetime, *, channel: str = "console"
) -> Account:
    return await repos.accounts.get_or_create(
        channel, name, chat_id=name, display_name=name, locale="vi", now=now
    )


async def build_world(
    database: Database,
    now: datetime,
    cells: Sequence[tuple[str, dict[str, Any], dict[str, Any] | None, str]],
    *,
    org_settings: dict[str, dict[str, Any]] | None = None,
    no_secretary: Sequence[str] = (),
    channel: str = "console",
) -> World:
    """cells: (name, meeting rule, topic rule, org key). Org keys get child organisations of
    one root; an officer "off_root" covers all, "off_<org>" covers one org."""
    org_settings = org_settings or {}
    async with database.transaction() as session:
        repos = Repositories(session)
        root = await repos.orgs.add_org("Huyện ủy Thử", parent=None, kind="huyen", now=now)
        world = World(root)
        officer = await add_account(repos, "off_root", now, channel=channel)
        await repos.roles.grant(
            officer.id or 0, "officer", org_id=root.id, cell_id=None, granted_by=None, now=now
        )
        world.officers["root"] = officer
        for name, rule, topic, org_key in cells:
            if org_key not in world.orgs:
                settings = org_settings.get(org_key, {})
                timezone = settings.pop("timezone", "Asia/Ho_Chi_Minh")
                org = await repos.orgs.add_org(
                    f"Đảng bộ {org_key}",
                    parent=root,
                    kind="xa",
                    now=now,
                    settings=settings,
                    timezone=timezone,
                )
                world.orgs[org_key] = org
                local = await add_account(repos, f"off_{org_key}", now, channel=channel)
                await repos.roles.grant(
                    local.id or 0,
                    "officer",
                    org_id=org.id,
                    cell_id=None,
                    granted_by=None,
                    now=now,
                )
                world.officers[org_key] = local
            cell = await repos.orgs.add_cell(  # of long standing: October's meeting is owed
                world.orgs[org_key],
                name,
                now=now - timedelta(days=365),
                meeting_rule=rule,
                topic_rule=topic,
            )
            world.cells[name] = cell
            if name not in no_secretary:
                secretary = await add_account(repos, f"sec_{name}", now, channel=channel)
                await repos.roles.grant(
                    secretary.id or 0,
                    "secretary",
                    org_id=None,
                    cell_id=cell.id,
                    granted_by=None,
                    now=now,
                )
                world.secretaries[name] = secretary
    return world
