"""«chuyên đề» typed at /baocao's list of meetings starts the quarter's topic session, as
«/baocao quý 4» offers it: on 02/12 Chi bộ Thôn 1 is asked about November's and December's
meetings, the list offers no topic session (the quarter's was planned for October), and
«chuyen de», «chuyên đề», «sinh hoat chuyen de», «bao cao chuyen de» got «Đồng chí chọn buổi
sinh hoạt bằng số thứ tự, hoặc gõ vài chữ của buổi đó (ví dụ «chuyên đề»)»."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rf_world import World, exchange, last_choices

TOPIC = "Chi bộ Thôn 1, sinh hoạt chuyên đề quý IV/2026:"
HELD = "Chi bộ đã họp chưa?"


@pytest.mark.parametrize(
    "typed", ["chuyen de", "chuyên đề", "Chuyên đề.", "sinh hoat chuyen de", "bao cao chuyen de"]
)
async def test_topic_words_at_the_list_begin_the_topic_session(world: World, typed: str) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))  # 02/12, 10:00 in Hà Nội
    assert last_choices(await chat.send("chi", "/baocao")) == [
        "Sinh hoạt thường kỳ tháng 11/2026 (03/11)",
        "Sinh hoạt thường kỳ tháng 12/2026 (03/12)",
    ]
    said = await chat.say("chi", typed)
    assert said.startswith(TOPIC) and HELD in said, said
    assert "bằng số thứ tự" not in said
    said = await exchange(chat, "chi", [("text", "1"), ("text", "25/11")])
    assert "Tên chuyên đề?" in said[-1], said[-1]


async def test_a_line_sent_before_the_list_goes_with_the_topic_session(world: World) -> None:
    chat = world.chat
    world.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))
    said = await chat.say("chi", "/baocao cm 16/18, vcl 2, vkl 0, ct khong, nq co")
    assert "Đồng chí báo cáo buổi sinh hoạt nào?" in said, said
    said = await chat.say("chi", "chuyen de")
    assert said.startswith(TOPIC) and "- Có mặt 16/18 (88,9%)" in said, said
