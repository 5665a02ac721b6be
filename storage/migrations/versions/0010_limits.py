"""limits: costly actions per account, wrong invite codes by time, inbox rows by chat and time

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accountaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_accountaction_recent", "accountaction", ["account_id", "action", "at"], unique=False
    )
    op.create_index(op.f("ix_invitefailure_at"), "invitefailure", ["at"], unique=False)
    op.create_index(
        "ix_inbox_chat_received", "inboxupdate", ["chat_key", "received_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_inbox_chat_received", table_name="inboxupdate")
    op.drop_index(op.f("ix_invitefailure_at"), table_name="invitefailure")
    op.drop_index("ix_accountaction_recent", table_name="accountaction")
    op.drop_table("accountaction")
