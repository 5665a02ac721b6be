"""Linked accounts: one person on two apps (/lienket), and the one-time codes that link them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Account, LinkCode, Role


class LinkRepository:
    """Link codes and the links between accounts (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_code(
        self, account_id: int, code_hash: str, *, expires_at: datetime, now: datetime
    ) -> None:
        """A new code for `account_id`; any earlier unused code of theirs stops working."""
        await self._session.execute(
            update(LinkCode)
            .where(col(LinkCode.account_id) == account_id, col(LinkCode.used_at).is_(None))
            .values(used_at=now)
        )
        self._session.add(
            LinkCode(
                code_hash=code_hash, account_id=account_id, expires_at=expires_at, created_at=now
            )
        )
        await self._session.flush()

    async def take_code(self, code_hash: str, now: datetime) -> int | None:
        """Use a code once: the account that made it, or None (unknown, used or expired)."""
        statement = select(LinkCode).where(col(LinkCode.code_hash) == code_hash)
        code = (await self._session.exec(statement)).first()
        if code is None or code.used_at is not None or code.expires_at <= now:
            return None
        code.used_at = now
        self._session.add(code)
        await self._session.flush()
        return code.account_id

    async def aliases(self, primary_id: int) -> Sequence[Account]:
        """The accounts linked to `primary_id`."""
        statement = (
            select(Account).where(col(Account.linked_to) == primary_id).order_by(col(Account.id))
        )
        return (await self._session.exec(statement)).all()

    async def link(self, alias: Account, primary: Account) -> int:
        """Make `alias` the same person as `primary`: its active roles move to `primary` (and so
        do accounts already linked to it); from now on the person's conversation is
        `primary`'s. How many roles moved."""
        assert alias.id is not None and primary.id is not None
        moved = await self._session.execute(
            update(Role)
            .where(col(Role.account_id) == alias.id, col(Role.revoked_at).is_(None))
            .values(account_id=primary.id)
        )
        await self._session.execute(
            update(Account).where(col(Account.linked_to) == alias.id).values(linked_to=primary.id)
        )
        alias.linked_to = primary.id
        alias.route_channel = alias.route_chat_id = None
        self._session.add(alias)
        await self._session.flush()
        return int(getattr(moved, "rowcount", 0) or 0)

    async def unlink(self, alias: Account, primary: Account) -> None:
        """`alias` is a person of its own again (without roles); messages to `primary` go to
        its own chat again if they went to `alias`."""
        alias.linked_to = None
        self._session.add(alias)
        if (primary.route_channel, primary.route_chat_id) == (alias.channel, alias.chat_id):
            primary.route_channel = primary.route_chat_id = None
            self._session.add(primary)
        await self._session.flush()

    async def wrote_from(self, primary: Account, used: Account) -> None:
        """The person wrote from `used` (their own account or a linked one): proactive messages
        go there from now on."""
        route = (None, None) if used.id == primary.id else (used.channel, used.chat_id)
        if (primary.route_channel, primary.route_chat_id) != route:
            primary.route_channel, primary.route_chat_id = route
            self._session.add(primary)
            await self._session.flush()
