"""The one deliverer of a channel (bot token): every outbox message, paced, in order per chat.

How a message goes out:

1. Election: one instance per channel delivers; it holds the lease "deliver:<channel>" (a row
   renewed every few seconds, `ttl` 10 s). On taking it, the deliverer puts back whatever the
   previous holder left `sending`. Standing-by instances try again every few seconds.
2. Claim (one short transaction): due messages, by priority (a reply to someone typing before a
   reminder batch), each chat's messages only together with every earlier open message of that
   chat, so a message waiting for a retry holds the chat's queue and order is kept.
3. Send: each chat's messages one after the other; chats in parallel (up to the pace's
   concurrency); every call paced (the overall rate, the chat's rate, a group's rate). A 429
   pauses every chat until `retry_after`; the platform being unreachable (network, 5xx) pauses
   every chat with a growing backoff (0.5 s to 10 s) and the message waits at the head of its
   chat; a chat refused in a way that may be a block (Zalo's 403 until confirmed) waits alone.
   A message is given up only when the platform refuses it for good (400 with a reason:
   failed), the person blocked the bot (the blocked policy in services/blocking.py), it is
   no longer useful (a reminder past its expiry: stale) or it could not go out for a day
   (expired); each is logged and counted. A send the channel reports unconfirmed (it went out
   whole, no answer came: it may have been delivered, and there is no idempotency key) is
   tried once more after `UNCONFIRMED_WAIT`, then closed as failed with the reason
   «unconfirmed»: such a message shows at most twice, never three times.
4. Mark: the outcomes are committed together, every `mark_batch` messages and at the end of
   each claimed batch, for the messages still claimed by this deliverer.

Crash windows (the documented guarantee):
- Dying after the claim and before the platform call: the message is `sending`; the next holder
  of the lease puts it back at once and sends it. Nothing is lost, nothing is sent twice.
- Dying after the platform accepted a message and before its mark commits: the next holder
  sends it again. At most `mark_batch` (20) messages plus the calls in flight (the pace's
  concurrency) can be sent twice this way, and only at a crash (kill -9, power loss); platforms
  offer no idempotency key that would close this window. A clean stop marks what was sent and
  gives the unsent back before it releases the lease.
- A reply the platform takes as several messages (Zalo: 2,000 characters each; Telegram:
  4,096): after each of its messages but the last is answered, how many went is recorded in
  its row at once (`parts_sent`; a short transaction of its own, only while the row is still
  this deliverer's `sending` claim) before the next goes; the next holder resumes after
  them (the count survives `release_orphans`). So a crash shows again at most ONE message of
  such a reply: the one the platform had taken (answered, or still unanswered) when the process
  died before its count (or, for the last, its mark) was written. The database failing that
  write is logged and the reply goes on (a crash then could send those messages again); the row
  found no longer this deliverer's claim stops the reply there (the new holder sends the rest).
- Recovery: after a clean stop another instance takes over at once; after a kill -9, when the
  lease runs out (at most `ttl`, 10 s) plus one standby poll (2 s).
- Stalling past the lease without dying (a frozen process, a database out of reach): the next
  holder takes the messages over as after a crash. The stalled one's marks then touch only the
  messages still `sending` under its own claim (`claimed_by`), never the other's outcomes; the
  others are counted (`taken_over`) and logged. What it had sent may show twice, as above.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.channel import (
    Channel,
    ChannelBlocked,
    ChannelError,
    ChannelRateLimited,
    ChannelRefused,
    ChannelRejected,
    ChannelUnauthorized,
    ChannelUnconfirmed,
)
from core.clock import Clock
from core.i18n import Catalogs, Translator
from core.messages import Reply
from core.prompts import with_hint
from core.vnformat import format_day_long, format_time
from scheduler.texts import render_delivery
from services.blocking import BLOCKED_ERROR, chat_blocked
from services.file_links import FileLinks
from services.leases import LeaseKeeper
from services.outgoing import MAX_AGE, TEMPLATED, Kind, ReportsWanted
from services.pacing import Pace, Pacer, Sleep
from services.quiet_hours import default_wait
from services.quota import Quota, quota_alerts
from storage.engine import Database
from storage.models import Account, OutboxMessage
from storage.repos import Repositories
from storage.repos.outbox import Finish

log = logging.getLogger(__name__)
MARK_BATCH = 20
OFFER_TTL = timedelta(days=3)  # a reminder's choices stay the ones "1" picks for three days
# Messages the person did not ask for that offer choices of their own: on an app without
# buttons, sent to someone in the middle of a flow, their numbered choices would compete with
# the flow's question ("1" answering both), so they go out without them and wait aside.
# (A draft reminder's choices are the pending question's own.)
HELD_BACK_KINDS = frozenset({Kind.NOTICE, Kind.NUDGE, Kind.REMINDER, Kind.DIGEST})
STANDBY_SECONDS = 2.0


def message_backoff(attempts: int) -> timedelta:
    """How long a message waits after its `attempts`-th failed try: 1 s, 2 s, 4 s … 60 s."""
    return timedelta(seconds=min(60, 2 ** max(attempts - 1, 0)))


def channel_backoff(failures: int) -> timedelta:
    """How long every chat waits after `failures` platform failures in a row: 0.5 s … 10 s (a
    probe every 10 s at most during an outage: what waited goes within seconds after it)."""
    return timedelta(seconds=min(CHANNEL_BACKOFF_MAX, 0.5 * 2 ** max(failures - 1, 0)))


CHANNEL_BACKOFF_MAX = 10.0
# A chat the platform refused without it being known as a block waits this long (its message
# keeps its place at the head of the chat; the platform coming back does not hurry it).
REFUSED_WAIT = timedelta(minutes=2)
REFUSED = "refused"
# A send that went out whole and got no answer (ChannelUnconfirmed) may have been delivered:
# it is tried once more, after this pause, and then closed; its row says so meanwhile
# (`unconfirmed`), through any other failure, so a message is shown at most twice this way.
UNCONFIRMED = "unconfirmed"
UNCONFIRMED_WAIT = timedelta(seconds=30)


@dataclass
class DeliveryStats:
    """What one deliverer did since it started, by kind and outcome (for metrics and logs)."""

    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    rate_limited: int = 0  # 429s
    blocked: int = 0  # 403s: the person blocked the bot
    unreachable: int = 0
    # claimed messages left unmarked: another instance had taken them over (this one's
    # delivery lease ran out while it held them)
    taken_over: int = 0

    def count(self, kind: str, outcome: str) -> None:
        self.outcomes[(kind, outcome)] += 1

    def total(self, outcome: str) -> int:
        return sum(n for (_kind, what), n in self.outcomes.items() if what == outcome)


@dataclass
class _Batch:
    """What the messages of one claimed batch need: their accounts, the periods reported."""

    accounts: dict[int, Account]
    reported: dict[int, set[str]]
    busy: set[int] = field(default_factory=set)  # accounts in the middle of a flow


class Deliverer:
    """Sends the outbox of ONE channel; see the module docstring for the guarantees."""

    def __init__(
        self,
        database: Database,
        channel: Channel,
        clock: Clock,
        catalogs: Catalogs,
        *,
        pace: Pace,
        lease: LeaseKeeper | None = None,
        sleep: Sleep | None = None,
        batch: int = 100,
        mark_batch: int = MARK_BATCH,
        max_age: timedelta = MAX_AGE,
        links: FileLinks | None = None,
        quota: Quota | None = None,
        zone: ZoneInfo | None = None,
    ) -> None:
        self._db = database
        self.channel = channel
        self._clock = clock
        self._catalogs = catalogs
        self._stopping = asyncio.Event()
        self.pacer = Pacer(pace, clock, sleep or self._interruptible_sleep)
        self.lease = lease or LeaseKeeper(database, clock, f"deliver:{channel.name}")
        # A claim is about a second of sending at the pace, so a reply never waits long
        # behind a reminder batch.
        self._batch = max(1, min(batch, int(pace.per_second or batch)))
        self._mark_batch = max(1, mark_batch)
        self._max_age = max_age
        self._marks: list[Finish] = []
        # (account, outbox id, reply) of messages sent with choices outside a conversation (a
        # reminder's buttons): their choices become the person's pending ones, so "1" works.
        self._offers: list[tuple[int, int, Reply, ReportsWanted | None]] = []
        # (account, reply) of messages sent with their choices held back (see HELD_BACK_KINDS):
        # kept aside in the person's conversation, offered again once their flow is over.
        self._asides: list[tuple[int, Reply, ReportsWanted | None]] = []
        self._failures = 0
        self._down = False  # the platform failed during the batch in hand
        self._recovered = False  # it answered again after failing
        self._was_holder = False
        self._wake = asyncio.Event()
        self._one_pass = asyncio.Lock()  # the console's sends and the run loop take turns
        self.stats = DeliveryStats()
        # time.monotonic() of the run loop's last turn or the last message tried (health)
        self.beat: float | None = None
        # the platform refused the bot's token at the last try (health: nothing can go out)
        self.token_refused = False
        # A channel that takes no file uploads (Zalo) gets signed links to our server instead.
        self._links = links
        self._zone = zone or ZoneInfo("Asia/Ho_Chi_Minh")
        self._warned_no_links = False
        # The month's quota: messages sent this month as last read, and sent since (to record).
        self.quota = quota
        self._month = ""
        self._counted_month = ""  # the month this process last counted messages in
        self._parts: dict[int, int] = {}  # row id → messages of its reply gone, on this try
        self._used = 0
        self._unrecorded = 0

    @property
    def name(self) -> str:
        return self.channel.name

    # ------------------------------------------------------------------ running

    def wake(self) -> None:
        """Something was written to the outbox: look now rather than at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event, *, poll_seconds: float = 1.0) -> None:
        """Deliver until `stop`, then mark what was sent, give back the rest, release the lease."""
        watcher = asyncio.ensure_future(self._watch(stop))
        try:
            while not self._stopping.is_set():
                self.beat = time.monotonic()
                try:
                    await self.send_due()
                except Exception:
                    log.exception("delivery on %s failed; trying again", self.name)
                    await self._interruptible_sleep(1.0)
                if not self.lease.held:
                    self._wake.clear()  # only the holder sends; a standby just looks again
                wait = poll_seconds if self.lease.held else STANDBY_SECONDS
                pause = self.pacer.paused_until
                if pause is not None and self.lease.held:
                    until_pause = (pause - self._clock.now()).total_seconds()
                    wait = max(min(wait, until_pause), 0.05)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wait_for_wake(), wait)
        finally:
            watcher.cancel()
            await self.release()

    async def _watch(self, stop: asyncio.Event) -> None:
        await stop.wait()
        self._stopping.set()
        self._wake.set()

    async def _wait_for_wake(self) -> None:
        await self._wake.wait()

    async def _interruptible_sleep(self, seconds: float) -> None:
        """Sleep, but return at once when the deliverer is stopping."""
        if seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def release(self) -> None:
        """Record what was sent, then give up the lease (a clean stop)."""
        await self._flush()
        await self.lease.release()
        self._was_holder = False

    # ------------------------------------------------------------------ one pass

    async def send_due(self) -> int:
        """If this instance holds the channel's lease, send what is due now; how many went.

        Stops early when a whole batch failed because the platform is unreachable: the run loop
        comes back when the pause is over."""
        async with self._one_pass:
            return await self._send_due()

    async def _send_due(self) -> int:
        if not await self.lease.ensure():
            self._was_holder = False
            return 0
        if not self._was_holder:
            self._was_holder = True
            async with self._db.transaction() as session:
                orphans = await Repositories(session).outbox.release_orphans(self.name)
            if orphans:
                log.warning(
                    "took over delivery on %s: %d messages left in flight go out again",
                    self.name,
                    orphans,
                )
        sent = 0
        while not self._stopping.is_set():
            self._wake.clear()
            async with self._db.transaction() as session:
                repos = Repositories(session)
                rows, more = await repos.outbox.claim(
                    self.name, self._clock.now(), owner=self.lease.owner, limit=self._batch
                )
                # The month's tally is kept with or without a quota set: turned on mid-month,
                # the quota counts what was already sent.
                if rows and self.quota is not None:
                    month = self.quota.month(self._clock.now())
                    if month != self._month:
                        usage, self._unrecorded = self._unrecorded, 0
                        await self._flush_usage(repos, usage)
                        self._month = month
                    self._used = await repos.usage.sent(self.name, month) + self._unrecorded
                batch = await self._batch_context(repos, rows) if rows else None
            put_back = 0
            if rows and batch is not None:
                # renewed while the batch goes out: a send may wait a minute for a slow
                # platform, longer than the lease, and a standby instance taking over would
                # send the rows in flight again; each renewal says the deliverer is alive
                # (health): one slow send (Zalo: 55 s, then a check) turns no loop, and
                # /healthz would call it stopped after 60 s
                went, put_back = await self.lease.kept_during(
                    self._send_batch(rows, batch), alive=self._alive
                )
                sent += went
                if went == 0 and self._failures > 0:
                    break  # the platform is down: wait for the pause instead of spinning
            if not more and not put_back and not self._wake.is_set():
                break  # nothing left that is due, nothing new written meanwhile
            if not await self.lease.ensure():
                log.warning("lost the delivery lease of %s; another instance goes on", self.name)
                self._was_holder = False
                break
        return sent

    def _alive(self) -> None:
        """Say the deliverer is alive (health)."""
        self.beat = time.monotonic()

    async def _batch_context(self, repos: Repositories, rows: Sequence[OutboxMessage]) -> _Batch:
        accounts = await repos.accounts.many([r.account_id for r in rows if r.account_id])
        digest_cells = sorted(
            {
                int(line["cell_id"])
                for r in rows
                if r.kind == Kind.DIGEST
                for line in r.payload.get("lines", [])
                if "cell_id" in line
            }
        )
        reported = await repos.meetings.reported_periods(digest_cells)
        busy: set[int] = set()
        if not self.channel.shows_buttons:
            busy = await repos.conversations.busy(
                [r.account_id for r in rows if r.account_id and r.kind in HELD_BACK_KINDS],
                now=self._clock.now(),
            )
        return _Batch(accounts, reported, busy)

    async def _send_batch(self, rows: Sequence[OutboxMessage], batch: _Batch) -> tuple[int, int]:
        """Send a claimed batch; (how many went, how many were put back to wait)."""
        queues: dict[str, list[OutboxMessage]] = {}
        for row in rows:
            queues.setdefault(row.chat_id, []).append(row)
        order = sorted(queues.values(), key=lambda q: (min(r.priority for r in q), q[0].id or 0))
        limit = asyncio.Semaphore(max(self.pacer.pace.concurrency, 1))
        sent_before = self.stats.total("sent")
        put_back = 0

        async def chat(queue: list[OutboxMessage]) -> None:
            nonlocal put_back
            for index, row in enumerate(queue):
                outcome = await self._one(row, batch, limit)
                progress = self._parts.pop(row.id or 0, None)
                if progress is None or progress <= row.parts_sent:
                    # no later message went this time: an earlier «no answer» still counts
                    outcome = _keep_unconfirmed(row, outcome)
                outcome = _keep_parts(row, outcome, progress)
                await self._mark(outcome)
                if outcome.status == "pending":  # the chat waits: the rest go back untouched
                    put_back += len(queue) - index
                    for later in queue[index + 1 :]:
                        back = Finish(later.id or 0, "pending", refund=True)
                        back = _keep_parts(later, _keep_unconfirmed(later, back), None)
                        await self._mark(back)
                    return
                if outcome.status == "blocked":  # nothing more goes to this chat
                    for later in queue[index + 1 :]:
                        self.stats.count(later.kind, "blocked")
                        await self._mark(Finish(later.id or 0, "blocked", error=BLOCKED_ERROR))
                    return

        self._down = False
        tasks = [asyncio.ensure_future(chat(queue)) for queue in order]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            # one chat failed unexpectedly (the database, a bug): the others stop too, as a
            # crash would stop them, instead of sending on unseen after the batch has failed
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        finally:
            await self._flush()
        if self._recovered:
            # The platform answers again: what was waiting for it goes now, at the pace.
            self._recovered = False
            async with self._db.transaction() as session:
                await Repositories(session).outbox.retry_now(
                    self.name, self._clock.now(), keep=REFUSED
                )
        return self.stats.total("sent") - sent_before, put_back

    async def _one(
        self, row: OutboxMessage, batch: _Batch, limit: asyncio.Semaphore
    ) -> Finish:
        """Send one claimed message and say what became of it."""
        assert row.id is not None
        kind = row.kind
        if self._stopping.is_set() or self._down:
            # stopping, or the platform failed for another chat of this batch: not even tried
            return Finish(row.id, "pending", refund=True)
        now = self._clock.now()
        account = batch.accounts.get(row.account_id) if row.account_id else None
        closed = self._closed_before_sending(row, account, now)
        if closed is not None:
            return closed
        reply: Reply | None = None
        try:
            if "action" not in row.payload:
                reply = self._render(row, account, batch)
        except Exception as error:  # a message we cannot render will not render later
            log.exception("outbox message %s cannot be rendered", row.id)
            self.stats.count(kind, "failed")
            return Finish(row.id, "failed", error=f"render: {type(error).__name__}: {error}")
        if reply is None and "action" not in row.payload:
            self.stats.count(kind, "stale")
            return Finish(row.id, "stale", error="nothing left to say")
        held: Reply | None = None
        busy = kind in HELD_BACK_KINDS and row.account_id in batch.busy
        if reply is not None and reply.choices and busy:
            held, reply = reply, self._held_back(reply, account)
        if self.quota is not None and not self.quota.allows(kind, self._used):
            self.stats.count(kind, "quota")
            log.warning(
                "%s: message %s (%s) not sent: %d of the month's %s messages used",
                self.name,
                row.id,
                kind,
                self._used,
                self.quota.monthly,
            )
            return Finish(row.id, "failed", error="the month's message quota is used up")
        if reply is not None and reply.attachment is not None and self._links is not None:
            reply = self._as_link(row, account, reply)
        await self.pacer.wait_turn(row.chat_id, self._stopping)
        if self._stopping.is_set() or self._down:
            return Finish(row.id, "pending", refund=True)
        try:
            async with limit:
                # alive (health): a batch waiting out 429s or slow sends one message after
                # another turns no loop meanwhile
                self.beat = time.monotonic()
                if (
                    held is None
                    and reply is not None
                    and reply.choices
                    and kind in HELD_BACK_KINDS
                    and row.account_id
                    and not self.channel.shows_buttons
                    and await self._busy_now(row.account_id)
                ):
                    # the person began a flow since the batch was claimed: its numbers
                    # would compete with the flow's question
                    held, reply = reply, self._held_back(reply, account)
                # a 429 answered to another chat while this one waited for its slot
                await self.pacer.wait_pause(self._stopping)
                if self._stopping.is_set() or self._down:
                    return Finish(row.id, "pending", refund=True)
                if reply is None:
                    await self.channel.act(row.chat_id, row.payload["action"])
                    message_id: str | None = None
                    parts = 1
                else:
                    done_before = row.parts_sent

                    async def progress(gone: int) -> None:  # after each message but the last
                        await self._note_parts(row, done_before + gone)

                    try:
                        sent = await self.channel.send(
                            row.chat_id, replace(reply, resume_at=done_before), progress=progress
                        )
                    except ChannelError as error:
                        # a reply split in several messages: those that went are not sent
                        # again (nor counted twice against the quota)
                        if error.parts_sent:
                            self._parts[row.id or 0] = done_before + error.parts_sent
                            if self.quota is not None:
                                self._used += error.parts_sent
                                self._unrecorded += error.parts_sent
                        raise
                    message_id, parts = sent.message_id, sent.parts
        except ChannelRateLimited as error:
            until = self._clock.now() + timedelta(seconds=max(error.retry_after, 0.0))
            self.pacer.pause(until)
            self.stats.rate_limited += 1
            log.warning("%s: 429, every chat waits %.1fs", self.name, error.retry_after)
            return Finish(row.id, "pending", retry_at=until, refund=True, error=str(error))
        except ChannelBlocked as error:
            self.stats.blocked += 1
            await self._blocked(row)
            self.stats.count(kind, "blocked")
            return Finish(row.id, "blocked", error=f"blocked: {error}")
        except ChannelRejected as error:
            level = logging.INFO if kind == Kind.ACTION else logging.ERROR
            log.log(level, "outbox message %s (%s) refused by %s: %s", row.id, kind, self.name, error)
            self.stats.count(kind, "failed")
            return Finish(row.id, "failed", error=str(error))
        except ChannelRefused as error:
            # this chat only, maybe a block not yet confirmed: it waits, the others go on
            self.stats.count(kind, "refused")
            retry_at = self._clock.now() + max(message_backoff(row.attempts), REFUSED_WAIT)
            return Finish(row.id, "pending", retry_at=retry_at, error=f"{REFUSED}: {error}")
        except ChannelUnconfirmed as error:
            return self._unconfirmed(row, str(error))
        except _TakenOver as taken:
            # stalled past the lease part-way through a split reply: the next holder sends the
            # rest from what it read; this one's outcome will not be marked (`taken_over`)
            log.warning(
                "%s: message %s taken over by another instance after %d of its messages; "
                "the rest are the other's to send",
                self.name,
                row.id,
                taken.parts,
            )
            if self.quota is not None:
                gone = taken.parts - row.parts_sent
                self._used += gone
                self._unrecorded += gone
            return Finish(row.id, "pending", refund=True)
        except ChannelUnauthorized as error:
            self.token_refused = True
            return self._unreachable(row, str(error))
        except ChannelError as error:
            return self._unreachable(row, str(error))
        except Exception as error:  # an adapter bug: do not hold the chat for a day
            log.exception("outbox message %s: unexpected error from %s", row.id, self.name)
            self.stats.count(kind, "failed")
            return Finish(row.id, "failed", error=f"{type(error).__name__}: {error}")
        if self._failures:
            self._recovered = True
        self._failures = 0
        self.token_refused = False
        self.stats.count(kind, "sent")
        if self.quota is not None:
            self._used += parts
            self._unrecorded += parts
        wanted = ReportsWanted.of_message(kind, row.payload, row.cell_id, row.period)
        if held is not None and row.account_id:
            self._asides.append((row.account_id, held, wanted))
        elif reply is not None and reply.choices and row.account_id and kind != Kind.REPLY:
            self._offers.append((row.account_id, row.id, reply, wanted))
        live = bool(reply is not None and reply.choices and self.channel.shows_buttons)
        return Finish(row.id, "sent", message_id=message_id, buttons_live=live)

    def _closed_before_sending(
        self, row: OutboxMessage, account: Account | None, now: datetime
    ) -> Finish | None:
        assert row.id is not None
        own_chat = account is not None and (account.channel, account.chat_id) == (
            row.channel,
            row.chat_id,
        )
        if account is not None and own_chat and account.blocked_at is not None:
            self.stats.count(row.kind, "blocked")
            return Finish(row.id, "blocked", error="the person blocked the bot")
        if row.expires_at is not None and now >= row.expires_at:
            status = "stale" if row.kind in TEMPLATED else "expired"
            self.stats.count(row.kind, status)
            if status == "expired":
                log.error("outbox message %s (%s) expired before it could be sent", row.id, row.kind)
            return Finish(row.id, status, error="too late to be of use")
        if now - row.created_at >= self._max_age:
            self.stats.count(row.kind, "expired")
            log.error(
                "outbox message %s (%s) given up: not sent for %s", row.id, row.kind, self._max_age
            )
            return Finish(row.id, "expired", error=f"not sent within {self._max_age}")
        return None

    def _render(self, row: OutboxMessage, account: Account | None, batch: _Batch) -> Reply | None:
        """The reply this message carries, with the line saying what to type (None: a digest
        whose cells have all reported since)."""
        payload = row.payload
        t = self._catalogs.translator(account.locale if account else None)
        if "template" not in payload:
            return with_hint(Reply.from_payload(payload), t)
        template = str(payload["template"])
        if template == "digest":
            lines = [
                line
                for line in payload.get("lines", [])
                if line.get("type") != "late"
                or line.get("period") not in batch.reported.get(int(line["cell_id"]), set())
            ]
            if not lines:
                return None
            payload = {**payload, "lines": lines}
        return with_hint(render_delivery(template, payload, t), t)

    async def _busy_now(self, account_id: int) -> bool:
        """Whether the person is in the middle of a flow now (a short read of its own)."""
        async with self._db.transaction() as session:
            busy = await Repositories(session).conversations.busy(
                [account_id], now=self._clock.now()
            )
        return account_id in busy

    def _held_back(self, reply: Reply, account: Account | None) -> Reply:
        """`reply` without its choices, saying they come again once what the person is doing
        is done (see HELD_BACK_KINDS)."""
        t = self._catalogs.translator(account.locale if account else None)
        line = t.gettext(
            "(You are in the middle of something else, so this message comes without its "
            "choices: once you have finished it, or typed /huy, «{choices}» will be offered "
            "again.)"
        ).format(choices="», «".join(choice.label for choice in reply.choices))
        return replace(reply, text=f"{reply.text}\n\n{line}", choices=(), hint="")

    def _as_link(self, row: OutboxMessage, account: Account | None, reply: Reply) -> Reply:
        """The reply with its file as a signed link to our server (a chart: the URL the
        platform fetches), or a plain word that files need the server's public address."""
        attachment = reply.attachment
        assert attachment is not None and self._links is not None and row.id is not None
        t: Translator = self._catalogs.translator(account.locale if account else None)
        if not self._links.available or row.account_id is None:
            if not self._warned_no_links:
                self._warned_no_links = True
                log.error(
                    "%s cannot send files: set CHIBO_PUBLIC_URL (the server's public https "
                    "address) so files go out as links",
                    self.name,
                )
            line = t.gettext(
                "The file «{name}» cannot be sent here: files on this app go out as links to "
                "the server, and the server has no public address yet. Please tell the "
                "administrator."
            ).format(name=attachment.filename)
            return replace(reply, text=f"{reply.text}\n\n{line}", attachment=None)
        now = self._clock.now()
        url = self._links.make(row.id, row.account_id, attachment.filename, now)
        if attachment.kind == "photo":
            return replace(reply, attachment=replace(attachment, url=url))
        until = (now + self._links.lifetime).astimezone(self._zone)
        line = t.gettext("File «{name}» (the link works until {time} {date}):").format(
            name=attachment.filename,
            time=format_time(until.time()),
            date=format_day_long(until.date(), t),
        )
        return replace(reply, text=f"{reply.text}\n\n{line}\n{url}", attachment=None)

    def _unreachable(self, row: OutboxMessage, error: str) -> Finish:
        """The platform failed (network, 5xx): everyone waits a little, this message waits at
        the head of its chat, and is retried, for as long as it is worth sending."""
        assert row.id is not None
        self._failures += 1
        self._down = True
        self.stats.unreachable += 1
        pause = channel_backoff(self._failures)
        self.pacer.pause(self._clock.now() + pause)
        log.warning(
            "%s unreachable (%s); message %s waits, every chat pauses %.1fs",
            self.name,
            error,
            row.id,
            pause.total_seconds(),
        )
        retry_at = self._clock.now() + message_backoff(row.attempts)
        return Finish(row.id, "pending", retry_at=retry_at, error=error)

    def _unconfirmed(self, row: OutboxMessage, error: str) -> Finish:
        """A send went out and no answer came: the platform is in trouble (every chat waits,
        as when it is unreachable) and may have shown the message. It is sent once more after
        `UNCONFIRMED_WAIT`; after a second such send it is closed as failed, «unconfirmed»."""
        assert row.id is not None
        went_on = self._parts.get(row.id, 0) > row.parts_sent  # a later message this time
        if row.unconfirmed and not went_on:
            self.stats.count(row.kind, UNCONFIRMED)
            log.warning(
                "%s: message %s (%s) sent twice without an answer; not sent again (it may "
                "have arrived): %s",
                self.name,
                row.id,
                row.kind,
                error,
            )
            return Finish(
                row.id, "failed", error=f"{UNCONFIRMED}: sent twice, no answer, may have arrived"
            )
        waiting = self._unreachable(row, error)
        retry_at = max(waiting.retry_at or self._clock.now(), self._clock.now() + UNCONFIRMED_WAIT)
        return replace(waiting, retry_at=retry_at, unconfirmed=True)

    async def _note_parts(self, row: OutboxMessage, parts: int) -> None:
        """Record at once that `parts` messages of this row's split reply have gone (a short
        transaction of its own), so a takeover after a crash resumes after them; an earlier
        send's lack of answer no longer counts, a later message having been answered. A
        database failure is logged and the reply goes on (a crash before its mark would then
        send them again); the row no longer this deliverer's claim stops the reply
        (`_TakenOver`)."""
        assert row.id is not None
        try:
            async with self._db.transaction() as session:
                mine = await Repositories(session).outbox.note_progress(
                    row.id, parts, owner=self.lease.owner
                )
        except Exception as failure:
            log.warning(
                "%s: message %s: could not record that %d of its messages went (%s); a crash "
                "before it is marked would send them again",
                self.name,
                row.id,
                parts,
                type(failure).__name__,
            )
            return
        if not mine:
            raise _TakenOver(parts)

    async def _blocked(self, row: OutboxMessage) -> None:
        async with self._db.transaction() as session:
            now = self._clock.now()
            notices = await chat_blocked(
                Repositories(session),
                self.name,
                row.chat_id,
                now,
                self._catalogs,
                not_before=default_wait(now, self._zone),
            )
        if notices:
            self.wake()  # the notices to the person's officers (on this channel) go next

    # ------------------------------------------------------------------ marks

    async def _mark(self, outcome: Finish) -> None:
        self._marks.append(outcome)
        if len(self._marks) >= self._mark_batch:
            await self._flush()

    async def _flush(self) -> None:
        """Commit the outcomes gathered so far (kept for the next try if the database fails)."""
        marks, self._marks = self._marks, []
        offers, self._offers = self._offers, []
        asides, self._asides = self._asides, []
        if not marks:
            return
        usage, self._unrecorded = self._unrecorded, 0
        try:
            async with self._db.transaction() as session:
                repos = Repositories(session)
                now = self._clock.now()
                taken = await repos.outbox.finish_many(marks, now=now, owner=self.lease.owner)
                alerts = await self._flush_usage(repos, usage)
                # Each offer and aside locks the person's conversation: taken in the order of
                # the people (then as sent), so that two instances flushing at once never wait
                # on each other's locks in a circle (a deadlock PostgreSQL would abort).
                work = sorted(
                    [*offers, *((account_id, None, reply, w) for account_id, reply, w in asides)],
                    key=lambda item: item[0],
                )
                for account_id, outbox_id, reply, wanted in work:
                    choices = [
                        {"label": c.label, "value": c.value, "keyword": c.keyword}
                        for c in reply.choices
                    ]
                    if outbox_id is not None and (
                        await repos.conversations.offer(
                            account_id,
                            choices,
                            reply.expect.value,
                            outbox_id,
                            now=now,
                            ttl=OFFER_TTL,
                        )
                        or self.channel.shows_buttons  # its buttons stay live: nothing to keep
                    ):
                        continue
                    # kept aside, offered again once the flow is over: held back when sent,
                    # or a flow the person began after the batch was claimed
                    await repos.conversations.set_aside(
                        account_id,
                        reply.text,
                        choices,
                        reply.expect.value,
                        now=now,
                        ttl=OFFER_TTL,
                        wanted=wanted.to_json() if wanted is not None else None,
                    )
        except Exception:
            self._marks = marks + self._marks
            self._offers = offers + self._offers
            self._asides = asides + self._asides
            self._unrecorded += usage
            raise
        if taken:
            # this instance lost its lease (stalled past it) and another took these over: their
            # outcome is the other's to record; what this one sent may show twice
            self.stats.taken_over += len(taken)
            log.warning(
                "%s: %d claimed messages not marked: another instance took them over (ids %s)",
                self.name,
                len(taken),
                ", ".join(str(row_id) for row_id in taken[:20]),
            )
        if alerts:
            self.wake()

    async def _flush_usage(self, repos: Repositories, count: int) -> int:
        """Record `count` messages sent since the last flush in the month's tally (in the
        caller's transaction); tell administrators when 80% or 100% is passed. How many
        notices."""
        if self.quota is None or count == 0 or not self._month:
            return 0
        before = await repos.usage.sent(self.name, self._month)
        await repos.usage.add(self.name, self._month, count, now=self._clock.now())
        notices = []
        monthly = self.quota.monthly
        if monthly is None:  # counted only: no quota to warn about
            return 0
        first = self._counted_month != self._month
        self._counted_month = self._month
        for percent in self.quota.crossed(before, before + count, first=first):
            notices += await quota_alerts(
                repos,
                self._catalogs,
                channel=self.name,
                month=self._month,
                percent=percent,
                used=before + count,
                monthly=monthly,
                not_before=default_wait(self._clock.now(), self._zone),
            )
        await repos.outbox.add_many(notices, now=self._clock.now())
        return len(notices)


