"""The outbox: every message to a person, claimed per chat in order, marked once sent."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, insert, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import OutboxMessage

OPEN = ("pending", "sending")
CLAIM_LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class NewMessage:
    """One message to write: where it goes, what it is, and what it is about.

    `expires_at` None means it never goes stale (the deliverer still gives up after a day).
    `not_before`: it waits until then (a message the bot starts, kept out of quiet hours),
    stored as written to wait when later than it is written; waiting so, before its first try,
    it does not hold its chat's later messages.
    """

    channel: str
    chat_id: str
    payload: dict[str, Any]
    kind: str = "reply"
    priority: int = 0
    account_id: int | None = None
    inbox_id: int | None = None
    dedupe_key: str | None = None
    reminder_id: int | None = None
    cell_id: int | None = None
    period: str | None = None
    expires_at: datetime | None = None
    not_before: datetime | None = None


@dataclass(frozen=True)
class Finish:
    """The outcome of one claimed message: `status` sent | failed | blocked | expired | stale |
    cancelled, or pending again (retry at `retry_at`, or released untouched with `refund`).

    Pending again, it keeps its progress for the next try: `parts_sent` (messages of a split
    reply gone) and `unconfirmed` (its last send got no answer); a closed message keeps none."""

    id: int
    status: str
    message_id: str | None = None
    buttons_live: bool = False
    error: str | None = None
    retry_at: datetime | None = None
    refund: bool = False
    parts_sent: int = 0
    unconfirmed: bool = False


def _table() -> Any:
    return OutboxMessage.__table__  # type: ignore[attr-defined]


@functools.cache
def _live_buttons_statement(*, many: bool) -> Any:
    """Built once: (chat, id, message_id) of the messages whose buttons still show in one chat
    (`live_chat`) or in several (`live_chats`, expanding)."""
    table = _table()
    chat = (
        table.c.chat_id.in_(bindparam("live_chats", expanding=True))
        if many
        else table.c.chat_id == bindparam("live_chat")
    )
    return (
        select(table.c.chat_id, table.c.id, table.c.message_id)
        .where(
            table.c.channel == bindparam("live_channel"),
            chat,
            table.c.status == "sent",
            table.c.buttons_live == true(),  # as the partial index ix_outbox_live says it
        )
        .order_by(table.c.id)
    )


@dataclass(frozen=True)
class _ClaimStatements:
    candidates: Any
    open_rows: Any
    mark: Any


@functools.cache
def _claim_statements() -> _ClaimStatements:
    """Built once (the deliverer claims many times a second under load): the due candidates,
    the open rows of their chats up to the highest candidate, and the claim itself."""
    table = _table()
    candidates = (
        select(table.c.id, table.c.chat_id)
        .where(
            table.c.channel == bindparam("claim_channel"),
            table.c.status == "pending",
            table.c.next_attempt_at <= bindparam("claim_now"),
        )
        .order_by(table.c.priority, table.c.id)
        .limit(bindparam("claim_limit"))
    )
    open_rows = (
        table.select()
        .with_only_columns(
            table.c.id,
            table.c.chat_id,
            table.c.status,
            table.c.next_attempt_at,
            table.c.not_before,
        )
        .where(
            table.c.channel == bindparam("claim_channel"),
            table.c.chat_id.in_(bindparam("claim_chats", expanding=True)),
            table.c.status.in_(OPEN),
            table.c.id <= bindparam("claim_highest"),
        )
        .order_by(table.c.id)
    )
    mark = (
        update(table)
        .where(table.c.id.in_(bindparam("claim_ids", expanding=True)), table.c.status == "pending")
        .values(
            status="sending",
            lease_until=bindparam("claim_until"),
            claimed_by=bindparam("claim_owner"),
            attempts=table.c.attempts + 1,
        )
        .returning(*table.c)
    )
    return _ClaimStatements(candidates, open_rows, mark)


class OutboxRepository:
    """Messages waiting to be delivered and what became of them (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # (channel, chat) -> live buttons read ahead for a batch; each is taken once.
        self._live_ahead: dict[tuple[str, str], list[tuple[int, str]]] = {}

    def _dialect(self) -> str:
        return self._session.bind.dialect.name if self._session.bind is not None else "sqlite"

    # ------------------------------------------------------------------ writing

    async def add_many(self, messages: Sequence[NewMessage], *, now: datetime) -> list[int]:
        """Write messages in this order (so a chat's ids follow it); a message whose
        `dedupe_key` exists already is skipped. Returns the ids written, in order."""
        if not messages:
            return []
        rows = [_row(message, now) for message in messages]
        table = _table()
        if any(m.dedupe_key is not None for m in messages):
            insert_for: Any = (
                postgresql.insert if self._dialect() == "postgresql" else sqlite.insert
            )
            ids: list[int] = []
            for row in rows:  # keyed rows are few per transaction (reminders): one by one
                statement = (
                    insert_for(table)
                    .values(**row)
                    .on_conflict_do_nothing(index_elements=["dedupe_key"])
                    .returning(table.c.id)
                )
                found = (await self._session.execute(statement)).first()
                if found is not None:
                    ids.append(int(found[0]))
            return ids
        if self._dialect() == "postgresql":
            result = await self._session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            )
            return [int(row[0]) for row in result.all()]
        # SQLite numbers the rows of one INSERT in order (this transaction holds the write lock).
        result = await self._session.execute(insert(table).returning(table.c.id), rows)
        return sorted(int(row[0]) for row in result.all())

    async def add(self, message: NewMessage, *, now: datetime) -> int | None:
        """Write one message; None when its dedupe key was written before."""
        ids = await self.add_many([message], now=now)
        return ids[0] if ids else None

    # ------------------------------------------------------------------ claiming

    async def claim(
        self,
        channel: str,
        now: datetime,
        *,
        owner: str,
        limit: int = 100,
        lease: timedelta = CLAIM_LEASE,
    ) -> tuple[list[OutboxMessage], bool]:
        """Claim due messages of `channel` for the deliverer `owner` (marked `sending` under a
        lease, `claimed_by` it: only it marks them, see `finish_many`), by priority.

        A chat's messages go in order: a message is claimed only with every earlier open
        message of its chat (the earlier ones that are due are claimed with it, whatever their
        priority), so a message waiting to be retried (or in flight) holds the messages after
        it; one written to wait (`NewMessage.not_before`) and not tried yet does not. Returns
        them in id order, and whether more may be due (the limit was reached).
        """
        statements = _claim_statements()
        candidates = (
            await self._session.execute(
                statements.candidates,
                {"claim_channel": channel, "claim_now": now, "claim_limit": limit},
            )
        ).all()
        if not candidates:
            return [], False
        more = len(candidates) >= limit
        wanted = {int(row_id) for row_id, _chat in candidates}
        chats = sorted({str(chat) for _id, chat in candidates})
        highest = max(wanted)
        chosen: list[int] = []
        for start in range(0, len(chats), 500):
            open_rows = (
                await self._session.execute(
                    statements.open_rows,
                    {
                        "claim_channel": channel,
                        "claim_chats": chats[start : start + 500],
                        "claim_highest": highest,
                    },
                )
            ).all()
            held: set[str] = set()
            for row_id, chat, status, due_at, not_before in open_rows:
                if chat in held:
                    continue
                if status == "pending" and not_before is not None and not_before > now:
                    # written to wait (quiet hours) and not due yet, so never tried: not in
                    # the chat's queue yet, so the replies after it go now
                    continue
                if len(chosen) >= 2 * limit:
                    break
                # An earlier message of the chat that is due goes first, in the same claim
                # (else a chat's reply, ahead by priority, would wait forever behind its
                # earlier reminder that the limit kept out of the candidates).
                if int(row_id) in wanted or (status == "pending" and due_at <= now):
                    chosen.append(int(row_id))
                else:  # an earlier message of this chat is waiting for a retry or in flight
                    held.add(str(chat))
        if not chosen:
            return [], more
        result = await self._session.execute(
            statements.mark,
            {"claim_ids": chosen, "claim_until": now + lease, "claim_owner": owner},
        )
        rows = [OutboxMessage.model_validate(dict(row._mapping)) for row in result.all()]
        return sorted(rows, key=lambda row: row.id or 0), more

    async def release_orphans(self, channel: str) -> int:
        """Put back every `sending` message of `channel`: called by a deliverer that has just
        been elected, so they are the last holder's, which stopped without marking them. Their
        progress is kept: how many messages of a split reply went (`note_progress`)."""
        result: Any = await self._session.execute(
            update(_table())
            .where(_table().c.channel == channel, _table().c.status == "sending")
            .values(status="pending", lease_until=None, claimed_by=None)
        )
        return int(result.rowcount or 0)

    async def note_progress(self, row_id: int, parts_sent: int, *, owner: str) -> bool:
        """Record that `parts_sent` messages of a message's split reply have gone, while it is
        being sent, if it is still `sending` under the claim of `owner`; whether it was. A
        message answered, an earlier send's lack of answer (`unconfirmed`) no longer counts.
        Kept when the message is put back (`release_orphans`), so a takeover resumes there."""
        table = _table()
        result: Any = await self._session.execute(
            update(table)
            .where(table.c.id == row_id, table.c.status == "sending", table.c.claimed_by == owner)
            .values(parts_sent=parts_sent, unconfirmed=False)
        )
        return bool(result.rowcount)

    # ------------------------------------------------------------------ outcomes

    async def finish_many(
        self, outcomes: Sequence[Finish], *, now: datetime, owner: str
    ) -> list[int]:
        """Record what became of messages the deliverer `owner` claimed, a few statements for
        the lot; only those still `sending` under its claim are marked. Returns the ids left
        as they are: another instance took them over meanwhile (put back when it was elected,
        this one's lease having run out) and their state is its own now."""
        if not outcomes:
            return []
        table = _table()
        mine = (table.c.status == "sending", table.c.claimed_by == owner)
        ids = sorted({o.id for o in outcomes})
        still: set[int] = set()
        for start in range(0, len(ids), 500):
            # locked until the caller's transaction ends (PostgreSQL; SQLite writes one at a
            # time): no other instance claims them between this read and the marks
            found = await self._session.execute(
                select(table.c.id)
                .where(table.c.id.in_(ids[start : start + 500]), *mine)
                .order_by(table.c.id)  # locked in one order, as every flush takes them
                .with_for_update()
            )
            still.update(int(row_id) for (row_id,) in found.all())
        lost = [row_id for row_id in ids if row_id not in still]
        outcomes = [o for o in outcomes if o.id in still]
        row = table.c.id == bindparam("row_id")
        sent = [o for o in outcomes if o.status == "sent"]
        if sent:
            await self._session.execute(
                update(table)
                .where(row, *mine)
                .values(
                    status="sent",
                    message_id=bindparam("platform_id"),
                    buttons_live=bindparam("live"),
                    sent_at=now,
                    lease_until=None,
                    claimed_by=None,
                    error=None,
                    parts_sent=0,
                    unconfirmed=False,
                ),
                [
                    {"row_id": o.id, "platform_id": o.message_id, "live": o.buttons_live}
                    for o in sent
                ],
            )
        retried = [o for o in outcomes if o.status == "pending"]
        if retried:
            await self._session.execute(
                update(table)
                .where(row, *mine)
                .values(
                    status="pending",
                    next_attempt_at=bindparam("at"),
                    error=bindparam("why"),
                    lease_until=None,
                    claimed_by=None,
                    attempts=table.c.attempts - bindparam("refund"),
                    parts_sent=bindparam("parts"),
                    unconfirmed=bindparam("no_answer"),
                ),
                [
                    {
                        "row_id": o.id,
                        "at": o.retry_at or now,
                        "why": (o.error or "")[:2000] or None,
                        "refund": 1 if o.refund else 0,
                        "parts": o.parts_sent,
                        "no_answer": o.unconfirmed,
                    }
                    for o in retried
                ],
            )
        closed = [o for o in outcomes if o.status not in ("sent", "pending")]
        if closed:
            await self._session.execute(
                update(table)
                .where(row, *mine)
                .values(
                    status=bindparam("final"),
                    error=bindparam("why"),
                    lease_until=None,
                    claimed_by=None,
                    parts_sent=0,
                    unconfirmed=False,
                ),
                [
                    {"row_id": o.id, "final": o.status, "why": (o.error or "")[:2000] or None}
                    for o in closed
                ],
            )
        return lost

    async def retry_now(self, channel: str, now: datetime, keep: str | None = None) -> int:
        """Every message of `channel` waiting for a retry is due now (the platform is back),
        but those whose error starts with `keep` (a chat refused on its own)."""
        table = _table()
        waiting = [
            table.c.channel == channel,
            table.c.status == "pending",
            table.c.next_attempt_at > now,
            table.c.error.is_not(None),
        ]
        if keep is not None:
            waiting.append(table.c.error.not_like(f"{keep}%"))
        result: Any = await self._session.execute(
            update(table).where(*waiting).values(next_attempt_at=now)
        )
        return int(result.rowcount or 0)

    async def cancel_chat(self, channel: str, chat_id: str, *, status: str, error: str) -> int:
        """Close every waiting message to a chat (the person blocked the bot)."""
        result: Any = await self._session.execute(
            update(_table())
            .where(
                _table().c.channel == channel,
                _table().c.chat_id == chat_id,
                _table().c.status == "pending",
            )
            .values(status=status, error=error[:2000])
        )
        return int(result.rowcount or 0)

    # ------------------------------------------------------------------ digests

    async def open_digest(self, account_id: int, key_prefix: str) -> OutboxMessage | None:
        """The officer's digest under this key prefix that has not gone out yet, if any (locked
        until the caller's transaction ends)."""
        statement = (
            select(OutboxMessage)
            .where(
                col(OutboxMessage.account_id) == account_id,
                col(OutboxMessage.kind) == "digest",
                col(OutboxMessage.dedupe_key).startswith(key_prefix),
                col(OutboxMessage.status) == "pending",
            )
            .order_by(col(OutboxMessage.id))
        )
        if self._dialect() == "postgresql":
            statement = statement.with_for_update()
        return (await self._session.exec(statement)).first()

    async def count_keys(self, key_prefix: str) -> int:
        statement = select(func.count()).where(col(OutboxMessage.dedupe_key).startswith(key_prefix))
        return int((await self._session.exec(statement)).one())

    async def replace_payload(
        self, message_id: int, payload: dict[str, Any], expires_at: datetime | None
    ) -> None:
        """Change a message that has not been claimed yet (a digest gaining lines)."""
        await self._session.execute(
            update(_table())
            .where(_table().c.id == message_id, _table().c.status == "pending")
            .values(payload=payload, expires_at=expires_at)
        )

    # ------------------------------------------------------------------ buttons

    async def read_ahead_live_buttons(self, channel: str, chat_ids: Sequence[str]) -> None:
        """Read the live buttons of many chats in one statement, for a batch that handles one
        update per chat: each chat's `live_buttons` then comes from here, once."""
        chats = sorted(set(chat_ids))
        for start in range(0, len(chats), 500):
            part = chats[start : start + 500]
            rows = await self._session.execute(
                _live_buttons_statement(many=True), {"live_channel": channel, "live_chats": part}
            )
            found: dict[str, list[tuple[int, str]]] = {chat: [] for chat in part}
            for chat_id, row_id, message_id in rows.all():
                found[str(chat_id)].append((int(row_id), str(message_id or "")))
            for chat, live in found.items():
                self._live_ahead[(channel, chat)] = live

    async def live_buttons(self, channel: str, chat_id: str) -> list[tuple[int, str]]:
        """(id, platform message id) of a chat's sent messages whose buttons still show,
        oldest first. Asked on every typed message: read ahead for the batch when it was, else
        one statement built once, two columns."""
        ahead = self._live_ahead.pop((channel, chat_id), None)
        if ahead is not None:
            return ahead
        rows = await self._session.execute(
            _live_buttons_statement(many=False), {"live_channel": channel, "live_chat": chat_id}
        )
        return [(int(row_id), str(message_id or "")) for _chat, row_id, message_id in rows.all()]

    async def buttons_gone(self, ids: Sequence[int]) -> None:
        """These messages no longer show buttons (answered, or taken off)."""
        if ids:
            await self._session.execute(
                update(_table()).where(_table().c.id.in_(list(ids))).values(buttons_live=False)
            )

    async def find_sent(self, channel: str, chat_id: str, message_id: str) -> OutboxMessage | None:
        """The message sent to a chat under a platform message id."""
        statement = select(OutboxMessage).where(
            col(OutboxMessage.channel) == channel,
            col(OutboxMessage.chat_id) == chat_id,
            col(OutboxMessage.message_id) == message_id,
        )
        return (await self._session.exec(statement.order_by(col(OutboxMessage.id).desc()))).first()

    # ------------------------------------------------------------------ reading

    async def get(self, message_id: int) -> OutboxMessage | None:
        return await self._session.get(OutboxMessage, message_id)

    async def messages(
        self, *, status: str | None = None, kind: str | None = None, channel: str | None = None
    ) -> list[OutboxMessage]:
        statement = select(OutboxMessage).order_by(col(OutboxMessage.id))
        if status is not None:
            statement = statement.where(col(OutboxMessage.status) == status)
        if kind is not None:
            statement = statement.where(col(OutboxMessage.kind) == kind)
        if channel is not None:
            statement = statement.where(col(OutboxMessage.channel) == channel)
        return list((await self._session.exec(statement)).all())

    async def count_by_status(self, channel: str | None = None) -> dict[str, int]:
        """How many messages are in each status (counted in SQL)."""
        table = _table()
        statement = select(table.c.status, func.count()).group_by(table.c.status)
        if channel is not None:
            statement = statement.where(table.c.channel == channel)
        return {str(status): int(n) for status, n in (await self._session.execute(statement)).all()}

    async def oldest_due(self, now: datetime) -> datetime | None:
        """When the oldest message that is due now was written (None: nothing is due)."""
        table = _table()
        value = (
            await self._session.execute(
                select(func.min(table.c.created_at)).where(
                    table.c.status == "pending", table.c.next_attempt_at <= now
                )
            )
        ).scalar()
        return value if isinstance(value, datetime) else None

    async def next_attempt(self, channel: str | None = None) -> datetime | None:
        """The earliest time a pending message may go (for simulations and waits)."""
        table = _table()
        statement = select(func.min(table.c.next_attempt_at)).where(table.c.status == "pending")
        if channel is not None:
            statement = statement.where(table.c.channel == channel)
        value = (await self._session.execute(statement)).scalar()
        return value if isinstance(value, datetime) else None


def _row(message: NewMessage, now: datetime) -> dict[str, Any]:
    return {
        "channel": message.channel,
        "chat_id": message.chat_id,
        "account_id": message.account_id,
        "kind": message.kind,
        "priority": message.priority,
        "dedupe_key": message.dedupe_key,
        "payload": message.payload,
        "inbox_id": message.inbox_id,
        "reminder_id": message.reminder_id,
        "cell_id": message.cell_id,
        "period": message.period,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": max(now, message.not_before or now),
        "not_before": message.not_before if (message.not_before or now) > now else None,
        "expires_at": message.expires_at,
        "buttons_live": False,
        "parts_sent": 0,
        "unconfirmed": False,
        "created_at": now,
    }
