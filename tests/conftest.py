"""Shared fixtures: databases of both kinds, a fake clock, and a chat harness over the core."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.clock import FakeClock
from storage.engine import Database
from tests.databases import fresh_database, postgres_unavailable_reason

SHARED_PLANS = Path(__file__).resolve().parents[1].parent / "shared" / "plans"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    for item in items:
        if "postgres" in item.keywords or "[postgres" in item.nodeid:
            if reason is None:
                reason = postgres_unavailable_reason() or ""
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database: SQLite, and PostgreSQL where it is reachable."""
    async with fresh_database(request.param, tmp_path) as db:
        yield db


@pytest.fixture
async def sqlite_database(tmp_path: Path) -> AsyncIterator[Database]:
    async with fresh_database("sqlite", tmp_path) as db:
        yield db


@pytest.fixture
def clock() -> FakeClock:
    # Tuesday 24/11/2026 09:00 in Hà Nội.
    return FakeClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
