"""Changing a cell's number of members on the roll: checked against the person's access,
audited."""

from __future__ import annotations

from datetime import datetime

from services.access import AccessDenied, Principal
from storage.models import Cell
from storage.repos import Repositories


async def set_members_on_roll(
    repos: Repositories, principal: Principal, cell_id: int, members: int, *, now: datetime
) -> Cell:
    """Set the roll (in the caller's transaction); AccessDenied when the person may not change
    this cell, ValueError for a negative number."""
    if members < 0:
        raise ValueError("members on roll cannot be negative")
    cell = await repos.orgs.get_cell(cell_id)
    if cell is None:
        raise AccessDenied(f"no cell {cell_id}")  # the same answer as a forbidden one
    principal.require_cell(cell, await repos.orgs.org_of_cell(cell), change=True)
    before = cell.members_on_roll
    if before == members:
        return cell
    cell.members_on_roll = members
    repos.session.add(cell)
    await repos.session.flush()
    await repos.audit.record(
        actor_account_id=principal.account_id,
        action="cell.update",
        entity="cell",
        entity_id=cell_id,
        now=now,
        before={"members_on_roll": before},
        after={"members_on_roll": members},
    )
    return cell
