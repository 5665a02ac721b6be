"""Every view of the seeded commune says the same numbers: /tonghop, Excel, Word, chart, late list."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
from openpyxl import load_workbook
from review_world import ReviewWorld

from core.i18n import Catalogs
from core.messages import Reply
from handlers.committee.chart import title_lines
from handlers.committee.files import chart_file
from scheduler.review_periods import ReviewPeriod
from services.review import scope_of
from storage.repos import Repositories
from tests.harness import Harness, build_harness

OVERVIEW = [
    "Sinh hoạt chi bộ tháng 11/2026 - Đảng bộ xã An: 5 chi bộ.",
    "Đã báo cáo: 3/5 chi bộ (60%). 1 báo cáo bị trả lại để sửa, chưa tính cho đến khi gửi lại.",
    "Đã họp: 2; chưa họp: 1.",
    "Dự họp 85,7% (24/28 đảng viên phải dự). Thấp nhất 83,3%: Chi bộ An 2, tháng 11/2026. "
    "1 chi bộ dự họp từ 85% trở xuống.",
    "Vắng không lý do: 2 lượt ở 1 chi bộ. 1 chi bộ có đảng viên vắng không lý do 3 tháng liền "
    "(xem xét xóa tên).",
    "Cấp ủy cấp trên dự 1/2 buổi; ra nghị quyết 2 buổi.",
    "Xếp loại buổi họp: Tốt 1, Khá 1, Trung bình 0, Kém 0.",
    "Sinh hoạt chuyên đề tháng 11/2026: 3 buổi (2 buổi riêng, 1 buổi kết hợp sinh hoạt thường "
    "kỳ) ở 3 chi bộ.",
    "Chi bộ có sinh hoạt chuyên đề theo quý năm 2026: I 2/5, II 1/5, III 1/5, IV 3/5; đủ cả 4 "
    "quý (4 lần/năm): 1/5.",
    "Số liệu gửi về tháng 11/2026:",
    "- Kết nạp đảng viên mới: 3 người (2 chi bộ gửi)",
    "- Đảng phí đã thu: 1.200.000 đồng (2 chi bộ gửi)",
    "Xếp loại chi bộ năm 2025: HTXSNV 1, HTTNV 1, HTNV 1, KHTNV 0 (3/5 chi bộ đã xếp loại).",
    "Xếp loại đảng viên năm 2025: HTXSNV 2, HTTNV 6, HTNV 1, KHTNV 1 (10 đảng viên được xếp loại).",
    "Chỉ tiêu kế hoạch (KH 15-KH/ĐU):",
    "- Chi bộ HTTNV trở lên (chỉ tiêu trên 90%): năm 2025: 66,7% (2/3) - chưa đạt",
    # the ceiling said as the plan means it (it read «chỉ tiêu 20%»)
    "- Chi bộ HTXSNV (chỉ tiêu không vượt quá 20%): năm 2025: 33,3% (1/3) - chưa đạt",
    # counts of a year still going on: no verdict before it ends
    "- Kết nạp đảng viên (chỉ tiêu từ 12 đảng viên trở lên): năm 2026: 4 - tính đến nay, năm "
    "chưa kết thúc",
    "- Tỷ lệ kết nạp đảng viên (chỉ tiêu đạt 4,5% trở lên): năm 2026: 1,5% (4/264) - tính đến "
    "nay, năm chưa kết thúc",
    "- Chi bộ sinh hoạt chuyên đề đủ mỗi quý (chỉ tiêu 100%): năm 2026: 20% (1/5) - tính đến nay, "
    "năm chưa kết thúc",
]
CELLS = [
    "Từng chi bộ:",
    "- Chi bộ An 1: 03/11/2026 (thứ Ba), có mặt 9/10 (90%), xếp loại Tốt; sinh hoạt chuyên đề "
    "12/11/2026 (thứ Năm)",
    "- Chi bộ An 2: 04/11/2026 (thứ Tư), có mặt 15/18 (83,3%), xếp loại Khá, kết hợp sinh hoạt "
    "chuyên đề ⚠ tỷ lệ dự họp thấp, có vắng không lý do, vắng không lý do 3 tháng liền",
    "- Chi bộ An 3: chưa họp (Mưa bão)",
    "- Chi bộ An 4: chưa báo cáo sinh hoạt thường kỳ; sinh hoạt chuyên đề 10/11/2026 (thứ Ba)",
    "- Chi bộ An 5: 03/11/2026 (thứ Ba), có mặt 12/12 (100%), xếp loại Tốt [đã trả lại]",
    "Chưa báo cáo (2):",
    "- Đã mời bí thư, chưa tham gia bot: Chi bộ An 4",
    "- Trả lại để sửa: Chi bộ An 5",
]


def chat(world: ReviewWorld) -> Harness:
    return build_harness(world.database, world.clock)


def text_of(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


async def test_tonghop_gives_exactly_the_seeded_month(sqlite_world: ReviewWorld) -> None:
    replies = await chat(sqlite_world).send("an", "/tonghop")
    lines = replies[-1].text.split("\n")
    assert lines == OVERVIEW + CELLS
    assert [c.label for c in replies[-1].choices] == [
        "Kỳ trước: tháng 10/2026",
        "Trả lại báo cáo để sửa",
        "Lịch sử một chi bộ",
        "Tệp Excel",
    ]


async def test_excel_reads_back_to_the_same_numbers(sqlite_world: ReviewWorld) -> None:
    harness = chat(sqlite_world)
    await harness.send("an", "/tonghop")
    replies = await harness.send("an", "4")  # typed as on Zalo: the Excel file
    reply = replies[-1]
    assert reply.attachment is not None
    assert reply.attachment.filename == "tong-hop-dang-bo-xa-an-2026-11.xlsx"
    assert reply.text == "Sinh hoạt chi bộ tháng 11/2026: 3/5 chi bộ đã báo cáo."
    book = load_workbook(io.BytesIO(reply.attachment.content))
    total = [c.value for c in book["Tổng hợp"][7]]
    assert total[:2] == [None, "Cộng"]
    assert total[2:] == [
        5,
        3,
        5,
        0.6,
        1,
        2,
        2,
        1,
        24,
        28,
        0.8571,
        1,
        2,
        1,
        1,
        2,
        1,
        1,
        0,
        0,
        3,
        2,
        1,
        1,
        3,
        1,
    ]
    groups = {
        row[1].value: [c.value for c in row]
        for row in book["Tổng hợp"].iter_rows(min_row=5, max_row=6)
    }
    assert groups["Đảng bộ xã An (chi bộ trực thuộc)"][2:5] == [4, 3, 4]
    assert groups["Đảng bộ bộ phận Thôn Trên"][2:7] == [1, 0, 1, 0.0, 1]
    detail = {row[2].value: [c.value for c in row] for row in book["Chi bộ"].iter_rows(min_row=5)}
    an2 = detail["Chi bộ An 2"]
    assert an2[5:8] == ["Đã họp", datetime(2026, 11, 4), "Sinh hoạt thường kỳ kết hợp chuyên đề"]
    assert an2[17] == datetime(2026, 11, 4) and an2[20] == "Có"  # topic = the combined meeting
    assert detail["Chi bộ An 1"][17:19] == [datetime(2026, 11, 12), "Học tập và làm theo Bác"]
    assert detail["Chi bộ An 4"][5] == "Chưa báo cáo"
    assert detail["Chi bộ An 4"][17:19] == [datetime(2026, 11, 10), "Chuyển đổi số"]
    assert detail["Chi bộ An 3"][5] == "Chưa họp" and detail["Chi bộ An 3"][17] is None
    assert detail["Chi bộ An 5"][5] == "Trả lại để sửa"
    assert detail["Chi bộ An 1"][21:24] == [1, 500_000, "HTXSNV"]
    late = [[c.value for c in row][2:7] for row in book["Chưa báo cáo"].iter_rows(min_row=5)]
    assert late == [
        ["Chi bộ An 4", "Chưa báo cáo", "11/2026", None, "Đã mời bí thư, chưa tham gia bot"],
        ["Chi bộ An 5", "Trả lại để sửa", "11/2026", "Nam", "Bí thư đã chặn bot"],
    ]
    figures = [[c.value for c in row] for row in book["Số liệu"].iter_rows(min_row=4)]
    assert figures[0][2:] == ["Kết nạp đảng viên mới", "Đảng phí đã thu"]
    assert figures[3][1:] == ["Cộng", 3, 1_200_000]
    ratings = [c.value for c in book["Xếp loại"][7]]
    assert ratings[1:] == ["Cộng", 5, 1, 1, 1, 0, 2, 2, 6, 1, 1]
    topic_rows = [[c.value for c in row] for row in book["Chuyên đề theo quý"].iter_rows(min_row=5)]
    topics = {row[2]: row for row in topic_rows}
    assert topics["Chi bộ An 1"][3:] == [1, 1, 1, 1, 4, 4, "Có"]
    assert topics["Chi bộ An 4"][3:] == [0, 0, 0, 1, 1, 1, "Chưa"]
    assert topic_rows[-1][1:] == ["Số chi bộ có chuyên đề", None, 2, 1, 1, 3, 7, None, 1]
    targets = [[c.value for c in row] for row in book["Chỉ tiêu kế hoạch"].iter_rows(min_row=5)]
    assert [(t[4], t[7], t[8], t[9], t[10]) for t in targets] == [
        ("Chi bộ HTTNV trở lên", 0.6667, 2, 3, "Chưa"),
        ("Chi bộ HTXSNV", 0.3333, 1, 3, "Chưa"),
        # a count is what was done («Thực hiện»), not «Số đạt» of nothing
        ("Kết nạp đảng viên", 4, None, None, "tính đến nay, năm chưa kết thúc"),
        ("Tỷ lệ kết nạp đảng viên", 0.0152, 4, 264, "tính đến nay, năm chưa kết thúc"),
        ("Chi bộ sinh hoạt chuyên đề đủ mỗi quý", 0.2, 1, 5, "tính đến nay, năm chưa kết thúc"),
    ]
    assert "%" not in book["Chỉ tiêu kế hoạch"].cell(row=7, column=8).number_format
    sheet = book["Chi bộ"]
    assert sheet.freeze_panes == "D5" and sheet.auto_filter.ref is not None
    assert sheet.column_dimensions["C"].width >= len("Chi bộ An 1")


async def test_word_draft_reads_back_to_the_same_numbers(sqlite_world: ReviewWorld) -> None:
    replies = await chat(sqlite_world).send("an", "/baocaothang tháng 11")
    reply = replies[-1]
    assert reply.attachment is not None and reply.attachment.filename.endswith(".docx")
    assert "Dự thảo báo cáo sinh hoạt chi bộ tháng 11/2026" in reply.text
    document = docx.Document(io.BytesIO(reply.attachment.content))
    paragraphs = [p.text for p in document.paragraphs]
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header[0].startswith("ĐẢNG BỘ TỈNH THỬ\nĐẢNG ỦY XÃ AN\n*\nSố ....-BC/ĐU")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1] and "ngày .... tháng" in header[1]
    assert "BÁO CÁO" in paragraphs and "Kết quả sinh hoạt chi bộ tháng 11/2026" in paragraphs
    for line in OVERVIEW[1:9]:
        assert line in paragraphs, line
    # as an official report writes it, nothing of the bot
    assert "Chi bộ An 4 (chưa báo cáo)" in paragraphs
    assert "Chi bộ An 5 (trả lại để sửa)" in paragraphs
    assert not [p for p in paragraphs if "bot" in p and not p.startswith("Dự thảo do chibo")]
    # the plan targets under their own heading, after the figures and ratings
    heading = paragraphs.index("Chỉ tiêu kế hoạch (KH 15-KH/ĐU):")
    assert paragraphs[heading - 1].startswith("Xếp loại đảng viên năm 2025")
    assert paragraphs[heading + 1].startswith("Chi bộ HTTNV trở lên (chỉ tiêu trên 90%)")
    tables = {t.rows[0].cells[0].text: t for t in document.tables[1:]}
    groups = [[c.text for c in row.cells] for row in tables["Đơn vị"].rows[1:]]
    assert groups == [
        ["Đảng bộ xã An", "4", "3/4", "85,7", "1"],
        ["Đảng bộ bộ phận Thôn Trên", "1", "0/1", "-", "1"],
    ]
    quarters = [[c.text for c in row.cells] for row in tables["Quý I"].rows]
    assert quarters[1] == ["2", "1", "1", "3", "1"]
    figures = [[c.text for c in row.cells] for row in tables["Số liệu"].rows[1:]]
    assert figures == [
        ["Kết nạp đảng viên mới", "3 người", "2"],
        ["Đảng phí đã thu", "1.200.000 đồng", "2"],
    ]
    assert "1. Ưu điểm:" in paragraphs and "V. NHẬN XÉT, ĐÁNH GIÁ" in paragraphs


async def test_the_chart_is_a_phone_sized_png(sqlite_world: ReviewWorld) -> None:
    replies = await chat(sqlite_world).send("an", "/bieudo quý 4")
    attachment = replies[-1].attachment
    assert attachment is not None and attachment.kind == "photo"
    assert attachment.content.startswith(b"\x89PNG")
    width = int.from_bytes(attachment.content[16:20], "big")
    assert 600 <= width <= 1000
    assert replies[-1].text == "Biểu đồ sinh hoạt chi bộ quý IV/2026 - Đảng bộ xã An"


async def test_a_quarter_in_chat_and_excel_agree(sqlite_world: ReviewWorld) -> None:
    harness = chat(sqlite_world)
    said = text_of(await harness.send("an", "/tonghop quy IV/2026"))
    # on 24/11 October and November are owed by all five cells, as each month alone
    assert (
        "Báo cáo đến hạn tính đến nay: 4/10 lượt (40%); báo cáo đủ các tháng đến hạn: 1/5 chi bộ."
        in said
    )
    assert "Sinh hoạt chuyên đề quý IV/2026: 3 buổi (2 buổi riêng, 1 buổi kết hợp" in said
    assert "Chi bộ An 4 (thiếu tháng 10, 11/2026)" in said
    replies = await harness.send("an", "Tệp Excel")
    attachment = replies[-1].attachment
    assert attachment is not None
    total = [c.value for c in load_workbook(io.BytesIO(attachment.content))["Tổng hợp"][7]]
    assert total[2:8] == [5, 4, 10, 0.4, 1, 4]
    assert total[22] == 3  # topic sessions in the quarter, as the chat says


async def test_late_cells_are_named_with_who_can_be_reached(sqlite_world: ReviewWorld) -> None:
    harness = chat(sqlite_world)
    said = text_of(await harness.send("an", "/chuabaocao"))
    assert said.split("\n") == [
        "Chưa báo cáo tháng 11/2026 (2 chi bộ):",
        "• Chi bộ An 4: họp ngày 03/11/2026 (thứ Ba); đã mời bí thư, chưa tham gia bot",
        "• Chi bộ An 5: bị trả lại để sửa; báo cáo ghi họp ngày 03/11/2026 (thứ Ba); bí thư đã chặn "
        "bot",
        "Không chi bộ nào trong danh sách có bí thư liên lạc được qua bot; đồng chí mời bí thư "
        "các chi bộ này bằng /moi.",
    ]
    said = text_of(await harness.send("an", "/chuabaocao quý 4"))
    assert "• Chi bộ An 1: thiếu tháng 10/2026; bí thư: Mot" in said
    said = text_of(await harness.send("an", "1"))
    # on 24/11 October's reports are closed (until the 10th): nobody is asked for it
    assert said == (
        "Đã nhắc 0 chi bộ. 2 chi bộ không được nhắc: các tháng còn thiếu đã hết hạn nhận báo cáo "
        "(hoặc đã khóa sổ), hoặc chưa đến ngày họp. Không nhắc được 2 chi bộ: bí thư đã chặn bot (1); "
        "đã mời bí thư, chưa tham gia bot (1)."
    )
    assert not any("nhắc đồng chí" in r.text for r in harness.channel.to("mot"))


async def test_a_month_going_on_is_named_wherever_its_figures_are_counted(
    world: ReviewWorld,
) -> None:
    """The year on 01/12: reports are owed for January to November; December's figures are
    summed as soon as one is sent, and then /tonghop, the Excel headers, the Word draft and the
    chart all say December is counted (the Excel named only October and November while its
    sums held December's admissions)."""
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # 09:00 on 01/12 in Hà Nội
    harness = chat(world)
    going_on = "Tháng 12/2026 chưa kết thúc: đã tính cả các báo cáo, số liệu gửi về của tháng này."

    async def excel() -> tuple[str, list[object]]:
        attachment = (await harness.send("binh", "/xuat năm 2026"))[-1].attachment
        assert attachment is not None
        sheet = load_workbook(io.BytesIO(attachment.content))["Số liệu"]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        total = next(row for row in rows if row[1] == "Cộng")
        return str(rows[1][0]), total[2:]

    # nothing sent for December yet: neither the header nor the sums have it
    subtitle, total = await excel()
    months = "Lập ngày 01/12/2026; tính báo cáo các tháng 01, 02, 03, 04, 05, 06, 07, 08, 09, 10, 11/2026."
    assert subtitle == months
    assert total == [5]  # Bình 1's November admissions
    assert going_on not in text_of(await harness.send("binh", "/tonghop năm 2026"))
    async with world.database.transaction() as session:
        await Repositories(session).reports.save_figure(
            world.cells["Chi bộ Bình 1"],
            "admissions",
            "2026-12",
            number=2,
            text=None,
            by=world.accounts["b1"],
            now=world.clock.now(),
        )
    # December's admissions are in the sums: every view says December is counted
    subtitle, total = await excel()
    assert subtitle == f"{months} {going_on}"
    assert total == [7]
    said = text_of(await harness.send("binh", "/tonghop năm 2026"))
    assert going_on in said and "- Kết nạp đảng viên mới: 7 người (1 chi bộ gửi)" in said
    draft = (await harness.send("binh", "/baocaothang năm 2026"))[-1].attachment
    assert draft is not None
    paragraphs = [p.text for p in docx.Document(io.BytesIO(draft.content)).paragraphs]
    assert any(going_on in p for p in paragraphs)
    async with world.database.transaction() as session:
        repos = Repositories(session)
        scope = scope_of([org for org in [await repos.orgs.get_org(world.orgs["binh"])] if org])
        made = await chart_file(
            repos,
            Catalogs().translator("vi"),
            scope,
            ReviewPeriod.of_year(2026),
            today=date(2026, 12, 1),
            now=world.clock.now(),
        )
    assert title_lines(Catalogs().translator("vi"), made.summary) == [
        "Đảng bộ xã Bình",
        "năm 2026",
        going_on,
    ]
