"""The words of the shortcut «0 - đều có lý do», typed at «Bao nhiêu đồng chí vắng không lý
do?», answer 0: «co ly do» was refused as no number (audit F22)."""

from __future__ import annotations

import pytest
from rf_world import World, rows

from storage.models import MeetingReport

UPPER = "Có đồng chí cấp ủy cấp trên dự không?"


@pytest.mark.parametrize("typed", ["co ly do", "Đều có lý do.", "deu co ly do", "tat ca co ly do"])
async def test_the_shortcuts_words_are_none_without_a_reason(world: World, typed: str) -> None:
    chat = world.chat
    await chat.say("chi", "/baocao")
    await chat.say("chi", "2")  # held as planned, some absent
    assert "Vắng 1. Bao nhiêu đồng chí vắng không lý do?" in await chat.say("chi", "17")
    said = await chat.say("chi", typed)
    assert UPPER in said and "Không đọc được số" not in said, said
    for answer in ["2", "1", "1", "1"]:
        said = await chat.say("chi", answer)
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said, said
    [row] = await rows(world, MeetingReport)
    assert (row.present, row.absent_excused, row.absent_unexcused) == (17, 1, 0)
