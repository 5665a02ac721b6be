"""«The meeting is still ahead, so the cell is not late» is decided once (services.review_due,
through services.review.summarize), and every view says the same of three cells on 08/12/2026:
one that met on 03/12 and did not report (late), one that meets on 20/12 (not late yet), one
that reported: the month's summary (counts and lines), /chuabaocao, the nudge it sends, the
Excel file, a quarter."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook
from review_world import _held

from core.clock import FakeClock
from scheduler.periods import Month, Quarter
from scheduler.review_periods import ReviewPeriod
from services.review import scope_of, summarize
from storage.engine import Database
from storage.repos import Repositories
from tests.harness import build_harness

NOW = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)  # Tuesday 08/12/2026 10:00 in Hà Nội
CREATED = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
LATE, AHEAD, DONE = "Chi bộ Họp Sớm", "Chi bộ Họp Muộn", "Chi bộ Đã Gửi"
DAYS = {LATE: 3, AHEAD: 20, DONE: 3}


async def _commune(database: Database) -> dict[str, int]:
    """The commune, its three cells (each with a secretary), October and November reported by
    all, December by DONE; its officer «canbo»."""
    ids: dict[str, int] = {}
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org("Đảng bộ xã Hẹn", parent=None, kind="xa", now=CREATED)
        for name, day in DAYS.items():
            cell = await repos.orgs.add_cell(
                org,
                name,
                now=CREATED,
                members_on_roll=9,
                meeting_rule={"kind": "day_of_month", "day": day, "time": "19:30"},
            )
            assert cell.id is not None
            ids[name] = cell.id
            for period in ("2026-10", "2026-11") + (("2026-12",) if name == DONE else ()):
                row = _held(cell.id, period, NOW, 3, 9, 8)
                await repos.reports.save(row, action="sent", data={}, by=None, now=NOW)
            user = f"bithu{cell.id}"
            account = await repos.accounts.get_or_create(
                "console", user, chat_id=user, display_name=user, locale="vi", now=CREATED
            )
            assert account.id is not None
            await repos.roles.grant(
                account.id, "secretary", org_id=None, cell_id=cell.id, granted_by=None, now=CREATED
            )
        officer = await repos.accounts.get_or_create(
            "console", "canbo", chat_id="canbo", display_name="canbo", locale="vi", now=CREATED
        )
        assert officer.id is not None and org.id is not None
        await repos.roles.grant(
            officer.id, "officer", org_id=org.id, cell_id=None, granted_by=None, now=CREATED
        )
        ids["org"] = org.id
    return ids


async def test_every_view_agrees_on_who_is_late_and_whose_meeting_is_ahead(
    sqlite_database: Database,
) -> None:
    ids = await _commune(sqlite_database)
    today = NOW.date()
    async with sqlite_database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.get_org(ids["org"])
        assert org is not None
        scope = scope_of([org])
        december = ReviewPeriod.of_month(Month(2026, 12))
        full = await summarize(repos, scope, december, today=today, now=NOW, detail=True)
        counts = await summarize(repos, scope, december, today=today, now=NOW)
        quarter = await summarize(
            repos, scope, ReviewPeriod.of_quarter(Quarter(2026, 4)), today=today, now=NOW
        )
    assert [c.cell_id for c in full.owing] == [ids[LATE]]
    assert [c.cell_id for c in full.not_due] == [ids[AHEAD]]
    ahead = full.not_due[0].ahead
    assert ahead is not None and today < ahead <= date(2026, 12, 31)
    assert full.late_count == counts.late_count == quarter.late_count == 1
    assert sum(g.late for g in counts.groups) == 1
    assert full.meetings.owed == 3 and full.meetings.reported_owed == 1  # 1/3 reported

    chat = build_harness(sqlite_database, FakeClock(NOW))
    said = await chat.say("canbo", "/tonghop tháng 12")
    assert "Đã báo cáo: 1/3 chi bộ" in said
    assert f"Chưa báo cáo (1):\n- Bí thư đã tham gia bot: {LATE}" in said, said
    assert f"Chưa đến ngày họp (1): {AHEAD} (" in said, said
    await chat.say("canbo", "/huy")

    said = await chat.say("canbo", "/chuabaocao tháng 12")
    assert "Chưa báo cáo tháng 12/2026 (1 chi bộ):" in said, said
    assert LATE in said and AHEAD not in said and DONE not in said
    await chat.say("canbo", "Nhắc ngay")
    await chat.remind()
    nudged = {
        name
        for name in DAYS
        if any("nhắc đồng chí" in r.text for r in chat.channel.to(f"bithu{ids[name]}"))
    }
    assert nudged == {LATE}

    said = await chat.say("canbo", "/chuabaocao quý 4")
    assert "(1 chi bộ)" in said and LATE in said and AHEAD not in said, said
    await chat.say("canbo", "/huy")

    replies = await chat.send("canbo", "/xuat tháng 12")
    attachment = replies[-1].attachment
    assert attachment is not None
    workbook = load_workbook(io.BytesIO(attachment.content))
    late_sheet = [row[2] for row in workbook["Chưa báo cáo"].iter_rows(min_row=5, values_only=True)]
    assert late_sheet == [LATE]
    cells = workbook["Chi bộ"]
    header = [c.value for c in cells[4]]
    states = {
        row[2]: dict(zip(header, row, strict=False))["Sinh hoạt thường kỳ"]
        for row in cells.iter_rows(min_row=5, values_only=True)
    }
    assert states == {LATE: "Chưa báo cáo", AHEAD: "Chưa đến ngày họp", DONE: "Đã họp"}
