"""What goes into the outbox: the kinds of message, their priority, and how each is written."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from core.messages import Reply
from storage.models import Account
from storage.repos.outbox import NewMessage

# A message that could not go out for a day is given up (and said so in the log and metrics).
MAX_AGE = timedelta(days=1)


class Kind(StrEnum):
    """Why a message is sent; the value is stored in the outbox."""

    REPLY = "reply"  # to the person who just wrote
    ACTION = "action"  # a platform call for that chat (editing a pressed question, a menu)
    NOTICE = "notice"  # to someone else, because of what a person did
    NUDGE = "nudge"  # an officer's reminder to late cells
    DRAFT = "draft"  # "your report is not finished"
    REMINDER = "reminder"  # a planned meeting, topic or task reminder
    DIGEST = "digest"  # an officer's daily list of late cells


PRIORITY: dict[Kind, int] = {
    Kind.REPLY: 0,
    Kind.ACTION: 0,
    Kind.NOTICE: 1,
    Kind.NUDGE: 2,
    Kind.DRAFT: 3,
    Kind.REMINDER: 3,
    Kind.DIGEST: 4,
}
TEMPLATED = frozenset({Kind.REMINDER, Kind.DIGEST})


WANTED_KEY = "reports_wanted"


@dataclass(frozen=True)
class ReportsWanted:
    """What a notice offering choices asks for (an officer's nudge, a returned report, a
    meeting reminder): the meetings of one cell for these periods ("2026-11", "2026-Q4")
    reported, and not returned for correction. Once they are, its choices are not offered
    again (a notice kept aside while the person was in a flow, HELD_BACK_KINDS). `slot` is the
    report of a month asked for: the regular meeting's ("monthly"), or for a returned topic
    session's report, that one ("topic")."""

    cell_id: int
    periods: tuple[str, ...]
    slot: str = "monthly"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"cell_id": self.cell_id, "periods": list(self.periods)}
        if self.slot != "monthly":
            data["slot"] = self.slot
        return data

    @classmethod
    def from_json(cls, data: Any) -> ReportsWanted | None:
        """The form `to_json` wrote; None for anything else (an older row, no such key)."""
        if not isinstance(data, dict):
            return None
        cell_id, periods = data.get("cell_id"), data.get("periods")
        if not isinstance(cell_id, int) or not isinstance(periods, list) or not periods:
            return None
        slot = data.get("slot")
        return cls(
            cell_id,
            tuple(str(period) for period in periods),
            slot if isinstance(slot, str) and slot else "monthly",
        )

    @classmethod
    def of_message(
        cls, kind: str, payload: dict[str, Any], cell_id: int | None, period: str | None
    ) -> ReportsWanted | None:
        """What an outbox message asks for: as its notice said, or for a meeting reminder,
        the meeting it reminds of (its pending reminders end when that is reported)."""
        said = cls.from_json(payload.get(WANTED_KEY))
        if said is not None:
            return said
        if kind == Kind.REMINDER and cell_id is not None and period:
            return cls(cell_id, (period,))
        return None


def reply_to(
    channel: str,
    chat_id: str,
    reply: Reply,
    *,
    kind: Kind = Kind.REPLY,
    account_id: int | None = None,
    inbox_id: int | None = None,
    dedupe_key: str | None = None,
) -> NewMessage:
    """A rendered reply (or notice, nudge, draft reminder) to one chat; with `dedupe_key`, one
    that is written once however often it is asked for."""
    return NewMessage(
        channel=channel,
        chat_id=chat_id,
        payload=reply.to_payload(),
        kind=str(kind),
        priority=PRIORITY[kind],
        account_id=account_id,
        inbox_id=inbox_id,
        dedupe_key=dedupe_key,
    )


def reach(account: Account) -> tuple[str, str]:
    """The (channel, chat) a message to this person goes to: where they wrote last, when that
    was another of their linked accounts (/lienket), else their own chat."""
    if account.route_channel and account.route_chat_id:
        return account.route_channel, account.route_chat_id
    return account.channel, account.chat_id


def to_account(
    account: Account,
    reply: Reply,
    *,
    kind: Kind,
    inbox_id: int | None = None,
    dedupe_key: str | None = None,
    wanted: ReportsWanted | None = None,
    not_before: datetime | None = None,
) -> NewMessage:
    """A rendered message to a person (where they wrote last); `wanted`: what it asks for;
    `not_before`: it waits until then (quiet hours)."""
    channel, chat_id = reach(account)
    message = reply_to(
        channel,
        chat_id,
        reply,
        kind=kind,
        account_id=account.id,
        inbox_id=inbox_id,
        dedupe_key=dedupe_key,
    )
    if not_before is not None:
        message = replace(message, not_before=not_before)
    if wanted is None:
        return message
    return replace(message, payload={**message.payload, WANTED_KEY: wanted.to_json()})


def action_for(
    channel: str, chat_id: str, action: dict[str, Any], *, inbox_id: int | None = None
) -> NewMessage:
    """An adapter's own call for a chat, queued with that chat's replies."""
    return NewMessage(
        channel=channel,
        chat_id=chat_id,
        payload={"action": action},
        kind=str(Kind.ACTION),
        priority=PRIORITY[Kind.ACTION],
        inbox_id=inbox_id,
    )


def templated(
    account: Account,
    template: str,
    values: dict[str, Any],
    *,
    kind: Kind,
    dedupe_key: str,
    expires_at: datetime,
    reminder_id: int | None = None,
    cell_id: int | None = None,
    period: str | None = None,
) -> NewMessage:
    """A reminder or digest, rendered when it is sent, in the person's language then (to
    where they wrote last)."""
    channel, chat_id = reach(account)
    return NewMessage(
        channel=channel,
        chat_id=chat_id,
        payload={"template": template, **values},
        kind=str(kind),
        priority=PRIORITY[kind],
        account_id=account.id,
        dedupe_key=dedupe_key,
        reminder_id=reminder_id,
        cell_id=cell_id,
        period=period,
        expires_at=expires_at,
    )
