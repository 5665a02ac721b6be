"""The console channel: try the bot in a terminal, or script it one message per line."""

from __future__ import annotations

import asyncio
import itertools
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from core.channel import Sent
from core.clock import Clock
from core.messages import ChannelName, Incoming, Reply
from core.prompts import as_plain_text

PROMPT = "> "


def render(reply: Reply, saved_as: Path | None = None) -> str:
    """Text, then the choices as Zalo shows them too (numbered, or by the keyword to type when
    the question wants a value), the line saying what to type; a file by where it was saved."""
    text = as_plain_text(reply)
    if reply.attachment is not None:
        where = str(saved_as) if saved_as else reply.attachment.filename
        text += f"\n  [{where}, {len(reply.attachment.content)} bytes]"
    return text


class ConsoleChannel:
    """Prints what the bot sends to the local user(s) of this terminal."""

    name: ChannelName = "console"
    shows_buttons = False

    def __init__(
        self, out: TextIO, *, show_recipient: bool = False, files_dir: Path | None = None
    ) -> None:
        self._out = out
        self._ids = itertools.count(1)
        self._show_recipient = show_recipient
        self._files_dir = files_dir
        self.sent: list[tuple[str, Reply]] = []

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        self.sent.append((chat_id, reply))
        saved_as = None
        if reply.attachment is not None and self._files_dir is not None:
            # Exports and charts land in a folder the person can open.
            saved_as = self._files_dir / Path(reply.attachment.filename).name
            await asyncio.to_thread(_save, saved_as, reply.attachment.content)
        prefix = f"[{chat_id}] " if self._show_recipient else ""
        self._out.write(prefix + render(reply, saved_as) + "\n\n")
        self._out.flush()
        return Sent(str(next(self._ids)))


    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        """The console has no buttons to take off and no menus: nothing to do."""


def _save(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def console_incoming(user: str, text: str, number: int, now: datetime) -> Incoming:
    return Incoming(
        channel="console",
        user_id=user,
        chat_id=user,
        update_key=f"{user}:{now.timestamp():.6f}:{number}",
        received_at=now,
        text=text,
        display_name=user,
    )


async def run_console(
    submit: Callable[[Incoming], Awaitable[object]],
    *,
    user: str,
    clock: Clock,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> None:
    """Read messages from `stdin` until end of input or /thoat, handing each to `submit`."""
    interactive = stdin.isatty()
    for number in itertools.count(1):
        if interactive:
            out.write(PROMPT)
            out.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        if text.strip() in ("/thoat", "/exit", "/quit"):
            break
        if not interactive:
            out.write(f"{PROMPT}{text}\n")
        await submit(console_incoming(user, text, number, clock.now()))
