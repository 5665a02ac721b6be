"""What the app's ticker does besides reminders: unfinished drafts are reminded once."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from core.clock import FakeClock
from handlers.bootstrap import invite_from_cli
from handlers.demo import load_demo
from services.drafts import remind_drafts as write_draft_reminders
from storage.engine import Database
from storage.repos import Repositories
from tests.harness import build_harness


async def remind_drafts(app: App) -> int:
    """The drafts tick, then a delivery pass: how many reminders were written."""
    written = await write_draft_reminders(app.database, app.clock, app.catalogs, app.settings.zone)
    await app.worker.deliver()
    return written


async def test_an_unfinished_report_is_reminded_once_the_next_morning(
    database: Database, clock: FakeClock
) -> None:
    chat = build_harness(database, clock)
    async with database.transaction() as session:
        repos = Repositories(session)
        await load_demo(repos, clock.now())
        issued, _ = await invite_from_cli(repos, role="secretary", scope_text="Chi bộ Thôn 1",
                                          now=clock.now(), ttl=timedelta(days=1))
    await chat.say("lan", f"/start {issued.code}")
    await chat.send("lan", "/baocao")
    await chat.send("lan", "1")
    assert await remind_drafts(chat.app) == 0  # the same day: nothing yet
    clock.advance(timedelta(hours=23))  # Wednesday 08:00 in Hà Nội
    assert await remind_drafts(chat.app) == 1
    reminder = chat.channel.to("lan")[-1]
    assert "còn dở" in reminder.text and "Chi bộ Thôn 1" in reminder.text
    assert reminder.choices  # the pending question's choices come back with it
    clock.advance(timedelta(hours=2))
    assert await remind_drafts(chat.app) == 0  # only once
    # The draft is intact: answering goes on where it stopped.
    replies = await chat.send("lan", "2")  # no upper-level member
    assert "ra nghị quyết" in replies[-1].text
