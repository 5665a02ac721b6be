"""The platform-neutral messages that flow between channels and the conversation core."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, cast

ChannelName = Literal["console", "telegram", "zalo"]


class Expect(StrEnum):
    """What a question with choices wants typed, so that a typed answer means one thing.

    CHOICE: one of the choices; a typed number is its position and nothing else (numbered
    lines on Zalo and the console). VALUE: a value (a number, a date, a name); the choices are
    shortcuts typed by their keyword («đủ»), never by a number, so "1" stays the value 1.
    """

    CHOICE = "choice"
    VALUE = "value"


@dataclass(frozen=True, slots=True)
class Choice:
    """One option offered to the user: a button (Telegram), a numbered line (Zalo, console) or,
    when the question wants a value, a shortcut typed by its `keyword`."""

    label: str
    value: str
    keyword: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to send with a reply (an Excel export, a chart). `url`: where a platform that
    takes no uploads fetches it (a signed link to our server, set just before sending)."""

    filename: str
    content: bytes
    mime_type: str
    kind: Literal["document", "photo"] = "document"
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """One message the bot sends back; `choices` are the pending options it offers, `expect`
    says how a typed answer is read, `hint` is the one line telling what to type (shown where
    there are no buttons)."""

    text: str
    choices: tuple[Choice, ...] = ()
    attachment: Attachment | None = None
    expect: Expect = Expect.CHOICE
    hint: str = ""
    # messages of this reply already shown, where a platform splits it (Telegram, Zalo): a
    # send tried again goes on from the next one (set by the deliverer, never stored with it)
    resume_at: int = 0

    def to_payload(self) -> dict[str, Any]:
        """A JSON-able form, for the outbox."""
        payload: dict[str, Any] = {
            "text": self.text,
            "choices": [
                [c.label, c.value, c.keyword] if c.keyword else [c.label, c.value]
                for c in self.choices
            ],
        }
        if self.expect is not Expect.CHOICE:
            payload["expect"] = self.expect.value
        if self.hint:
            payload["hint"] = self.hint
        if self.attachment is not None:
            payload["attachment"] = {
                "filename": self.attachment.filename,
                "content": base64.b64encode(self.attachment.content).decode("ascii"),
                "mime_type": self.attachment.mime_type,
                "kind": self.attachment.kind,
            }
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Reply:
        attachment = None
        if payload.get("attachment"):
            raw = payload["attachment"]
            attachment = Attachment(
                filename=raw["filename"],
                content=base64.b64decode(raw["content"]),
                mime_type=raw["mime_type"],
                kind=raw.get("kind", "document"),
            )
        return cls(
            text=payload["text"],
            choices=tuple(Choice(*item) for item in payload.get("choices", [])),
            attachment=attachment,
            expect=Expect(payload.get("expect", Expect.CHOICE.value)),
            hint=str(payload.get("hint", "")),
        )


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a person did: typed text, or pressed a button carrying `choice`."""

    channel: ChannelName
    user_id: str
    chat_id: str
    update_key: str
    received_at: datetime
    text: str = ""
    choice: str | None = None
    display_name: str = ""
    file_name: str | None = None
    file_id: str | None = None
    file_bytes: bytes | None = field(default=None, repr=False)
    is_group: bool = False
    # The platform's id of the message whose button was pressed (None when typed): a press
    # answers only the question shown on that message.
    message_ref: str | None = None
    # Platform details the adapter needs after handling (e.g. the pressed message's text);
    # the core ignores them.
    meta: dict[str, str] = field(default_factory=dict)

    def to_payload(self) -> dict[str, Any]:
        """A JSON-able form, for the inbox (file bytes are fetched again by their id)."""
        return {
            "channel": self.channel,
            "user_id": self.user_id,
            "chat_id": self.chat_id,
            "update_key": self.update_key,
            "received_at": self.received_at.isoformat(),
            "text": self.text,
            "choice": self.choice,
            "display_name": self.display_name,
            "file_name": self.file_name,
            "file_id": self.file_id,
            "is_group": self.is_group,
            **({"message_ref": self.message_ref} if self.message_ref else {}),
            **({"meta": dict(self.meta)} if self.meta else {}),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Incoming:
        return cls(
            channel=cast(ChannelName, payload["channel"]),
            user_id=str(payload["user_id"]),
            chat_id=str(payload["chat_id"]),
            update_key=str(payload["update_key"]),
            received_at=datetime.fromisoformat(payload["received_at"]),
            text=payload.get("text") or "",
            choice=payload.get("choice"),
            display_name=payload.get("display_name") or "",
            file_name=payload.get("file_name"),
            file_id=payload.get("file_id"),
            is_group=bool(payload.get("is_group")),
            message_ref=str(payload["message_ref"]) if payload.get("message_ref") else None,
            meta={str(k): str(v) for k, v in (payload.get("meta") or {}).items()},
        )
