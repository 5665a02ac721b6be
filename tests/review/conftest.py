"""Fixtures for the committee review tests: the seeded province on both databases."""

from __future__ import annotations

import pytest
from review_world import ReviewWorld, seed

from core.clock import FakeClock
from storage.engine import Database


@pytest.fixture
async def world(database: Database, clock: FakeClock) -> ReviewWorld:
    return await seed(database, clock)


@pytest.fixture
async def sqlite_world(sqlite_database: Database, clock: FakeClock) -> ReviewWorld:
    return await seed(sqlite_database, clock)
