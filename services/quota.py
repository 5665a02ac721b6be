"""A channel's monthly message quota (Zalo bots have one): what may still go out, by importance,
and the administrators told at 80% and 100%.

Replies to people who just wrote always go (they are waiting), and so do notices (what someone
did that others must know, these alerts among them). Every other kind keeps a share of the
quota in reserve for the kinds above it, so when the month runs short the least important
messages stop first: daily digests, then reminders and draft reminders, then officers' nudges.
A message held back this way is given up with the reason (the month's quota), not kept for
later: a reminder is only useful on its day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from core.i18n import Catalogs
from core.messages import Reply
from services.administrators import reachable_administrators
from services.outgoing import Kind, to_account
from storage.repos import Repositories
from storage.repos.outbox import NewMessage

# Share of the monthly quota kept back from each kind (for the kinds above it).
RESERVE: dict[Kind, float] = {
    Kind.REPLY: 0.0,
    Kind.ACTION: 0.0,
    Kind.NOTICE: 0.0,  # a person did something others must know (and the quota alerts)
    Kind.NUDGE: 0.05,
    Kind.DRAFT: 0.10,
    Kind.REMINDER: 0.10,
    Kind.DIGEST: 0.20,
}
ALERTS = (80, 100)  # percentages at which administrators are told, once a month each


@dataclass(frozen=True, slots=True)
class Quota:
    """`monthly` platform messages a month (None: unlimited), months in `zone`."""

    monthly: int | None
    zone: ZoneInfo

    def month(self, now: datetime) -> str:
        return now.astimezone(self.zone).strftime("%Y-%m")

    def allows(self, kind: str, used: int, parts: int = 1) -> bool:
        """Whether a message of `kind` taking `parts` messages may go when `used` went this
        month."""
        if self.monthly is None:
            return True
        try:
            reserve = RESERVE[Kind(kind)]
        except ValueError:
            reserve = max(RESERVE.values())
        if reserve == 0.0:
            return True  # a reply or a notice (the platform may still refuse)
        return used + parts <= self.monthly * (1.0 - reserve)

    def crossed(self, before: int, after: int, *, first: bool = False) -> list[int]:
        """The alert percentages passed going from `before` to `after` messages. On the
        process's `first` count of the month, the highest one reached too, passed or not: a
        quota set (or lowered) when the month had already used more than 80% is told at once,
        not at 100% (each alert goes once a month: the outbox keeps its key)."""
        if not self.monthly:
            return []
        passed = [p for p in ALERTS if before * 100 < p * self.monthly <= after * 100]
        reached = [p for p in ALERTS if p * self.monthly <= after * 100]
        if first and reached and reached[-1] not in passed:
            passed.append(reached[-1])
        return passed


async def quota_alerts(
    repos: Repositories,
    catalogs: Catalogs,
    *,
    channel: str,
    month: str,
    percent: int,
    used: int,
    monthly: int,
    not_before: datetime | None = None,
) -> list[NewMessage]:
    """One notice to every administrator that `channel` has passed the alert `percent` of the
    month's quota (written to the outbox, once per month and threshold). The text says the
    share really used (a first count at 198/200 is 99%, not the 80 passed long before)."""
    used_percent = used * 100 // monthly if monthly else percent
    messages: list[NewMessage] = []
    for admin in await reachable_administrators(repos):
        t = catalogs.translator(admin.locale)
        year, number = month.split("-")
        if percent >= 100:
            text = t.gettext(
                "chibo has used its whole {channel} quota for {month}: {used}/{quota} messages. "
                "Until the month ends only replies to people who write go out; reminders and "
                "nudges are not sent. Raise CHIBO_ZALO_MONTHLY_QUOTA if the bot's plan allows "
                "more."
            )
        else:
            text = t.gettext(
                "chibo has used {percent}% of its {channel} quota for {month}: {used}/{quota} "
                "messages. When it runs short, replies go first, then notices, nudges and "
                "reminders; daily lists stop first."
            )
        reply = Reply(
            text.format(
                channel=channel.title(),
                month=f"{number}/{year}",
                used=used,
                quota=monthly,
                percent=used_percent,
            )
        )
        messages.append(
            to_account(
                admin,
                reply,
                kind=Kind.NOTICE,
                dedupe_key=f"quota:{channel}:{month}:{percent}:{admin.id}",
                not_before=not_before,
            )
        )
    return messages
