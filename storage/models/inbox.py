"""The inbox (every incoming update, stored once) and the outbox (every message to a person)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, false, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class InboxUpdate(SQLModel, table=True):
    """One platform update; (channel, update_key) is unique so a redelivery is ignored.

    pending → processing (claimed under a lease) → done | failed (`handled_at`). Some time after
    it was handled the retention job (services/retention.py) replaces its payload with
    `{"cleared": true}` (`cleared_at`), keeping the row so its key still stops a redelivery,
    and later deletes it.
    """

    __table_args__ = (
        UniqueConstraint("channel", "update_key"),
        Index("ix_inbox_pending", "status", "chat_key", "id"),
        Index("ix_inbox_chat_received", "chat_key", "received_at"),
        # The open updates alone, in id order: what claiming reads (0012).
        Index(
            "ix_inbox_open",
            "id",
            sqlite_where=text("status IN ('pending', 'processing')"),
            postgresql_where=text("status IN ('pending', 'processing')"),
        ),
        Index(
            "ix_inbox_open_chat",
            "chat_key",
            "id",
            sqlite_where=text("status IN ('pending', 'processing')"),
            postgresql_where=text("status IN ('pending', 'processing')"),
        ),
        # What the retention job reads (0015): the rows whose content is still kept, and
        # every row, by when it was handled.
        Index(
            "ix_inbox_uncleared",
            "handled_at",
            sqlite_where=text("cleared_at IS NULL"),
            postgresql_where=text("cleared_at IS NULL"),
        ),
        Index("ix_inbox_handled", "handled_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    update_key: str = Field(max_length=120)
    chat_key: str = Field(max_length=140)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=12)
    attempts: int = Field(default=0)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    error: str | None = Field(default=None, max_length=2000)
    received_at: datetime = Field(sa_type=UTCDateTime)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    # when the retention job dropped its payload (and error), keeping the row (0015)
    cleared_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


OUTBOX_STATUSES = (
    "pending",
    "sending",
    "sent",
    "failed",
    "blocked",
    "expired",
    "stale",
    "cancelled",
)
OUTBOX_KINDS = ("reply", "notice", "nudge", "action", "draft", "reminder", "digest")


class OutboxMessage(SQLModel, table=True):
    """Every message to a person (and every platform call for a chat), delivered once, in order.

    Written in the same transaction as the state change that causes it; sent after commit by
    the one deliverer of its channel. `kind` is reply | notice | nudge | action | draft |
    reminder | digest, `priority` orders chats' turns (0 first: a reply to someone typing). The
    payload is a rendered Reply, a template rendered at send time in the recipient's language
    (`{"template": ...}` for reminders and digests), or an adapter's own action
    (`{"action": ...}`). pending → sending (claimed under a lease by the deliverer
    `claimed_by`) → sent | failed (refused for good) | blocked (the person blocked the bot) |
    expired (too old to send: `expires_at`) | stale (a reminder no longer useful) | cancelled.
    While it is open, `parts_sent` says how many platform messages of a reply the platform
    split went on earlier tries (a retry or a takeover resumes after them) and `unconfirmed`
    that its last send went out whole with no answer (it is tried once more only); the error
    column holds the last error alone. `not_before`: written to wait until then (quiet hours);
    None when it could go at once.
    `buttons_live` marks a sent message whose buttons are still showing. Some time after it
    was written and closed, the retention job replaces its payload with `{"cleared": true}`
    (`cleared_at`), keeping the row (status, kind, dedupe key, dates), and much later deletes it.
    """

    __table_args__ = (
        Index("ix_outbox_due", "channel", "status", "priority", "id"),
        Index("ix_outbox_chat", "channel", "chat_id", "status", "id"),
        # The messages still showing buttons, per chat (0012).
        Index(
            "ix_outbox_live",
            "channel",
            "chat_id",
            "id",
            sqlite_where=text("buttons_live = 1"),
            postgresql_where=text("buttons_live"),
        ),
        # What the retention job reads (0015), as for the inbox.
        Index(
            "ix_outbox_uncleared",
            "created_at",
            sqlite_where=text("cleared_at IS NULL"),
            postgresql_where=text("cleared_at IS NULL"),
        ),
        Index("ix_outbox_created", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)
    chat_id: str = Field(max_length=100)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    kind: str = Field(default="reply", max_length=12)
    priority: int = Field(default=0)
    dedupe_key: str | None = Field(default=None, max_length=240, unique=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    inbox_id: int | None = Field(default=None, foreign_key="inboxupdate.id", index=True)
    reminder_id: int | None = Field(default=None, foreign_key="reminder.id", index=True)
    cell_id: int | None = Field(default=None, foreign_key="cell.id", index=True)
    period: str | None = Field(default=None, max_length=40)
    status: str = Field(default="pending", max_length=12)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    # the deliverer that claimed it, while `sending`: only that one may mark it (0014)
    claimed_by: str | None = Field(default=None, max_length=64)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    message_id: str | None = Field(default=None, max_length=100)
    buttons_live: bool = Field(default=False)
    error: str | None = Field(default=None, max_length=2000)
    # delivery progress of an open message (0016; before, marks inside `error`)
    parts_sent: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})
    unconfirmed: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    not_before: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    # when the retention job dropped its payload, keeping the row and its key (0015)
    cleared_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
