"""A draft whose cell the person may no longer change (their role was revoked meanwhile)."""

from __future__ import annotations

from typing import Any

from handlers.cells import load_cell
from handlers.context import Context
from handlers.flow import FlowState
from handlers.roles_text import role_label
from services.access import AccessDenied, RoleName
from storage.models import Organization


def draft_cell_id(state: FlowState) -> int | None:
    """The cell a half-entered report, figures or move is for, if it names one yet."""
    data: dict[str, Any] = state.data
    draft = data.get("draft")
    for value in (
        draft.get("cell_id") if isinstance(draft, dict) else None,
        data.get("cell_id"),
        data.get("cell"),
    ):
        if isinstance(value, int) or (isinstance(value, str) and value.isdecimal()):
            return int(value)
    return None


async def withdrawn_text(ctx: Context, state: FlowState, what: str) -> str | None:
    """Why the draft `what` («báo cáo») cannot go on, when the person's role over its cell was
    taken away after it was begun; None while they may still change that cell."""
    cell_id = draft_cell_id(state)
    if cell_id is None:
        return None
    try:
        cell, org = await load_cell(ctx.repos, cell_id)
    except AccessDenied:
        return None  # the cell is gone: the flow itself says so
    if ctx.principal.can_change_cell(cell, org):
        return None
    _ = ctx.t.gettext
    assert ctx.account.id is not None
    role = await ctx.repos.roles.last_revoked(ctx.account.id, cell_id)
    if role is None:
        return _(
            "You no longer have a role for {cell}, so the unfinished {what} was dropped; "
            "nothing of it was saved."
        ).format(cell=cell.name, what=what)
    by = await revoking_org(ctx, role.revoked_by, org)
    return _(
        "Your role {role} of {cell} was withdrawn by {org}, so the unfinished {what} was "
        "dropped; nothing of it was saved. If this is a mistake, please contact {org}."
    ).format(role=role_label(role.role, ctx.t), cell=cell.name, org=by, what=what)


async def revoking_org(ctx: Context, account_id: int | None, org: Organization) -> str:
    """The name of the organisation through which the officer `account_id` covers `org` (the
    cell's organisation, or the organisation of an officer's role): who a revoked person should
    contact; `org`'s own name when none is found."""
    if account_id is not None:
        for role in await ctx.repos.roles.active_for(account_id):
            if role.org_id is None or role.role not in (RoleName.OFFICER, RoleName.ADMIN):
                continue
            above = await ctx.repos.orgs.get_org(role.org_id)
            if above is not None and org.path.startswith(above.path):
                return above.name
    return org.name
