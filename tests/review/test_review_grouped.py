"""A scope above 30 cells answers by sub-organisation, a page at a time, with a drill-down;
typed numbers are always choices, typed periods and names work too (as Zalo users type)."""

from __future__ import annotations

from datetime import date

import pytest

from core.clock import FakeClock
from storage.engine import Database
from storage.models import MeetingReport
from storage.repos import Repositories
from tests.harness import Harness, build_harness


@pytest.fixture
async def chat(sqlite_database: Database, clock: FakeClock) -> Harness:
    """Tỉnh Mẫu: Xã 01 … Xã 12 with 3 cells each; the cells of Xã 01 … Xã 06 reported November."""
    now = clock.now()
    async with sqlite_database.transaction() as session:
        repos = Repositories(session)
        province = await repos.orgs.add_org("Đảng bộ tỉnh Mẫu", parent=None, kind="tinh", now=now)
        for number in range(1, 13):
            commune = await repos.orgs.add_org(
                f"Đảng bộ xã {number:02d}", parent=province, kind="xa", now=now
            )
            for index in range(1, 4):
                cell = await repos.orgs.add_cell(
                    commune, f"Chi bộ {number:02d}-{index}", now=now, members_on_roll=10
                )
                assert cell.id is not None
                if number <= 6:
                    report = MeetingReport(
                        cell_id=cell.id,
                        period="2026-11",
                        meeting_date=date(2026, 11, 3),
                        kind="regular",
                        on_roll=10,
                        exempted=0,
                        present=9,
                        absent_excused=1,
                        absent_unexcused=0,
                        grade="good",
                        reported_at=now,
                        updated_at=now,
                    )
                    await repos.reports.save(report, action="sent", data={}, by=None, now=now)
        account = await repos.accounts.get_or_create(
            "console", "tinh", chat_id="tinh", display_name="Tinh", locale="vi", now=now
        )
        assert account.id is not None and province.id is not None
        await repos.roles.grant(
            account.id, "officer", org_id=province.id, cell_id=None, granted_by=None, now=now
        )
    return build_harness(sqlite_database, clock)


async def test_the_province_by_commune_a_page_at_a_time(chat: Harness) -> None:
    replies = await chat.send("tinh", "/tonghop")
    text = replies[-1].text
    assert "Sinh hoạt chi bộ tháng 11/2026 - Đảng bộ tỉnh Mẫu: 36 chi bộ." in text
    assert "Đã báo cáo: 18/36 chi bộ (50%)." in text
    assert "Theo đơn vị, nhiều chi bộ chưa báo cáo xếp trước (trang 1/2)" in text
    assert "- Chi bộ 01-1" not in text  # no cell list at this scale
    labels = [c.label for c in replies[-1].choices]
    assert labels[0] == "Đảng bộ xã 07: 0/3 đã báo cáo, dự họp -%"
    assert labels[6] == "Đảng bộ xã 01: 3/3 đã báo cáo, dự họp 90%"
    assert labels[10:] == [
        "Trang sau",
        "Kỳ trước: tháng 10/2026",
        "Lịch sử một chi bộ",
        "Tệp Excel",
    ]
    assert len(text.split("\n")) <= 20  # a phone screen or two
    # "11" is the 11th choice (next page), never read as "tháng 11".
    replies = await chat.send("tinh", "11")
    assert "(trang 2/2)" in replies[-1].text
    assert [c.label for c in replies[-1].choices][:3] == [
        "Đảng bộ xã 05: 3/3 đã báo cáo, dự họp 90%",
        "Đảng bộ xã 06: 3/3 đã báo cáo, dự họp 90%",
        "Trang trước",
    ]
    # A number that is no choice is not read as a period either.
    said = "\n".join(r.text for r in await chat.send("tinh", "25"))
    assert said.startswith("Không có lựa chọn số 25. Đồng chí gõ 1, 2,")
    # Typed as on Zalo: the number of a commune opens it.
    replies = await chat.send("tinh", "1")
    text = replies[-1].text
    assert text.startswith("Sinh hoạt chi bộ tháng 11/2026 - Đảng bộ xã 05: 3 chi bộ.")
    assert "- Chi bộ 05-1: 03/11/2026 (thứ Ba), có mặt 9/10 (90%), xếp loại Tốt" in text
    assert [c.label for c in replies[-1].choices][-1] == "Quay lại cấp trên"
    # A period typed in a commune keeps the commune.
    replies = await chat.send("tinh", "tháng 10")
    assert replies[-1].text.startswith("Sinh hoạt chi bộ tháng 10/2026 - Đảng bộ xã 05: 3 chi bộ.")
    replies = await chat.send("tinh", "quay lai")
    assert replies[-1].text.startswith("Sinh hoạt chi bộ tháng 10/2026 - Đảng bộ tỉnh Mẫu")
    # A commune or a cell by name, without diacritics.
    replies = await chat.send("tinh", "dang bo xa 09")
    assert replies[-1].text.startswith("Sinh hoạt chi bộ tháng 10/2026 - Đảng bộ xã 09: 3 chi bộ.")
    said = "\n".join(r.text for r in await chat.send("tinh", "chi bo 09-2"))
    assert said.startswith("Chi bộ 09-2 (Đảng bộ xã 09)")


async def test_late_cells_by_commune_then_a_commune(chat: Harness) -> None:
    replies = await chat.send("tinh", "/chuabaocao")
    text = replies[-1].text
    assert text.startswith("Chi bộ chưa báo cáo tháng 11/2026: 18/36.")
    labels = [c.label for c in replies[-1].choices]
    assert labels[:2] == ["Đảng bộ xã 07: 3 chi bộ", "Đảng bộ xã 08: 3 chi bộ"]
    assert labels[-2:] == ["Nhắc tất cả ngay", "Đóng"]
    said = "\n".join(r.text for r in await chat.send("tinh", "2"))
    assert said.startswith("Chưa báo cáo tháng 11/2026 (3 chi bộ):")
    assert "• Chi bộ 08-1: họp ngày" not in said  # no meeting day: listed without one
    assert "• Chi bộ 08-1: chưa có bí thư tham gia bot" in said
