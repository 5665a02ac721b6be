"""The committee's summary as aggregate SQL over a subtree's reports, topic sessions and figures.

The scope is given as organisation path prefixes ("/1/4/"; "/" is everything) to list the tree,
and as the ids of the organisations in it (`orgs` gives them) to the aggregate queries, which
count in the database, per organisation or per cell, so a province of 10,000 cells comes back as
a few hundred rows. Statuses: a report is accepted when its status is "sent"; a "returned"
one was sent back by an officer and does not count as reported until it is sent again.

Every aggregate here is computed per organisation (its own cells), and each organisation's part
is kept (storage.models.summary) until a trigger stamps a change to that organisation's cells or
reports (for what is read of reports) or figures (of figures): a province asked again
recomputes only the organisations that changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Float,
    Integer,
    and_,
    case,
    cast,
    delete,
    distinct,
    exists,
    false,
    func,
    not_,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery
from sqlmodel import col
from sqlmodel import select as select_models
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    Account,
    Cell,
    FigureRecord,
    FigureSet,
    Invite,
    MeetingReport,
    Organization,
    Role,
    SummaryCache,
    SummaryStamp,
)

MONTHLY, TOPIC = "monthly", "topic"
ACCEPTED, RETURNED = "sent", "returned"
GRADES = ("good", "fair", "average", "poor")
TOPIC_KINDS = ("topic", "combined")
DEPUTY = "deputy"
CELL_ROLES = ("secretary", DEPUTY)
GroupBy = Literal["org", "cell"]
Source = Literal["report", "figure"]

_REPORT: Any = MeetingReport.__table__  # type: ignore[attr-defined]
_FIGURE: Any = FigureRecord.__table__  # type: ignore[attr-defined]
_CACHE: Any = SummaryCache.__table__  # type: ignore[attr-defined]
_STAMP: Any = SummaryStamp.__table__  # type: ignore[attr-defined]
Compute = Callable[[list[int]], Awaitable[dict[int, Any]]]
# Parts computed by another version of this module are not used: its queries may count
# differently (the digest of every part includes this one of the module's source).
_CODE_VERSION = hashlib.sha1(Path(__file__).read_bytes(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class MeetingCounts:
    """Regular meetings of some cells over some months (monthly slot), all additive but `lowest`."""

    cells: int = 0
    reported: int = 0  # accepted monthly reports (cell-months)
    returned: int = 0  # monthly reports sent back and not sent again yet
    cells_complete: int = 0  # cells with an accepted report for every month asked
    held: int = 0
    not_held: int = 0
    present: int = 0
    expected: int = 0  # members expected at the measured meetings (on roll − exempted)
    lowest: float | None = None  # the lowest attendance of one meeting, 0..1
    low_meetings: int = 0  # meetings at or below the threshold
    low_cells: int = 0  # cells with at least one such meeting
    unexcused: int = 0
    unexcused_cells: int = 0
    upper: int = 0  # meetings an upper-level committee member attended
    resolutions: int = 0
    grade_good: int = 0
    grade_fair: int = 0
    grade_average: int = 0
    grade_poor: int = 0
    owed: int = 0  # reports owed (cell-months: months asked as owed the cell existed for)
    reported_owed: int = 0  # accepted monthly reports among those owed
    cells_owing_nothing: int = 0  # cells owing no report of the months asked (created since)

    def plus(self, other: MeetingCounts) -> MeetingCounts:
        lows = [v for v in (self.lowest, other.lowest) if v is not None]
        return MeetingCounts(
            self.cells + other.cells,
            self.reported + other.reported,
            self.returned + other.returned,
            self.cells_complete + other.cells_complete,
            self.held + other.held,
            self.not_held + other.not_held,
            self.present + other.present,
            self.expected + other.expected,
            min(lows) if lows else None,
            self.low_meetings + other.low_meetings,
            self.low_cells + other.low_cells,
            self.unexcused + other.unexcused,
            self.unexcused_cells + other.unexcused_cells,
            self.upper + other.upper,
            self.resolutions + other.resolutions,
            self.grade_good + other.grade_good,
            self.grade_fair + other.grade_fair,
            self.grade_average + other.grade_average,
            self.grade_poor + other.grade_poor,
            self.owed + other.owed,
            self.reported_owed + other.reported_owed,
            self.cells_owing_nothing + other.cells_owing_nothing,
        )

    @property
    def grades(self) -> tuple[int, int, int, int]:
        return (self.grade_good, self.grade_fair, self.grade_average, self.grade_poor)


@dataclass(frozen=True, slots=True)
class TopicCounts:
    """Topic sessions held (held, accepted, kind topic or combined) by some cells in a year."""

    cells_by_quarter: tuple[int, int, int, int] = (0, 0, 0, 0)  # cells with a session
    full_year_cells: int = 0  # cells with a session in every quarter
    sessions: int = 0
    separate: int = 0  # sessions held on their own (slot "topic")
    combined: int = 0  # regular meetings combined with the topic session
    cells_in_period: int = 0  # cells with a session within the period asked
    sessions_in_period: int = 0
    separate_in_period: int = 0
    owing_by_quarter: tuple[int, int, int, int] = (0, 0, 0, 0)
    """Cells that owe each quarter's session: those that existed on its first day (see
    `_owes_quarter`), and those that held one in it all the same."""
    full_year_owing: int = 0  # cells owing a session in some quarter of the year
    """`full_year_cells` are those of them with a session in every quarter they owe."""

    def plus(self, other: TopicCounts) -> TopicCounts:
        quarters = _four(self.cells_by_quarter, other.cells_by_quarter)
        return TopicCounts(
            quarters,
            self.full_year_cells + other.full_year_cells,
            self.sessions + other.sessions,
            self.separate + other.separate,
            self.combined + other.combined,
            self.cells_in_period + other.cells_in_period,
            self.sessions_in_period + other.sessions_in_period,
            self.separate_in_period + other.separate_in_period,
            _four(self.owing_by_quarter, other.owing_by_quarter),
            self.full_year_owing + other.full_year_owing,
        )

    @classmethod
    def of_list(cls, v: Sequence[int]) -> TopicCounts:
        """The counts as `_topic_counts` lists them (and the summary cache keeps them)."""
        return cls(
            (v[0], v[1], v[2], v[3]),
            full_year_cells=v[4],
            sessions=v[5],
            separate=v[6],
            combined=v[7],
            cells_in_period=v[8],
            sessions_in_period=v[9],
            separate_in_period=v[10],
            owing_by_quarter=(v[11], v[12], v[13], v[14]),
            full_year_owing=v[15],
        )


def _four(a: Sequence[int], b: Sequence[int]) -> tuple[int, int, int, int]:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


@dataclass(frozen=True, slots=True)
class CellTopics:
    """One cell's topic sessions in a year: sessions per quarter, and of which kinds."""

    by_quarter: tuple[int, int, int, int] = (0, 0, 0, 0)
    separate: int = 0
    combined: int = 0
    in_period: int = 0
    separate_in_period: int = 0

    @property
    def quarters_covered(self) -> int:
        return sum(1 for n in self.by_quarter if n > 0)


