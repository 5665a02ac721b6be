"""When a person blocked the bot: mark them, drop what waits for them, tell those above them once."""

from __future__ import annotations

from datetime import datetime

from core.i18n import Catalogs
from core.messages import Reply
from core.roles import CELL_ROLES, FOLLOWER_ROLES, ORG_ROLES, RoleName, role_label
from services.outgoing import Kind, to_account
from storage.models import Account, Organization
from storage.repos import Repositories
from storage.repos.outbox import NewMessage

BLOCKED_ERROR = "the person blocked the bot"


async def chat_blocked(
    repos: Repositories,
    channel: str,
    chat_id: str,
    now: datetime,
    catalogs: Catalogs,
    *,
    not_before: datetime | None = None,
) -> list[NewMessage]:
    """The one policy for "this chat blocked us" (a 403 on any message, or the platform's own
    event), in the caller's transaction: the chat's accounts are marked blocked, every message
    still waiting for the chat is closed as blocked, and, for each account newly marked, its
    officers and administrators get one notice (returned, and written to the outbox), which
    waits until `not_before` (the end of the quiet hours) when given."""
    newly = await repos.accounts.mark_blocked_chat(channel, chat_id, now)
    await repos.outbox.cancel_chat(channel, chat_id, status="blocked", error=BLOCKED_ERROR)
    notices: list[NewMessage] = []
    for account in newly:
        notices.extend(await follower_notices(repos, account, catalogs, not_before=not_before))
    await repos.outbox.add_many(notices, now=now)
    return notices


async def follower_notices(
    repos: Repositories, account: Account, catalogs: Catalogs, *, not_before: datetime | None = None
) -> list[NewMessage]:
    """A notice for each officer or administrator above one of the person's cells or orgs."""
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
    notices: list[NewMessage] = []
    told: set[int] = {account.id}
    for role_name, scope, org in held:
        followers = await repos.roles.active_on_orgs(
            org.lineage(), [role.value for role in FOLLOWER_ROLES]
        )
        for follower_role in followers:
            if follower_role.account_id in told:
                continue
            follower = await repos.accounts.get(follower_role.account_id)
            if follower is None or follower.blocked_at is not None:
                continue
            told.add(follower_role.account_id)
            t = catalogs.translator(follower.locale)
            text = t.gettext(
                "Comrade {name} ({role}, {scope}) has blocked chibo, so reminders can no longer "
                "reach them. Please contact them another way."
            ).format(
                name=account.display_name or account.platform_user_id,
                role=role_label(role_name, t),
                scope=scope,
            )
            notices.append(
                to_account(follower, Reply(text), kind=Kind.NOTICE, not_before=not_before)
            )
    return notices
