"""Sending: files, long texts, long button values, errors, and people who block the bot."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from core.channel import ChannelBlocked, ChannelError, ChannelRateLimited, ChannelRejected
from core.clock import FakeClock
from core.i18n import Catalogs
from core.messages import Attachment, Choice, Reply
from handlers.demo import DEMO_CELLS, DEMO_ORG
from services.delivery import Deliverer
from services.outgoing import reply_to
from services.pacing import UNLIMITED
from storage.engine import Database
from storage.repos import Repositories
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.harness import fake_sleep
from tests.telegram.tgharness import TelegramBot, button_data, seed

pytestmark = pytest.mark.e2e

SECRETARY, OFFICER = 1001, 2002
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x03\x08\x02\x00\x00\x00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def chibo(sqlite_database: Database, clock: FakeClock) -> AsyncIterator[TelegramBot]:
    async with FakeTelegramAPI() as api:
        bot = TelegramBot(api, sqlite_database, clock, "webhook")
        await bot.start()
        yield bot
        await bot.stop()


async def outbox(chibo: TelegramBot, chat_id: int, reply: Reply) -> None:
    """Queue a reply the way handlers' replies are queued, then let the deliverer send it."""
    async with chibo.database.transaction() as session:
        await Repositories(session).outbox.add(
            reply_to("telegram", str(chat_id), reply), now=chibo.clock.now()
        )
    await chibo.app.worker.deliver()


async def test_officer_gets_a_document_and_a_photo(chibo: TelegramBot) -> None:
    code = await seed(chibo.database, chibo.clock, "officer", DEMO_ORG)
    await chibo.write(OFFICER, f"/start {code}")
    sheet = Attachment("tong-hop-quy-4.xlsx", b"PK\x03\x04 sheet", XLSX)
    chart = Attachment("bieu-do.png", PNG, "image/png", kind="photo")
    await outbox(chibo, OFFICER, Reply("Tổng hợp quý 4 <2026>", attachment=sheet))
    await outbox(chibo, OFFICER, Reply("Biểu đồ", attachment=chart))
    document, photo = chibo.api.sent_messages(OFFICER)[-2:]
    assert document["method"] == "sendDocument"
    assert document["document"]["filename"] == "tong-hop-quy-4.xlsx"
    assert document["document"]["data"] == sheet.content
    assert document["caption"] == "Tổng hợp quý 4 &lt;2026&gt;"  # escaped for HTML
    assert photo["method"] == "sendPhoto" and photo["photo"]["data"] == PNG
    assert all(row.status == "sent" for row in await chibo.outbox_rows())


async def test_long_text_is_split_at_line_breaks(chibo: TelegramBot) -> None:
    text = "\n".join(f"Dòng {n}: " + "x" * 90 for n in range(100))  # ~10,000 characters
    await outbox(chibo, SECRETARY, Reply(text, (Choice("OK", "ok"),)))
    sent = chibo.api.sent_messages(SECRETARY)
    assert len(sent) == 3 and all(len(m["text"]) <= 4096 for m in sent)
    assert "\n".join(m["text"] for m in sent) == text
    assert [m["reply_markup"] is not None for m in sent] == [False, False, True]


LONG = "\n".join(f"Dòng {n}: " + "x" * 90 for n in range(100))  # 3 messages


async def test_a_long_reply_failing_part_way_goes_on_from_the_message_that_did_not_go(
    chibo: TelegramBot,
) -> None:
    # the second of three messages meets a 502; a restarted instance sends the rest
    chibo.api.fail_next("sendMessage", 502, "Bad Gateway", after=1)
    await outbox(chibo, SECRETARY, Reply(LONG, (Choice("OK", "ok"),)))
    (row,) = await chibo.outbox_rows()
    assert (row.status, row.parts_sent) == ("pending", 1)
    assert row.error and "Bad Gateway" in row.error and "[parts" not in row.error
    assert len(chibo.api.sent_messages(SECRETARY)) == 1
    await chibo.restart()
    chibo.clock.advance(timedelta(seconds=30))
    await chibo.app.worker.deliver()
    sent = chibo.api.sent_messages(SECRETARY)
    assert "\n".join(m["text"] for m in sent) == LONG  # each message once, in order
    assert [m["reply_markup"] is not None for m in sent] == [False, False, True]
    (row,) = await chibo.outbox_rows()
    assert row.status == "sent" and row.message_id == str(sent[-1]["message_id"])


async def test_a_429_part_way_resumes_after_the_wait_without_resending(
    chibo: TelegramBot,
) -> None:
    chibo.api.fail_next("sendMessage", 429, "Too Many Requests", retry_after=5, after=2)
    await outbox(chibo, SECRETARY, Reply(LONG))
    (row,) = await chibo.outbox_rows()
    assert (row.status, row.attempts, row.parts_sent) == ("pending", 0, 2)
    chibo.clock.advance(timedelta(seconds=5))
    await chibo.app.worker.deliver()
    sent = chibo.api.sent_messages(SECRETARY)
    assert "\n".join(m["text"] for m in sent) == LONG
    assert (await chibo.outbox_rows())[0].status == "sent"


