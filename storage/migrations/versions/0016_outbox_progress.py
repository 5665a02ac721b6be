"""outbox progress: parts sent, an unconfirmed send and the wait in columns, not in the error

The deliverer kept a message's delivery progress as marks inside its error text: «[parts:N]»
(how many messages of a split reply went) and «[unconfirmed]» (a send that got no answer);
and a message written to wait (quiet hours) was told from one that waits for a retry by having
no error and no attempt. They are columns now: `parts_sent`, `unconfirmed`, `not_before`.
Existing marks move into them and leave the error holding the error alone; a message still
waiting untried for a later time than it was written gets that time as `not_before`.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 21:30:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PARTS = re.compile(r"\[parts:(\d+)\]")
_MARKS = re.compile(r"\s*(?:\[parts:\d+\]|\[unconfirmed\])")

outbox = sa.table(
    "outboxmessage",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("attempts", sa.Integer),
    sa.column("error", sa.String),
    sa.column("next_attempt_at", storage.types.UTCDateTime),
    sa.column("created_at", storage.types.UTCDateTime),
    sa.column("parts_sent", sa.Integer),
    sa.column("unconfirmed", sa.Boolean),
    sa.column("not_before", storage.types.UTCDateTime),
)


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("parts_sent", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(
            sa.Column("unconfirmed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("not_before", storage.types.UTCDateTime(), nullable=True))
    bind = op.get_bind()
    # Written to wait, as the deliverer guessed it (read before the marks leave the errors).
    bind.execute(
        outbox.update()
        .where(
            outbox.c.status == "pending",
            outbox.c.attempts == 0,
            outbox.c.error.is_(None),
            outbox.c.next_attempt_at > outbox.c.created_at,
        )
        .values(not_before=outbox.c.next_attempt_at)
    )
    marked = bind.execute(
        sa.select(outbox.c.id, outbox.c.error).where(
            sa.or_(outbox.c.error.like("%[parts:%"), outbox.c.error.like("%[unconfirmed]%"))
        )
    ).all()
    for row_id, error in marked:  # open messages only: a few
        parts = _PARTS.search(error)
        bind.execute(
            outbox.update()
            .where(outbox.c.id == row_id)
            .values(
                parts_sent=int(parts[1]) if parts else 0,
                unconfirmed="[unconfirmed]" in error,
                error=_MARKS.sub("", error).strip() or None,
            )
        )


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(
        outbox.update()
        .where(outbox.c.unconfirmed == sa.true())
        .values(error=sa.func.trim(sa.func.coalesce(outbox.c.error, "") + " [unconfirmed]"))
    )
    bind.execute(
        outbox.update()
        .where(outbox.c.parts_sent > 0)
        .values(
            error=sa.func.trim(
                sa.func.coalesce(outbox.c.error, "")
                + " [parts:"
                + sa.cast(outbox.c.parts_sent, sa.String)
                + "]"
            )
        )
    )
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_column("not_before")
        batch_op.drop_column("unconfirmed")
        batch_op.drop_column("parts_sent")
