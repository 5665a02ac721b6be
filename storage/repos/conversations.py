"""Conversation state per account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import inspect, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Conversation

# The step of a conversation in no flow whose choices a notice or a reminder offered ("1. Sửa
# báo cáo"): they stay the ones "1" picks when the person asks something in between (/trogiup).
OFFERED = "offer"
# The notices kept aside for one person while a flow's question is pending: the latest ones.
ASIDE_LIMIT = 3


class ConversationRepository:
    """Loads and saves where each person is in a flow (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, account_id: int) -> Conversation | None:
        return await self._session.get(Conversation, account_id)

    async def _locked(self, account_id: int) -> Conversation | None:
        """The conversation as it stands now, locked until the transaction ends (PostgreSQL;
        SQLite's transactions take turns): a message of the person's being handled meanwhile
        (starting a report) is waited for and seen, never written over."""
        statement = (
            select(Conversation)
            .where(col(Conversation.account_id) == account_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self._session.exec(statement)).first()

    async def save(self, conversation: Conversation) -> None:
        """Write `conversation` as the caller changed it. When the caller changed the notices set
        aside (showing them), those another transaction set aside since it read them (the
        deliverer's, committed while the person's message was handled) are kept: the row is
        read locked first, as the write would lock it."""
        state = inspect(conversation)
        deleted = state.attrs.aside.history.deleted if state.persistent else ()
        if deleted:  # the caller changed the notices set aside (it showed them)
            read: list[Any] = deleted[0] or []
            statement = (
                select(Conversation.aside)
                .where(col(Conversation.account_id) == conversation.account_id)
                .with_for_update()
            )
            with self._session.no_autoflush:
                now_kept = (await self._session.exec(statement)).first() or []
            added = [entry for entry in now_kept if entry not in read]
            if added:
                conversation.aside = [*conversation.aside, *added][-ASIDE_LIMIT:]
        self._session.add(conversation)
        await self._session.flush()

    async def offer(
        self,
        account_id: int,
        choices: list[dict[str, str]],
        expect: str,
        outbox_id: int,
        *,
        now: datetime,
        ttl: timedelta,
    ) -> bool:
        """Make a message's choices the person's pending ones (a reminder's "1. report now"),
        unless they are in the middle of a flow; True when they were taken."""
        conversation = await self._locked(account_id)
        if (
            conversation is not None
            and conversation.flow
            and (conversation.expires_at is None or conversation.expires_at > now)
        ):
            return False
        if conversation is None:
            conversation = Conversation(account_id=account_id, updated_at=now)
        conversation.flow, conversation.step, conversation.data = "", OFFERED, {}
        conversation.choices = choices
        conversation.expect = expect
        conversation.question_outbox_id = outbox_id
        conversation.updated_at = now
        conversation.expires_at = now + ttl
        self._session.add(conversation)
        await self._session.flush()
        return True

    async def busy(self, account_ids: Sequence[int], *, now: datetime) -> set[int]:
        """Those of these accounts in the middle of a flow (its question pending, unexpired)."""
        ids = sorted(set(account_ids))
        if not ids:
            return set()
        statement = select(Conversation.account_id).where(
            col(Conversation.account_id).in_(ids),
            col(Conversation.flow) != "",
            or_(col(Conversation.expires_at).is_(None), col(Conversation.expires_at) > now),
        )
        return {int(account_id) for account_id in (await self._session.exec(statement)).all()}

    async def set_aside(
        self,
        account_id: int,
        text: str,
        choices: list[dict[str, str]],
        expect: str,
        *,
        now: datetime,
        ttl: timedelta,
        wanted: dict[str, Any] | None = None,
    ) -> None:
        """Keep a notice whose choices went out held back (the person was in a flow), to be
        offered again once the flow is over, unless what it asks for (`wanted`, as
        services.outgoing.ReportsWanted writes it) is done by then; the latest ASIDE_LIMIT are
        kept. The flow and when it was last used (its draft reminder's time) are left as they
        are."""
        conversation = await self._locked(account_id)
        if conversation is None:
            conversation = Conversation(account_id=account_id, updated_at=now)
        entry: dict[str, Any] = {
            "text": text,
            "choices": choices,
            "expect": expect,
            "until": (now + ttl).isoformat(),
            **({"wanted": wanted} if wanted is not None else {}),
        }
        conversation.aside = [*conversation.aside, entry][-ASIDE_LIMIT:]
        self._session.add(conversation)
        await self._session.flush()

    async def shown_on(self, account_id: int, outbox_id: int) -> None:
        """The pending question went out as this outbox message."""
        await self._session.execute(
            update(Conversation)
            .where(col(Conversation.account_id) == account_id)
            .values(question_outbox_id=outbox_id)
        )
