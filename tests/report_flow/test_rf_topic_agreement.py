"""A month with a separate topic session, a combined one and none: /tonghop, the Excel file and
the quarter's topic-session count say the same thing about every cell."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook
from rf_world import World, exchange, last_choices

from core.i18n import Catalogs
from scheduler.planning import ReminderKind, plan
from scheduler.texts import render_reminder
from services.cell_schedule import cell_schedule
from storage.repos import Repositories

SEPARATE = ["1", "1", "hôm qua", "Chuyển đổi số", "đủ", "2", "2", "1", "1"]


async def add_secretary(world: World, user: str, cell: str) -> None:
    now = world.clock.now()
    async with world.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get_or_create(
            "console", user, chat_id=user, display_name=user.title(), locale="vi", now=now
        )
        assert account.id is not None
        await repos.roles.grant(
            account.id, "secretary", org_id=None, cell_id=world.cells[cell].id,
            granted_by=None, now=now,
        )


async def report_the_month(world: World) -> None:
    """Thôn 1: the regular meeting only. Thôn 2: the regular meeting, then its topic session
    held apart. Thôn 3: one meeting combining both. Tây Hòa: only its topic session."""
    chat = world.chat
    await add_secretary(world, "tay", "Chi bộ Thôn Tây Hòa")
    said = await exchange(chat, "chi", [("text", "/baocao 17/18 vkl 1 ct khong nq co xl tot"),
                                        ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1]
    # Thôn 2's topic month is November: /baocao asks which meeting.
    said = await exchange(chat, "tu", [("text", t) for t in ["/baocao", "1"]])
    assert "Đồng chí báo cáo buổi sinh hoạt nào?" in said[-1]
    said = await exchange(chat, "tu", [("text", t) for t in ["1", "1", "2", "1", "1", "1"]])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1]
    said = await exchange(chat, "tu", [("text", t) for t in ["/baocao", "1", *SEPARATE]])
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said[-1]
    said = await exchange(chat, "tu", [
        ("text", "/baocao"),
        ("text", "2"),
        ("text", "hop 04/11, cm 15/15, loai ket hop, cd: Nghị quyết Đại hội, ct khong, nq co,"
                 " xl tot"),
        ("text", "1"),
    ])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1]
    said = await exchange(chat, "tay", [("text", t) for t in ["/baocao", "2", *SEPARATE[1:]]])
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said[-1]


async def test_summary_excel_and_quarter_count_agree(world: World) -> None:
    await report_the_month(world)
    summary = await world.chat.say("binh", "/tonghop 11/2026")
    assert "Đã báo cáo: 3/9 chi bộ (33,3%)." in summary
    assert (
        "Sinh hoạt chuyên đề tháng 11/2026: 3 buổi (2 buổi riêng, 1 buổi kết hợp sinh hoạt "
        "thường kỳ) ở 3 chi bộ." in summary
    )
    assert "theo quý năm 2026: I 0/9, II 0/9, III 0/9, IV 3/9" in summary
    assert "- Chi bộ Thôn 1: 03/11/2026 (thứ Ba), có mặt 17/18 (94,4%), xếp loại Tốt ⚠" in summary
    assert "- Chi bộ Thôn 2: 03/11/2026 (thứ Ba), có mặt 22/22 (100%), xếp loại Tốt; sinh hoạt chuyên đề" \
        " 23/11/2026 (thứ Hai)" in summary
    assert "- Chi bộ Thôn 3: 04/11/2026 (thứ Tư), có mặt 15/15 (100%), xếp loại Tốt, kết hợp sinh hoạt " \
        "chuyên đề" in summary
    assert "- Chi bộ Thôn Tây Hòa: chưa báo cáo sinh hoạt thường kỳ; sinh hoạt chuyên đề " \
        "23/11/2026 (thứ Hai)" in summary

    replies = await world.chat.send("binh", "/xuat 11/2026")
    attachment = replies[-1].attachment
    assert attachment is not None
    workbook = load_workbook(io.BytesIO(attachment.content))
    cells = workbook["Chi bộ"]
    header = [c.value for c in cells[4]]
    rows = {row[2]: dict(zip(header, row, strict=False))
            for row in cells.iter_rows(min_row=5, values_only=True)}
    regular, when, kind = "Sinh hoạt thường kỳ", "Sinh hoạt chuyên đề", "Hình thức"
    assert [rows[n][regular] for n in ("Chi bộ Thôn 1", "Chi bộ Thôn 2", "Chi bộ Thôn 3")] == [
        "Đã họp"
    ] * 3
    assert rows["Chi bộ Thôn Tây Hòa"][regular] == "Chưa báo cáo"
    assert rows["Chi bộ Thôn 1"][when] is None
    assert rows["Chi bộ Thôn 2"][when] == datetime(2026, 11, 23)
    assert rows["Chi bộ Thôn 2"]["Chủ đề"] == "Chuyển đổi số"
    assert rows["Chi bộ Thôn 3"][kind] == "Sinh hoạt thường kỳ kết hợp chuyên đề"
    assert rows["Chi bộ Thôn 3"][when] == datetime(2026, 11, 4)
    assert rows["Chi bộ Thôn Tây Hòa"][when] == datetime(2026, 11, 23)
    # a cell whose meeting is still to come (Trạm Y tế, 30/11, on 24/11) is not reported either
    reported = sum(
        1 for row in rows.values() if row[regular] not in ("Chưa báo cáo", "Chưa đến ngày họp")
    )
    assert reported == 3  # as /tonghop: 3/9
    assert rows["Chi bộ Trạm Y tế xã"][regular] == "Chưa đến ngày họp"

    quarters = {row[2]: row[3:] for row in workbook["Chuyên đề theo quý"].iter_rows(
        min_row=5, values_only=True) if row[0] is not None}
    held = {name for name, row in quarters.items() if row[3] == 1}  # quarter IV
    assert held == {"Chi bộ Thôn 2", "Chi bộ Thôn 3", "Chi bộ Thôn Tây Hòa"}
    total = next(row for row in workbook["Chuyên đề theo quý"].iter_rows(values_only=True)
                 if row[1] == "Số chi bộ có chuyên đề")
    assert total[3:7] == (0, 0, 0, 3)  # as /tonghop: IV 3/9


async def test_sua_names_the_topic_session_apart_from_the_month_s_meeting(world: World) -> None:
    """Thôn 2 sent both reports of November: /sua offers two choices that read differently."""
    await report_the_month(world)
    labels = last_choices(await world.chat.send("tu", "/sua"))
    assert sorted(labels) == [
        "Báo cáo sinh hoạt chuyên đề quý IV/2026 (tháng 11/2026) - Chi bộ Thôn 2",
        "Báo cáo sinh hoạt tháng 11/2026 - Chi bộ Thôn 2",
        "Báo cáo sinh hoạt tháng 11/2026 - Chi bộ Thôn 3",
    ]


async def test_a_topic_session_is_named_alike_in_lich_baocao_and_its_reminder(
    world: World,
) -> None:
    """Thôn 1 plans its quarter's topic session in the quarter's first month: /lich, the
    reminder and /baocao all say «dự kiến tháng 10/2026» (/baocao said «tháng 11/2026», the
    month it would be filed in, while /lich said October)."""
    chat = world.chat
    said = await exchange(
        chat, "chi", [("text", "/baocao 17/18 vkl 1 ct khong nq co xl tot"), ("text", "1")]
    )
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1]
    said = await chat.say("chi", "/lich")
    assert "- Sinh hoạt chuyên đề quý IV/2026: chưa báo cáo (dự kiến tháng 10/2026);" in said
    replies = await chat.send("chi", "/baocao")
    assert [label for label in last_choices(replies) if "chuyên đề" in label] == [
        "Sinh hoạt chuyên đề quý IV/2026 (dự kiến tháng 10/2026)"
    ]
    async with world.database.transaction() as session:
        context = await cell_schedule(Repositories(session), world.cells["Chi bộ Thôn 1"])
    assert context is not None
    start = datetime(2026, 9, 30, 18, 0, tzinfo=UTC)  # 01/10 01:00 in Hà Nội
    [due] = [
        r
        for r in plan([context.schedule], start, 2).reminders
        if r.kind is ReminderKind.TOPIC_DUE and r.offset == "start"
    ]
    payload = {**due.payload, "cell_name": "Chi bộ Thôn 1", "period": due.period}
    text = render_reminder(str(due.kind), payload, Catalogs().translator("vi")).text
    assert text == (
        "Quý IV/2026: Chi bộ Thôn 1 cần tổ chức sinh hoạt chuyên đề, dự kiến trong tháng 10/2026."
    )
