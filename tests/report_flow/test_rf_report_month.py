"""/baocao for a month, typed with or without its slash («báo cáo tháng 11», «bc»): the month's
meeting at once, not the list of open months; a plan question holding «báo cáo» stays one."""

from __future__ import annotations

from datetime import date, timedelta

from rf_world import World, last_choices

from handlers.typed_commands import command_with_period

HELD = "Chi bộ đã họp chưa?"
WHICH = "Đồng chí báo cáo buổi sinh hoạt nào?"


async def test_the_report_of_a_month_typed_in_words_or_after_the_command(world: World) -> None:
    chat = world.chat
    world.clock.advance(timedelta(days=8))  # 02/12: November's and December's reports open
    for typed in ("bc", "báo cáo", "bao cao"):
        replies = await chat.send("chi", typed)
        assert WHICH in replies[-1].text and len(last_choices(replies)) == 2, typed
        await chat.send("chi", "/huy")
    for typed in ("bao cao thang 11", "báo cáo tháng 11/2026", "/baocao thang 11", "bc t11"):
        replies = await chat.send("chi", typed)
        said = replies[-1].text
        assert "tháng 11/2026" in said and HELD in said, typed
        await chat.send("chi", "/huy")
    said = await chat.say("chi", "bao cao thang 9")  # closed: says until when it was open
    assert "Báo cáo tháng 09/2026 chỉ gửi, sửa được đến hết ngày 10/10/2026" in said
    assert "Không có tháng 13" in await chat.say("chi", "/baocao tháng 13")
    said = await chat.say("chi", "ai phải báo cáo kết quả cho huyện")  # a plan question
    assert HELD not in said and WHICH not in said


def test_only_the_whole_message_with_a_month_or_quarter_is_the_report() -> None:
    today = date(2026, 12, 2)
    assert command_with_period("báo cáo tháng 11", today) == ("baocao", "tháng 11")
    assert command_with_period("bc quy 4", today) == ("baocao", "quy 4")
    assert command_with_period("bao cao nam 2026", today) is None  # no year's report
    assert command_with_period("báo cáo kết quả cho huyện tháng 11", today) is None
    assert command_with_period("bao cao tong hop thang 11", today) == ("tonghop", "thang 11")
