"""Telling the officers when someone can no longer be reached because they blocked the bot."""

from __future__ import annotations

from core.i18n import Catalogs
from core.messages import Reply
from handlers.access import CELL_ROLES, ORG_ROLES, RoleName
from handlers.context import Notice
from handlers.roles_text import role_label
from storage.models import Account, Organization
from storage.repos import Repositories


async def officer_notices_for_blocked(
    repos: Repositories, account: Account, catalogs: Catalogs
) -> list[Notice]:
    """A notice for each officer whose subtree covers one of the person's cells or orgs."""
    assert account.id is not None
    held: list[tuple[RoleName, str, Organization]] = []
    for role in await repos.roles.active_for(account.id):
        name = RoleName(role.role)
        if name in CELL_ROLES and role.cell_id is not None:
            cell = await repos.orgs.get_cell(role.cell_id)
            if cell is not None:
                held.append((name, cell.name, await repos.orgs.org_of_cell(cell)))
        elif name in ORG_ROLES and role.org_id is not None:
            org = await repos.orgs.get_org(role.org_id)
            if org is not None:
                held.append((name, org.name, org))
    notices: list[Notice] = []
    told: set[int] = {account.id}
    for role_name, scope, org in held:
        above = org.lineage()
        officers = await repos.roles.active_on_orgs(
            above, [RoleName.OFFICER.value, RoleName.ADMIN.value]
        )
        for officer_role in officers:
            if officer_role.account_id in told:
                continue
            officer = await repos.accounts.get(officer_role.account_id)
            if officer is None or officer.blocked_at is not None:
                continue
            told.add(officer_role.account_id)
            t = catalogs.translator(officer.locale)
            text = t.gettext(
                "Comrade {name} ({role}, {scope}) has blocked chibo, so reminders can no longer "
                "reach them. Please contact them another way."
            ).format(
                name=account.display_name or account.platform_user_id,
                role=role_label(role_name, t),
                scope=scope,
            )
            notices.append(Notice(officer_role.account_id, Reply(text)))
    return notices
