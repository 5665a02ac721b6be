"""The composition root: settings in, a wired application out; nothing runs at import time."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.console import ConsoleChannel
from bot.delivery import Deliverer
from bot.settings import Settings
from bot.worker import FileFetcher, InboxWorker
from core.channel import Channel
from core.clock import Clock, SystemClock
from core.i18n import Catalogs
from handlers.app import build_core
from handlers.context import CoreConfig
from handlers.core import ConversationCore
from handlers.demo import load_demo
from handlers.flows.schedule import TASKS_SERVICE, schedule_commands
from handlers.reporting.draft_reminders import remind_unfinished_drafts
from scheduler.ticks import build_ticks
from services.plan_library import PlanLibrary
from services.reminder_planning import TaskDeadlines, no_task_deadlines, plan_all
from services.reminder_sender import CONSOLE_PACE, TELEGRAM_PACE, ZALO_PACE, Pace, ReminderSender
from services.task_deadlines import PlanTaskDeadlines
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
    reminder_senders: list[ReminderSender] = field(default_factory=list)
    task_deadlines: TaskDeadlines = no_task_deadlines

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
    file_fetchers: dict[str, FileFetcher] | None = None,
) -> App:
    clock = clock or SystemClock()
    catalogs = catalogs or Catalogs()
    database = database or Database(settings.database_url)
    channels = dict(channels or {})
    channels.setdefault(
        "console", ConsoleChannel(console_out or sys.stdout, files_dir=Path("data") / "files")
    )
    config = CoreConfig(
        timezone=settings.zone,
        default_locale=settings.locale,
        invite_ttl=timedelta(days=settings.invite_days),
        telegram_bot_username=settings.telegram_bot_username,
    )
    library = PlanLibrary()
    tasks = PlanTaskDeadlines(library)
    core = build_core(
        catalogs=catalogs,
        clock=clock,
        config=config,
        extra_commands=schedule_commands(),
        services={TASKS_SERVICE: tasks},
        library=library,
    )
    deliverer = Deliverer(database, channels, clock, catalogs)
    worker = InboxWorker(database, core, deliverer, clock, catalogs, file_fetchers)
    return App(
        settings, database, catalogs, clock, core, worker, deliverer, channels, task_deadlines=tasks
    )


_PACES: dict[str, Pace] = {"telegram": TELEGRAM_PACE, "zalo": ZALO_PACE}


def reminder_ticks(app: App) -> AsyncIOScheduler:
    """The planner and one reminder sender per channel now registered, ticked (not started)."""
    app.reminder_senders = [
        ReminderSender(
            app.database, channel, app.clock, app.catalogs, pace=_PACES.get(name, CONSOLE_PACE)
        )
        for name, channel in app.channels.items()
    ]
    return build_ticks(
        plan=lambda: plan_all(app.database, app.clock, tasks=app.task_deadlines),
        senders=[sender.run_once for sender in app.reminder_senders],
        start_at=app.clock.now(),
        others=[("drafts", lambda: remind_drafts(app), timedelta(minutes=10))],
    )


async def remind_drafts(app: App) -> int:
    """Remind, once the next morning, whoever left a report or figures unfinished."""
    ids: list[int] = []
    async with app.database.transaction() as session:
        repos = Repositories(session)
        due = await remind_unfinished_drafts(
            repos, app.clock.now(), catalogs=app.catalogs, tz=app.settings.zone
        )
        for account_id, reply in due:
            account = await repos.accounts.get(account_id)
            if account is None:
                continue
            row = await repos.outbox.add(
                channel=account.channel,
                chat_id=account.chat_id,
                payload=reply.to_payload(),
                now=app.clock.now(),
            )
            if row.id is not None:
                ids.append(row.id)
    if ids:
        await app.deliverer.deliver(ids)
    return len(ids)


async def prepare_database(app: App) -> bool:
    """Migrate to the latest schema; on an empty database load the demo. True when it was new."""
    new = await migrate.is_empty(app.database)
    await migrate.upgrade(app.database)
    if new:
        async with app.database.transaction() as session:
            await load_demo(Repositories(session), app.clock.now())
    return new
