"""Meeting reports and figures sent by cells, every version of them, and figure definitions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

REPORT_STATUSES = ("sent", "returned")


class MeetingReport(SQLModel, table=True):
    """A cell's report of one meeting, as it stands now (older versions: MeetingReportVersion).

    `period` is the month "2026-11"; `slot` is "monthly" (the regular or combined meeting, or
    the month's meeting not held) or "topic" (a separate topic session that month).
    `status` is sent | returned (an officer sent it back for correction).
    """

    __table_args__ = (
        UniqueConstraint("cell_id", "period", "slot"),
        # Committee summaries read months of a whole province from this index alone.
        Index(
            "ix_meetingreport_review",
            "period",
            "slot",
            "cell_id",
            "status",
            "held",
            "kind",
            "present",
            "on_roll",
            "exempted",
            "absent_unexcused",
            "upper_attended",
            "resolution_adopted",
            "grade",
        ),
        # Topic sessions of a year (regular meetings combined with one, or held on their own).
        Index("ix_meetingreport_topics", "kind", "status", "held", "period", "slot", "cell_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cell_id: int = Field(foreign_key="cell.id", index=True)
    period: str = Field(max_length=10, index=True)
    slot: str = Field(default="monthly", max_length=10)
    status: str = Field(default="sent", max_length=12)
    held: bool = Field(default=True)
    meeting_date: date | None = Field(default=None)
    kind: str | None = Field(default=None, max_length=12)
    topic_title: str | None = Field(default=None, max_length=300)
    on_roll: int | None = Field(default=None)
    exempted: int | None = Field(default=None)
    present: int | None = Field(default=None)
    absent_excused: int | None = Field(default=None)
    absent_unexcused: int | None = Field(default=None)
    upper_attended: bool | None = Field(default=None)
    upper_name: str | None = Field(default=None, max_length=120)
    resolution_adopted: bool | None = Field(default=None)
    grade: str | None = Field(default=None, max_length=12)
    note: str = Field(default="", max_length=500)
    not_held_reason: str = Field(default="", max_length=500)
    new_date: date | None = Field(default=None)
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = Field(default=1)
    reported_by: int | None = Field(default=None, foreign_key="account.id")
    reported_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="account.id")
    updated_at: datetime = Field(sa_type=UTCDateTime)
    return_note: str = Field(default="", max_length=500)
    returned_by: int | None = Field(default=None, foreign_key="account.id")
    returned_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class MeetingReportVersion(SQLModel, table=True):
    """One version of a report (sent, edited, returned, sent again): the data, who and when."""

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="meetingreport.id", index=True)
    version: int
    action: str = Field(max_length=20)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    by: int | None = Field(default=None, foreign_key="account.id")
    at: datetime = Field(sa_type=UTCDateTime)


class FigureSet(SQLModel, table=True):
    """The figures an organisation collects (its cells and sub-organisations inherit it)."""

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organization.id", unique=True)
    definitions: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    updated_by: int | None = Field(default=None, foreign_key="account.id")
    updated_at: datetime = Field(sa_type=UTCDateTime)


class FigureRecord(SQLModel, table=True):
    """One figure of a cell for a period ("2026-11" monthly, "2026" yearly), as it stands now.

    `number` holds counts and money (đồng), `text` a rating ("htxsnv" …).
    """

    __table_args__ = (
        UniqueConstraint("cell_id", "key", "period"),
        Index("ix_figurerecord_review", "period", "key", "cell_id", "number", "text"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cell_id: int = Field(foreign_key="cell.id", index=True)
    key: str = Field(max_length=64)
    period: str = Field(max_length=10, index=True)
    number: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    text: str | None = Field(default=None, max_length=20)
    version: int = Field(default=1)
    reported_by: int | None = Field(default=None, foreign_key="account.id")
    reported_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="account.id")
    updated_at: datetime = Field(sa_type=UTCDateTime)


class FigureRecordVersion(SQLModel, table=True):
    """A former or current value of a figure, with who gave it and when."""

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="figurerecord.id", index=True)
    version: int
    number: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    text: str | None = Field(default=None, max_length=20)
    by: int | None = Field(default=None, foreign_key="account.id")
    at: datetime = Field(sa_type=UTCDateTime)
