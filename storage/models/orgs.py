"""Organisations (a tree of any depth) and the party cells under them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Organization(SQLModel, table=True):
    """A đảng bộ or committee; `path` ("/1/4/") makes subtree queries a prefix match."""

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    path: str = Field(default="", index=True, max_length=400)
    name: str = Field(max_length=200)
    kind: str = Field(default="dang_bo", max_length=40)
    timezone: str = Field(default="Asia/Ho_Chi_Minh", max_length=60)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)

    def lineage(self) -> list[int]:
        """The ids from the root down to this organisation (read from `path`)."""
        return lineage_of(self.path)


def lineage_of(path: str) -> list[int]:
    """ "/1/4/" → [1, 4]: the organisation ids of a path, root first."""
    return [int(part) for part in path.strip("/").split("/") if part.isdecimal()]


class Cell(SQLModel, table=True):
    """A chi bộ: the unit whose secretary reports its meetings."""

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organization.id", index=True)
    name: str = Field(max_length=200)
    kind: str = Field(default="thon", max_length=40)
    members_on_roll: int = Field(default=0)
    meeting_rule: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    topic_rule: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
