"""Telegram events the core does not see: blocking and unblocking the bot, /start in a group."""

from __future__ import annotations

from bot.telegram.updates import EVENT, MY_CHAT_MEMBER, STATUS
from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.access import CELL_ROLES, ORG_ROLES, RoleName
from handlers.context import Notice
from handlers.core import HandleResult
from handlers.roles_text import role_label
from storage.models import Account, Organization
from storage.repos import Repositories


class MembershipEvents:
    """Handles, inside the update's transaction, what only the Telegram adapter understands."""

    def __init__(self, catalogs: Catalogs, clock: Clock, default_locale: str) -> None:
        self._catalogs = catalogs
        self._clock = clock
        self._default_locale = default_locale

    async def intercept(self, repos: Repositories, incoming: Incoming) -> HandleResult | None:
        if incoming.is_group:
            return await self._group_start(repos, incoming)
        if incoming.meta.get(EVENT) == MY_CHAT_MEMBER:
            return await self._member_status(repos, incoming, incoming.meta.get(STATUS, ""))
        return None

    async def _group_start(self, repos: Repositories, incoming: Incoming) -> HandleResult:
        account = await repos.accounts.find(incoming.channel, incoming.user_id)
        t = self._catalogs.translator(account.locale if account else self._default_locale)
        note = t.gettext(
            "chibo works only in private chats. Please open a private chat with the bot and "
            "send /start there."
        )
        return HandleResult([Reply(note)])

    async def _member_status(
        self, repos: Repositories, incoming: Incoming, status: str
    ) -> HandleResult:
        account = await repos.accounts.find(incoming.channel, incoming.user_id)
        if account is None or account.id is None:
            return HandleResult([])
        if status == "kicked":
            if account.blocked_at is not None:
                return HandleResult([], account=account)
            await repos.accounts.mark_blocked_chat(
                account.channel, account.chat_id, self._clock.now()
            )
            notices = await self._tell_officers(repos, account)
            return HandleResult([], notices, account)
        if account.blocked_at is not None:
            account.blocked_at = None
            await repos.accounts.save(account)
        return HandleResult([], account=account)

    async def _tell_officers(self, repos: Repositories, account: Account) -> list[Notice]:
        """A notice for each officer whose subtree covers one of the person's cells or orgs."""
        assert account.id is not None
        roles = list(await repos.roles.active_for(account.id))
        held: list[tuple[RoleName, str, Organization]] = []
        for role in roles:
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
            ancestors = [int(part) for part in org.path.strip("/").split("/") if part.isdigit()]
            if org.id is not None and org.id not in ancestors:
                ancestors.append(org.id)
            officers = await repos.roles.active_on_orgs(
                ancestors, [RoleName.OFFICER.value, RoleName.ADMIN.value]
            )
            for officer_role in officers:
                if officer_role.account_id in told:
                    continue
                officer = await repos.accounts.get(officer_role.account_id)
                if officer is None or officer.blocked_at is not None:
                    continue
                told.add(officer_role.account_id)
                t = self._catalogs.translator(officer.locale)
                text = t.gettext(
                    "Comrade {name} ({role}, {scope}) has blocked chibo on Telegram, so "
                    "reminders can no longer reach them. Please contact them another way."
                ).format(
                    name=account.display_name or account.platform_user_id,
                    role=role_label(role_name, t),
                    scope=scope,
                )
                notices.append(Notice(officer_role.account_id, Reply(text)))
        return notices
