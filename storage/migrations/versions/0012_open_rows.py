"""open rows: partial indexes for the inbox's open updates and the messages showing buttons

The inbox keeps handled updates and the outbox sent messages: claiming the next updates scanned
every handled one in id order (and each chat's whole history for an earlier open one), and a
chat's live buttons every message it was ever sent. They now read indexes of the open rows
alone.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status IN ('pending', 'processing')"


def upgrade() -> None:
    op.create_index(
        "ix_inbox_open",
        "inboxupdate",
        ["id"],
        unique=False,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_inbox_open_chat",
        "inboxupdate",
        ["chat_key", "id"],
        unique=False,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_outbox_live",
        "outboxmessage",
        ["channel", "chat_id", "id"],
        unique=False,
        sqlite_where=sa.text("buttons_live = 1"),
        postgresql_where=sa.text("buttons_live"),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_live", table_name="outboxmessage")
    op.drop_index("ix_inbox_open_chat", table_name="inboxupdate")
    op.drop_index("ix_inbox_open", table_name="inboxupdate")
