"""A plan question typed where the report or the figures wait for a number: answered as any
question is, then the same question again; nothing entered is lost and nothing is read from
the question (before, «kết nạp 9 đảng viên mỗi năm đúng không» set the roll to 9, and «... năm
2025 là bao nhiêu» was refused as an unreadable number). Figures typed the usual ways still
answer."""

from __future__ import annotations

import pytest
from rf_world import World, last_choices

from handlers.reporting.asked import asks_instead
from handlers.reporting.numbers import parse_count

PRESENT = "Có mặt bao nhiêu đồng chí (trên 18)?"
KEPT = "Những gì đồng chí đã nhập vẫn được giữ"
QUESTION = "chi tieu ket nap dang vien nam 2025 la bao nhieu"


async def at_the_present_count(world: World) -> None:
    said = [await world.chat.say("chi", typed) for typed in ("/baocao", "2")]
    assert PRESENT in said[-1]


async def test_a_plan_question_at_the_count_is_answered_and_the_count_asked_again(
    world: World,
) -> None:
    chat = world.chat
    await at_the_present_count(world)
    replies = await chat.send("chi", QUESTION)
    said = "\n".join(r.text for r in replies)
    assert "Không đọc được số" not in said
    assert "kết nạp" in replies[0].text and "KH 15-KH/ĐU" in replies[0].text  # the plan's answer
    assert all(not r.choices for r in replies[:-1])  # only the report's question offers any
    assert KEPT in said and PRESENT in replies[-1].text
    assert last_choices(replies) == ["Đủ 18/18", "Số đảng viên đã thay đổi"]
    assert "Vắng 2" in await chat.say("chi", "16")  # the report goes on where it was


async def test_a_question_asked_with_hoi_keeps_the_report(world: World) -> None:
    chat = world.chat
    await at_the_present_count(world)
    replies = await chat.send("chi", f"/hoi {QUESTION}")
    said = "\n".join(r.text for r in replies)
    assert "đã bỏ" not in said  # before: «Báo cáo đang làm dở đã bỏ»
    assert "kết nạp" in replies[0].text and all(not r.choices for r in replies[:-1])
    assert KEPT in said and PRESENT in replies[-1].text
    assert "Vắng 2" in await chat.say("chi", "16")


async def test_a_question_with_a_figure_in_it_is_not_read_as_the_report(world: World) -> None:
    chat = world.chat
    await at_the_present_count(world)
    said = await chat.say("chi", "ket nap 9 dang vien moi nam dung khong")
    assert KEPT in said and "Đã đọc từ dòng" not in said
    assert PRESENT in said  # the roll is still 18, not 9


@pytest.mark.parametrize(
    ("typed", "next_question"),
    [
        ("12", "Vắng 6."),
        ("12 nguoi", "Vắng 6."),
        ("co 12 dong chi du", "Vắng 6."),
        ("12 người có mặt", "Vắng 6."),
        ("12/15", "chi bộ có 15 đảng viên; trước nay là 18. Số nào đúng?"),  # 12 of 15
    ],
)
async def test_a_count_typed_the_usual_ways_answers(
    world: World, typed: str, next_question: str
) -> None:
    await at_the_present_count(world)
    said = await world.chat.say("chi", typed)
    assert next_question in said and KEPT not in said


async def test_a_plan_question_at_a_figure_is_answered_and_the_figure_asked_again(
    world: World,
) -> None:
    chat = world.chat
    await chat.say("chi", "/solieu")
    assert "Kết nạp đảng viên mới?" in await chat.say("chi", "Số liệu tháng 11/2026")
    replies = await chat.send("chi", QUESTION)
    said = "\n".join(r.text for r in replies)
    assert "KH 15-KH/ĐU" in said and KEPT in said and "Không đọc được số" not in said
    assert "Kết nạp đảng viên mới?" in replies[-1].text
    assert "Công nhận đảng viên chính thức?" in await chat.say("chi", "co 2 nguoi")


@pytest.mark.parametrize(
    "text",
    [
        QUESTION,
        "Chỉ tiêu kết nạp đảng viên năm 2025 là bao nhiêu?",
        "ket nap 9 dang vien moi nam dung khong",
        "đảng viên vắng 3 tháng thì sao?",
        "ai chủ trì buổi họp tháng này?",
        "cấp ủy nào dự họp",
        "cap uy nao du hop vay",
    ],
)
def test_questions(text: str) -> None:
    assert asks_instead(text)


@pytest.mark.parametrize(
    "text",
    [
        "12",
        "12 nguoi",
        "co 12 dong chi du",
        "12/15",
        "khong ai vang",
        "khong co gi",
        "đủ",
        "chưa họp",
        "co mat 16, vang 2",
        "12 nguoi a?",
        "Khá",
        # «nào», «mấy» after «không» answer (none); «Mây», «Nào» may be names
        "Không có đồng chí nào",
        "không ra nghị quyết nào",
        "không đồng chí nào vắng",
        "đồng chí nào cũng dự",
        "Mây",
        # «mấy» mid-sentence answers as often as it asks; «máy», «mây» fold the same
        "có, nhưng mấy đồng chí đến muộn",
        "Tốt, mấy đồng chí phát biểu sôi nổi",
        "hoãn vì mấy đồng chí đi công tác",
        "Nghị quyết về máy móc nông nghiệp",
    ],
)
def test_answers(text: str) -> None:
    assert not asks_instead(text)


@pytest.mark.parametrize("text", ["2 vắng", "có 2 đồng chí vắng mặt"])
def test_a_count_of_absent_people_is_no_count_of_those_present(text: str) -> None:
    assert not isinstance(parse_count(text), int)


async def test_a_name_that_folds_to_a_question_word_is_taken(world: World) -> None:
    chat = world.chat
    for typed in ("/baocao", "1", "1"):  # November, held as planned, all present
        said = await chat.say("chi", typed)
    assert "cấp ủy cấp trên" in said
    said = await chat.say("chi", "Nguyễn Thị Mây")  # who attended, typed at the question
    assert KEPT not in said and "Chưa tìm thấy" not in said, said
    assert "nghị quyết" in said  # the next question


async def test_chibo_with_a_name_no_cell_has_keeps_the_report(world: World) -> None:
    """«/chibo thon 3» mid-report (a secretary sees only her own cell): said, nothing asked,
    the report kept; it dropped the report to ask for the name again."""
    chat = world.chat
    await at_the_present_count(world)
    replies = await chat.send("chi", "/chibo thon 9")
    said = "\n".join(r.text for r in replies)
    assert "Không có chi bộ nào tên «thon 9»" in said and "đã bỏ" not in said
    assert KEPT in said and PRESENT in replies[-1].text
    assert "Vắng 2" in await chat.say("chi", "16")
