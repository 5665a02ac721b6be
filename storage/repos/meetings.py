"""Meeting rows per period, their audited moves, and marking a period reported."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy import select as select_columns
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Meeting, MeetingMove, OutboxMessage, Reminder
from storage.repos.reminders import ALREADY_REPORTED
from storage.upsert import bulk_upsert


@dataclass(frozen=True, slots=True)
class PlannedMeetingRow:
    """What the planner knows of one meeting, to keep its row up to date."""

    cell_id: int
    kind: str
    period: str
    planned_date: date
    meeting_date: date
    meeting_time: str


def _table(model: Any) -> Any:
    """The SQLAlchemy table behind a SQLModel class."""
    return model.__table__


class MeetingRepository:
    """Meetings and moves (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _dialect(self) -> str:
        return self._session.bind.dialect.name if self._session.bind is not None else "sqlite"

    async def get(self, cell_id: int, period: str) -> Meeting | None:
        statement = select(Meeting).where(
            col(Meeting.cell_id) == cell_id, col(Meeting.period) == period
        )
        return (await self._session.exec(statement)).first()

    async def reported_periods(self, cell_ids: Sequence[int]) -> dict[int, set[str]]:
        """cell id → the periods whose meeting is reported: a month's meeting held or not, a
        quarter's topic session only as held (a report saying it was not held leaves it owed,
        its reminders due)."""
        found: dict[int, set[str]] = defaultdict(set)
        if not cell_ids:
            return found
        statement = select(Meeting.cell_id, Meeting.period).where(
            col(Meeting.cell_id).in_(list(cell_ids)),
            col(Meeting.status) == "reported",
            or_(col(Meeting.period).not_like("%-Q%"), col(Meeting.held).is_(True)),
        )
        for cell_id, period in (await self._session.exec(statement)).all():
            found[cell_id].add(period)
        return found

    async def moves(
        self, cell_ids: Sequence[int], periods: Iterable[str] | None = None
    ) -> dict[int, list[MeetingMove]]:
        """cell id → its moves, oldest first (the latest one per period wins)."""
        found: dict[int, list[MeetingMove]] = defaultdict(list)
        if not cell_ids:
            return found
        statement = (
            select(MeetingMove)
            .where(col(MeetingMove.cell_id).in_(list(cell_ids)))
            .order_by(col(MeetingMove.moved_at), col(MeetingMove.id))
        )
        if periods is not None:
            statement = statement.where(col(MeetingMove.period).in_(list(periods)))
        for move in (await self._session.exec(statement)).all():
            found[move.cell_id].append(move)
        return found

    async def note_planned(self, rows: Sequence[PlannedMeetingRow], now: datetime) -> None:
        """Insert a `planned` row per meeting; refresh dates of rows still only planned (rows
        already as planned are not written again)."""
        if not rows:
            return
        table: Any = _table(Meeting)
        known = {
            (cell_id, period): (status, kind, planned, held_on, at)
            for cell_id, period, status, kind, planned, held_on, at in (
                await self._session.execute(
                    select_columns(
                        table.c.cell_id,
                        table.c.period,
                        table.c.status,
                        table.c.kind,
                        table.c.planned_date,
                        table.c.meeting_date,
                        table.c.meeting_time,
                    ).where(
                        table.c.cell_id.in_(sorted({r.cell_id for r in rows})),
                        table.c.period.in_(sorted({r.period for r in rows})),
                    )
                )
            ).all()
        }
        rows = [
            r
            for r in rows
            if (found := known.get((r.cell_id, r.period))) is None
            or (
                found[0] == "planned"
                and found[1:] != (r.kind, r.planned_date, r.meeting_date, r.meeting_time)
            )
        ]
        if not rows:
            return
        values = [
            {
                "cell_id": r.cell_id,
                "kind": r.kind,
                "period": r.period,
                "status": "planned",
                "planned_date": r.planned_date,
                "meeting_date": r.meeting_date,
                "meeting_time": r.meeting_time,
                "updated_at": now,
            }
            for r in rows
        ]
        # a province's first planning notes some 20,000 meetings: the databases' bulk ways
        await bulk_upsert(
            self._session,
            Meeting,
            values,
            ["cell_id", "period"],
            update=["kind", "planned_date", "meeting_date", "meeting_time"],
            only_if={"status": "planned"},
        )

    async def _ensure(
        self, cell_id: int, period: str, kind: str, now: datetime, planned_date: date | None
    ) -> Meeting:
        meeting = await self.get(cell_id, period)
        if meeting is None:
            meeting = Meeting(
                cell_id=cell_id,
                kind=kind,
                period=period,
                planned_date=planned_date,
                meeting_date=planned_date,
                updated_at=now,
            )
            self._session.add(meeting)
            await self._session.flush()
        return meeting

    async def record_move(
        self,
        *,
        cell_id: int,
        period: str,
        kind: str,
        from_date: date,
        to_date: date,
        to_time: str | None,
        reason: str,
        by: int | None,
        now: datetime,
    ) -> MeetingMove:
        """Store a move (the caller validated it and writes the audit log). It starts where the
        meeting stands now, when it is stored and not reported (a reported row holds the day it
        was held on, not a day it was planned for), else at `from_date`."""
        meeting = await self._ensure(cell_id, period, kind, now, from_date)
        assert meeting.id is not None
        if meeting.status != "reported":
            from_date = meeting.meeting_date or from_date
        meeting.status = "moved"
        meeting.kind = kind
        meeting.meeting_date = to_date
        meeting.meeting_time = to_time or meeting.meeting_time
        meeting.updated_at = now
        self._session.add(meeting)
        move = MeetingMove(
            meeting_id=meeting.id,
            cell_id=cell_id,
            period=period,
            from_date=from_date,
            to_date=to_date,
            to_time=to_time,
            reason=reason,
            moved_by=by,
            moved_at=now,
        )
        self._session.add(move)
        await self._session.flush()
        return move

    async def mark_reported(
        self,
        cell_id: int,
        period: str,
        *,
        now: datetime,
        held: bool = True,
        held_on: date | None = None,
        kind: str | None = None,
        report_id: int | None = None,
        by: int | None = None,
        topic_period: str | None = None,
        planned: date | None = None,
    ) -> Meeting:
        """A MeetingReport for `period` ("2026-11", or "2026-Q4" for a separate topic session)
        was saved: the period counts as reported, its pending reminders are cancelled. For a
        combined meeting pass the quarter as `topic_period` so both count as reported. The day
        it was `planned` for is kept when it was not held (a day set later moves from there)."""
        default_kind = "topic" if "-Q" in period else "regular"
        meeting = await self._ensure(cell_id, period, kind or default_kind, now, held_on or planned)
        meeting.status = "reported"
        meeting.held = held
        if kind is not None:
            meeting.kind = kind
        if held_on is not None:
            meeting.meeting_date = held_on
        elif not held:
            # not held (a report changed to say so): no day it was held on, the day planned
            meeting.meeting_date = planned or meeting.planned_date
        meeting.report_id = report_id
        meeting.reported_at = now
        meeting.reported_by = by
        meeting.updated_at = now
        self._session.add(meeting)
        await self._session.flush()
        await self._cancel_pending(cell_id, period, now)
        if topic_period is not None:
            await self.mark_reported(
                cell_id, topic_period, now=now, held=held, held_on=held_on, kind="topic", by=by
            )
        return meeting

    async def unmark_reported(self, cell_id: int, period: str, *, now: datetime) -> None:
        """`period` no longer counts as reported (the report that made it so changed: a meeting
        combined with the topic session now said not held, or regular): planned again, and its
        reminders closed as no longer needed and not yet due are pending again."""
        meeting = await self.get(cell_id, period)
        if meeting is None or meeting.status != "reported":
            return
        meeting.status = "planned"
        meeting.held = None
        meeting.report_id = None
        meeting.reported_at = None
        meeting.reported_by = None
        meeting.updated_at = now
        self._session.add(meeting)
        await self._session.flush()
        await self._session.execute(
            update(Reminder)
            .where(
                col(Reminder.cell_id) == cell_id,
                col(Reminder.period) == period,
                col(Reminder.status) == "stale",
                col(Reminder.reason_code) == ALREADY_REPORTED,
                col(Reminder.due_at) > now,
            )
            .values(status="pending", reason_code=None, reason_msgid=None, closed_at=None)
        )

    async def _cancel_pending(self, cell_id: int, period: str, now: datetime) -> None:
        reason = {
            "status": "stale",
            "reason_code": ALREADY_REPORTED,
            "reason_msgid": "Not sent: the cell had already reported by then.",
            "closed_at": now,
        }
        await self._session.execute(
            update(Reminder)
            .where(
                col(Reminder.cell_id) == cell_id,
                col(Reminder.period) == period,
                col(Reminder.status) == "pending",
            )
            .values(**reason)
        )
        await self._session.execute(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.cell_id) == cell_id,
                col(OutboxMessage.period) == period,
                col(OutboxMessage.kind) == "reminder",
                col(OutboxMessage.status) == "pending",
            )
            .values(status="stale", error="already reported")
        )

    async def in_periods(self, cell_ids: Sequence[int], periods: Sequence[str]) -> list[Meeting]:
        if not cell_ids:
            return []
        statement = select(Meeting).where(
            col(Meeting.cell_id).in_(list(cell_ids)), col(Meeting.period).in_(list(periods))
        )
        return list((await self._session.exec(statement)).all())
