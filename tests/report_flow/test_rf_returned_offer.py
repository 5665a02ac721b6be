"""A returned report's notice: its «1. Sửa báo cáo» opens that very report (not a list where
"1" is another month), survives /trogiup and /lich as a flow's question does, and the late list
gives the date the report itself gives."""

from __future__ import annotations

from datetime import UTC, datetime

from rf_world import World, last_choices

RETURNED = "Đảng ủy đã trả lại báo cáo sinh hoạt tháng 11/2026 của Chi bộ Thôn 1"
OPENED = "Đảng ủy đã trả lại báo cáo này để sửa: Số có mặt chưa đúng"


async def two_reports_one_returned(world: World) -> None:
    """On Tuesday 01/12/2026: chi reports November (held on 30/11) and December (held
    today), binh returns November."""
    chat = world.chat
    world.clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))  # 09:00 in Hà Nội
    for held in ("30/11", "hom nay"):  # the date in the line says the month
        said = await chat.say("chi", f"/baocao hop {held}, 18/18 ct khong nq co xl tot")
        assert "Đồng chí gửi báo cáo chứ?" in said
        assert "Đã ghi báo cáo" in await chat.say("chi", "1")
    await chat.say("binh", "/tonghop thang 11")
    await chat.send("binh", choice="return")
    await chat.say("binh", "1")
    await chat.say("binh", "Số có mặt chưa đúng")
    said = await chat.say("binh", "1")
    assert "Đã trả lại báo cáo sinh hoạt tháng 11/2026 của Chi bộ Thôn 1" in said
    assert RETURNED in world.chat.channel.to("chi")[-1].text


async def test_the_notice_choice_opens_the_returned_report(world: World) -> None:
    await two_reports_one_returned(world)
    said = await world.chat.say("chi", "1")
    assert "Đồng chí muốn sửa mục nào?" not in said
    assert OPENED in said and "tháng 11/2026" in said


async def test_the_notice_offer_survives_help_and_the_schedule(world: World) -> None:
    chat = world.chat
    await two_reports_one_returned(world)
    for command in ("/trogiup", "/lich"):
        replies = await chat.send("chi", command)
        assert RETURNED in replies[-1].text
        assert last_choices(replies) == ["Sửa báo cáo"]
    said = await chat.say("chi", "1")
    assert OPENED in said


async def test_the_late_list_gives_the_returned_report_date(world: World) -> None:
    await two_reports_one_returned(world)
    said = await world.chat.say("binh", "/chuabaocao thang 11")
    line = next(line for line in said.splitlines() if "Chi bộ Thôn 1" in line)
    assert "báo cáo ghi họp ngày 30/11/2026 (thứ Hai)" in line
    assert "03/11/2026" not in line


async def test_a_nudge_about_the_returned_report_opens_it(world: World) -> None:
    chat = world.chat
    await two_reports_one_returned(world)
    await chat.say("chi", "/huy")  # the return's notice no longer pending
    await chat.say("binh", "/chuabaocao thang 11")
    await chat.say("binh", "Nhắc ngay")
    nudge = world.chat.channel.to("chi")[-1]
    assert "bị trả lại để sửa" in nudge.text and [c.label for c in nudge.choices] == ["Sửa báo cáo"]
    said = await chat.say("chi", "1")
    assert OPENED in said and "Đồng chí muốn sửa mục nào?" not in said


async def test_the_notice_offer_survives_help_typed_in_words_and_ends_with_huy(
    world: World,
) -> None:
    """"tro giup" (how /trogiup is typed on Zalo) keeps the offer as /trogiup does; /huy
    dismisses it: "1" then answers nothing (it came back after every command for 7 days)."""
    chat = world.chat
    await two_reports_one_returned(world)
    replies = await chat.send("chi", "tro giup")
    assert RETURNED in replies[-1].text and last_choices(replies) == ["Sửa báo cáo"]
    replies = await chat.send("chi", "/huy")
    assert RETURNED not in replies[-1].text and not last_choices(replies)
    replies = await chat.send("chi", "/lich")
    assert RETURNED not in "\n".join(r.text for r in replies)


async def test_sua_typed_during_a_correction_goes_on_with_it(world: World) -> None:
    """The returned report is opened for correction (a report flow): /sua, its own command,
    goes on with it instead of dropping it («Báo cáo đang làm dở đã bỏ»)."""
    chat = world.chat
    await two_reports_one_returned(world)
    said = await chat.say("chi", "1")
    assert OPENED in said
    said = await chat.say("chi", "/sua")
    assert "đã bỏ" not in said and "vẫn được giữ nguyên" in said
