"""What officers (and the secretary) read of a cell's month: warnings true at the time of reading,
each date said once and for which report."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from rf_world import World, exchange

from services.reminder_expansion import NO_OFFICER_YET
from storage.models import Reminder
from storage.repos import Repositories

SEPARATE = ["1", "1", "hôm qua", "Chuyển đổi số", "đủ", "2", "2", "1", "1"]


async def test_a_topic_session_reported_later_clears_the_quarter_warning(world: World) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/baocao 17/18 vkl 1 ct khong nq co xl tot"),
                                        ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1]
    before = await chat.say("binh", "/tonghop 11/2026")
    # true when it was sent
    assert "⚠ có vắng không lý do, chưa sinh hoạt chuyên đề trong quý" in before
    said = await exchange(chat, "chi", [("text", t) for t in ["/baocao", *SEPARATE]])
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said[-1]
    for user, command in (("binh", "/tonghop 11/2026"), ("chi", "/chibo")):
        text = await chat.say(user, command)
        line = next(x for x in text.split("\n") if x.startswith(("- Chi bộ Thôn 1:", "- 11/2026")))
        assert "⚠ có vắng không lý do" in line and "chưa sinh hoạt chuyên đề" not in line, line
        assert "sinh hoạt chuyên đề 23/11/2026 (thứ Hai)" in line, line
    history = await chat.say("chi", "/chibo")
    assert (
        " - sinh hoạt thường kỳ: gửi 24/11/2026 (thứ Ba); sinh hoạt chuyên đề: gửi 24/11/2026 "
        "(thứ Ba)" in history
    ), history


async def test_returning_a_report_wants_a_note_in_words_and_a_confirmation(world: World) -> None:
    """«1» typed from habit is no note; nothing is returned before the officer confirms; the
    secretary's notice names the topic session, not the month's meeting."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao 17/18 vkl 1 ct khong nq co xl tot"),
                                 ("text", "1")])
    said = await exchange(chat, "chi", [("text", t) for t in ["/baocao", *SEPARATE]])
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said[-1]
    await chat.say("binh", "/tonghop 11/2026")
    replies = await chat.send("binh", "Trả lại báo cáo để sửa")
    assert [c.label for c in replies[-1].choices] == [
        "Chi bộ Thôn 1", "Chi bộ Thôn 1 - sinh hoạt chuyên đề"
    ]
    assert "Chi bộ cần sửa gì?" in await chat.say("binh", "2")
    told_before = len(chat.channel.to("chi"))
    for reflex in ("1", " 2 ", "?"):
        said = await chat.say("binh", reflex)
        assert said.startswith(f"«{reflex.strip()}» chưa phải là ghi chú"), said
        assert "ví dụ «Ghi lại số có mặt»" in said
    replies = await chat.send("binh", "Ghi rõ tên chuyên đề")
    assert replies[-1].text == (
        "Trả lại báo cáo sinh hoạt chuyên đề quý IV/2026 (tháng 11/2026) của Chi bộ Thôn 1 với"
        " ghi chú "
        "«Ghi rõ tên chuyên đề»?"
    )
    assert [c.label for c in replies[-1].choices] == ["Trả lại", "Sửa ghi chú", "Không trả lại"]
    assert len(chat.channel.to("chi")) == told_before  # nothing returned yet
    assert "Chi bộ cần sửa gì?" in await chat.say("binh", "2")  # change the note
    await chat.say("binh", "Ghi rõ tên chuyên đề và người dự")
    said = await chat.say("binh", "1")
    assert said == (
        "Đã trả lại báo cáo sinh hoạt chuyên đề quý IV/2026 (tháng 11/2026) của Chi bộ Thôn 1;"
        " đã báo cho 1 "
        "bí thư."
    )
    notice = chat.channel.to("chi")[-1].text
    assert notice.startswith(
        "Đảng ủy đã trả lại báo cáo sinh hoạt chuyên đề quý IV/2026 (tháng 11/2026) của Chi bộ"
        " Thôn 1 để sửa: "
        "Ghi rõ tên chuyên đề và người dự"
    ), notice
    # «Không trả lại» returns nothing
    await chat.say("binh", "/tonghop 11/2026")
    await chat.say("binh", "Trả lại báo cáo để sửa")
    await chat.say("binh", "1")
    await chat.say("binh", "Ghi lại số có mặt")
    assert await chat.say("binh", "3") == "Chưa trả lại báo cáo, không lưu gì."
    await chat.say("binh", "/tonghop 11/2026")
    replies = await chat.send("binh", "Trả lại báo cáo để sửa")
    assert [c.label for c in replies[-1].choices] == ["Chi bộ Thôn 1"]  # still sent


