"""A seeded province for the committee review tests, with every number the views must show.

Đảng bộ tỉnh Thử
├── Đảng bộ xã An: cells An 1 … An 4, and Đảng bộ bộ phận Thôn Trên with cell An 5
└── Đảng bộ xã Bình: cells Bình 1, Bình 2

November 2026 (today is 24/11/2026) in xã An:
- An 1: regular meeting 03/11, 9/10 present, upper level attended, resolution, Good; and a
  separate topic session on 12/11. Topic sessions in every quarter of 2026.
- An 2: regular meeting combined with the topic session 04/11, 15/18 present (20 on the roll,
  2 exempted: 83,3%, at or below 85%), 2 absent without reason (also in September and
  October: 3 months running), resolution, Fair. A topic session in quarter I too.
- An 3: reported the meeting not held ("Mưa bão").
- An 4: only a separate topic session (10/11): its regular meeting is not reported.
- An 5: report returned by an officer (not accepted).
Figures for November: admissions An 1: 1, An 2: 2 (and An 1: 1 in March); dues An 1 500.000,
An 2 700.000. Ratings 2025: cells An 1 HTXSNV, An 2 HTTNV, An 3 HTNV; members rated at An 1:
HTXSNV 2, HTTNV 6, HTNV 1, KHTNV 1. Xã Bình: Bình 1 reported (admissions 5), Bình 2 did not.
The demo plan (targets) is imported for xã An.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from core.clock import FakeClock
from handlers.demo import DEMO_PLAN
from handlers.invites import issue
from services.plan_library import import_document
from storage.engine import Database
from storage.models import MeetingReport
from storage.repos import Repositories


@dataclass
class ReviewWorld:
    database: Database
    clock: FakeClock
    orgs: dict[str, int] = field(default_factory=dict)
    cells: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)


def _report(cell_id: int, period: str, now: datetime, **values: Any) -> MeetingReport:
    base: dict[str, Any] = {
        "cell_id": cell_id,
        "period": period,
        "slot": "monthly",
        "status": "sent",
        "held": True,
        "kind": "regular",
        "reported_at": now,
        "updated_at": now,
    }
    base.update(values)
    return MeetingReport(**base)


def _held(
    cell_id: int,
    period: str,
    now: datetime,
    day: int,
    on_roll: int,
    present: int,
    *,
    exempted: int = 0,
    excused: int = 0,
    unexcused: int = 0,
    **values: Any,
) -> MeetingReport:
    year, month = (int(p) for p in period.split("-"))
    return _report(
        cell_id,
        period,
        now,
        meeting_date=date(year, month, day),
        on_roll=on_roll,
        exempted=exempted,
        present=present,
        absent_excused=excused,
        absent_unexcused=unexcused,
        **values,
    )


async def seed(database: Database, clock: FakeClock) -> ReviewWorld:
    world = ReviewWorld(database, clock)
    now = clock.now()
    async with database.transaction() as session:
        repos = Repositories(session)
        province = await repos.orgs.add_org("Đảng bộ tỉnh Thử", parent=None, kind="tinh", now=now)
        an = await repos.orgs.add_org("Đảng bộ xã An", parent=province, kind="xa", now=now)
        tren = await repos.orgs.add_org(
            "Đảng bộ bộ phận Thôn Trên", parent=an, kind="bo_phan", now=now
        )
        binh = await repos.orgs.add_org("Đảng bộ xã Bình", parent=province, kind="xa", now=now)
        for name, org in (("province", province), ("an", an), ("tren", tren), ("binh", binh)):
            assert org.id is not None
            world.orgs[name] = org.id
        rule = {"kind": "day_of_month", "day": 3, "time": "19:30", "shift_to_working_day": False}
        for name, org, members in (
            ("Chi bộ An 1", an, 10),
            ("Chi bộ An 2", an, 20),
            ("Chi bộ An 3", an, 8),
            ("Chi bộ An 4", an, 12),
            ("Chi bộ An 5", tren, 12),
            ("Chi bộ Bình 1", binh, 9),
            ("Chi bộ Bình 2", binh, 11),
        ):
            cell = await repos.orgs.add_cell(  # cells of long standing: they owe every month
                org, name, now=now - timedelta(days=365), members_on_roll=members, meeting_rule=rule
            )
            assert cell.id is not None
            world.cells[name] = cell.id

        async def person(
            user: str, role: str, *, org: int | None = None, cell: str | None = None
        ) -> None:
            account = await repos.accounts.get_or_create(
                "console", user, chat_id=user, display_name=user.title(), locale="vi", now=now
            )
            assert account.id is not None
            world.accounts[user] = account.id
            await repos.roles.grant(
                account.id,
                role,
                org_id=org,
                cell_id=world.cells[cell] if cell else None,
                granted_by=None,
                now=now,
            )

        await person("tinh", "officer", org=world.orgs["province"])
        await person("an", "officer", org=world.orgs["an"])
        await person("binh", "officer", org=world.orgs["binh"])
        await person("mot", "secretary", cell="Chi bộ An 1")
        await person("hai", "secretary", cell="Chi bộ An 2")
        await person("ba", "secretary", cell="Chi bộ An 3")
        await person("nam", "secretary", cell="Chi bộ An 5")
        await person("b1", "secretary", cell="Chi bộ Bình 1")
        blocked = await repos.accounts.get(world.accounts["nam"])
        assert blocked is not None
        blocked.blocked_at = now - timedelta(days=3)
        await repos.accounts.save(blocked)
        await issue(
            repos,
            role="secretary",
            org_id=None,
            cell_id=world.cells["Chi bộ An 4"],
            created_by=None,
            now=now,
            ttl=timedelta(days=14),
        )

        c = world.cells
        rows = [
            # An 1: a topic session every quarter; November regular + separate topic session.
            _held(c["Chi bộ An 1"], "2026-02", now, 3, 10, 10, kind="combined", grade="good"),
            _held(c["Chi bộ An 1"], "2026-05", now, 9, 10, 10, slot="topic", kind="topic"),
            _held(c["Chi bộ An 1"], "2026-08", now, 3, 10, 9, kind="combined", grade="good"),
            _held(
                c["Chi bộ An 1"],
                "2026-11",
                now,
                3,
                10,
                9,
                excused=1,
                upper_attended=True,
                upper_name="Đ/c Hùng",
                resolution_adopted=True,
                grade="good",
            ),
            _held(
                c["Chi bộ An 1"],
                "2026-11",
                now,
                12,
                10,
                8,
                excused=2,
                slot="topic",
                kind="topic",
                topic_title="Học tập và làm theo Bác",
            ),
            # An 2: unexcused absences September, October, November; combined in November.
            _held(c["Chi bộ An 2"], "2026-03", now, 4, 20, 18, exempted=2, kind="combined"),
            _held(c["Chi bộ An 2"], "2026-09", now, 4, 20, 16, exempted=2, unexcused=2),
            _held(c["Chi bộ An 2"], "2026-10", now, 4, 20, 17, exempted=2, unexcused=1),
            _held(
                c["Chi bộ An 2"],
                "2026-11",
                now,
                4,
                20,
                15,
                exempted=2,
                excused=1,
                unexcused=2,
                kind="combined",
                upper_attended=False,
                resolution_adopted=True,
                grade="fair",
                flags=["attendance.low", "attendance.unexcused", "attendance.unexcused_run"],
            ),
            # An 3: the month's meeting not held.
            _report(
                c["Chi bộ An 3"],
                "2026-11",
                now,
                held=False,
                kind=None,
                not_held_reason="Mưa bão",
                new_date=date(2026, 11, 28),
            ),
            # An 4: a separate topic session only.
            _held(
                c["Chi bộ An 4"],
                "2026-11",
                now,
                10,
                12,
                11,
                excused=1,
                slot="topic",
                kind="topic",
                topic_title="Chuyển đổi số",
            ),
            # An 5: returned for correction.
            _held(
                c["Chi bộ An 5"],
                "2026-11",
                now,
                3,
                12,
                12,
                status="returned",
                return_note="Ghi lại số có mặt",
                grade="good",
            ),
            # Bình 1.
            _held(c["Chi bộ Bình 1"], "2026-11", now, 3, 9, 9, grade="good"),
        ]
        for row in rows:
            await repos.reports.save(row, action="sent", data={}, by=None, now=now)
        figures = [
            ("Chi bộ An 1", "admissions", "2026-03", 1, None),
            ("Chi bộ An 1", "admissions", "2026-11", 1, None),
            ("Chi bộ An 2", "admissions", "2026-11", 2, None),
            ("Chi bộ An 1", "dues_collected", "2026-11", 500_000, None),
            ("Chi bộ An 2", "dues_collected", "2026-11", 700_000, None),
            ("Chi bộ Bình 1", "admissions", "2026-11", 5, None),
            ("Chi bộ An 1", "cell_rating", "2025", None, "htxsnv"),
            ("Chi bộ An 2", "cell_rating", "2025", None, "httnv"),
            ("Chi bộ An 3", "cell_rating", "2025", None, "htnv"),
            ("Chi bộ An 1", "rated_htxsnv", "2025", 2, None),
            ("Chi bộ An 1", "rated_httnv", "2025", 6, None),
            ("Chi bộ An 1", "rated_htnv", "2025", 1, None),
            ("Chi bộ An 1", "rated_khtnv", "2025", 1, None),
        ]
        for cell, key, period, number, text in figures:
            await repos.reports.save_figure(
                c[cell], key, period, number=number, text=text, by=None, now=now
            )
        await import_document(
            repos, an, filename=DEMO_PLAN.name, data=DEMO_PLAN.read_bytes(), actor_id=None, now=now
        )
    return world
