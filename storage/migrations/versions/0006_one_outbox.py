"""one outbox: every message to a person, with its kind and priority; one lease table

Reminder deliveries move into the outbox (the rows still waiting are carried over) and their
table goes; sender leases become leases of any job (deliverer, poller); planned reminders keep
a fingerprint of what was planned, so planning again writes only what changed.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PRIORITY = {"digest": 4}


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("kind", sa.String(length=12), nullable=False, server_default="reply")
        )
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("dedupe_key", sa.String(length=240), nullable=True))
        batch_op.add_column(sa.Column("reminder_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cell_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("period", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("expires_at", storage.types.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("buttons_live", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_index("ix_outbox_pending")
        batch_op.create_index("ix_outbox_due", ["channel", "status", "priority", "id"])
        batch_op.create_index("ix_outbox_chat", ["channel", "chat_id", "status", "id"])
        batch_op.create_index(batch_op.f("ix_outboxmessage_account_id"), ["account_id"])
        batch_op.create_index(batch_op.f("ix_outboxmessage_reminder_id"), ["reminder_id"])
        batch_op.create_index(batch_op.f("ix_outboxmessage_cell_id"), ["cell_id"])
        batch_op.create_unique_constraint("uq_outboxmessage_dedupe_key", ["dedupe_key"])
        batch_op.create_foreign_key(
            "fk_outboxmessage_account_id", "account", ["account_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_outboxmessage_reminder_id", "reminder", ["reminder_id"], ["id"]
        )
        batch_op.create_foreign_key("fk_outboxmessage_cell_id", "cell", ["cell_id"], ["id"])
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.alter_column("kind", server_default=None)
        batch_op.alter_column("priority", server_default=None)
        batch_op.alter_column("buttons_live", server_default=None)

    # Waiting reminder deliveries become outbox messages (rendered at send time, as before).
    connection = op.get_bind()
    deliveries = connection.execute(
        sa.text(
            "SELECT dedupe_key, reminder_id, cell_id, period, account_id, channel, chat_id, "
            "kind, payload, next_attempt_at, expires_at, created_at FROM reminderdelivery "
            "WHERE status IN ('pending', 'sending')"
        )
    ).mappings().all()
    outbox = sa.table(
        "outboxmessage",
        sa.column("channel", sa.String),
        sa.column("chat_id", sa.String),
        sa.column("account_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("priority", sa.Integer),
        sa.column("dedupe_key", sa.String),
        sa.column("payload", sa.JSON),
        sa.column("reminder_id", sa.Integer),
        sa.column("cell_id", sa.Integer),
        sa.column("period", sa.String),
        sa.column("status", sa.String),
        sa.column("attempts", sa.Integer),
        sa.column("next_attempt_at", storage.types.UTCDateTime),
        sa.column("expires_at", storage.types.UTCDateTime),
        sa.column("buttons_live", sa.Boolean),
        sa.column("created_at", storage.types.UTCDateTime),
    )
    rows = []
    for row in deliveries:
        payload = row["payload"]
        if isinstance(payload, str):
            import json

            payload = json.loads(payload)
        kind = "digest" if row["kind"] == "digest" else "reminder"
        rows.append(
            {
                "channel": row["channel"],
                "chat_id": row["chat_id"],
                "account_id": row["account_id"],
                "kind": kind,
                "priority": _PRIORITY.get(kind, 3),
                "dedupe_key": row["dedupe_key"],
                "payload": {"template": row["kind"], **dict(payload or {})},
                "reminder_id": row["reminder_id"],
                "cell_id": row["cell_id"],
                "period": row["period"],
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": row["next_attempt_at"],
                "expires_at": row["expires_at"],
                "buttons_live": False,
                "created_at": row["created_at"],
            }
        )
    if rows:
        op.bulk_insert(outbox, rows)
    op.drop_table("reminderdelivery")
    op.rename_table("senderlease", "lease")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_reminder_cell_due", ["cell_id", "due_at"])


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_cell_due")
        batch_op.drop_column("fingerprint")
    op.rename_table("lease", "senderlease")
    op.create_table(
        "reminderdelivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=240), nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=True),
        sa.Column("cell_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=40), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("lease_until", storage.types.UTCDateTime(), nullable=True),
        sa.Column("message_id", sa.String(length=100), nullable=True),
        sa.Column("error", sa.String(length=2000), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["cell_id"], ["cell.id"]),
        sa.ForeignKeyConstraint(["reminder_id"], ["reminder.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    with op.batch_alter_table("reminderdelivery", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_due", ["channel", "status", "next_attempt_at"])
        batch_op.create_index("ix_delivery_lease", ["channel", "status", "lease_until"])
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_constraint("fk_outboxmessage_cell_id", type_="foreignkey")
        batch_op.drop_constraint("fk_outboxmessage_reminder_id", type_="foreignkey")
        batch_op.drop_constraint("fk_outboxmessage_account_id", type_="foreignkey")
        batch_op.drop_constraint("uq_outboxmessage_dedupe_key", type_="unique")
        batch_op.drop_index(batch_op.f("ix_outboxmessage_cell_id"))
        batch_op.drop_index(batch_op.f("ix_outboxmessage_reminder_id"))
        batch_op.drop_index(batch_op.f("ix_outboxmessage_account_id"))
        batch_op.drop_index("ix_outbox_chat")
        batch_op.drop_index("ix_outbox_due")
        batch_op.create_index("ix_outbox_pending", ["status", "next_attempt_at"])
        for column in (
            "buttons_live", "expires_at", "period", "cell_id", "reminder_id", "dedupe_key",
            "priority", "kind", "account_id",
        ):
            batch_op.drop_column(column)
