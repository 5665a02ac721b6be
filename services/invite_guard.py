"""The alert to administrators when invite codes are being guessed across many accounts.

The per-person lockout (handlers/invites.py) stops one account; someone with many accounts is
stopped by the global limit on wrong codes a minute (core/limits.py), and the administrators
are told, once an hour at most, through the outbox like the quota alerts.
"""

from __future__ import annotations

from datetime import datetime

from core.i18n import Catalogs
from core.limits import GLOBAL_WRONG_CODES, GLOBAL_WRONG_CODES_WINDOW
from core.messages import Reply
from services.administrators import reachable_administrators
from services.outgoing import Kind, to_account
from storage.repos import Repositories
from storage.repos.outbox import NewMessage


async def guessing_alerts(
    repos: Repositories, catalogs: Catalogs, *, now: datetime
) -> list[NewMessage]:
    """One notice to every administrator that invite checks are paused (deduplicated per hour
    and administrator, so any number of refused codes and instances give one)."""
    hour = now.strftime("%Y-%m-%dT%H")
    minutes = int(GLOBAL_WRONG_CODES_WINDOW.total_seconds() // 60)
    messages: list[NewMessage] = []
    for admin in await reachable_administrators(repos):
        t = catalogs.translator(admin.locale)
        text = t.gettext(
            "Someone may be guessing invite codes: {count} wrong codes were typed in {minutes} "
            "minute(s) across several accounts. Checking codes is paused until the rate falls; "
            "people with a valid code can try again a minute later."
        ).format(count=GLOBAL_WRONG_CODES, minutes=minutes)
        messages.append(
            to_account(
                admin,
                Reply(text),
                kind=Kind.NOTICE,
                dedupe_key=f"invite-guessing:{hour}:{admin.id}",
            )
        )
    return messages
