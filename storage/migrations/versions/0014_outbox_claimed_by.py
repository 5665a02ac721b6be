"""outbox claimed_by: which deliverer claimed a message, so only that one marks it

A deliverer whose lease ran out (a stalled process) could mark messages another instance had
taken over meanwhile, writing its stale outcome over theirs. The claim now records the
claiming deliverer, and marking a message requires it to be still `sending` under that claim.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")
