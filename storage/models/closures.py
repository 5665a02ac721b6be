"""Closed periods: an officer closes a month or a quarter for an organisation's subtree."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class PeriodClosure(SQLModel, table=True):
    """One closing of `period` ("2026-11" a month, "2026-Q4" a quarter) for `org_id`'s subtree.

    While `reopened_at` is empty no secretary below the organisation can send or change a report
    or figure of that period; an officer of the organisation (or above) reopens it.
    """

    __table_args__ = (Index("ix_periodclosure_org_period", "org_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organization.id")
    period: str = Field(max_length=10)
    note: str = Field(default="", max_length=300)
    closed_by: int | None = Field(default=None, foreign_key="account.id")
    closed_at: datetime = Field(sa_type=UTCDateTime)
    reopened_by: int | None = Field(default=None, foreign_key="account.id")
    reopened_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
