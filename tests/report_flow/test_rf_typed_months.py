"""A month typed after /baocao, or at its list of meetings, as officers type periods («tháng
09/2026», «thang 9/2026», «t9/2026», «09/2026»): that month's meeting. Before, only the form of
a reminder's button («2026-11») was read: «/baocao tháng 11/2026» listed December's meeting too,
and «/baocao 11/2026» was a line saying 11 present of 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from rf_world import World

from handlers.flows.report import period_said
from scheduler.periods import Month
from scheduler.review_periods import ReviewPeriod, parse_review_period
from scheduler.schedule_months import parse_schedule_month

NOVEMBER = "Chi bộ Thôn 1, tháng 11/2026:\nLịch họp: 03/11/2026 (thứ Ba). Chi bộ đã họp chưa?"
FORMS = ["tháng 09/2026", "thang 9/2026", "t9/2026", "T9/2026", "09/2026", "tháng 9 năm 2026"]


@pytest.mark.parametrize("typed", FORMS)
def test_every_month_parser_reads_september(typed: str) -> None:
    today = date(2026, 11, 24)
    september = Month(2026, 9)
    assert parse_review_period(typed, today) == ReviewPeriod.of_month(september)
    assert parse_schedule_month(typed, today) == september
    assert period_said(typed, today) == september


@pytest.mark.parametrize("typed", ["tháng 11/2026", "thang 11/2026", "t11/2026", "11/2026"])
async def test_a_month_after_baocao_opens_that_month(world: World, typed: str) -> None:
    world.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))  # 02/12: November and December open
    assert await world.chat.say("chi", f"/baocao {typed}") == NOVEMBER


@pytest.mark.parametrize("typed", ["tháng 11/2026", "t11/2026", "11/2026"])
async def test_a_month_at_the_list_picks_its_meeting(world: World, typed: str) -> None:
    world.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))
    assert "Đồng chí báo cáo buổi sinh hoạt nào?" in await world.chat.say("chi", "/baocao")
    assert await world.chat.say("chi", typed) == NOVEMBER


async def test_a_month_that_cannot_be_reported_says_why(world: World) -> None:
    """September's reports were taken until 10/10 (before, «/baocao 2026-09» said September's
    report was sent); December has not begun on 24/11; at the list, why, then the list."""
    chat = world.chat
    closed = "Báo cáo tháng 09/2026 chỉ gửi, sửa được đến hết ngày 10/10/2026 (thứ Bảy)"
    said = await chat.say("chi", "/baocao tháng 09/2026")
    assert closed in said and "đã gửi" not in said, said
    said = await chat.say("chi", "/baocao 12/2026")
    assert said == "Kỳ «12/2026» chưa bắt đầu nên chưa có buổi sinh hoạt nào để báo cáo.", said
    world.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))
    await chat.say("chi", "/baocao")
    for typed, why in (("thang 9", closed), ("t1/2027", "Kỳ «t1/2027» chưa bắt đầu")):
        said = await chat.say("chi", typed)
        assert said.startswith(why) and "Đồng chí báo cáo buổi sinh hoạt nào?" in said, said
    assert await chat.say("chi", "t11") == NOVEMBER