class _TakenOver(Exception):
    """A split reply's message went but its row is no longer this deliverer's claim: another
    instance took it over (see `Deliverer._note_parts`); `parts`: how many have gone."""

    def __init__(self, parts: int) -> None:
        super().__init__(f"taken over after {parts} messages")
        self.parts = parts


def _keep_parts(row: OutboxMessage, outcome: Finish, parts: int | None) -> Finish:
    """`outcome` with how many of the reply's messages went so far (`parts` from this try,
    else the row's own count) kept while the message waits to be sent again."""
    if outcome.status != "pending":
        return outcome
    return replace(outcome, parts_sent=parts if parts is not None else row.parts_sent)


def _keep_unconfirmed(row: OutboxMessage, outcome: Finish) -> Finish:
    """`outcome` still saying that an earlier send got no answer while the message waits
    again (another failure, or put back untouched)."""
    if outcome.status != "pending" or not row.unconfirmed:
        return outcome
    return replace(outcome, unconfirmed=True)


def wake_all(deliverers: dict[str, Deliverer], channels: Sequence[str] | None = None) -> None:
    """Wake the deliverers of these channels (all when None)."""
    for name, deliverer in deliverers.items():
        if channels is None or name in channels:
            deliverer.wake()


async def deliver_now(deliverers: dict[str, Deliverer]) -> int:
    """Send everything due on every channel this instance delivers (console, tests)."""
    total = 0
    for deliverer in deliverers.values():
        total += await deliverer.send_due()
    return total

