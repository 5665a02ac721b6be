"""Migrations on both databases, models against migrations, UTC round trips, SQLite settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import migrate
from storage.engine import Database, normalise_url
from storage.repos import Repositories
from tests.databases import fresh_database


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_upgrade_from_empty_to_head_and_models_match(kind: str, tmp_path: Path) -> None:
    async with fresh_database(kind, tmp_path, upgrade=False) as database:
        assert await migrate.is_empty(database)
        await migrate.upgrade(database)
        await migrate.upgrade(database)  # a second run (another instance) changes nothing
        assert not await migrate.is_empty(database)
        assert await migrate.model_differences(database) == []


async def test_times_come_back_in_utc(database: Database) -> None:
    hanoi = timezone(timedelta(hours=7))
    moment = datetime(2026, 12, 5, 19, 30, tzinfo=hanoi)
    async with database.transaction() as session:
        org = await Repositories(session).orgs.add_org("X", parent=None, kind="xa", now=moment)
        org_id = org.id
    async with database.transaction() as session:
        assert org_id is not None
        loaded = await Repositories(session).orgs.get_org(org_id)
        assert loaded is not None
        assert loaded.created_at == moment
        assert loaded.created_at.tzinfo is not None
        assert loaded.created_at.utcoffset() == timedelta(0)


async def test_naive_datetimes_are_refused(sqlite_database: Database) -> None:
    with pytest.raises(Exception, match="naive"):
        async with sqlite_database.transaction() as session:
            await Repositories(session).orgs.add_org(
                "X", parent=None, kind="xa", now=datetime(2026, 1, 1)
            )


async def test_sqlite_is_configured_for_safe_concurrency(sqlite_database: Database) -> None:
    async with sqlite_database.transaction() as session:
        journal = (await session.execute(text("PRAGMA journal_mode"))).scalar()
        foreign = (await session.execute(text("PRAGMA foreign_keys"))).scalar()
        busy = (await session.execute(text("PRAGMA busy_timeout"))).scalar()
    assert (journal, foreign, busy) == ("wal", 1, 30000)


async def test_repositories_never_commit(sqlite_database: Database) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(RuntimeError):
        async with sqlite_database.transaction() as session:
            await Repositories(session).orgs.add_org("Rolled back", parent=None, kind="xa", now=now)
            raise RuntimeError("the caller fails after the repository wrote")
    async with sqlite_database.transaction() as session:
        assert not await Repositories(session).orgs.find_orgs("Rolled back")


async def test_subtree_queries_follow_the_tree(database: Database) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    async with database.transaction() as session:
        orgs = Repositories(session).orgs
        top = await orgs.add_org("Tỉnh", parent=None, kind="tinh", now=now)
        mid = await orgs.add_org("Xã", parent=top, kind="xa", now=now)
        low = await orgs.add_org("Bộ phận", parent=mid, kind="bo_phan", now=now)
        other = await orgs.add_org("Xã khác", parent=top, kind="xa", now=now)
        await orgs.add_cell(low, "Chi bộ sâu", now=now)
        await orgs.add_cell(other, "Chi bộ khác", now=now)
        assert [c.name for c in await orgs.cells_in_subtree(mid)] == ["Chi bộ sâu"]
        assert len(await orgs.cells_in_subtree(top)) == 2
        assert [o.name for o in await orgs.orgs_in_subtree(mid)] == ["Xã", "Bộ phận"]


def test_plain_urls_get_async_drivers() -> None:
    assert normalise_url("sqlite:///x.db").startswith("sqlite+aiosqlite:///")
    assert normalise_url("postgresql://u@h/db").startswith("postgresql+asyncpg://")
