"""Reading and changing a cell's data, with the access check every caller goes through."""

from __future__ import annotations

from dataclasses import dataclass

from services.access import AccessDenied, Principal, RoleName
from storage.models import Account, Cell, Organization
from storage.repos import Repositories


@dataclass(frozen=True)
class CellView:
    cell: Cell
    org: Organization
    secretaries: tuple[Account, ...]


async def load_cell(repos: Repositories, cell_id: int) -> tuple[Cell, Organization]:
    cell = await repos.orgs.get_cell(cell_id)
    if cell is None:
        raise AccessDenied(f"no cell {cell_id}")  # the same answer as a forbidden one
    return cell, await repos.orgs.org_of_cell(cell)


async def view_cell(repos: Repositories, principal: Principal, cell_id: int) -> CellView:
    cell, org = await load_cell(repos, cell_id)
    principal.require_cell(cell, org, change=False)
    roles = await repos.roles.active_in_cell(cell_id, [RoleName.SECRETARY, RoleName.DEPUTY])
    accounts = []
    for role in roles:
        account = await repos.accounts.get(role.account_id)
        if account is not None:
            accounts.append(account)
    return CellView(cell, org, tuple(accounts))


async def visible_cells(repos: Repositories, principal: Principal) -> list[Cell]:
    """Every cell the person may read, in a stable order."""
    cells: dict[int, Cell] = {}
    if principal.is_admin:
        return list(await repos.orgs.all_cells())
    for grant in principal.grants:
        if grant.cell_id is not None and grant.cell_id not in cells:
            cell = await repos.orgs.get_cell(grant.cell_id)
            if cell is not None and cell.id is not None:
                cells[cell.id] = cell
        if grant.org_id is not None and grant.role in (RoleName.OFFICER, RoleName.ADMIN):
            org = await repos.orgs.get_org(grant.org_id)
            if org is not None:
                for cell in await repos.orgs.cells_in_subtree(org):
                    if cell.id is not None:
                        cells[cell.id] = cell
    return sorted(cells.values(), key=lambda c: c.id or 0)


async def visible_orgs(repos: Repositories, principal: Principal) -> list[Organization]:
    if principal.is_admin:
        return list(await repos.orgs.orgs())
    found: dict[int, Organization] = {}
    for grant in principal.grants:
        if grant.org_id is not None and grant.role in (RoleName.OFFICER, RoleName.ADMIN):
            org = await repos.orgs.get_org(grant.org_id)
            if org is not None:
                for sub in await repos.orgs.orgs_in_subtree(org):
                    if sub.id is not None:
                        found[sub.id] = sub
    return sorted(found.values(), key=lambda o: o.path)
