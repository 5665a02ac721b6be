"""Answers that would store wrong data, as an outside audit typed them: a meeting counted in two
months, a roll or a figure no cell has, a command taken for a topic's title or a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rf_world import World, exchange, last_choices
from sqlmodel import select

from storage.models import Cell, FigureRecord, MeetingReport


async def _reports(world: World) -> list[MeetingReport]:
    async with world.database.transaction() as session:
        return list((await session.exec(select(MeetingReport))).all())


async def _on_first_of_december(world: World) -> None:
    world.clock.advance(timedelta(days=7))  # Tuesday 01/12/2026, 09:00 in Hà Nội


async def test_last_months_meeting_is_not_dated_in_this_month(world: World) -> None:
    """On 01/12 November's report takes no day of December ("hôm nay" was stored as 01/12 for
    November, and the same meeting then again for December); the question offers only the
    shortcuts that fall in November and says which days to type."""
    await _on_first_of_december(world)
    chat = world.chat
    replies = await chat.send("chi", "/baocao")
    assert "tháng 11/2026" in last_choices(replies)[0]
    said = await chat.say("chi", "1")
    said = await chat.say("chi", "3")  # held on another day
    assert "Chi bộ họp ngày nào trong tháng 11/2026? (ví dụ 30/11)" in said
    replies = await chat.send("chi", "hom nay")
    said = replies[-1].text
    assert "Ngày 01/12/2026 (thứ Ba) thuộc tháng 12/2026" in said
    assert "từ 01/11/2026 đến 30/11/2026" in said and "«chưa họp»" in said
    assert [c.keyword for c in replies[-1].choices] == ["hôm qua"]  # 30/11, not «hôm nay»
    said = await chat.say("chi", "01/12")
    assert "thuộc tháng 12/2026" in said
    said = await chat.say("chi", "hôm qua")
    assert "Có mặt bao nhiêu đồng chí" in said
    await exchange(chat, "chi", [("text", t) for t in ("đủ", "2", "1", "1", "1")])
    [row] = await _reports(world)
    assert (row.period, str(row.meeting_date)) == ("2026-11", "2026-11-30")


async def test_not_held_in_a_month_that_is_over_asks_no_new_date(world: World) -> None:
    """«Chưa họp» for November on 01/12: no day of November is left, so no new date is asked
    (every date was refused before: "từ 01/12/2026 đến 30/11/2026"); «chưa họp» typed at the
    date question says the same; a reason of a number alone is asked again in words."""
    await _on_first_of_december(world)
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1"), ("text", "3")])
    said = await chat.say("chi", "chưa họp")  # at «họp ngày nào»
    assert "Vì sao chưa họp?" in said
    said = await chat.say("chi", "1")
    assert "Đồng chí ghi lý do bằng vài chữ" in said
    said = await chat.say("chi", "bận mùa vụ")
    assert "Chưa họp. Lý do: bận mùa vụ" in said
    assert "Ngày họp mới" not in said and "Đồng chí gửi báo cáo chứ?" in said
    replies = await chat.send("chi", "2")  # change an answer
    assert "Ngày họp mới" in last_choices(replies)  # listed, but a month over cannot move
    said = await chat.say("chi", "Ngày họp mới")
    assert "Tháng 11/2026 đã qua" in said and "Đồng chí muốn sửa mục nào?" in said
    await chat.say("chi", "/huy")


async def test_a_not_held_meeting_in_a_running_month_still_asks_its_new_date(
    world: World,
) -> None:
    chat = world.chat  # 24/11: November still runs
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "4")])  # not held
    said = await chat.say("chi", "bận mùa vụ")
    assert "Đã có ngày họp mới chưa?" in said
    said = await chat.say("chi", "chưa")
    assert "Ngày họp mới: chưa có" in said


async def test_a_command_or_a_yes_is_no_topic_title(world: World) -> None:
    """"bao cao" (the word form of /baocao), "ok" or "12" at «Tên chuyên đề?» are asked
    again, never stored as the title officers read."""
    chat = world.chat
    await exchange(chat, "chi", [("text", t) for t in ("/baocao", "1", "2", "1", "1")])
    await exchange(chat, "chi", [("text", "2"), ("text", "Hình thức sinh hoạt")])
    said = await chat.say("chi", "2")  # combined with a topic session
    assert "Tên chuyên đề?" in said
    said = await chat.say("chi", "bao cao")  # the command again: the draft goes on
    assert "Báo cáo đang làm dở vẫn được giữ nguyên" in said and "Tên chuyên đề?" in said
    for typed in ("ok", "12", "có", "xem lich"):
        said = await chat.say("chi", typed)
        assert "Đồng chí gõ tên chuyên đề (ví dụ «Học tập Nghị quyết 57»)" in said, typed
    said = await chat.say("chi", "Hoc tap NQ 57")
    assert "Chuyên đề: Hoc tap NQ 57" in said


async def test_a_roll_no_cell_has_is_refused_and_a_far_one_confirmed(world: World) -> None:
    """100000 members is refused with the bound (the commune's attendance became 100%); a
    roll far from the one so far (18 → 180) is said back before it changes the cell's roll."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    said = await chat.say("chi", "đổi")
    assert "Chi bộ có bao nhiêu đảng viên" in said
    said = await chat.say("chi", "100000")
    assert "nhiều hơn mọi chi bộ (tối đa 500)" in said
    said = await chat.say("chi", "180")  # said back at once, before the exempted count
    assert "chi bộ có 180 đảng viên; trước nay là 18. Số nào đúng?" in said
    said = await chat.say("chi", "2")  # still 18
    assert "miễn sinh hoạt" in said
    said = await chat.say("chi", "0")  # exempted
    assert "Đảng viên 18, miễn sinh hoạt 0" in said
    said = await chat.say("chi", "/huy")


@pytest.mark.parametrize(("typed", "roll"), [("18", 18), ("180", 180), ("1", 180), ("2", 18)])
async def test_the_roll_asked_back_is_picked_by_its_figure_too(
    world: World, typed: str, roll: int
) -> None:
    """«Số nào đúng? 1. Nay là 180 đảng viên 2. Vẫn là 18»: people type the figure they mean
    («18»), which was refused «Không có lựa chọn số 18»; 1 and 2 stay the choices."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2"), ("text", "đổi")])
    said = await chat.say("chi", "180")
    assert "Số nào đúng?" in said
    said = await chat.say("chi", typed)
    assert "miễn sinh hoạt" in said and "Không có lựa chọn" not in said
    said = await chat.say("chi", "0")
    assert f"Đảng viên {roll}, miễn sinh hoạt 0" in said
    await chat.say("chi", "/huy")


async def test_a_one_line_report_with_a_roll_no_cell_has_is_refused(world: World) -> None:
    chat = world.chat
    said = await chat.say("chi", "/baocao 99999/100000")
    assert "nhiều hơn mọi chi bộ (tối đa 500)" in said
    await chat.say("chi", "/huy")
    assert await _reports(world) == []


async def _figures(world: World) -> dict[str, int | None]:
    async with world.database.transaction() as session:
        rows = (await session.exec(select(FigureRecord))).all()
    return {r.key: r.number for r in rows}


async def test_unusual_figures_are_said_back_before_they_count(world: World) -> None:
    """50 admissions in a cell of 18, or dues of 2 đồng, are asked to be confirmed: «2» types
    it again, a new value typed at once replaces it, «1» keeps it."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/solieu"), ("text", "1")])
    said = await chat.say("chi", "50")
    assert "Kết nạp đảng viên mới: 50 người, nhiều hơn số đảng viên của chi bộ (18)" in said
    said = await chat.say("chi", "2")  # type it again
    assert "Kết nạp đảng viên mới? Đồng chí gõ số" in said
    said = await chat.say("chi", "50")
    said = await chat.say("chi", "hai")  # «Nhập lại», said in words
    assert "Kết nạp đảng viên mới? Đồng chí gõ số" in said
    said = await chat.say("chi", "40")
    said = await chat.say("chi", "1 người")  # a new value typed at once
    assert "Kết nạp đảng viên mới" not in said.splitlines()[-1]
    while "Đảng phí đã thu (đồng)?" not in said:
        said = await chat.say("chi", "0")
    said = await chat.say("chi", "2")
    assert "Đảng phí đã thu: 2 đồng? Số tiền rất nhỏ" in said
    said = await chat.say("chi", "2 triệu")
    assert "- Đảng phí đã thu: 2.000.000 đồng" in said
    assert "- Kết nạp đảng viên mới: 1 người" in said
    said = await chat.say("chi", "1")
    stored = await _figures(world)
    assert stored["admissions"] == 1 and stored["dues_collected"] == 2_000_000


