"""TelegramChannel: the core's Channel protocol over the Bot API, raising only core errors."""

from __future__ import annotations

from typing import Any, Final

from bot.telegram.api import ApiCall, TelegramApi
from bot.telegram.callbacks import CallbackStore, callback_key
from bot.telegram.menus import CommandMenus
from bot.telegram.render import choice_made_edit, remove_keyboard, render_reply
from core.channel import ChannelRejected, PartsGone, Sent, send_parts
from core.messages import ChannelName, Reply
from core.roles import RoleName

SEND_TIMEOUT: Final = 30
# The adapter's own calls, queued in the outbox with the chat's replies (see `act`).
CHOSEN: Final = "chosen"  # show the chosen label under a question and take its buttons off
CLOSE: Final = "close"  # take a message's buttons off
MENU: Final = "menu"  # set the chat's command menu for the person's roles and language


def chosen_action(
    message_id: str, original_text: str, label: str, has_text: bool
) -> dict[str, Any]:
    if not has_text:
        return {"type": CLOSE, "message_id": message_id}
    return {"type": CHOSEN, "message_id": message_id, "text": original_text, "label": label}


def close_action(message_id: str) -> dict[str, Any]:
    return {"type": CLOSE, "message_id": message_id}


def menu_action(roles: frozenset[RoleName], locale: str) -> dict[str, Any]:
    return {"type": MENU, "roles": sorted(roles), "locale": locale}


class TelegramChannel:
    """Sends replies and performs the adapter's queued calls in Telegram chats.

    Raises ChannelRateLimited (429), ChannelBlocked (403 and "chat not found"),
    ChannelRejected (400: will not work later either) or ChannelError (network, 5xx).
    A reply rendered as several messages reports the id of the last one, the one that
    carries the buttons; sent again after a failure part-way, it goes on from the first
    message that did not go (`Reply.resume_at`, `ChannelError.parts_sent`).
    """

    name: ChannelName = "telegram"
    shows_buttons = True

    def __init__(self, api: TelegramApi, callbacks: CallbackStore, menus: CommandMenus) -> None:
        self.api = api
        self._callbacks = callbacks
        self._menus = menus

    async def send(
        self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None
    ) -> Sent:
        long_values: dict[str, str] = {}

        def store_long(value: str) -> str:
            key = callback_key(value)
            long_values[key] = value
            return key

        try:
            target = int(chat_id)
            calls = render_reply(target, reply, store_long)
        except ValueError as error:
            raise ChannelRejected(f"cannot send this reply: {error}") from None
        await self._callbacks.save(long_values)

        async def send(call: ApiCall) -> str:
            answer = await self.api(call, wait_seconds=SEND_TIMEOUT)
            message_id = answer.get("message_id") if isinstance(answer, dict) else None
            return str(message_id) if message_id is not None else ""

        # from the first message an earlier try did not get out (`reply.resume_at`)
        return await send_parts(calls, reply.resume_at, send, progress)

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        kind = action.get("type")
        if kind == MENU:
            roles = frozenset(RoleName(role) for role in action.get("roles", []))
            await self._menus.set_for_chat(chat_id, roles, str(action.get("locale") or "vi"))
            return
        try:
            chat, message = int(chat_id), int(str(action.get("message_id")))
        except ValueError:
            raise ChannelRejected(f"bad action {kind!r}") from None
        call: ApiCall
        if kind == CHOSEN:
            call = choice_made_edit(
                chat, message, str(action.get("text", "")), str(action["label"])
            )
        elif kind == CLOSE:
            call = remove_keyboard(chat, message)
        else:
            raise ChannelRejected(f"unknown action {kind!r}")
        await self.api(call, wait_seconds=SEND_TIMEOUT)
