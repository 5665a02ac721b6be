"""zalo: linked accounts and where a person wrote last, link codes, monthly usage per channel

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("linked_to", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("route_channel", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("route_chat_id", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_account_linked_to"), ["linked_to"], unique=False)
        batch_op.create_foreign_key("fk_account_linked_to", "account", ["linked_to"], ["id"])
    op.create_table(
        "linkcode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index(op.f("ix_linkcode_account_id"), "linkcode", ["account_id"], unique=False)
    op.create_table(
        "channelusage",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "month"),
    )


def downgrade() -> None:
    op.drop_table("channelusage")
    op.drop_index(op.f("ix_linkcode_account_id"), table_name="linkcode")
    op.drop_table("linkcode")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_constraint("fk_account_linked_to", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_account_linked_to"))
        batch_op.drop_column("route_chat_id")
        batch_op.drop_column("route_channel")
        batch_op.drop_column("linked_to")
