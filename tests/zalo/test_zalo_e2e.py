"""End to end on Zalo: the real adapter over HTTP against the fake Zalo Bot API, in polling and
webhook mode, on both databases."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from openpyxl import load_workbook

from core.clock import FakeClock
from core.messages import Choice, Reply
from handlers.demo import DEMO_CELLS, DEMO_ORG
from services.outgoing import Kind, to_account
from services.reminder_expansion import expand_due
from services.reminder_planning import plan_all
from storage.engine import Database
from storage.repos import Repositories
from tests.fakes.zalo_api import FakeZaloAPI
from tests.telegram.tgharness import seed
from tests.zalo.zharness import ZaloBot, running

pytestmark = pytest.mark.e2e

SECRETARY, OFFICER = "7001", "7002"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/files/\S+")
HELD_AS_PLANNED = ["1", "2", "1", "1", "1"]  # all present, no upper-level guest, resolution,
# good, send


@pytest.fixture(params=["polling", "webhook"])
async def zalo(
    request: pytest.FixtureRequest, database: Database, clock: FakeClock
) -> AsyncIterator[ZaloBot]:
    async with running(database, clock, request.param) as bot:
        yield bot


async def join(zalo: ZaloBot, user: str, role: str, scope: str | None) -> None:
    code = await seed(zalo.database, zalo.clock, role, scope)
    said = await zalo.say(user, code)  # the code alone, as the first message
    assert "Đồng chí đã được ghi nhận là" in said, said


async def report(zalo: ZaloBot) -> int:
    """The meeting of Chi bộ Thôn 1 held as planned, everyone present: answers after /baocao."""
    said = await zalo.say(SECRETARY, "/baocao")
    assert "Chi bộ Thôn 1, tháng 11/2026:" in said and "\n  1. Đã họp đúng lịch, đủ 18/18" in said
    assert "Trả lời 1, 2, 3 hoặc 4." in said
    for answer in HELD_AS_PLANNED:
        said = await zalo.say(SECRETARY, answer)
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said
    return len(HELD_AS_PLANNED)


async def test_join_with_the_code_and_report_by_numbers(zalo: ZaloBot) -> None:
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    # As many answers as taps on Telegram: five after /baocao.
    assert await report(zalo) == 5
    async with zalo.database.transaction() as session:
        found = await Repositories(session).reports.find(1, "2026-11", "monthly")
    assert found is not None and found.present == 18 and found.grade == "good"


async def test_a_reminder_then_1_opens_the_report(zalo: ZaloBot) -> None:
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    zalo.clock.set(datetime(2026, 12, 3, 0, 1, tzinfo=UTC))  # 07:01 on the day of the meeting
    await plan_all(zalo.database, zalo.clock)
    await expand_due(zalo.database, zalo.clock)
    await zalo.app.worker.deliver()
    reminder = zalo.api.texts(SECRETARY)[-1]
    assert reminder.startswith("Hôm nay, 03/12/2026 (thứ Năm), Chi bộ Thôn 1 sinh hoạt")
    assert "\n  1. Đã họp xong, báo cáo\n  2. Đổi lịch họp\nTrả lời 1 hoặc 2." in reminder
    zalo.clock.set(datetime(2026, 12, 3, 14, 0, tzinfo=UTC))
    said = await zalo.say(SECRETARY, "1")
    assert said.startswith("Chi bộ Thôn 1, tháng 12/2026:")


async def test_a_notice_mid_report_keeps_its_number_for_afterwards(zalo: ZaloBot) -> None:
    """A notice offering a choice, arriving at «Đồng chí gửi báo cáo chứ? 1. Gửi báo cáo»,
    comes without a number: "1" sends the report, as the question it answers says, and then
    the notice's choice is offered: "1" now opens the schedule."""
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    said = await zalo.say(SECRETARY, "/baocao")
    for answer in HELD_AS_PLANNED[:-1]:
        said = await zalo.say(SECRETARY, answer)
    assert "\n  1. Gửi báo cáo" in said
    async with zalo.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.find("zalo", SECRETARY)
        assert account is not None
        notice = Reply("Nhắc việc: xem lịch họp tháng 12", (Choice("Xem lịch họp", "/lich"),))
        await repos.outbox.add(to_account(account, notice, kind=Kind.NOTICE), now=zalo.clock.now())
    await zalo.app.worker.deliver()
    held = zalo.api.texts(SECRETARY)[-1]
    assert held.startswith("Nhắc việc: xem lịch họp tháng 12")
    assert "1. Xem lịch họp" not in held and "Trả lời 1" not in held
    assert "bot sẽ gửi lại «Xem lịch họp»" in held
    said = await zalo.say(SECRETARY, "1")
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said
    assert said.endswith("Nhắc việc: xem lịch họp tháng 12\n  1. Xem lịch họp\nTrả lời 1.")
    assert "19:30" in await zalo.say(SECRETARY, "1")


