"""«huy», «hủy», «huy bo», «thoát», «thôi» typed at a numbered question none of whose choices it
names, or at one wanting a count, cancel as /huy does, as every notice says to type; before,
the answer was «Đồng chí chọn … bằng số thứ tự», or «Không đọc được số «huy»». Where the name of
who attended is asked, «Huy» stays a name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rf_world import World, exchange

CANCELLED = "Đã hủy, không lưu gì."
HELD = "Chi bộ đã họp chưa?"
UPPER = "Có đồng chí cấp ủy cấp trên dự không?"
WHO = "Đồng chí cấp ủy cấp trên nào dự họp?"
RESOLUTION = "Chi bộ có ra nghị quyết không?"
WORDS = ["huy", "hủy", "Hủy", "huỷ", "huy bo", "hủy bỏ", "thoat", "Thoát", "thoát."]


@pytest.mark.parametrize("typed", WORDS)
async def test_a_cancel_word_at_a_numbered_question_cancels(world: World, typed: str) -> None:
    chat = world.chat
    assert HELD in await chat.say("chi", "/baocao")
    assert await chat.say("chi", typed) == CANCELLED
    said = await chat.say("chi", "/baocao")
    assert "vẫn được giữ" not in said and HELD in said  # nothing was kept
    said = await exchange(chat, "chi", [("text", "1"), ("text", "2")])
    assert RESOLUTION in said[-1]
    assert await chat.say("chi", typed) == CANCELLED


@pytest.mark.parametrize(
    "typed", ["huy", "hủy", "thoi", "thôi", "Thôi.", "cancel", "huy bao cao", "Hủy báo cáo"]
)
async def test_a_cancel_word_at_a_count_cancels(world: World, typed: str) -> None:
    """A count is no word: «huy» there got «Không đọc được số «huy»»; now it is /huy, at every
    question wanting a number (present, absent without a reason, the roll, the exempted)."""
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    assert "Có mặt bao nhiêu đồng chí" in said[-1]
    assert await chat.say("chi", typed) == CANCELLED
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "2"), ("text", "15")])
    assert "vắng không lý do?" in said[-1], said[-1]
    assert await chat.say("chi", typed) == CANCELLED
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "2"), ("text", "doi")])
    assert "Chi bộ có bao nhiêu đảng viên" in said[-1], said[-1]
    assert await chat.say("chi", typed) == CANCELLED


async def test_huy_is_a_name_where_a_name_is_asked(world: World) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "1")])
    assert UPPER in said[-1]
    assert CANCELLED not in await chat.say("chi", "huy")  # at the question a name may answer
    assert WHO in await chat.say("chi", "1")
    assert RESOLUTION in await chat.say("chi", "Huy")
    said = await exchange(chat, "chi", [("text", "1"), ("text", "1")])
    assert "Cấp ủy cấp trên dự: Có (Huy)" in said[-1], said


@pytest.mark.parametrize("typed", ["huy", "hủy", "thoi", "thôi", "Thôi.", "huy bo"])
async def test_a_cancel_word_at_a_day_cancels(world: World, typed: str) -> None:
    """The meeting's day (which offers «hôm nay», «hôm qua») and a not-held meeting's new day
    (which offers «chưa»): «huy», «thôi» there got «Không đọc được ngày»; now /huy."""
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "3")])
    assert "Chi bộ họp ngày nào?" in said[-1], said[-1]
    assert await chat.say("chi", typed) == CANCELLED
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "4"), ("text", "ban mua vu")])
    assert "Đã có ngày họp mới chưa?" in said[-1], said[-1]
    assert await chat.say("chi", typed) == CANCELLED
    assert "vẫn được giữ" not in await chat.say("chi", "/baocao")  # nothing was kept
    # last month's meeting: its day question lists no words at all
    await chat.say("chi", "/huy")
    world.clock.set(datetime(2026, 12, 2, 3, 0, tzinfo=UTC))  # 02/12, 10:00 in Hà Nội
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "1"), ("text", "3")])
    assert "Chi bộ họp ngày nào trong tháng 11/2026?" in said[-1], said[-1]
    assert await chat.say("chi", typed) == CANCELLED
