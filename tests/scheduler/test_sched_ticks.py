"""The metronome's guard: a failing tick is logged and the next one runs; a stop is quiet."""

from __future__ import annotations

import asyncio
import logging

import pytest

from scheduler.ticks import _guarded

pytestmark = pytest.mark.unit


async def test_a_tick_cancelled_by_the_stop_logs_no_error(caplog: pytest.LogCaptureFixture) -> None:
    async def waits_for_a_lock() -> None:
        raise asyncio.CancelledError

    with caplog.at_level(logging.DEBUG, logger="scheduler.ticks"):
        await _guarded("plan", waits_for_a_lock)()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_failing_tick_is_logged_and_does_not_raise(caplog: pytest.LogCaptureFixture) -> None:
    async def fails() -> None:
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR, logger="scheduler.ticks"):
        await _guarded("plan", fails)()
    assert [r.getMessage() for r in caplog.records] == ["tick plan failed"]
