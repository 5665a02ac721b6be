"""The reminder sender: due reminders expanded into deliveries, claimed, paced and sent once.

How a reminder goes out:

1. Expansion (any instance, one transaction): due `pending` reminders are locked
   (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite's BEGIN IMMEDIATE write lock), checked with
   `is_still_meaningful` against the cell's state *now* (reported? moved? started? expired?),
   and either closed (`stale` / `unreachable`, with a reason officers can read) or turned into
   one delivery row per recipient (keys "<reminder key>>account id", so never twice).
   Escalations are grouped with `build_digests` into one digest per officer per local day.
2. Claim (one transaction): due deliveries of this channel are marked `sending` with a
   lease (UPDATE … RETURNING) and committed *before* any platform call.
3. Send: paced (global rate, ≥ 1 s per chat, 20/min per group; 429 pauses the whole
   sender until `retry_after`), then marked `sent` with the platform message id; the marks
   of up to `mark_batch` messages (20 by default) are committed together, and always before
   the next batch is claimed. 403 → the account is marked blocked, the delivery `blocked`, and the cell
   goes into its officers' digest. Other errors → retried with backoff, then `failed` with the
   error kept.

Only one sender per bot token (channel) is active: it holds the lease row
"sender:<channel>" in `senderlease`, renewed on every batch (works on SQLite and PostgreSQL).

Crash windows (documented guarantee):
- Dying after the claim and before the platform call: the row stays `sending` until its lease
  (`lease`, 5 minutes by default) runs out; the next sender claims and sends it. Nothing is
  lost and nothing is sent twice.
- Dying after the platform accepted a message and before its `sent` mark commits: the row
  is claimed again when its lease runs out and the message goes out a SECOND time. The window
  holds at most `mark_batch` messages plus those in flight (`pace.concurrency`), for well
  under a second at Telegram's pace; `mark_batch=1` narrows it to one message at the cost of
  one commit per message. It is the only way to get a duplicate: platforms offer no
  idempotency key that would close it.
- Dying during expansion: the transaction rolls back; the reminder stays `pending`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.channel import Channel, ChannelBlocked, ChannelError, ChannelRateLimited
from core.clock import Clock
from core.i18n import N_, Catalogs
from scheduler.digest import build_digests
from scheduler.planning import (
    MEETING_KINDS,
    PlannedReminder,
    Recipient,
    ReminderKind,
)
from scheduler.staleness import is_still_meaningful
from scheduler.texts import render_delivery
from services.reminder_planning import CELL_ROLES, CellContext, current_meeting, load_cells
from storage.engine import Database
from storage.models import Account, Organization, Reminder, ReminderDelivery
from storage.repos import Repositories

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]
OFFICER_ROLES = ("officer",)


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast one channel may send: `per_second` overall (None: no limit), at least
    `chat_seconds` between messages to one chat, at most `group_per_minute` to one group, and
    up to `concurrency` platform calls in flight."""

    per_second: float | None = 25.0
    chat_seconds: float = 1.0
    group_per_minute: int = 20
    concurrency: int = 1


TELEGRAM_PACE = Pace(per_second=28.0, chat_seconds=1.0, group_per_minute=20, concurrency=4)
ZALO_PACE = Pace(per_second=3.0, chat_seconds=1.0, group_per_minute=20, concurrency=1)
CONSOLE_PACE = Pace(per_second=None, chat_seconds=0.0, group_per_minute=0, concurrency=1)


def is_group_chat(chat_id: str) -> bool:
    """Telegram groups have negative chat ids."""
    return chat_id.startswith("-")


