"""/lich and /doilich through the whole app, and a reminder's buttons starting the flows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from core.clock import FakeClock
from handlers.bootstrap import invite_from_cli
from handlers.demo import load_demo
from services.reminder_planning import plan_all
from storage.engine import Database
from storage.models import Reminder
from storage.repos import Repositories
from tests.harness import Harness, build_harness


async def join(database: Database, clock: FakeClock) -> Harness:
    chat = build_harness(database, clock)
    async with database.transaction() as session:
        repos = Repositories(session)
        await load_demo(repos, clock.now())
        codes = {}
        for role, scope in (("secretary", "Chi bộ Thôn 1"), ("officer", "Đảng bộ xã Hòa Bình")):
            issued, _ = await invite_from_cli(
                repos, role=role, scope_text=scope, now=clock.now(), ttl=timedelta(days=14)
            )
            codes[role] = issued.code
    await chat.say("chi", f"/start {codes['secretary']}")
    await chat.say("binh", f"/start {codes['officer']}")
    return chat


async def test_lich_and_doilich(database: Database, clock: FakeClock) -> None:
    chat = await join(database, clock)  # Tuesday 24/11/2026 09:00
    said = await chat.say("chi", "/lich")
    assert "Lịch sinh hoạt sắp tới của Chi bộ Thôn 1:" in said
    assert "03/12/2026 (thứ Năm) lúc 19:30: sinh hoạt thường kỳ" in said

    await chat.say("chi", "/doilich")
    said = await chat.say("chi", "1")  # this month's (already past, not reported) meeting
    assert "đang định vào ngày 03/11/2026 (thứ Ba) lúc 19:30" in said
    for bad, expected in (
        ("20/11/2026", "đã qua"),
        ("ngay mai nua", "đọc"),
        ("31/02/2026", "02"),
        ("05/12/2026", "phải diễn ra trong tháng"),
        ("27/11/2026 25:00", "không phải là giờ"),
    ):
        said = await chat.say("chi", bad)
        assert expected in said, (bad, said)
    async with database.transaction() as session:
        assert await Repositories(session).meetings.moves([1]) == {}  # nothing changed
    said = await chat.say("chi", "27/11/2026 20:00")
    assert "Lý do đổi lịch" in said
    said = await chat.say("chi", "  ")
    said = await chat.say("chi", "Trùng lịch họp của xã")
    assert "nay vào ngày 27/11/2026 (thứ Sáu) lúc 20:00" in said
    async with database.transaction() as session:
        repos = Repositories(session)
        meeting = await repos.meetings.get(1, "2026-11")
        moves = (await repos.meetings.moves([1]))[1]
        audit = await repos.audit.entries(action="meeting.move")
        pending = [r for r in await repos.reminders.reminders("pending") if r.cell_id == 1]
    assert meeting is not None and meeting.status == "moved"
    assert moves[0].reason == "Trùng lịch họp của xã" and moves[0].to_time == "20:00"
    assert len(audit) == 1
    assert any(r.period == "2026-11" and "m20261127T2000" in r.offset for r in pending)

    replies = await chat.send("binh", "/lich")
    assert [c.label for c in replies[-1].choices] == ["Tháng này", "Tháng sau"]
    said = await chat.say("binh", "Tháng này")
    assert "Lịch sinh hoạt tháng 11/2026 (9 chi bộ):" in said
    assert "27/11/2026 (thứ Sáu) 20:00, Chi bộ Thôn 1" in said
    assert "dời từ ngày 03/11/2026 (thứ Ba), người dời: Chi, lý do: Trùng lịch họp của xã" in said


async def test_a_reminder_before_the_meeting_offers_to_move_it(database: Database, clock: FakeClock) -> None:
    chat = await join(database, clock)
    await plan_all(database, clock)
    clock.set(clock.now() + timedelta(days=6))  # 30/11 09:00: d-3 of the 03/12 meeting is due
    await chat.remind()
    reminders = [r for r in chat.channel.to("chi") if r.text.startswith("Nhắc lịch")]
    assert reminders, chat.channel.to("chi")
    assert "Chi bộ Thôn 1 sinh hoạt thường kỳ ngày 03/12/2026 (thứ Năm) lúc 19:30" in (
        reminders[-1].text
    )
    # Three days ahead nothing can be reported yet: the only choice is to move the meeting.
    assert [(c.label, c.value) for c in reminders[-1].choices] == [("Đổi lịch họp", "/doilich")]
    replies = await chat.send("chi", choice="/doilich")
    assert replies[-1].text == "Đồng chí muốn đổi lịch buổi nào?"
    labels = [c.label for c in replies[-1].choices]
    assert labels == [
        "03/11/2026 (thứ Ba) lúc 19:30: sinh hoạt thường kỳ",
        "03/12/2026 (thứ Năm) lúc 19:30: sinh hoạt thường kỳ",
    ]
    said = await chat.say("chi", "2")
    assert "đang định vào ngày 03/12/2026" in said
    said = await chat.say("chi", "04/12/2026")
    said = await chat.say("chi", "Nghỉ lễ")
    assert "nay vào ngày 04/12/2026 (thứ Sáu) lúc 19:30" in said


async def test_doilich_reads_times_as_people_type_them(database: Database, clock: FakeClock) -> None:
    """One message asks for the date, with an example valid for this meeting; the time may be
    typed 19h, 19g30 or "7 giờ tối"; a Sunday gets a word but is allowed."""
    chat = await join(database, clock)  # Tuesday 24/11/2026 09:00
    for typed, shown in (
        ("27/11 19h", "27/11/2026 (thứ Sáu) lúc 19:00"),
        ("27/11 19g30", "27/11/2026 (thứ Sáu) lúc 19:30"),
        ("28/11 7 giờ tối", "28/11/2026 (thứ Bảy) lúc 19:00"),
        ("28/11 7h sang", "28/11/2026 (thứ Bảy) lúc 07:00"),
    ):
        replies = await chat.send("chi", "/doilich")
        if replies[-1].choices:  # November's and December's meetings: November
            replies = await chat.send("chi", "1")
        assert len(replies) == 1  # the question and its example in one message
        example = re.search(r"\(ví dụ (\d\d)/11/2026 19:30\)", replies[0].text)
        assert example and int(example.group(1)) >= 24, replies[0].text  # a date still possible
        said = await chat.say("chi", typed)
        assert "Lưu ý" not in said and "Lý do đổi lịch" in said, (typed, said)
        said = await chat.say("chi", "Trùng lịch")
        assert f"nay vào ngày {shown}" in said, (typed, said)

    await chat.say("chi", "/doilich")
    said = await chat.say("chi", "29/11/2026")
    assert said.startswith("Ngày mới: 29/11/2026 (Chủ nhật) lúc 07:00.\nLưu ý: 29/11/2026 là Chủ nhật.")
    assert "Chủ nhật.\nLý do đổi lịch" in said
    said = await chat.say("chi", "Bà con đi làm xa về")
    # a date alone keeps the meeting's time, as the question says (07:00 since the last move),
    # not the cell's usual 19:30
    assert "nay vào ngày 29/11/2026 (Chủ nhật) lúc 07:00" in said


async def test_doilich_warns_of_a_public_holiday(database: Database, clock: FakeClock) -> None:
    chat = await join(database, clock)
    clock.set(datetime(2026, 12, 28, 2, 0, tzinfo=UTC))  # Monday 28/12/2026
    replies = await chat.send("chi", "/doilich")
    january = [c.label for c in replies[-1].choices].index(
        "04/01/2027 (thứ Hai) lúc 19:30: sinh hoạt thường kỳ"
    )
    said = await chat.say("chi", str(january + 1))
    assert "đang định vào ngày 04/01/2027" in said
    said = await chat.say("chi", "01/01/2027")
    assert "\nLưu ý: 01/01/2027 (thứ Sáu) là ngày nghỉ lễ (Tết Dương lịch).\n" in said
    assert "Lý do đổi lịch" in said


async def test_typing_1_after_a_reminder_is_its_first_choice(
    database: Database, clock: FakeClock
) -> None:
    """As a Zalo user answers: the number of the reminder's choice, not a question to the plans;
    the report opens on the month the reminder is about."""
    chat = await join(database, clock)
    clock.set(datetime(2026, 12, 3, 0, 1, tzinfo=UTC))  # 07:01 on the day of the meeting
    await plan_all(database, clock)
    await chat.remind()
    reminder = chat.channel.to("chi")[-1]
    assert reminder.text.startswith("Hôm nay, 03/12/2026 (thứ Năm), Chi bộ Thôn 1 sinh hoạt")
    assert [c.label for c in reminder.choices] == ["Đã họp xong, báo cáo", "Đổi lịch họp"]
    clock.set(datetime(2026, 12, 3, 14, 0, tzinfo=UTC))  # 21:00, the meeting is over
    said = await chat.say("chi", "1")
    assert said.startswith("Chi bộ Thôn 1, tháng 12/2026:\nLịch họp: 03/12/2026 (thứ Năm).")
    # Once the reminder's choice is taken, "1" answers the report's question.
    said = await chat.say("chi", "1")
    assert "Có đồng chí cấp ủy cấp trên dự không?" in said


async def test_officers_lich_lists_only_reminders_that_failed_to_reach_anyone(
    database: Database, clock: FakeClock
) -> None:
    """Follow-ups dropped because the cell had reported are not failures, later ones are not
    due yet, and two reminders of one day for one reason make one line."""
    chat = await join(database, clock)  # Tuesday 24/11/2026 09:00
    now = clock.now()
    day = timedelta(days=1)

    def reminder(key: str, due: datetime, status: str, code: str, msgid: str) -> Reminder:
        return Reminder(
            dedupe_key=key, cell_id=2, kind="follow_up", recipient="secretary",
            period="2026-11", offset=key, due_at=due, expires_at=due + day, status=status,
            reason_code=code, reason_msgid=msgid, created_at=now - 5 * day, closed_at=min(due, now),
        )

    unreachable = "Not sent: the cell has no secretary on the bot."
    async with database.transaction() as session:
        session.add_all([
            reminder("a", now - 2 * day, "unreachable", "no_secretary", unreachable),
            reminder("b", now - 2 * day + timedelta(hours=2), "unreachable", "no_secretary",
                     unreachable),
            reminder("c", now - day, "stale", "already_reported",
                     "Not sent: the cell had already reported by then."),
            reminder("d", now + 10 * day, "stale", "already_reported",
                     "Not sent: the cell had already reported by then."),
        ])
    said = await chat.say("binh", "/lich")
    said = await chat.say("binh", "1")
    tail = said[said.index("Lời nhắc không gửi được:"):].splitlines()
    assert len(tail) == 2, said
    assert tail[1] == (
        "- Chi bộ Thôn 2, ngày 22/11/2026 (Chủ nhật): Không gửi: chi bộ chưa có bí thư tham gia bot."
    )


async def test_a_meeting_off_its_weekend_day_says_why(database: Database, clock: FakeClock) -> None:
    """Thôn Đông Hòa meets on the 5th, moved to the next working day: 05/12/2026 is a Saturday,
    so /lich, /doilich and the reminders say the meeting is on Monday 07/12 and why."""
    chat = await join(database, clock)  # Tuesday 24/11/2026 09:00
    async with database.transaction() as session:
        issued, _ = await invite_from_cli(
            Repositories(session),
            role="secretary",
            scope_text="Chi bộ Thôn Đông Hòa",
            now=clock.now(),
            ttl=timedelta(days=14),
        )
    await chat.say("dong", f"/start {issued.code}")
    why = "Ngày 05/12/2026 là thứ Bảy nên buổi sinh hoạt dời sang ngày làm việc kế tiếp."
    said = await chat.say("dong", "/lich")
    assert f"- 07/12/2026 (thứ Hai) lúc 19:30: sinh hoạt thường kỳ\n  {why}\n" in said
    assert "- 05/01/2027 (thứ Ba) lúc 19:30: sinh hoạt thường kỳ\n- " in said  # on its day
    assert "- 11/02/2027 (thứ Năm) lúc 19:30: sinh hoạt thường kỳ\n  Ngày 05/02/2027 (thứ Sáu)" in (
        said
    )
    # an officer's month of many cells says it in a few words on the cell's own line
    await chat.say("binh", "/lich")
    said = await chat.say("binh", "2")  # next month, December
    assert (
        "- 07/12/2026 (thứ Hai) 19:30, Chi bộ Thôn Đông Hòa: sinh hoạt thường kỳ (dời từ thứ Bảy "
        "05/12/2026)\n"
    ) in said
    assert why not in said

    replies = await chat.send("dong", "/doilich")
    said = await chat.say("dong", str(len(replies[-1].choices)))  # December's
    assert f"đang định vào ngày 07/12/2026 (thứ Hai) lúc 19:30. {why} Đồng chí gõ ngày mới" in said
    await chat.say("dong", "/huy")

    clock.set(datetime(2026, 12, 4, 2, 0, tzinfo=UTC))  # 04/12 09:00: d-3 of 07/12 is due
    await plan_all(database, clock)
    await chat.remind()
    reminders = [r.text for r in chat.channel.to("dong") if r.text.startswith("Nhắc lịch")]
    assert reminders and "ngày 07/12/2026 (thứ Hai) lúc 19:30" in reminders[-1]
    assert reminders[-1].endswith(why)
