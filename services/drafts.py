"""Reminding, once the next morning, a secretary who left a report or figures unfinished."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.i18n import Catalogs
from core.messages import Choice, Reply
from services.outgoing import Kind, to_account
from storage.engine import Database
from storage.repos import Repositories

DRAFT_FLOWS = {"report": "/baocao", "figures": "/solieu"}
REMIND_AT = time(8, 0)
REMINDED = "reminded"
DEFAULT_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def remind_after(updated_at: datetime, tz: ZoneInfo) -> datetime:
    """08:00 local on the day after the draft was last touched."""
    local = updated_at.astimezone(tz)
    next_day = local.date() + timedelta(days=1)
    return datetime.combine(next_day, REMIND_AT, tzinfo=tz)


async def remind_unfinished_drafts(
    repos: Repositories,
    now: datetime,
    *,
    catalogs: Catalogs | None = None,
    tz: ZoneInfo = DEFAULT_ZONE,
) -> list[tuple[int, Reply]]:
    """The reminders due now (at most one per draft; the draft is marked so), in the caller's
    transaction; drafts expire with their conversation (7 days)."""
    catalogs = catalogs or Catalogs()
    due: list[tuple[int, Reply]] = []
    drafts = await repos.reports.drafts_in_flows(
        list(DRAFT_FLOWS), updated_before=now - timedelta(hours=1), now=now
    )
    for conversation in drafts:
        data = dict(conversation.data)
        if data.get(REMINDED) or now < remind_after(conversation.updated_at, tz):
            continue
        account = await repos.accounts.get(conversation.account_id)
        if account is None or account.blocked_at is not None:
            continue
        t = catalogs.translator(account.locale)
        command = DRAFT_FLOWS[conversation.flow]
        text = (
            t.gettext(
                "Your meeting report of {cell} is not finished yet. Type any answer to go on "
                "where you stopped, or /huy to drop it. The draft is kept for 7 days."
            )
            if conversation.flow == "report"
            else t.gettext(
                "Your figures of {cell} are not finished yet. Type any answer to go on where "
                "you stopped, or /huy to drop it. The draft is kept for 7 days."
            )
        ).format(cell=_cell_name(data))
        data[REMINDED] = now.isoformat()
        await repos.reports.mark_draft(conversation, data)
        choices = tuple(Choice(c["label"], c["value"]) for c in conversation.choices)
        due.append((conversation.account_id, Reply(text, choices or (Choice(command, command),))))
    return due


def _cell_name(data: dict[str, object]) -> str:
    """The cell a draft is about: the report flow keeps its typed draft under "draft", the
    figures flow keeps the name at the top."""
    draft = data.get("draft")
    if isinstance(draft, dict) and draft.get("cell_name"):
        return str(draft["cell_name"])
    return str(data.get("cell_name", ""))


async def remind_drafts(database: Database, clock: Clock, catalogs: Catalogs, tz: ZoneInfo) -> int:
    """Write the draft reminders due now to the outbox (one transaction); how many."""
    async with database.transaction() as session:
        repos = Repositories(session)
        due = await remind_unfinished_drafts(repos, clock.now(), catalogs=catalogs, tz=tz)
        accounts = await repos.accounts.many([account_id for account_id, _reply in due])
        messages = [
            to_account(accounts[account_id], reply, kind=Kind.DRAFT)
            for account_id, reply in due
            if account_id in accounts
        ]
        await repos.outbox.add_many(messages, now=clock.now())
    return len(messages)
