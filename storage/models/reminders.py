"""Planned reminders (one per dedupe key: what is due when), and the leases that elect one
instance for a job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

REMINDER_STATUSES = ("pending", "expanded", "stale", "cancelled", "unreachable")


class Reminder(SQLModel, table=True):
    """One planned reminder, keyed "cell:kind:period:offset" so planning twice changes nothing.

    pending → expanded (outbox messages written for its recipients) | stale (not useful any more,
    `reason_msgid`/`reason_params` say why, for officers) | cancelled (re-planning dropped it) |
    unreachable (nobody to send it to).
    """

    __table_args__ = (
        Index("ix_reminder_due", "status", "due_at"),
        Index("ix_reminder_cell_due", "cell_id", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(max_length=200, unique=True)
    cell_id: int = Field(foreign_key="cell.id", index=True)
    kind: str = Field(max_length=20)
    recipient: str = Field(max_length=12)
    period: str = Field(max_length=40)
    offset: str = Field(max_length=60)
    due_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # What the planner wrote (due time, expiry, payload), hashed: a plan that would write the
    # same row again is skipped.
    fingerprint: str | None = Field(default=None, max_length=32)
    status: str = Field(default="pending", max_length=12)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    reason_code: str | None = Field(default=None, max_length=40)
    reason_msgid: str | None = Field(default=None, max_length=400)
    reason_params: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class Lease(SQLModel, table=True):
    """Who holds one job right now ("deliver:telegram", "poll:telegram"): a row its holder
    renews before it expires and gives up on a clean stop."""

    name: str = Field(primary_key=True, max_length=60)
    owner: str = Field(max_length=100)
    expires_at: datetime = Field(sa_type=UTCDateTime)
