"""What officers (and the secretary) read of a cell's month: warnings true at the time of reading,
each date said once and for which report."""

from __future__ import annotations

from rf_world import World, exchange

SEPARATE = ["1", "1", "hôm qua", "Chuyển đổi số", "đủ", "2", "2", "1", "1"]


async def test_a_topic_session_reported_later_clears_the_quarter_warning(world: World) -> None:
    chat = world.chat
    said = await exchange(chat, "chi", [("text", "/baocao 17/18 vkl 1 ct khong nq co xl tot"),
                                        ("text", "1")])
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said[-1]
    before = await chat.say("binh", "/tonghop 11/2026")
    # true when it was sent
    assert "⚠ có vắng không lý do, chưa sinh hoạt chuyên đề trong quý" in before
    said = await exchange(chat, "chi", [("text", t) for t in ["/baocao", *SEPARATE]])
    assert "Đã ghi báo cáo sinh hoạt chuyên đề quý IV/2026" in said[-1]
    for user, command in (("binh", "/tonghop 11/2026"), ("chi", "/chibo")):
        text = await chat.say(user, command)
        line = next(x for x in text.split("\n") if x.startswith(("- Chi bộ Thôn 1:", "- 11/2026")))
        assert "⚠ có vắng không lý do" in line and "chưa sinh hoạt chuyên đề" not in line, line
        assert "sinh hoạt chuyên đề thứ Hai 23/11/2026" in line, line
    history = await chat.say("chi", "/chibo")
    assert (
        "(sinh hoạt thường kỳ: gửi thứ Ba 24/11/2026; sinh hoạt chuyên đề: gửi thứ Ba 24/11/2026)"
        in history
    ), history
