"""Meetings of a cell per period (planned, moved, reported) and the audited moves."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

MEETING_STATUSES = ("planned", "moved", "held", "not_held", "reported")


class Meeting(SQLModel, table=True):
    """One meeting of a cell: `period` "2026-11" is the month's regular (or combined) meeting,
    "2026-Q4" the quarter's topic session, so (cell_id, kind, period) names it; `kind` is
    "regular", "combined" or "topic". The period's form already tells a month meeting from a
    topic session, so (cell_id, period) is the unique key and `kind` follows the cell's rules.
    `status` is planned | moved | held | not_held | reported; the planner treats a period as
    reported when its row says "reported"."""

    __table_args__ = (UniqueConstraint("cell_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    cell_id: int = Field(foreign_key="cell.id", index=True)
    kind: str = Field(max_length=12)
    period: str = Field(max_length=10, index=True)
    status: str = Field(default="planned", max_length=12)
    planned_date: date | None = Field(default=None)
    meeting_date: date | None = Field(default=None)
    meeting_time: str | None = Field(default=None, max_length=5)
    held: bool | None = Field(default=None)
    report_id: int | None = Field(default=None)
    reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    reported_by: int | None = Field(default=None, foreign_key="account.id")
    updated_at: datetime = Field(sa_type=UTCDateTime)


class MeetingMove(SQLModel, table=True):
    """A secretary's move of one meeting (/doilich): from which date to which, why, by whom."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    cell_id: int = Field(foreign_key="cell.id", index=True)
    period: str = Field(max_length=10)
    from_date: date
    to_date: date
    to_time: str | None = Field(default=None, max_length=5)
    reason: str = Field(max_length=300)
    moved_by: int | None = Field(default=None, foreign_key="account.id")
    moved_at: datetime = Field(sa_type=UTCDateTime, index=True)
