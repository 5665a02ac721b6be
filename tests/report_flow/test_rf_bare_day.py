"""A bare «1» or «2» typed for the meeting's day is asked back on every path, as the guide (§5)
says: last month's meeting, whose date question lists no «hôm nay», «hôm qua», stored «1» as
01/11/2026 without asking, while this month's asked («"2" có thể là một ngày…»)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rf_world import World, rows

from storage.models import MeetingReport

DAY = "Chi bộ họp ngày nào trong tháng 11/2026?"
PRESENT = "Có mặt bao nhiêu đồng chí"


async def at_last_months_day(world: World) -> None:
    world.clock.set(datetime(2026, 12, 2, 13, 30, tzinfo=UTC))  # 02/12, 20:30 in Hà Nội
    chat = world.chat
    await chat.say("chi", "/baocao")
    assert "Chi bộ đã họp chưa?" in await chat.say("chi", "1")  # November's, due on 03/11
    assert DAY in await chat.say("chi", "3")  # «Họp ngày khác»


@pytest.mark.parametrize(("typed", "day"), [("1", "01"), ("2", "02"), ("hai", "02")])
async def test_a_bare_one_or_two_for_last_months_day_is_asked_back(
    world: World, typed: str, day: str
) -> None:
    await at_last_months_day(world)
    said = await world.chat.say("chi", typed)
    assert (
        f"«{typed}» có thể là một ngày hoặc số của một lựa chọn. Đồng chí gõ ngày kèm tháng, "
        f"ví dụ {day}/11."
    ) in said and DAY in said, said
    assert PRESENT not in said
    said = await world.chat.say("chi", f"{day}/11")
    assert PRESENT in said
    assert await rows(world, MeetingReport) == []


async def test_a_day_that_is_no_option_is_taken(world: World) -> None:
    await at_last_months_day(world)
    assert PRESENT in await world.chat.say("chi", "5")


async def test_this_months_day_is_asked_back_as_before(world: World) -> None:
    chat = world.chat
    await chat.say("chi", "/baocao")
    await chat.say("chi", "3")
    said = await chat.say("chi", "2")
    assert "«2» có thể là một ngày hoặc một trong các từ bên dưới." in said, said
