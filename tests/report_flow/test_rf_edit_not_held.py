"""/sua changing a month's report to «Chưa họp» updates the month's stored meeting: it kept the
kind and day the report had said (a combined meeting held on 05/11) though the report now says
not held; it now has the schedule's kind and the day planned, and /lich, the committee's
summary and the report agree."""

from __future__ import annotations

from datetime import date

from rf_world import World, exchange, rows

from storage.models import Meeting

LINE = "/baocao hop 05/11, cm 18/18, loai ket hop, cd: Nghi quyet 21, ct khong, nq co, xl tot"


async def test_a_report_changed_to_not_held_clears_the_meeting(world: World) -> None:
    chat = world.chat
    cell = world.cells["Chi bộ Thôn 1"].id
    said = await exchange(chat, "chi", [("text", LINE), ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1], said
    meetings = {m.period: m for m in await rows(world, Meeting) if m.cell_id == cell}
    assert (meetings["2026-11"].kind, meetings["2026-11"].meeting_date) == (
        "combined",
        date(2026, 11, 5),
    )
    steps = ["/sua", "2", "1", "4", "ban mua vu", "chua", "1"]
    said = await exchange(chat, "chi", [("text", step) for step in steps])
    assert "đã sửa. Cảm ơn đồng chí." in said[-1], said[-1]
    meetings = {m.period: m for m in await rows(world, Meeting) if m.cell_id == cell}
    month = meetings["2026-11"]
    assert (month.status, month.held, month.kind, month.meeting_date) == (
        "reported",
        False,
        "regular",
        date(2026, 11, 3),
    )
    assert meetings["2026-Q4"].status == "planned"  # the quarter's topic session owed again
    summary = await chat.say("binh", "/tonghop thang 11")
    assert "Đã họp: 0; chưa họp: 1." in summary, summary
    assert "- Chi bộ Thôn 1: chưa họp (ban mua vu)" in summary
    assert "0 buổi kết hợp sinh hoạt thường kỳ" in summary
    schedule = await chat.say("chi", "/lich")
    assert "Sinh hoạt chuyên đề quý IV/2026: chưa báo cáo" in schedule, schedule
