"""ZaloChannel: the core's Channel protocol over the Zalo Bot API, raising only core errors.

Zalo shows no buttons: choices go out as numbered lines with the line saying what to type.
It takes no file uploads: the deliverer hands over a chart with the signed URL Zalo fetches
(sendPhoto); an Excel file arrives here already turned into a link in the text.
"""

from __future__ import annotations

from typing import Any

from bot.zalo.api import ZaloApi
from bot.zalo.refusals import RefusedChats
from bot.zalo.render import MAX_MESSAGE, split_reply
from core.channel import ChannelBlocked, ChannelRefused, ChannelRejected, Sent
from core.messages import ChannelName, Reply


class ZaloChannel:
    """Sends replies to Zalo chats, split into messages of at most 2,000 characters (the
    choices and what to type whole in the last one). A chat
    refused (403) is taken as blocked only once `refusals` confirms it; before, its message
    waits (ChannelRefused) while the other chats go on."""

    name: ChannelName = "zalo"
    shows_buttons = False

    def __init__(self, api: ZaloApi, refusals: RefusedChats) -> None:
        self._api = api
        self._refusals = refusals

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        try:
            sent = await self._send(chat_id, reply)
        except ChannelBlocked as error:
            if self._refusals.refused(chat_id):
                raise
            raise ChannelRefused(f"{error} (not yet taken as a block)") from error
        self._refusals.delivered(chat_id)
        return sent

    async def _send(self, chat_id: str, reply: Reply) -> Sent:
        pieces = split_reply(reply, MAX_MESSAGE)  # the choices stay with the question
        attachment = reply.attachment
        last = ""
        sent = 0
        if attachment is not None:
            if attachment.kind != "photo" or not attachment.url:
                raise ChannelRejected("Zalo takes no file uploads: the file needs a link")
            caption = pieces.pop(0) if pieces else ""
            last = await self._api.send_photo(chat_id, attachment.url, caption)
            sent += 1
        for piece in pieces:
            last = await self._api.send_message(chat_id, piece)
            sent += 1
        if sent == 0:
            raise ChannelRejected("nothing to send")
        return Sent(last, parts=sent)

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        """Zalo has no buttons to take off and no menus: the adapter queues no calls."""
        raise ChannelRejected(f"Zalo has no action {action.get('type')!r}")
