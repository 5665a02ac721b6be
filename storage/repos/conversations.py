"""Conversation state per account."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Conversation


class ConversationRepository:
    """Loads and saves where each person is in a flow (never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, account_id: int) -> Conversation | None:
        return await self._session.get(Conversation, account_id)

    async def save(self, conversation: Conversation) -> None:
        self._session.add(conversation)
        await self._session.flush()
