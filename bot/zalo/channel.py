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
from core.channel import (
    ChannelBlocked,
    ChannelRefused,
    ChannelRejected,
    PartsGone,
    Sent,
    send_parts,
)
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

    async def send(
        self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None
    ) -> Sent:
        try:
            sent = await self._send(chat_id, reply, progress)
        except ChannelBlocked as error:
            if self._refusals.refused(chat_id):
                raise
            raise ChannelRefused(f"{error} (not yet taken as a block)") from error
        self._refusals.delivered(chat_id)
        return sent

    async def _send(self, chat_id: str, reply: Reply, progress: PartsGone | None) -> Sent:
        """The reply's messages in order, from `reply.resume_at` on (those before it went on
        an earlier try); a failure says how many of this try went (`parts_sent`)."""
        pieces = split_reply(reply, MAX_MESSAGE)  # the choices stay with the question
        attachment = reply.attachment
        if attachment is not None and (attachment.kind != "photo" or not attachment.url):
            raise ChannelRejected("Zalo takes no file uploads: the file needs a link")
        calls: list[tuple[str, str]] = []  # (photo URL or "", text)
        if attachment is not None:
            calls.append((attachment.url or "", pieces.pop(0) if pieces else ""))
        calls += [("", piece) for piece in pieces]

        async def send(call: tuple[str, str]) -> str:
            photo, text = call
            if photo:
                return await self._api.send_photo(chat_id, photo, text)
            return await self._api.send_message(chat_id, text)

        return await send_parts(calls, reply.resume_at, send, progress)

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        """Zalo has no buttons to take off and no menus: the adapter queues no calls."""
        raise ChannelRejected(f"Zalo has no action {action.get('type')!r}")
