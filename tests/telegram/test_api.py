"""Our Bot API client against the fake Bot API over HTTP: calls, files, and every error
translated into the core's channel errors without the token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.telegram.api import (
    ApiCall,
    TelegramApi,
    TelegramChatMigrated,
    TelegramRejected,
    Upload,
    api_error,
)
from bot.telegram.render import choice_made_edit, decode_choice, remove_keyboard, render_reply
from core.channel import (
    ChannelBlocked,
    ChannelError,
    ChannelRateLimited,
    ChannelUnauthorized,
)
from core.messages import Attachment, Choice, Reply
from tests.fakes.telegram_api import BLOCKED_DESCRIPTION, FakeTelegramAPI

pytestmark = pytest.mark.integration

TOKEN = "123456:TEST-token_abc"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI(token=TOKEN) as api:
        yield api


@pytest.fixture
async def client(fake: FakeTelegramAPI) -> AsyncIterator[TelegramApi]:
    api = TelegramApi(TOKEN, fake.base_url + "/")
    yield api
    await api.close()


async def test_get_me_and_plain_json_results(client: TelegramApi, fake: FakeTelegramAPI) -> None:
    me = await client.call("getMe")
    assert me["username"] == "chibo_test_bot" and me["id"] == fake.bot_user["id"]
    fake.inject_message(5, "xin chào")
    [update] = await client.call("getUpdates", {"offset": None, "timeout": 0})
    assert update["message"]["text"] == "xin chào"


async def test_rendered_reply_is_accepted_and_round_trips(
    client: TelegramApi, fake: FakeTelegramAPI
) -> None:
    long_values: dict[str, str] = {}

    def store(value: str) -> str:
        long_values[str(len(long_values))] = value
        return str(len(long_values) - 1)

    long_choice = "Sinh hoạt chuyên đề: học tập và làm theo tư tưởng, đạo đức Hồ Chí Minh"
    reply = Reply(
        "Chi bộ <Thôn 1> & <Thôn 2>\n" + "chi tiết " * 800,
        choices=(Choice("Thường kỳ", "regular"), Choice("Chuyên đề", long_choice)),
        attachment=Attachment("Báo cáo.xlsx", b"PK\x03\x04", "application/vnd.ms-excel"),
    )
    sent = [await client(call) for call in render_reply(8, reply, store)]
    records = fake.sent_messages(8)
    assert [r["method"] for r in records] == ["sendDocument", "sendMessage", "sendMessage"]
    assert records[0]["document"]["filename"] == "Báo cáo.xlsx"
    assert records[0]["document"]["content_type"] == "application/vnd.ms-excel"
    assert sent[1]["text"].startswith("Chi bộ <Thôn 1> & <Thôn 2>")
    last = sent[-1]
    data = last["reply_markup"]["inline_keyboard"][0][1]["callback_data"]

    fake.inject_callback(8, last["message_id"], data)
    [update] = await client.call("getUpdates", {"timeout": 0})
    query = update["callback_query"]
    assert decode_choice(query["data"], long_values.get) == long_choice
    message = query["message"]
    await client(choice_made_edit(8, message["message_id"], message["text"], "Chuyên đề"))
    edited = fake.message(8, last["message_id"])
    assert edited["text"].endswith("\n\n✓ Chuyên đề") and "reply_markup" not in edited


async def test_file_with_caption_and_buttons_in_one_form(
    client: TelegramApi, fake: FakeTelegramAPI
) -> None:
    params = {
        "chat_id": 9,
        "caption": "Tổng hợp",
        "parse_mode": "HTML",
        "disable_notification": True,
        "reply_markup": {"inline_keyboard": [[{"text": "OK", "callback_data": "c:ok"}]]},
    }
    sent = await client(ApiCall("sendPhoto", params, Upload("photo", "chart.png", b"\x89PNG")))
    assert sent["caption"] == "Tổng hợp"
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "c:ok"
    await client(remove_keyboard(9, sent["message_id"]))
    assert "reply_markup" not in fake.message(9, sent["message_id"])


async def test_download_a_file(client: TelegramApi, fake: FakeTelegramAPI) -> None:
    document = fake.add_file(b"noi dung", "ke-hoach.docx")
    assert await client.download(document["file_id"]) == b"noi dung"
    with pytest.raises(TelegramRejected, match="invalid file_id"):
        await client.download("file-404")


@pytest.mark.parametrize(
    ("code", "description", "retry_after", "expected"),
    [
        (429, "Too Many Requests: retry after 3", 3, ChannelRateLimited),
        (403, BLOCKED_DESCRIPTION, None, ChannelBlocked),
        (403, "Forbidden: user is deactivated", None, ChannelBlocked),
        (400, "Bad Request: chat not found", None, ChannelBlocked),
        (400, "Bad Request: can't parse entities", None, TelegramRejected),
        (401, "Unauthorized", None, ChannelUnauthorized),
        (409, "Conflict: terminated by other getUpdates request", None, ChannelError),
        (500, "Internal Server Error", None, ChannelError),
        (502, "Bad Gateway", None, ChannelError),
    ],
)
async def test_errors_from_real_answers(
    client: TelegramApi,
    fake: FakeTelegramAPI,
    code: int,
    description: str,
    retry_after: int | None,
    expected: type[ChannelError],
) -> None:
    fake.fail_next("sendMessage", code, description, retry_after=retry_after)
    with pytest.raises(expected) as caught:
        await client.call("sendMessage", {"chat_id": 1, "text": "x"})
    assert type(caught.value) is expected
    assert TOKEN not in str(caught.value)
    if isinstance(caught.value, ChannelRateLimited):
        assert caught.value.retry_after == 3.0


async def test_wrong_token_is_unauthorized(fake: FakeTelegramAPI) -> None:
    wrong = TelegramApi("999:wrong", fake.base_url)
    try:
        with pytest.raises(ChannelUnauthorized):
            await wrong.call("getMe")
    finally:
        await wrong.close()


async def test_network_errors_are_retryable_and_hide_the_token() -> None:
    dead = TelegramApi(TOKEN, "http://127.0.0.1:1")
    try:
        with pytest.raises(ChannelError) as caught:
            await dead.call("getMe")
    finally:
        await dead.close()
    assert type(caught.value) is ChannelError
    assert TOKEN not in str(caught.value) and caught.value.__cause__ is None


def test_api_error_cases() -> None:
    migrated = api_error(
        "sendMessage",
        400,
        {"ok": False, "error_code": 400, "parameters": {"migrate_to_chat_id": -100123}},
    )
    assert isinstance(migrated, TelegramChatMigrated) and migrated.new_chat_id == -100123
    assert type(api_error("sendDocument", 413, None)) is TelegramRejected
    limited = api_error("sendMessage", 429, {"error_code": 429})
    assert isinstance(limited, ChannelRateLimited) and limited.retry_after == 1.0
    assert type(api_error("getMe", 404, {"description": "Not Found"})) is ChannelError
    assert type(api_error("getMe", 503, None)) is ChannelError
