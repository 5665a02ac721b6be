"""plan documents

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 08:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plandocument",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(length=255), nullable=True),
        sa.Column("signer", sa.String(length=255), nullable=True),
        sa.Column("parsed", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.Column("imported_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("superseded_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["imported_by"], ["account.id"]),
        sa.ForeignKeyConstraint(["org_id"], ["organization.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plandocument", schema=None) as batch_op:
        batch_op.create_index("ix_plan_current", ["org_id", "superseded_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_plandocument_content_hash"), ["content_hash"])
        batch_op.create_index(batch_op.f("ix_plandocument_org_id"), ["org_id"])


def downgrade() -> None:
    with op.batch_alter_table("plandocument", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plandocument_org_id"))
        batch_op.drop_index(batch_op.f("ix_plandocument_content_hash"))
        batch_op.drop_index("ix_plan_current")
    op.drop_table("plandocument")
