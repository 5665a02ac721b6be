"""An outside tester's findings on the officers' side: a scope of two communes keeps each plan's
targets to its own commune, counts agree with the lines, cells owing nothing are said apart."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
from openpyxl import load_workbook
from review_world import ReviewWorld, _held

from core.i18n import Catalogs
from handlers.committee.chart import rate_values
from handlers.committee.summary_text import cell_lines, overview, reporting_line
from handlers.committee.wording import FigureCatalog
from handlers.demo import DEMO_PLAN
from knowledge.target_measures import Measure
from scheduler.periods import Month, Quarter
from scheduler.review_periods import ReviewPeriod
from services.plan_library import import_document
from services.review import Summary, monthly_rates, scope_of, summarize
from storage.repos import Repositories
from tests.harness import build_harness

TODAY = date(2026, 11, 24)
VI = Catalogs().translator("vi")


async def _summary(
    world: ReviewWorld, orgs: list[str], period: ReviewPeriod, today: date = TODAY
) -> Summary:
    async with world.database.transaction() as session:
        repos = Repositories(session)
        found = [await repos.orgs.get_org(world.orgs[o]) for o in orgs]
        scope = scope_of([o for o in found if o is not None])
        return await summarize(
            repos, scope, period, today=today, now=world.clock.now(), detail=True
        )


async def _new_cell_in_binh(world: ReviewWorld, name: str, *, reports: list[str]) -> int:
    """A cell created today in xã Bình, with accepted reports for `reports` months."""
    now = world.clock.now()
    async with world.database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(world.orgs["binh"])
        assert org is not None
        cell = await repos.orgs.add_cell(org, name, now=now, members_on_roll=7)
        assert cell.id is not None
        for period in reports:
            row = _held(cell.id, period, now, 5, 7, 7)
            await repos.reports.save(row, action="sent", data={}, by=None, now=now)
        return cell.id


async def test_a_plan_of_one_commune_is_measured_over_that_commune(
    sqlite_world: ReviewWorld,
) -> None:
    both = await _summary(sqlite_world, ["an", "binh"], ReviewPeriod.of_month(Month(2026, 11)))
    alone = await _summary(sqlite_world, ["an"], ReviewPeriod.of_month(Month(2026, 11)))
    by_measure = {c.measure: (c.numerator, c.denominator) for c in both.targets}
    # xã An's plan: its 5 cells and its admissions (4), not xã Bình's too (7 cells, 9)
    assert by_measure[Measure.TOPIC_CELLS] == (1, 5)
    assert by_measure[Measure.ADMISSIONS] == (4, None)
    assert [(c.measure, c.numerator, c.denominator) for c in both.targets] == [
        (c.measure, c.numerator, c.denominator) for c in alone.targets
    ]


async def test_counts_agree_with_the_lines_and_same_names_are_told_apart(
    sqlite_world: ReviewWorld,
) -> None:
    # a cell created today in xã Bình, named as one of xã An's, reports October all the same
    await _new_cell_in_binh(sqlite_world, "Chi bộ An 2", reports=["2026-10"])
    s = await _summary(sqlite_world, ["an", "binh"], ReviewPeriod.of_month(Month(2026, 10)))
    lines = cell_lines(VI, s)
    assert "- Chi bộ An 2 (Đảng bộ xã An): 04/10/2026 (Chủ nhật)" in "\n".join(lines)
    assert "- Chi bộ An 2 (Đảng bộ xã Bình): 05/10/2026 (thứ Hai)" in "\n".join(lines)
    reported = [line for line in lines if "có mặt" in line]
    assert len(reported) == 2
    # the report it did not owe is counted, and so is the month, as one sent early
    assert reporting_line(VI, s).startswith("Đã báo cáo: 2/8 chi bộ (25%).")


async def test_a_cell_owing_nothing_is_not_complete(sqlite_world: ReviewWorld) -> None:
    await _new_cell_in_binh(sqlite_world, "Chi bộ Bình 3", reports=[])
    s = await _summary(sqlite_world, ["binh"], ReviewPeriod.of_quarter(Quarter(2026, 3)))
    # Bình 1 and 2 reported no month of quarter III: no cell is complete; the new one (created
    # on 24/11) owes nothing of it
    assert reporting_line(VI, s).startswith(
        "Báo cáo đến hạn tính đến nay: 0/6 lượt (0%); báo cáo đủ các tháng đến hạn: 0/2 chi "
        "bộ. 1 chi bộ chưa phải báo cáo (mới thành lập)."
    )


async def test_a_returned_report_alone_shows_no_attendance(sqlite_world: ReviewWorld) -> None:
    s = await _summary(sqlite_world, ["an"], ReviewPeriod.of_quarter(Quarter(2026, 4)))
    line = next(x for x in cell_lines(VI, s) if x.startswith("- Chi bộ An 5"))
    assert "-%" not in line
    assert (
        line == "- Chi bộ An 5: báo cáo 0/2 lượt đến hạn, đã họp 0, chuyên đề 0 buổi [đã trả lại]"
    )


async def test_targets_are_not_judged_when_no_cell_had_to_report(
    sqlite_world: ReviewWorld,
) -> None:
    # the cells were created on 24/11/2025: October 2025 was owed by none
    s = await _summary(sqlite_world, ["an"], ReviewPeriod.of_month(Month(2025, 10)))
    text = "\n".join(overview(VI, s, FigureCatalog([])))
    assert "Chưa chi bộ nào phải báo cáo kỳ này" in text
    assert s.targets == ()
    assert "Chỉ tiêu kế hoạch" not in text


async def _new_commune(world: ReviewWorld) -> None:
    """Đảng bộ xã Mới with one cell created today and its officer «moi»."""
    now = world.clock.now()
    async with world.database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org("Đảng bộ xã Mới", parent=None, kind="xa", now=now)
        assert org.id is not None
        world.orgs["moi"] = org.id
        await repos.orgs.add_cell(org, "Chi bộ Mới 1", now=now, members_on_roll=5)
        account = await repos.accounts.get_or_create(
            "console", "moi", chat_id="moi", display_name="Moi", locale="vi", now=now
        )
        assert account.id is not None
        await repos.roles.grant(
            account.id, "officer", org_id=org.id, cell_id=None, granted_by=None, now=now
        )


async def test_chuabaocao_says_no_cell_had_to_report_yet(sqlite_world: ReviewWorld) -> None:
    await _new_commune(sqlite_world)
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    said = "\n".join(r.text for r in await chat.send("moi", "/chuabaocao tháng 10"))
    assert said == (
        "Chưa chi bộ nào phải báo cáo tháng 10/2026: các chi bộ được tạo sau kỳ này. Chi bộ nào "
        "vẫn gửi báo cáo kỳ này thì báo cáo đó được tính."
    )


async def test_the_chart_has_no_bar_for_a_month_no_cell_owed(sqlite_world: ReviewWorld) -> None:
    await _new_commune(sqlite_world)
    async with sqlite_world.database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(sqlite_world.orgs["moi"])
        assert org is not None
        rates = await monthly_rates(repos, scope_of([org]), Month(2026, 11))
    values = rate_values(rates)
    # the cell was created on 24/11: it owed November only
    assert values[:11] == [None] * 11
    assert values[11] == 0.0


async def test_khoaso_warns_of_reports_out_for_correction(sqlite_world: ReviewWorld) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    replies = await chat.send("an", "/khoaso tháng 11")
    assert replies[-1].text.split("\n")[:2] == [
        "Tháng 11/2026 của Đảng bộ xã An: đã nhận 3/5 báo cáo (60%).",
        "⚠ 1 báo cáo đã trả lại để sửa, bí thư chưa gửi lại: Chi bộ An 5. Khóa sổ rồi thì "
        "không sửa và gửi lại được nữa.",
    ]
    await chat.send("an", "2")
    replies = await chat.send("an", "/khoaso quý 4")
    assert (
        "⚠ 1 báo cáo đã trả lại để sửa, bí thư chưa gửi lại: Chi bộ An 5 (11/2026)."
        in replies[-1].text
    )


async def test_excel_targets_without_data_are_empty_not_zero_of_zero(
    sqlite_world: ReviewWorld,
) -> None:
    await _new_commune(sqlite_world)
    now = sqlite_world.clock.now()
    async with sqlite_world.database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(sqlite_world.orgs["moi"])
        assert org is not None
        await import_document(
            repos, org, filename=DEMO_PLAN.name, data=DEMO_PLAN.read_bytes(), actor_id=None, now=now
        )
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    attachment = (await chat.send("moi", "/xuat tháng 11"))[-1].attachment
    assert attachment is not None
    sheet = load_workbook(io.BytesIO(attachment.content))["Chỉ tiêu kế hoạch"]
    rows = {row[4]: row[7:] for row in sheet.iter_rows(min_row=5, values_only=True)}
    # no cell rated yet: nothing to show, not 0/0
    assert rows["Chi bộ HTTNV trở lên"] == (None, None, None, "chưa có số liệu")
    assert rows["Kết nạp đảng viên"][:3] == (0, None, None)


async def test_every_summary_command_without_a_period_is_about_the_same_month(
    sqlite_world: ReviewWorld,
) -> None:
    """On 02/12 /tonghop, /chuabaocao, /xuat, /bieudo and /baocaothang are about November, whose
    reports are still taken (to the 10th), and say so in their first line; on 11/12, December."""
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    keys = iter(range(100))
    for moment, month in (
        (datetime(2026, 12, 2, 3, 0, tzinfo=UTC), "tháng 11/2026"),
        (datetime(2026, 12, 11, 3, 0, tzinfo=UTC), "tháng 12/2026"),
    ):
        sqlite_world.clock.set(moment)
        for command in ("/tonghop", "/chuabaocao", "/xuat", "/bieudo", "/baocaothang"):
            replies = await chat.send("an", command, key=f"default-{next(keys)}")
            first = replies[-1].text.split("\n")[0]
            assert month in first, (command, moment, first)
            await chat.send("an", "/huy", key=f"default-{next(keys)}")


async def _second_plan(world: ReviewWorld) -> None:
    """Kế hoạch 27-KH/ĐU of xã An, setting other values for the demo plan's targets."""
    text = DEMO_PLAN.read_text(encoding="utf-8")
    for old, new in (
        ("Số 15- KH/ĐU", "Số 27- KH/ĐU"),
        ("trên 90% chi bộ", "trên 80% chi bộ"),
        ("không vượt quá 20%", "không vượt quá 25%"),
        ("từ 12 đảng viên", "từ 10 đảng viên"),
        ("đạt 4,5% trở lên", "đạt 4% trở lên"),
        ("100% chi bộ sinh hoạt chuyên đề", "95% chi bộ sinh hoạt chuyên đề"),
    ):
        assert old in text
        text = text.replace(old, new)
    async with world.database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(world.orgs["an"])
        assert org is not None
        await import_document(
            repos,
            org,
            filename="kh27.txt",
            data=text.encode("utf-8"),
            actor_id=None,
            now=world.clock.now(),
        )