async def test_a_note_of_a_number_alone_is_asked_again_in_words(world: World) -> None:
    chat = world.chat
    await chat.say("chi", "/baocao 17/18 vkl 1 ct khong nq co xl tot")
    await chat.say("chi", "Thêm ghi chú")
    said = await chat.say("chi", "1")
    assert "«1» chưa phải là ghi chú: đồng chí gõ ghi chú bằng chữ" in said, said
    said = await chat.say("chi", "Đ/c Hùng vắng vì đi viện")
    assert "Ghi chú: Đ/c Hùng vắng vì đi viện" in said, said


async def test_summaries_tell_missing_reports_from_meetings_still_ahead(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao 17/18 vkl 1 ct khong nq co xl tot"),
                                 ("text", "1")])
    quarter = await chat.say("binh", "/tonghop quý 4")  # on 24/11: October is owed
    assert "Còn thiếu báo cáo (9):" in quarter and "Chưa báo cáo (" not in quarter, quarter
    assert "Chi bộ Thôn 1 (thiếu tháng 10/2026; Chi)" in quarter
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # Tuesday 01/12, 09:00
    december = await chat.say("binh", "/tonghop tháng 12")
    assert "Đã báo cáo: 0/9 chi bộ (0%)." in december
    assert "Chưa báo cáo (" not in december, december
    assert (
        "Chưa đến ngày họp (9): Chi bộ Công an xã (thứ Tư 02/12/2026), Chi bộ Thôn 1 (thứ Năm "
        "03/12/2026), Chi bộ Thôn 2 (thứ Năm 03/12/2026)" in december
    ), december
    world.clock.set(datetime(2026, 12, 3, 2, 0, tzinfo=UTC))  # 03/12: Công an xã met yesterday
    december = await chat.say("binh", "/tonghop tháng 12")
    assert "Chưa báo cáo (1):\n- Chưa có bí thư tham gia bot: Chi bộ Công an xã" in december
    # Thôn 1 and Thôn 2 meet today: not late, and said so rather than by today's date
    assert "Chưa đến ngày họp (8): Chi bộ Thôn 1 (hôm nay), Chi bộ Thôn 2 (hôm nay)" in december


async def test_a_month_before_every_cell_existed_owes_nothing(world: World) -> None:
    """Chi bộ Xóm Khác was created on 24/11: October owed nothing, said so (not 0/0, -%)."""
    said = await world.chat.say("xa", "/tonghop tháng 10")
    assert "Chưa chi bộ nào phải báo cáo kỳ này: các chi bộ được tạo sau kỳ này." in said, said
    assert "0/0" not in said and "-%" not in said


async def test_a_reminder_no_officer_could_get_is_said_in_the_past(world: World) -> None:
    """The officer reading /lich is one who follows the cell: the line says nobody had joined
    when it was due, not that nobody follows it."""
    now = world.clock.now()
    async with world.database.transaction() as session:
        session.add(Reminder(
            dedupe_key="e", cell_id=world.cells["Chi bộ Thôn 2"].id or 0, kind="escalation",
            recipient="officers", period="2026-11", offset="e", due_at=now - timedelta(days=1),
            expires_at=now, status="unreachable", reason_code="no_officer",
            reason_msgid=NO_OFFICER_YET, created_at=now - timedelta(days=5),
            closed_at=now - timedelta(days=1),
        ))
    await world.chat.say("binh", "/lich")
    said = await world.chat.say("binh", "1")
    assert (
        "- Chi bộ Thôn 2, ngày 23/11/2026 (thứ Hai): Không gửi: lúc đến hạn, chưa có cán bộ Đảng ủy "
        "nào phụ trách chi bộ này tham gia bot." in said
    ), said
    assert "chưa có cán bộ nào theo dõi chi bộ này" not in said


async def test_party_dues_in_the_excel_file_have_thousands_separators(world: World) -> None:
    async with world.database.transaction() as session:
        await Repositories(session).reports.save_figure(
            world.cells["Chi bộ Thôn 1"].id or 0, "dues_collected", "2026-11",
            number=1_850_000, text=None, by=None, now=world.clock.now(),
        )
    replies = await world.chat.send("binh", "/xuat 11/2026")
    assert replies[-1].attachment is not None
    workbook = load_workbook(io.BytesIO(replies[-1].attachment.content))
    for name in ("Chi bộ", "Số liệu"):
        sheet = workbook[name]
        header = [c.value for c in sheet[4]]
        column = header.index("Đảng phí đã thu") + 1
        cells = [sheet.cell(row=r, column=column) for r in range(5, sheet.max_row + 1)]
        dues = [c for c in cells if c.value == 1_850_000]
        assert dues and all(c.number_format == "#,##0" for c in dues), name