async def test_a_plan_question_not_answered_offers_passages_by_number(zalo: ZaloBot) -> None:
    """Typed, as on Zalo: not found, then the nearest passages numbered; "1" opens the first,
    "2" where one choice is left is asked again, not searched."""
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    said = await zalo.say(SECRETARY, "đảng viên đi làm ăn xa có phải về họp không")
    assert said.startswith("Chưa tìm thấy trong kế hoạch")
    assert "\n  1. Xem: Công tác phát triển và quản lý đảng viên (KH 15-KH/ĐU, mục III.2)" in said
    assert said.endswith("Trả lời 1, 2 hoặc 3.")
    said = await zalo.say(SECRETARY, "1")
    assert "giữ mối liên hệ với chi bộ nơi cư trú" in said and "(KH 15-KH/ĐU, mục III.2)" in said
    said = await zalo.say(SECRETARY, "3")
    assert said.startswith("Không có lựa chọn số 3")


async def test_officer_excel_link_downloads_and_chart_is_fetched(zalo: ZaloBot) -> None:
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    await join(zalo, OFFICER, "officer", DEMO_ORG)
    await report(zalo)
    said = await zalo.say(OFFICER, "/xuat 11/2026")
    assert "1/9 chi bộ đã báo cáo" in said
    assert "Tệp «" in said and "(liên kết dùng được đến" in said
    match = LINK.search(said)
    assert match, said
    link = match.group(0)
    async with httpx.AsyncClient() as client:
        got = await client.get(link)
        assert got.status_code == 200
        assert got.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert "filename*=UTF-8''" in got.headers["content-disposition"]
        workbook = load_workbook(io.BytesIO(got.content))
        assert "Chi bộ" in workbook.sheetnames
        # One changed character, or another person's account in the link: no file.
        head, signature, name = link.rsplit("/", 2)
        tampered = f"{head}/{signature[:-1]}{'0' if signature[-1] != '0' else '1'}/{name}"
        refused = await client.get(tampered)
        assert refused.status_code == 404 and "Liên kết không đúng" in refused.text
        parts = link.split("/")
        parts[5] = str(int(parts[5]) + 1)  # /files/<outbox>/<account>/…
        assert (await client.get("/".join(parts))).status_code == 404
        # A day later the link has expired.
        zalo.clock.advance(timedelta(hours=24, minutes=1))
        expired = await client.get(link)
        assert expired.status_code == 410 and "hết hạn" in expired.text
    zalo.clock.advance(timedelta(hours=-24, minutes=-1))

    before = len(zalo.api.sent)
    await zalo.write(OFFICER, "/bieudo")
    photos = [s for s in zalo.api.sent[before:] if s.photo]
    assert photos, zalo.api.sent[before:]
    assert photos[0].photo_bytes is not None and photos[0].photo_bytes.startswith(b"\x89PNG")
    assert photos[0].photo_type == "image/png"
    assert "Biểu đồ sinh hoạt chi bộ tháng 11/2026" in photos[0].text


async def test_a_redelivered_event_is_answered_once(zalo: ZaloBot) -> None:
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    event = zalo.api.event(SECRETARY, "/lich")
    first = await zalo.handle(event)
    assert len(first) == 1 and "Lịch sinh hoạt sắp tới" in first[0].text
    again = len(zalo.api.sent)
    if zalo.mode == "webhook":
        assert await zalo.api.inject(event) == 200
    else:
        zalo.api.redeliver(event)
        # One more event after it: once that is stored, the copy has been fetched too.
        await zalo.put(zalo.api.event(SECRETARY, "/huy"))
        assert zalo.api.delivered.count(event) == 2
    await zalo.settle()
    assert not any("Lịch sinh hoạt" in s.text for s in zalo.api.sent[again:])


