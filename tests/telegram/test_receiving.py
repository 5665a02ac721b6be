"""Receiving: webhook secret, redeliveries, groups, documents, polling errors, clean stop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientSession

from core.clock import FakeClock
from storage.engine import Database
from tests.fakes.telegram_api import SECRET_HEADER, FakeTelegramAPI
from tests.telegram.tgharness import TelegramBot, wait_until

pytestmark = pytest.mark.e2e

USER = 4242


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


@pytest.fixture
async def webhook_bot(
    api: FakeTelegramAPI, sqlite_database: Database, clock: FakeClock
) -> AsyncIterator[TelegramBot]:
    bot = TelegramBot(api, sqlite_database, clock, "webhook")
    await bot.start()
    yield bot
    await bot.stop()


@pytest.fixture
async def polling_bot(
    api: FakeTelegramAPI, sqlite_database: Database, clock: FakeClock
) -> AsyncIterator[TelegramBot]:
    bot = TelegramBot(api, sqlite_database, clock, "polling")
    await bot.start()
    yield bot
    await bot.stop()


async def test_webhook_is_set_with_a_secret(webhook_bot: TelegramBot) -> None:
    api = webhook_bot.api
    assert api.webhook_url == f"http://127.0.0.1:{webhook_bot.port}/telegram/webhook"
    assert api.webhook_secret and len(api.webhook_secret) >= 32
    assert set(api.webhook_allowed_updates or []) == {
        "message",
        "callback_query",
        "my_chat_member",
    }


async def test_wrong_or_missing_secret_is_refused_and_nothing_stored(
    webhook_bot: TelegramBot,
) -> None:
    api = webhook_bot.api
    update = api.inject_message(USER, "/trogiup")
    assert await api.deliver_via_webhook(update, secret_token="wrong-secret-123") == 401
    assert await api.deliver_via_webhook(update, secret_token=None) == 401
    assert await webhook_bot.inbox_rows() == []


async def test_the_same_update_three_times_is_handled_once(webhook_bot: TelegramBot) -> None:
    api = webhook_bot.api
    update = api.inject_message(USER, "/trogiup")
    assert await api.deliver_via_webhook(update, times=3) == 200
    await webhook_bot.app.worker.process_available()
    await webhook_bot.app.worker.deliver()
    assert len(await webhook_bot.inbox_rows()) == 1
    assert len(api.sent_messages(USER)) == 1


async def test_background_workers_handle_webhook_updates(
    api: FakeTelegramAPI, sqlite_database: Database, clock: FakeClock
) -> None:
    bot = TelegramBot(api, sqlite_database, clock, "webhook", workers=2)
    await bot.start()
    try:
        for user in range(10, 20):
            await api.deliver_via_webhook(api.inject_message(user, "/trogiup"), times=2)
        await bot.settle()
        assert sorted(m["chat_id"] for m in api.sent_messages()) == list(range(10, 20))
    finally:
        await bot.stop()


async def test_healthz(webhook_bot: TelegramBot) -> None:
    async with (
        ClientSession() as client,
        client.get(f"http://127.0.0.1:{webhook_bot.port}/healthz") as response,
    ):
        assert response.status == 200
        body = await response.json()
        assert body["healthy"] is True and body["database"]["reachable"] is True
        assert body["deliverers"]["telegram"]["alive"] is True


async def test_malformed_webhook_body_is_400(webhook_bot: TelegramBot) -> None:
    headers = {SECRET_HEADER: webhook_bot.api.webhook_secret or ""}
    url = webhook_bot.api.webhook_url
    async with ClientSession() as client, client.post(url, data=b"{", headers=headers) as resp:
        assert resp.status == 400


async def test_group_answers_only_start(polling_bot: TelegramBot) -> None:
    api = polling_bot.api
    await polling_bot.handle(api.inject_group_message(-100, USER, "hello"))
    assert api.sent_messages() == []
    sent = await polling_bot.handle(api.inject_group_message(-100, USER, "/start@chibo_test_bot"))
    assert sent[0]["chat_id"] == -100 and "trò chuyện riêng" in sent[0]["text"]
    await polling_bot.handle(api.inject_group_message(-100, USER, "/start@other_bot"))
    assert len(api.sent_messages()) == 1


async def test_document_is_downloaded_when_handled(polling_bot: TelegramBot) -> None:
    api = polling_bot.api
    seen: list[tuple[str | None, bytes | None]] = []
    original = polling_bot.app.core.handle

    async def spy(repos, incoming):  # type: ignore[no-untyped-def]
        seen.append((incoming.file_name, incoming.file_bytes))
        return await original(repos, incoming)

    polling_bot.app.core.handle = spy  # type: ignore[method-assign]
    document = api.add_file(b"PK-docx-bytes", "ke-hoach.docx")
    await polling_bot.handle(api.inject_message(USER, "", document=document))
    assert seen == [("ke-hoach.docx", b"PK-docx-bytes")]
    assert len(api.downloads) == 1


async def test_polling_backs_off_and_recovers(polling_bot: TelegramBot) -> None:
    api = polling_bot.api
    await api.wait_for_poll()
    api.fail_next("getUpdates", 502, "Bad Gateway", count=2)
    sent = await polling_bot.write(USER, "/trogiup")
    assert len(sent) == 1


async def test_polling_confirms_and_stops_cleanly(
    api: FakeTelegramAPI, sqlite_database: Database, clock: FakeClock
) -> None:
    bot = TelegramBot(api, sqlite_database, clock, "polling")
    await bot.start()
    await bot.write(USER, "/trogiup")
    await api.wait_for_poll()  # a long poll is parked in the fake
    await bot.stop()  # returns without waiting for the long poll's timeout
    assert api.pending_updates == []  # the stored update was confirmed on the way out
    assert api.webhook_url == ""


async def test_redelivered_poll_batch_is_not_handled_twice(polling_bot: TelegramBot) -> None:
    api = polling_bot.api
    update = api.inject_message(USER, "/trogiup")
    await polling_bot.handle(update)
    # Telegram sends the same update again (e.g. our offset was lost in a crash).
    stored = await polling_bot.telegram.receive(update)
    assert stored is False
    assert await polling_bot.app.worker.process_available() == 0
    await wait_until(lambda: len(api.sent_messages()) == 1)


async def test_two_instances_polling_one_token_never_conflict(
    api: FakeTelegramAPI, sqlite_database: Database, clock: FakeClock
) -> None:
    """One poller per bot token is elected; the other stands by and takes over on stop.

    (The fake counts a 409 for the stopping poller's own abandoned long poll, which nobody
    reads; the pollers themselves must never see one.)"""
    first = TelegramBot(api, sqlite_database, clock, "polling", workers=1)
    second = TelegramBot(api, sqlite_database, clock, "polling", workers=1)
    await first.start()
    await second.start()
    try:
        for number in range(3):
            api.inject_message(USER + number, "/trogiup")
        await wait_until(lambda: len(api.sent_messages()) == 3, limit=10)
        await asyncio.sleep(0.3)
        assert api.conflicts == 0
        await first.stop()  # gives the leases up: the second takes over within its standby
        api.inject_message(USER, "/trogiup")
        await wait_until(lambda: len(api.sent_messages()) == 4, limit=10)
        assert first.telegram.poller.conflicts == second.telegram.poller.conflicts == 0
        assert [len(api.sent_messages(USER + n)) for n in range(3)] == [2, 1, 1]
    finally:
        await second.stop()