async def test_targets_of_two_plans_are_named_cut_short_and_cells_headed(
    sqlite_world: ReviewWorld,
) -> None:
    await _second_plan(sqlite_world)
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    lines = (await chat.say("an", "/tonghop tháng 11")).split("\n")
    start = lines.index("Chỉ tiêu kế hoạch (KH 15-KH/ĐU, KH 27-KH/ĐU):")
    shown = lines[start + 1 : start + 7]
    # the two plans' conflicting targets each say whose they are
    assert shown[0].startswith("- Chi bộ HTTNV trở lên (chỉ tiêu trên 90%)")
    assert shown[0].endswith("(KH 15-KH/ĐU)")
    assert shown[5].startswith("- Chi bộ HTTNV trở lên (chỉ tiêu trên 80%)")
    assert shown[5].endswith("(KH 27-KH/ĐU)")
    # 10 targets, 6 shown: the rest are said to be in the files
    assert lines[start + 7] == (
        "… và 4 chỉ tiêu nữa trong tệp Excel và Word (/xuat, /baocaothang)."
    )
    # the cells' lines under a heading of their own, not run on after the targets
    assert lines[start + 8] == "Từng chi bộ:"
    assert lines[start + 9].startswith("- Chi bộ An 1: 03/11/2026")
    await chat.send("an", "/huy")
    draft = (await chat.send("an", "/baocaothang tháng 11"))[-1].attachment
    assert draft is not None
    paragraphs = [p.text for p in docx.Document(io.BytesIO(draft.content)).paragraphs]
    targets = [p for p in paragraphs if p.startswith("Chi bộ HTTNV trở lên (chỉ tiêu trên")]
    assert [p[-13:] for p in targets] == ["(KH 15-KH/ĐU)", "(KH 27-KH/ĐU)"]


async def test_a_deputy_is_named_as_the_deputy(sqlite_world: ReviewWorld) -> None:
    now = sqlite_world.clock.now()
    async with sqlite_world.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get_or_create(
            "console", "pho", chat_id="pho", display_name="Pho", locale="vi", now=now
        )
        assert account.id is not None
        await repos.roles.grant(
            account.id,
            "deputy",
            org_id=None,
            cell_id=sqlite_world.cells["Chi bộ An 1"],
            granted_by=None,
            now=now,
        )
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    said = await chat.say("an", "/chibo An 1")
    assert "bí thư: Mot; phó bí thư: Pho" in said, said
    assert "bí thư: Mot, Pho" not in said
