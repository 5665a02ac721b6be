"""How many platform messages each channel sent in a month (Zalo bots have a monthly quota)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class ChannelUsage(SQLModel, table=True):
    """Messages `channel` sent in `month` ("2026-11", the platform's month in local time)."""

    channel: str = Field(primary_key=True, max_length=20)
    month: str = Field(primary_key=True, max_length=7)
    sent: int = Field(default=0)
    updated_at: datetime = Field(sa_type=UTCDateTime)
