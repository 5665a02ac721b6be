"""Planned reminders (one per dedupe key), their deliveries to accounts, and sender leases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

REMINDER_STATUSES = ("pending", "expanded", "stale", "cancelled", "unreachable")
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "blocked", "stale", "cancelled")


class Reminder(SQLModel, table=True):
    """One planned reminder, keyed "cell:kind:period:offset" so planning twice changes nothing.

    pending → expanded (deliveries written for its recipients) | stale (not useful any more,
    `reason_msgid`/`reason_params` say why, for officers) | cancelled (re-planning dropped it) |
    unreachable (nobody to send it to).
    """

    __table_args__ = (Index("ix_reminder_due", "status", "due_at"),)

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
    status: str = Field(default="pending", max_length=12)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    reason_code: str | None = Field(default=None, max_length=40)
    reason_msgid: str | None = Field(default=None, max_length=400)
    reason_params: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class ReminderDelivery(SQLModel, table=True):
    """One message to one account: a reminder to a secretary, or an officer's daily digest.

    pending → sending (claimed under a lease, before the platform call) → sent (with the
    platform's message id) | failed (error kept) | blocked (the person blocked the bot) |
    stale / cancelled (no longer useful when its turn came).
    """

    __table_args__ = (
        Index("ix_delivery_due", "channel", "status", "next_attempt_at"),
        Index("ix_delivery_lease", "channel", "status", "lease_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(max_length=240, unique=True)
    reminder_id: int | None = Field(default=None, foreign_key="reminder.id", index=True)
    cell_id: int | None = Field(default=None, foreign_key="cell.id", index=True)
    period: str | None = Field(default=None, max_length=40)
    account_id: int = Field(foreign_key="account.id", index=True)
    channel: str = Field(max_length=20)
    chat_id: str = Field(max_length=100)
    kind: str = Field(max_length=20)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=12)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    message_id: str | None = Field(default=None, max_length=100)
    error: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class SenderLease(SQLModel, table=True):
    """Who sends for one bot token (channel) right now: a row renewed before it expires."""

    name: str = Field(primary_key=True, max_length=60)
    owner: str = Field(max_length=100)
    expires_at: datetime = Field(sa_type=UTCDateTime)
