"""Every role × scope × action: cross-scope attempts are refused, in-scope ones allowed."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product

import pytest

from handlers.cells import view_cell, visible_cells
from handlers.core import load_principal
from services.access import AccessDenied, Principal
from services.cell_roll import set_members_on_roll
from storage.engine import Database
from storage.repos import Repositories

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


async def build_world(repos: Repositories) -> dict[str, int]:
    """Province → two communes (A, B) → cells; one person per role."""
    province = await repos.orgs.add_org("Đảng bộ tỉnh", parent=None, kind="tinh", now=NOW)
    commune_a = await repos.orgs.add_org("Đảng bộ xã A", parent=province, kind="xa", now=NOW)
    commune_b = await repos.orgs.add_org("Đảng bộ xã B", parent=province, kind="xa", now=NOW)
    own = await repos.orgs.add_cell(commune_a, "Chi bộ A1", now=NOW, members_on_roll=10)
    sibling = await repos.orgs.add_cell(commune_a, "Chi bộ A2", now=NOW, members_on_roll=11)
    elsewhere = await repos.orgs.add_cell(commune_b, "Chi bộ B1", now=NOW, members_on_roll=12)
    ids = {"own": own.id, "other_cell": sibling.id, "other_subtree": elsewhere.id}
    people = {
        "secretary": ("secretary", None, own.id),
        "officer": ("officer", commune_a.id, None),
        "admin": ("admin", province.id, None),
    }
    for name, (role, org_id, cell_id) in people.items():
        account = await repos.accounts.get_or_create(
            "console", name, chat_id=name, display_name=name, locale="vi", now=NOW
        )
        assert account.id is not None
        await repos.roles.grant(
            account.id, role, org_id=org_id, cell_id=cell_id, granted_by=None, now=NOW
        )
        ids[name] = account.id
    return {k: v for k, v in ids.items() if v is not None}


async def principal_of(repos: Repositories, account_id: int) -> Principal:
    account = await repos.accounts.get(account_id)
    assert account is not None
    return await load_principal(repos, account)


# (role, target) → allowed; the same for read and change.
EXPECTED = {
    ("secretary", "own"): True,
    ("secretary", "other_cell"): False,
    ("secretary", "other_subtree"): False,
    ("officer", "own"): True,
    ("officer", "other_cell"): True,  # the officer's subtree holds both A cells
    ("officer", "other_subtree"): False,
    ("admin", "own"): True,
    ("admin", "other_cell"): True,
    ("admin", "other_subtree"): True,
}


@pytest.mark.parametrize(
    ("role", "target", "action"),
    list(
        product(
            ["secretary", "officer", "admin"],
            ["own", "other_cell", "other_subtree"],
            ["read", "change"],
        )
    ),
)
async def test_access_matrix(
    sqlite_database: Database, role: str, target: str, action: str
) -> None:
    async with sqlite_database.transaction() as session:
        repos = Repositories(session)
        world = await build_world(repos)
        principal = await principal_of(repos, world[role])
        cell_id = world[target]
        allowed = EXPECTED[(role, target)]
        if action == "read":
            if allowed:
                view = await view_cell(repos, principal, cell_id)
                assert view.cell.id == cell_id
            else:
                with pytest.raises(AccessDenied):
                    await view_cell(repos, principal, cell_id)
            visible = {c.id for c in await visible_cells(repos, principal)}
            assert (cell_id in visible) is allowed
        else:
            if allowed:
                cell = await set_members_on_roll(repos, principal, cell_id, 30, now=NOW)
                assert cell.members_on_roll == 30
                entries = await repos.audit.entries(action="cell.update")
                assert entries[-1].after == {"members_on_roll": 30}
                assert entries[-1].actor_account_id == world[role]
            else:
                with pytest.raises(AccessDenied):
                    await set_members_on_roll(repos, principal, cell_id, 30, now=NOW)
                cell = await repos.orgs.get_cell(cell_id)
                assert cell is not None and cell.members_on_roll != 30
                assert not await repos.audit.entries(action="cell.update")


async def test_a_revoked_role_grants_nothing(sqlite_database: Database) -> None:
    async with sqlite_database.transaction() as session:
        repos = Repositories(session)
        world = await build_world(repos)
        roles = await repos.roles.active_for(world["officer"])
        await repos.roles.revoke(roles[0], by=world["admin"], now=NOW)
        principal = await principal_of(repos, world["officer"])
        assert not principal.is_member
        with pytest.raises(AccessDenied):
            await view_cell(repos, principal, world["own"])
