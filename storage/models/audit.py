"""The audit log: who changed what, when, with the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class AuditLog(SQLModel, table=True):
    """One grant, revoke or data change."""

    id: int | None = Field(default=None, primary_key=True)
    actor_account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    actor_label: str = Field(default="", max_length=120)
    action: str = Field(max_length=60, index=True)
    entity: str = Field(max_length=60)
    entity_id: str = Field(default="", max_length=60)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    at: datetime = Field(sa_type=UTCDateTime, index=True)
