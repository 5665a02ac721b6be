"""Planned reminders: upserted by key, claimed when due, closed with a reason officers can read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC as _UTC
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, update
from sqlalchemy import select as select_columns
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Account, Cell, Reminder, Role
from storage.upsert import bulk_insert_ignore, bulk_upsert

CLOSED_REMINDER = ("stale", "cancelled", "unreachable")
ALREADY_REPORTED = "already_reported"  # the reason code of a reminder the cell no longer needed


def _table(model: Any) -> Any:
    """The SQLAlchemy table behind a SQLModel class."""
    return model.__table__


class ReminderRepository:
    """Planned reminders and the people and cells they concern (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _dialect(self) -> str:
        return self._session.bind.dialect.name if self._session.bind is not None else "sqlite"

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
        await bulk_upsert(
            self._session,
            Reminder,
            rows,
            ["dedupe_key"],
            update=["due_at", "payload", "expires_at", "fingerprint"],
            only_if={"status": "pending"},
        )

    async def insert_new(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert planned reminders whose keys were not there (a key written meanwhile by
        another planner is left as it is); a province's first planning writes ~100,000 rows,
        so they go in the databases' bulk ways."""
        await bulk_insert_ignore(self._session, Reminder, rows, ["dedupe_key"])

    async def planned_since(
        self, cell_ids: Sequence[int], since: datetime
    ) -> list[tuple[str, int, datetime, str, str | None]]:
        """(dedupe_key, cell_id, due_at, status, fingerprint) of the cells' reminders due from
        `since` on, whatever their status (what planning again would find)."""
        if not cell_ids:
            return []
        table: Any = _table(Reminder)
        statement = select_columns(
            table.c.dedupe_key,
            table.c.cell_id,
            table.c.due_at,
            table.c.status,
            table.c.fingerprint,
        ).where(table.c.cell_id.in_(list(cell_ids)), table.c.due_at >= since)
        return [
            (str(key), int(cell), due, str(status), fingerprint)
            for key, cell, due, status, fingerprint in (
                await self._session.execute(statement)
            ).all()
        ]

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

    async def postpone(self, reminder: Reminder, due_at: datetime) -> None:
        """Leave a claimed reminder pending until `due_at` (the end of the quiet hours)."""
        reminder.due_at = due_at
        self._session.add(reminder)

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

    async def accounts(self, account_ids: Sequence[int]) -> list[Account]:
        if not account_ids:
            return []
        statement = select(Account).where(col(Account.id).in_(list(account_ids)))
        return list((await self._session.exec(statement)).all())

    async def reminders(self, status: str | None = None) -> list[Reminder]:
        statement = select(Reminder).order_by(col(Reminder.id))
        if status is not None:
            statement = statement.where(col(Reminder.status) == status)
        return list((await self._session.exec(statement)).all())

    async def next_due(self) -> datetime | None:
        """When the next pending reminder falls due (for simulations and waits)."""
        statement = select(func.min(Reminder.due_at)).where(col(Reminder.status) == "pending")
        value = (await self._session.exec(statement)).one()
        if not isinstance(value, datetime):
            return None
        return value if value.tzinfo else value.replace(tzinfo=_UTC)

    async def closed_since(
        self, cell_ids: Sequence[int], since: datetime, until: datetime
    ) -> list[Reminder]:
        """Reminders of these cells that were due between `since` and `until` and did not reach
        anyone (for officers). A reminder closed because the cell had already reported needed no
        sending and is left out."""
        if not cell_ids:
            return []
        statement = (
            select(Reminder)
            .where(
                col(Reminder.cell_id).in_(list(cell_ids)),
                col(Reminder.status).in_(["stale", "unreachable"]),
                col(Reminder.closed_at) >= since,
                col(Reminder.due_at) >= since,
                col(Reminder.due_at) <= until,
                or_(
                    col(Reminder.reason_code).is_(None),
                    col(Reminder.reason_code) != ALREADY_REPORTED,
                ),
            )
            .order_by(col(Reminder.due_at))
        )
        return list((await self._session.exec(statement)).all())
