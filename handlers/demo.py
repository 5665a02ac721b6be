"""Demo data: one commune đảng bộ with nine cells, so anyone can try chibo at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from services.plan_library import import_document
from storage.models import Organization
from storage.repos import Repositories

DEMO_ORG = "Đảng bộ xã Hòa Bình"
DEMO_PLAN = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "demo_plan.txt"


@dataclass(frozen=True)
class DemoCell:
    name: str
    kind: str
    members: int
    rule: dict[str, Any]
    topic_month: int  # which month of each quarter holds the topic session (0: combined)


def _day(day: int, time: str = "19:30", shift: bool = True) -> dict[str, Any]:
    return {"kind": "day_of_month", "day": day, "time": time, "shift_to_working_day": shift}


DEMO_CELLS = (
    DemoCell("Chi bộ Thôn 1", "thon", 18, _day(3), 1),
    DemoCell("Chi bộ Thôn 2", "thon", 22, _day(3), 2),
    DemoCell("Chi bộ Thôn 3", "thon", 15, _day(4, shift=False), 0),
    DemoCell("Chi bộ Thôn Đông Hòa", "thon", 27, _day(5), 1),
    DemoCell("Chi bộ Thôn Tây Hòa", "thon", 12, _day(5, "08:00"), 2),
    DemoCell(
        "Chi bộ Bôn Ia Lâu",
        "thon",
        9,
        {
            "kind": "nth_weekday",
            "n": 2,
            "weekday": 5,
            "time": "19:00",
            "shift_to_working_day": False,
        },
        3,
    ),
    DemoCell("Chi bộ Trường Tiểu học Hòa Bình", "truong_hoc", 14, _day(10, "16:30"), 1),
    DemoCell(
        "Chi bộ Trạm Y tế xã",
        "co_quan",
        7,
        {"kind": "last_working_day", "time": "16:00", "shift_to_working_day": False},
        0,
    ),
    DemoCell("Chi bộ Công an xã", "cong_an", 11, _day(2, "14:00"), 2),
)


DEMO_CELLS_AGE = timedelta(days=365)


async def load_demo(repos: Repositories, now: datetime) -> Organization:
    """Add the demo organisation and cells (once: an existing demo is returned as it is)."""
    existing = await repos.orgs.find_orgs(DEMO_ORG)
    if existing:
        return existing[0]
    org = await repos.orgs.add_org(
        DEMO_ORG,
        parent=None,
        kind="dang_bo_xa",
        now=now,
        settings={"default_meeting_rule": _day(3)},
    )
    for demo in DEMO_CELLS:
        await repos.orgs.add_cell(  # a commune's cells of long standing: they owe past months
            org,
            demo.name,
            now=now - DEMO_CELLS_AGE,
            kind=demo.kind,
            members_on_roll=demo.members,
            meeting_rule=demo.rule,
            topic_rule={"month_of_quarter": demo.topic_month},
        )
    await import_document(
        repos, org, filename=DEMO_PLAN.name, data=DEMO_PLAN.read_bytes(), actor_id=None, now=now
    )
    await repos.audit.record(
        actor_account_id=None,
        actor_label="demo",
        action="demo.load",
        entity="organization",
        entity_id=org.id,
        now=now,
        after={"cells": len(DEMO_CELLS)},
    )
    return org
