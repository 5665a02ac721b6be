"""The conversation core and the notices kept aside (Conversation.aside): what it clears when it
shows them, or finds them all expired, goes through the repository's locked merge, so that a
notice set aside meanwhile by the deliverer's transaction is kept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from core.clock import FakeClock
from core.i18n import Catalogs
from core.messages import Incoming, Reply
from handlers.context import Context, CoreConfig
from handlers.core import ConversationCore
from handlers.flow import Outcome
from handlers.flows.onboarding import OnboardingFlow
from services.outgoing import WANTED_KEY, Kind, ReportsWanted
from storage.engine import Database
from storage.models import Conversation
from storage.repos import Repositories

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


async def _member_with_an_expired_aside(database: Database) -> int:
    """Chi, an officer of one organisation, in no flow, with one notice kept aside whose
    choices have expired: the account id."""
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org("Đảng bộ xã A", parent=None, kind="dang_bo_xa", now=NOW)
        account = await repos.accounts.get_or_create(
            "console", "chi", chat_id="chi", display_name="Chi", locale="vi", now=NOW
        )
        assert account.id is not None and org.id is not None
        await repos.roles.grant(
            account.id, "officer", org_id=org.id, cell_id=None, granted_by=None, now=NOW
        )
        await repos.conversations.save(Conversation(account_id=account.id, updated_at=NOW))
        await repos.conversations.set_aside(
            account.id, "old", [], "choice", now=NOW - timedelta(days=4), ttl=timedelta(days=3)
        )
        return account.id


async def test_expired_asides_are_cleared_without_losing_one_set_aside_meanwhile(
    database: Database,
) -> None:
    """The person's message finds every aside expired and clears them, while the deliverer
    sets a new one aside and commits: the new one stays (it was written over with «[]» by the
    session's own flush, on PostgreSQL; SQLite's transactions take turns)."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite's transactions take turns: the second waits for the first")
    person = await _member_with_an_expired_aside(database)
    read, later = asyncio.Event(), asyncio.Event()

    async def answer(ctx: Context, text: str) -> Outcome:
        read.set()  # the conversation is read: the deliverer sets another aside now
        await later.wait()
        return Outcome([Reply("ok")])

    core = ConversationCore(
        catalogs=Catalogs(),
        clock=FakeClock(NOW),
        config=CoreConfig(),
        commands={},
        onboarding=OnboardingFlow(),
        free_text=answer,
    )
    incoming = Incoming("console", "chi", "chi", "u1", NOW, text="xin chào")

    async def handle_a_message() -> list[str]:
        async with database.transaction() as session:
            result = await core.handle(Repositories(session), incoming)
        return [reply.text for reply in result.replies]

    async def set_another_aside() -> None:
        await read.wait()
        async with database.transaction() as session:
            await Repositories(session).conversations.set_aside(
                person, "new", [], "choice", now=NOW, ttl=timedelta(days=3)
            )
        later.set()

    replies, _none = await asyncio.gather(handle_a_message(), set_another_aside())
    assert replies == ["ok"]  # the expired one is not offered
    async with database.transaction() as session:
        kept = await Repositories(session).conversations.get(person)
    assert kept is not None
    assert [entry["text"] for entry in kept.aside] == ["new"]


def test_what_a_message_asks_for() -> None:
    """A notice says it in its payload; a meeting reminder asks for its meeting's report; a
    digest or a plain notice names nothing (kept until it expires)."""
    nudge = {"text": "…", WANTED_KEY: {"cell_id": 3, "periods": ["2026-10", "2026-11"]}}
    assert ReportsWanted.of_message(Kind.NUDGE, nudge, None, None) == ReportsWanted(
        3, ("2026-10", "2026-11")
    )
    reminder = {"template": "follow_up"}
    assert ReportsWanted.of_message(Kind.REMINDER, reminder, 3, "2026-11") == ReportsWanted(
        3, ("2026-11",)
    )
    assert ReportsWanted.of_message(Kind.DIGEST, {"template": "digest"}, None, None) is None
    assert ReportsWanted.of_message(Kind.NOTICE, {"text": "…"}, None, None) is None
