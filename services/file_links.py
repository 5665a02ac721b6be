"""Signed, short-lived links to the files the bot sends where a platform cannot carry files.

Zalo has no file upload: an Excel export goes out as a link to chibo's own web server, a chart as
a URL the platform fetches. The file itself stays where it already is, in the outbox message
that carries it; the link names that message, the account it was sent to and when it expires,
and an HMAC over the three (with the server's secret) makes it unguessable and impossible to
point at another file or another person's message. The web route (bot/file_route.py) checks
the link and serves the file.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

LINK_PATH = "/files"
DEFAULT_LIFETIME = timedelta(hours=24)
_SIGNATURE_CHARS = 32  # 128 bits of the SHA-256 HMAC, hex


class LinkProblem(StrEnum):
    """Why a link cannot be served."""

    MALFORMED = "malformed"
    TAMPERED = "tampered"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class FileLink:
    """What a valid link points at."""

    outbox_id: int
    account_id: int
    expires_at: datetime


class FileLinks:
    """Makes and checks links; `base_url` is the server's public address (None: not set, and
    files cannot be offered as links)."""

    def __init__(
        self, base_url: str | None, secret: bytes, *, lifetime: timedelta = DEFAULT_LIFETIME
    ) -> None:
        if len(secret) < 16:
            raise ValueError("the link secret must have at least 16 bytes")
        self.base_url = base_url.rstrip("/") if base_url else None
        self._secret = secret
        self.lifetime = lifetime

    @property
    def available(self) -> bool:
        return self.base_url is not None

    def _signature(self, outbox_id: int, account_id: int, expires: int) -> str:
        message = f"{outbox_id}.{account_id}.{expires}".encode("ascii")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:_SIGNATURE_CHARS]

    def make(self, outbox_id: int, account_id: int, filename: str, now: datetime) -> str:
        """The link to the file of outbox message `outbox_id`, for `account_id`, valid for the
        lifetime from `now`; the file name (readable, Vietnamese) ends the path."""
        if self.base_url is None:
            raise RuntimeError("no public address to make links with")
        expires = int((now + self.lifetime).timestamp())
        signature = self._signature(outbox_id, account_id, expires)
        name = quote(filename.replace("/", "_"), safe="")
        return f"{self.base_url}{LINK_PATH}/{outbox_id}/{account_id}/{expires}/{signature}/{name}"

    def check(
        self, outbox_id: str, account_id: str, expires: str, signature: str, now: datetime
    ) -> FileLink | LinkProblem:
        """The parts of a link's path read back: what it points at, or why it cannot be used.
        The signature is compared in constant time before the expiry is looked at."""
        if not (outbox_id.isdecimal() and account_id.isdecimal() and expires.isdecimal()):
            return LinkProblem.MALFORMED
        if len(outbox_id) > 18 or len(account_id) > 18 or len(expires) > 12:
            return LinkProblem.MALFORMED
        expected = self._signature(int(outbox_id), int(account_id), int(expires))
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace")):
            return LinkProblem.TAMPERED
        expires_at = datetime.fromtimestamp(int(expires), tz=UTC)
        if now >= expires_at:
            return LinkProblem.EXPIRED
        return FileLink(int(outbox_id), int(account_id), expires_at)


def derive_secret(*parts: str) -> bytes:
    """A link secret derived from the bot's own secrets (the same on every instance that shares
    them), for when no CHIBO_SECRET_KEY is set."""
    material = "\x00".join(parts).encode("utf-8")
    return hmac.new(material, b"chibo file links", hashlib.sha256).digest()
