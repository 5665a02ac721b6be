"""A running chibo (the real Zalo adapter, real HTTP) against the fake Zalo Bot API."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, cast

from sqlmodel import select

from bot.app import App, build_app
from bot.runner import PlatformOptions, Platforms
from bot.settings import Settings
from core.clock import FakeClock
from core.messages import ChannelName, Incoming
from storage.engine import Database
from storage.models import InboxUpdate
from tests.fakes.zalo_api import FakeZaloAPI, Sent
from tests.harness import RecordingChannel, fake_sleep
from tests.telegram.tgharness import free_port, wait_until

JsonDict = dict[str, Any]


@dataclass
class ZaloBot:
    """chibo with its Zalo channel, driven message by message: `write` injects an event and
    returns once it is stored, handled and answered (no background worker unless `workers`)."""

    api: FakeZaloAPI
    database: Database
    clock: FakeClock
    mode: str  # "polling" or "webhook"
    public: bool = True  # a public address for file links (polling keeps polling with it)
    quota: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Other channels beside Zalo (recording doubles), e.g. "telegram" for linked accounts.
    others: dict[str, RecordingChannel] = field(default_factory=dict)
    workers: int = 0
    app: App = field(init=False)
    platforms: Platforms = field(init=False)
    port: int = 0
    _numbers: int = 0

    def settings(self) -> Settings:
        values: dict[str, Any] = {
            "CHIBO_DATABASE_URL": self.database.url,
            "ZALO_BOT_TOKEN": self.api.token,
            "CHIBO_ZALO_API_URL": self.api.base_url,
            "CHIBO_LISTEN_HOST": "127.0.0.1",
            "CHIBO_LISTEN_PORT": self.port,
            "CHIBO_ZALO_PACE": "off",
        }
        if self.public:
            values["CHIBO_PUBLIC_URL"] = f"http://127.0.0.1:{self.port}"
            if self.mode == "polling":
                values["CHIBO_RECEIVE"] = "polling"
        elif self.mode == "webhook":
            raise ValueError("webhooks need a public address")
        if self.quota is not None:
            values["CHIBO_ZALO_MONTHLY_QUOTA"] = self.quota
        values.update(self.extra)
        return Settings.model_validate(values)

    async def start(self) -> None:
        self.port = self.port or free_port()
        self.app = build_app(
            self.settings(),
            clock=self.clock,
            database=self.database,
            sleep=fake_sleep(self.clock),
            poll_timeout=2,
            poll_backoff=0.01,
            channels=self.others,
        )
        options = PlatformOptions.from_app(self.app)
        options.workers = self.workers
        options.worker_poll_seconds = 0.05
        options.delivery_poll_seconds = 0.05
        options.ticks = False
        self.platforms = Platforms(self.app, options)
        await self.platforms.start()

    async def stop(self) -> None:
        await self.platforms.stop()
        await self.app.close()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def stored(self) -> set[str]:
        async with self.database.transaction() as session:
            rows = (await session.exec(select(InboxUpdate))).all()
        return {row.update_key for row in rows if row.channel == "zalo"}

    async def put(self, event: JsonDict) -> None:
        """Get an event into the inbox the way the mode does."""
        key = f"m:{event['message']['message_id']}"
        status = await self.api.inject(event)
        if self.mode == "webhook":
            assert status == 200, status
        else:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 15
            while key not in await self.stored():
                assert loop.time() < deadline, "the poller did not store the event"
                await asyncio.sleep(0.01)

    async def handle(self, event: JsonDict) -> list[Sent]:
        before = len(self.api.sent)
        await self.put(event)
        if self.workers:
            await self.settle()
        else:
            await self.app.worker.process_available()
            await self.app.worker.deliver()
        return self.api.sent[before:]

    async def write(self, user_id: str, text: str, name: str = "Người dùng") -> list[Sent]:
        return await self.handle(self.api.event(user_id, text, name=name))

    async def say(self, user_id: str, text: str) -> str:
        return "\n".join(s.text for s in await self.write(user_id, text))

    async def elsewhere(self, channel: str, user: str, text: str) -> list[str]:
        """What `user` sees on another channel (a recording double) after sending `text`."""
        other = self.others[channel]
        before = len(other.sent)
        self._numbers += 1
        incoming = Incoming(
            channel=cast(ChannelName, channel),
            user_id=user,
            chat_id=user,
            update_key=f"{channel}-{self._numbers}",
            received_at=self.clock.now(),
            text=text,
            display_name=user.title(),
        )
        await self.app.worker.submit(incoming)
        return [reply.text for chat, reply in other.sent[before:] if chat == user]

    async def settle(self) -> None:
        await self.app.worker.process_available()
        await self.app.worker.deliver()


async def until(predicate: Any, limit: float = 5.0) -> None:
    await wait_until(predicate, limit=limit)


@contextlib.asynccontextmanager
async def running(
    database: Database, clock: FakeClock, mode: str = "polling", **options: Any
) -> AsyncIterator[ZaloBot]:
    """A started ZaloBot on a fake Zalo Bot API of its own, stopped on the way out."""
    async with FakeZaloAPI() as api:
        bot = ZaloBot(api, database, clock, mode, **options)
        await bot.start()
        try:
            yield bot
        finally:
            await bot.stop()
