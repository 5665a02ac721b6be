"""Counts of invite guessing for the metrics and the global limit: wrong codes and lockouts."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import AuditLog, InviteFailure

LOCKOUT_ACTION: Final = "invite.lockout"


async def count_wrong_codes(session: AsyncSession, since: datetime) -> int:
    """Wrong invite codes typed since `since`, across every account."""
    statement = (
        select(func.count()).select_from(InviteFailure).where(col(InviteFailure.at) >= since)
    )
    return int((await session.exec(statement)).one())


async def count_lockouts(session: AsyncSession, since: datetime) -> int:
    """Accounts locked out for wrong codes since `since` (one per lockout)."""
    statement = (
        select(func.count())
        .select_from(AuditLog)
        .where(col(AuditLog.action) == LOCKOUT_ACTION, col(AuditLog.at) >= since)
    )
    return int((await session.exec(statement)).one())
