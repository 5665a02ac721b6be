"""Organisations and cells: the tree, subtrees, lookups by id or name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.textfold import fold
from storage.models import Cell, Organization

_IDS_AT_ONCE = 900  # ids in one IN (...): under SQLite's old limit of 999 parameters


class OrgRepository:
    """Reads and writes organisations and their cells (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_org(
        self, name: str, *, parent: Organization | None, kind: str, now: datetime, **extra: Any
    ) -> Organization:
        org = Organization(
            name=name,
            parent_id=parent.id if parent else None,
            kind=kind,
            created_at=now,
            **extra,
        )
        self._session.add(org)
        await self._session.flush()
        org.path = f"{parent.path if parent else '/'}{org.id}/"
        await self._session.flush()
        return org

    async def get_org(self, org_id: int) -> Organization | None:
        return await self._session.get(Organization, org_id)

    async def orgs(self) -> Sequence[Organization]:
        result = await self._session.exec(select(Organization).order_by(col(Organization.path)))
        return result.all()

    async def orgs_in_subtree(self, org: Organization) -> Sequence[Organization]:
        statement = (
            select(Organization)
            .where(col(Organization.path).startswith(org.path))
            .order_by(col(Organization.path))
        )
        return (await self._session.exec(statement)).all()

    async def find_orgs(self, name: str) -> Sequence[Organization]:
        statement = select(Organization).where(col(Organization.name) == name)
        return (await self._session.exec(statement)).all()

    async def org_named_like(self, name: str) -> Organization | None:
        """The organisation whose name is `name` once case and diacritics are folded, if any.

        Names are how people pick organisations (menus list names alone, scopes are typed), so
        a name is unique over the whole tree, not only among siblings.
        """
        wanted = fold(name)
        for org in await self.orgs():
            if fold(org.name) == wanted:
                return org
        return None

    async def add_cell(
        self,
        org: Organization,
        name: str,
        *,
        now: datetime,
        kind: str = "thon",
        members_on_roll: int = 0,
        meeting_rule: dict[str, Any] | None = None,
        topic_rule: dict[str, Any] | None = None,
    ) -> Cell:
        if org.id is None:
            raise ValueError("organisation not saved")
        cell = Cell(
            org_id=org.id,
            name=name,
            kind=kind,
            members_on_roll=members_on_roll,
            meeting_rule=meeting_rule,
            topic_rule=topic_rule,
            created_at=now,
        )
        self._session.add(cell)
        await self._session.flush()
        return cell

    async def get_cell(self, cell_id: int) -> Cell | None:
        return await self._session.get(Cell, cell_id)

    async def cells_by_ids(self, cell_ids: Sequence[int]) -> list[Cell]:
        """The cells of these ids (those that exist), in order of id; a few statements for any
        number of them."""
        ids = sorted(set(cell_ids))
        found: list[Cell] = []
        for start in range(0, len(ids), _IDS_AT_ONCE):
            statement = (
                select(Cell)
                .where(col(Cell.id).in_(ids[start : start + _IDS_AT_ONCE]))
                .order_by(col(Cell.id))
            )
            found.extend((await self._session.exec(statement)).all())
        return found

    async def find_cells(self, name: str) -> Sequence[Cell]:
        statement = select(Cell).where(col(Cell.name) == name)
        return (await self._session.exec(statement)).all()

    async def cells_in_subtree(
        self, org: Organization, *, active_only: bool = True
    ) -> Sequence[Cell]:
        statement = (
            select(Cell)
            .join(Organization, col(Organization.id) == col(Cell.org_id))
            .where(col(Organization.path).startswith(org.path))
            .order_by(col(Cell.id))
        )
        if active_only:
            statement = statement.where(col(Cell.active).is_(True))
        return (await self._session.exec(statement)).all()

    async def active_cell_ids(self) -> list[int]:
        """The ids of every active cell, in order (one small query)."""
        statement = select(Cell.id).where(col(Cell.active).is_(True)).order_by(col(Cell.id))
        return [int(i) for i in (await self._session.exec(statement)).all() if i is not None]

    async def all_cells(self, *, active_only: bool = True) -> Sequence[Cell]:
        statement = select(Cell).order_by(col(Cell.id))
        if active_only:
            statement = statement.where(col(Cell.active).is_(True))
        return (await self._session.exec(statement)).all()

    async def org_of_cell(self, cell: Cell) -> Organization:
        org = await self._session.get(Organization, cell.org_id)
        if org is None:
            raise LookupError(f"cell {cell.id} has no organisation")
        return org
