"""/xuat, /bieudo and /chuabaocao: what officers pull, in their scope only."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from rf_world import World

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
    assert "1/9 chi bộ đã báo cáo" in reply.text
    workbook = load_workbook(io.BytesIO(reply.attachment.content))
    sheet = workbook.worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    by_cell = {row[1]: row for row in rows}
    assert len(rows) == 9
    thon_1 = by_cell["Chi bộ Thôn 1"]
    assert thon_1[2:5] == ["Có", "03/11/2026", "Sinh hoạt thường kỳ"]
    assert thon_1[5:11] == [18, 0, 16, 88.9, 1, 1]
    assert thon_1[13] == "Khá"
    assert by_cell["Chi bộ Thôn 2"][2] == "Không"
    topics = workbook.worksheets[1]
    assert (
        topics.cell(row=1, column=1).value == "Sinh hoạt chuyên đề năm 2026 (chỉ tiêu: 4 lần/năm)"
    )


async def test_chart_is_a_png_and_the_menu_offers_months(world: World) -> None:
    await report_thon_1(world)
    replies = await world.chat.send("binh", "/bieudo")
    assert [c.label for c in replies[-1].choices] == ["Tháng 11/2026", "Tháng 10/2026"]
    replies = await world.chat.send("binh", "1")
    attachment = replies[-1].attachment
    assert attachment is not None and attachment.kind == "photo"
    assert attachment.content.startswith(b"\x89PNG")
    assert "Tỷ lệ dự họp, tháng 11/2026" in replies[-1].text


async def test_late_cells_and_a_nudge_once_a_day(world: World) -> None:
    await report_thon_1(world)
    said = await world.chat.say("binh", "/chuabaocao 11/2026")
    assert "Chưa báo cáo tháng 11/2026" in said
    assert "Chi bộ Thôn 2, họp ngày 03/11/2026" in said
    assert "Chi bộ Thôn 1" not in said
    assert "Chi bộ Trạm Y tế xã" not in said  # meets on 30/11: not late yet
    assert "Chi bộ Thôn 4" not in said
    assert "(bí thư chưa liên lạc được)" in said  # cells with no secretary joined
    said = await world.chat.say("binh", "Nhắc ngay")
    assert "Đã nhắc 2 chi bộ" in said  # Thôn 2 and Thôn 3, both with secretary "tu"
    told = [r for r in world.chat.channel.to("tu") if "nhắc đồng chí" in r.text]
    assert len(told) == 2 and told[0].choices[0].value == "/baocao"
    await world.chat.say("binh", "/chuabaocao 11/2026")
    assert "đã được nhắc hôm nay" in await world.chat.say("binh", "1")
    async with world.database.transaction() as session:
        nudges = await Repositories(session).audit.entries(action="cell.nudge")
    assert len(nudges) == 7


async def test_an_officer_of_another_commune_sees_only_their_cells(world: World) -> None:
    await report_thon_1(world)
    replies = await world.chat.send("xa", "/xuat 11/2026")
    attachment = replies[-1].attachment
    assert attachment is not None
    sheet = load_workbook(io.BytesIO(attachment.content)).worksheets[0]
    names = [row[1].value for row in sheet.iter_rows(min_row=4)]
    assert names == ["Chi bộ Xóm Khác"]
    assert "không dành cho vai trò" in await world.chat.say("chi", "/xuat")