class Pacer:
    """Hands out send slots: each caller reserves the earliest slot allowed, then sleeps."""

    def __init__(self, pace: Pace, clock: Clock, sleep: Sleep) -> None:
        self.pace = pace
        self._clock = clock
        self._sleep = sleep
        self._next_global: datetime | None = None
        self._last_chat: dict[str, datetime] = {}
        self._group_sends: dict[str, list[datetime]] = {}
        self.paused_until: datetime | None = None

    def pause(self, until: datetime) -> None:
        if self.paused_until is None or until > self.paused_until:
            self.paused_until = until

    def _reserve(self, chat_id: str) -> datetime:
        now = self._clock.now()
        slot = now
        if self.paused_until is not None and self.paused_until > slot:
            slot = self.paused_until
        if self._next_global is not None and self._next_global > slot:
            slot = self._next_global
        last = self._last_chat.get(chat_id)
        if last is not None and self.pace.chat_seconds:
            slot = max(slot, last + timedelta(seconds=self.pace.chat_seconds))
        if is_group_chat(chat_id) and self.pace.group_per_minute:
            recent = [t for t in self._group_sends.get(chat_id, []) if t > slot - _MINUTE]
            if len(recent) >= self.pace.group_per_minute:
                slot = max(slot, recent[-self.pace.group_per_minute] + _MINUTE)
            self._group_sends[chat_id] = [*recent, slot]
        if self.pace.per_second:
            self._next_global = slot + timedelta(seconds=1 / self.pace.per_second)
        self._last_chat[chat_id] = slot
        if len(self._last_chat) > 50_000:
            horizon = now - timedelta(seconds=max(self.pace.chat_seconds, 1))
            self._last_chat = {c: t for c, t in self._last_chat.items() if t > horizon}
        return slot

    async def wait_turn(self, chat_id: str) -> None:
        slot = self._reserve(chat_id)
        delay = (slot - self._clock.now()).total_seconds()
        if delay > 0:
            await self._sleep(delay)
        # a 429 may have paused the sender while this caller slept
        while self.paused_until is not None and self.paused_until > self._clock.now():
            await self._sleep((self.paused_until - self._clock.now()).total_seconds())


_MINUTE = timedelta(minutes=1)


@dataclass
class SendStats:
    elected: bool = True
    expanded: int = 0
    closed: int = 0
    sent: int = 0
    retried: int = 0
    rate_limited: int = 0
    blocked: int = 0
    failed: int = 0
    stale: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """15 s, 30 s, 1 min, … up to 30 min: with 8 attempts a reminder rides out ~30 min."""
    return timedelta(seconds=min(1800, 15 * 2 ** max(attempts - 1, 0)))


def _planned(row: Reminder) -> PlannedReminder:
    return PlannedReminder(
        str(row.cell_id),
        ReminderKind(row.kind),
        Recipient(row.recipient),
        row.period,
        row.offset,
        row.due_at,
        row.expires_at,
        {str(k): str(v) for k, v in row.payload.items()},
    )


def _org_ids(org: Organization) -> list[int]:
    return org.lineage()


async def officers_of(
    repos: Repositories, contexts: dict[int, CellContext]
) -> dict[int, list[Account]]:
    """cell id → active officers whose organisation covers the cell's organisation."""
    org_ids = sorted({i for c in contexts.values() for i in _org_ids(c.org)})
    by_org = await repos.reminders.org_accounts(org_ids, OFFICER_ROLES)
    found: dict[int, list[Account]] = {}
    for cell_id, context in contexts.items():
        accounts: dict[int, Account] = {}
        for org_id in _org_ids(context.org):
            for account in by_org.get(org_id, []):
                if account.id is not None:
                    accounts[account.id] = account
        found[cell_id] = list(accounts.values())
    return found