@dataclass(frozen=True, slots=True)
class OrgRow:
    id: int
    parent_id: int | None
    path: str
    name: str


@dataclass(frozen=True, slots=True)
class CellRow:
    id: int
    name: str
    org_id: int
    members_on_roll: int


@dataclass(frozen=True, slots=True)
class IncompleteCell:
    """A cell missing an accepted monthly report for some month; masks are bit i = month i."""

    cell_id: int
    name: str
    org_id: int
    accepted_mask: int
    returned_mask: int
    created_at: datetime | None = None  # months that ended before it are owed nothing


@dataclass(frozen=True, slots=True)
class LowestMeeting:
    cell_id: int
    cell_name: str
    org_name: str
    period: str
    present: int
    expected: int


@dataclass(frozen=True, slots=True)
class FigureTotal:
    org_id: int
    key: str
    total: int
    cells: int


@dataclass(frozen=True, slots=True)
class RatingRow:
    """Yearly ratings of an organisation's cells: a rating given (`text`, counted in `cells`)
    or a count of members by rating (`number` summed)."""

    org_id: int
    period: str
    key: str
    text: str | None
    cells: int
    number: int


@dataclass(frozen=True, slots=True)
class SecretaryRow:
    cell_id: int
    account_id: int
    name: str
    blocked: bool
    deputy: bool = False  # a deputy secretary (phó bí thư), not the secretary


@dataclass(frozen=True, slots=True)
class MonthCount:
    period: str
    reported: int
    returned: int
    held: int


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _expected() -> Any:
    return _REPORT.c.on_roll - func.coalesce(_REPORT.c.exempted, 0)


def _measured() -> ColumnElement[bool]:
    """An accepted, held regular meeting with attendance figures to measure."""
    return and_(
        _REPORT.c.status == ACCEPTED,
        _REPORT.c.held.is_(True),
        _REPORT.c.present.is_not(None),
        _REPORT.c.on_roll.is_not(None),
        _expected() > 0,
    )


def _in_scope(prefixes: Sequence[str]) -> ColumnElement[bool]:
    if not prefixes:
        return false()
    if "/" in prefixes:
        return true()
    return or_(*(col(Organization.path).startswith(p, autoescape=True) for p in prefixes))


def _scoped(org_ids: Sequence[int]) -> Subquery:
    """The active cells of these organisations, with their organisation and creation time."""
    return (
        select(
            col(Cell.id).label("cell_id"),
            col(Cell.org_id).label("org_id"),
            col(Cell.created_at).label("created_at"),
        )
        .where(col(Cell.active).is_(True), col(Cell.org_id).in_(list(org_ids)))
        .subquery("scoped")
    )


_CELLS_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # scheduler.review_periods.CELLS_ZONE


def _month_end(month: str) -> datetime:
    """The first moment after the month "2026-11" in Việt Nam's time, in UTC (as cells'
    creation times are kept): 30/11 17:00 UTC."""
    year, number = int(month[:4]), int(month[5:7])
    local = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=_CELLS_ZONE)
    return local.astimezone(UTC)


def _owes_quarter(created_at: Any, quarter_months: Sequence[str]) -> ColumnElement[bool]:
    """Whether a cell created at `created_at` owes the topic session of the quarter of these
    months: it existed on the quarter's first day (scheduler.review_periods.owes_topic_session,
    in SQL); a cell created within the quarter, or after it, does not."""
    first = quarter_months[0]
    year, number = int(first[:4]), int(first[5:7])
    next_day = datetime(year, number, 2, tzinfo=_CELLS_ZONE).astimezone(UTC)
    return or_(created_at.is_(None), created_at < next_day)


def _owed_by(created_at: Any, month: str) -> ColumnElement[bool]:
    """Whether a cell created at `created_at` owes `month`: it existed before the month ended
    (scheduler.review_periods.existed, in SQL)."""
    return or_(created_at.is_(None), created_at < _month_end(month))


def _last_of_head_counts(
    f: Any, periods: Sequence[str], head_counts: Sequence[str]
) -> ColumnElement[bool]:
    """Rows of `f` (the figures table) to add up: every row of an event count, and of a head
    count only the cell's last period among `periods` (months sort as their keys "2026-11")."""
    if not head_counts:
        return true()
    later = _FIGURE.alias("later")
    last = (
        select(func.max(later.c.period))
        .where(
            later.c.cell_id == f.c.cell_id,
            later.c.key == f.c.key,
            later.c.period.in_(list(periods)),
            later.c.number.is_not(None),
        )
        .scalar_subquery()
    )
    return or_(f.c.key.not_in(list(head_counts)), f.c.period == last)


def _int(value: Any) -> int:
    return int(value or 0)


@dataclass
class _Batch:
    """Parts computed within `SummaryRepository.kept_together`, written at its end."""

    stamps: dict[tuple[int, str], int] = field(default_factory=dict)
    read: set[int] = field(default_factory=set)  # organisations whose stamps were read
    rows: dict[tuple[int, str, str], dict[str, Any]] = field(default_factory=dict)


