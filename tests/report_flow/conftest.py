"""Fixtures for the report flow tests."""

from __future__ import annotations

import pytest
from rf_world import World, make_world

from core.clock import FakeClock
from storage.engine import Database


@pytest.fixture
async def world(sqlite_database: Database, clock: FakeClock) -> World:
    return await make_world(sqlite_database, clock)