def _end_of_local_day(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


async def add_digest_lines(
    repos: Repositories,
    officer: Account,
    day: date,
    lines: Sequence[dict[str, Any]],
    *,
    now: datetime,
    expires_at: datetime,
) -> None:
    """Put lines into the officer's digest of `day`: the one not yet sent, else a new one."""
    assert officer.id is not None
    prefix = f"digest:{officer.id}:{day.isoformat()}:"
    open_digest = await repos.reminders.open_digest(officer.id, prefix)
    if open_digest is not None:
        known = {(line.get("key"), line.get("type")) for line in open_digest.payload["lines"]}
        fresh = [ln for ln in lines if (ln.get("key"), ln.get("type")) not in known]
        if fresh:
            payload = dict(open_digest.payload)
            payload["lines"] = [*payload["lines"], *fresh]
            open_digest.payload = payload
            open_digest.expires_at = max(open_digest.expires_at, expires_at)
            await repos.reminders.save_delivery(open_digest)
        return
    number = await repos.reminders.count_keys(prefix) + 1
    await repos.reminders.add_delivery(
        {
            "dedupe_key": f"{prefix}{number}",
            "account_id": officer.id,
            "channel": officer.channel,
            "chat_id": officer.chat_id,
            "kind": "digest",
            "payload": {"day": day.isoformat(), "lines": list(lines)},
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "expires_at": expires_at,
            "created_at": now,
        }
    )


async def expand_due(database: Database, clock: Clock, *, limit: int = 500) -> tuple[int, int]:
    """Turn due reminders into deliveries (or close them); (expanded, closed)."""
    expanded = closed = 0
    while True:
        batch_expanded, batch_closed, more = await _expand_batch(database, clock.now(), limit)
        expanded += batch_expanded
        closed += batch_closed
        if not more:
            return expanded, closed


async def _expand_batch(database: Database, now: datetime, limit: int) -> tuple[int, int, bool]:
    expanded = closed = 0
    async with database.transaction() as session:
        repos = Repositories(session)
        due = await repos.reminders.claim_due(now, limit=limit)
        if not due:
            return 0, 0, False
        cell_ids = sorted({r.cell_id for r in due})
        cells = await repos.reminders.cells(cell_ids)
        contexts = await load_cells(repos, [c for c in cells if c.active])
        people = await repos.reminders.cell_accounts(cell_ids, CELL_ROLES)
        officers = await officers_of(repos, contexts)
        escalations: list[PlannedReminder] = []
        for row in due:
            context = contexts.get(row.cell_id)
            if context is None:
                await repos.reminders.close(
                    row,
                    "cancelled",
                    now=now,
                    code="no_cell",
                    msgid=N_("Not sent: the cell is closed or its schedule cannot be read."),
                )
                closed += 1
                continue
            planned = _planned(row)
            meeting = (
                current_meeting(context.schedule, row.period)
                if planned.kind in MEETING_KINDS
                else None
            )
            verdict = is_still_meaningful(
                planned, now, meeting, reported=row.period in context.schedule.reported
            )
            if not verdict.send:
                reason = verdict.reason
                await repos.reminders.close(
                    row,
                    "stale",
                    now=now,
                    code=str(verdict.code),
                    msgid=reason.msgid if reason else None,
                    params=dict(reason.params) if reason else None,
                )
                closed += 1
                continue
            accounts = people.get(row.cell_id, [])
            reachable = [a for a in accounts if a.blocked_at is None]
            if planned.recipient is Recipient.OFFICERS:
                if not officers.get(row.cell_id):
                    await repos.reminders.close(
                        row,
                        "unreachable",
                        now=now,
                        code="no_officer",
                        msgid=N_("Not sent: no officer follows this cell."),
                    )
                    closed += 1
                    continue
                payload = dict(planned.payload)
                payload["reachable"] = "yes" if reachable or not accounts else "no"
                payload["cell_name"] = context.cell.name
                escalations.append(
                    PlannedReminder(
                        planned.cell_id,
                        planned.kind,
                        planned.recipient,
                        planned.period,
                        planned.offset,
                        planned.due_at,
                        planned.expires_at,
                        payload,
                    )
                )
                await repos.reminders.close(row, "expanded", now=now)
                expanded += 1
                continue
            if not reachable:
                msgid = (
                    N_("Not sent: the secretary has blocked the bot.")
                    if accounts
                    else N_("Not sent: the cell has no secretary on the bot.")
                )
                code = "blocked" if accounts else "no_secretary"
                await repos.reminders.close(row, "unreachable", now=now, code=code, msgid=msgid)
                closed += 1
                continue
            payload = {**row.payload, "cell_name": context.cell.name, "period": row.period}
            for account in reachable:
                await repos.reminders.add_delivery(
                    {
                        "dedupe_key": f"{row.dedupe_key}>{account.id}",
                        "reminder_id": row.id,
                        "cell_id": row.cell_id,
                        "period": row.period,
                        "account_id": account.id,
                        "channel": account.channel,
                        "chat_id": account.chat_id,
                        "kind": row.kind,
                        "payload": payload,
                        "status": "pending",
                        "attempts": 0,
                        "next_attempt_at": now,
                        "expires_at": row.expires_at,
                        "created_at": now,
                    }
                )
            await repos.reminders.close(row, "expanded", now=now)
            expanded += 1
        officer_ids = {cell: [str(a.id) for a in accounts] for cell, accounts in officers.items()}
        accounts_by_id = {str(a.id): a for accounts in officers.values() for a in accounts}
        for digest in build_digests(escalations, {str(c): v for c, v in officer_ids.items()}):
            by_key = {e.dedupe_key: e for e in escalations}
            lines = []
            expires = now
            for line in digest.lines:
                source = by_key[line.reminder_key]
                expires = max(expires, source.expires_at)
                lines.append(
                    {
                        "type": "late",
                        "key": line.reminder_key,
                        "cell_id": int(line.cell_id),
                        "cell_name": source.payload.get("cell_name", ""),
                        "period": line.period,
                        "meeting_date": line.meeting_date.isoformat(),
                        "days_late": line.days_late,
                        "has_secretary": line.has_secretary,
                        "reachable": source.payload.get("reachable") == "yes",
                    }
                )
            await add_digest_lines(
                repos,
                accounts_by_id[digest.officer_id],
                digest.day,
                lines,
                now=now,
                expires_at=expires,
            )
        return expanded, closed, len(due) >= limit


class ReminderSender:
    """Sends due reminders for ONE channel (bot token); see the module docstring."""

    def __init__(
        self,
        database: Database,
        channel: Channel,
        clock: Clock,
        catalogs: Catalogs,
        *,
        pace: Pace = TELEGRAM_PACE,
        sleep: Sleep = asyncio.sleep,
        owner: str | None = None,
        batch: int = 100,
        lease: timedelta = timedelta(minutes=5),
        election_ttl: timedelta = timedelta(seconds=60),
        max_attempts: int = 8,
        expand: bool = True,
        mark_batch: int = 20,
    ) -> None:
        self._db = database
        self._mark_batch = max(mark_batch, 1)
        self._marks: list[tuple[int, str, datetime]] = []
        self.channel = channel
        self._clock = clock
        self._catalogs = catalogs
        self.pacer = Pacer(pace, clock, sleep)
        self.owner = owner or uuid.uuid4().hex
        self._batch = batch
        self._lease = lease
        self._election_ttl = election_ttl
        self._max_attempts = max_attempts
        self._expand = expand
        self.lease_name = f"sender:{channel.name}"
        self._blocked_chats: set[str] = set()  # chats that answered 403 in this run

    async def _elect(self) -> bool:
        async with self._db.transaction() as session:
            return await Repositories(session).reminders.acquire_lease(
                self.lease_name, self.owner, self._clock.now(), self._election_ttl
            )

    async def release(self) -> None:
        async with self._db.transaction() as session:
            await Repositories(session).reminders.release_lease(
                self.lease_name, self.owner, self._clock.now()
            )

    async def run_once(self) -> SendStats:
        """Expand due reminders, then send every due delivery of this channel (if elected)."""
        stats = SendStats()
        if not await self._elect():
            stats.elected = False
            return stats
        self._blocked_chats.clear()
        if self._expand:
            stats.expanded, stats.closed = await expand_due(self._db, self._clock)
        while True:
            async with self._db.transaction() as session:
                rows = await Repositories(session).reminders.claim_deliveries(
                    self.channel.name, self._clock.now(), limit=self._batch, lease=self._lease
                )
            if not rows:
                break
            await self._send_batch(rows, stats)
            if not await self._elect():
                break  # another instance took over (this one was too slow)
        return stats

    async def _send_batch(self, rows: list[ReminderDelivery], stats: SendStats) -> None:
        async with self._db.transaction() as session:
            repos = Repositories(session)
            ids = sorted({r.account_id for r in rows})
            accounts = {a.id: a for a in await repos.reminders.accounts(ids)}
            digest_cells = sorted(
                {
                    int(line["cell_id"])
                    for r in rows
                    if r.kind == "digest"
                    for line in r.payload.get("lines", [])
                }
            )
            reported = await repos.meetings.reported_periods(digest_cells)
        limit = asyncio.Semaphore(max(self.pacer.pace.concurrency, 1))

        async def one(row: ReminderDelivery) -> None:
            async with limit:
                await self._send_one(row, accounts.get(row.account_id), reported, stats)

        try:
            if self.pacer.pace.concurrency <= 1:
                for row in rows:
                    await self._send_one(row, accounts.get(row.account_id), reported, stats)
            else:
                await asyncio.gather(*(one(row) for row in rows))
        finally:
            await self._flush_marks()

    async def _flush_marks(self) -> None:
        """Commit the `sent` marks of the messages the platform accepted, in one transaction."""
        marks, self._marks = self._marks, []
        if not marks:
            return
        async with self._db.transaction() as session:
            repos = Repositories(session)
            for row_id, message_id, sent_at in marks:
                await repos.reminders.finish_delivery(
                    row_id, "sent", message_id=message_id, sent_at=sent_at
                )

    async def _finish(self, row_id: int, status: str, **values: Any) -> None:
        async with self._db.transaction() as session:
            await Repositories(session).reminders.finish_delivery(row_id, status, **values)

    async def _send_one(
        self,
        row: ReminderDelivery,
        account: Account | None,
        reported: dict[int, set[str]],
        stats: SendStats,
    ) -> None:
        assert row.id is not None
        if account is None or account.blocked_at is not None or row.chat_id in self._blocked_chats:
            await self._finish(row.id, "blocked", error="account blocked the bot")
            stats.blocked += 1
            return
        payload = row.payload
        if row.kind == "digest":
            lines = [
                line
                for line in payload.get("lines", [])
                if line.get("type") == "unreachable"
                or line.get("period") not in reported.get(int(line["cell_id"]), set())
            ]
            if not lines:
                await self._finish(row.id, "stale", error="every cell has reported since")
                stats.stale += 1
                return
            payload = {**payload, "lines": lines}
        await self.pacer.wait_turn(row.chat_id)
        now = self._clock.now()
        if now >= row.expires_at:
            await self._finish(row.id, "stale", error="expired before it could be sent")
            stats.stale += 1
            return
        reply = render_delivery(row.kind, payload, self._catalogs.translator(account.locale))
        try:
            sent = await self.channel.send(row.chat_id, reply)
        except ChannelRateLimited as error:
            until = self._clock.now() + timedelta(seconds=error.retry_after)
            self.pacer.pause(until)
            stats.rate_limited += 1
            async with self._db.transaction() as session:
                await Repositories(session).reminders.retry_delivery(
                    row.id, at=until, error=str(error), refund=True
                )
        except ChannelBlocked as error:
            self._blocked_chats.add(row.chat_id)
            stats.blocked += 1
            await self._blocked(row, account, str(error))
        except ChannelError as error:
            if row.attempts >= self._max_attempts:
                stats.failed += 1
                log.error("reminder delivery %s failed: %s", row.id, error)
                await self._finish(row.id, "failed", error=str(error)[:2000])
            else:
                stats.retried += 1
                async with self._db.transaction() as session:
                    await Repositories(session).reminders.retry_delivery(
                        row.id, at=self._clock.now() + backoff(row.attempts), error=str(error)
                    )
        else:
            stats.sent += 1
            self._marks.append((row.id, sent.message_id, self._clock.now()))
            if len(self._marks) >= self._mark_batch:
                await self._flush_marks()

    async def _blocked(self, row: ReminderDelivery, account: Account, error: str) -> None:
        """403: stop sending to the account and tell the cell's officers in their digest."""
        assert row.id is not None
        now = self._clock.now()
        async with self._db.transaction() as session:
            repos = Repositories(session)
            await repos.reminders.finish_delivery(row.id, "blocked", error=error[:2000])
            await repos.accounts.mark_blocked_chat(account.channel, account.chat_id, now)
            await repos.reminders.stop_deliveries_to(account.channel, account.chat_id)
            if row.cell_id is None:
                return
            cells = await repos.reminders.cells([row.cell_id])
            contexts = await load_cells(repos, cells)
            context = contexts.get(row.cell_id)
            if context is None:
                return
            tz = ZoneInfo(context.org.timezone)
            day = now.astimezone(tz).date()
            line = {
                "type": "unreachable",
                "key": f"blocked:{row.cell_id}:{account.id}",
                "cell_id": row.cell_id,
                "cell_name": context.cell.name,
            }
            for officer in (await officers_of(repos, contexts)).get(row.cell_id, []):
                if officer.blocked_at is None:
                    await add_digest_lines(
                        repos,
                        officer,
                        day,
                        [line],
                        now=now,
                        expires_at=_end_of_local_day(day, tz),
                    )
