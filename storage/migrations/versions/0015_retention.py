"""retention: when a row's content was cleared, and the indexes the retention job reads

The inbox kept every update's content and the outbox every message's text forever. A periodic
job now clears the content of old closed rows (`cleared_at`) and later deletes them; it finds
them through the rows not yet cleared, by date (partial indexes), and every row by date.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNCLEARED = "cleared_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("inboxupdate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cleared_at", storage.types.UTCDateTime(), nullable=True))
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cleared_at", storage.types.UTCDateTime(), nullable=True))
    op.create_index(
        "ix_inbox_uncleared",
        "inboxupdate",
        ["handled_at"],
        unique=False,
        sqlite_where=sa.text(UNCLEARED),
        postgresql_where=sa.text(UNCLEARED),
    )
    op.create_index("ix_inbox_handled", "inboxupdate", ["handled_at"], unique=False)
    op.create_index(
        "ix_outbox_uncleared",
        "outboxmessage",
        ["created_at"],
        unique=False,
        sqlite_where=sa.text(UNCLEARED),
        postgresql_where=sa.text(UNCLEARED),
    )
    op.create_index("ix_outbox_created", "outboxmessage", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_created", table_name="outboxmessage")
    op.drop_index("ix_outbox_uncleared", table_name="outboxmessage")
    op.drop_index("ix_inbox_handled", table_name="inboxupdate")
    op.drop_index("ix_inbox_uncleared", table_name="inboxupdate")
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_column("cleared_at")
    with op.batch_alter_table("inboxupdate", schema=None) as batch_op:
        batch_op.drop_column("cleared_at")
