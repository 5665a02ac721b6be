"""The fake Telegram Bot API, driven by aiogram's Bot over HTTP (a client we did not write)."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import pytest
from aiohttp import web

from tests.fakes.telegram_api import BLOCKED_DESCRIPTION, SECRET_HEADER, FakeTelegramAPI

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.exceptions import (
        TelegramBadRequest,
        TelegramConflictError,
        TelegramForbiddenError,
        TelegramNotFound,
        TelegramRetryAfter,
        TelegramServerError,
    )
    from aiogram.methods import TelegramMethod
    from aiogram.types import (
        BotCommand,
        BotCommandScopeAllPrivateChats,
        BotCommandScopeChat,
        BufferedInputFile,
        InlineKeyboardButton,
        InlineKeyboardMarkup,
    )

pytestmark = pytest.mark.integration
# aiogram builds some 450 pydantic models when imported (about 8 s of CPU): imported when these
# tests run, not while every worker collects the suite.
_AIOGRAM_NAMES = {
    "aiogram": ("Bot",),
    "aiogram.client.session.aiohttp": ("AiohttpSession",),
    "aiogram.client.telegram": ("TelegramAPIServer",),
    "aiogram.exceptions": (
        "TelegramBadRequest",
        "TelegramConflictError",
        "TelegramForbiddenError",
        "TelegramNotFound",
        "TelegramRetryAfter",
        "TelegramServerError",
    ),
    "aiogram.methods": ("TelegramMethod",),
    "aiogram.types": (
        "BotCommand",
        "BotCommandScopeAllPrivateChats",
        "BotCommandScopeChat",
        "BufferedInputFile",
        "InlineKeyboardButton",
        "InlineKeyboardMarkup",
    ),
}


@pytest.fixture(scope="module", autouse=True)
def _aiogram() -> None:
    for module, names in _AIOGRAM_NAMES.items():
        imported = importlib.import_module(module)
        globals().update({name: getattr(imported, name) for name in names})

TOKEN = "123456:TEST-token_abc"
PNG_2x3 = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x03\x08\x02\x00\x00\x00"


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeTelegramAPI) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.base_url))
    async with Bot(TOKEN, session=session) as client:
        yield client


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    buttons = [[InlineKeyboardButton(text=t, callback_data=d)] for t, d in pairs]
    return InlineKeyboardMarkup(inline_keyboard=buttons)


async def test_get_me(bot: Bot, api: FakeTelegramAPI) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "chibo_test_bot"
    assert me.id == api.bot_user["id"]


async def test_token_is_checked_when_given() -> None:
    async with FakeTelegramAPI(token="999:right") as fake:
        session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
        async with Bot("999:wrong", session=session) as wrong:
            with pytest.raises(Exception, match="Unauthorized"):
                await wrong.get_me()


async def test_unknown_method_is_404(bot: Bot, api: FakeTelegramAPI) -> None:
    class NoSuchMethod(TelegramMethod[bool]):
        __returning__ = bool
        __api_method__ = "noSuchMethod"

    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot(NoSuchMethod())


async def test_send_text_with_keyboard_edit_and_answer_callback(
    bot: Bot, api: FakeTelegramAPI
) -> None:
    api.inject_message(42, "/start", first_name="Lan")
    sent = await bot.send_message(
        42,
        "Chọn <b>một</b> &amp; bấm",
        parse_mode="HTML",
        reply_markup=keyboard(("Có", "c:yes"), ("Không", "c:no")),
    )
    assert sent.message_id == 2  # the user's /start took id 1 in this chat
    assert sent.text == "Chọn một & bấm"
    assert sent.reply_markup is not None
    [record] = api.sent_messages(42)
    assert record["text"] == "Chọn <b>một</b> &amp; bấm"
    assert record["parse_mode"] == "HTML"
    assert record["reply_markup"]["inline_keyboard"][1][0]["callback_data"] == "c:no"

    update = api.inject_callback(42, sent.message_id, "c:yes")
    [delivered] = await bot.get_updates(offset=update["update_id"], timeout=0)
    assert delivered.callback_query is not None
    assert delivered.callback_query.data == "c:yes"
    assert delivered.update_id == update["update_id"]
    await bot.answer_callback_query(delivered.callback_query.id, text="Đã ghi")
    assert api.answered_callbacks[0]["text"] == "Đã ghi"
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query(delivered.callback_query.id)

    edited = await bot.edit_message_text(
        text="Chọn một\n\n✓ Có", chat_id=42, message_id=sent.message_id
    )
    assert not isinstance(edited, bool)
    assert edited.reply_markup is None  # editing text without a markup drops the buttons
    assert api.edited[0]["method"] == "editMessageText"
    assert api.message(42, sent.message_id)["text"] == "Chọn một\n\n✓ Có"
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(text="Chọn một\n\n✓ Có", chat_id=42, message_id=2)


async def test_edit_reply_markup_removes_buttons(bot: Bot, api: FakeTelegramAPI) -> None:
    sent = await bot.send_message(7, "Hỏi", reply_markup=keyboard(("A", "c:a")))
    await bot.edit_message_reply_markup(chat_id=7, message_id=sent.message_id)
    assert "reply_markup" not in api.message(7, sent.message_id)
    assert api.edited[-1]["method"] == "editMessageReplyMarkup"
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_reply_markup(chat_id=7, message_id=99)


async def test_fake_rejects_what_telegram_rejects(bot: Bot, api: FakeTelegramAPI) -> None:
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(7, "x", reply_markup=keyboard(("A", "ắ" * 30)))
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(7, "a < b", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(7, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="text is empty"):
        await bot.send_message(7, "  ")
    assert api.sent_count == 0


async def test_send_document_and_photo_uploads(bot: Bot, api: FakeTelegramAPI) -> None:
    content = b"PK\x03\x04" + b"x" * 5000
    message = await bot.send_document(
        5,
        BufferedInputFile(content, filename="Báo cáo quý 4.xlsx"),
        caption="Tổng hợp <b>quý</b>",
        parse_mode="HTML",
    )
    assert message.document is not None
    assert message.document.file_name == "Báo cáo quý 4.xlsx"
    assert message.document.file_size == len(content)
    assert message.caption == "Tổng hợp quý"
    photo = await bot.send_photo(5, BufferedInputFile(PNG_2x3, filename="bieu-do.png"))
    assert photo.photo is not None and (photo.photo[-1].width, photo.photo[-1].height) == (2, 3)

    doc, pic = api.sent_messages(5)
    assert doc["method"] == "sendDocument"
    assert doc["document"]["filename"] == "Báo cáo quý 4.xlsx"
    assert doc["document"]["size"] == len(content)
    assert doc["document"]["data"] == content
    assert doc["caption"] == "Tổng hợp <b>quý</b>"
    assert pic["method"] == "sendPhoto"
    assert pic["photo"]["filename"] == "bieu-do.png"
    assert pic["photo"]["content_type"] == "image/png"
    assert (doc["message_id"], pic["message_id"]) == (1, 2)


async def test_get_updates_offset_and_redelivery(bot: Bot, api: FakeTelegramAPI) -> None:
    first = api.inject_message(1, "một")
    second = api.inject_message(2, "hai")
    batch = await bot.get_updates(timeout=0)
    assert [u.update_id for u in batch] == [first["update_id"], second["update_id"]]
    again = await bot.get_updates(timeout=0)  # not confirmed: delivered again
    assert [u.update_id for u in again] == [first["update_id"], second["update_id"]]
    rest = await bot.get_updates(offset=first["update_id"] + 1, timeout=0)
    assert [u.update_id for u in rest] == [second["update_id"]]
    assert await bot.get_updates(offset=second["update_id"] + 1, timeout=0) == []
    assert api.pending_updates == []


async def test_long_poll_wakes_on_inject_and_times_out(bot: Bot, api: FakeTelegramAPI) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await api.wait_for_poll()
    api.inject_message(3, "chào")
    [update] = await poll
    assert update.message is not None and update.message.text == "chào"
    assert await bot.get_updates(offset=update.update_id + 1, timeout=1) == []


async def test_newer_poll_terminates_older(bot: Bot, api: FakeTelegramAPI) -> None:
    older = asyncio.create_task(bot.get_updates(timeout=5))
    await api.wait_for_poll()
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await older


async def test_my_chat_member_and_blocked_user(bot: Bot, api: FakeTelegramAPI) -> None:
    api.inject_my_chat_member(9, "kicked")
    [update] = await bot.get_updates(timeout=0)
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(TelegramForbiddenError, match="blocked by the user"):
        await bot.send_message(9, "nhắc")
    api.inject_my_chat_member(9, "member")
    assert (await bot.send_message(9, "nhắc")).chat.id == 9


async def test_group_message_and_unknown_chat(bot: Bot, api: FakeTelegramAPI) -> None:
    api.inject_group_message(-100, 4, "chào cả chi bộ", title="Chi bộ 1")
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.chat.type == "group"
    assert (await bot.send_message(-100, "chào")).chat.title == "Chi bộ 1"
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(-5, "x")


async def test_strict_chats() -> None:
    async with FakeTelegramAPI(strict_chats=True) as fake:
        session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
        async with Bot(TOKEN, session=session) as client:
            with pytest.raises(TelegramBadRequest, match="chat not found"):
                await client.send_message(77, "x")
            fake.add_user(77, "Minh")
            assert (await client.send_message(77, "x")).chat.first_name == "Minh"


async def test_scripted_errors_surface_as_aiogram_exceptions(
    bot: Bot, api: FakeTelegramAPI
) -> None:
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(1, "x")
    assert caught.value.retry_after == 7
    api.fail_next("sendMessage", 403, BLOCKED_DESCRIPTION)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(1, "x")
    api.fail_next("sendMessage", 500, "Internal Server Error", count=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(1, "x")
    assert (await bot.send_message(1, "x")).message_id == 1
    assert api.too_many_requests_count == 1
    assert api.sent_count == 1


async def test_global_rate_limit() -> None:
    now = [100.0]
    async with FakeTelegramAPI(rate_limit_per_second=3, monotonic=lambda: now[0]) as fake:
        session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
        async with Bot(TOKEN, session=session) as client:
            for chat in (1, 2, 3):
                await client.send_message(chat, "x")
            with pytest.raises(TelegramRetryAfter) as caught:
                await client.send_document(4, BufferedInputFile(b"x", filename="a.txt"))
            assert caught.value.retry_after >= 1
            now[0] += 1.0
            await client.send_message(4, "x")
    assert (fake.sent_count, fake.too_many_requests_count) == (4, 1)


async def test_commands_per_scope_and_language(bot: Bot, api: FakeTelegramAPI) -> None:
    vi = [BotCommand(command="baocao", description="Báo cáo sinh hoạt")]
    en = [BotCommand(command="baocao", description="Meeting report")]
    admin = [BotCommand(command="tonghop", description="Tổng hợp")]
    await bot.set_my_commands(vi, scope=BotCommandScopeAllPrivateChats(), language_code="vi")
    await bot.set_my_commands(en, scope=BotCommandScopeAllPrivateChats(), language_code="en")
    await bot.set_my_commands(admin, scope=BotCommandScopeChat(chat_id=42))
    assert api.commands_for("all_private_chats", "vi") == [
        {"command": "baocao", "description": "Báo cáo sinh hoạt"}
    ]
    assert api.commands_for("all_private_chats", "en") is not None
    assert api.commands_for("chat:42") == [{"command": "tonghop", "description": "Tổng hợp"}]
    got = await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=42))
    assert [c.command for c in got] == ["tonghop"]
    await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=42))
    assert api.commands_for("chat:42") is None
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="hủy", description="x")])


async def test_chat_action(bot: Bot, api: FakeTelegramAPI) -> None:
    assert await bot.send_chat_action(5, "upload_document")
    assert api.chat_actions[0]["action"] == "upload_document"


class Receiver:
    """A tiny webhook endpoint that checks the secret like bot/ will."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.received: list[dict[str, Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        if request.headers.get(SECRET_HEADER) != self.secret:
            return web.Response(status=401)
        self.received.append(await request.json())
        return web.Response(status=200)


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    target = Receiver("s3cret_A-1")
    app = web.Application()
    app.router.add_post("/tg/webhook", target.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield target, f"http://127.0.0.1:{port}/tg/webhook"
    await runner.cleanup()


async def test_webhook_delivery_with_right_and_wrong_secret(
    bot: Bot, api: FakeTelegramAPI, receiver: tuple[Receiver, str]
) -> None:
    target, url = receiver
    await bot.set_webhook(url, secret_token="s3cret_A-1", allowed_updates=["message"])
    info = await bot.get_webhook_info()
    assert info.url == url and info.allowed_updates == ["message"]
    assert api.webhook_secret == "s3cret_A-1"
    with pytest.raises(TelegramConflictError):
        await bot.get_updates(timeout=0)

    update = api.inject_message(42, "xin chào")
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await api.deliver_via_webhook(update, times=3) == 200
    assert [u["update_id"] for u in target.received] == [update["update_id"]] * 3
    assert await api.deliver_via_webhook(update, secret_token="wrong") == 401
    assert await api.deliver_via_webhook(update, secret_token=None) == 401
    assert await api.deliver_pending_via_webhook() == [200]
    assert api.pending_updates == []
    assert api.webhook_statuses == [200, 200, 200, 401, 401, 200]

    await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates(timeout=0) == []
