"""Running chibo: the ticks and deliverers, and with platforms the web server, pollers, workers.

The web server (CHIBO_LISTEN_HOST:CHIBO_LISTEN_PORT, 127.0.0.1:8080 by default) serves the
webhooks, the file links, GET /healthz and GET /metrics; with CHIBO_METRICS_ADDR set, /metrics
(and /healthz) are served on that address instead, so a web server open to the world does not
show them. A stop (SIGTERM, SIGINT) stops taking updates at once (web server, pollers; a Zalo
poll in flight is waited for, at most about 7 s, since its event exists nowhere else), finishes
the batch of updates in hand, marks what was sent and gives back the rest, releases every lease,
and exits; whatever has not finished after STOP_SECONDS is abandoned (the leases run out, the
transactions in flight roll back), so the process always exits within 10 s.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import App
from bot.file_route import ROUTE as FILE_ROUTE
from bot.file_route import FileRoute
from bot.health import HealthCheck, HealthRoute, MetricsRoute
from bot.web import Route, WebServer, build_web_app
from core.channel import ChannelUnauthorized
from scheduler.ticks import Job, build_ticks
from services.delivery import wake_all
from services.drafts import remind_drafts
from services.reminder_expansion import expand_due
from services.reminder_planning import plan_all
from services.retention import RetentionPolicy, apply_retention

log = logging.getLogger(__name__)
STOP_SECONDS = 8.0  # a stop gives up waiting after this (the process must exit within 10 s)
# Retention's tick: at most 10,000 rows a step (20 batches of 500), so a backlog of a million
# old rows is worked off in under a day, in short transactions.
RETENTION_EVERY = timedelta(minutes=10)


@dataclass
class PlatformOptions:
    """How to run; the defaults come from the settings (tests and benchmarks override)."""

    public_url: str | None = None  # webhooks to this address; None: poll
    host: str = "127.0.0.1"
    port: int = 8080
    metrics_at: tuple[str, int] | None = None  # a separate server for /metrics and /healthz
    workers: int = 1
    worker_poll_seconds: float = 1.0
    delivery_poll_seconds: float = 1.0
    ticks: bool = True  # planning, expanding and draft reminders (tests drive them by hand)

    @classmethod
    def from_app(cls, app: App) -> PlatformOptions:
        settings = app.settings
        webhooks = settings.public_url if settings.receive == "auto" else None
        return cls(webhooks, settings.listen_host, settings.listen_port, settings.metrics_host_port)


def app_jobs(app: App, running: set[asyncio.Task[object]] | None = None) -> list[Job]:
    """What runs on ticks: planning reminders, expanding the due ones into the outbox,
    reminding unfinished drafts, and retention (old texts cleared, old rows deleted); the
    deliverers are woken when something was written. Each tick that completes beats "ticks"
    (for /healthz); the ticks in progress are in `running`."""
    settings = app.settings
    policy = RetentionPolicy.of_days(
        settings.keep_texts_days, settings.keep_updates_days, settings.keep_messages_days
    )

    async def plan() -> None:
        await plan_all(app.database, app.clock, tasks=app.task_deadlines)

    async def expand() -> None:
        expanded, _closed = await expand_due(app.database, app.clock)
        if expanded:
            wake_all(dict(app.deliverers))

    async def drafts() -> None:
        if await remind_drafts(app.database, app.clock, app.catalogs, app.settings.zone):
            wake_all(dict(app.deliverers))

    async def retention() -> None:
        app.metrics.count_retention(await apply_retention(app.database, app.clock, policy))

    def beating(tick: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            task = asyncio.current_task()
            if running is not None and task is not None:
                running.add(task)
            try:
                await tick()
                app.beats.beat("ticks")
            finally:
                if running is not None and task is not None:
                    running.discard(task)

        return run

    return [
        Job("plan", beating(plan), timedelta(minutes=15)),
        Job("expand", beating(expand), timedelta(seconds=5), timedelta(seconds=1)),
        Job("drafts", beating(drafts), timedelta(minutes=10), timedelta(seconds=2)),
        Job("retention", beating(retention), RETENTION_EVERY, timedelta(minutes=1)),
    ]


class Background:
    """The ticks and one delivery loop per channel: what runs besides receiving updates."""

    def __init__(self, app: App, *, delivery_poll_seconds: float = 1.0, ticks: bool = True) -> None:
        self.app = app
        self._poll = delivery_poll_seconds
        self._with_ticks = ticks
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._ticks: AsyncIOScheduler | None = None
        self._running: set[asyncio.Task[object]] = set()

    @property
    def ticking(self) -> bool:
        return self._with_ticks

    def start(self) -> None:
        for name, deliverer in self.app.deliverers.items():
            work = deliverer.run(self._stop, poll_seconds=self._poll)
            self._tasks.append(asyncio.create_task(work, name=f"deliver-{name}"))
        if self._with_ticks:
            jobs = app_jobs(self.app, self._running)
            self._ticks = build_ticks(jobs, start_at=self.app.clock.now())
            self._ticks.start()

    async def stop(self) -> None:
        """Stop ticking; each deliverer marks what it sent, gives back the rest, releases."""
        if self._ticks is not None:
            self._ticks.shutdown(wait=False)
            self._ticks = None
        if self._running:  # a tick in progress finishes its transaction
            await asyncio.wait(set(self._running), timeout=STOP_SECONDS / 2)
        self._stop.set()
        for task in self._tasks:
            await task
        self._tasks.clear()


class Platforms:
    """The running bot: start() brings everything up, stop() takes it down cleanly."""

    def __init__(self, app: App, options: PlatformOptions) -> None:
        self.app = app
        self.options = options
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.port = 0
        self._web: WebServer | None = None
        self._metrics_web: WebServer | None = None
        self.background = Background(
            app, delivery_poll_seconds=options.delivery_poll_seconds, ticks=options.ticks
        )

    async def start(self) -> None:
        """Bring the channels, the web server, the workers and the ticks up. A platform that
        refuses its token raises TokenRefused before anything is received."""
        routes: list[Route] = []
        telegram = self.app.telegram
        if telegram is not None:
            with _token_checked("Telegram", "TELEGRAM_BOT_TOKEN"):
                await telegram.start()
            routes.append(("POST", telegram.webhook_path, telegram.webhook))
        zalo = self.app.zalo
        if zalo is not None:
            with _token_checked("Zalo", "ZALO_BOT_TOKEN"):
                await zalo.start()
            routes.append(("POST", zalo.webhook_path, zalo.webhook))
            t = self.app.catalogs.translator(self.app.settings.locale)
            files = FileRoute(self.app.database, self.app.links, self.app.clock, t)
            routes.append(("GET", FILE_ROUTE, files))
        app = self.app
        check = HealthCheck(
            app.database, app.clock, app.deliverers, app.beats, ticks=self.options.ticks
        )
        observe: list[Route] = [
            ("GET", "/healthz", HealthRoute(check)),
            ("GET", "/metrics", MetricsRoute(app.metrics, app.database, app.clock, app.deliverers)),
        ]
        metrics_at = self.options.metrics_at
        self._web = WebServer(build_web_app(routes + (observe[:1] if metrics_at else observe)))
        self.port = await self._web.start(self.options.host, self.options.port)
        log.info("web server on %s:%d", self.options.host, self.port)
        if metrics_at is not None:
            self._metrics_web = WebServer(build_web_app(observe))
            port = await self._metrics_web.start(*metrics_at)
            log.info("metrics and health on %s:%d", metrics_at[0], port)
        if zalo is not None:
            with _token_checked("Zalo", "ZALO_BOT_TOKEN"):
                if self.options.public_url:
                    await zalo.set_webhook(self.options.public_url + zalo.webhook_path)
                else:
                    await zalo.delete_webhook()
            if not self.options.public_url:
                self._tasks.append(
                    asyncio.create_task(zalo.poller.run(self._stop), name="zalo-poll")
                )
        if telegram is not None:
            with _token_checked("Telegram", "TELEGRAM_BOT_TOKEN"):
                if self.options.public_url:
                    await telegram.set_webhook(self.options.public_url + telegram.webhook_path)
                else:
                    await telegram.delete_webhook()
            if not self.options.public_url:
                self._tasks.append(
                    asyncio.create_task(telegram.poller.run(self._stop), name="telegram-poll")
                )
        for number in range(self.options.workers):
            work = self.app.worker.run(self._stop, poll_seconds=self.options.worker_poll_seconds)
            self._tasks.append(asyncio.create_task(work, name=f"inbox-worker-{number}"))
        self.background.start()

    async def wait(self) -> None:
        await self._stop.wait()

    def request_stop(self) -> None:
        self._stop.set()

    async def stop(self) -> None:
        """Stop receiving, finish the updates in hand, mark what was sent, release the leases."""
        self._stop.set()
        if self._web is not None:
            await self._web.stop()
            self._web = None
        # The pollers and workers finish what they hold (a Zalo poll in flight, a batch of
        # updates) while the ticks and deliverers stop: one wait, not two in a row, within the
        # stop's STOP_SECONDS.
        await asyncio.gather(*self._tasks, self.background.stop())
        self._tasks.clear()
        if self._metrics_web is not None:
            await self._metrics_web.stop()
            self._metrics_web = None


async def run_platforms(app: App) -> int:
    """Run until SIGINT or SIGTERM; the webhook is set or deleted to match the settings."""
    platforms = Platforms(app, PlatformOptions.from_app(app))
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, platforms.request_stop)
    try:
        await platforms.start()
    except TokenRefused as refused:
        await platforms.stop()
        t = app.catalogs.translator(app.settings.locale)
        print(
            t.gettext(
                "{platform} refused the bot's token (401 Unauthorized). Check {setting} (copy it "
                "again from the platform) and start chibo again."
            ).format(platform=refused.platform, setting=refused.setting),
            file=sys.stderr,
        )
        log.critical("%s refused the bot token (401); stopping", refused.platform)
        return 2
    log.info("chibo is running (channels: %s)", ", ".join(sorted(app.deliverers)) or "none")
    try:
        await platforms.wait()
    finally:
        log.info("stopping: no new updates; finishing what is in hand")
        started = loop.time()
        try:
            await asyncio.wait_for(platforms.stop(), STOP_SECONDS)
        except TimeoutError:
            log.warning("stop took over %.0f s: leaving the rest to the leases", STOP_SECONDS)
        log.info("stopped in %.1f s", loop.time() - started)
    return 0


class TokenRefused(Exception):
    """A platform answered 401 to the bot's token while starting: nothing can work."""

    def __init__(self, platform: str, setting: str) -> None:
        super().__init__(f"{platform} refused the token ({setting})")
        self.platform = platform
        self.setting = setting


@contextmanager
def _token_checked(platform: str, setting: str) -> Iterator[None]:
    try:
        yield
    except ChannelUnauthorized as error:
        raise TokenRefused(platform, setting) from error
