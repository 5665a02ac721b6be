"""committee review: closed periods, and indexes for summaries at province scale

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Summaries of a province read these columns from the index alone (see storage.repos.summary).
REPORT_COLUMNS = (
    "period",
    "slot",
    "cell_id",
    "status",
    "held",
    "kind",
    "present",
    "on_roll",
    "exempted",
    "absent_unexcused",
    "upper_attended",
    "resolution_adopted",
    "grade",
)
TOPIC_COLUMNS = ("kind", "status", "held", "period", "slot", "cell_id")
FIGURE_COLUMNS = ("period", "key", "cell_id", "number", "text")


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
    with op.batch_alter_table("meetingreport", schema=None) as batch_op:
        batch_op.create_index("ix_meetingreport_review", list(REPORT_COLUMNS), unique=False)
        batch_op.create_index("ix_meetingreport_topics", list(TOPIC_COLUMNS), unique=False)
    with op.batch_alter_table("figurerecord", schema=None) as batch_op:
        batch_op.create_index("ix_figurerecord_review", list(FIGURE_COLUMNS), unique=False)


def downgrade() -> None:
    with op.batch_alter_table("figurerecord", schema=None) as batch_op:
        batch_op.drop_index("ix_figurerecord_review")
    with op.batch_alter_table("meetingreport", schema=None) as batch_op:
        batch_op.drop_index("ix_meetingreport_topics")
        batch_op.drop_index("ix_meetingreport_review")
    with op.batch_alter_table("periodclosure", schema=None) as batch_op:
        batch_op.drop_index("ix_periodclosure_org_period")
    op.drop_table("periodclosure")
