"""The composition root: settings in, a wired application out; nothing runs at import time."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TextIO

from bot.console import ConsoleChannel
from bot.delivery import Deliverer
from bot.settings import Settings
from bot.worker import InboxWorker
from core.channel import Channel
from core.clock import Clock, SystemClock
from core.i18n import Catalogs
from handlers.app import build_core
from handlers.context import CoreConfig
from handlers.core import ConversationCore
from handlers.demo import load_demo
from storage import migrate
from storage.engine import Database
from storage.repos import Repositories


@dataclass
class App:
    """Everything a running chibo needs, built once in `main` and passed down."""

    settings: Settings
    database: Database
    catalogs: Catalogs
    clock: Clock
    core: ConversationCore
    worker: InboxWorker
    deliverer: Deliverer
    channels: dict[str, Channel] = field(default_factory=dict)

    async def close(self) -> None:
        await self.database.dispose()


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    channels: dict[str, Channel] | None = None,
    console_out: TextIO | None = None,
    catalogs: Catalogs | None = None,
    database: Database | None = None,
) -> App:
    clock = clock or SystemClock()
    catalogs = catalogs or Catalogs()
    database = database or Database(settings.database_url)
    channels = dict(channels or {})
    channels.setdefault("console", ConsoleChannel(console_out or sys.stdout))
    config = CoreConfig(
        timezone=settings.zone,
        default_locale=settings.locale,
        invite_ttl=timedelta(days=settings.invite_days),
        telegram_bot_username=settings.telegram_bot_username,
    )
    core = build_core(catalogs=catalogs, clock=clock, config=config)
    deliverer = Deliverer(database, channels, clock)
    worker = InboxWorker(database, core, deliverer, clock, catalogs)
    return App(settings, database, catalogs, clock, core, worker, deliverer, channels)


async def prepare_database(app: App) -> bool:
    """Migrate to the latest schema; on an empty database load the demo. True when it was new."""
    new = await migrate.is_empty(app.database)
    await migrate.upgrade(app.database)
    if new:
        async with app.database.transaction() as session:
            await load_demo(Repositories(session), app.clock.now())
    return new
