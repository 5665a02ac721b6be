"""Fault tests against the real `chibo run` process (fast variants; faults/ has the long ones).

- kill -9 while a reminder batch goes out and secretaries' reports are being handled, then a
  restart: no reminder lost, no update lost or handled twice, every report whole; duplicates
  only inside the window services/delivery.py documents (at most MARK_BATCH plus the calls in
  flight); the recovery time is printed.
- The SQLite database locked by another writer for a few seconds: /healthz says 503 meanwhile
  and 200 after, nothing lost; then the Telegram API down and back: the backlog drains at the
  allowed pace (the fake answers 429 past 30/s: none is seen).
- Two instances on one PostgreSQL: every update handled once, every message sent once.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from services.delivery import MARK_BATCH
from services.pacing import TELEGRAM_PACE
from storage.engine import Database
from storage.models import MeetingReport
from tests.chibo_process import (
    TOKEN,
    Chibo,
    WebhookPusher,
    chibo_environment,
    demo_secretaries,
    duplicates,
    free_port,
    inbox_counts,
    outbox_counts,
    prepared,
    reminder_batch,
    telegram_accounts,
    wait_for,
)
from tests.databases import fresh_database, postgres_unavailable_reason
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.e2e

SENT = "Đã ghi báo cáo sinh hoạt"  # "... chi bộ tháng 11/2026", "... chuyên đề quý IV/2026"
# "Chi bộ Thôn 2, tháng 11/2026:", "Chi bộ Thôn 2, sinh hoạt chuyên đề quý IV/2026 (...):"
QUESTION = re.compile(r"Chi bộ [^,\n]+, (tháng|quý|sinh hoạt) ")
WINDOW = MARK_BATCH + TELEGRAM_PACE.concurrency  # the documented duplicate window of one crash


async def _idle(database: Database, updates: int) -> bool:
    inbox = await inbox_counts(database)
    assert not inbox.get("failed"), inbox
    outbox = await outbox_counts(database)
    return inbox.get("done", 0) == updates and not outbox.get("pending") and not outbox.get("sending")


@pytest.mark.slow
async def test_kill_9_during_a_reminder_batch_and_report_handling_loses_nothing(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    database = Database(url)
    await prepared(database)
    secretaries = await demo_secretaries(database, 20)
    members = await telegram_accounts(database, 100)
    await reminder_batch(database, secretaries + members)
    async with FakeTelegramAPI(token=TOKEN) as api:
        chibo = Chibo(chibo_environment(url, api, free_port()), tmp_path, tmp_path / "chibo.log")
        pusher = WebhookPusher(api)
        try:
            await chibo.start()
            await chibo.wait_ready()
            pusher.start()
            reporting = asyncio.gather(*(_report(api, user) for user in secretaries))
            await wait_for(lambda: _handled(database, 40), 60, "report handling under way", 0.02)
            await chibo.kill()
            at_kill = (len(api.sent_messages()), await inbox_counts(database))
            print(f"\nkill -9 with {at_kill[0]} messages sent, inbox {at_kill[1]}")
            assert at_kill[0] < len(secretaries) + len(members)  # the kill landed mid-batch
            restarted = time.monotonic()
            await chibo.start()
            startup = await chibo.wait_ready()
            steps = await asyncio.wait_for(reporting, 180)
            updates = sum(steps)
            await wait_for(lambda: _idle(database, updates), 120, "everything handled and sent")
            recovery = time.monotonic() - restarted
            await chibo.terminate()
        finally:
            await pusher.stop()
            await chibo.close()
        async with database.transaction() as session:
            reports = (await session.exec(select(MeetingReport))).all()
        await database.dispose()
    reminders = [m for m in api.sent_messages() if "(batch " in m.get("text", "")]
    reminded = {int(m["chat_id"]) for m in reminders}
    doubled = duplicates(api)
    print(
        f"kill -9: restart to ready {startup:.1f} s, to all handled and sent {recovery:.1f} s; "
        f"reminders {len(reminded)}/{len(secretaries) + len(members)} reached, "
        f"{len(reminders) - len(reminded)} sent twice; duplicates overall {doubled} "
        f"(window {WINDOW}); reports {len(reports)}/{len(secretaries)}"
    )
    assert reminded == set(secretaries + members)  # no reminder lost
    assert doubled <= WINDOW
    for user in secretaries:  # every update handled: each report went through to the end
        assert any(SENT in m.get("text", "") for m in api.sent_messages(user)), user
    assert len(reports) == len(secretaries)
    assert all(
        r.status == "sent" and r.present is not None and r.grade is not None for r in reports
    )


async def _report(api: FakeTelegramAPI, user: int) -> int:
    """A secretary reports the month's meeting as it is asked, answering each question once
    its reply has arrived (`_answer`). How many messages it sent."""
    texts = ["/baocao"]
    api.inject_message(user, texts[0])
    while len(texts) < 16:
        seen = len(api.sent_messages(user))
        await wait_for(
            lambda seen=seen: _replied(api, user, seen), 180, f"a reply to {user}", 0.05  # type: ignore[misc]
        )
        last = api.sent_messages(user)[-1].get("text", "")
        if SENT in last:
            return len(texts)
        texts.append(_answer(last))
        api.inject_message(user, texts[-1])
    raise AssertionError(
        f"{user}: the report did not end after {texts}: {api.sent_messages(user)[-3:]}"
    )


def _answer(question: str) -> str:
    """A secretary's answer to what the question asks: the meeting already due (early in a
    month, the one of yesterday's month), held, yesterday or today, everyone present, no
    unexcused absence, no upper-level member, a resolution, good, send; a topic session (all
    that is open when the month's meeting is reported) gets a title. Numbers only where a
    choice is asked: a typed "1" at a count question would be one member present."""
    if "báo cáo buổi sinh hoạt nào" in question:
        month = f"tháng {_yesterday():%m/%Y}"
        listed = re.findall(r"^\s+(\d+)\. (.*)$", question, re.MULTILINE)
        return next((number for number, label in listed if month in label), "1")
    if "họp ngày nào" in question:  # a day of the month being reported
        return "hôm qua" if f"tháng {_yesterday():%m/%Y}" in question else "hôm nay"
    if "Có mặt bao nhiêu" in question:
        return "đủ"
    if "vắng không lý do" in question:
        return "0"
    if "Tên chuyên đề" in question:
        return "Học tập Nghị quyết 21"
    if "cấp trên nào dự họp" in question:  # after a «Có» (answers crossing a duplicate)
        return "1"  # no name recorded
    return "2" if "cấp ủy cấp trên" in question else "1"


def _yesterday() -> date:
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() - timedelta(days=1)


def _replied(api: FakeTelegramAPI, user: int, seen: int) -> bool:
    """A new message arrived and is the report's next question or its end (not a reminder,
    ours or one the planning tick wrote for the real date)."""
    messages = api.sent_messages(user)
    if len(messages) <= seen:
        return False
    text = str(messages[-1].get("text", ""))
    return SENT in text or "buổi sinh hoạt nào" in text or QUESTION.match(text) is not None


async def _handled(database: Database, count: int) -> bool:
    return (await inbox_counts(database)).get("done", 0) >= count


@pytest.mark.slow
async def test_a_locked_database_then_the_api_down_health_says_so_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.db"
    url = f"sqlite:///{path}"
    database = Database(url)
    await prepared(database)
    users = await telegram_accounts(database, 40)
    async with FakeTelegramAPI(token=TOKEN, rate_limit_per_second=30) as api:
        chibo = Chibo(chibo_environment(url, api, free_port()), tmp_path, tmp_path / "chibo.log")
        pusher = WebhookPusher(api)
        try:
            await chibo.start()
            await chibo.wait_ready()
            pusher.start()
            await wait_for(lambda: _healthy(chibo), 30, "healthy at the start")

            # 1. Another process holds SQLite's write lock for 6 seconds.
            locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            locker.execute("BEGIN EXCLUSIVE")
            locked_at = time.monotonic()
            for user in users[:10]:
                api.inject_message(user, "/trogiup")
            seen = await _statuses_for(chibo, 6.0)
            locker.execute("COMMIT")
            locker.close()
            lock_seconds = time.monotonic() - locked_at
            healthy_after = await wait_for(lambda: _healthy(chibo), 60, "healthy again")
            await wait_for(lambda: _idle(database, 10), 60, "the updates of the outage")
            print(
                f"\nSQLite locked {lock_seconds:.1f} s: /healthz "
                f"{seen}; healthy {healthy_after:.1f} s after the lock was released"
            )
            assert 503 in seen  # unhealthy while locked
            assert all(len(api.sent_messages(u)) == 1 for u in users[:10])

            # 2. The Telegram API fails every send for a while, then comes back.
            api.fail_next("sendMessage", 502, "Bad Gateway", count=10**9)
            await reminder_batch(database, users, tag="outage")
            for user in users[10:20]:
                api.inject_message(user, "/trogiup")
            await wait_for(lambda: _handled(database, 20), 60, "handled during the outage")
            await asyncio.sleep(4)
            assert not [m for m in api.sent_messages() if "outage" in m.get("text", "")]
            api.clear_failures()
            back = time.monotonic()
            await wait_for(lambda: _idle(database, 20), 120, "the backlog drained")
            drained = time.monotonic() - back
            await chibo.terminate()
        finally:
            await pusher.stop()
            await chibo.close()
            await database.dispose()
    outage = [m for m in api.sent_messages() if "outage" in m.get("text", "")]
    times = sorted(float(m["at"]) for m in outage)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    rate = (len(times) - 1) / span if span else float("nan")
    print(
        f"API down then back: {len(outage)} reminders drained in {drained:.1f} s "
        f"({rate:.1f}/s between the first and the last), 429s {api.too_many_requests_count}, "
        f"duplicates {duplicates(api)}"
    )
    assert {int(m["chat_id"]) for m in outage} == set(users) and len(outage) == len(users)
    assert all(len(api.sent_messages(u)) == 2 for u in users[10:20])  # reply + reminder
    assert api.too_many_requests_count == 0  # drained at the allowed pace
    assert duplicates(api) == 0


async def _healthy(chibo: Chibo) -> bool:
    status, _body = await chibo.health()
    return status == 200


async def _statuses_for(chibo: Chibo, seconds: float) -> list[int]:
    statuses: list[int] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _body = await chibo.health()
        statuses.append(status)
        await asyncio.sleep(0.5)
    return statuses


@pytest.mark.postgres
@pytest.mark.long  # two real processes, ~20 s: `python3 dev.py test -m long`
async def test_two_instances_on_one_postgresql_handle_and_send_each_once(tmp_path: Path) -> None:
    reason = postgres_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    async with fresh_database("postgres", tmp_path) as database:
        url = database.url
        users = await telegram_accounts(database, 60)
        await reminder_batch(database, users)
        async with FakeTelegramAPI(token=TOKEN) as api:
            first_port, second_port = free_port(), free_port()
            # One public address for both (a reverse proxy in front): the webhook goes to one
            # of them, and both handle the inbox and compete for the delivery lease.
            env = chibo_environment(url, api, first_port)
            one = Chibo(env, tmp_path, tmp_path / "one.log")
            two = Chibo({**env, "CHIBO_LISTEN_PORT": str(second_port)}, tmp_path, tmp_path / "two.log")
            pusher = WebhookPusher(api)
            try:
                await asyncio.gather(one.start(), two.start())
                await asyncio.gather(one.wait_ready(), two.wait_ready())
                pusher.start()
                for round_ in range(3):
                    for user in users:
                        api.inject_message(user, f"/trogiup {round_}")
                await wait_for(lambda: _idle(database, 3 * len(users)), 120, "all handled, sent")
                scraped = [await one.metrics(), await two.metrics()]
                handled = [_total(text, "chibo_updates_handled_total") for text in scraped]
                sent = [_total(text, "chibo_messages_total", 'outcome="sent"') for text in scraped]
                await asyncio.gather(one.terminate(), two.terminate())
            finally:
                await pusher.stop()
                await one.close()
                await two.close()
    for user in users:
        texts = [m["text"] for m in api.sent_messages(user)]
        assert len(texts) == 4, (user, len(texts))  # the reminder and three answers, once each
    print(
        f"\ntwo instances on PostgreSQL: {3 * len(users)} updates, {len(api.sent_messages())} "
        f"messages, each once; handled by each: {handled}, sent by each: {sent}"
    )
    assert sum(handled) == 3 * len(users)  # each update handled by one instance only


def _total(metrics: str, name: str, having: str = "") -> int:
    """The sum of a metric's samples (those whose labels contain `having`)."""
    total = 0.0
    for line in metrics.splitlines():
        if line.startswith(name + "{") and having in line:
            total += float(line.rsplit(" ", 1)[1])
    return int(total)
