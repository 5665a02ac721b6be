"""TelegramChannel: the core's Channel protocol over aiogram, raising only core errors."""

from __future__ import annotations

from typing import Final

from aiogram import Bot
from aiogram.types import Message

from bot.telegram.callbacks import CallbackStore, callback_key
from bot.telegram.errors import TelegramRejected, translate_errors
from bot.telegram.render import render_reply
from core.channel import Sent
from core.messages import ChannelName, Reply

SEND_TIMEOUT: Final = 30


class TelegramChannel:
    """Sends replies (and proactive messages) to Telegram chats.

    Raises ChannelRateLimited (429), ChannelBlocked (403 and "chat not found"),
    TelegramRejected (400: will not work later either) or ChannelError (network, 5xx).
    A reply rendered as several messages reports the id of the last one, the one that
    carries the buttons.
    """

    name: ChannelName = "telegram"

    def __init__(self, bot: Bot, callbacks: CallbackStore) -> None:
        self.bot = bot
        self._callbacks = callbacks
        # chat id → the last message this instance sent there with buttons (kept in memory:
        # at worst an old keyboard stays, and pressing it gets the stale-button note).
        self.keyboards: dict[str, int] = {}

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        long_values: dict[str, str] = {}

        def store_long(value: str) -> str:
            key = callback_key(value)
            long_values[key] = value
            return key

        try:
            target = int(chat_id)
            calls = render_reply(target, reply, store_long)
        except ValueError as error:
            raise TelegramRejected(f"cannot send this reply: {error}") from None
        await self._callbacks.save(long_values)
        last: Message | None = None
        with translate_errors():
            for call in calls:
                last = await self.bot(call, request_timeout=SEND_TIMEOUT)
        assert last is not None
        if reply.choices:
            self.keyboards[chat_id] = last.message_id
        return Sent(str(last.message_id))

    def take_keyboard(self, chat_id: str) -> int | None:
        """The message whose buttons are still showing in this chat, forgotten once taken."""
        return self.keyboards.pop(chat_id, None)
