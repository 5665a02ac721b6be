"""Drive the whole app through a recording channel, as people would through a chat."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from bot.app import App, build_app
from bot.settings import Settings
from core.channel import PartsGone, Sent
from core.clock import FakeClock
from core.messages import ChannelName, Incoming, Reply
from services.delivery import deliver_now
from services.reminder_expansion import expand_due
from storage.engine import Database


class RecordingChannel:
    """A channel that keeps what it was asked to send (choices show as numbered lines)."""

    shows_buttons = False

    def __init__(self, name: ChannelName) -> None:
        self.name: ChannelName = name
        self.sent: list[tuple[str, Reply]] = []
        self.actions: list[tuple[str, dict[str, Any]]] = []
        self._ids = itertools.count(1)

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        self.sent.append((chat_id, reply))
        return Sent(str(next(self._ids)))

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        self.actions.append((chat_id, action))

    def to(self, chat_id: str) -> list[Reply]:
        return [reply for chat, reply in self.sent if chat == chat_id]


@dataclass
class Harness:
    app: App
    clock: FakeClock
    channel: RecordingChannel
    files: dict[str, bytes] = field(default_factory=dict)
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def send(
        self,
        user: str,
        text: str = "",
        *,
        choice: str | None = None,
        key: str | None = None,
        file: tuple[str, bytes] | None = None,
    ) -> list[Reply]:
        """What `user` sees after sending `text` (or pressing `choice`, or sending `file`)."""
        before = len(self.channel.sent)
        number = next(self._numbers)
        file_id = None
        if file is not None:
            file_id = f"file{number}"
            self.files[file_id] = file[1]
        incoming = Incoming(
            channel=cast(ChannelName, self.channel.name),
            user_id=user,
            chat_id=user,
            update_key=key or f"u{number}",
            received_at=self.clock.now(),
            text=text,
            choice=choice,
            display_name=user.title(),
            file_name=file[0] if file else None,
            file_id=file_id,
        )
        await self.app.worker.submit(incoming)
        return [reply for chat, reply in self.channel.sent[before:] if chat == user]

    async def remind(self) -> int:
        """What the ticks do now: due reminders into the outbox, then every deliverer's pass."""
        await expand_due(self.app.database, self.clock)
        return await deliver_now(dict(self.app.deliverers))

    async def say(self, user: str, text: str) -> str:
        """The text of everything `user` sees after sending `text`, joined."""
        return "\n".join(reply.text for reply in await self.send(user, text))


def fake_sleep(clock: FakeClock) -> Callable[[float], Awaitable[None]]:
    """A sleep that moves the fake clock instead of waiting."""

    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=max(seconds, 0)))

    return sleep


def build_harness(
    database: Database, clock: FakeClock, *, locale: str = "vi", channel_name: ChannelName = "console"
) -> Harness:
    """The app with one recording channel: the console, or one standing for Telegram or Zalo
    (what the handlers say there: the people on it, the words for its buttons or numbers)."""
    channel = RecordingChannel(channel_name)
    settings = Settings.model_validate({"CHIBO_DATABASE_URL": database.url, "CHIBO_LOCALE": locale})
    files: dict[str, bytes] = {}

    async def fetch(file_id: str) -> bytes:
        return files[file_id]

    app = build_app(
        settings,
        clock=clock,
        channels={channel_name: channel},
        database=database,
        file_fetchers={channel_name: fetch},
        sleep=fake_sleep(clock),
    )
    return Harness(app, clock, channel, files=files)