async def test_an_unusual_figure_confirmed_is_kept(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", "/solieu"), ("text", "1")])
    said = await chat.say("chi", "20")  # a school cell may take in a class of graduates
    assert "20 người, nhiều hơn số đảng viên của chi bộ (18)" in said
    said = await chat.say("chi", "1")
    while "Đảng phí đã thu (đồng)?" not in said:
        said = await chat.say("chi", "0")
    said = await chat.say("chi", "1,5 triệu")  # ordinary: no question
    assert "- Kết nạp đảng viên mới: 20 người" in said
    await chat.say("chi", "1")
    assert (await _figures(world))["admissions"] == 20


async def _november_sent_on_first_of_december(world: World) -> None:
    await _on_first_of_december(world)
    steps = ("/baocao", "1", "3", "hom qua", "đủ", "2", "1", "1", "1")
    await exchange(world.chat, "chi", [("text", t) for t in steps])


async def test_a_topic_session_counts_for_the_month_it_is_held_in(world: World) -> None:
    """Offered once November's meeting is reported (named by its quarter and planned month), a
    topic session held on 01/12 is December's: it was stored as November's before, or refused
    once dates kept to the month; one held on 25/11 stays November's."""
    await _november_sent_on_first_of_december(world)
    chat = world.chat
    replies = await chat.send("chi", "/baocao")
    labels = last_choices(replies)
    assert [label for label in labels if "chuyên đề" in label] == [
        "Sinh hoạt chuyên đề quý IV/2026 (dự kiến tháng 10/2026)"
    ]
    await chat.say("chi", "1")
    said = await chat.say("chi", "1")  # held
    assert "Chi bộ họp ngày nào?" in said
    said = await chat.say("chi", "hôm nay")
    assert "sinh hoạt chuyên đề quý IV/2026 (tháng 12/2026)" in said
    assert "Tên chuyên đề?" in said
    await exchange(chat, "chi", [("text", t) for t in ("Hoc tap NQ 57", "đủ", "2", "1", "1")])
    said = await chat.say("chi", "1")
    rows = {(r.period, r.slot): r for r in await _reports(world)}
    topic = rows[("2026-12", "topic")]
    assert str(topic.meeting_date) == "2026-12-01" and ("2026-11", "topic") not in rows


async def test_a_topic_session_in_the_offered_month_stays_there(world: World) -> None:
    await _november_sent_on_first_of_december(world)
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1"), ("text", "1")])
    said = await chat.say("chi", "25/11")
    assert "(tháng 11/2026)" in said and "Tên chuyên đề?" in said
    said = await chat.say("chi", "/huy")


async def test_one_word_at_the_upper_level_question_is_no_name(world: World) -> None:
    """«Có đồng chí cấp ủy cấp trên dự không?»: "bận" or "bao cao" were stored as who
    attended; a name of two words or more still is."""
    chat = world.chat
    said = await chat.say("chi", "/baocao")
    said = await chat.say("chi", "1")
    assert "cấp ủy cấp trên" in said
    for typed in ("bận", "bao cao"):
        said = await chat.say("chi", typed)
        assert "Đồng chí trả lời Có hoặc Không" in said or "gõ tên" in said, typed
        assert "cấp ủy cấp trên" in said
    # a bare name is still no answer, but the refusal says how to give it
    said = await chat.say("chi", "Hùng")
    assert "«Hùng»: nếu đây là tên" in said and "«đồng chí Hùng»" in said
    said = await chat.say("chi", "Đ/c Hùng")
    assert "Chi bộ có ra nghị quyết không?" in said
    await exchange(chat, "chi", [("text", "1"), ("text", "1"), ("text", "1")])
    [row] = await _reports(world)
    assert row.upper_name == "Hùng"  # «Đ/c» taken off


async def test_a_quarter_with_its_topic_session_held_offers_another_only_when_asked(
    world: World,
) -> None:
    """November's meeting combined with the topic session: on 01/12 /baocao offers no other
    topic session of quarter IV (two were offered, for November and December); «/baocao quý 4»
    typed as people write it still does."""
    chat = world.chat
    await exchange(chat, "chi", [("text", t) for t in ("/baocao", "1", "2", "1", "1", "2")])
    await exchange(chat, "chi", [("text", "Hình thức sinh hoạt"), ("text", "2")])
    said = await chat.say("chi", "Hoc tap NQ 57")
    assert "Chuyên đề: Hoc tap NQ 57" in said
    await chat.say("chi", "1")
    await exchange(chat, "chi", [("text", t) for t in ("/baocao", "1", "3", "hôm nay")])
    await exchange(chat, "chi", [("text", t) for t in ("đủ", "2", "1", "1", "1")])
    await _on_first_of_december(world)
    replies = await chat.send("chi", "/baocao")
    assert not any("chuyên đề" in label for label in last_choices(replies))
    await chat.send("chi", "/huy")
    replies = await chat.send("chi", "/baocao quý IV")
    assert any("Sinh hoạt chuyên đề quý IV/2026" in label for label in last_choices(replies))
    await chat.send("chi", "/huy")


async def test_a_cell_whose_own_roll_is_large_still_reports(world: World) -> None:
    """A roll above the bound set by an administrator (a large agency cell) is the cell's own:
    only a roll typed is refused; the report goes through (it looped before)."""
    async with world.database.transaction() as session:
        cell = await session.get(Cell, world.cells["Chi bộ Thôn 1"].id)
        assert cell is not None
        cell.members_on_roll = 600
        session.add(cell)
    chat = world.chat
    replies = await chat.send("chi", "/baocao")
    assert "Đã họp đúng lịch, đủ 600/600" in last_choices(replies)
    await exchange(chat, "chi", [("text", t) for t in ("2", "590", "5", "2", "1", "1")])
    said = await chat.say("chi", "1")
    assert "Đã ghi báo cáo" in said
    [row] = await _reports(world)
    assert (row.on_roll, row.present) == (600, 590)


async def test_a_number_with_a_comma_at_the_held_question_is_no_date(world: World) -> None:
    """«18,» at «Chi bộ đã họp chưa?» was stored as the meeting date 18/11, unsaid."""
    chat = world.chat
    await chat.say("chi", "/baocao")
    said = await chat.say("chi", "18,")
    assert "Ngày họp" not in said and "Chi bộ đã họp chưa?" in said


async def test_one_in_words_at_the_present_question_is_asked_back(world: World) -> None:
    """«mot» or «hai» at «Có mặt bao nhiêu đồng chí?» may mean the first shortcut, as "1"
    does: asked back (1/18 was stored); «2 người» is taken."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "2")])
    said = await chat.say("chi", "mot")
    assert "Chỉ 1/18 đồng chí có mặt? «mot» cũng có thể là một lựa chọn" in said
    said = await chat.say("chi", "hai")
    assert "Chỉ 2/18 đồng chí có mặt?" in said


async def test_a_name_that_is_a_number_word_is_not_a_choice(world: World) -> None:
    """«Hai» (anh Hai) at «Có đồng chí cấp ủy cấp trên dự không?» was taken as choice 2,
    «Không»: among two choices a number word is no choice."""
    chat = world.chat
    await exchange(chat, "chi", [("text", "/baocao"), ("text", "1")])
    said = await chat.say("chi", "Hai")
    assert "«Hai»: nếu đây là tên" in said and "gõ «đồng chí Hai»" in said
    said = await chat.say("chi", "anh Hai")
    assert "Chi bộ có ra nghị quyết không?" in said


async def test_a_yes_to_send_it_sends(world: World) -> None:
    """«ok», «có» to «Đồng chí gửi báo cáo chứ?» or «Đồng chí gửi chứ?» send (they were asked
    to type a number)."""
    chat = world.chat
    said = ""
    for typed in ("/baocao", "1", "2", "1", "1"):
        said = await chat.say("chi", typed)
    assert "Đồng chí gửi báo cáo chứ?" in said
    said = await chat.say("chi", "ok")
    assert "Đã ghi báo cáo sinh hoạt chi bộ tháng 11/2026" in said
    said = await chat.say("chi", "/solieu")
    said = await chat.say("chi", "1")
    while "Gửi số liệu" not in said and "gửi chứ?" not in said:
        said = await chat.say("chi", "0")
    said = await chat.say("chi", "dung roi")
    assert "Đã ghi số liệu tháng 11/2026" in said