async def test_an_image_or_sticker_gets_a_polite_answer(zalo: ZaloBot) -> None:
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    for kind in ("message.image.received", "message.sticker.received",
                 "message.unsupported.received"):
        sent = await zalo.handle(zalo.api.event(SECRETARY, None, kind=kind))
        assert [s.text for s in sent] == [
            "Bot chỉ đọc được tin nhắn chữ. Đồng chí vui lòng gõ nội dung."
        ]


async def test_a_long_message_is_split_at_line_breaks(zalo: ZaloBot) -> None:
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    lines = [f"{n}. Nhiệm vụ số {n}: kiểm tra, đôn đốc các chi bộ thực hiện nghị quyết."
             for n in range(1, 80)]
    async with zalo.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.find("zalo", SECRETARY)
        assert account is not None
        await repos.outbox.add(
            to_account(account, Reply("\n".join(lines)), kind=Kind.NOTICE), now=zalo.clock.now()
        )
    before = len(zalo.api.sent)
    await zalo.app.worker.deliver()
    pieces = [s.text for s in zalo.api.sent[before:]]
    assert len(pieces) >= 2 and all(len(p) <= 2000 for p in pieces)
    assert "\n".join(pieces).split("\n") == lines  # every line whole, in order


async def test_only_the_right_secret_gets_in(database: Database, clock: FakeClock) -> None:
    async with FakeZaloAPI() as api:
        zalo = ZaloBot(api, database, clock, "webhook")
        await zalo.start()
        try:
            event = api.event(SECRETARY, "xin chào")
            assert await api.post_to_webhook(event, secret="wrong-secret-123") == 403
            assert await api.post_to_webhook(event, secret="") == 401
            assert await zalo.stored() == set()
            # counted (the platform shows no error for them): the operator's only trace
            refused = zalo.app.metrics.registry.get_sample_value
            for reason in ("wrong secret", "no secret"):
                labels = {"channel": "zalo", "reason": reason}
                assert refused("chibo_webhook_refused_total", labels) == 1.0
            api.wrap_webhook_events = True  # some copies wrap the event: both are read
            assert await api.post_to_webhook(event) == 200
            assert await zalo.stored() == {f"m:{event['message']['message_id']}"}
        finally:
            await zalo.stop()


async def test_a_group_is_pointed_to_a_private_chat_once_a_day(zalo: ZaloBot) -> None:
    """A Zalo group message got no answer at all; Telegram's groups are told to use a private
    chat. Zalo's now are too, once a day per group (each answer counts against the quota),
    and what is written in a group is never read: a secretary's «/lich» there shows nothing."""
    await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
    pointer = "chibo chỉ làm việc trong trò chuyện riêng"
    sent = await zalo.handle(zalo.api.event(SECRETARY, "@chibo /lich", group="g-thon1"))
    assert [s.chat_id for s in sent] == ["g-thon1"] and pointer in sent[0].text
    assert "đồng chí" in sent[0].text and "bạn" not in sent[0].text.split()
    assert "Lịch sinh hoạt" not in sent[0].text
    assert await zalo.handle(zalo.api.event("9001", "@chibo 18", group="g-thon1")) == []
    other = await zalo.handle(zalo.api.event("9001", "@chibo xin chào", group="g-thon2"))
    assert [s.chat_id for s in other] == ["g-thon2"]
    zalo.clock.advance(timedelta(days=1, minutes=1))
    again = await zalo.handle(zalo.api.event("9001", "@chibo", group="g-thon1"))
    assert [s.chat_id for s in again] == ["g-thon1"] and pointer in again[0].text
    assert "Lịch sinh hoạt sắp tới" in await zalo.say(SECRETARY, "/lich")  # in private: as ever


