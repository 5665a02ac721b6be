"""End to end through the real Bot API client and HTTP, in polling and webhook mode, on both databases."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from core.clock import FakeClock
from core.messages import Choice, Reply
from handlers.demo import DEMO_CELLS, DEMO_ORG
from services.outgoing import Kind, to_account
from services.reminder_expansion import expand_due
from services.reminder_planning import plan_all
from storage.engine import Database
from storage.repos import Repositories
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.telegram.tgharness import JsonDict, TelegramBot, labels, seed, wait_until

pytestmark = pytest.mark.e2e

SECRETARY, OFFICER, NEWCOMER = 1001, 2002, 3003
LINK = re.compile(r"https://t\.me/chibo_test_bot\?start=([0-9A-Z]{13})")


@pytest.fixture(params=["polling", "webhook"])
async def chibo(
    request: pytest.FixtureRequest, database: Database, clock: FakeClock
) -> AsyncIterator[TelegramBot]:
    async with FakeTelegramAPI() as api:
        bot = TelegramBot(api, database, clock, request.param)
        await bot.start()
        try:
            yield bot
        finally:
            await bot.stop()


async def test_officer_invites_secretary_who_joins_by_deep_link(chibo: TelegramBot) -> None:
    api = chibo.api
    code = await seed(chibo.database, chibo.clock, "officer", DEMO_ORG)
    # The deep link t.me/<bot>?start=CODE makes Telegram send "/start CODE".
    sent = await chibo.write(OFFICER, f"/start {code}", "Bình")
    assert "cán bộ Đảng ủy, Đảng bộ xã Hòa Bình" in sent[-1]["text"]
    menu = {c["command"] for c in api.commands_for(f"chat:{OFFICER}") or []}
    assert {"moi", "thuhoi", "trogiup"} <= menu and "start" not in menu

    sent = await chibo.write(OFFICER, "/moi")
    question = sent[-1]
    assert "bí thư chi bộ" in labels(question)
    sent = await chibo.press(OFFICER, question, "bí thư chi bộ")
    # The pressed message now says what was chosen and has no buttons.
    edited = api.message(OFFICER, question["message_id"])
    assert edited["text"].endswith("✓ bí thư chi bộ") and "reply_markup" not in edited
    assert api.answered_callbacks[-1]["user_id"] == OFFICER
    sent = await chibo.press(OFFICER, sent[-1], DEMO_CELLS[0].name)
    match = LINK.search(sent[-1]["text"])
    assert match, sent[-1]["text"]

    sent = await chibo.write(SECRETARY, f"/start {match.group(1)}", "Chi")
    assert "bí thư chi bộ, Chi bộ Thôn 1" in sent[-1]["text"]
    menu = {c["command"] for c in api.commands_for(f"chat:{SECRETARY}") or []}
    assert "chibo" in menu and "moi" not in menu


async def test_language_buttons_stale_press_and_menu_language(chibo: TelegramBot) -> None:
    api = chibo.api
    code = await seed(chibo.database, chibo.clock, "secretary", DEMO_CELLS[0].name)
    await chibo.write(SECRETARY, f"/start {code}")
    assert (
        api.commands_for(f"chat:{SECRETARY}")[0]["description"]
        == "hướng dẫn theo vai trò của đồng chí"
    )

    question = (await chibo.write(SECRETARY, "/ngonngu"))[-1]
    assert labels(question) == ["Tiếng Việt", "English"]
    sent = await chibo.press(SECRETARY, question, "English")
    assert sent[-1]["text"] == "Language set to English."
    assert api.commands_for(f"chat:{SECRETARY}")[0]["description"] == "help for your role"
    edits = len(api.edited)

    # The same button again: the flow is over, so a gentle note and nothing changes.
    sent = await chibo.press(SECRETARY, question, "Tiếng Việt")
    assert "earlier message" in sent[-1]["text"]
    assert len(api.edited) == edits
    assert len(api.answered_callbacks) == 2
    account = await chibo.account(SECRETARY)
    assert account is not None and account.locale == "en"


async def test_newcomer_without_code_gets_the_hint(chibo: TelegramBot) -> None:
    sent = await chibo.write(NEWCOMER, "xin chào")
    assert "mã mời" in sent[-1]["text"]
    default = chibo.api.commands_for("all_private_chats")
    assert default is not None and default[0]["command"] == "start"
    assert chibo.api.commands_for("all_private_chats", "en")[0]["description"] == (
        "join with an invite code"
    )


async def test_restart_in_the_middle_of_a_flow(chibo: TelegramBot) -> None:
    code = await seed(chibo.database, chibo.clock, "officer", DEMO_ORG)
    await chibo.write(OFFICER, f"/start {code}")
    question = (await chibo.write(OFFICER, "/moi"))[-1]

    await chibo.restart()  # a new process on the same database
    sent = await chibo.press(OFFICER, question, "bí thư chi bộ")
    assert DEMO_CELLS[0].name in labels(sent[-1])
    sent = await chibo.write(OFFICER, "1")
    assert LINK.search(sent[-1]["text"])


async def notify(chibo: TelegramBot, user_id: int, reply: Reply) -> JsonDict:
    """A notice with choices written to the outbox (as a nudge or reminder is), delivered."""
    account = await chibo.account(user_id)
    assert account is not None
    async with chibo.database.transaction() as session:
        await Repositories(session).outbox.add(
            to_account(account, reply, kind=Kind.NOTICE), now=chibo.clock.now()
        )
    await chibo.app.worker.deliver()
    await chibo.settle()
    return chibo.api.sent_messages(user_id)[-1]


async def test_a_notice_with_buttons_is_answered_by_a_press_or_a_typed_number(
    chibo: TelegramBot,
) -> None:
    """A message the bot sends on its own (not a reply) offers its choices to an idle chat:
    pressing one, or typing its number, is that choice."""
    code = await seed(chibo.database, chibo.clock, "secretary", DEMO_CELLS[0].name)
    await chibo.write(SECRETARY, f"/start {code}")
    notice = Reply("Nhắc việc", (Choice("Xem lịch họp", "/lich"), Choice("Trợ giúp", "/trogiup")))
    message = await notify(chibo, SECRETARY, notice)
    assert labels(message) == ["Xem lịch họp", "Trợ giúp"]
    replies = await chibo.press(SECRETARY, message, "Xem lịch họp")
    assert "Chi bộ Thôn 1" in replies[-1]["text"] and "19:30" in replies[-1]["text"]
    assert chibo.api.message(SECRETARY, message["message_id"])["text"].endswith("✓ Xem lịch họp")

    await notify(chibo, SECRETARY, notice)
    replies = await chibo.write(SECRETARY, "1")  # typed, as on Zalo
    assert "19:30" in replies[-1]["text"]


async def test_a_notice_does_not_take_over_a_flow_in_progress(chibo: TelegramBot) -> None:
    code = await seed(chibo.database, chibo.clock, "secretary", DEMO_CELLS[0].name)
    await chibo.write(SECRETARY, f"/start {code}")
    await chibo.write(SECRETARY, "/ngonngu")
    notice = await notify(chibo, SECRETARY, Reply("Nhắc việc", (Choice("Xem lịch họp", "/lich"),)))
    # "2" still answers the language question, not the notice.
    replies = await chibo.write(SECRETARY, "2")
    assert replies[-1]["text"] == "Language set to English."
    # A button that is a command works any time, as typing the command would.
    replies = await chibo.press(SECRETARY, notice, "Xem lịch họp")
    assert replies[-1]["text"].startswith("Next meetings of Chi bộ Thôn 1")


async def test_a_double_tap_and_an_old_question_s_button_change_nothing(
    chibo: TelegramBot,
) -> None:
    """Buttons count only on the message that asks the pending question: the second tap of a
    double tap, and a press on an earlier question after a restart, get a short note."""
    code = await seed(chibo.database, chibo.clock, "officer", DEMO_ORG)
    await chibo.write(OFFICER, f"/start {code}")
    first = (await chibo.write(OFFICER, "/moi"))[-1]
    second = (await chibo.press(OFFICER, first, "bí thư chi bộ"))[-1]
    assert DEMO_CELLS[0].name in labels(second)
    # The same button once more (a double tap that arrives late): nothing moves on.
    again = await chibo.press(OFFICER, first, "bí thư chi bộ")
    assert "tin nhắn cũ" in again[-1]["text"]
    await chibo.restart()
    # After a restart the old question's buttons are still stale, the current one still works.
    stale = await chibo.press(OFFICER, first, "cán bộ Đảng ủy")
    assert "tin nhắn cũ" in stale[-1]["text"]
    sent = await chibo.press(OFFICER, second, DEMO_CELLS[0].name)
    assert LINK.search(sent[-1]["text"])
    invites = [r for r in await chibo.outbox_rows() if LINK.search(str(r.payload))]
    assert len(invites) == 1


async def test_a_typed_answer_takes_the_buttons_off_the_question(chibo: TelegramBot) -> None:
    api = chibo.api
    code = await seed(chibo.database, chibo.clock, "secretary", DEMO_CELLS[0].name)
    await chibo.write(SECRETARY, f"/start {code}")
    question = (await chibo.write(SECRETARY, "/ngonngu"))[-1]
    assert api.message(question["chat_id"], question["message_id"]).get("reply_markup")
    sent = await chibo.write(SECRETARY, "2")  # typed, as on Zalo
    assert sent[-1]["text"] == "Language set to English."
    await chibo.settle()
    now_showing = api.message(question["chat_id"], question["message_id"])
    assert not now_showing.get("reply_markup")


async def test_after_a_restart_a_typed_answer_still_takes_the_buttons_off(
    chibo: TelegramBot,
) -> None:
    """Which messages still show buttons is kept in the database, not in one process."""
    api = chibo.api
    code = await seed(chibo.database, chibo.clock, "secretary", DEMO_CELLS[0].name)
    await chibo.write(SECRETARY, f"/start {code}")
    question = (await chibo.write(SECRETARY, "/ngonngu"))[-1]
    await chibo.settle()
    await chibo.restart()
    sent = await chibo.write(SECRETARY, "English")
    assert sent[-1]["text"] == "Language set to English."
    await chibo.settle()
    assert not api.message(question["chat_id"], question["message_id"]).get("reply_markup")


async def test_the_meeting_reminder_leads_straight_into_the_report(chibo: TelegramBot) -> None:
    """The secretary joins, gets the on-the-day reminder, and taps through the whole report."""
    api = chibo.api
    code = await seed(chibo.database, chibo.clock, "secretary", DEMO_CELLS[0].name)
    await chibo.write(SECRETARY, f"/start {code}")
    # Thursday 03/12/2026 07:01 in Hà Nội: Chi bộ Thôn 1 meets tonight at 19:30.
    chibo.clock.set(datetime(2026, 12, 3, 0, 1, tzinfo=UTC))
    await plan_all(chibo.database, chibo.clock)
    await expand_due(chibo.database, chibo.clock)
    await chibo.app.worker.deliver()

    def reminder() -> JsonDict | None:
        for message in reversed(api.sent_messages(SECRETARY)):
            if "Đã họp xong, báo cáo" in labels(message):
                return message
        return None

    await wait_until(lambda: reminder() is not None)
    message = reminder()
    assert message is not None and "03/12/2026" in message["text"]
    assert labels(message) == ["Đã họp xong, báo cáo", "Đổi lịch họp"]

    chibo.clock.set(datetime(2026, 12, 3, 14, 0, tzinfo=UTC))  # 21:00, the meeting is over
    step = (await chibo.press(SECRETARY, message, "Đã họp xong, báo cáo"))[-1]
    taps = ["Đã họp đúng lịch, đủ 18/18", "Không", "Có", "Tốt", "Gửi báo cáo"]
    for label in taps:
        assert label in labels(step), (label, step["text"], labels(step))
        step = (await chibo.press(SECRETARY, step, label))[-1]
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng" in step["text"]
    assert len(taps) + 1 == 6  # the reminder's button plus five taps