class SummaryRepository:
    """Aggregate reads for committee summaries (read only but for the cache; never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._batch: _Batch | None = None

    async def _rows(self, statement: Any) -> Sequence[Any]:
        return (await self._session.execute(statement)).all()

    def _no_index(self, cell_id: Any) -> Any:
        """`cell_id` as SQLite cannot use an index on it (`cell_id + 0`). Joining figures to the
        cells in scope, SQLite would read every figure of every cell through the cell index
        (all their periods, from the table) rather than the periods asked from the covering
        index of migration 0007 (a province's year: a quarter slower). PostgreSQL plans it well
        as it is."""
        bind = self._session.bind
        return cell_id + 0 if bind is not None and bind.dialect.name == "sqlite" else cell_id

    @asynccontextmanager
    async def kept_together(self) -> AsyncIterator[None]:
        """Within it, the stamps are read once and the parts computed are kept in two
        statements at its end, not three for each aggregate (a summary computes up to ten).
        Nothing is kept if it ends with an error; an inner one leaves the keeping to the outer."""
        if self._batch is not None:
            yield
            return
        self._batch = _Batch()
        try:
            yield
            batch = self._batch
            await self._keep([batch.rows[key] for key in sorted(batch.rows)])
        finally:
            self._batch = None

    async def _memo(
        self, kind: str, source: Source, args: Any, org_ids: Sequence[int], compute: Compute
    ) -> dict[int, Any]:
        """Per organisation (in the order of `org_ids`, whatever was kept), the JSON value
        `compute` gives it (None: nothing), read from the cache where the organisation's stamp
        has not moved since, computed (for those only) and kept otherwise. `kind` and the JSON
        `args` name the aggregate and its arguments, `source` the stamp it depends on ("report"
        for what it reads of reports, "figure" of figures; both count changes to the cells)."""
        ids = list(dict.fromkeys(org_ids))
        if not ids:
            return {}
        key = json.dumps([_CODE_VERSION, kind, args], separators=(",", ":"), sort_keys=True)
        digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
        c, stamps = _CACHE, _STAMP
        fresh = (
            select(c.c.org_id, c.c.value)
            .select_from(
                c.outerjoin(stamps, and_(stamps.c.org_id == c.c.org_id, stamps.c.source == source))
            )
            .where(
                c.c.kind == kind,
                c.c.args == digest,
                c.c.org_id.in_(ids),
                c.c.stamp == func.coalesce(stamps.c.stamp, 0),
            )
        )
        found = {int(org): json.loads(value) for org, value in await self._rows(fresh)}
        batch = self._batch
        if batch is not None:
            for org in ids:
                pending = batch.rows.get((org, kind, digest))
                if org not in found and pending is not None:
                    found[org] = json.loads(pending["value"])
        stale = [org for org in ids if org not in found]
        if not stale:
            return {org: found[org] for org in ids}
        stamp_of = await self._stamps(ids, stale, source)
        computed = await compute(stale)
        rows: list[dict[str, Any]] = []
        for org in stale:
            value = json.dumps(computed.get(org), separators=(",", ":"))
            found[org] = json.loads(value)
            rows.append(
                {
                    "org_id": org,
                    "kind": kind,
                    "args": digest,
                    "source": source,
                    "stamp": stamp_of.get(org, 0),
                    "value": value,
                }
            )
        if batch is None:
            await self._keep(rows)
        else:
            batch.rows.update({(row["org_id"], kind, digest): row for row in rows})
        return {org: found[org] for org in ids}

    async def _stamps(self, ids: list[int], stale: list[int], source: Source) -> dict[int, int]:
        """The current stamps of `source` of the `stale` organisations (within a batch, read
        once for every organisation asked). They are read before the aggregate: a change
        committed in between leaves the part computed with it under the older stamp, to be
        computed again next time."""
        stamps = _STAMP
        batch = self._batch
        if batch is None:
            current = select(stamps.c.org_id, stamps.c.stamp).where(
                stamps.c.org_id.in_(stale), stamps.c.source == source
            )
            return {int(org): int(stamp) for org, stamp in await self._rows(current)}
        unread = [org for org in ids if org not in batch.read]
        if unread:
            current = select(stamps.c.org_id, stamps.c.source, stamps.c.stamp).where(
                stamps.c.org_id.in_(unread)
            )
            for org, kept_source, stamp in await self._rows(current):
                batch.stamps[(int(org), str(kept_source))] = int(stamp)
            batch.read.update(unread)
        return {org: batch.stamps.get((org, source), 0) for org in stale}

    async def _keep(self, rows: list[dict[str, Any]]) -> None:
        """Write computed parts, and delete the older parts of their organisations."""
        if not rows:
            return
        c, stamps = _CACHE, _STAMP
        dialect = self._session.bind.dialect.name if self._session.bind is not None else ""
        insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(c)
        statement = statement.on_conflict_do_update(
            index_elements=["org_id", "kind", "args"],
            set_={
                "source": statement.excluded.source,
                "stamp": statement.excluded.stamp,
                "value": statement.excluded.value,
            },
        )
        await self._session.execute(statement, rows)
        # Parts of these organisations computed before their last change are of no more use.
        # Those another transaction is writing are left for later (SKIP LOCKED, PostgreSQL):
        # two summaries kept at once never wait on each other in opposite orders.
        current_stamp = func.coalesce(
            select(stamps.c.stamp)
            .where(stamps.c.org_id == c.c.org_id, stamps.c.source == c.c.source)
            .scalar_subquery(),
            0,
        )
        orgs = sorted({int(row["org_id"]) for row in rows})
        old = (
            select(c.c.org_id, c.c.kind, c.c.args)
            .where(c.c.org_id.in_(orgs), c.c.stamp != current_stamp)
            .with_for_update(skip_locked=True)
        )
        await self._session.execute(
            delete(c).where(tuple_(c.c.org_id, c.c.kind, c.c.args).in_(old))
        )

    # --- the tree ----------------------------------------------------------------------------

    async def orgs(self, prefixes: Sequence[str]) -> list[OrgRow]:
        """The organisations under the prefixes, by path."""
        statement = (
            select(
                col(Organization.id),
                col(Organization.parent_id),
                col(Organization.path),
                col(Organization.name),
            )
            .where(_in_scope(prefixes))
            .order_by(col(Organization.path))
        )
        return [OrgRow(int(i), p, path, name) for i, p, path, name in await self._rows(statement)]

    async def cells(self, prefixes: Sequence[str]) -> list[CellRow]:
        """The active cells under the prefixes, by organisation then id."""
        statement = (
            select(col(Cell.id), col(Cell.name), col(Cell.org_id), col(Cell.members_on_roll))
            .join(Organization, col(Organization.id) == col(Cell.org_id))
            .where(col(Cell.active).is_(True), _in_scope(prefixes))
            .order_by(col(Organization.path), col(Cell.id))
        )
        return [
            CellRow(int(i), n, int(o), int(m or 0)) for i, n, o, m in await self._rows(statement)
        ]

    async def count_cells(self, prefixes: Sequence[str]) -> int:
        statement = (
            select(func.count())
            .select_from(Cell)
            .join(Organization, col(Organization.id) == col(Cell.org_id))
            .where(col(Cell.active).is_(True), _in_scope(prefixes))
        )
        return _int((await self._session.execute(statement)).scalar())

    async def members_by_org(self, prefixes: Sequence[str]) -> dict[int, int]:
        """Members on the roll of the active cells under the prefixes, per organisation (its
        own cells)."""
        statement = (
            select(col(Cell.org_id), func.sum(Cell.members_on_roll))
            .join(Organization, col(Organization.id) == col(Cell.org_id))
            .where(col(Cell.active).is_(True), _in_scope(prefixes))
            .group_by(col(Cell.org_id))
        )
        return {int(org): _int(total) for org, total in await self._rows(statement)}

    async def members_on_roll(self, prefixes: Sequence[str]) -> int:
        statement = (
            select(func.sum(Cell.members_on_roll))
            .join(Organization, col(Organization.id) == col(Cell.org_id))
            .where(col(Cell.active).is_(True), _in_scope(prefixes))
        )
        return _int((await self._session.execute(statement)).scalar())

    # --- regular meetings ---------------------------------------------------------------------

    async def meeting_counts(
        self,
        org_ids: Sequence[int],
        months: Sequence[str],
        *,
        by: GroupBy,
        low_percent: int,
        owed: Sequence[str] | None = None,
    ) -> dict[int, MeetingCounts]:
        """Regular meetings per organisation (its own cells) or per cell; every cell in scope
        has an entry, with zeros when it sent nothing. `owed` (of `months`; all of them by
        default) are the months reports are owed for: each cell owes those that ended after it
        was created, and those of the others (a month still going on) it sent a report for
        already; a cell is complete when it reported every month it owes."""
        owed_months = list(months if owed is None else owed)

        async def compute(ids: list[int]) -> dict[int, Any]:
            return await self._meeting_counts(
                ids, months, owed_months, by=by, low_percent=low_percent
            )

        parts = await self._memo(
            f"meetings_{by}", "report", [list(months), low_percent, owed_months], org_ids, compute
        )
        if by == "org":
            return {org: MeetingCounts(*part) for org, part in parts.items() if part is not None}
        return {
            int(cell): MeetingCounts(*values)
            for part in parts.values()
            if part
            for cell, values in part.items()
        }

    async def _meeting_counts(
        self,
        org_ids: Sequence[int],
        months: Sequence[str],
        owed: Sequence[str],
        *,
        by: GroupBy,
        low_percent: int,
    ) -> dict[int, Any]:
        """org id → its counts (by organisation) or {cell id: counts} (by cell), as lists."""
        r = _REPORT
        scoped = _scoped(org_ids)
        held = and_(r.c.status == ACCEPTED, r.c.held.is_(True))
        measured = _measured()
        owed_report = or_(
            false(), *(and_(r.c.period == m, _owed_by(scoped.c.created_at, m)) for m in owed)
        )
        # a report sent for a month not owed yet (its meetings still going on), or for a month
        # that ended before the cell was created, is owed from then
        early = r.c.period.not_in(list(owed)) if owed else true()
        unowed = or_(early, and_(r.c.period.in_(list(owed)), not_(owed_report)))
        per_cell = (
            select(
                r.c.cell_id.label("cell_id"),
                _count_if(r.c.status == ACCEPTED).label("reported"),
                _count_if(and_(r.c.status == ACCEPTED, or_(owed_report, unowed))).label(
                    "reported_owed"
                ),
                _count_if(and_(r.c.status == ACCEPTED, unowed)).label("early"),
                _count_if(r.c.status == RETURNED).label("returned"),
                _count_if(held).label("held"),
                _count_if(and_(r.c.status == ACCEPTED, r.c.held.is_(False))).label("not_held"),
                func.sum(case((measured, r.c.present), else_=0)).label("present"),
                func.sum(case((measured, _expected()), else_=0)).label("expected"),
                func.min(case((measured, cast(r.c.present, Float) / _expected()))).label("lowest"),
                _count_if(and_(measured, r.c.present * 100 <= low_percent * _expected())).label(
                    "low"
                ),
                func.sum(case((held, func.coalesce(r.c.absent_unexcused, 0)), else_=0)).label(
                    "unexcused"
                ),
                _count_if(and_(held, r.c.absent_unexcused > 0)).label("unexcused_meetings"),
                _count_if(and_(held, r.c.upper_attended.is_(True))).label("upper"),
                _count_if(and_(held, r.c.resolution_adopted.is_(True))).label("resolutions"),
                *(_count_if(and_(held, r.c.grade == g)).label(f"grade_{g}") for g in GRADES),
            )
            .join(scoped, scoped.c.cell_id == r.c.cell_id)
            .where(r.c.slot == MONTHLY, r.c.period.in_(list(months)))
            .group_by(r.c.cell_id)
            .subquery("per_cell")
        )
        outer_scoped = _scoped(org_ids)
        keys = [outer_scoped.c.org_id]
        if by == "cell":
            keys.append(outer_scoped.c.cell_id)
        c = per_cell.c
        # the months this cell owes, as a number: those owed it existed for, and those it
        # reported early
        owes: Any = func.coalesce(c.early, 0)
        for m in owed:
            owes = owes + case((_owed_by(outer_scoped.c.created_at, m), 1), else_=0)
        statement = (
            select(
                *keys,
                func.count().label("cells"),
                func.sum(c.reported),
                func.sum(c.returned),
                _count_if(func.coalesce(c.reported_owed, 0) >= owes),
                func.sum(c.held),
                func.sum(c.not_held),
                func.sum(c.present),
                func.sum(c.expected),
                func.min(c.lowest),
                func.sum(c.low),
                _count_if(c.low > 0),
                func.sum(c.unexcused),
                _count_if(c.unexcused_meetings > 0),
                func.sum(c.upper),
                func.sum(c.resolutions),
                *(func.sum(getattr(c, f"grade_{g}")) for g in GRADES),
                func.sum(owes),
                func.sum(c.reported_owed),
                _count_if(owes == 0),
            )
            .select_from(outer_scoped.outerjoin(per_cell, c.cell_id == outer_scoped.c.cell_id))
            .group_by(*keys)
        )
        names = [f.name for f in fields(MeetingCounts)]
        found: dict[int, Any] = {}
        for row in await self._rows(statement):
            values: dict[str, Any] = {}
            for name, value in zip(names, row[len(keys) :], strict=True):
                if name == "lowest":
                    values[name] = float(value) if value is not None else None
                else:
                    values[name] = _int(value)
            counts = [values[name] for name in names]
            if by == "org":
                found[int(row[0])] = counts
            else:
                found.setdefault(int(row[0]), {})[str(int(row[1]))] = counts
        return found

    async def lowest_meeting(
        self, org_ids: Sequence[int], months: Sequence[str]
    ) -> LowestMeeting | None:
        """The accepted regular meeting with the lowest attendance (earliest, then by cell)."""
        r = _REPORT
        statement = (
            select(
                r.c.cell_id,
                col(Cell.name),
                col(Organization.name),
                r.c.period,
                r.c.present,
                _expected(),
            )
            .join(Cell, col(Cell.id) == r.c.cell_id)
            .join(Organization, col(Organization.id) == col(Cell.org_id))
            .where(
                col(Cell.active).is_(True),
                col(Cell.org_id).in_(list(org_ids)),
                r.c.slot == MONTHLY,
                r.c.period.in_(list(months)),
                _measured(),
            )
            .order_by(cast(r.c.present, Float) / _expected(), r.c.period, r.c.cell_id)
            .limit(1)
        )
        rows = await self._rows(statement)
        if not rows:
            return None
        cell_id, cell_name, org_name, period, present, expected = rows[0]
        return LowestMeeting(int(cell_id), cell_name, org_name, period, int(present), int(expected))

    async def unexcused_runs(
        self,
        org_ids: Sequence[int],
        window: Sequence[str],
        months: Sequence[str],
        *,
        run: int,
    ) -> dict[int, int]:
        """Cells (→ their organisation) whose unexcused absences ran `run` months in a row,
        the run ending in one of `months`; `window` holds those months and the run-1 before."""

        async def compute(ids: list[int]) -> dict[int, Any]:
            found: dict[int, list[int]] = {}
            for cell, org in (await self._unexcused_runs(ids, window, months, run=run)).items():
                found.setdefault(org, []).append(cell)
            return found

        parts = await self._memo(
            "unexcused", "report", [list(window), list(months), run], org_ids, compute
        )
        return {cell: org for org, cells in parts.items() for cell in cells or []}

    async def _unexcused_runs(
        self,
        org_ids: Sequence[int],
        window: Sequence[str],
        months: Sequence[str],
        *,
        run: int,
    ) -> dict[int, int]:
        r = _REPORT
        scoped = _scoped(org_ids)
        index = cast(func.substr(r.c.period, 1, 4), Integer) * 12 + cast(
            func.substr(r.c.period, 6, 2), Integer
        )
        runs = (
            select(
                r.c.cell_id.label("cell_id"),
                scoped.c.org_id.label("org_id"),
                r.c.period.label("period"),
                index.label("idx"),
                func.lag(index, run - 1)
                .over(partition_by=r.c.cell_id, order_by=r.c.period)
                .label("earlier"),
            )
            .join(scoped, scoped.c.cell_id == r.c.cell_id)
            .where(
                r.c.slot == MONTHLY,
                r.c.status == ACCEPTED,
                r.c.held.is_(True),
                r.c.absent_unexcused > 0,
                r.c.period.in_(list(window)),
            )
            .subquery("runs")
        )
        statement = (
            select(runs.c.cell_id, runs.c.org_id)
            .where(runs.c.idx - runs.c.earlier == run - 1, runs.c.period.in_(list(months)))
            .distinct()
        )
        return {int(cell): int(org) for cell, org in await self._rows(statement)}

    async def cells_owing(self, org_ids: Sequence[int], months: Sequence[str]) -> dict[str, int]:
        """For each month, the active cells in scope that owe it, as `meeting_counts` counts
        them: those that existed before it ended, and those that reported it all the same."""
        if not months:
            return {}
        scoped = _scoped(org_ids)
        r = _REPORT

        def reported(month: str) -> ColumnElement[bool]:
            return exists().where(
                r.c.cell_id == scoped.c.cell_id,
                r.c.slot == MONTHLY,
                r.c.period == month,
                r.c.status == ACCEPTED,
            )

        statement = select(
            *(
                _count_if(or_(_owed_by(scoped.c.created_at, m), reported(m))).label(f"m{i}")
                for i, m in enumerate(months)
            )
        ).select_from(scoped)
        row = (await self._rows(statement))[0]
        return {m: _int(value) for m, value in zip(months, row, strict=True)}

    async def monthly_counts(
        self, org_ids: Sequence[int], months: Sequence[str]
    ) -> list[MonthCount]:
        """Accepted, returned and held regular-meeting reports per month."""

        async def compute(ids: list[int]) -> dict[int, Any]:
            return await self._monthly_counts(ids, months)

        parts = await self._memo("months", "report", list(months), org_ids, compute)
        totals: dict[str, list[int]] = {}
        for part in parts.values():
            for period, *counts in part or []:
                total = totals.setdefault(period, [0, 0, 0])
                for index, count in enumerate(counts):
                    total[index] += count
        return [MonthCount(period, *counts) for period, counts in totals.items()]

    async def _monthly_counts(
        self, org_ids: Sequence[int], months: Sequence[str]
    ) -> dict[int, Any]:
        r = _REPORT
        scoped = _scoped(org_ids)
        statement = (
            select(
                scoped.c.org_id,
                r.c.period,
                _count_if(r.c.status == ACCEPTED),
                _count_if(r.c.status == RETURNED),
                _count_if(and_(r.c.status == ACCEPTED, r.c.held.is_(True))),
            )
            .join(scoped, scoped.c.cell_id == r.c.cell_id)
            .where(r.c.slot == MONTHLY, r.c.period.in_(list(months)))
            .group_by(scoped.c.org_id, r.c.period)
        )
        found: dict[int, Any] = {}
        for org, period, a, b, c in await self._rows(statement):
            found.setdefault(int(org), []).append([period, _int(a), _int(b), _int(c)])
        return found

    async def incomplete_cells(
        self, org_ids: Sequence[int], months: Sequence[str]
    ) -> list[IncompleteCell]:
        """Cells missing an accepted regular-meeting report for one of `months` (at most 30)."""
        if not months:
            return []
        if len(months) > 30:
            raise ValueError("at most 30 months at once")
        r = _REPORT
        scoped = _scoped(org_ids)
        bits = [(month, 1 << i) for i, month in enumerate(months)]
        accepted = func.sum(
            case(*((and_(r.c.period == m, r.c.status == ACCEPTED), b) for m, b in bits), else_=0)
        )
        returned = func.sum(
            case(*((and_(r.c.period == m, r.c.status == RETURNED), b) for m, b in bits), else_=0)
        )
        masks = (
            select(
                r.c.cell_id.label("cell_id"),
                accepted.label("accepted"),
                returned.label("returned"),
            )
            .join(scoped, scoped.c.cell_id == r.c.cell_id)
            .where(r.c.slot == MONTHLY, r.c.period.in_(list(months)))
            .group_by(r.c.cell_id)
            .subquery("masks")
        )
        full = (1 << len(months)) - 1
        accepted_mask = func.coalesce(masks.c.accepted, 0)
        statement = (
            select(
                col(Cell.id),
                col(Cell.name),
                col(Cell.org_id),
                accepted_mask,
                func.coalesce(masks.c.returned, 0),
                col(Cell.created_at),
            )
            .join(Organization, col(Organization.id) == col(Cell.org_id))
            .outerjoin(masks, masks.c.cell_id == col(Cell.id))
            .where(
                col(Cell.active).is_(True),
                col(Cell.org_id).in_(list(org_ids)),
                accepted_mask != full,
            )
            .order_by(col(Organization.path), col(Cell.id))
        )
        return [
            IncompleteCell(int(i), name, int(org), _int(a), _int(b), created)
            for i, name, org, a, b, created in await self._rows(statement)
        ]

    async def month_reports(self, org_ids: Sequence[int], month: str) -> list[MeetingReport]:
        """Every report (both slots, any status) of the cells in scope for one month."""
        scoped = _scoped(org_ids)
        statement = (
            select_models(MeetingReport)
            .join(scoped, scoped.c.cell_id == col(MeetingReport.cell_id))
            .where(col(MeetingReport.period) == month)
            .order_by(col(MeetingReport.cell_id), col(MeetingReport.slot))
        )
        return list((await self._session.exec(statement)).all())

    async def months_with_sends(self, org_ids: Sequence[int], months: Sequence[str]) -> set[str]:
        """Those of `months` for which a cell in scope sent anything a summary counts: a meeting
        report (either slot, any status) or a figure."""
        if not months:
            return set()
        scoped = _scoped(org_ids)
        r, f = _REPORT, _FIGURE
        reports = (
            select(r.c.period)
            .join(scoped, scoped.c.cell_id == r.c.cell_id)
            .where(r.c.period.in_(list(months)))
            .distinct()
        )
        figures = (
            select(f.c.period)
            .join(scoped, scoped.c.cell_id == self._no_index(f.c.cell_id))
            .where(f.c.period.in_(list(months)), f.c.number.is_not(None))
            .distinct()
        )
        found = {str(period) for (period,) in await self._rows(reports)}
        return found | {str(period) for (period,) in await self._rows(figures)}

    # --- topic sessions -----------------------------------------------------------------------

    def _per_cell_topics(
        self,
        org_ids: Sequence[int],
        quarters: Sequence[Sequence[str]],
        period_months: Sequence[str],
    ) -> Subquery:
        """Topic sessions per cell of these organisations (active or not: the callers join the
        active cells, which lets the database read the sessions from their index first)."""
        r = _REPORT
        year_months = [m for quarter in quarters for m in quarter]
        cells = (
            select(col(Cell.id).label("cell_id"), col(Cell.org_id).label("org_id"))
            .where(col(Cell.org_id).in_(list(org_ids)))
            .subquery("cells")
        )
        return (
            select(
                r.c.cell_id.label("cell_id"),
                cells.c.org_id.label("org_id"),
                *(
                    _count_if(r.c.period.in_(list(months))).label(f"q{i + 1}")
                    for i, months in enumerate(quarters)
                ),
                _count_if(r.c.slot == TOPIC).label("separate"),
                _count_if(r.c.kind == "combined").label("combined"),
                _count_if(r.c.period.in_(list(period_months))).label("in_period"),
                _count_if(and_(r.c.slot == TOPIC, r.c.period.in_(list(period_months)))).label(
                    "separate_in_period"
                ),
            )
            .join(cells, cells.c.cell_id == r.c.cell_id)
            .where(
                r.c.kind.in_(TOPIC_KINDS),
                r.c.status == ACCEPTED,
                r.c.held.is_(True),
                r.c.period.in_(year_months),
            )
            .group_by(r.c.cell_id, cells.c.org_id)
            .subquery("topics")
        )

    async def topic_counts(
        self,
        org_ids: Sequence[int],
        quarters: Sequence[Sequence[str]],
        period_months: Sequence[str],
    ) -> dict[int, TopicCounts]:
        """Per organisation (its own cells): topic sessions in the year whose four quarters'
        months are `quarters`; `period_months` are the months of the period asked."""

        async def compute(ids: list[int]) -> dict[int, Any]:
            return await self._topic_counts(ids, quarters, period_months)

        args = [[list(q) for q in quarters], list(period_months)]
        parts = await self._memo("topics", "report", args, org_ids, compute)
        return {org: TopicCounts.of_list(v) for org, v in parts.items() if v is not None}

    async def _topic_counts(
        self,
        org_ids: Sequence[int],
        quarters: Sequence[Sequence[str]],
        period_months: Sequence[str],
    ) -> dict[int, Any]:
        topics = self._per_cell_topics(org_ids, quarters, period_months)
        t = topics.c
        active = _scoped(org_ids)
        qs = [func.coalesce(q, 0) for q in (t.q1, t.q2, t.q3, t.q4)]
        # a quarter counts for a cell that owes it or held a session in it all the same
        counted = [
            or_(_owes_quarter(active.c.created_at, months), q > 0)
            for months, q in zip(quarters, qs, strict=True)
        ]
        statement = (
            select(
                active.c.org_id,
                *(_count_if(q > 0) for q in qs),
                _count_if(
                    and_(or_(*counted), *(or_(q > 0, not_(c)) for q, c in zip(qs, counted, strict=True)))
                ),
                func.sum(qs[0] + qs[1] + qs[2] + qs[3]),
                func.sum(func.coalesce(t.separate, 0)),
                func.sum(func.coalesce(t.combined, 0)),
                _count_if(func.coalesce(t.in_period, 0) > 0),
                func.sum(func.coalesce(t.in_period, 0)),
                func.sum(func.coalesce(t.separate_in_period, 0)),
                *(_count_if(c) for c in counted),
                _count_if(or_(*counted)),
            )
            .select_from(active.outerjoin(topics, active.c.cell_id == t.cell_id))
            .group_by(active.c.org_id)
        )
        found: dict[int, Any] = {}
        for row in await self._rows(statement):
            v = [_int(x) for x in row]
            found[v[0]] = v[1:]
        return found

    async def cell_topics(
        self,
        org_ids: Sequence[int],
        quarters: Sequence[Sequence[str]],
        period_months: Sequence[str],
    ) -> dict[int, CellTopics]:
        """Per cell that held any: topic sessions per quarter of the year, and their kinds."""

        async def compute(ids: list[int]) -> dict[int, Any]:
            return await self._cell_topics(ids, quarters, period_months)

        args = [[list(q) for q in quarters], list(period_months)]
        parts = await self._memo("cell_topics", "report", args, org_ids, compute)
        return {
            int(cell): CellTopics((v[0], v[1], v[2], v[3]), *v[4:])
            for part in parts.values()
            if part
            for cell, v in part.items()
        }

    async def _cell_topics(
        self,
        org_ids: Sequence[int],
        quarters: Sequence[Sequence[str]],
        period_months: Sequence[str],
    ) -> dict[int, Any]:
        topics = self._per_cell_topics(org_ids, quarters, period_months)
        t = topics.c
        active = _scoped(org_ids)
        statement = select(
            t.org_id,
            t.cell_id,
            t.q1,
            t.q2,
            t.q3,
            t.q4,
            t.separate,
            t.combined,
            t.in_period,
            t.separate_in_period,
        ).select_from(topics.join(active, active.c.cell_id == t.cell_id))
        found: dict[int, Any] = {}
        for row in await self._rows(statement):
            v = [_int(x) for x in row]
            found.setdefault(v[0], {})[str(v[1])] = v[2:]
        return found

    # --- figures ------------------------------------------------------------------------------

    async def figure_totals(
        self,
        org_ids: Sequence[int],
        periods: Sequence[str],
        keys: Sequence[str] | None = None,
        *,
        head_counts: Sequence[str] = (),
    ) -> list[FigureTotal]:
        """Numeric figures (of `keys`, or all) summed per organisation (its own cells) and key
        over `periods`; of a `head_counts` key (people counted at a moment, not events), each
        cell's last value in `periods` (3 candidates in October and November are 3)."""

        async def compute(ids: list[int]) -> dict[int, Any]:
            found: dict[int, Any] = {}
            for total in await self._figure_totals(ids, periods, keys, head_counts):
                found.setdefault(total.org_id, []).append([total.key, total.total, total.cells])
            return found

        args = [list(periods), list(keys) if keys is not None else None, sorted(head_counts)]
        parts = await self._memo("figures", "figure", args, org_ids, compute)
        return [
            FigureTotal(org, key, total, cells)
            for org, part in parts.items()
            for key, total, cells in part or []
        ]

    async def _figure_totals(
        self,
        org_ids: Sequence[int],
        periods: Sequence[str],
        keys: Sequence[str] | None,
        head_counts: Sequence[str],
    ) -> list[FigureTotal]:
        f = _FIGURE
        scoped = _scoped(org_ids)
        statement = (
            select(
                scoped.c.org_id, f.c.key, func.sum(f.c.number), func.count(distinct(f.c.cell_id))
            )
            .join(scoped, scoped.c.cell_id == self._no_index(f.c.cell_id))
            .where(
                f.c.period.in_(list(periods)),
                f.c.number.is_not(None),
                _last_of_head_counts(f, periods, head_counts),
            )
            .group_by(scoped.c.org_id, f.c.key)
        )
        if keys is not None:
            statement = statement.where(f.c.key.in_(list(keys)))
        return [
            FigureTotal(int(org), key, _int(total), _int(cells))
            for org, key, total, cells in await self._rows(statement)
        ]

    async def rating_rows(
        self, org_ids: Sequence[int], years: Sequence[str], keys: Sequence[str]
    ) -> list[RatingRow]:
        """The yearly figures `keys` of these years per organisation, in one pass."""

        async def compute(ids: list[int]) -> dict[int, Any]:
            found: dict[int, Any] = {}
            for row in await self._rating_rows(ids, years, keys):
                found.setdefault(row.org_id, []).append(
                    [row.period, row.key, row.text, row.cells, row.number]
                )
            return found

        parts = await self._memo("ratings", "figure", [list(years), list(keys)], org_ids, compute)
        return [
            RatingRow(org, period, key, text, cells, number)
            for org, part in parts.items()
            for period, key, text, cells, number in part or []
        ]

    async def _rating_rows(
        self, org_ids: Sequence[int], years: Sequence[str], keys: Sequence[str]
    ) -> list[RatingRow]:
        f = _FIGURE
        scoped = _scoped(org_ids)
        statement = (
            select(
                scoped.c.org_id, f.c.period, f.c.key, f.c.text, func.count(), func.sum(f.c.number)
            )
            .join(scoped, scoped.c.cell_id == f.c.cell_id)
            .where(f.c.period.in_(list(years)), f.c.key.in_(list(keys)))
            .group_by(scoped.c.org_id, f.c.period, f.c.key, f.c.text)
        )
        return [
            RatingRow(int(org), period, key, value, _int(n), _int(total))
            for org, period, key, value, n, total in await self._rows(statement)
        ]

    async def cell_figures(
        self,
        org_ids: Sequence[int],
        periods: Sequence[str],
        numbers: Sequence[str],
        texts: Sequence[str],
        *,
        head_counts: Sequence[str] = (),
    ) -> dict[int, dict[str, int | str]]:
        """Per cell that sent any: the `numbers` keys summed (a `head_counts` key: its last
        value) and the `texts` keys' values."""
        if not numbers and not texts:
            return {}

        async def compute(ids: list[int]) -> dict[int, Any]:
            return await self._cell_figures(ids, periods, numbers, texts, head_counts)

        args = [list(periods), list(numbers), list(texts), sorted(head_counts)]
        parts = await self._memo("cell_figures", "figure", args, org_ids, compute)
        return {
            int(cell): values for part in parts.values() if part for cell, values in part.items()
        }

    async def _cell_figures(
        self,
        org_ids: Sequence[int],
        periods: Sequence[str],
        numbers: Sequence[str],
        texts: Sequence[str],
        head_counts: Sequence[str],
    ) -> dict[int, Any]:
        keys = [*numbers, *texts]
        f = _FIGURE
        scoped = _scoped(org_ids)
        statement = (
            select(
                scoped.c.org_id,
                f.c.cell_id,
                *(func.sum(case((f.c.key == k, f.c.number))) for k in numbers),
                *(func.max(case((f.c.key == k, f.c.text))) for k in texts),
            )
            .join(scoped, scoped.c.cell_id == f.c.cell_id)
            .where(
                f.c.period.in_(list(periods)),
                f.c.key.in_(keys),
                _last_of_head_counts(f, periods, head_counts),
            )
            .group_by(scoped.c.org_id, f.c.cell_id)
        )
        found: dict[int, Any] = {}
        for row in await self._rows(statement):
            values: dict[str, int | str] = {}
            for key, value in zip(keys, row[2:], strict=True):
                if value is not None:
                    values[key] = value if key in texts else int(value)
            found.setdefault(int(row[0]), {})[str(int(row[1]))] = values
        return found

    async def figure_sets(self, org_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        """The figure definitions organisations set for themselves (org id → definitions)."""
        if not org_ids:
            return {}
        statement = select(col(FigureSet.org_id), col(FigureSet.definitions)).where(
            col(FigureSet.org_id).in_(list(org_ids))
        )
        return {int(org): list(defs or []) for org, defs in await self._rows(statement)}

    # --- people -------------------------------------------------------------------------------

    async def secretaries(
        self, org_ids: Sequence[int], cell_ids: Sequence[int] | None = None
    ) -> list[SecretaryRow]:
        """Active secretaries and deputies of the cells in scope (of `cell_ids` when given),
        by cell then grant."""
        if cell_ids is not None and not cell_ids:
            return []
        scoped = _scoped(org_ids)
        statement = (
            select(
                col(Role.cell_id),
                col(Account.id),
                col(Account.display_name),
                col(Account.blocked_at),
                col(Role.role),
            )
            .join(Account, col(Account.id) == col(Role.account_id))
            .join(scoped, scoped.c.cell_id == col(Role.cell_id))
            .where(col(Role.role).in_(CELL_ROLES), col(Role.revoked_at).is_(None))
            .order_by(col(Role.cell_id), col(Role.id))
        )
        if cell_ids is not None:
            statement = statement.where(col(Role.cell_id).in_(list(cell_ids)))
        return [
            SecretaryRow(int(cell), int(account), name or "", blocked is not None, role == DEPUTY)
            for cell, account, name, blocked, role in await self._rows(statement)
        ]

    async def invited_cells(self, org_ids: Sequence[int], now: datetime) -> set[int]:
        """Cells with a secretary or deputy invite still usable (sent, not used yet)."""
        scoped = _scoped(org_ids)
        statement = (
            select(col(Invite.cell_id))
            .distinct()
            .join(scoped, scoped.c.cell_id == col(Invite.cell_id))
            .where(
                col(Invite.role).in_(CELL_ROLES),
                col(Invite.revoked_at).is_(None),
                col(Invite.uses_left) > 0,
                col(Invite.expires_at) > now,
            )
        )
        return {int(cell) for (cell,) in await self._rows(statement)}


def month_bits(mask: int, months: Sequence[str]) -> list[str]:
    """The months whose bit is set in a mask from `incomplete_cells`."""
    return [month for i, month in enumerate(months) if mask & (1 << i)]
