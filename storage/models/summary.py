"""Parts of committee summaries kept between requests, and what tells when they are stale.

A summary of a province adds up the same per-organisation aggregates again and again while
most organisations' reports have not changed. `SummaryCache` keeps one organisation's part of
one aggregate (storage.repos.summary) for some arguments; `SummaryStamp` counts the changes to
that organisation's reports ("report") and figures ("figure"); a change to one of its cells
counts for both. Database triggers (migration 0011) bump the stamps in the same transaction as
any such change, whoever writes it, so a part is used only while the stamp of its source it was
computed at is still the organisation's.
"""

from __future__ import annotations

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class SummaryStamp(SQLModel, table=True):
    """How many times the reports (`source` "report") or figures ("figure") of `org_id`'s own
    cells, or those cells themselves, changed."""

    org_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    source: str = Field(primary_key=True, max_length=10)
    stamp: int = Field(default=0)


class SummaryCache(SQLModel, table=True):
    """One organisation's part of an aggregate (`kind`) for some arguments (`args`, a digest),
    as JSON, computed when the organisation's stamp of `source` was `stamp`."""

    org_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    kind: str = Field(primary_key=True, max_length=20)
    args: str = Field(primary_key=True, max_length=40)
    source: str = Field(max_length=10)
    stamp: int
    value: str = Field(sa_column=Column(Text, nullable=False))
