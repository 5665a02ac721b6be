"""Meeting reports, figure values and figure definitions, with every version kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    Cell,
    Conversation,
    FigureRecord,
    FigureRecordVersion,
    FigureSet,
    MeetingReport,
    MeetingReportVersion,
)


class ReportRepository:
    """Reads and writes reports and figures (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # --- meeting reports ---------------------------------------------------------------------

    async def get(self, report_id: int) -> MeetingReport | None:
        return await self._session.get(MeetingReport, report_id)

    async def get_for_update(self, report_id: int) -> MeetingReport | None:
        """The report as it stands now, locked until the transaction ends (PostgreSQL; SQLite's
        transactions take turns): what a change is checked against and written over."""
        statement = (
            select(MeetingReport)
            .where(col(MeetingReport.id) == report_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self._session.exec(statement)).first()

    async def find(self, cell_id: int, period: str, slot: str) -> MeetingReport | None:
        statement = select(MeetingReport).where(
            col(MeetingReport.cell_id) == cell_id,
            col(MeetingReport.period) == period,
            col(MeetingReport.slot) == slot,
        )
        return (await self._session.exec(statement)).first()

    async def in_periods(
        self, cell_ids: Sequence[int], periods: Sequence[str]
    ) -> list[MeetingReport]:
        """Reports of these cells in these months, by cell then period."""
        if not cell_ids or not periods:
            return []
        statement = (
            select(MeetingReport)
            .where(
                col(MeetingReport.cell_id).in_(list(cell_ids)),
                col(MeetingReport.period).in_(list(periods)),
            )
            .order_by(col(MeetingReport.cell_id), col(MeetingReport.period))
        )
        return list((await self._session.exec(statement)).all())

    async def history(self, cell_id: int, *, limit: int = 12) -> list[MeetingReport]:
        """A cell's latest reports, newest first."""
        statement = (
            select(MeetingReport)
            .where(col(MeetingReport.cell_id) == cell_id)
            .order_by(col(MeetingReport.period).desc(), col(MeetingReport.id).desc())
            .limit(limit)
        )
        return list((await self._session.exec(statement)).all())

    async def save(
        self,
        report: MeetingReport,
        *,
        action: str,
        data: dict[str, Any],
        by: int | None,
        now: datetime,
    ) -> MeetingReport:
        """Store the report as it now stands and keep this version of it."""
        self._session.add(report)
        await self._session.flush()
        assert report.id is not None
        self._session.add(
            MeetingReportVersion(
                report_id=report.id,
                version=report.version,
                action=action,
                data=data,
                by=by,
                at=now,
            )
        )
        await self._session.flush()
        return report

    async def last_version(self, report_id: int) -> MeetingReportVersion | None:
        """Who made the report what it is now, how and when."""
        statement = (
            select(MeetingReportVersion)
            .where(col(MeetingReportVersion.report_id) == report_id)
            .order_by(col(MeetingReportVersion.id).desc())
            .limit(1)
        )
        return (await self._session.exec(statement)).first()

    async def versions(self, report_id: int) -> list[MeetingReportVersion]:
        statement = (
            select(MeetingReportVersion)
            .where(col(MeetingReportVersion.report_id) == report_id)
            .order_by(col(MeetingReportVersion.id))
        )
        return list((await self._session.exec(statement)).all())

    # --- figures -----------------------------------------------------------------------------

    async def figure_set(self, org_id: int) -> FigureSet | None:
        statement = select(FigureSet).where(col(FigureSet.org_id) == org_id)
        return (await self._session.exec(statement)).first()

    async def save_figure_set(
        self, org_id: int, definitions: list[dict[str, Any]], *, by: int | None, now: datetime
    ) -> FigureSet:
        found = await self.figure_set(org_id)
        if found is None:
            found = FigureSet(org_id=org_id, definitions=definitions, updated_by=by, updated_at=now)
        else:
            found.definitions = definitions
            found.updated_by = by
            found.updated_at = now
        self._session.add(found)
        await self._session.flush()
        return found

    async def delete_figure_set(self, org_id: int) -> None:
        found = await self.figure_set(org_id)
        if found is not None:
            await self._session.delete(found)
            await self._session.flush()

    async def figures(self, cell_ids: Sequence[int], periods: Sequence[str]) -> list[FigureRecord]:
        if not cell_ids or not periods:
            return []
        statement = (
            select(FigureRecord)
            .where(
                col(FigureRecord.cell_id).in_(list(cell_ids)),
                col(FigureRecord.period).in_(list(periods)),
            )
            .order_by(col(FigureRecord.cell_id), col(FigureRecord.id))
        )
        return list((await self._session.exec(statement)).all())

    async def figures_for_update(self, cell_id: int, period: str) -> list[FigureRecord]:
        """One cell's figures of one period as they stand now, locked until the transaction
        ends (PostgreSQL; SQLite's transactions take turns): a change sent at the same moment
        waits for this one, then sees it. The cell's row is locked first, so that two first
        sends of a period with no figures yet (no rows to lock) wait for each other too."""
        await self._session.exec(select(Cell).where(col(Cell.id) == cell_id).with_for_update())
        statement = (
            select(FigureRecord)
            .where(col(FigureRecord.cell_id) == cell_id, col(FigureRecord.period) == period)
            .order_by(col(FigureRecord.id))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return list((await self._session.exec(statement)).all())

    async def save_figure(
        self,
        cell_id: int,
        key: str,
        period: str,
        *,
        number: int | None,
        text: str | None,
        by: int | None,
        now: datetime,
    ) -> tuple[FigureRecord, dict[str, Any] | None]:
        """Set one figure (a new version when it changes); returns it and its value before."""
        statement = select(FigureRecord).where(
            col(FigureRecord.cell_id) == cell_id,
            col(FigureRecord.key) == key,
            col(FigureRecord.period) == period,
        )
        record = (await self._session.exec(statement)).first()
        before: dict[str, Any] | None = None
        if record is None:
            record = FigureRecord(
                cell_id=cell_id,
                key=key,
                period=period,
                number=number,
                text=text,
                reported_by=by,
                reported_at=now,
                updated_by=by,
                updated_at=now,
            )
        else:
            before = {"number": record.number, "text": record.text}
            if record.number == number and record.text == text:
                return record, before
            record.number, record.text = number, text
            record.version += 1
            record.updated_by, record.updated_at = by, now
        self._session.add(record)
        await self._session.flush()
        assert record.id is not None
        self._session.add(
            FigureRecordVersion(
                record_id=record.id,
                version=record.version,
                number=number,
                text=text,
                by=by,
                at=now,
            )
        )
        await self._session.flush()
        return record, before

    # --- unfinished drafts -------------------------------------------------------------------

    async def drafts_in_flows(
        self, flows: Sequence[str], *, updated_before: datetime, now: datetime
    ) -> list[Conversation]:
        """Conversations left in one of `flows` before `updated_before` and not yet expired."""
        statement = (
            select(Conversation)
            .where(
                col(Conversation.flow).in_(list(flows)),
                col(Conversation.updated_at) < updated_before,
            )
            .order_by(col(Conversation.account_id))
        )
        if self._session.bind is not None and self._session.bind.dialect.name == "postgresql":
            # Two instances ticking at once must not both remind the same draft.
            statement = statement.with_for_update(skip_locked=True)
        found = (await self._session.exec(statement)).all()
        return [c for c in found if c.expires_at is None or c.expires_at > now]

    async def mark_draft(self, conversation: Conversation, data: dict[str, Any]) -> None:
        """Replace a draft's data without touching when it was last used."""
        conversation.data = data
        self._session.add(conversation)
        await self._session.flush()
