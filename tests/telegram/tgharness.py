"""A running chibo (its own Bot API client, real HTTP) against the fake Bot API, for the Telegram tests."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlmodel import select

from bot.app import App, build_app
from bot.runner import PlatformOptions, Platforms
from bot.settings import Settings
from core.clock import FakeClock
from handlers.bootstrap import invite_from_cli
from handlers.demo import load_demo
from storage.engine import Database
from storage.models import Account, InboxUpdate, OutboxMessage
from storage.repos import Repositories
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.harness import fake_sleep

TOKEN = "123456:TEST-token_abc"
JsonDict = dict[str, Any]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_until(predicate: Callable[[], bool], *, limit: float = 5.0) -> None:
    """Yield to the loop until `predicate()` holds (fails the test after `limit` seconds)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.002)


@dataclass
class TelegramBot:
    """chibo with its Telegram channel, driven update by update (no background worker unless
    `workers` > 0): `send` puts an update in and returns once it is handled and answered."""

    api: FakeTelegramAPI
    database: Database
    clock: FakeClock
    mode: str  # "polling" or "webhook"
    workers: int = 0
    app: App = field(init=False)
    platforms: Platforms = field(init=False)
    port: int = 0

    def settings(self) -> Settings:
        values: dict[str, Any] = {
            "CHIBO_DATABASE_URL": self.database.url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "CHIBO_TELEGRAM_API_URL": self.api.base_url,
            "CHIBO_LISTEN_HOST": "127.0.0.1",
            "CHIBO_LISTEN_PORT": self.port,
            "CHIBO_TELEGRAM_PACE": "off",  # the pace is tested on its own, in simulated time
        }
        if self.mode == "webhook":
            values["CHIBO_PUBLIC_URL"] = f"http://127.0.0.1:{self.port}"
        return Settings.model_validate(values)

    async def start(self) -> None:
        self.port = self.port or free_port()
        self.app = build_app(
            self.settings(),
            clock=self.clock,
            database=self.database,
            sleep=fake_sleep(self.clock),
            poll_timeout=5,
            poll_backoff=0.01,
        )
        options = PlatformOptions.from_app(self.app)
        options.workers = self.workers
        options.worker_poll_seconds = 0.05
        options.delivery_poll_seconds = 0.05
        options.ticks = False  # reminders are planned and expanded by the tests themselves
        self.platforms = Platforms(self.app, options)
        await self.platforms.start()

    async def stop(self) -> None:
        await self.platforms.stop()
        if self.app.telegram is not None:
            await self.app.telegram.close()

    async def restart(self) -> None:
        """Stop everything and start a new app on the same database (a process restart)."""
        await self.stop()
        await self.start()

    @property
    def telegram(self) -> Any:
        return self.app.telegram

    async def put(self, update: JsonDict) -> None:
        """Get a queued update into the inbox the way the mode does."""
        if self.mode == "webhook":
            assert await self.api.deliver_via_webhook(update) == 200
            self.api.pending_updates.remove(update)
        else:
            poller = self.telegram.poller
            await wait_until(lambda: (poller.offset or 0) > update["update_id"])

    async def handle(self, update: JsonDict) -> list[JsonDict]:
        """Deliver `update`, handle it, and return the messages the bot sent meanwhile."""
        before = len(self.api.sent_messages())
        await self.put(update)
        if self.workers:
            await self.settle()
        else:
            await self.app.worker.process_available()
            await self.app.worker.deliver()
        return self.api.sent_messages()[before:]

    async def write(self, user_id: int, text: str, name: str | None = None) -> list[JsonDict]:
        return await self.handle(self.api.inject_message(user_id, text, name))

    async def press(self, user_id: int, message: JsonDict, label: str) -> list[JsonDict]:
        """Press the button labelled `label` on a sent message."""
        data = button_data(message, label)
        return await self.handle(self.api.inject_callback(user_id, message["message_id"], data))

    async def settle(self) -> None:
        async def idle() -> bool:
            async with self.database.transaction() as session:
                repos = Repositories(session)
                return (
                    await repos.inbox.count("pending") == 0
                    and await repos.inbox.count("processing") == 0
                    and not {"pending", "sending"} & set(await repos.outbox.count_by_status())
                )

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while not await idle():
            assert loop.time() < deadline, "the bot did not settle"
            await asyncio.sleep(0.005)

    async def account(self, user_id: int) -> Account | None:
        async with self.database.transaction() as session:
            return await Repositories(session).accounts.find("telegram", str(user_id))

    async def inbox_rows(self) -> list[InboxUpdate]:
        async with self.database.transaction() as session:
            return list((await session.exec(select(InboxUpdate))).all())

    async def outbox_rows(self) -> list[OutboxMessage]:
        async with self.database.transaction() as session:
            return list((await session.exec(select(OutboxMessage))).all())


def button_data(message: JsonDict, label: str) -> str:
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if button["text"] == label:
                return str(button["callback_data"])
    raise KeyError(f"no button {label!r} in {markup}")


def labels(message: JsonDict) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


async def seed(database: Database, clock: FakeClock, role: str, scope: str | None) -> str:
    """Load the demo (once) and issue an invite code for `role` over `scope`."""
    async with database.transaction() as session:
        repos = Repositories(session)
        if not await repos.orgs.orgs():
            await load_demo(repos, clock.now())
        issued, _ = await invite_from_cli(
            repos, role=role, scope_text=scope, now=clock.now(), ttl=timedelta(days=14)
        )
    return issued.code
