"""The console channel: try the bot in a terminal, or script it one message per line.

Several local people can share one terminal: `:user NAME` switches who is typing, and a message
for anyone else is shown with `[→ NAME]` in front.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from core.channel import PartsGone, Sent
from core.clock import Clock
from core.i18n import N_, Translator
from core.messages import ChannelName, Incoming, Reply
from core.prompts import as_plain_text

PROMPT = "> "
SWITCH = ":user"
USER_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")


def render(reply: Reply, saved_as: Path | None = None) -> str:
    """Text, then the choices as Zalo shows them too (numbered, or by the keyword to type when
    the question wants a value), the line saying what to type; a file by where it was saved."""
    text = as_plain_text(reply)
    if reply.attachment is not None:
        where = str(saved_as) if saved_as else reply.attachment.filename
        text += f"\n  [{where}, {len(reply.attachment.content)} bytes]"
    return text


class ConsoleChannel:
    """Prints what the bot sends to the local user(s) of this terminal; `focus` is the one
    typing now (a message to anyone else is marked with its recipient)."""

    name: ChannelName = "console"
    shows_buttons = False

    def __init__(
        self, out: TextIO, *, show_recipient: bool = False, files_dir: Path | None = None
    ) -> None:
        self._out = out
        self._ids = itertools.count(1)
        self._show_recipient = show_recipient
        self._files_dir = files_dir
        self.focus: str | None = None
        self.sent: list[tuple[str, Reply]] = []

    async def send(
        self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None
    ) -> Sent:
        self.sent.append((chat_id, reply))
        saved_as = None
        if reply.attachment is not None and self._files_dir is not None:
            # Exports and charts land in a folder the person can open.
            saved_as = self._files_dir / Path(reply.attachment.filename).name
            await asyncio.to_thread(_save, saved_as, reply.attachment.content)
        prefix = ""
        if self._show_recipient:
            prefix = f"[{chat_id}] "
        elif self.focus is not None and chat_id != self.focus:
            prefix = f"[→ {chat_id}] "
        self._out.write(prefix + render(reply, saved_as) + "\n\n")
        self._out.flush()
        return Sent(str(next(self._ids)))

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        """The console has no buttons to take off and no menus: nothing to do."""


def _save(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _(t: Translator | None, message: str) -> str:
    return t.gettext(message) if t is not None else message


def console_incoming(user: str, text: str, number: int, now: datetime) -> Incoming:
    return Incoming(
        channel="console",
        user_id=user,
        chat_id=user,
        update_key=f"{user}:{now.timestamp():.6f}:{number}",
        received_at=now,
        text=text,
        display_name=user[:1].upper() + user[1:],
    )


async def run_console(
    submit: Callable[[Incoming], Awaitable[object]],
    *,
    user: str,
    clock: Clock,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    on_switch: Callable[[str], object] | None = None,
    t: Translator | None = None,
) -> None:
    """Read messages from `stdin` until end of input or /thoat, handing each to `submit` as
    from `user`; `:user NAME` makes NAME the one typing (`on_switch` is told)."""
    interactive = stdin.isatty()
    if on_switch is not None:
        on_switch(user)
    for number in itertools.count(1):
        if interactive:
            out.write(f"{user}{PROMPT}")
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
            out.write(f"{user}{PROMPT}{text}\n")
        command, _sep, name = text.strip().partition(" ")
        if command == SWITCH:
            name = name.strip()
            if USER_NAME.fullmatch(name):
                user = name
                if on_switch is not None:
                    on_switch(user)
            if name == user:
                out.write(_(t, N_("Now typing as {user}.")).format(user=user) + "\n\n")
            else:
                out.write(
                    _(t, N_("Type :user NAME, the name in Latin letters, digits, _ . or -."))
                    + "\n\n"
                )
            out.flush()
            continue
        await submit(console_incoming(user, text, number, clock.now()))
