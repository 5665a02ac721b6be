"""How many platform messages each channel sent in a month (Zalo bots have a monthly quota), and
the costly actions each account took lately (for their rate limits)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class ChannelUsage(SQLModel, table=True):
    """Messages `channel` sent in `month` ("2026-11", the platform's month in local time)."""

    channel: str = Field(primary_key=True, max_length=20)
    month: str = Field(primary_key=True, max_length=7)
    sent: int = Field(default=0)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class AccountAction(SQLModel, table=True):
    """One costly action an account took (an export, a chart, a draft report, a plan import):
    counted for the per-account rate limits; rows older than the window are deleted."""

    __table_args__ = (Index("ix_accountaction_recent", "account_id", "action", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    action: str = Field(max_length=40)
    at: datetime = Field(sa_type=UTCDateTime)
