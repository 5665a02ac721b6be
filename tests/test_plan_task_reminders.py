"""Plan tasks that fall to the cells feed the reminders: before the deadline and on the day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import select

from core.clock import FakeClock
from core.i18n import Catalogs
from handlers.bootstrap import invite_from_cli
from handlers.demo import load_demo
from scheduler.texts import render_reminder
from services.plan_library import PlanLibrary, import_document
from services.reminder_planning import plan_all
from services.task_deadlines import PlanTaskDeadlines
from storage.engine import Database
from storage.models import Reminder
from storage.repos import Repositories
from tests.harness import build_harness

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN = Path(__file__).resolve().parent / "data" / "plan_cell_tasks.txt"


async def test_cell_tasks_of_the_commune_plan_become_reminders(
    database: Database, clock: FakeClock
) -> None:
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await load_demo(repos, clock.now())
        other = await repos.orgs.add_org("Đảng bộ xã Khác", parent=None, kind="xa", now=clock.now())
        await import_document(repos, org, filename=PLAN.name, data=PLAN.read_bytes(),
                              actor_id=None, now=clock.now())
        await import_document(repos, other, filename="khac.txt",
                              data=PLAN.read_bytes().replace(b"2026", b"2025"), actor_id=None,
                              now=clock.now())
        thon_1 = (await repos.orgs.find_cells("Chi bộ Thôn 1"))[0]
        assert thon_1.id is not None
        account = await repos.accounts.get_or_create(
            "console", "lan", chat_id="lan", display_name="Lan", locale="vi", now=clock.now())
        assert account.id is not None
        await repos.roles.grant(account.id, "secretary", org_id=None, cell_id=thon_1.id,
                                granted_by=None, now=clock.now())
        deadlines = await PlanTaskDeadlines(PlanLibrary())(repos, thon_1.id)
    # The demo plan's own cell tasks lie far ahead; this plan's two are December and January.
    near = sorted((d.deadline.isoformat(), d.title) for d in deadlines
                  if "2026-11-24" <= d.deadline.isoformat() <= "2027-01-31")
    assert [d for d, _ in near] == ["2026-12-31", "2027-01-31"]
    assert near[0][1].startswith("Tổ chức kiểm điểm, đánh giá, xếp loại đảng viên năm 2026")
    assert near[0][1].endswith("(KH 20-KH/ĐU, II.2)")

    tasks = PlanTaskDeadlines(PlanLibrary())
    for _day in range(40):  # the planner ticks on; each run writes what falls due in a week
        await plan_all(database, clock, tasks=tasks)
        clock.advance(timedelta(days=1))
    async with database.transaction() as session:
        rows = list((await session.exec(select(Reminder).where(Reminder.kind == "task_due"))).all())
    thon_1_rows = [r for r in rows if r.cell_id == thon_1.id]
    # 40 days from 24/11: only the December task, 7 days before (24/12) and on the day (31/12).
    assert sorted(r.due_at.astimezone(HANOI).strftime("%d/%m %H:%M")
                  for r in thon_1_rows) == ["24/12 08:00", "31/12 08:00"]
    assert len(rows) == 2  # only cells with a secretary; nothing from the other commune's plan
    payload = {**thon_1_rows[0].payload, "cell_name": "Chi bộ Thôn 1"}
    text = render_reminder("task_due", payload, Catalogs().translator("vi")).text
    assert "Nhiệm vụ theo kế hoạch của Chi bộ Thôn 1" in text and "xếp loại đảng viên" in text


async def test_viectoi_lists_the_same_tasks(database: Database, clock: FakeClock) -> None:
    chat = build_harness(database, clock)
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await load_demo(repos, clock.now())
        await import_document(repos, org, filename=PLAN.name, data=PLAN.read_bytes(),
                              actor_id=None, now=clock.now())
        issued, _ = await invite_from_cli(repos, role="secretary", scope_text="Chi bộ Thôn 1",
                                          now=clock.now(), ttl=timedelta(days=1))
    await chat.say("lan", f"/start {issued.code}")
    listing = await chat.say("lan", "/viectoi")
    lines = listing.splitlines()
    assert lines[1].startswith("• 31/12/2026 (thứ Năm): Tổ chức kiểm điểm")
    assert lines[2].startswith("• 31/01/2027 (Chủ nhật): Gửi báo cáo tổng kết")
