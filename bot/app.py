"""The composition root: settings in, the whole application built once, nothing changed after.

settings → database → catalogs, clock → plan library → conversations → channels (adapters) →
deliverers (one per channel) → conversation core → inbox intake and worker. Starting and
stopping (web server, pollers, workers, deliverers, ticks) is bot/runner.py's; nothing runs at
import time and nothing here talks to a platform.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.console import ConsoleChannel
from bot.health import Heartbeats
from bot.intake import InboxIntake
from bot.metrics import Metrics
from bot.settings import Settings
from bot.worker import BATCH_SIZE, ChannelHooks, FileFetcher, InboxWorker, WorkSignal
from core.channel import Channel
from core.clock import Clock, SystemClock
from core.i18n import Catalogs
from handlers.app import build_conversations, build_core
from handlers.context import CoreConfig, Services
from handlers.core import ConversationCore
from handlers.demo import load_demo
from services.delivery import Deliverer
from services.file_links import FileLinks, derive_secret
from services.pacing import TELEGRAM_PACE, UNLIMITED, ZALO_PACE, Pace, Sleep
from services.plan_library import PlanLibrary
from services.quota import Quota
from services.task_deadlines import PlanTaskDeadlines
from storage import migrate
from storage.engine import Database
from storage.repos import Repositories

if TYPE_CHECKING:  # each channel's code is imported only when its token is set
    from bot.telegram.service import TelegramAdapter
    from bot.zalo.service import ZaloAdapter


@dataclass(frozen=True)
class App:
    """Everything a running chibo needs, built once by `build_app` and passed down."""

    settings: Settings
    database: Database
    catalogs: Catalogs
    clock: Clock
    library: PlanLibrary
    task_deadlines: PlanTaskDeadlines
    core: ConversationCore
    worker: InboxWorker
    channels: Mapping[str, Channel]
    deliverers: Mapping[str, Deliverer]
    links: FileLinks
    metrics: Metrics
    beats: Heartbeats
    telegram: TelegramAdapter | None = None
    zalo: ZaloAdapter | None = None

    async def close(self) -> None:
        """Close the platform sessions and the database pool (the last thing at exit)."""
        if self.telegram is not None:
            await self.telegram.close()
        if self.zalo is not None:
            await self.zalo.close()
        await self.database.dispose()


def pace_for(channel: str, settings: Settings) -> Pace:
    """The pace of a channel's deliverer (Telegram's may be lifted for a local Bot API server)."""
    if channel == "telegram":
        return TELEGRAM_PACE if settings.telegram_pace == "standard" else UNLIMITED
    if channel == "zalo":
        return ZALO_PACE if settings.zalo_pace == "standard" else UNLIMITED
    return UNLIMITED


def link_secret(settings: Settings) -> bytes:
    """The secret that signs file links: CHIBO_SECRET_KEY, else one derived from the bot tokens
    (the same on every instance of one bot), else (console only) one for this process."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().encode("utf-8")
    tokens = [
        t.get_secret_value() for t in (settings.zalo_bot_token, settings.telegram_bot_token) if t
    ]
    if tokens:
        return derive_secret(*tokens)
    return secrets.token_bytes(32)


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    catalogs: Catalogs | None = None,
    database: Database | None = None,
    console_out: TextIO | None = None,
    channels: Mapping[str, Channel] | None = None,
    file_fetchers: Mapping[str, FileFetcher] | None = None,
    paces: Mapping[str, Pace] | None = None,
    sleep: Sleep | None = None,
    poll_timeout: int = 25,
    poll_backoff: float = 0.5,
) -> App:
    """Build chibo from its settings.

    Channels: the Telegram adapter when a token is set, the console when `console_out` is
    given (the try-out and `chibo chat`), plus any `channels` passed in (tests' doubles, with
    their `file_fetchers`). `paces` overrides a channel's pace (tests, benchmarks); `sleep` is
    how the deliverers wait for their turn (tests in simulated time move their clock);
    `poll_timeout` and `poll_backoff` tune Telegram's long polling.
    """
    clock = clock or SystemClock()
    catalogs = catalogs or Catalogs()
    database = database or Database(settings.database_url)
    library = PlanLibrary()
    tasks = PlanTaskDeadlines(library)
    conversations = build_conversations(library)
    signal = WorkSignal()
    metrics = Metrics()
    intake = InboxIntake(
        database, clock, lambda count: signal.notify(-(-count // BATCH_SIZE)), metrics=metrics
    )

    all_channels: dict[str, Channel] = dict(channels or {})
    hooks: dict[str, ChannelHooks] = {
        name: ChannelHooks(fetch_file=fetch) for name, fetch in (file_fetchers or {}).items()
    }
    if console_out is not None:
        all_channels["console"] = ConsoleChannel(console_out, files_dir=Path("data") / "files")
    telegram: TelegramAdapter | None = None
    token = settings.telegram_bot_token
    if token is not None and "telegram" not in all_channels:
        from bot.telegram.service import TelegramAdapter, make_api

        secret = settings.webhook_secret
        telegram = TelegramAdapter(
            make_api(token.get_secret_value(), settings.telegram_api_url),
            database=database,
            clock=clock,
            catalogs=catalogs,
            intake=intake,
            commands=conversations.commands,
            default_locale=settings.locale,
            username=settings.telegram_bot_username,
            webhook_secret=secret.get_secret_value() if secret else None,
            poll_timeout=poll_timeout,
            backoff_base=poll_backoff,
            zone=settings.zone,
        )
        all_channels["telegram"] = telegram.channel
        hooks["telegram"] = telegram.hooks
    zalo: ZaloAdapter | None = None
    zalo_token = settings.zalo_bot_token
    if zalo_token is not None and "zalo" not in all_channels:
        from bot.zalo.api import ZaloApi
        from bot.zalo.service import ZaloAdapter

        secret = settings.webhook_secret
        zalo = ZaloAdapter(
            ZaloApi(zalo_token.get_secret_value(), settings.zalo_api_url),
            token=zalo_token.get_secret_value(),
            database=database,
            clock=clock,
            intake=intake,
            catalogs=catalogs,
            default_locale=settings.locale,
            zone=settings.zone,
            webhook_secret=secret.get_secret_value() if secret else None,
            poll_timeout=poll_timeout,
            backoff_base=poll_backoff,
        )
        all_channels["zalo"] = zalo.channel
        hooks["zalo"] = zalo.hooks
    links = FileLinks(
        settings.public_url,
        link_secret(settings),
        lifetime=timedelta(hours=settings.file_link_hours),
    )

    deliverers = {
        name: Deliverer(
            database,
            channel,
            clock,
            catalogs,
            pace=(paces or {}).get(name) or pace_for(name, settings),
            sleep=sleep,
            # Zalo takes no file uploads and counts every message against a monthly quota.
            links=links if name == "zalo" else None,
            quota=Quota(settings.zalo_monthly_quota, settings.zone) if name == "zalo" else None,
            zone=settings.zone,
        )
        for name, channel in all_channels.items()
    }
    metrics.watch(deliverers)

    def invite_links(code: str) -> dict[str, str]:
        found: dict[str, str] = {}
        link = telegram.invite_link(code) if telegram is not None else None
        if link is None and settings.telegram_bot_username:
            link = f"https://t.me/{settings.telegram_bot_username}?start={code}"
        if link:
            found["telegram"] = link
        if zalo is not None:
            found["zalo"] = zalo.bot_name or ""  # no deep links on Zalo: the bot's name
        return found

    core = build_core(
        conversations,
        catalogs=catalogs,
        clock=clock,
        config=CoreConfig(
            timezone=settings.zone,
            default_locale=settings.locale,
            invite_ttl=timedelta(days=settings.invite_days),
            channels=frozenset(all_channels),
            zalo_quota=settings.zalo_monthly_quota,
        ),
        services=Services(task_deadlines=tasks, invite_links=invite_links),
    )
    worker = InboxWorker(
        database, core, intake, signal, deliverers, clock, catalogs, hooks=hooks, metrics=metrics
    )
    return App(
        settings=settings,
        database=database,
        catalogs=catalogs,
        clock=clock,
        library=library,
        task_deadlines=tasks,
        core=core,
        worker=worker,
        channels=all_channels,
        deliverers=deliverers,
        links=links,
        metrics=metrics,
        beats=Heartbeats(),
        telegram=telegram,
        zalo=zalo,
    )


async def prepare_database(app: App, *, demo: bool = False) -> bool:
    """Migrate to the latest schema; with `demo`, an empty database gets the demo đảng bộ.
    True when the database was empty."""
    new = await migrate.is_empty(app.database)
    await migrate.upgrade(app.database)
    if new and demo:
        async with app.database.transaction() as session:
            await load_demo(Repositories(session), app.clock.now())
    return new
