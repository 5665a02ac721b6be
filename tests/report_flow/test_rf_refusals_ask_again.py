"""Every refusal of an answer ends with the question still pending, so that the person sees
what to answer: before, /doilich said «Không đọc được ngày «thu 7 tuan nay»», «… đã qua»,
«Lý do dài quá» alone, and a message over the length limit was answered alone mid-report."""

from __future__ import annotations

import pytest
from rf_world import World, exchange, last_choices

DATE_ASKED = "Đồng chí gõ ngày mới, kèm giờ nếu đổi giờ"
REASON_ASKED = "Lý do đổi lịch là gì?"


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("thu 7 tuan nay", "Không đọc được ngày «thu 7 tuan nay»"),
        ("01/11", "đã qua"),
        ("25 gio", "«25 gio» không phải là giờ"),
    ],
)
async def test_a_date_refused_at_doilich_is_asked_again(
    world: World, typed: str, refusal: str
) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/doilich"), ("text", "2")])  # 03/12's
    assert DATE_ASKED in said[-1], said
    said = await chat.say("chi", typed)
    assert refusal in said and said.rstrip().endswith("19:30):"), said
    assert DATE_ASKED in said.splitlines()[-1]
    assert REASON_ASKED in await chat.say("chi", "07/12")  # the move goes on


async def test_a_reason_too_long_at_doilich_is_asked_again(world: World) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", t) for t in ("/doilich", "2", "07/12")])
    assert REASON_ASKED in said[-1]
    said = await chat.say("chi", "mưa bão " * 40)
    assert "Lý do dài quá" in said and REASON_ASKED in said.splitlines()[-1], said
    assert "Đã đổi lịch" in await chat.say("chi", "Mưa bão")


async def test_a_message_over_the_limit_mid_report_is_followed_by_the_question(
    world: World,
) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    assert "Có mặt bao nhiêu đồng chí" in said[-1]
    replies = await chat.send("chi", "a" * 5000)
    assert replies[0].text.startswith("Tin nhắn của đồng chí quá dài (5000 ký tự)")
    assert "Có mặt bao nhiêu đồng chí" in replies[-1].text
    assert last_choices(replies) == ["Đủ 18/18", "Số đảng viên đã thay đổi"]
    assert "Vắng 2" in await chat.say("chi", "16")
