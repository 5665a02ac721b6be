"""Conversation state: which flow a person is in, and what they have entered so far."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Conversation(SQLModel, table=True):
    """Kept in the database so it survives restarts and is shared by instances."""

    account_id: int = Field(foreign_key="account.id", primary_key=True)
    flow: str = Field(default="", max_length=40)
    step: str = Field(default="", max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    choices: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # How a typed answer to the pending choices is read ("choice" or "value", core.messages).
    expect: str = Field(default="choice", max_length=8)
    # The outbox message that shows the pending question: a button press answers it only if it
    # was pressed on that message.
    question_outbox_id: int | None = Field(default=None)
    # Notices with choices that came while a flow's question was pending, on an app without
    # buttons (ConversationRepository.set_aside): shown again, choices and all, once
    # the flow is over, so that a typed number never answers two questions.
    aside: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    updated_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
