"""Both webhooks, over real HTTP into the real adapters: whatever the body, the answer is 200 or
400, never a 5xx, and a 400 stores nothing; the pollers skip malformed items and go on."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import ClientSession
from hypothesis import HealthCheck, given, settings
from sqlmodel import func, select

from core.clock import FakeClock
from core.limits import MAX_TELEGRAM_BODY
from storage.engine import Database
from storage.models import InboxUpdate
from tests.bounds.strategies import bodies
from tests.bounds.test_edge_units import TG_CALLBACK, TG_MESSAGE, ZALO_EVENT
from tests.fakes.telegram_api import SECRET_HEADER as TG_SECRET_HEADER
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.zalo_api import SECRET_HEADER as ZALO_SECRET_HEADER
from tests.fakes.zalo_api import FakeZaloAPI
from tests.telegram.tgharness import TelegramBot, wait_until
from tests.zalo.zharness import ZaloBot

pytestmark = pytest.mark.e2e
TG_MEMBER: dict[str, Any] = {
    "update_id": 12,
    "my_chat_member": {
        "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "Lan"},
        "date": 1764470000,
        "old_chat_member": {
            "status": "member",
            "user": {"id": 1, "is_bot": True, "first_name": "c"},
        },
        "new_chat_member": {
            "status": "kicked",
            "user": {"id": 1, "is_bot": True, "first_name": "c"},
            "until_date": 0,
        },
    },
}
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
async def telegram(sqlite_database: Database, clock: FakeClock) -> AsyncIterator[TelegramBot]:
    async with FakeTelegramAPI() as api:
        bot = TelegramBot(api, sqlite_database, clock, "webhook")
        await bot.start()
        yield bot
        await bot.stop()


@pytest.fixture
async def zalo(sqlite_database: Database, clock: FakeClock) -> AsyncIterator[ZaloBot]:
    async with FakeZaloAPI() as api:
        bot = ZaloBot(api, sqlite_database, clock, "webhook")
        await bot.start()
        yield bot
        await bot.stop()


async def stored(database: Database) -> int:
    async with database.transaction() as session:
        return int((await session.exec(select(func.count()).select_from(InboxUpdate))).one())


async def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    async with ClientSession() as client, client.post(url, data=body, headers=headers) as response:
        await response.read()
        return response.status


@PROPERTY
@given(body=bodies([TG_MESSAGE, TG_CALLBACK, TG_MEMBER]))
async def test_telegram_webhook_never_answers_5xx_and_a_400_stores_nothing(
    telegram: TelegramBot, body: bytes
) -> None:
    before = await stored(telegram.database)
    headers = {
        TG_SECRET_HEADER: str(telegram.api.webhook_secret),
        "Content-Type": "application/json",
    }
    status = await post(str(telegram.api.webhook_url), body, headers)
    assert status in (200, 400), (status, body[:200])
    if status == 400:
        assert await stored(telegram.database) == before


@PROPERTY
@given(body=bodies([ZALO_EVENT, {"ok": True, "result": ZALO_EVENT}]))
async def test_zalo_webhook_never_answers_5xx_and_a_400_stores_nothing(
    zalo: ZaloBot, body: bytes
) -> None:
    before = await stored(zalo.database)
    headers = {ZALO_SECRET_HEADER: str(zalo.api.webhook_secret), "Content-Type": "application/json"}
    status = await post(str(zalo.api.webhook_url), body, headers)
    assert status in (200, 400, 413), (status, body[:200])
    if status != 200:
        assert await stored(zalo.database) == before


async def test_the_findings_of_the_issue_are_400s(telegram: TelegramBot) -> None:
    """Deep nesting, "from": 1.5 and "chat": [] were 500s that Telegram resends forever."""
    headers = {TG_SECRET_HEADER: str(telegram.api.webhook_secret)}
    url = str(telegram.api.webhook_url)
    update = telegram.api.inject_message(7, "xin chào")
    for broken in ({"from": 1.5}, {"chat": []}, {"text": 12}):
        body = json.dumps({**update, "message": {**update["message"], **broken}}).encode()
        assert await post(url, body, headers) == 400
    assert await post(url, b"[" * 100_000 + b"]" * 100_000, headers) == 400
    assert await post(url, b"[" * (MAX_TELEGRAM_BODY + 1), headers) == 413
    assert await stored(telegram.database) == 0
    assert await post(url, json.dumps(update).encode(), headers) == 200
    assert await stored(telegram.database) == 1


async def test_the_telegram_poller_skips_malformed_items(
    sqlite_database: Database, clock: FakeClock
) -> None:
    async with FakeTelegramAPI() as api:
        bot = TelegramBot(api, sqlite_database, clock, "polling")
        await bot.start()
        try:
            bad = api.inject_message(7, "một")
            bad["message"]["from"] = 1.5
            worse = api.inject_message(7, "hai")
            worse["message"]["chat"] = []
            good = api.inject_message(7, "/trogiup")
            await wait_until(lambda: (bot.telegram.poller.offset or 0) > good["update_id"])
            assert bot.telegram.poller.skipped == 2
            assert [row.update_key for row in await bot.inbox_rows()] == [str(good["update_id"])]
        finally:
            await bot.stop()


async def test_the_zalo_poller_skips_malformed_items(
    sqlite_database: Database, clock: FakeClock
) -> None:
    async with FakeZaloAPI() as api:
        bot = ZaloBot(api, sqlite_database, clock, "polling")
        await bot.start()
        try:
            bad = api.event("u7", "một")
            bad["message"]["from"] = 1.5
            await api.inject(bad)
            await api.inject({"event_name": "message.text.received", "message": []})
            good = api.event("u7", "/trogiup")
            await bot.put(good)
            assert bot.app.zalo is not None and bot.app.zalo.poller.skipped == 2
            assert await bot.stored() == {f"m:{good['message']['message_id']}"}
        finally:
            await bot.stop()
