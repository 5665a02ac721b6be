"""A yes-word («có», «co roi», «yes») where several options say held («Đã họp đúng lịch, đủ …»,
«… có người vắng», «Họp ngày khác») is asked back as «đã họp» is; before, it silently picked
«Họp ngày khác» and asked the day. Where one option alone says held («Đã họp», a meeting still
ahead), it is that one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rf_world import World

HELD = "Chi bộ đã họp chưa?"
DAY = "Chi bộ họp ngày nào"


@pytest.mark.parametrize("typed", ["co", "có", "co roi", "Có rồi", "yes"])
async def test_a_yes_word_where_three_options_say_held_is_asked_back(
    world: World, typed: str
) -> None:
    chat = world.chat
    await chat.say("chi", "/baocao")
    said = await chat.say("chi", typed)
    assert f"«{typed}» hợp với nhiều lựa chọn bên dưới." in said and HELD in said, said
    assert DAY not in said
    assert "Có mặt bao nhiêu đồng chí" in await chat.say("chi", "2")


async def test_a_yes_word_where_one_option_says_held_is_that_one(world: World) -> None:
    world.clock.set(datetime(2026, 12, 1, 13, 30, tzinfo=UTC))  # 01/12, 20:30 in Hà Nội
    chat = world.chat
    await chat.say("chi", "/baocao")
    assert "Chi bộ đã họp rồi chưa?" in await chat.say("chi", "2")  # December's, on 03/12
    said = await chat.say("chi", "co")
    assert "nhiều lựa chọn" not in said and DAY in said, said
