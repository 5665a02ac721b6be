"""A cell with its organisation and the organisations above it: the settings that reach it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.reporting_window import open_until_day
from storage.models import Cell, Organization
from storage.repos import Repositories


@dataclass(frozen=True)
class CellSetting:
    """A cell, its organisation and the organisations above it (nearest first)."""

    cell: Cell
    org: Organization
    chain: tuple[Organization, ...]

    @property
    def cell_id(self) -> int:
        assert self.cell.id is not None
        return self.cell.id

    def open_until_day(self) -> int:
        """The day of the next month until which a month's reports may be sent or changed."""
        return open_until_day([org.settings or {} for org in self.chain])


async def org_chain(repos: Repositories, org: Organization) -> tuple[Organization, ...]:
    """`org` and its ancestors, nearest first."""
    chain: list[Organization] = []
    for org_id in reversed(org.lineage()):
        found = org if org_id == org.id else await repos.orgs.get_org(org_id)
        if found is not None:
            chain.append(found)
    return tuple(chain) or (org,)


async def load_settings(repos: Repositories, cell_ids: Sequence[int]) -> dict[int, CellSetting]:
    """`load_setting` of many cells at once (two statements whatever their number); cells not
    found are left out."""
    if not cell_ids:
        return {}
    cells = await repos.orgs.cells_by_ids(cell_ids)
    orgs = {o.id: o for o in await repos.orgs.orgs() if o.id is not None}
    found: dict[int, CellSetting] = {}
    for cell in cells:
        org = orgs.get(cell.org_id)
        if org is None or cell.id is None:
            continue
        chain = tuple(orgs[i] for i in reversed(org.lineage()) if i in orgs) or (org,)
        found[cell.id] = CellSetting(cell, org, chain)
    return found


async def load_setting(repos: Repositories, cell_id: int) -> CellSetting | None:
    cell = await repos.orgs.get_cell(cell_id)
    if cell is None:
        return None
    org = await repos.orgs.org_of_cell(cell)
    return CellSetting(cell, org, await org_chain(repos, org))