async def test_a_kill_part_way_through_a_long_reply_resumes_after_the_messages_answered(
    chibo: TelegramBot,
) -> None:
    """The deliverer dies (kill -9: nothing marked, nothing given back) while the second of
    three messages waits for Telegram; the next holder of the lease sends the second and the
    third only. Before, the count of messages gone was written only when a send failed, and
    the whole reply went again."""
    hold = chibo.api.hold_sends(after=1)
    async with chibo.database.transaction() as session:
        await Repositories(session).outbox.add(
            reply_to("telegram", str(SECRETARY), Reply(LONG, (Choice("OK", "ok"),))),
            now=chibo.clock.now(),
        )
    channel = chibo.app.channels["telegram"]

    def deliverer() -> Deliverer:
        return Deliverer(
            chibo.database, channel, chibo.clock, Catalogs(), pace=UNLIMITED,
            sleep=fake_sleep(chibo.clock),
        )

    dying = asyncio.create_task(deliverer().send_due())
    for _ in range(500):  # until the second message waits at Telegram
        if chibo.api.held_sends:
            break
        await asyncio.sleep(0.01)
    (row,) = await chibo.outbox_rows()
    assert (row.status, row.parts_sent) == ("sending", 1)
    dying.cancel()  # killed while the second message waits
    with contextlib.suppress(asyncio.CancelledError):
        await dying
    hold.set()  # the held call never reached the chat
    assert len(chibo.api.sent_messages(SECRETARY)) == 1
    chibo.clock.advance(timedelta(seconds=11))  # the dead holder's lease runs out
    await deliverer().send_due()
    sent = chibo.api.sent_messages(SECRETARY)
    assert len(sent) == 3 and "\n".join(m["text"] for m in sent) == LONG  # once each, in order
    assert [m["reply_markup"] is not None for m in sent] == [False, False, True]
    (row,) = await chibo.outbox_rows()
    assert row.status == "sent" and row.error is None


async def test_long_button_value_goes_through_the_database(chibo: TelegramBot) -> None:
    value = "/chibo " + "Chi bộ Thôn Đông Hòa Bình Thượng " * 3
    channel = chibo.app.channels["telegram"]
    sent = await channel.send(str(SECRETARY), Reply("Chọn", (Choice("Chi bộ", value),)))
    message = chibo.api.message(SECRETARY, int(sent.message_id))
    data = button_data(message, "Chi bộ")
    assert data.startswith("k:") and len(data.encode()) <= 64

    await chibo.restart()  # another instance decodes it too
    await chibo.handle(chibo.api.inject_callback(SECRETARY, message["message_id"], data))
    rows = await chibo.inbox_rows()
    assert rows[-1].payload["choice"] == value


async def test_send_raises_only_core_errors(chibo: TelegramBot) -> None:
    api = chibo.api
    channel = chibo.app.channels["telegram"]
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(ChannelRateLimited) as limited:
        await channel.send("5", Reply("x"))
    assert limited.value.retry_after == 7
    api.fail_next("sendMessage", 502, "Bad Gateway")
    with pytest.raises(ChannelError) as server:
        await channel.send("5", Reply("x"))
    assert type(server.value) is ChannelError
    api.block(5)
    with pytest.raises(ChannelBlocked):
        await channel.send("5", Reply("x"))
    with pytest.raises(ChannelRejected):
        await channel.send("6", Reply(""))
    await api.close()  # the server is gone: a network error, worth retrying
    with pytest.raises(ChannelError) as network:
        await channel.send("6", Reply("x"))
    assert "123456:TEST" not in str(network.value)


async def test_rate_limited_delivery_waits_retry_after(chibo: TelegramBot) -> None:
    chibo.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    await outbox(chibo, SECRETARY, Reply("Nhắc việc"))
    (row,) = await chibo.outbox_rows()
    assert row.status == "pending" and row.attempts == 0  # a 429 does not count as a try
    assert row.next_attempt_at == chibo.clock.now() + timedelta(seconds=7)
    deliverer = chibo.app.deliverers["telegram"]
    assert deliverer.pacer.paused_until == row.next_attempt_at  # every chat waits
    chibo.clock.advance(timedelta(seconds=7))
    await chibo.app.worker.deliver()
    (row,) = await chibo.outbox_rows()
    assert row.status == "sent" and row.attempts == 1


async def test_403_on_send_marks_the_account_blocked(chibo: TelegramBot) -> None:
    code = await seed(chibo.database, chibo.clock, "secretary", DEMO_CELLS[0].name)
    await chibo.write(SECRETARY, f"/start {code}")
    chibo.api.block(SECRETARY)
    await outbox(chibo, SECRETARY, Reply("Nhắc việc"))
    account = await chibo.account(SECRETARY)
    assert account is not None and account.blocked_at is not None
    assert (await chibo.outbox_rows())[-1].status == "blocked"


async def test_blocking_the_bot_marks_the_account_and_tells_officers(chibo: TelegramBot) -> None:
    api = chibo.api
    officer_code = await seed(chibo.database, chibo.clock, "officer", DEMO_ORG)
    await chibo.write(OFFICER, f"/start {officer_code}", "Bình")
    code = await seed(chibo.database, chibo.clock, "secretary", DEMO_CELLS[0].name)
    await chibo.write(SECRETARY, f"/start {code}", "Chi")

    await chibo.handle(api.inject_my_chat_member(SECRETARY, "kicked"))
    account = await chibo.account(SECRETARY)
    assert account is not None and account.blocked_at is not None
    told = api.sent_messages(OFFICER)[-1]["text"]
    assert "Chi" in told and "Chi bộ Thôn 1" in told and "đã chặn chibo" in told

    # The same event again tells nobody twice; unblocking clears the mark.
    await chibo.handle(api.inject_my_chat_member(SECRETARY, "kicked"))
    assert len([m for m in api.sent_messages(OFFICER) if "đã chặn" in m["text"]]) == 1
    await chibo.handle(api.inject_my_chat_member(SECRETARY, "member"))
    account = await chibo.account(SECRETARY)
    assert account is not None and account.blocked_at is None
