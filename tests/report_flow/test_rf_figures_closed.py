"""/solieu on a month the committee has closed says so up front, as /sua does, and offers only
what is still open (before, it offered «Số liệu tháng 11/2026», asked every figure and refused
only at «Gửi»)."""

from __future__ import annotations

from rf_world import World, last_choices

CLOSED = "Tháng 11/2026 đã khóa sổ: Đảng bộ xã Hòa Bình khóa sổ ngày 24/11/2026 (thứ Ba)."


async def close_november(world: World) -> None:
    await world.chat.send("binh", "/khoaso tháng 11")
    assert "Đã khóa sổ tháng 11/2026" in await world.chat.say("binh", "1")


async def test_a_closed_month_is_said_up_front_and_not_offered(world: World) -> None:
    chat = world.chat
    replies = await chat.send("chi", "/solieu")
    assert "Số liệu tháng 11/2026" in last_choices(replies)
    await chat.say("chi", "/huy")
    await close_november(world)
    replies = await chat.send("chi", "/solieu")
    assert replies[-1].text.startswith(CLOSED)
    assert "Số liệu tháng 11/2026" not in last_choices(replies)


async def test_the_closed_month_picked_from_before_is_refused_before_any_figure(
    world: World,
) -> None:
    """The menu shown before the month was closed: picking it now is refused at once."""
    chat = world.chat
    await chat.send("chi", "/solieu")
    await close_november(world)
    said = await chat.say("chi", "Số liệu tháng 11/2026")
    assert said.startswith(CLOSED) and "Kết nạp đảng viên mới?" not in said
