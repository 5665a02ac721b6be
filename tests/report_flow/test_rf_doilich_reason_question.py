"""A question typed at «Lý do đổi lịch là gì?» is answered beside and the reason asked again;
it was saved as the reason and the meeting moved at once (audit F20)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rf_world import World, rows

from storage.models import MeetingMove

REASON = "Lý do đổi lịch là gì?"


@pytest.mark.parametrize(
    "question",
    ["cho hoi doi lich co can bao dang uy khong?", "đổi lịch có cần báo đảng ủy không?"],
)
async def test_a_question_at_the_reason_is_no_reason(world: World, question: str) -> None:
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # 01/12, 09:00 in Hà Nội
    chat = world.chat
    await chat.say("chi", "/doilich")
    assert REASON in await chat.say("chi", "5/12 20h")
    said = await chat.say("chi", question)
    assert "Đã đổi lịch" not in said and REASON in said, said
    assert await rows(world, MeetingMove) == []
    said = await chat.say("chi", "trùng lịch họp thôn")
    assert "Đã đổi lịch" in said, said
    [move] = await rows(world, MeetingMove)
    assert move.reason == "trùng lịch họp thôn"
