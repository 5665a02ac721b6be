"""aside notices: the choices of notices that came while a flow's question was pending

A notice (an officer's nudge, a returned report, a reminder) offering numbered choices on an
app without buttons, while the person is answering a flow's question, goes out without them;
the conversation keeps it aside and offers it again once the flow is over.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("aside", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.alter_column("aside", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_column("aside")
