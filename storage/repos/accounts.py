"""Accounts, their roles and the invites that grant roles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import tuple_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Account, Conversation, Invite, InviteFailure, Role

# The active roles read in this session, per account: asked for twice per update (the
# principal, the command menu), and only grant/revoke change them.
_ROLES_READ = "chibo.active_roles"
# Accounts (with their conversation) read ahead for a batch of updates, per (channel, user);
# each is used once, by the first lookup (a later one reads again: it may have been created).
_ACCOUNTS_READ = "chibo.accounts_ahead"


class AccountRepository:
    """People's accounts on each channel (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find(self, channel: str, platform_user_id: str) -> Account | None:
        statement = select(Account).where(
            col(Account.channel) == channel, col(Account.platform_user_id) == platform_user_id
        )
        return (await self._session.exec(statement)).first()

    async def get(self, account_id: int) -> Account | None:
        return await self._session.get(Account, account_id)

    async def many(self, account_ids: Sequence[int]) -> dict[int, Account]:
        """account id → account, for these ids (one query)."""
        if not account_ids:
            return {}
        statement = select(Account).where(col(Account.id).in_(sorted(set(account_ids))))
        return {a.id: a for a in (await self._session.exec(statement)).all() if a.id is not None}

    async def get_or_create(
        self,
        channel: str,
        platform_user_id: str,
        *,
        chat_id: str,
        display_name: str,
        locale: str,
        now: datetime,
    ) -> Account:
        account, _conversation = await self.get_or_create_with_conversation(
            channel,
            platform_user_id,
            chat_id=chat_id,
            display_name=display_name,
            locale=locale,
            now=now,
        )
        return account

    async def read_ahead(self, people: Sequence[tuple[str, str]]) -> None:
        """Load the accounts of these (channel, platform user id) pairs, their conversations
        and their active roles in two queries, for `get_or_create_with_conversation` and
        `RoleRepository.active_for` to use in this session (one batch of updates)."""
        wanted = set(people)
        if len(wanted) < 2:
            return
        statement = (
            select(Account, Conversation)
            .outerjoin(Conversation, col(Conversation.account_id) == col(Account.id))
            .where(tuple_(col(Account.channel), col(Account.platform_user_id)).in_(list(wanted)))
        )
        ahead: dict[tuple[str, str], tuple[Account, Conversation | None]] = {}
        for account, conversation in (await self._session.exec(statement)).all():
            ahead[(account.channel, account.platform_user_id)] = (account, conversation)
        self._session.info[_ACCOUNTS_READ] = ahead
        read: dict[int, tuple[Role, ...]] = self._session.info.setdefault(_ROLES_READ, {})
        ids = [a.id for a, _c in ahead.values() if a.id is not None and a.id not in read]
        if not ids:
            return
        roles: dict[int, list[Role]] = {account_id: [] for account_id in ids}
        role_statement = (
            select(Role)
            .where(col(Role.account_id).in_(ids), col(Role.revoked_at).is_(None))
            .order_by(col(Role.id))
        )
        for role in (await self._session.exec(role_statement)).all():
            roles[role.account_id].append(role)
        for account_id, found in roles.items():
            read.setdefault(account_id, tuple(found))

    async def get_or_create_with_conversation(
        self,
        channel: str,
        platform_user_id: str,
        *,
        chat_id: str,
        display_name: str,
        locale: str,
        now: datetime,
    ) -> tuple[Account, Conversation | None]:
        """The account (created or brought up to date) and its conversation, in one query."""
        ahead = self._session.info.get(_ACCOUNTS_READ)
        if ahead and (channel, platform_user_id) in ahead:
            account, conversation = ahead.pop((channel, platform_user_id))
            return await self._bring_up_to_date(account, chat_id, display_name), conversation
        statement = (
            select(Account, Conversation)
            .outerjoin(Conversation, col(Conversation.account_id) == col(Account.id))
            .where(
                col(Account.channel) == channel, col(Account.platform_user_id) == platform_user_id
            )
        )
        found = (await self._session.execute(statement)).first()
        if found is None:
            account = Account(
                channel=channel,
                platform_user_id=platform_user_id,
                chat_id=chat_id,
                display_name=display_name,
                locale=locale,
                created_at=now,
            )
            self._session.add(account)
            await self._session.flush()
            if account.id is not None:  # new: no roles yet (RoleRepository.active_for)
                self._session.info.setdefault(_ROLES_READ, {})[account.id] = ()
            return account, None
        account, conversation = found[0], found[1]
        return await self._bring_up_to_date(account, chat_id, display_name), conversation

    async def _bring_up_to_date(self, account: Account, chat_id: str, display_name: str) -> Account:
        changed = False
        if chat_id and account.chat_id != chat_id:
            account.chat_id, changed = chat_id, True
        if display_name and account.display_name != display_name:
            account.display_name, changed = display_name, True
        if account.blocked_at is not None:
            # A person who writes to the bot has evidently unblocked it.
            account.blocked_at, changed = None, True
        if changed:
            self._session.add(account)
            await self._session.flush()
        return account

    async def save(self, account: Account) -> None:
        self._session.add(account)
        await self._session.flush()

    async def mark_blocked_chat(self, channel: str, chat_id: str, now: datetime) -> list[Account]:
        """The person behind this chat blocked the bot: stop sending to them.

        Returns the accounts that were not marked before (so their officers are told once)."""
        statement = select(Account).where(
            col(Account.channel) == channel, col(Account.chat_id) == chat_id
        )
        # Messages to a linked person stop going to this chat: back to their own account's.
        await self._session.execute(
            update(Account)
            .where(col(Account.route_channel) == channel, col(Account.route_chat_id) == chat_id)
            .values(route_channel=None, route_chat_id=None)
        )
        newly = []
        for account in (await self._session.exec(statement)).all():
            if account.blocked_at is None:
                account.blocked_at = now
                self._session.add(account)
                newly.append(account)
        await self._session.flush()
        return newly


