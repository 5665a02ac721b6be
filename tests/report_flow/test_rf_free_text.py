"""Free text where the report asks whether an upper-level committee member attended, who, and
a topic session's title: small talk and questions are answered beside the report (its question
again, nothing taken), a hedge is asked again, «không nhớ tên» is someone who attended, name
unknown, and «có đồng chí Hùng» is «Hùng». Before, «khong nho ten» was stored as «Không»,
«alo co ai khong», «hinh nhu co» and «co dong chi Hung» as the name (and exported so), and
«cho hoi chuyen de quy nay hoc gi vay?» as the topic's title."""

from __future__ import annotations

import pytest
from rf_world import World, exchange

from handlers.reporting.asked import asks_in_words

UPPER = "Có đồng chí cấp ủy cấp trên dự không?"
WHO = "Đồng chí cấp ủy cấp trên nào dự họp?"
KEPT = "Những gì đồng chí đã nhập vẫn được giữ"
RESOLUTION = "Chi bộ có ra nghị quyết không?"


async def at_upper(world: World) -> None:
    said = await exchange(world.chat, "chi", [("text", "/baocao"), ("text", "1")])
    assert UPPER in said[-1]


async def summary_upper(world: World) -> str:
    said = await exchange(world.chat, "chi", [("text", "1"), ("text", "1")])
    return next(line for line in said[-1].splitlines() if line.startswith("Cấp ủy cấp trên dự"))


async def test_small_talk_at_upper_is_answered_beside(world: World) -> None:
    chat = world.chat
    await at_upper(world)
    replies = await chat.send("chi", "alo co ai khong")
    said = "\n".join(r.text for r in replies)
    assert "Chào đồng chí" in replies[0].text and KEPT in said and UPPER in replies[-1].text
    assert RESOLUTION in await chat.say("chi", "2")
    assert await summary_upper(world) == "Cấp ủy cấp trên dự: Không"


async def test_a_hedge_is_asked_again(world: World) -> None:
    chat = world.chat
    await at_upper(world)
    said = await chat.say("chi", "hinh nhu co")
    assert "«hinh nhu co»: đồng chí trả lời cho chắc" in said and UPPER in said
    assert "không nhớ tên" in said
    assert RESOLUTION in await chat.say("chi", "khong nho ten")  # no name asked
    assert await summary_upper(world) == "Cấp ủy cấp trên dự: Có"


@pytest.mark.parametrize("typed", ["khong nho ten", "không biết tên", "co nhung quen ten"])
async def test_a_name_not_remembered_is_someone_who_attended(world: World, typed: str) -> None:
    await at_upper(world)
    assert RESOLUTION in await world.chat.say("chi", typed)
    assert await summary_upper(world) == "Cấp ủy cấp trên dự: Có"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("co dong chi Hung", "Hung"),
        ("Có đồng chí Hùng", "Hùng"),
        ("có, đ/c Trần Thị Mai", "Trần Thị Mai"),
        ("đồng chí Nguyễn Văn Hùng", "Nguyễn Văn Hùng"),
    ],
)
async def test_the_words_before_a_name_are_taken_off(world: World, typed: str, name: str) -> None:
    await at_upper(world)
    assert RESOLUTION in await world.chat.say("chi", typed)
    assert await summary_upper(world) == f"Cấp ủy cấp trên dự: Có ({name})"


@pytest.mark.parametrize("typed", ["có dự", "co chu", "có tham dự", "có nhưng về sớm"])
async def test_a_yes_said_in_words_is_no_name(world: World, typed: str) -> None:
    """After a bare «có», lower-case words are no name: yes, and who it was is asked."""
    chat = world.chat
    await at_upper(world)
    assert WHO in await chat.say("chi", typed)
    assert RESOLUTION in await chat.say("chi", "Lê Văn Nam")
    assert await summary_upper(world) == "Cấp ủy cấp trên dự: Có (Lê Văn Nam)"


async def test_at_the_name_question_a_question_is_no_name(world: World) -> None:
    chat = world.chat
    await at_upper(world)
    assert WHO in await chat.say("chi", "1")
    replies = await chat.send("chi", "cho hoi ai du vay?")
    assert KEPT in "\n".join(r.text for r in replies) and WHO in replies[-1].text
    said = await chat.say("chi", "hinh nhu anh Hung")
    assert "Đồng chí gõ họ tên đồng chí cấp trên đã dự" in said
    assert RESOLUTION in await chat.say("chi", "khong nho ten")
    assert await summary_upper(world) == "Cấp ủy cấp trên dự: Có"


async def test_a_question_at_the_title_is_no_title(world: World) -> None:
    chat = world.chat
    await exchange(chat, "chi", [("text", t) for t in ("/baocao", "1", "2", "1", "1")])
    await exchange(chat, "chi", [("text", "2"), ("text", "Hình thức sinh hoạt")])
    assert "Tên chuyên đề?" in await chat.say("chi", "2")  # combined with a topic session
    replies = await chat.send("chi", "cho hoi chuyen de quy nay hoc gi vay?")
    said = "\n".join(r.text for r in replies)
    assert KEPT in said and "Tên chuyên đề?" in replies[-1].text
    said = await chat.say("chi", "Học tập Nghị quyết 57")
    assert "Chuyên đề: Học tập Nghị quyết 57" in said and "cho hoi" not in said


@pytest.mark.parametrize(
    "text",
    [
        "cho hoi chuyen de quy nay hoc gi vay?",
        "xin hỏi chuyên đề nào?",
        "alo co ai khong",
        "chuyên đề quý này là gì?",
        "cấp ủy nào dự họp",
        "dong chi nao den vay",
    ],
)
def test_questions_in_words(text: str) -> None:
    assert asks_in_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "Học tập Nghị quyết 57",
        "Nâng cao chất lượng sinh hoạt chi bộ như thế nào cho hiệu quả",
        "Anh Hùng",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Lê Văn Nào, Phó Bí thư Đảng ủy",
        "Nguyễn Thị Mây phó bí thư",
        "Lê Văn Náo dự",
    ],
)
def test_titles_and_names(text: str) -> None:
    assert not asks_in_words(text)
