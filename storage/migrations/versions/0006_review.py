"""committee review: closed periods, and indexes for summaries at province scale

Revision ID: 0006_review
Revises: 0005
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006_review"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "periodclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("reopened_by", sa.Integer(), nullable=True),
        sa.Column("reopened_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["closed_by"], ["account.id"]),
        sa.ForeignKeyConstraint(["org_id"], ["organization.id"]),
        sa.ForeignKeyConstraint(["reopened_by"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("periodclosure", schema=None) as batch_op:
        batch_op.create_index("ix_periodclosure_org_period", ["org_id", "period"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("periodclosure", schema=None) as batch_op:
        batch_op.drop_index("ix_periodclosure_org_period")
    op.drop_table("periodclosure")
