"""Migration 0016 on both databases: the outbox's delivery marks leave the error for columns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Connection

from storage import migrate
from storage.engine import Database
from storage.models import OutboxMessage
from storage.repos import Repositories
from storage.types import UTCDateTime
from tests.databases import fresh_database

WRITTEN = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 22:00 in Hà Nội
MORNING = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 06:30

OUTBOX = sa.table(
    "outboxmessage",
    sa.column("id", sa.Integer),
    sa.column("channel", sa.String),
    sa.column("chat_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("priority", sa.Integer),
    sa.column("payload", sa.JSON),
    sa.column("status", sa.String),
    sa.column("attempts", sa.Integer),
    sa.column("next_attempt_at", UTCDateTime),
    sa.column("buttons_live", sa.Boolean),
    sa.column("error", sa.String),
    sa.column("created_at", UTCDateTime),
)

# id → (status, attempts, error, next_attempt_at) as the deliverer of 0015 left them
BEFORE: dict[int, tuple[str, int, str | None, datetime]] = {
    1: ("pending", 1, "502 Bad Gateway [parts:2]", WRITTEN),
    2: ("sending", 2, "read timeout [unconfirmed] [parts:1]", WRITTEN),
    3: ("pending", 1, "read timeout [unconfirmed]", WRITTEN + timedelta(seconds=30)),
    4: ("pending", 0, "[parts:3]", WRITTEN),  # put back untouched after its messages went
    5: ("pending", 0, None, MORNING),  # written to wait
    6: ("pending", 0, None, WRITTEN),  # due at once
    7: ("failed", 2, "unconfirmed: sent twice, no answer, may have arrived", WRITTEN),
    8: ("sent", 1, None, WRITTEN),
}
# id → (error, parts_sent, unconfirmed, not_before) after 0016
AFTER: dict[int, tuple[str | None, int, bool, datetime | None]] = {
    1: ("502 Bad Gateway", 2, False, None),
    2: ("read timeout", 1, True, None),
    3: ("read timeout", 0, True, None),
    4: (None, 3, False, None),
    5: (None, 0, False, MORNING),
    6: (None, 0, False, None),
    7: ("unconfirmed: sent twice, no answer, may have arrived", 0, False, None),
    8: (None, 0, False, None),
}


async def _downgrade(database: Database, revision: str) -> None:
    config = migrate.alembic_config(database.url)

    def _run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(_run)


async def _errors(database: Database) -> dict[int, str | None]:
    async with database.engine.connect() as connection:
        found = await connection.execute(sa.select(OUTBOX.c.id, OUTBOX.c.error))
        return {int(row_id): error for row_id, error in found.all()}


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_marks_in_errors_move_into_columns_and_back(kind: str, tmp_path: Path) -> None:
    async with fresh_database(kind, tmp_path, upgrade=False) as database:
        await migrate.upgrade(database, "0015")
        rows: list[dict[str, Any]] = [
            {
                "id": row_id,
                "channel": "zalo",
                "chat_id": f"chat-{row_id}",
                "kind": "reply",
                "priority": 0,
                "payload": {"text": "x"},
                "status": status,
                "attempts": attempts,
                "next_attempt_at": due,
                "buttons_live": False,
                "error": error,
                "created_at": WRITTEN,
            }
            for row_id, (status, attempts, error, due) in BEFORE.items()
        ]
        async with database.engine.begin() as connection:
            await connection.execute(sa.insert(OUTBOX), rows)

        await migrate.upgrade(database)
        async with database.transaction() as session:
            found: list[OutboxMessage] = await Repositories(session).outbox.messages()
        after = {
            row.id: (row.error, row.parts_sent, row.unconfirmed, row.not_before) for row in found
        }
        assert after == AFTER

        await _downgrade(database, "0015")  # the marks go back where 0015 reads them
        assert await _errors(database) == {
            row_id: error for row_id, (_s, _a, error, _d) in BEFORE.items()
        }
