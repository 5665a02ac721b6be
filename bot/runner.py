"""Running chibo with its platform channels: the inbox worker plus each configured channel."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.app import App

log = logging.getLogger(__name__)


async def run_platforms(app: App) -> int:
    """Run until interrupted. (Telegram and Zalo channels plug in here as they are built.)"""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(app.worker.run(stop), name="inbox-worker")]
    await stop.wait()
    for task in tasks:
        await task
    return 0
