"""Telegram button values too long for callback data, kept by key so every instance finds them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class TelegramCallback(SQLModel, table=True):
    """A choice value behind a ``k:<key>`` button; the key is a hash of the value."""

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
