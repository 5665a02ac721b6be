"""/xuat, /bieudo and /chuabaocao on the demo commune: what officers pull, in their scope only."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from openpyxl import load_workbook
from rf_world import World

from services.reminder_planning import replan_cell
from storage.repos import Repositories


async def report_thon_1(world: World) -> None:
    said = await world.chat.say(
        "chi",
        "/baocao hop 03/11, cm 16/18, vcl 1, vkl 1, mien 0, thuong ky, ct khong, nq co, xl kha",
    )
    assert "Đồng chí gửi báo cáo chứ?" in said
    assert "Đã ghi" in await world.chat.say("chi", "gui bao cao")


async def test_excel_export_has_the_month_in_the_officers_layout(world: World) -> None:
    await report_thon_1(world)
    replies = await world.chat.send("binh", "/xuat 11/2026")
    reply = replies[-1]
    assert reply.attachment is not None and reply.attachment.filename.endswith(".xlsx")
    assert "Sinh hoạt chi bộ tháng 11/2026: 1/9 chi bộ đã báo cáo." in reply.text
    workbook = load_workbook(io.BytesIO(reply.attachment.content))
    assert workbook.sheetnames[:6] == [
        "Tổng hợp",
        "Chi bộ",
        "Chưa báo cáo",
        "Số liệu",
        "Xếp loại",
        "Chuyên đề theo quý",
    ]
    sheet = workbook["Chi bộ"]
    assert sheet["A1"].value == "Đảng bộ xã Hòa Bình - Chi bộ, tháng 11/2026"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    by_cell = {row[2]: row for row in rows}
    assert len(rows) == 9
    thon_1 = by_cell["Chi bộ Thôn 1"]
    assert thon_1[5:8] == ["Đã họp", datetime(2026, 11, 3), "Sinh hoạt thường kỳ"]
    assert thon_1[8:14] == [18, 0, 16, 0.8889, 1, 1]
    assert thon_1[16] == "Khá"
    assert by_cell["Chi bộ Thôn 2"][5] == "Chưa báo cáo"
    assert sheet.cell(row=5, column=7).number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "D5" and sheet.auto_filter.ref == "A4:V13"
    topics = workbook["Chuyên đề theo quý"]
    assert topics["A1"].value == "Đảng bộ xã Hòa Bình - Sinh hoạt chuyên đề năm 2026, tháng 11/2026"


async def test_chart_is_a_png_and_offers_other_periods(world: World) -> None:
    await report_thon_1(world)
    replies = await world.chat.send("binh", "/bieudo")
    attachment = replies[-1].attachment
    assert attachment is not None and attachment.kind == "photo"
    assert attachment.content.startswith(b"\x89PNG")
    assert "Biểu đồ sinh hoạt chi bộ tháng 11/2026 - Đảng bộ xã Hòa Bình" in replies[-1].text
    assert [c.label for c in replies[-1].choices] == ["Tháng 10/2026", "Quý IV/2026", "Năm 2026"]
    replies = await world.chat.send("binh", "2")
    assert "Biểu đồ sinh hoạt chi bộ quý IV/2026" in replies[-1].text
    replies = await world.chat.send("binh", "6 thang dau nam")
    assert "Biểu đồ sinh hoạt chi bộ 6 tháng đầu năm 2026" in replies[-1].text


async def test_late_cells_and_a_nudge_once_a_day(world: World) -> None:
    await report_thon_1(world)
    said = await world.chat.say("binh", "/chuabaocao 11/2026")
    assert "Chưa báo cáo tháng 11/2026 (7 chi bộ):" in said
    assert "• Chi bộ Thôn 2: họp ngày 03/11/2026 (thứ Ba); bí thư: Tu" in said
    assert "Chi bộ Thôn 1" not in said
    assert "Chi bộ Trạm Y tế xã" not in said  # meets on 30/11: not late yet
    assert "• Chi bộ Công an xã: họp ngày 02/11/2026 (thứ Hai); chưa có bí thư tham gia bot" in said
    said = await world.chat.say("binh", "Nhắc ngay")
    assert said == "Đã nhắc 2 chi bộ. Không nhắc được 5 chi bộ: chưa có bí thư tham gia bot."
    told = [r for r in world.chat.channel.to("tu") if "nhắc đồng chí" in r.text]
    assert len(told) == 2 and told[0].choices[0].value == "/baocao 2026-11"  # that month
    # the date as everywhere else («03/11/2026 (thứ Ba)»), not «thứ Ba 03/11/2026»
    assert "tháng 11/2026, lịch họp ngày 03/11/2026 (thứ Ba)." in told[0].text, told[0].text
    await world.chat.say("binh", "/chuabaocao 11/2026")
    said = await world.chat.say("binh", "1")
    assert said == (
        "Đã nhắc 0 chi bộ. 2 chi bộ đã được nhắc hôm nay nên không nhắc lại. "
        "Không nhắc được 5 chi bộ: chưa có bí thư tham gia bot."
    )
    async with world.database.transaction() as session:
        nudges = await Repositories(session).audit.entries(action="cell.nudge")
    assert len(nudges) == 2  # only the cells someone was told about


async def test_a_quarters_nudge_asks_only_for_what_can_be_reported_now(world: World) -> None:
    """On 24/11, for quarter IV: October's reports closed on the 10th and December's meeting
    is still to come; the nudge asks the secretary for November only."""
    await report_thon_1(world)
    said = await world.chat.say("binh", "/chuabaocao quý 4")
    assert "Chi bộ Thôn 2" in said
    await world.chat.say("binh", "Nhắc ngay")
    told = [r.text for r in world.chat.channel.to("tu") if "nhắc đồng chí" in r.text]
    assert told and all("sinh hoạt tháng 11/2026" in text for text in told), told
    assert not any("tháng 10" in text or "12/2026" in text for text in told)


async def test_early_in_a_month_late_cells_are_those_of_the_month_still_reported(
    world: World,
) -> None:
    """On 01/12, until November's reports close on the 10th, /chuabaocao is about November
    (December's meetings are ahead): no false "every cell reported"."""
    await report_thon_1(world)
    world.clock.advance(timedelta(days=7))  # Tuesday 01/12/2026
    said = await world.chat.say("binh", "/chuabaocao")
    assert "Chưa báo cáo tháng 11/2026" in said and "Chi bộ Thôn 2" in said
    said = await world.chat.say("binh", "/chuabaocao tháng 12")
    assert "tháng 12/2026" in said


async def test_a_cell_added_today_owes_nothing_for_the_months_before(world: World) -> None:
    """A cell created on 24/11 is not late for October, neither in /chuabaocao nor in the
    planned reminders (no escalation for a meeting of 31/10); November it owes."""
    async with world.database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(world.org_id)
        assert org is not None
        cell = await repos.orgs.add_cell(
            org, "Chi bộ Thôn Mới", now=world.clock.now(), members_on_roll=12
        )
        assert cell.id is not None
        await replan_cell(repos, cell.id, world.clock.now())
        periods = {r.period for r in await repos.reminders.reminders("pending") if r.cell_id == cell.id}
    assert periods and all(period >= "2026-11" for period in periods), periods
    said = await world.chat.say("binh", "/chuabaocao tháng 10")
    assert "Chi bộ Thôn Mới" not in said
    said = await world.chat.say("binh", "/chuabaocao quý 4")
    assert "Chi bộ Thôn Mới: thiếu tháng 11/2026" in said


async def test_a_question_after_a_file_is_a_question_not_a_period(world: World) -> None:
    """After /xuat, other periods are offered; "quý 4" is one, while a question about the plan
    ends the offer and is answered ("Không hiểu kỳ" before)."""
    await report_thon_1(world)
    replies = await world.chat.send("binh", "/xuat 11/2026")
    assert replies[-1].choices
    said = await world.chat.say("binh", "nhiem vu cua uy ban kiem tra")
    assert "Nhiệm vụ của Ủy ban Kiểm tra" in said and "Không hiểu" not in said
    await world.chat.send("binh", "/xuat 11/2026")
    replies = await world.chat.send("binh", "quý 4")
    assert replies[-1].attachment is not None


async def test_an_officer_of_another_commune_sees_only_their_cells(world: World) -> None:
    await report_thon_1(world)
    replies = await world.chat.send("xa", "/xuat 11/2026")
    attachment = replies[-1].attachment
    assert attachment is not None
    sheet = load_workbook(io.BytesIO(attachment.content))["Chi bộ"]
    names = [row[2].value for row in sheet.iter_rows(min_row=5)]
    assert names == ["Chi bộ Xóm Khác"]
    assert "không dành cho vai trò" in await world.chat.say("chi", "/xuat")


async def test_the_summary_with_no_period_is_that_of_the_month_still_reported(
    world: World,
) -> None:
    """/tonghop on 01/12 is about November, as /chuabaocao (December was "Chưa báo cáo (9)")."""
    await report_thon_1(world)
    world.clock.advance(timedelta(days=7))  # Tuesday 01/12/2026
    said = await world.chat.say("binh", "/tonghop")
    assert "Sinh hoạt chi bộ tháng 11/2026" in said and "Đã báo cáo: 1/9 chi bộ" in said


async def test_the_default_period_follows_the_organisations_closing_day(world: World) -> None:
    """An organisation that closes a month's reports on the 5th: on 07/12 the summary and the
    late list with no period are about December; on 03/12 still about November."""
    async with world.database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(world.org_id)
        assert org is not None
        org.settings = {**(org.settings or {}), "reports_open_until_day": 5}
        session.add(org)
    world.clock.advance(timedelta(days=9))  # Thursday 03/12/2026
    assert "tháng 11/2026" in await world.chat.say("binh", "/tonghop")
    world.clock.advance(timedelta(days=4))  # Monday 07/12/2026
    said = await world.chat.say("binh", "/tonghop")
    assert "Sinh hoạt chi bộ tháng 12/2026" in said
    await world.chat.say("binh", "/huy")
    assert "tháng 11/2026" not in await world.chat.say("binh", "/chuabaocao")


async def test_the_summarys_menu_lets_a_question_through(world: World) -> None:
    """At /tonghop's menu a plan question is answered as such, a mistyped name is asked again
    in words, and at «which cell» a sentence is no name either."""
    await world.chat.say("binh", "/tonghop")
    said = await world.chat.say("binh", "nhiệm vụ của ubkt")
    assert "Đồng chí gõ số thứ tự" not in said and "tên «" not in said
    await world.chat.say("binh", "/tonghop")
    said = await world.chat.say("binh", "Thon Dong Hao")
    assert "Không có đơn vị, chi bộ nào tên «Thon Dong Hao»" in said
    assert "Chi bộ nào?" in await world.chat.say("binh", "Lịch sử một chi bộ")
    said = await world.chat.say("binh", "cho tôi xem kế hoạch năm nay")
    assert "Không có chi bộ nào tên" not in said


async def test_a_closed_month_s_late_list_offers_no_reminder(world: World) -> None:
    """On 24/11 October's reports closed on 10/11: /chuabaocao tháng 10 lists the cells but
    offers no «Nhắc ngay» (it nudged nobody: «Đã nhắc 0 chi bộ»), and says why."""
    replies = await world.chat.send("binh", "/chuabaocao tháng 10")
    text = replies[-1].text
    assert "Chưa báo cáo tháng 10/2026" in text
    assert "Báo cáo tháng 10/2026 đã hết hạn gửi nên không nhắc được chi bộ nào." in text
    assert not replies[-1].choices


async def test_files_with_no_period_are_of_the_month_still_reported(world: World) -> None:
    """On 01/12 /xuat with no period is November's file, as /tonghop's summary is (it gave
    December's, 0/9, meetings all ahead)."""
    world.clock.advance(timedelta(days=7))
    replies = await world.chat.send("binh", "/xuat")
    reply = next(r for r in replies if r.attachment is not None)
    assert "tháng 11/2026" in reply.text


async def test_a_quarter_s_late_list_leaves_out_a_meeting_still_ahead(world: World) -> None:
    """On 24/11 the Trạm Y tế cell meets on 30/11: /chuabaocao quý 4 says it misses October,
    not «10, 11/2026», as /chuabaocao tháng 11 leaves it out."""
    said = await world.chat.say("binh", "/chuabaocao quý 4")
    line = next(line for line in said.splitlines() if "Trạm Y tế" in line)
    assert "thiếu tháng 10/2026" in line and "11/2026" not in line
    said = await world.chat.say("binh", "/chuabaocao tháng 11")
    assert "Trạm Y tế" not in said
