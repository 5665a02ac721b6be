"""Rates per account: a flood gets one notice and is then not stored until its minute ends,
others are unaffected; costly commands say when to try again; invite guessing across accounts
pauses code checks and tells the administrators once."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from core.clock import FakeClock
from core.limits import COSTLY_PER_WINDOW, GLOBAL_WRONG_CODES, MESSAGES_PER_WINDOW
from handlers.bootstrap import invite_from_cli
from handlers.demo import load_demo
from storage.engine import Database
from storage.models import InboxUpdate, OutboxMessage
from storage.repos import Repositories
from storage.repos.invite_counts import count_lockouts, count_wrong_codes
from tests.harness import Harness, build_harness

WRONG_CODE = "/start 0000000000000"
FAST = "Đồng chí đang gửi tin nhắn quá nhanh"


async def joined(database: Database, clock: FakeClock, **people: str) -> Harness:
    """A harness over the demo organisation, with `people` (name → role) joined."""
    chat = build_harness(database, clock)
    codes = []
    async with database.transaction() as session:
        repos = Repositories(session)
        await load_demo(repos, clock.now())
        for role in people.values():
            scope = None if role == "admin" else "Đảng bộ xã Hòa Bình"
            issued, _ = await invite_from_cli(
                repos, role=role, scope_text=scope, now=clock.now(), ttl=timedelta(days=1)
            )
            codes.append(issued.code)
    for name, code in zip(people, codes, strict=True):
        await chat.send(name, f"/start {code}")
    return chat


async def inbox_rows(database: Database, chat_key: str) -> int:
    async with database.transaction() as session:
        statement = select(InboxUpdate).where(col(InboxUpdate.chat_key) == chat_key)
        return len((await session.exec(statement)).all())


async def test_a_flood_gets_one_notice_then_quiet_and_others_are_unaffected(
    database: Database, clock: FakeClock
) -> None:
    chat = build_harness(database, clock)
    clock.set(clock.now().replace(hour=3, minute=0, second=0, microsecond=0))  # 10:00 in Hà Nội
    answered = 0
    for number in range(MESSAGES_PER_WINDOW):
        answered += bool(await chat.send("lan", f"xin chào {number}"))
    assert answered == MESSAGES_PER_WINDOW  # within the rate: every message answered
    notice = await chat.send("lan", "còn nữa")
    assert len(notice) == 1 and notice[0].text.startswith(FAST)
    assert "đến 10:01" in notice[0].text  # when the minute ends, local time
    for _ in range(20):
        assert await chat.send("lan", "còn nữa") == []  # quiet: not stored, not answered
    assert await chat.send("binh", "xin chào")  # someone else is answered meanwhile
    assert await inbox_rows(database, "console:lan") == MESSAGES_PER_WINDOW + 1
    clock.advance(timedelta(seconds=60))
    again = await chat.send("lan", "xin chào")
    assert again and not again[0].text.startswith(FAST)


async def test_a_text_over_the_limit_is_answered_alone_and_not_stored(
    database: Database, clock: FakeClock
) -> None:
    chat = build_harness(database, clock)
    replies = await chat.send("lan", "a" * 5000)
    assert [r.text[:40] for r in replies] == ["Tin nhắn của đồng chí quá dài (5000 ký t"]
    async with database.transaction() as session:
        row = (await session.exec(select(InboxUpdate))).one()
    assert row.payload["text"] == ""


async def test_exports_are_limited_per_account_with_when_to_try_again(
    database: Database, clock: FakeClock
) -> None:
    chat = await joined(database, clock, binh="officer", hoa="officer")
    clock.set(clock.now().replace(hour=3, minute=0, second=0, microsecond=0))
    for _ in range(COSTLY_PER_WINDOW):
        replies = await chat.send("binh", "/xuat")
        assert replies[0].attachment is not None
        clock.advance(timedelta(seconds=30))
    refused = await chat.send("binh", "/xuat")
    assert refused[0].attachment is None
    assert refused[0].text.endswith("thử lại sau 10:10.")
    other = await chat.send("hoa", "/xuat")  # another officer is not held back
    assert other[0].attachment is not None
    clock.advance(timedelta(minutes=8))
    assert (await chat.send("binh", "/xuat"))[0].attachment is not None


async def test_guessing_across_accounts_pauses_codes_and_tells_admins_once(
    database: Database, clock: FakeClock
) -> None:
    chat = await joined(database, clock, anh="admin")
    since = clock.now() - timedelta(minutes=1)
    for _ in range(5):  # one person: locked out at the fifth
        await chat.send("guesser", WRONG_CODE)
    for number in range(GLOBAL_WRONG_CODES - 5):  # then many accounts, one code each
        said = await chat.say(f"new{number}", WRONG_CODE)
        assert "không đúng" in said or "không hợp lệ" in said, said
    paused = await chat.say("late", WRONG_CODE)
    assert "tạm ngừng kiểm tra mã" in paused
    await chat.say("later", WRONG_CODE)
    alerts = [r.text for r in chat.channel.to("anh") if "dò mã mời" in r.text]
    assert len(alerts) == 1
    async with database.transaction() as session:
        assert await count_wrong_codes(session, since) == GLOBAL_WRONG_CODES
        assert await count_lockouts(session, since) == 1
        keyed = select(OutboxMessage).where(
            col(OutboxMessage.dedupe_key).startswith("invite-guessing:")
        )
        assert len((await session.exec(keyed)).all()) == 1
    clock.advance(timedelta(minutes=1, seconds=1))
    assert "tạm ngừng" not in await chat.say("late", WRONG_CODE)


async def test_two_instances_share_one_count(database: Database, clock: FakeClock) -> None:
    """The count is in the inbox: a flood split over two instances is held all the same."""
    first, second = build_harness(database, clock), build_harness(database, clock)
    clock.set(clock.now().replace(hour=3, minute=0, second=0, microsecond=0))
    for number in range(MESSAGES_PER_WINDOW + 10):
        await (first if number % 2 else second).send("lan", "xin chào", key=f"k{number}")
    assert await inbox_rows(database, "console:lan") == MESSAGES_PER_WINDOW + 1
    notices = [r for h in (first, second) for r in h.channel.to("lan") if r.text.startswith(FAST)]
    assert len(notices) == 1
