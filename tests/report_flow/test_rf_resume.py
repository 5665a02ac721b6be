"""The same command again in the middle of its draft (resent on Zalo when the bot seems stuck,
or the next morning) goes on with the draft: what was entered is kept and the pending question
asked again; nothing is dropped, nothing is sent."""

from __future__ import annotations

from datetime import timedelta

from rf_world import World, exchange, last_choices, rows
from sqlmodel import select

from core.limits import MESSAGES_PER_WINDOW
from storage.models import FigureRecord, MeetingReport

KEPT = "Báo cáo đang làm dở vẫn được giữ"
SENT = "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026"
FAST = "Đồng chí đang gửi tin nhắn quá nhanh"



async def at_summary(world: World) -> None:
    """Chi's report of November typed up to «Đồng chí gửi báo cáo chứ?»."""
    said = await exchange(world.chat, "chi", [("text", t) for t in ("/baocao", "1", "2", "1", "1")])
    assert "Đồng chí gửi báo cáo chứ?" in said[-1]


async def test_baocao_again_mid_report_keeps_the_answers_and_asks_again(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])  # held, some absent
    replies = await chat.send("chi", "/baocao")
    said = "\n".join(r.text for r in replies)
    assert KEPT in said and "/huy" in said
    assert "Đã họp sinh hoạt" not in said  # not the first menu again
    assert "- Ngày họp: 03/11/2026 (thứ Ba)" in said  # what is kept
    assert "Có mặt bao nhiêu đồng chí" in replies[-1].text  # the pending question
    said = await chat.say("chi", "15")
    assert "Vắng 3" in said  # the draft went on where it stopped


async def test_bao_cao_in_words_at_the_summary_resumes_and_sends_nothing(world: World) -> None:
    chat = world.chat
    await at_summary(world)
    for typed in ("bao cao", "/baocao", "báo cáo"):
        replies = await chat.send("chi", typed)
        assert KEPT in replies[0].text
        assert "Đồng chí gửi báo cáo chứ?" in replies[-1].text
        assert last_choices(replies)[0] == "Gửi báo cáo"
        assert await rows(world, MeetingReport) == []
    assert SENT in await chat.say("chi", "1")


async def test_the_send_choice_by_its_whole_label_still_sends(world: World) -> None:
    await at_summary(world)
    assert SENT in await world.chat.say("chi", "gui bao cao")


async def test_baocao_with_a_line_starts_again_and_says_the_draft_was_dropped(
    world: World,
) -> None:
    chat = world.chat
    await at_summary(world)
    said = await chat.say("chi", "/baocao 17/18 ct khong nq co xl tot")
    assert "Báo cáo đang làm dở đã bỏ, chưa lưu gì." in said
    assert "Đã đọc từ dòng đồng chí gửi" in said and "vắng không lý do?" in said


async def test_solieu_again_mid_figures_keeps_the_ratings(world: World) -> None:
    chat = world.chat
    await chat.send("chi", "/solieu")
    await chat.send("chi", "Xếp loại năm 2026")
    for answer in ["5", "10", "2", "1", "httnv"]:
        said = await chat.say("chi", answer)
    assert "Đồng chí gửi chứ?" in said
    for typed in ("/solieu", "so lieu"):
        replies = await chat.send("chi", typed)
        assert "Số liệu đang làm dở vẫn được giữ" in replies[0].text
        assert "- Xếp loại chi bộ: Hoàn thành tốt nhiệm vụ" in replies[-1].text
        assert "Đồng chí gửi chứ?" in replies[-1].text
        assert replies[-1].choices
    assert "Đã ghi số liệu năm 2026." in await chat.say("chi", "1")
    async with world.database.transaction() as session:
        assert (await session.exec(select(FigureRecord))).all()


async def test_an_answer_lost_to_the_rate_limit_costs_nothing(world: World) -> None:
    """ "1" (send) refused as one message too many, then /baocao again: the draft is there,
    its question asked again, and "1" sends it."""
    chat, clock = world.chat, world.clock
    clock.set(clock.now().replace(minute=0, second=0, microsecond=0))
    await at_summary(world)
    for _ in range(MESSAGES_PER_WINDOW - 5):  # with the five answers: the minute is full
        await chat.send("chi", "/trogiup")
    refused = await chat.send("chi", "1")
    assert len(refused) == 1 and refused[0].text.startswith(FAST)
    assert await rows(world, MeetingReport) == []
    clock.advance(timedelta(minutes=1))
    replies = await chat.send("chi", "/baocao")
    assert KEPT in replies[0].text and "Đồng chí gửi báo cáo chứ?" in replies[-1].text
    assert SENT in await chat.say("chi", "1")


async def test_baocao_again_before_anything_is_answered_lists_nothing_entered(
    world: World,
) -> None:
    """At «held or not», the roll from the cell's record is no answer of hers: no «Đã nhập»."""
    chat = world.chat
    await chat.say("chi", "/baocao")
    replies = await chat.send("chi", "/baocao")
    said = "\n".join(r.text for r in replies)
    assert KEPT in said and "Đã nhập" not in said and "Đảng viên 18" not in said
    assert "Chi bộ đã họp chưa?" in replies[-1].text
