"""The reminder outbox: planned rows upserted by key, claimed with a lease, delivered once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC as _UTC
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Account, Cell, Reminder, ReminderDelivery, Role, SenderLease

CLOSED_REMINDER = ("stale", "cancelled", "unreachable")


def _table(model: Any) -> Any:
    """The SQLAlchemy table behind a SQLModel class."""
    return model.__table__


class ReminderRepository:
    """Reminders, their deliveries and the senders' leases (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _dialect(self) -> str:
        return self._session.bind.dialect.name if self._session.bind is not None else "sqlite"

    def _insert(self, table: Any) -> Any:
        if self._dialect() == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    # ------------------------------------------------------------------ planning

    async def cells(self, cell_ids: Sequence[int]) -> list[Cell]:
        if not cell_ids:
            return []
        statement = select(Cell).where(col(Cell.id).in_(list(cell_ids))).order_by(col(Cell.id))
        return list((await self._session.exec(statement)).all())

    async def cells_with_roles(self, cell_ids: Sequence[int], roles: Sequence[str]) -> set[int]:
        """Which of these cells have someone holding one of `roles`."""
        if not cell_ids:
            return set()
        statement = select(Role.cell_id).where(
            col(Role.cell_id).in_(list(cell_ids)),
            col(Role.role).in_(list(roles)),
            col(Role.revoked_at).is_(None),
        )
        return {c for c in (await self._session.exec(statement)).all() if c is not None}

    async def cell_accounts(
        self, cell_ids: Sequence[int], roles: Sequence[str]
    ) -> dict[int, list[Account]]:
        """cell id → accounts holding one of `roles` there (blocked ones included)."""
        found: dict[int, list[Account]] = {}
        if not cell_ids:
            return found
        statement = (
            select(Role.cell_id, Account)
            .join(Account, col(Account.id) == col(Role.account_id))
            .where(
                col(Role.cell_id).in_(list(cell_ids)),
                col(Role.role).in_(list(roles)),
                col(Role.revoked_at).is_(None),
            )
            .order_by(col(Role.id))
        )
        for cell_id, account in (await self._session.exec(statement)).all():
            if cell_id is not None and all(a.id != account.id for a in found.get(cell_id, [])):
                found.setdefault(cell_id, []).append(account)
        return found

    async def org_accounts(
        self, org_ids: Sequence[int], roles: Sequence[str]
    ) -> dict[int, list[Account]]:
        """org id → accounts holding one of `roles` on it."""
        found: dict[int, list[Account]] = {}
        if not org_ids:
            return found
        statement = (
            select(Role.org_id, Account)
            .join(Account, col(Account.id) == col(Role.account_id))
            .where(
                col(Role.org_id).in_(list(org_ids)),
                col(Role.role).in_(list(roles)),
                col(Role.revoked_at).is_(None),
            )
            .order_by(col(Role.id))
        )
        for org_id, account in (await self._session.exec(statement)).all():
            if org_id is not None:
                found.setdefault(org_id, []).append(account)
        return found

    async def upsert_planned(self, rows: Sequence[dict[str, Any]]) -> None:
        """INSERT … ON CONFLICT (dedupe_key) DO UPDATE SET due_at, payload, expires_at WHERE
        status = 'pending': a row already sent or closed is never touched again."""
        if not rows:
            return
        table: Any = _table(Reminder)
        statement = self._insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=["dedupe_key"],
            set_={
                "due_at": statement.excluded.due_at,
                "payload": statement.excluded.payload,
                "expires_at": statement.excluded.expires_at,
            },
            where=table.c.status == "pending",
        )
        await self._session.execute(statement, list(rows))

    async def pending_of_cells(self, cell_ids: Sequence[int]) -> list[tuple[str, int, datetime]]:
        """(dedupe_key, cell_id, due_at) of the cells' pending reminders."""
        if not cell_ids:
            return []
        statement = select(Reminder.dedupe_key, Reminder.cell_id, Reminder.due_at).where(
            col(Reminder.cell_id).in_(list(cell_ids)), col(Reminder.status) == "pending"
        )
        return [(k, c, d) for k, c, d in (await self._session.exec(statement)).all()]

    async def cancel(self, keys: Sequence[str], *, code: str, msgid: str, now: datetime) -> None:
        """Close pending reminders the plan no longer wants, and their unsent deliveries."""
        if not keys:
            return
        await self._session.execute(
            update(Reminder)
            .where(col(Reminder.dedupe_key).in_(list(keys)), col(Reminder.status) == "pending")
            .values(status="cancelled", reason_code=code, reason_msgid=msgid, closed_at=now)
        )

    # ------------------------------------------------------------------ expansion

    async def claim_due(self, now: datetime, *, limit: int = 200) -> list[Reminder]:
        """Due pending reminders, locked until the caller's transaction ends (PostgreSQL
        `FOR UPDATE SKIP LOCKED`; SQLite holds its write lock from BEGIN IMMEDIATE)."""
        statement = (
            select(Reminder)
            .where(col(Reminder.status) == "pending", col(Reminder.due_at) <= now)
            .order_by(col(Reminder.due_at), col(Reminder.id))
            .limit(limit)
        )
        if self._dialect() == "postgresql":
            statement = statement.with_for_update(skip_locked=True)
        return list((await self._session.exec(statement)).all())

    async def close(
        self,
        reminder: Reminder,
        status: str,
        *,
        now: datetime,
        code: str | None = None,
        msgid: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        reminder.status = status
        reminder.reason_code = code
        reminder.reason_msgid = msgid
        reminder.reason_params = params
        reminder.closed_at = now
        self._session.add(reminder)

    async def add_delivery(self, values: dict[str, Any]) -> bool:
        """Insert a delivery unless its key exists; True when inserted."""
        table: Any = _table(ReminderDelivery)
        statement = (
            self._insert(table)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(table.c.id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def open_digest(self, account_id: int, day_key: str) -> ReminderDelivery | None:
        """The officer's digest of that day that has not gone out yet, if any."""
        statement = (
            select(ReminderDelivery)
            .where(
                col(ReminderDelivery.account_id) == account_id,
                col(ReminderDelivery.kind) == "digest",
                col(ReminderDelivery.dedupe_key).startswith(day_key),
                col(ReminderDelivery.status) == "pending",
            )
            .order_by(col(ReminderDelivery.id))
        )
        if self._dialect() == "postgresql":
            statement = statement.with_for_update()
        return (await self._session.exec(statement)).first()

    async def count_keys(self, prefix: str) -> int:
        statement = select(func.count()).where(col(ReminderDelivery.dedupe_key).startswith(prefix))
        return int((await self._session.exec(statement)).one())

    async def save_delivery(self, delivery: ReminderDelivery) -> None:
        self._session.add(delivery)
        await self._session.flush()

    # ------------------------------------------------------------------ sending

    async def claim_deliveries(
        self, channel: str, now: datetime, *, limit: int, lease: timedelta
    ) -> list[ReminderDelivery]:
        """Mark due deliveries `sending` under a lease (before any platform call) and return
        them, in due order. A `sending` row whose lease ran out (its sender died) is due again."""
        due = or_(
            and_(
                col(ReminderDelivery.status) == "pending",
                col(ReminderDelivery.next_attempt_at) <= now,
            ),
            and_(
                col(ReminderDelivery.status) == "sending",
                col(ReminderDelivery.lease_until) < now,
            ),
        )
        chosen = (
            select(ReminderDelivery.id)
            .where(col(ReminderDelivery.channel) == channel, due)
            .order_by(col(ReminderDelivery.next_attempt_at), col(ReminderDelivery.id))
            .limit(limit)
        )
        if self._dialect() == "postgresql":
            chosen = chosen.with_for_update(skip_locked=True)
        ids = [int(i) for i in (await self._session.exec(chosen)).all() if i is not None]
        if not ids:
            return []
        table: Any = _table(ReminderDelivery)
        result = await self._session.execute(
            update(table)
            .where(table.c.id.in_(ids))
            .values(status="sending", lease_until=now + lease, attempts=table.c.attempts + 1)
            .returning(*table.c)
        )
        rows = [ReminderDelivery.model_validate(dict(row._mapping)) for row in result.all()]
        return sorted(rows, key=lambda r: (r.next_attempt_at, r.id or 0))

    async def finish_delivery(self, delivery_id: int, status: str, **values: Any) -> None:
        """Set a claimed delivery's outcome (sent with message_id, failed with error, …)."""
        await self._session.execute(
            update(ReminderDelivery)
            .where(col(ReminderDelivery.id) == delivery_id)
            .values(status=status, lease_until=None, **values)
        )

    async def retry_delivery(
        self, delivery_id: int, *, at: datetime, error: str, refund: bool = False
    ) -> None:
        """Back to pending until `at`; `refund` does not count the attempt (a 429)."""
        table: Any = _table(ReminderDelivery)
        values: dict[str, Any] = {
            "status": "pending",
            "next_attempt_at": at,
            "error": error[:2000],
            "lease_until": None,
        }
        if refund:
            values["attempts"] = table.c.attempts - 1
        await self._session.execute(update(table).where(table.c.id == delivery_id).values(**values))

    async def accounts(self, account_ids: Sequence[int]) -> list[Account]:
        if not account_ids:
            return []
        statement = select(Account).where(col(Account.id).in_(list(account_ids)))
        return list((await self._session.exec(statement)).all())

    async def stop_deliveries_to(self, channel: str, chat_id: str) -> None:
        """The person blocked the bot: their waiting deliveries will not go out."""
        await self._session.execute(
            update(ReminderDelivery)
            .where(
                col(ReminderDelivery.channel) == channel,
                col(ReminderDelivery.chat_id) == chat_id,
                col(ReminderDelivery.status) == "pending",
            )
            .values(status="blocked", error="account blocked the bot")
        )

    async def get_delivery(self, delivery_id: int) -> ReminderDelivery | None:
        return await self._session.get(ReminderDelivery, delivery_id)

    async def deliveries(self, status: str | None = None) -> list[ReminderDelivery]:
        statement = select(ReminderDelivery).order_by(col(ReminderDelivery.id))
        if status is not None:
            statement = statement.where(col(ReminderDelivery.status) == status)
        return list((await self._session.exec(statement)).all())

    async def reminders(self, status: str | None = None) -> list[Reminder]:
        statement = select(Reminder).order_by(col(Reminder.id))
        if status is not None:
            statement = statement.where(col(Reminder.status) == status)
        return list((await self._session.exec(statement)).all())

    async def next_due(self, channel: str | None = None) -> datetime | None:
        """The earliest time something may become sendable (for simulations and waits)."""
        delivery_filter = [col(ReminderDelivery.channel) == channel] if channel else []
        statements: list[Any] = [
            select(func.min(Reminder.due_at)).where(col(Reminder.status) == "pending"),
            select(func.min(ReminderDelivery.next_attempt_at)).where(
                col(ReminderDelivery.status) == "pending", *delivery_filter
            ),
            select(func.min(ReminderDelivery.lease_until)).where(
                col(ReminderDelivery.status) == "sending", *delivery_filter
            ),
        ]
        times: list[datetime] = []
        for statement in statements:
            value = (await self._session.exec(statement)).one()
            if isinstance(value, datetime):
                times.append(value if value.tzinfo else value.replace(tzinfo=_UTC))
        return min(times) if times else None

    async def closed_since(self, cell_ids: Sequence[int], since: datetime) -> list[Reminder]:
        """Reminders of these cells closed without being sent since `since` (for officers)."""
        if not cell_ids:
            return []
        statement = (
            select(Reminder)
            .where(
                col(Reminder.cell_id).in_(list(cell_ids)),
                col(Reminder.status).in_(["stale", "unreachable"]),
                col(Reminder.closed_at) >= since,
            )
            .order_by(col(Reminder.due_at))
        )
        return list((await self._session.exec(statement)).all())

    # ------------------------------------------------------------------ sender election

    async def acquire_lease(self, name: str, owner: str, now: datetime, ttl: timedelta) -> bool:
        """Take or renew the lease `name` for `owner`; False while another owner holds it."""
        table: Any = _table(SenderLease)
        await self._session.execute(
            self._insert(table)
            .values(name=name, owner=owner, expires_at=now + ttl)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        result: Any = await self._session.execute(
            update(table)
            .where(
                table.c.name == name,
                or_(table.c.owner == owner, table.c.expires_at < now),
            )
            .values(owner=owner, expires_at=now + ttl)
        )
        return bool(result.rowcount == 1)

    async def release_lease(self, name: str, owner: str, now: datetime) -> None:
        table: Any = _table(SenderLease)
        await self._session.execute(
            update(table).where(table.c.name == name, table.c.owner == owner).values(expires_at=now)
        )
