"""People's chat accounts, the roles they hold, and the invites that grant them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Account(SQLModel, table=True):
    """One person on one channel (a Telegram or Zalo user, or a local console user)."""

    __table_args__ = (UniqueConstraint("channel", "platform_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    platform_user_id: str = Field(max_length=100)
    chat_id: str = Field(max_length=100)
    display_name: str = Field(default="", max_length=200)
    locale: str = Field(default="vi", max_length=8)
    blocked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # Linked accounts (/lienket): this account is the same person as `linked_to`, whose roles,
    # conversation and reminders it shares. Set only on the second account of a person.
    linked_to: int | None = Field(default=None, foreign_key="account.id", index=True)
    # Where the person wrote last, when that was another of their linked accounts: proactive
    # messages (reminders, nudges) go there. None: this account's own chat.
    route_channel: str | None = Field(default=None, max_length=20)
    route_chat_id: str | None = Field(default=None, max_length=100)


class Role(SQLModel, table=True):
    """A role over a scope: a cell (secretary, deputy) or an organisation subtree (officer, admin)."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    role: str = Field(max_length=20)
    org_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    cell_id: int | None = Field(default=None, foreign_key="cell.id", index=True)
    granted_by: int | None = Field(default=None, foreign_key="account.id")
    granted_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    revoked_by: int | None = Field(default=None, foreign_key="account.id")


class Invite(SQLModel, table=True):
    """An invite code (only its SHA-256 is stored) that grants a role over a scope."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    role: str = Field(max_length=20)
    org_id: int | None = Field(default=None, foreign_key="organization.id")
    cell_id: int | None = Field(default=None, foreign_key="cell.id")
    uses_left: int = Field(default=1)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class InviteFailure(SQLModel, table=True):
    """A wrong invite code typed by an account: five in an hour lock it out for an hour; too many
    across all accounts in a minute stop every code check for the rest of that minute."""

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    platform_user_id: str = Field(max_length=100, index=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)  # counted across accounts per minute


class LinkCode(SQLModel, table=True):
    """A one-time code (only its SHA-256 is stored) that links another app's account to
    `account_id`; valid until `expires_at`, used once."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
