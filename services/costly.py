"""Per-account limits on costly commands (an export, a chart, a draft report, a plan import).

Each use is a row in the database (storage: AccountAction), so the limit holds across every
instance; a use refused is not recorded, and rows older than the window are deleted as new
ones come.
"""

from __future__ import annotations

from datetime import datetime

from core.limits import COSTLY_PER_WINDOW, COSTLY_WINDOW
from storage.repos import Repositories


async def take(repos: Repositories, account_id: int, action: str, now: datetime) -> datetime | None:
    """Record one use of `action` by the account and return None, or, when it already used it
    `COSTLY_PER_WINDOW` times within `COSTLY_WINDOW`, record nothing and return when it may
    again."""
    since = now - COSTLY_WINDOW
    times = await repos.usage.action_times(account_id, action, since)
    if len(times) >= COSTLY_PER_WINDOW:
        return times[-COSTLY_PER_WINDOW] + COSTLY_WINDOW
    await repos.usage.record_action(account_id, action, now=now, forget_before=since)
    return None