async def test_the_zalo_webhook_takes_64_kb_as_docs_limits_says(
    database: Database, clock: FakeClock
) -> None:
    """The operator guide said 2 MB; a 70 KB body got 413. 64 KB is right (a 2,000-character
    text in \\u escapes is about 12 KB): the docs now say so, and this keeps the two together."""
    async with FakeZaloAPI() as api:
        zalo = ZaloBot(api, database, clock, "webhook")
        await zalo.start()
        try:
            longest = api.event(SECRETARY, "ệ" * 2000)  # json.dumps writes it \\u1ec7: 6 bytes
            assert await api.post_to_webhook(longest) == 200
            padded = api.event(SECRETARY, "xin chào")
            padded["message"]["padding"] = "x" * 70_000
            assert await api.post_to_webhook(padded) == 413
        finally:
            await zalo.stop()


async def test_without_a_public_address_files_are_explained(
    database: Database, clock: FakeClock
) -> None:
    async with FakeZaloAPI() as api:
        zalo = ZaloBot(api, database, clock, "polling", public=False)
        await zalo.start()
        try:
            await join(zalo, OFFICER, "officer", DEMO_ORG)
            said = await zalo.say(OFFICER, "/xuat 11/2026")
            assert "máy chủ chưa có địa chỉ công khai" in said
            assert "/files/" not in said
        finally:
            await zalo.stop()


async def test_the_quota_warns_administrators_and_keeps_replies_first(
    database: Database, clock: FakeClock
) -> None:
    async with FakeZaloAPI() as api:
        zalo = ZaloBot(api, database, clock, "polling", quota=20)
        await zalo.start()
        try:
            await join(zalo, "7009", "admin", None)
            await join(zalo, SECRETARY, "secretary", DEMO_CELLS[0].name)
            while not any("80%" in t for t in api.texts("7009")):
                await zalo.say(SECRETARY, "/lich")
            warning = next(t for t in api.texts("7009") if "80%" in t)
            assert "đã dùng 80% hạn mức tin nhắn Zalo tháng 11/2026" in warning
            while len(api.sent) < 19:
                await zalo.say(SECRETARY, "/lich")
            # Near the end of the quota a reminder is held back; a reply still goes.
            async with zalo.database.transaction() as session:
                repos = Repositories(session)
                account = await repos.accounts.find("zalo", SECRETARY)
                assert account is not None
                reminder = to_account(account, Reply("Nhắc lịch họp"), kind=Kind.REMINDER)
                held = await repos.outbox.add(reminder, now=zalo.clock.now())
            before = len(api.sent)
            await zalo.app.worker.deliver()
            assert api.sent[before:] == []
            async with zalo.database.transaction() as session:
                row = await Repositories(session).outbox.get(held or 0)
            assert row is not None and row.status == "failed" and "quota" in (row.error or "")
            assert "/baocao" in await zalo.say(SECRETARY, "/trogiup")
            assert any("hết hạn mức" in t for t in api.texts("7009"))  # told at 100% too
            help_text = await zalo.say("7009", "/trogiup")
            assert "Zalo, tháng 11/2026: đã gửi" in help_text and "/20 tin nhắn" in help_text
        finally:
            await zalo.stop()


async def test_two_instances_and_a_restart_point_a_group_once_a_day(
    database: Database, clock: FakeClock
) -> None:
    """The day's pointer was remembered by each process: a second instance behind the load
    balancer, or a restart, told the group again. The memory is the database's now."""
    async with FakeZaloAPI() as api:
        first = ZaloBot(api, database, clock, "webhook")
        second = ZaloBot(api, database, clock, "webhook")
        await first.start()
        await second.start()
        try:

            async def to(bot: ZaloBot, user: str) -> None:
                api.webhook_url = f"http://127.0.0.1:{bot.port}/zalo/webhook"  # the balancer
                await bot.handle(api.event(user, "@chibo /lich", group="g-thon1"))

            await to(first, "9001")
            await to(second, "9002")
            await first.restart()
            await to(first, "9003")
            clock.advance(timedelta(seconds=11))  # the delivery lease passes either way
            await second.app.worker.deliver()
            await first.app.worker.deliver()
            assert [s.chat_id for s in api.sent].count("g-thon1") == 1
            async with database.transaction() as session:
                rows = await Repositories(session).outbox.messages()
            assert [row.chat_id for row in rows] == ["g-thon1"]
        finally:
            await second.stop()
            await first.stop()
