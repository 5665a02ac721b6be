"""Running chibo with its platform channels: the inbox workers, the web server, Telegram."""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import App, reminder_ticks
from bot.telegram.service import WEBHOOK_PATH, TelegramService, make_bot
from bot.web import Route, WebServer, build_web_app

log = logging.getLogger(__name__)


@dataclass
class PlatformOptions:
    """How to run; the defaults come from the settings (tests and benchmarks override)."""

    public_url: str | None = None
    host: str = "0.0.0.0"
    port: int = 8080
    workers: int = 1
    poll_timeout: int = 25
    backoff_base: float = 0.5
    worker_poll_seconds: float = 1.0

    @classmethod
    def from_app(cls, app: App) -> PlatformOptions:
        settings = app.settings
        return cls(settings.public_url, settings.listen_host, settings.listen_port)


class Platforms:
    """The running bot: start() brings everything up, stop() takes it down cleanly."""

    def __init__(self, app: App, options: PlatformOptions, *, bot: Bot | None = None) -> None:
        self.app = app
        self.options = options
        token = app.settings.telegram_bot_token
        if bot is None and token is not None:
            bot = make_bot(token.get_secret_value(), app.settings.telegram_api_url)
        secret = app.settings.webhook_secret
        self.telegram = (
            TelegramService(
                app,
                bot,
                webhook_secret=secret.get_secret_value() if secret else None,
                poll_timeout=options.poll_timeout,
                backoff_base=options.backoff_base,
            )
            if bot is not None
            else None
        )
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._web: WebServer | None = None
        self._ticks: AsyncIOScheduler | None = None

    async def start(self) -> None:
        routes: list[Route] = []
        telegram = self.telegram
        if telegram is not None:
            await telegram.start()
            routes.append(("POST", WEBHOOK_PATH, telegram.webhook))
        self._web = WebServer(build_web_app(routes))
        await self._web.start(self.options.host, self.options.port)
        if telegram is not None:
            if self.options.public_url:
                await telegram.set_webhook(self.options.public_url + WEBHOOK_PATH)
            else:
                await telegram.delete_webhook()
                self._tasks.append(
                    asyncio.create_task(telegram.poller.run(self._stop), name="telegram-poll")
                )
        for number in range(self.options.workers):
            work = self.app.worker.run(self._stop, poll_seconds=self.options.worker_poll_seconds)
            self._tasks.append(asyncio.create_task(work, name=f"inbox-worker-{number}"))
        self._ticks = reminder_ticks(self.app)
        self._ticks.start()

    async def wait(self) -> None:
        await self._stop.wait()

    def request_stop(self) -> None:
        self._stop.set()

    async def stop(self) -> None:
        """Stop receiving, let the workers finish the update in hand, close connections."""
        self._stop.set()
        if self._ticks is not None:
            self._ticks.shutdown(wait=False)
            self._ticks = None
        if self._web is not None:
            await self._web.stop()
            self._web = None
        for task in self._tasks:
            await task
        self._tasks.clear()
        if self.telegram is not None:
            await self.telegram.bot.session.close()


async def run_platforms(app: App) -> int:
    """Run until SIGINT or SIGTERM; the webhook is set or deleted to match the settings."""
    platforms = Platforms(app, PlatformOptions.from_app(app))
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, platforms.request_stop)
    await platforms.start()
    try:
        await platforms.wait()
    finally:
        await platforms.stop()
    return 0
