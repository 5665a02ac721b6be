"""questions: how a typed answer is read, and the message a pending question is shown on

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expect", sa.String(length=8), nullable=False, server_default="choice")
        )
        batch_op.add_column(sa.Column("question_outbox_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.alter_column("expect", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_column("question_outbox_id")
        batch_op.drop_column("expect")
