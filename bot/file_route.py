"""GET /files/…: the file behind a signed link (services/file_links.py), or a plain error page.

A valid link serves exactly the file of the outbox message it names, and only if that message
went to the account it names; anything else (a changed digit, another account, an expired
link) gets a short page in the server's language and no file.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from aiohttp import web

from core.clock import Clock
from core.i18n import Translator
from core.messages import Reply
from services.file_links import LINK_PATH, FileLinks, LinkProblem
from storage.engine import Database
from storage.repos import Repositories

log = logging.getLogger(__name__)
ROUTE = f"{LINK_PATH}/{{outbox_id}}/{{account_id}}/{{expires}}/{{signature}}/{{name}}"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class FileRoute:
    """Serves files by signed link."""

    def __init__(self, database: Database, links: FileLinks, clock: Clock, t: Translator) -> None:
        self._db = database
        self._links = links
        self._clock = clock
        self._t = t

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        info = request.match_info
        checked = self._links.check(
            info.get("outbox_id", ""),
            info.get("account_id", ""),
            info.get("expires", ""),
            info.get("signature", ""),
            self._clock.now(),
        )
        if checked is LinkProblem.EXPIRED:
            return self._page(
                410,
                self._t.gettext(
                    "This link has expired. Please ask chibo for the file again in the chat."
                ),
            )
        if isinstance(checked, LinkProblem):
            log.info("file link refused: %s", checked.value)
            return self._page(404, self._t.gettext("This link is not valid."))
        async with self._db.transaction() as session:
            row = await Repositories(session).outbox.get(checked.outbox_id)
        attachment = None
        if row is not None and row.account_id == checked.account_id and "text" in row.payload:
            attachment = Reply.from_payload(row.payload).attachment
        if attachment is None:
            return self._page(404, self._t.gettext("This link is not valid."))
        disposition = "inline" if attachment.kind == "photo" else "attachment"
        ascii_name = attachment.filename.encode("ascii", "replace").decode("ascii").replace('"', "")
        return web.Response(
            body=attachment.content,
            content_type=attachment.mime_type,
            headers={
                "Content-Disposition": (
                    f'{disposition}; filename="{ascii_name}"; '
                    f"filename*=UTF-8''{quote(attachment.filename, safe='')}"
                ),
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    def _page(self, status: int, message: str) -> web.Response:
        body = (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>chibo</title></head><body><p>{html.escape(message)}</p></body></html>"
        )
        return web.Response(status=status, text=body, content_type="text/html", charset="utf-8")
