"""The answer when a costly command comes too often (the limit itself: services/costly.py)."""

from __future__ import annotations

from core.limits import COSTLY_PER_WINDOW, COSTLY_WINDOW
from core.messages import Reply
from core.vnformat import format_time
from handlers.context import Context
from services.costly import take


async def refused(ctx: Context, action: str) -> Reply | None:
    """None when the person may run `action` now (the use is recorded), else the reply saying
    when they may again."""
    assert ctx.account.id is not None
    again = await take(ctx.repos, ctx.account.id, action, ctx.clock.now())
    if again is None:
        return None
    return Reply(
        ctx.t.gettext(
            "You have asked for this {count} times in the last {minutes} minutes, and it takes "
            "the server a lot of work. Please try again after {time}."
        ).format(
            count=COSTLY_PER_WINDOW,
            minutes=int(COSTLY_WINDOW.total_seconds() // 60),
            time=format_time(ctx.local(again).time()),
        )
    )
