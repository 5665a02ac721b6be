"""Shared fixtures (databases of both kinds, a fake clock), the test tiers, and a guard that no
test reaches beyond this machine.

Tiers, as markers: `e2e` (the app driven through a real channel or process: modules that say
so), `integration` (a real database: every test using a database fixture or making one), and
`unit` (everything else: no database, fakes only). `python3 dev.py test -m unit` runs in seconds.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from core.clock import FakeClock
from storage.engine import Database
from tests.databases import drop_templates, fresh_database, postgres_unavailable_reason

SHARED_PLANS = Path(__file__).resolve().parents[1].parent / "shared" / "plans"
TIERS = ("unit", "integration", "e2e")
DATABASE_FIXTURES = frozenset({"database", "sqlite_database", "postgres_database"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    for item in items:
        if "postgres" in item.keywords or "[postgres" in item.nodeid:
            if reason is None:
                reason = postgres_unavailable_reason() or ""
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            uses_database = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
            makes_one = "fresh_database" in getattr(getattr(item, "module", None), "__dict__", {})
            tier = "integration" if uses_database or makes_one else "unit"
            item.add_marker(getattr(pytest.mark, tier))
    # The tests of many seconds first (a stable sort, the same in every xdist worker): started
    # last, one of them would run alone at the end while the other worker has nothing to do.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_templates()


def _local(address: Any) -> bool:
    if isinstance(address, str | bytes):  # a Unix socket path
        return True
    if not isinstance(address, tuple) or not address:
        return True
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _only_this_machine() -> Iterator[None]:
    """Fail any test that connects anywhere but 127.0.0.1 / ::1 (tests use local fakes)."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> None:
        if not _local(address):
            raise AssertionError(f"a test tried to reach {address!r}: only 127.0.0.1 is allowed")
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _local(address):
            raise AssertionError(f"a test tried to reach {address!r}: only 127.0.0.1 is allowed")
        return original_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = original_connect_ex  # type: ignore[method-assign]


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
