"""A lease kept during a long wait: short enough that a crashed holder is replaced in seconds,
renewed while its holder waits on a long poll."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from core.clock import SystemClock
from services.leases import LeaseKeeper
from storage.engine import Database


@pytest.mark.slow
async def test_a_long_poll_keeps_a_short_lease_and_a_dead_holder_loses_it(
    sqlite_database: Database,
) -> None:
    database = sqlite_database
    clock = SystemClock()
    ttl = timedelta(seconds=1.5)
    holder = LeaseKeeper(database, clock, "poll:test", ttl=ttl)
    other = LeaseKeeper(database, clock, "poll:test", ttl=ttl)
    assert await holder.ensure()

    async def long_poll() -> str:
        await asyncio.sleep(3.5)  # over twice the lease's time
        return "updates"

    async def other_tries() -> list[bool]:
        tries = []
        for _ in range(6):
            await asyncio.sleep(0.5)
            tries.append(await other.ensure())
        return tries

    got, tries = await asyncio.gather(holder.kept_during(long_poll()), other_tries())
    assert got == "updates"
    assert tries == [False] * 6  # renewed all along: never free for the other instance
    # The holder dies without releasing: the other takes over within the lease's time.
    await asyncio.sleep(ttl.total_seconds() + 0.1)
    assert await other.ensure()
