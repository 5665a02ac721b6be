"""Imported plan documents: the parsed structure as JSON, with versions kept as history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class PlanDocument(SQLModel, table=True):
    """One version of a plan (Kế hoạch, Chương trình hành động) imported for an organisation.

    `parsed` is knowledge.ParsedPlan.to_dict(); the identity columns hold what the officer
    confirmed or filled in, which wins over what the parser found. A newer version of the same
    document sets `superseded_at` on the older one.
    """

    __table_args__ = (Index("ix_plan_current", "org_id", "superseded_at"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organization.id", index=True)
    source_name: str = Field(max_length=255)
    content_hash: str = Field(max_length=64, index=True)
    code: str | None = Field(default=None, max_length=60)
    issued_on: date | None = Field(default=None)
    issuer: str | None = Field(default=None, max_length=255)
    signer: str | None = Field(default=None, max_length=255)
    parsed: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = Field(default=1)
    imported_by: int | None = Field(default=None, foreign_key="account.id")
    imported_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    superseded_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