class RoleRepository:
    """Grants and revocations of roles (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def grant(
        self,
        account_id: int,
        role: str,
        *,
        org_id: int | None,
        cell_id: int | None,
        granted_by: int | None,
        now: datetime,
    ) -> Role:
        grant = Role(
            account_id=account_id,
            role=role,
            org_id=org_id,
            cell_id=cell_id,
            granted_by=granted_by,
            granted_at=now,
        )
        self._read().pop(account_id, None)
        self._session.add(grant)
        await self._session.flush()
        return grant

    def _read(self) -> dict[int, tuple[Role, ...]]:
        read: dict[int, tuple[Role, ...]] = self._session.info.setdefault(_ROLES_READ, {})
        return read

    async def active_for(self, account_id: int) -> Sequence[Role]:
        read = self._read()
        if account_id in read:
            return read[account_id]
        statement = (
            select(Role)
            .where(col(Role.account_id) == account_id, col(Role.revoked_at).is_(None))
            .order_by(col(Role.id))
        )
        roles = tuple((await self._session.exec(statement)).all())
        read[account_id] = roles
        return roles

    async def active_in_cell(self, cell_id: int, roles: Sequence[str]) -> Sequence[Role]:
        statement = select(Role).where(
            col(Role.cell_id) == cell_id,
            col(Role.role).in_(list(roles)),
            col(Role.revoked_at).is_(None),
        )
        return (await self._session.exec(statement)).all()

    async def active_on_orgs(self, org_ids: Sequence[int], roles: Sequence[str]) -> Sequence[Role]:
        statement = select(Role).where(
            col(Role.org_id).in_(list(org_ids)),
            col(Role.role).in_(list(roles)),
            col(Role.revoked_at).is_(None),
        )
        return (await self._session.exec(statement)).all()

    async def get(self, role_id: int) -> Role | None:
        return await self._session.get(Role, role_id)

    async def holders(self, role: str) -> Sequence[Role]:
        """Every active grant of `role` (e.g. all administrators)."""
        statement = (
            select(Role)
            .where(col(Role.role) == role, col(Role.revoked_at).is_(None))
            .order_by(col(Role.id))
        )
        return (await self._session.exec(statement)).all()

    async def last_revoked(self, account_id: int, cell_id: int | None = None) -> Role | None:
        """The person's role revoked last, if any: over the cell `cell_id`, or over anything."""
        statement = select(Role).where(
            col(Role.account_id) == account_id, col(Role.revoked_at).is_not(None)
        )
        if cell_id is not None:
            statement = statement.where(col(Role.cell_id) == cell_id)
        statement = statement.order_by(col(Role.revoked_at).desc(), col(Role.id).desc()).limit(1)
        return (await self._session.exec(statement)).first()

    async def revoke(self, role: Role, *, by: int | None, now: datetime) -> None:
        self._read().pop(role.account_id, None)
        role.revoked_at = now
        role.revoked_by = by
        self._session.add(role)
        await self._session.flush()


class InviteRepository:
    """Invite codes (stored as hashes) and wrong-code attempts (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, invite: Invite) -> Invite:
        self._session.add(invite)
        await self._session.flush()
        return invite

    async def find_by_hash(self, code_hash: str) -> Invite | None:
        statement = select(Invite).where(col(Invite.code_hash) == code_hash)
        return (await self._session.exec(statement)).first()

    async def save(self, invite: Invite) -> None:
        self._session.add(invite)
        await self._session.flush()

    async def record_failure(self, channel: str, platform_user_id: str, now: datetime) -> None:
        self._session.add(InviteFailure(channel=channel, platform_user_id=platform_user_id, at=now))
        await self._session.flush()

    async def failure_times(
        self, channel: str, platform_user_id: str, since: datetime
    ) -> list[datetime]:
        """When this account typed a wrong code since `since`, oldest first."""
        statement = (
            select(InviteFailure)
            .where(
                col(InviteFailure.channel) == channel,
                col(InviteFailure.platform_user_id) == platform_user_id,
                col(InviteFailure.at) >= since,
            )
            .order_by(col(InviteFailure.at))
        )
        return [row.at for row in (await self._session.exec(statement)).all()]
